"""Reads of the internal-control plan: risks with their value, band and controls."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from styra.plans.models import Plan

from ..models import (
    Control,
    ControlFollowUp,
    ControlProcess,
    ControlRisk,
    InternalControlPlan,
    RiskAxis,
    RiskBand,
)


@dataclass
class ControlRow:
    control: Control
    follow_ups: list[ControlFollowUp]


@dataclass
class RiskRow:
    process: ControlProcess
    risk: ControlRisk
    probability_label: str
    consequence_label: str
    band: RiskBand | None
    follow_ups: list[ControlRow] = field(default_factory=list)

    @property
    def controls(self) -> list[Control]:
        return [c.control for c in self.follow_ups]


@dataclass
class ControlPlanTable:
    control_plan: InternalControlPlan
    bands: list[RiskBand]
    rows: list[RiskRow]
    occasions: list[int]


def control_plan_for(plan: Plan) -> InternalControlPlan | None:
    return InternalControlPlan.objects.filter(plan=plan).select_related("scale", "plan").first()


def band_for(bands: list[RiskBand], value: int) -> RiskBand | None:
    found = None
    for band in sorted(bands, key=lambda b: b.min_value):
        if value >= band.min_value:
            found = band
    return found


def control_plan_table(control_plan: InternalControlPlan) -> ControlPlanTable:
    """Every risk with its controls and their follow-ups, in plan order (fixed queries)."""
    scale = control_plan.scale
    labels = {(lv.axis, lv.value): lv.label for lv in scale.levels.all()}
    bands = list(scale.bands.order_by("min_value"))
    processes = ControlProcess.objects.filter(control_plan=control_plan).prefetch_related(
        Prefetch(
            "risks",
            queryset=ControlRisk.objects.order_by("order", "code").prefetch_related(
                Prefetch(
                    "controls",
                    queryset=Control.objects.order_by("order", "code").prefetch_related(
                        Prefetch(
                            "follow_ups", queryset=ControlFollowUp.objects.order_by("occasion")
                        )
                    ),
                )
            ),
        )
    )
    rows = []
    for process in processes.order_by("order", "code"):
        for risk in process.risks.all():
            rows.append(
                RiskRow(
                    process=process,
                    risk=risk,
                    probability_label=labels.get((RiskAxis.PROBABILITY, risk.probability), ""),
                    consequence_label=labels.get((RiskAxis.CONSEQUENCE, risk.consequence), ""),
                    band=band_for(bands, risk.value),
                    follow_ups=[
                        ControlRow(control=c, follow_ups=list(c.follow_ups.all()))
                        for c in risk.controls.all()
                    ],
                )
            )
    return ControlPlanTable(
        control_plan=control_plan,
        bands=bands,
        rows=rows,
        occasions=list(range(1, control_plan.follow_ups_per_year + 1)),
    )
