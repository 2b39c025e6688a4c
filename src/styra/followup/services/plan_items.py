"""One plan item changed by hand (the web administration): its title and owner, and the
value and wording of its targets.

A plan file replaces a whole plan (`styra.plans.services.plan_save`); these change one
item. They live in the follow-up because the rounds build on the items: a round's
report prints the item's title, its owner decides who reports it and its targets judge
the outcome. So once a round of the plan is locked (fastställd) its items no longer
change, by this door; the next plan year gets its own plan.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.access.history import save_as
from styra.followup.models import Round, RoundState
from styra.formats.text import check_length, clean_line, column_max_length
from styra.org.models import Unit
from styra.org.selectors import unit_version_on
from styra.plans.models import Plan, PlanItem, Target, TargetKind

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
def plan_item_update(*, item: PlanItem, title: str, owner: Unit | None, user) -> PlanItem:
    """Change the item's title and owner unit (None: the plan's unit reports it)."""
    _require_manage(item.plan, user)
    ensure_plan_items_editable(item.plan)
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    title = clean_line(title).strip()
    if not title:
        raise ValidationError({"title": _("Ange en rubrik.")}, code="required")
    check_length(title, column_max_length(PlanItem, "title"), "title")
    if owner is not None and unit_version_on(owner, item.plan.period_end) is None:
        raise ValidationError(
            {
                "owner": _("Enheten %(code)s finns inte vid planperiodens slut (%(day)s).")
                % {"code": owner.code, "day": item.plan.period_end}
            },
            code="unit_missing",
        )
    item.title = title
    item.owner = owner
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
