"""Export a plan (or the organisation) in the import format.

The output is canonical: fixed key order, defaults left out, numbers written exactly
as stored (no float detour), multi-line texts as literal blocks. Export, import and
export again gives the same bytes.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.db.models import Prefetch
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import LiteralScalarString

from styra.followup.models import RoundKind, RoundState
from styra.org.models import CostCentre, Unit, UnitType, UnitVersion
from styra.plans.models import (
    Frequency,
    Plan,
    PlanItem,
    PlanScale,
    StatusRule,
    StatusScale,
    ToleranceKind,
)

PLAN_HEADER = "# Styra plan file (styra-plan/1). The format is described in docs/plan-format.md.\n"
ORG_HEADER = (
    "# Styra organisation file (styra-org/1). The format is described in docs/plan-format.md.\n"
)


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _represent_decimal(representer, value: Decimal):
    text = _decimal_text(value)
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text)


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(Decimal, _represent_decimal)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


def _text(value: str):
    """Multi-line text as a literal block when that keeps every character."""
    if (
        "\n" in value
        and value.strip("\n")
        and not any(line != line.rstrip() or "\t" in line for line in value.split("\n"))
        and not value.startswith(" ")
    ):
        return LiteralScalarString(value)
    return value


def _flow(values: list) -> CommentedSeq:
    """A short list of codes on one line: `kinds: [area]`."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _put(mapping: dict, key: str, value, default=None) -> None:
    """Set `key` unless `value` is empty or the default: the file holds what matters."""
    if value is None or value == "" or value == [] or value == {}:
        return
    if default is not None and value == default:
        return
    mapping[key] = _text(value) if isinstance(value, str) else value


def _tolerance(kind: str, value: Decimal | None) -> dict | None:
    if not kind:
        return None
    result = {"kind": kind}
    _put(result, "value", value)
    return result


def _dump(data: dict, header: str) -> str:
    stream = io.StringIO()
    stream.write(header)
    _yaml().dump(data, stream)
    return stream.getvalue()


def plan_to_data(plan: Plan) -> dict:
    data: dict = {"format": "styra-plan/1"}
    spec: dict = {"code": plan.code, "name": plan.name, "unit": plan.unit.code}
    spec["period"] = {"start": plan.period_start, "end": plan.period_end}
    _put(spec, "parent", plan.parent.code if plan.parent else None)
    _put(spec, "description", plan.description)
    if plan.tolerance_kind != ToleranceKind.NONE or plan.tolerance_value is not None:
        spec["tolerance"] = _tolerance(plan.tolerance_kind, plan.tolerance_value)
    plan_scales = list(PlanScale.objects.filter(plan=plan).select_related("scale").order_by("id"))
    kind_order = [choice for choice, _label in PlanItem._meta.get_field("kind").choices]
    plan_scales.sort(key=lambda ps: kind_order.index(ps.kind))
    _put(spec, "scales", {ps.kind: ps.scale.code for ps in plan_scales})
    data["plan"] = spec

    data["levels"] = []
    for level in plan.levels.select_related("parent", "scale").order_by("order", "id"):
        entry: dict = {"code": level.code, "name": level.name}
        _put(entry, "plural", level.name_plural)
        _put(entry, "parent", level.parent.code if level.parent else None)
        entry["kinds"] = _flow(list(level.kinds))
        _put(entry, "scale", level.scale.code if level.scale else None)
        if level.status_rule != StatusRule.NONE:
            rule: dict = {"rule": level.status_rule}
            _put(rule, "fulfilled", level.status_fulfilled)
            _put(rule, "partly", level.status_partly)
            entry["status"] = rule
        data["levels"].append(entry)

    scale_ids = []
    for ps in plan_scales:
        if ps.scale_id not in scale_ids:
            scale_ids.append(ps.scale_id)
    for level_scale in plan.levels.filter(scale__isnull=False).order_by("order", "id"):
        if level_scale.scale_id is not None and level_scale.scale_id not in scale_ids:
            scale_ids.append(level_scale.scale_id)
    scales = StatusScale.objects.filter(pk__in=scale_ids).prefetch_related("levels")
    by_id = {s.pk: s for s in scales}
    if scale_ids:
        data["scales"] = [_scale_to_data(by_id[pk]) for pk in scale_ids]

    data["items"] = _items_to_data(plan)
    # Inspel rounds are planning data (styra-planning/1), not part of the plan file.
    rounds = list(
        plan.rounds.exclude(kind=RoundKind.INSPEL).order_by("period_start", "period_end", "code")
    )
    if rounds:
        data["rounds"] = [_round_to_data(r) for r in rounds]
    return data


def _scale_to_data(scale: StatusScale) -> dict:
    entry = {"code": scale.code, "name": scale.name}
    _put(entry, "description", scale.description)
    entry["levels"] = []
    for level in sorted(scale.levels.all(), key=lambda lv: (lv.order, lv.pk)):
        row = {
            "code": level.code,
            "label": level.label,
            "colour": level.colour,
            "symbol": level.symbol,
            "meaning": level.meaning,
        }
        _put(row, "definition", level.definition)
        entry["levels"].append(row)
    return entry


def _items_to_data(plan: Plan) -> list[dict]:
    items = list(
        plan.items.select_related("level", "owner", "inherited_from__plan", "indicator")
        .prefetch_related(
            Prefetch("co_owners", queryset=Unit.objects.order_by("code")),
            "targets",
        )
        .order_by("order", "id")
    )
    children: dict[int | None, list[PlanItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)

    def build(parent_id):
        return [_item_to_data(item, build(item.pk)) for item in children.get(parent_id, [])]

    return build(None)


def _item_to_data(item: PlanItem, kids: list[dict]) -> dict:
    entry = {"code": item.code, "kind": item.kind, "level": item.level.code}
    _put(entry, "number", item.number)
    entry["title"] = _text(item.title)
    _put(entry, "subtitle", item.subtitle)
    _put(entry, "description", item.description)
    _put(entry, "owner", item.owner.code if item.owner else None)
    co_owners = [u.code for u in item.co_owners.all()]
    _put(entry, "co_owners", _flow(co_owners) if co_owners else None)
    _put(entry, "frequency", item.frequency, default=Frequency.TERTIAL)
    _put(entry, "start_date", item.start_date)
    _put(entry, "end_date", item.end_date)
    if item.inherited_from:
        entry["inherited_from"] = f"{item.inherited_from.plan.code}:{item.inherited_from.code}"
    indicator = getattr(item, "indicator", None)
    if indicator is not None:
        entry["indicator"] = _indicator_to_data(indicator)
    targets = sorted(item.targets.all(), key=lambda t: (t.order, t.pk))
    _put(entry, "targets", [_target_to_data(t) for t in targets])
    _put(entry, "children", kids)
    return entry


def _indicator_to_data(indicator) -> dict:
    entry: dict = {}
    _put(entry, "unit", indicator.unit)
    entry["decimals"] = indicator.decimals
    entry["direction"] = indicator.direction
    _put(entry, "definition", indicator.definition)
    _put(entry, "source", indicator.source, default="manual")
    _put(entry, "scope", indicator.scope)
    baseline: dict = {}
    _put(baseline, "value", indicator.baseline_value)
    _put(baseline, "year", indicator.baseline_year)
    _put(baseline, "label", indicator.baseline_label)
    _put(entry, "baseline", baseline)
    _put(entry, "breakdowns", _flow(list(indicator.breakdowns)) if indicator.breakdowns else None)
    _put(entry, "breakdown_labels", list(indicator.breakdown_labels))
    return entry


def _target_to_data(target) -> dict:
    entry: dict = {"kind": target.kind}
    _put(entry, "value", target.value)
    _put(entry, "direction", target.direction, default="higher")
    if target.strict:
        entry["strict"] = True
    baseline: dict = {}
    _put(baseline, "year", target.baseline_year)
    _put(baseline, "value", target.baseline_value)
    _put(entry, "baseline", baseline)
    _put(entry, "comparison", target.comparison)
    _put(entry, "scope", target.scope)
    _put(entry, "year", target.year)
    _put(entry, "text", target.text)
    _put(entry, "unit", target.unit)
    if target.tolerance_kind:
        entry["tolerance"] = _tolerance(target.tolerance_kind, target.tolerance_value)
    return entry


def _round_to_data(rnd) -> dict:
    entry = {"code": rnd.code, "name": rnd.name, "kind": rnd.kind}
    entry["period"] = {"start": rnd.period_start, "end": rnd.period_end}
    deadlines: dict = {}
    _put(deadlines, "reporting", rnd.reporting_deadline)
    _put(deadlines, "review", rnd.review_deadline)
    _put(deadlines, "publication", rnd.publication_date)
    _put(entry, "deadlines", deadlines)
    entry["state"] = rnd.state or RoundState.PLANNED
    _put(entry, "lock_reason", rnd.lock_reason)
    return entry


def export_plan(*, plan: Plan) -> str:
    plan = Plan.objects.select_related("unit", "parent").get(pk=plan.pk)
    return _dump(plan_to_data(plan), PLAN_HEADER)


def _range(row) -> dict:
    entry: dict = {"valid_from": row.valid_from}
    _put(entry, "valid_to", row.valid_to)
    return entry


def export_org() -> str:
    """The whole organisation: every unit with every version, every cost centre."""
    data: dict = {"format": "styra-org/1"}
    data["unit_types"] = [
        {"code": t.code, "name": t.name} for t in UnitType.objects.order_by("order", "code")
    ]
    versions: dict[int, list[UnitVersion]] = {}
    for version in UnitVersion.objects.select_related("parent", "unit_type").order_by("valid_from"):
        versions.setdefault(version.unit_id, []).append(version)
    units = []
    for unit in _units_in_tree_order(versions):
        entry: dict = {"code": unit.code}
        if unit.budget_only:
            entry["budget_only"] = True
        entry["versions"] = []
        for version in versions.get(unit.pk, []):
            row = {"name": version.name}
            _put(row, "short_name", version.short_name)
            _put(row, "parent", version.parent.code if version.parent else None)
            row["type"] = version.unit_type.code
            _put(row, "order", version.order, default=0)
            row.update(_range(version))
            entry["versions"].append(row)
        units.append(entry)
    data["units"] = units
    centres = []
    for centre in CostCentre.objects.prefetch_related("mappings__unit").order_by("code"):
        entry = {"code": centre.code, "name": centre.name, "units": []}
        for mapping in sorted(centre.mappings.all(), key=lambda m: m.valid_from):
            entry["units"].append({"unit": mapping.unit.code, **_range(mapping)})
        centres.append(entry)
    _put(data, "cost_centres", centres)
    return _dump(data, ORG_HEADER)


def _units_in_tree_order(versions: dict[int, list[UnitVersion]]) -> list[Unit]:
    """Parents before children (by their first version), so a file reads top-down."""
    units = {u.pk: u for u in Unit.objects.all()}
    placed: list[Unit] = []
    seen: set[int] = set()

    def first_parent(unit_id):
        rows = versions.get(unit_id) or []
        return rows[0].parent_id if rows else None

    def visit(unit_id):
        if unit_id in seen:
            return
        seen.add(unit_id)
        parent = first_parent(unit_id)
        if parent and parent in units:
            visit(parent)
        placed.append(units[unit_id])

    for unit_id in sorted(units, key=lambda pk: units[pk].code):
        visit(unit_id)
    return placed
