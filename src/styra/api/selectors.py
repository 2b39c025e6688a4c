"""What the API reads, with the same visibility rules as the pages.

Each function runs a bounded number of queries, whatever the size of the answer
(tests/api/test_selectors.py counts them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Assessment, AssessmentValue, Round
from styra.org.models import Unit
from styra.plans.models import Plan, PlanItem
from styra.plans.selectors import plan_is_viewable, plan_items

from .errors import not_found

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def plans_visible(user: User) -> list[Plan]:
    """The plans `user` may read, as on the plan list page."""
    return [
        plan
        for plan in Plan.objects.select_related("unit").order_by("-period_start", "code")
        if plan_is_viewable(plan, permissions.viewable_unit_ids(user, plan.period_end))
    ]


def plan_visible(user: User, code: str) -> Plan:
    """The plan `code`, or 404 when there is none or `user` may not read it (the API does
    not tell an outsider which codes exist)."""
    plan = Plan.objects.select_related("unit").filter(code=code).first()
    if plan is None or not plan_is_viewable(
        plan, permissions.viewable_unit_ids(user, plan.period_end)
    ):
        raise not_found(_plan_missing(code))
    return plan


def _plan_missing(code: str) -> str:
    return _("Planen %(code)s finns inte.") % {"code": code}


def items_visible(plan: Plan, user: User) -> list[PlanItem]:
    """The plan's items `user` may read, in plan order."""
    unit_ids = permissions.viewable_unit_ids(user, plan.period_end)
    return [
        item
        for item in plan_items(plan).select_related("plan", "parent")
        if permissions.item_is_viewable(item, unit_ids)
    ]


def rounds_visible(user: User) -> list[Round]:
    plans = {plan.pk for plan in plans_visible(user)}
    return [
        r
        for r in Round.objects.select_related("plan").order_by("-period_end", "code")
        if r.plan_id in plans
    ]


def round_visible(user: User, code: str) -> Round:
    round_ = Round.objects.select_related("plan", "plan__unit").filter(code=code).first()
    if round_ is None or not plan_is_viewable(
        round_.plan, permissions.viewable_unit_ids(user, round_.period_end)
    ):
        raise not_found(_("Uppföljningstillfället %(code)s finns inte.") % {"code": code})
    return round_


def round_item(round_: Round, code: str) -> PlanItem:
    """The item `code` of the round's plan (404 when there is none)."""
    item = (
        round_.plan.items.select_related("plan", "plan__unit", "owner", "level")
        .prefetch_related("co_owners")
        .filter(code=code)
        .first()
    )
    if item is None:
        raise not_found(
            _("Posten %(item)s finns inte i planen %(plan)s.")
            % {"item": code, "plan": round_.plan.code}
        )
    return item


def _assessments(round_: Round) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(round=round_)
        .select_related(
            "item",
            "item__plan",
            "item__plan__unit",
            "item__owner",
            "status",
            "status_suggested",
            "updated_by",
        )
        .prefetch_related(
            Prefetch("values", queryset=AssessmentValue.objects.order_by("order", "pk")),
            Prefetch("item__co_owners", queryset=Unit.objects.order_by("code")),
        )
        .order_by("item__order", "item__pk")
    )


def assessments_visible(round_: Round, user: User) -> list[Assessment]:
    """The round's assessments of the items `user` may read."""
    unit_ids = permissions.viewable_unit_ids(user, round_.period_end)
    return [a for a in _assessments(round_) if permissions.item_is_viewable(a.item, unit_ids)]


def assessment_of(round_: Round, item: PlanItem) -> Assessment | None:
    return _assessments(round_).filter(item=item).first()
