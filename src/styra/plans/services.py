"""Writes to plans: a plan with its levels, status scales, items, indicators and targets.

`plan_save` writes a whole plan as its plan file states it (the plan file is how plans
are written: `styra.planfile`). It takes the acting `user`, checks that they manage the
plan's unit (controllers and administrators, `styra.access.permissions.can_manage_unit`),
writes only what differs from the database, records history (who, when, the old row)
and does it all in one transaction. Rounds are the follow-up's and have their own
services (`styra.followup.services`).

A re-saved plan keeps its identity: levels, items and scale levels are matched by code,
so assessments and history stay with their items; targets are replaced when they
differ; what the plan no longer holds is removed (the plan file's checks make sure
nothing reported is lost).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.access.history import delete_as, save_as
from styra.org.models import Unit

from .models import (
    Direction,
    Frequency,
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


@dataclass(frozen=True)
class PlanSpec:
    code: str
    name: str
    unit: Unit
    period_start: date
    period_end: date
    parent: Plan | None = None
    description: str = ""
    tolerance_kind: str = ToleranceKind.NONE
    tolerance_value: Decimal | None = None


@dataclass(frozen=True)
class LevelSpec:
    code: str
    name: str
    kinds: Sequence[str]
    plural: str = ""
    parent: str | None = None  # a level code earlier in the list
    scale: str | None = None  # the level's own status scale (code)
    status_rule: str = StatusRule.NONE
    status_fulfilled: Decimal | None = None
    status_partly: Decimal | None = None


@dataclass(frozen=True)
class StatusLevelSpec:
    code: str
    label: str
    colour: str
    symbol: str
    meaning: str
    definition: str = ""


@dataclass(frozen=True)
class StatusScaleSpec:
    code: str
    name: str
    levels: Sequence[StatusLevelSpec]
    description: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    unit: str = ""
    decimals: int = 1
    direction: str = Direction.HIGHER
    definition: str = ""
    source: str = Indicator.Source.MANUAL
    scope: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    baseline_label: str = ""
    breakdowns: Sequence[str] = ()
    breakdown_labels: Sequence[str] = ()


@dataclass(frozen=True)
class TargetSpec:
    kind: str
    value: Decimal | None = None
    direction: str = Direction.HIGHER
    strict: bool = False
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    comparison: str = ""
    scope: str = ""
    year: int | None = None
    text: str = ""
    unit: str = ""
    tolerance_kind: str = ""
    tolerance_value: Decimal | None = None


@dataclass(frozen=True)
class ItemSpec:
    """One item; `parent` is the code of an item earlier in the list, `level` a level
    code, `inherited_from` a (plan code, item code) pair."""

    code: str
    level: str
    kind: str
    title: str
    parent: str | None = None
    number: str = ""
    subtitle: str = ""
    description: str = ""
    owner: Unit | None = None
    co_owners: Sequence[Unit] = ()
    frequency: str = Frequency.TERTIAL
    start_date: date | None = None
    end_date: date | None = None
    indicator: IndicatorSpec | None = None
    targets: Sequence[TargetSpec] = ()
    inherited_from: tuple[str, str] | None = None


@dataclass
class PlanChanges:
    plan: Plan
    created: bool
    items_created: int = 0
    items_updated: int = 0
    items_removed: int = 0
    scales_changed: list[str] = field(default_factory=list)


# --- writing with history --------------------------------------------------------------


def _assign(instance: models.Model, **values) -> bool:
    """Set `values` on `instance`; True when one of them differs from what it held."""
    changed = instance.pk is None
    for name, value in values.items():
        current = getattr(instance, name)
        if isinstance(current, list | tuple) or isinstance(value, list | tuple):
            current, value = list(current or []), list(value or [])
        if current != value:
            changed = True
        setattr(instance, name, value)
    return changed


def _require_manage(user, unit: Unit, day: date, plan_code: str) -> None:
    permissions.require(
        permissions.can_manage_unit(user, unit, day),
        _("Endast controller eller administratör för enheten %(unit)s får ändra planen %(plan)s.")
        % {"unit": unit.code, "plan": plan_code},
    )


# --- the plan --------------------------------------------------------------------------


@transaction.atomic
def plan_save(
    *,
    plan: PlanSpec,
    levels: Sequence[LevelSpec],
    items: Sequence[ItemSpec],
    scales: Sequence[StatusScaleSpec] = (),
    plan_scales: Mapping[str, str] | None = None,
    user,
) -> PlanChanges:
    """Create or update the plan `plan.code` with exactly these levels and items, the
    status scales it defines and the scale (by code) it uses per item kind."""
    existing = Plan.objects.select_related("unit").filter(code=plan.code).first()
    if existing is not None:
        _require_manage(user, existing.unit, existing.period_end, plan.code)
    _require_manage(user, plan.unit, plan.period_end, plan.code)
    stored = existing or Plan(code=plan.code)
    if _assign(
        stored,
        name=plan.name,
        unit_id=plan.unit.pk,
        period_start=plan.period_start,
        period_end=plan.period_end,
        parent_id=plan.parent.pk if plan.parent else None,
        description=plan.description,
        tolerance_kind=plan.tolerance_kind or ToleranceKind.NONE,
        tolerance_value=plan.tolerance_value,
    ):
        save_as(stored, user)
    changes = PlanChanges(plan=stored, created=existing is None)
    for scale in scales:
        if _save_scale(stored, scale, user):
            changes.scales_changed.append(scale.code)
    written_levels = _save_levels(stored, levels, user)
    _save_plan_scales(stored, plan_scales or {}, user)
    _save_items(stored, items, written_levels, changes, user)
    for level in stored.levels.exclude(code__in=list(written_levels)):
        delete_as(level, user)
    return changes


def _save_levels(plan: Plan, specs: Sequence[LevelSpec], user) -> dict[str, PlanLevel]:
    existing = {level.code: level for level in plan.levels.all()}
    scale_codes = [spec.scale for spec in specs if spec.scale]
    scales = {s.code: s for s in StatusScale.objects.filter(code__in=scale_codes)}
    levels: dict[str, PlanLevel] = {}
    for order, spec in enumerate(specs):
        level = existing.get(spec.code) or PlanLevel(plan=plan, code=spec.code)
        parent = levels[spec.parent] if spec.parent else None
        if _assign(
            level,
            name=spec.name,
            name_plural=spec.plural,
            parent_id=parent.pk if parent else None,
            kinds=list(spec.kinds),
            order=order,
            scale_id=scales[spec.scale].pk if spec.scale else None,
            status_rule=spec.status_rule or StatusRule.NONE,
            status_fulfilled=spec.status_fulfilled,
            status_partly=spec.status_partly,
        ):
            save_as(level, user)
        levels[level.code] = level
    return levels


def _save_scale(plan: Plan, spec: StatusScaleSpec, user) -> bool:
    """Write a scale the plan defines; a scale other plans use too may only be changed
    by someone who manages those plans as well. True when it changed."""
    scale = StatusScale.objects.filter(code=spec.code).first()
    changed = False
    if scale is None:
        scale = StatusScale(code=spec.code)
    stored_levels = {level.code: level for level in scale.levels.all()} if scale.pk else {}
    scale_changed = _assign(scale, name=spec.name, description=spec.description)
    level_rows: list[tuple[StatusLevel, bool]] = []
    for order, level_spec in enumerate(spec.levels):
        level = stored_levels.get(level_spec.code) or StatusLevel(code=level_spec.code)
        level_rows.append(
            (
                level,
                _assign(
                    level,
                    label=level_spec.label,
                    colour=level_spec.colour,
                    symbol=level_spec.symbol,
                    meaning=level_spec.meaning,
                    definition=level_spec.definition,
                    order=order,
                ),
            )
        )
    wanted = {level_spec.code for level_spec in spec.levels}
    removed = [level for code, level in stored_levels.items() if code not in wanted]
    changed = scale_changed or removed != [] or any(dirty for _level, dirty in level_rows)
    if not changed:
        return False
    if scale.pk is not None:
        others = (
            Plan.objects.filter(Q(scales__scale=scale) | Q(levels__scale=scale))
            .exclude(pk=plan.pk)
            .select_related("unit")
            .distinct()
        )
        for other in others:
            _require_manage(user, other.unit, other.period_end, other.code)
    save_as(scale, user)
    for level, dirty in level_rows:
        if dirty:
            level.scale = scale
            save_as(level, user)
    for level in removed:
        delete_as(level, user)
    return True


def _save_plan_scales(plan: Plan, wanted: Mapping[str, str], user) -> None:
    stored = {ps.kind: ps for ps in plan.scales.select_related("scale")}
    scales = {s.code: s for s in StatusScale.objects.filter(code__in=list(wanted.values()))}
    for kind, plan_scale in stored.items():
        if kind not in wanted:
            delete_as(plan_scale, user)
    for kind, code in wanted.items():
        plan_scale = stored.get(kind) or PlanScale(plan=plan, kind=kind)
        if _assign(plan_scale, scale_id=scales[code].pk):
            save_as(plan_scale, user)


def _co_owners_set(item: PlanItem, units: list[Unit]) -> None:
    """Set an item's co-owners without a history row of their own: the item's history
    records them (`m2m_fields`) in the row of the save that goes with them."""
    setattr(item, "skip_history_when_saving", True)  # noqa: B010 - simple-history's name
    try:
        item.co_owners.set(units)
    finally:
        delattr(item, "skip_history_when_saving")


def _co_owners_in_creation(item: PlanItem) -> None:
    """A new item's co-owners, set after its first save (it needs its key first), into
    the history row of its creation."""
    creation = item.history.order_by("-history_id").first()
    rows = apps.get_model("plans", "HistoricalPlanItem_co_owners")
    rows.objects.bulk_create(
        [
            rows(history=creation, id=through.pk, planitem_id=item.pk, unit_id=through.unit_id)
            for through in PlanItem.co_owners.through.objects.filter(planitem=item)
        ]
    )


def _target_fields(target: Target | TargetSpec) -> tuple:
    return (
        target.kind,
        target.value,
        target.direction,
        target.strict,
        target.baseline_year,
        target.baseline_value,
        target.comparison,
        target.scope,
        target.year,
        target.text,
        target.unit,
        target.tolerance_kind,
        target.tolerance_value,
    )


def _save_items(
    plan: Plan,
    specs: Sequence[ItemSpec],
    levels: Mapping[str, PlanLevel],
    changes: PlanChanges,
    user,
) -> None:
    existing = {item.code: item for item in plan.items.prefetch_related("co_owners", "targets")}
    written: dict[str, PlanItem] = {}
    updated: set[str] = set()
    for order, spec in enumerate(specs):
        item = existing.get(spec.code)
        created = item is None
        if item is None:
            item = PlanItem(plan=plan, code=spec.code)
        parent = written[spec.parent] if spec.parent else None
        dirty = _assign(
            item,
            parent_id=parent.pk if parent else None,
            level_id=levels[spec.level].pk,
            kind=spec.kind,
            number=spec.number,
            order=order,
            title=spec.title,
            subtitle=spec.subtitle,
            description=spec.description,
            owner_id=spec.owner.pk if spec.owner else None,
            frequency=spec.frequency,
            start_date=spec.start_date,
            end_date=spec.end_date,
        )
        if created:
            co_owner_ids: set[int] = set()
        else:
            co_owner_ids = {unit.pk for unit in item.co_owners.all()}
        co_owners_changed = co_owner_ids != {unit.pk for unit in spec.co_owners}
        if co_owners_changed and not created:
            _co_owners_set(item, list(spec.co_owners))
            dirty = True
        if dirty:
            save_as(item, user)  # its history row records the co-owners too
        if co_owners_changed and created:
            _co_owners_set(item, list(spec.co_owners))
            _co_owners_in_creation(item)
        dirty = _save_indicator(item, spec.indicator, user) or dirty
        dirty = _save_targets(item, spec.targets, user) or dirty
        written[item.code] = item
        if created:
            changes.items_created += 1
        elif dirty:
            updated.add(item.code)
    for spec in specs:
        item = written[spec.code]
        source_id = None
        if spec.inherited_from:
            plan_code, item_code = spec.inherited_from
            source = (
                written[item_code]
                if plan_code == plan.code
                else PlanItem.objects.get(plan__code=plan_code, code=item_code)
            )
            source_id = source.pk
        if item.inherited_from_id != source_id:
            item.inherited_from_id = source_id
            save_as(item, user, update_fields=["inherited_from"])
            if spec.code in existing:
                updated.add(spec.code)
    changes.items_updated = len(updated)
    removed = list(plan.items.exclude(code__in=list(written)).order_by("-order"))
    changes.items_removed = len(removed)
    # Children first, so that each removal is recorded with its user.
    for item in removed:
        for target in item.targets.all():
            delete_as(target, user)
        for indicator in Indicator.objects.filter(item=item):
            delete_as(indicator, user)
        delete_as(item, user)


def _save_indicator(item: PlanItem, spec: IndicatorSpec | None, user) -> bool:
    stored = Indicator.objects.filter(item=item).first()
    if spec is None:
        if stored is None:
            return False
        delete_as(stored, user)
        return True
    indicator = stored or Indicator(item=item)
    if not _assign(
        indicator,
        unit=spec.unit,
        decimals=spec.decimals,
        direction=spec.direction,
        definition=spec.definition,
        source=spec.source,
        scope=spec.scope,
        baseline_value=spec.baseline_value,
        baseline_year=spec.baseline_year,
        baseline_label=spec.baseline_label,
        breakdowns=list(spec.breakdowns),
        breakdown_labels=list(spec.breakdown_labels),
    ):
        return False
    save_as(indicator, user)
    return True


def _save_targets(item: PlanItem, specs: Sequence[TargetSpec], user) -> bool:
    stored = list(item.targets.all())
    if [_target_fields(t) for t in stored] == [_target_fields(s) for s in specs]:
        return False
    for target in stored:
        delete_as(target, user)
    for order, spec in enumerate(specs):
        save_as(
            Target(
                item=item,
                kind=spec.kind,
                value=spec.value,
                direction=spec.direction,
                strict=spec.strict,
                baseline_year=spec.baseline_year,
                baseline_value=spec.baseline_value,
                comparison=spec.comparison,
                scope=spec.scope,
                year=spec.year,
                text=spec.text,
                unit=spec.unit,
                tolerance_kind=spec.tolerance_kind,
                tolerance_value=spec.tolerance_value,
                order=order,
            ),
            user,
        )
    return True
