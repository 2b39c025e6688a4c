"""One plan item: its title, its owner and its targets' values and texts.

The writes are `followup.services.plan_item_update` and `target_update`, which refuse
once a round of the plan is locked.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from styra.access import permissions
from styra.followup import services as followup_services
from styra.formats import numbers as numformat
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import PlanItem, Target

from .forms import PlanItemForm, TargetForm


def _item(request, plan_code: str, item_code: str) -> PlanItem:
    item = get_object_or_404(
        PlanItem.objects.select_related("plan", "plan__unit", "owner", "level"),
        plan__code=plan_code,
        code=item_code,
    )
    permissions.require(
        permissions.can_manage_plan(request.user, item.plan),
        _("Endast controller eller administratör för planens enhet får ändra planens poster."),
    )
    return item


def _item_form(item: PlanItem, data=None) -> PlanItemForm:
    names = dict(unit_versions_on(item.plan.period_end).values_list("unit_id", "name"))
    return PlanItemForm(
        data,
        initial={"title": item.title, "owner": item.owner.code if item.owner else None},
        units=Unit.objects.filter(pk__in=names),
        names=names,
        plan_unit=item.plan.unit.code,
        prefix="post",
    )


def _number(value) -> str:
    """A stored target value as people type it: Decimal('5.500000') → '5,5'."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return numformat.format_number(value, decimals)


def _target_forms(item: PlanItem, bound: int | None = None, data=None) -> list:
    return [
        (
            target,
            TargetForm(
                data if target.pk == bound else None,
                initial={"value": _number(target.value), "text": target.text},
                prefix=f"mal-{target.pk}",
            ),
        )
        for target in item.targets.order_by("order", "pk")
    ]


def _page(request, item: PlanItem, form, targets, status: int = 200):
    locked = None
    try:
        followup_services.ensure_plan_items_editable(item.plan)
    except ValidationError as exc:
        locked = exc.messages[0]
    return render(
        request,
        "administration/item_edit.html",
        {"item": item, "plan": item.plan, "form": form, "targets": targets, "locked": locked},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, plan_code: str, item_code: str):
    """GET: the item's title, owner and targets. POST: save the title and owner."""
    item = _item(request, plan_code, item_code)
    form = _item_form(item, request.POST or None)
    if request.method == "GET":
        return _page(request, item, form, _target_forms(item))
    if form.is_valid():
        try:
            followup_services.plan_item_update(
                item=item,
                title=form.cleaned_data["title"],
                owner=form.cleaned_data["owner"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Posten är sparad."))
            return redirect("administration:item_edit", item.plan.code, item.code)
    return _page(request, item, form, _target_forms(item), status=400)


@login_required
@require_POST
def target_edit(request, plan_code: str, item_code: str, pk: int):
    item = _item(request, plan_code, item_code)
    target = get_object_or_404(Target, pk=pk, item=item)
    targets = _target_forms(item, bound=target.pk, data=request.POST)
    form = next(f for t, f in targets if t.pk == target.pk)
    if form.is_valid():
        try:
            followup_services.target_update(
                target=target,
                value=form.cleaned_data["value"],
                text=form.cleaned_data["text"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Målvärdet är sparat."))
            return redirect("administration:item_edit", item.plan.code, item.code)
    return _page(request, item, _item_form(item), targets, status=400)
