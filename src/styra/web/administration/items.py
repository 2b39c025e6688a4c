"""Plan items: a new item, one item's title, owner, co-owners and place in the plan, its
targets; an item removed after a page that lists what goes with it.

The writes are `followup.services.plan_item_create`, `plan_item_update`,
`plan_item_move`, `plan_item_delete`, `target_create`, `target_update` and
`target_delete`, which refuse once a round of the plan is locked.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from styra.access import permissions
from styra.followup import services as followup_services
from styra.followup.selectors import item_deletion
from styra.formats import numbers as numformat
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import Plan, PlanItem, PlanLevel, Target

from .common import form_saved
from .forms import (
    ConfirmForm,
    PlanItemCreateForm,
    PlanItemForm,
    PlanItemMoveForm,
    TargetCreateForm,
    TargetForm,
)


def _item(request, plan_code: str, item_code: str) -> PlanItem:
    item = get_object_or_404(
        PlanItem.objects.select_related("plan", "plan__unit", "owner", "level").prefetch_related(
            "co_owners"
        ),
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
        initial={
            "title": item.title,
            "owner": item.owner.code if item.owner else None,
            "co_owners": [unit.code for unit in item.co_owners.all()],
        },
        units=Unit.objects.filter(pk__in=names),
        names=names,
        plan_unit=item.plan.unit.code,
        prefix="post",
    )


def _back(item: PlanItem) -> str:
    """The item's page, where its writes lead back to."""
    return reverse("administration:item_edit", args=[item.plan.code, item.code])


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


def _locked(plan: Plan) -> str | None:
    try:
        followup_services.ensure_plan_items_editable(plan)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def _plan_items(plan: Plan):
    return PlanItem.objects.filter(plan=plan).order_by("level__order", "order", "pk")


def _move_form(item: PlanItem, data=None) -> PlanItemMoveForm:
    siblings = PlanItem.objects.filter(plan=item.plan, parent=item.parent_id)
    position = list(siblings.order_by("order", "pk").values_list("pk", flat=True)).index(item.pk)
    return PlanItemMoveForm(
        data,
        items=_plan_items(item.plan).exclude(pk=item.pk),
        initial={"parent": item.parent.code if item.parent else None, "position": position + 1},
        prefix="flytt",
    )


def _page(
    request,
    item: PlanItem,
    form,
    targets,
    status: int = 200,
    move_form=None,
    new_target_form=None,
):
    return render(
        request,
        "administration/item_edit.html",
        {
            "item": item,
            "plan": item.plan,
            "form": form,
            "targets": targets,
            "move_form": move_form or _move_form(item),
            "new_target_form": new_target_form or TargetCreateForm(prefix="nytt-mal"),
            "locked": _locked(item.plan),
            "may_have_children": PlanLevel.objects.filter(parent=item.level_id).exists(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, plan_code: str, item_code: str):
    """GET: the item's title, owner, co-owners and targets. POST: save the first three."""
    item = _item(request, plan_code, item_code)
    form = _item_form(item, request.POST or None)
    if request.method == "GET":
        return _page(request, item, form, _target_forms(item))
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.plan_item_update(
            item=item,
            title=data["title"],
            owner=data["owner"],
            co_owners=list(data["co_owners"]),
            user=request.user,
        ),
        success=_("Posten är sparad."),
        to=_back(item),
    )
    return saved or _page(request, item, form, _target_forms(item), status=400)


@login_required
@require_POST
def target_edit(request, plan_code: str, item_code: str, pk: int):
    item = _item(request, plan_code, item_code)
    target = get_object_or_404(Target, pk=pk, item=item)
    targets = _target_forms(item, bound=target.pk, data=request.POST)
    form = next(f for t, f in targets if t.pk == target.pk)
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.target_update(
            target=target, value=data["value"], text=data["text"], user=request.user
        ),
        success=_("Målvärdet är sparat."),
        to=_back(item),
    )
    return saved or _page(request, item, _item_form(item), targets, status=400)


@login_required
@require_POST
def item_move(request, plan_code: str, item_code: str):
    """Another parent in the same plan, and the item's place among its siblings."""
    item = _item(request, plan_code, item_code)
    form = _move_form(item, request.POST)
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.plan_item_move(
            item=item, parent=data["parent"], position=data["position"], user=request.user
        ),
        success=_("Posten är flyttad."),
        to=_back(item),
    )
    return saved or _page(
        request, item, _item_form(item), _target_forms(item), status=400, move_form=form
    )


@login_required
@require_POST
def target_new(request, plan_code: str, item_code: str):
    item = _item(request, plan_code, item_code)
    form = TargetCreateForm(request.POST, prefix="nytt-mal")
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.target_create(
            item=item,
            kind=data["kind"],
            value=data["value"],
            text=data["text"],
            year=data["year"],
            scope=data["scope"],
            user=request.user,
        ),
        success=_("Målvärdet är tillagt."),
        to=_back(item),
    )
    return saved or _page(
        request, item, _item_form(item), _target_forms(item), status=400, new_target_form=form
    )


@login_required
@require_POST
def target_delete(request, plan_code: str, item_code: str, pk: int):
    item = _item(request, plan_code, item_code)
    target = get_object_or_404(Target, pk=pk, item=item)
    try:
        judged = followup_services.target_delete(target=target, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return _page(request, item, _item_form(item), _target_forms(item), status=400)
    if judged:
        messages.success(
            request,
            _(
                "Målvärdet är borttaget. Statusförslagen i postens %(count)s bedömningar "
                "står kvar; historiken visar borttagningen."
            )
            % {"count": judged},
        )
    else:
        messages.success(request, _("Målvärdet är borttaget."))
    return redirect("administration:item_edit", item.plan.code, item.code)


def _create_form(plan: Plan, data=None, initial=None) -> PlanItemCreateForm:
    names = dict(unit_versions_on(plan.period_end).values_list("unit_id", "name"))
    return PlanItemCreateForm(
        data,
        initial=initial,
        items=_plan_items(plan),
        levels=PlanLevel.objects.filter(plan=plan).order_by("order", "pk"),
        units=Unit.objects.filter(pk__in=names),
        names=names,
        plan_unit=plan.unit.code,
        prefix="ny",
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request, plan_code: str):
    """GET: the form for a new item (`?under=<code>`: under that item). POST: create it."""
    plan = get_object_or_404(Plan.objects.select_related("unit"), code=plan_code)
    permissions.require(
        permissions.can_manage_plan(request.user, plan),
        _("Endast controller eller administratör för planens enhet får ändra planens poster."),
    )
    initial = {}
    under = PlanItem.objects.filter(plan=plan, code=request.GET.get("under", "")).first()
    if under is not None:
        initial["parent"] = under.code
        below = PlanLevel.objects.filter(plan=plan, parent=under.level_id).first()
        if below is not None:
            initial["level"] = below.code
    form = _create_form(plan, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        saved = form_saved(
            request,
            form,
            lambda data: followup_services.plan_item_create(
                plan=plan,
                parent=data["parent"],
                level=data["level"],
                kind=data["kind"],
                code=data["code"],
                title=data["title"],
                owner=data["owner"],
                user=request.user,
            ),
            success=_("Posten är skapad."),
            to=_back,
        )
        if saved:
            return saved
        status = 400
    return render(
        request,
        "administration/item_new.html",
        {"plan": plan, "form": form, "under": under, "locked": _locked(plan)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request, plan_code: str, item_code: str):
    """GET: what removing the item takes with it (the items below, the targets), or why
    it cannot be removed. POST with the box ticked: remove it."""
    item = _item(request, plan_code, item_code)
    form = ConfirmForm(request.POST if request.method == "POST" else None, prefix="bort")
    status = 200
    if request.method == "POST":
        saved = form_saved(
            request,
            form,
            lambda data: followup_services.plan_item_delete(item=item, user=request.user),
            success=lambda data, deletion: (
                _(
                    "Posten %(code)s %(title)s är borttagen, med %(below)s underposter och "
                    "%(targets)s målvärden."
                )
                % {
                    "code": item.code,
                    "title": item.title,
                    "below": len(deletion.below),
                    "targets": len(deletion.targets),
                }
            ),
            to=reverse("web:plan_detail", args=[item.plan.code]),
        )
        if saved:
            return saved
        status = 400
    deletion = item_deletion(item)
    return render(
        request,
        "administration/item_delete.html",
        {
            "item": item,
            "plan": item.plan,
            "deletion": deletion,
            "refusal": followup_services.item_deletion_refusal(deletion),
            "locked": _locked(item.plan),
            "form": form,
        },
        status=status,
    )
