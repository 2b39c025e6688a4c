"""/api/v1/plans: the plans you may read and their items."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from styra.access.models import TokenScope

from . import selectors
from .auth import require_scope
from .schemas import READ_ERRORS, READ_ONE_ERRORS, ItemOut, PlanOut

router = Router(tags=["planer"])


@router.get("", response={200: list[PlanOut], **READ_ERRORS})
def plan_list(request: HttpRequest) -> list[PlanOut]:
    user = require_scope(TokenScope.READ)
    return [
        PlanOut(
            code=p.code,
            name=p.name,
            unit=p.unit.code,
            period_start=p.period_start,
            period_end=p.period_end,
        )
        for p in selectors.plans_visible(user)
    ]


@router.get("/{code}/items", response={200: list[ItemOut], **READ_ONE_ERRORS})
def plan_items(request: HttpRequest, code: str) -> list[ItemOut]:
    """The plan's items you may read, in the plan's order."""
    user = require_scope(TokenScope.READ)
    plan = selectors.plan_visible(user, code)
    return [
        ItemOut(
            code=i.code,
            kind=i.kind,
            level=i.level.code,
            number=i.number,
            title=i.title,
            parent=i.parent.code if i.parent else None,
            owner=i.owner.code if i.owner else None,
            co_owners=[u.code for u in i.co_owners.all()],
            frequency=i.frequency,
        )
        for i in selectors.items_visible(plan, user)
    ]
