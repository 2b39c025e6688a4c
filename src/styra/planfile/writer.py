"""Write a checked plan document through the services of plans and rounds.

Called inside the importer's transaction after `checks.check_plan` found nothing, so
every code here resolves. The plan, its levels, scales and items go through
`styra.plans.services.plan_save`; each round through `styra.followup.services`
(create, update, delete, and a state the file asks for by the one checked transition
that leads there: a round the file locks locks its unit reports too, a round that is
locked does not change). Every write is checked against the acting user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError

from styra.followup import services as followup_services
from styra.followup.models import Round, RoundKind, RoundState
from styra.org.models import Unit
from styra.plans.models import Plan, StatusRule
from styra.plans.services import (
    IndicatorSpec,
    ItemSpec,
    LevelSpec,
    PlanSpec,
    StatusLevelSpec,
    StatusScaleSpec,
    TargetSpec,
    plan_save,
)

from .checks import walk_items
from .source import Document, Path_, import_failed

T = TypeVar("T")


@dataclass
class PlanImportSummary:
    code: str
    created: bool
    items_created: int = 0
    items_updated: int = 0
    items_removed: int = 0
    rounds: list[str] = field(default_factory=list)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _required_day(text: str) -> date:
    return date.fromisoformat(text)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _tolerance(data: dict | None) -> tuple[str, Decimal | None]:
    if not data:
        return "", None
    return data["kind"], _decimal(data.get("value"))


def write_plan(doc: Document, *, user) -> PlanImportSummary:
    data = doc.data
    assert isinstance(data, dict)
    units = {u.code: u for u in Unit.objects.all()}
    spec = data["plan"]
    tolerance_kind, tolerance_value = _tolerance(spec.get("tolerance"))
    changes = plan_save(
        plan=PlanSpec(
            code=spec["code"],
            name=spec["name"],
            unit=units[spec["unit"]],
            period_start=_required_day(spec["period"]["start"]),
            period_end=_required_day(spec["period"]["end"]),
            parent=Plan.objects.get(code=spec["parent"]) if spec.get("parent") else None,
            description=spec.get("description", ""),
            tolerance_kind=tolerance_kind,
            tolerance_value=tolerance_value,
        ),
        levels=[
            LevelSpec(
                code=level["code"],
                name=level["name"],
                kinds=list(level["kinds"]),
                plural=level.get("plural", ""),
                parent=level.get("parent"),
                scale=level.get("scale"),
                status_rule=level.get("status", {}).get("rule", StatusRule.NONE),
                status_fulfilled=_decimal(level.get("status", {}).get("fulfilled")),
                status_partly=_decimal(level.get("status", {}).get("partly")),
            )
            for level in data["levels"]
        ],
        scales=[_scale(scale) for scale in data.get("scales", [])],
        plan_scales=dict(spec.get("scales", {})),
        items=[_item(item, parent, units) for item, _path, parent in walk_items(data["items"])],
        user=user,
    )
    summary = PlanImportSummary(
        code=changes.plan.code,
        created=changes.created,
        items_created=changes.items_created,
        items_updated=changes.items_updated,
        items_removed=changes.items_removed,
    )
    _write_rounds(doc, changes.plan, data.get("rounds", []), summary, user)
    return summary


def _scale(spec: dict) -> StatusScaleSpec:
    return StatusScaleSpec(
        code=spec["code"],
        name=spec["name"],
        description=spec.get("description", ""),
        levels=[
            StatusLevelSpec(
                code=level["code"],
                label=level["label"],
                colour=level["colour"],
                symbol=level["symbol"],
                meaning=level["meaning"],
                definition=level.get("definition", ""),
            )
            for level in spec["levels"]
        ],
    )


def _item(spec: dict, parent: dict | None, units: dict[str, Unit]) -> ItemSpec:
    reference = spec.get("inherited_from")
    inherited = tuple(reference.split(":", 1)) if reference else None
    return ItemSpec(
        code=spec["code"],
        parent=parent["code"] if parent else None,
        level=spec["level"],
        kind=spec["kind"],
        number=spec.get("number", ""),
        title=spec["title"],
        subtitle=spec.get("subtitle", ""),
        description=spec.get("description", ""),
        owner=units[spec["owner"]] if spec.get("owner") else None,
        co_owners=[units[code] for code in spec.get("co_owners", [])],
        frequency=spec.get("frequency", "tertial"),
        start_date=_day(spec.get("start_date")),
        end_date=_day(spec.get("end_date")),
        indicator=_indicator(spec["indicator"]) if "indicator" in spec else None,
        targets=[_target(target) for target in spec.get("targets", [])],
        inherited_from=(inherited[0], inherited[1]) if inherited else None,
    )


def _indicator(spec: dict | None) -> IndicatorSpec | None:
    if spec is None:
        return None
    baseline = spec.get("baseline", {})
    return IndicatorSpec(
        unit=spec.get("unit", ""),
        decimals=spec.get("decimals", 1),
        direction=spec.get("direction", "higher"),
        definition=spec.get("definition", ""),
        source=spec.get("source", "manual"),
        scope=spec.get("scope", ""),
        baseline_value=_decimal(baseline.get("value")),
        baseline_year=baseline.get("year"),
        baseline_label=baseline.get("label", ""),
        breakdowns=list(spec.get("breakdowns", [])),
        breakdown_labels=list(spec.get("breakdown_labels", [])),
    )


def _target(spec: dict) -> TargetSpec:
    baseline = spec.get("baseline", {})
    tolerance_kind, tolerance_value = _tolerance(spec.get("tolerance"))
    return TargetSpec(
        kind=spec["kind"],
        value=_decimal(spec.get("value")),
        direction=spec.get("direction", "higher"),
        strict=spec.get("strict", False),
        baseline_year=baseline.get("year"),
        baseline_value=_decimal(baseline.get("value")),
        comparison=spec.get("comparison", ""),
        scope=spec.get("scope", ""),
        year=spec.get("year"),
        text=spec.get("text", ""),
        unit=spec.get("unit", ""),
        tolerance_kind=tolerance_kind,
        tolerance_value=tolerance_value,
    )


# --- rounds ------------------------------------------------------------------------------


def _checked(doc: Document, path: Path_, service: Callable[..., T], **arguments) -> T:
    """Run a service; its refusal becomes a problem naming the file, line and field."""
    try:
        return service(**arguments)
    except ValidationError as exc:
        raise import_failed([doc.problem(path, " ".join(exc.messages))]) from exc


def _round_fields(spec: dict) -> dict:
    deadlines = spec.get("deadlines", {})
    return {
        "name": spec["name"],
        "kind": spec["kind"],
        "period_start": _required_day(spec["period"]["start"]),
        "period_end": _required_day(spec["period"]["end"]),
        "reporting_deadline": _day(deadlines.get("reporting")),
        "review_deadline": _day(deadlines.get("review")),
        "publication_date": _day(deadlines.get("publication")),
    }


def _stored_fields(rnd: Round) -> dict:
    return {
        "name": rnd.name,
        "kind": rnd.kind,
        "period_start": rnd.period_start,
        "period_end": rnd.period_end,
        "reporting_deadline": rnd.reporting_deadline,
        "review_deadline": rnd.review_deadline,
        "publication_date": rnd.publication_date,
    }


def _write_rounds(
    doc: Document, plan: Plan, specs: list[dict], summary: PlanImportSummary, user
) -> None:
    for index, spec in enumerate(specs):
        path: Path_ = ("rounds", index)
        existing = Round.objects.select_related("plan").filter(code=spec["code"]).first()
        if existing is not None and existing.state == RoundState.LOCKED:
            summary.rounds.append(existing.code)
            continue  # the checks made sure the file agrees with it
        fields = _round_fields(spec)
        rnd: Round
        if existing is None:
            rnd = _checked(
                doc,
                path,
                followup_services.round_create,
                plan=plan,
                code=spec["code"],
                **fields,
                user=user,
            )
        elif _stored_fields(existing) != fields:
            rnd = _checked(
                doc, path, followup_services.round_update, round=existing, **fields, user=user
            )
        else:
            rnd = existing
        wanted = spec.get("state")
        if wanted is not None and wanted != rnd.state:
            rnd = _checked(
                doc,
                (*path, "state"),
                followup_services.round_change_state,
                round=rnd,
                state=wanted,
                reason=spec.get("lock_reason", ""),
                user=user,
            )
        summary.rounds.append(rnd.code)
    codes = [spec["code"] for spec in specs]
    # Inspel rounds are planning data (styra-planning/1); the plan file leaves them alone.
    for stale in plan.rounds.exclude(code__in=codes).exclude(kind=RoundKind.INSPEL):
        _checked(doc, ("rounds",), followup_services.round_delete, round=stale, user=user)
