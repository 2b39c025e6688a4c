"""One plan item changed by hand (the web administration): its title, owner and
co-owners, its place, the value and wording of its targets; a new item, an item removed.

A plan file replaces a whole plan (`styra.plans.services.plan_save`); these change one
item. They live in the follow-up because the rounds build on the items: a round's
report prints the item's title, its owner decides who reports it and its targets judge
the outcome. So once a round of the plan is locked (fastställd) its items no longer
change, by this door; the next plan year gets its own plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styra.access import permissions
from styra.access.history import delete_as, save_as
from styra.followup.models import Round, RoundState
from styra.followup.selectors import ItemDeletion, item_deletion
from styra.formats.text import check_length, clean_line, column_max_length
from styra.org.models import Unit
from styra.org.selectors import unit_version_on
from styra.plans.models import (
    Indicator,
    ItemKind,
    Plan,
    PlanItem,
    PlanLevel,
    Target,
    TargetKind,
)

from .errors import RoundLockedError


def _require_manage(plan: Plan, user) -> None:
    permissions.require(
        permissions.can_manage_plan(user, plan),
        _("Endast controller eller administratör för planens enhet får ändra planens poster."),
    )


def ensure_plan_items_editable(plan: Plan) -> None:
    """Refuse when a round of the plan is locked: its report is built on the items."""
    locked = Round.objects.filter(plan=plan, state=RoundState.LOCKED).order_by("period_end")
    first = locked.first()
    if first is not None:
        raise RoundLockedError(
            _(
                "Uppföljningstillfället %(code)s i planen är fastställt; planens poster "
                "ändras inte efter det, eftersom den fastställda rapporten bygger på dem."
            )
            % {"code": first.code},
            code="locked",
        )


@transaction.atomic
def plan_item_update(
    *,
    item: PlanItem,
    title: str,
    owner: Unit | None,
    co_owners: Sequence[Unit] | None = None,
    user,
) -> PlanItem:
    """Change the item's title and owner unit (None: the plan's unit reports it) and, unless
    `co_owners` is None, its co-owners: units at the plan period's end, never the unit
    that reports the item. One history row records all of it, co-owners included."""
    _require_manage(item.plan, user)
    ensure_plan_items_editable(item.plan)
    item = PlanItem.objects.select_for_update().select_related("plan__unit").get(pk=item.pk)
    title = clean_line(title).strip()
    if not title:
        raise ValidationError({"title": _("Ange en rubrik.")}, code="required")
    check_length(title, column_max_length(PlanItem, "title"), "title")
    _owner_on_plan_end(item.plan, owner)
    wanted = None
    if co_owners is not None:
        wanted = {unit.pk: unit for unit in co_owners}
        reporter = owner or item.plan.unit
        if reporter.pk in wanted:
            raise ValidationError(
                {
                    "co_owners": _("%(code)s rapporterar posten och kan inte också vara medägare.")
                    % {"code": reporter.code}
                },
                code="owner_co_owner",
            )
        for unit in sorted(wanted.values(), key=lambda u: u.code):
            _owner_on_plan_end(item.plan, unit, field="co_owners")
        if wanted.keys() == set(item.co_owners.values_list("pk", flat=True)):
            wanted = None  # unchanged: no many-to-many write
    item.title = title
    item.owner = owner
    if wanted is not None:
        # Set without a history row of its own; the save below records the new co-owners
        # together with the rest of the change, as one row.
        setattr(item, "skip_history_when_saving", True)  # noqa: B010 - simple-history's name
        try:
            item.co_owners.set(list(wanted.values()))
        finally:
            delattr(item, "skip_history_when_saving")
    save_as(item, user)
    return item


@transaction.atomic
def target_update(*, target: Target, value: Decimal | None, text: str, user) -> Target:
    """Change a target's value and the text printed for it ("Minst 70 %")."""
    target = Target.objects.select_for_update().select_related("item__plan").get(pk=target.pk)
    _require_manage(target.item.plan, user)
    ensure_plan_items_editable(target.item.plan)
    text = clean_line(text).strip()
    check_length(text, column_max_length(Target, "text"), "text")
    needs_value = target.kind in (TargetKind.THRESHOLD, TargetKind.COUNT)
    if needs_value and value is None:
        raise ValidationError(
            {"value": _("Ett gränsvärde eller antal behöver ett målvärde.")}, code="required"
        )
    target.value = value
    target.text = text
    save_as(target, user)
    return target


#: An item's code, as a plan file spells it (`planfile/plan.schema.json`, `$defs.code`).
ITEM_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _check_level(level: PlanLevel, parent: PlanItem | None, field: str = "parent") -> None:
    """The plan's level hierarchy: an item sits under an item of its level's parent level,
    a top level's items at the top of the plan (the plan file's rule)."""
    expected = level.parent
    actual = parent.level if parent is not None else None
    if (expected.pk if expected else None) != (actual.pk if actual else None):
        raise ValidationError(
            {
                field: _(
                    "Nivån %(level)s ska ligga under nivån %(expected)s, inte under %(actual)s."
                )
                % {
                    "level": level.name,
                    "expected": expected.name if expected else _("(toppnivå)"),
                    "actual": actual.name if actual else _("(toppnivå)"),
                }
            },
            code="level",
        )


def _siblings(plan: Plan, parent: PlanItem | None, exclude: PlanItem | None = None) -> list:
    siblings = PlanItem.objects.select_for_update().filter(plan=plan, parent=parent)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    return list(siblings.order_by("order", "pk"))


def _renumber(items: list[PlanItem], user) -> None:
    """Orders 1, 2, 3 … in list order; only items whose order changes are saved."""
    for order, sibling in enumerate(items, start=1):
        if sibling.order != order:
            sibling.order = order
            save_as(sibling, user, update_fields=["order"])


def _owner_on_plan_end(plan: Plan, owner: Unit | None, field: str = "owner") -> None:
    if owner is not None and unit_version_on(owner, plan.period_end) is None:
        raise ValidationError(
            {
                field: _("Enheten %(code)s finns inte vid planperiodens slut (%(day)s).")
                % {"code": owner.code, "day": plan.period_end}
            },
            code="unit_missing",
        )


@transaction.atomic
def plan_item_create(
    *,
    plan: Plan,
    parent: PlanItem | None,
    level: PlanLevel,
    kind: str,
    code: str,
    title: str,
    owner: Unit | None,
    user,
) -> PlanItem:
    """A new item last among its siblings: under `parent`, or at the top of the plan."""
    _require_manage(plan, user)
    ensure_plan_items_editable(plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    errors: dict[str, list[str]] = {}
    code = clean_line(code).strip()
    title = clean_line(title).strip()
    if not code:
        errors["code"] = [_("Ange en kod.")]
    elif len(code) > column_max_length(PlanItem, "code"):
        errors["code"] = [
            _("Koden är %(length)s tecken; högst %(maximum)s tecken får plats.")
            % {"length": len(code), "maximum": column_max_length(PlanItem, "code")}
        ]
    elif not ITEM_CODE.fullmatch(code):
        errors["code"] = [
            _(
                "Koden får bara innehålla bokstäver a–z, siffror, punkt, - och _ och ska börja "
                "med en bokstav eller siffra."
            )
        ]
    elif PlanItem.objects.filter(plan=plan, code=code).exists():
        errors["code"] = [_("Postkoden %(code)s finns redan i planen.") % {"code": code}]
    if not title:
        errors["title"] = [_("Ange en rubrik.")]
    elif len(title) > column_max_length(PlanItem, "title"):
        errors["title"] = [
            _("Texten är %(length)s tecken; högst %(maximum)s tecken får plats.")
            % {"length": len(title), "maximum": column_max_length(PlanItem, "title")}
        ]
    if level.plan_id != plan.pk:
        errors["level"] = [_("Nivån hör till en annan plan.")]
    elif kind not in level.kinds:
        errors["kind"] = [
            _("Typen %(kind)s är inte tillåten på nivån %(level)s (tillåtna: %(kinds)s).")
            % {
                "kind": ItemKind(kind).label if kind in ItemKind.values else kind,
                "level": level.name,
                "kinds": ", ".join(str(ItemKind(k).label) for k in level.kinds),
            }
        ]
    if parent is not None and parent.plan_id != plan.pk:
        errors["parent"] = [_("Den överordnade posten hör till en annan plan.")]
    if errors:
        raise ValidationError(errors)
    _check_level(level, parent, field="level")
    _owner_on_plan_end(plan, owner)
    item = PlanItem(
        plan=plan,
        parent=parent,
        level=level,
        kind=kind,
        code=code,
        title=title,
        owner=owner,
        order=len(_siblings(plan, parent)) + 1,
    )
    save_as(item, user)
    if kind == ItemKind.INDICATOR:
        save_as(Indicator(item=item), user)
    return item


@transaction.atomic
def plan_item_move(*, item: PlanItem, parent: PlanItem | None, position: int, user) -> PlanItem:
    """Put the item under `parent` (None: the top of the plan) as its `position`th child
    (1 is first; beyond the end is last); its children move with it."""
    item = PlanItem.objects.select_for_update().select_related("plan", "level").get(pk=item.pk)
    _require_manage(item.plan, user)
    ensure_plan_items_editable(item.plan)
    if parent is not None:
        if parent.plan_id != item.plan_id:
            raise ValidationError(
                {"parent": _("En post kan bara flyttas inom sin egen plan.")}, code="plan"
            )
        ancestor: PlanItem | None = parent
        while ancestor is not None:
            if ancestor.pk == item.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "En post kan inte flyttas under sig själv eller sina underposter."
                        )
                    },
                    code="cycle",
                )
            ancestor = ancestor.parent
    _check_level(item.level, parent)
    if position < 1:
        raise ValidationError({"position": _("Ange en plats från 1 och uppåt.")}, code="min")
    siblings = _siblings(item.plan, parent, exclude=item)
    siblings.insert(min(position, len(siblings) + 1) - 1, item)
    old_parent_id = item.parent_id
    if old_parent_id != (parent.pk if parent else None):
        item.parent = parent
        item.order = siblings.index(item) + 1
        save_as(item, user)
        old = PlanItem.objects.filter(pk=old_parent_id).first() if old_parent_id else None
        _renumber(_siblings(item.plan, old), user)
    _renumber(siblings, user)
    return item


@transaction.atomic
def target_create(
    *,
    item: PlanItem,
    kind: str,
    value: Decimal | None,
    text: str,
    year: int | None,
    scope: str,
    user,
) -> Target:
    """A new target of the item, last in its order; its direction is the indicator's."""
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    _require_manage(item.plan, user)
    ensure_plan_items_editable(item.plan)
    if kind not in TargetKind.values:
        raise ValidationError({"kind": _("Välj en måltyp.")}, code="invalid")
    text = clean_line(text).strip()
    scope = clean_line(scope).strip()
    check_length(text, column_max_length(Target, "text"), "text")
    check_length(scope, column_max_length(Target, "scope"), "scope")
    if kind in (TargetKind.THRESHOLD, TargetKind.COUNT) and value is None:
        raise ValidationError(
            {"value": _("Ett gränsvärde eller antal behöver ett målvärde.")}, code="required"
        )
    indicator = Indicator.objects.filter(item=item).first()
    last = item.targets.order_by("-order").values_list("order", flat=True).first()
    target = Target(
        item=item,
        kind=kind,
        value=value,
        text=text,
        year=year,
        scope=scope,
        direction=indicator.direction if indicator else Target._meta.get_field("direction").default,
        order=(last or 0) + 1,
    )
    save_as(target, user)
    return target


@transaction.atomic
def target_delete(*, target: Target, user) -> int:
    """Remove a target. The statuses already suggested from it stay as they were; the
    history records the removal and how many of the item's assessments it had judged.
    Returns that number."""
    target = Target.objects.select_for_update().select_related("item__plan").get(pk=target.pk)
    _require_manage(target.item.plan, user)
    ensure_plan_items_editable(target.item.plan)
    judged = target.item.assessments.filter(status_suggested__isnull=False).count()
    if judged:
        reason = _("Borttaget; %(count)s bedömningar hade statusförslag från posten.") % {
            "count": judged
        }
        setattr(target, "_change_reason", reason[:100])  # noqa: B010 - simple-history's name
    delete_as(target, user)
    return judged


def _and(parts: list[str]) -> str:
    """ "a", "a och b", "a, b och c"."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(first)s och %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def item_deletion_refusal(deletion: ItemDeletion) -> str | None:
    """Why the item may not be removed (Swedish, with how many and where), or None."""
    if not deletion.uses:
        return None
    parts = []
    for use in deletion.uses:
        if use.where:
            rounds = ", ".join(
                _("%(round)s (%(count)s)") % {"round": code, "count": n} for code, n in use.where
            )
            parts.append(
                ngettext(
                    "%(count)s bedömning i %(rounds)s",
                    "%(count)s bedömningar i %(rounds)s",
                    use.count,
                )
                % {"count": use.count, "rounds": rounds}
            )
        else:
            parts.append(_("%(count)s %(what)s") % {"count": use.count, "what": use.what})
    return _(
        "Posten %(code)s kan inte tas bort: den eller poster under den har %(uses)s. "
        "Det som har rapporterats på en post tas aldrig bort."
    ) % {"code": deletion.item.code, "uses": _and(parts)}


@transaction.atomic
def plan_item_delete(*, item: PlanItem, user) -> ItemDeletion:
    """Remove the item with the items below it, their targets and measurement details,
    when nothing was reported on any of them in any round; the siblings close up. Items
    elsewhere inherited from them lose the link. Returns what was removed."""
    item = PlanItem.objects.select_related("plan").get(pk=item.pk)
    _require_manage(item.plan, user)
    ensure_plan_items_editable(item.plan)
    plan = Plan.objects.select_for_update().get(pk=item.plan_id)  # new items wait
    item = PlanItem.objects.select_for_update().select_related("plan", "level").get(pk=item.pk)
    deletion = item_deletion(item)
    refusal = item_deletion_refusal(deletion)
    if refusal:
        raise ValidationError(refusal, code="in_use")
    for inheritor in deletion.inherited:
        inheritor.inherited_from = None
        save_as(inheritor, user, update_fields=["inherited_from"])
    reason = ngettext(
        "Borttagen med %(below)s underpost och %(targets)s målvärden.",
        "Borttagen med %(below)s underposter och %(targets)s målvärden.",
        len(deletion.below),
    ) % {"below": len(deletion.below), "targets": len(deletion.targets)}
    # Every row the removal takes (the items below, targets, indicators, links to
    # statistics) gets its history row of the removal, naming `user`.
    collector = Collector(using=router.db_for_write(PlanItem))
    try:
        collector.collect([item])
    except ProtectedError as exc:  # reported on in the meantime
        raise ValidationError(
            item_deletion_refusal(item_deletion(item)) or str(exc), code="in_use"
        ) from exc
    for instances in collector.data.values():
        for instance in instances:
            setattr(instance, "_history_user", user)  # noqa: B010 - simple-history's name
    setattr(item, "_change_reason", reason[:100])  # noqa: B010 - simple-history's name
    parent = item.parent
    collector.delete()
    _renumber(_siblings(plan, parent), user)
    return deletion
