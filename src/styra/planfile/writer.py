"""Write a checked plan document to the database.

Called inside the importer's transaction after `checks.check_plan` found nothing, so
every code here resolves. Re-importing a plan updates it in place: levels, scale
levels, items and rounds are matched by code; targets are replaced; what the file no
longer holds is removed (the checks made sure nothing reported is lost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from styra.followup.models import Round, RoundKind, RoundState
from styra.org.models import Unit
from styra.plans.models import (
    Indicator,
    Plan,
    PlanItem,
    PlanLevel,
    PlanScale,
    StatusLevel,
    StatusRule,
    StatusScale,
    Target,
    ToleranceKind,
)

from .checks import walk_items


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


def _tolerance(data: dict | None) -> tuple[str, object]:
    if not data:
        return "", None
    return data["kind"], data.get("value")


def write_plan(data: dict) -> PlanImportSummary:
    units = {u.code: u for u in Unit.objects.all()}
    spec = data["plan"]
    tolerance_kind, tolerance_value = _tolerance(spec.get("tolerance"))
    plan, created = Plan.objects.update_or_create(
        code=spec["code"],
        defaults={
            "name": spec["name"],
            "unit": units[spec["unit"]],
            "period_start": _day(spec["period"]["start"]),
            "period_end": _day(spec["period"]["end"]),
            "parent": Plan.objects.get(code=spec["parent"]) if spec.get("parent") else None,
            "description": spec.get("description", ""),
            "tolerance_kind": tolerance_kind or ToleranceKind.NONE,
            "tolerance_value": tolerance_value,
        },
    )
    summary = PlanImportSummary(code=plan.code, created=created)
    levels = _write_levels(plan, data["levels"])
    _write_scales(plan, data)
    _write_level_scales(levels, data["levels"])
    _write_items(plan, data["items"], levels, units, summary)
    PlanLevel.objects.filter(plan=plan).exclude(code__in=list(levels)).delete()
    _write_rounds(plan, data.get("rounds", []), summary)
    return summary


def _write_levels(plan: Plan, specs: list[dict]) -> dict[str, PlanLevel]:
    existing = {level.code: level for level in plan.levels.all()}
    levels: dict[str, PlanLevel] = {}
    for order, spec in enumerate(specs):
        level = existing.get(spec["code"]) or PlanLevel(plan=plan, code=spec["code"])
        level.name = spec["name"]
        level.name_plural = spec.get("plural", "")
        level.parent = levels[spec["parent"]] if spec.get("parent") else None
        level.kinds = list(spec["kinds"])
        level.order = order
        rule = spec.get("status", {})
        level.status_rule = rule.get("rule", StatusRule.NONE)
        level.status_fulfilled = _decimal_or_none(rule.get("fulfilled"))
        level.status_partly = _decimal_or_none(rule.get("partly"))
        level.save()
        levels[level.code] = level
    return levels


def _write_scales(plan: Plan, data: dict) -> None:
    for spec in data.get("scales", []):
        scale, _created = StatusScale.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "description": spec.get("description", "")},
        )
        codes = []
        for order, level in enumerate(spec["levels"]):
            StatusLevel.objects.update_or_create(
                scale=scale,
                code=level["code"],
                defaults={
                    "label": level["label"],
                    "colour": level["colour"],
                    "symbol": level["symbol"],
                    "meaning": level["meaning"],
                    "definition": level.get("definition", ""),
                    "order": order,
                },
            )
            codes.append(level["code"])
        StatusLevel.objects.filter(scale=scale).exclude(code__in=codes).delete()
    PlanScale.objects.filter(plan=plan).delete()
    scales = {s.code: s for s in StatusScale.objects.all()}
    for kind, code in data["plan"].get("scales", {}).items():
        PlanScale.objects.create(plan=plan, kind=kind, scale=scales[code])


def _write_level_scales(levels: dict[str, PlanLevel], specs: list[dict]) -> None:
    """A level's own scale, written after the scales it names."""
    scales = {s.code: s for s in StatusScale.objects.all()}
    for spec in specs:
        level = levels[spec["code"]]
        scale = scales[spec["scale"]] if spec.get("scale") else None
        if level.scale_id != (scale.pk if scale else None):
            level.scale = scale
            level.save(update_fields=["scale"])


def _decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _write_items(plan, specs, levels, units, summary: PlanImportSummary) -> None:
    existing = {item.code: item for item in plan.items.all()}
    written: dict[str, PlanItem] = {}
    for order, (spec, _path, parent) in enumerate(walk_items(specs)):
        item = existing.get(spec["code"])
        if item is None:
            item = PlanItem(plan=plan, code=spec["code"])
            summary.items_created += 1
        else:
            summary.items_updated += 1
        item.parent = written[parent["code"]] if parent else None
        item.level = levels[spec["level"]]
        item.kind = spec["kind"]
        item.number = spec.get("number", "")
        item.order = order
        item.title = spec["title"]
        item.subtitle = spec.get("subtitle", "")
        item.description = spec.get("description", "")
        item.owner = units[spec["owner"]] if spec.get("owner") else None
        item.frequency = spec.get("frequency", "tertial")
        item.start_date = _day(spec.get("start_date"))
        item.end_date = _day(spec.get("end_date"))
        item.inherited_from = None
        item.save()
        item.co_owners.set([units[code] for code in spec.get("co_owners", [])])
        _write_indicator(item, spec.get("indicator"))
        _write_targets(item, spec.get("targets", []))
        written[item.code] = item
    for spec, _path, _parent in walk_items(specs):
        reference = spec.get("inherited_from")
        if reference:
            plan_code, item_code = reference.split(":", 1)
            source = (
                written[item_code]
                if plan_code == plan.code
                else PlanItem.objects.get(plan__code=plan_code, code=item_code)
            )
            item = written[spec["code"]]
            item.inherited_from = source
            item.save(update_fields=["inherited_from"])
    removed = plan.items.exclude(code__in=list(written))
    summary.items_removed = removed.count()
    # Children first: the parent's cascade would otherwise count them twice.
    for item in sorted(removed, key=lambda i: -i.order):
        if PlanItem.objects.filter(pk=item.pk).exists():
            item.delete()


def _write_indicator(item: PlanItem, spec: dict | None) -> None:
    if spec is None:
        Indicator.objects.filter(item=item).delete()
        return
    baseline = spec.get("baseline", {})
    Indicator.objects.update_or_create(
        item=item,
        defaults={
            "unit": spec.get("unit", ""),
            "decimals": spec.get("decimals", 1),
            "direction": spec.get("direction", "higher"),
            "definition": spec.get("definition", ""),
            "source": spec.get("source", "manual"),
            "scope": spec.get("scope", ""),
            "baseline_value": baseline.get("value"),
            "baseline_year": baseline.get("year"),
            "baseline_label": baseline.get("label", ""),
            "breakdowns": list(spec.get("breakdowns", [])),
            "breakdown_labels": list(spec.get("breakdown_labels", [])),
        },
    )


def _write_targets(item: PlanItem, specs: list[dict]) -> None:
    item.targets.all().delete()
    for order, spec in enumerate(specs):
        baseline = spec.get("baseline", {})
        tolerance_kind, tolerance_value = _tolerance(spec.get("tolerance"))
        Target.objects.create(
            item=item,
            kind=spec["kind"],
            value=spec.get("value"),
            direction=spec.get("direction", "higher"),
            strict=spec.get("strict", False),
            baseline_year=baseline.get("year"),
            baseline_value=baseline.get("value"),
            comparison=spec.get("comparison", ""),
            scope=spec.get("scope", ""),
            year=spec.get("year"),
            text=spec.get("text", ""),
            unit=spec.get("unit", ""),
            tolerance_kind=tolerance_kind,
            tolerance_value=tolerance_value,
            order=order,
        )


def _write_rounds(plan: Plan, specs: list[dict], summary: PlanImportSummary) -> None:
    for spec in specs:
        existing = Round.objects.filter(code=spec["code"]).first()
        if existing is not None and existing.state == RoundState.LOCKED:
            summary.rounds.append(existing.code)
            continue  # checks made sure the file agrees with it
        deadlines = spec.get("deadlines", {})
        rnd = existing or Round(plan=plan, code=spec["code"])
        rnd.name = spec["name"]
        rnd.kind = spec["kind"]
        rnd.period_start = _day(spec["period"]["start"])
        rnd.period_end = _day(spec["period"]["end"])
        rnd.reporting_deadline = _day(deadlines.get("reporting"))
        rnd.review_deadline = _day(deadlines.get("review"))
        rnd.publication_date = _day(deadlines.get("publication"))
        if "state" in spec:
            rnd.state = spec["state"]
        rnd.save()
        summary.rounds.append(rnd.code)
    codes = [spec["code"] for spec in specs]
    # Inspel rounds are planning data (styra-planning/1); the plan file leaves them alone.
    plan.rounds.exclude(code__in=codes).exclude(kind=RoundKind.INSPEL).delete()
