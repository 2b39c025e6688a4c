"""A status scale's levels: label, symbol, colour, meaning and definition; a new level.

The writes are `followup.services.status_level_update` and `status_level_create`: only
whoever manages every plan using the scale, and not after a round of one of them is
locked.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from styra.access import permissions
from styra.followup import services as followup_services
from styra.plans.models import StatusLevel, StatusScale

from .forms import StatusLevelCreateForm, StatusLevelForm


def _scale(request, scale_code: str) -> StatusScale:
    scale = get_object_or_404(StatusScale, code=scale_code)
    permissions.require(
        followup_services.can_manage_scale(request.user, scale),
        _(
            "Endast controller eller administratör för alla planer som använder skalan får ändra den."
        ),
    )
    return scale


def _level_forms(scale: StatusScale, bound: int | None = None, data=None) -> list:
    return [
        (
            level,
            StatusLevelForm(
                data if level.pk == bound else None,
                initial={
                    "label": level.label,
                    "symbol": level.symbol,
                    "colour": level.colour,
                    "meaning": level.meaning,
                    "definition": level.definition,
                },
                prefix=f"niva-{level.pk}",
            ),
        )
        for level in scale.levels.order_by("order", "pk")
    ]


def _page(request, scale, levels=None, new_form=None, status: int = 200):
    locked = None
    try:
        followup_services.ensure_scale_editable(scale)
    except ValidationError as exc:
        locked = exc.messages[0]
    return render(
        request,
        "administration/scale_edit.html",
        {
            "scale": scale,
            "plans": followup_services.scale_plans(scale),
            "levels": levels or _level_forms(scale),
            "new_form": new_form or StatusLevelCreateForm(prefix="ny-niva"),
            "locked": locked,
        },
        status=status,
    )


@login_required
@require_GET
def scale_edit(request, scale_code: str):
    return _page(request, _scale(request, scale_code))


def _values(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in ("label", "symbol", "colour", "meaning", "definition")
    }


@login_required
@require_POST
def status_level_edit(request, scale_code: str, pk: int):
    scale = _scale(request, scale_code)
    level = get_object_or_404(StatusLevel, pk=pk, scale=scale)
    levels = _level_forms(scale, bound=level.pk, data=request.POST)
    form = next(f for lv, f in levels if lv.pk == level.pk)
    if form.is_valid():
        try:
            followup_services.status_level_update(level=level, **_values(form), user=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Statusnivån är sparad."))
            return redirect("administration:scale_edit", scale.code)
    return _page(request, scale, levels=levels, status=400)


@login_required
@require_POST
def status_level_new(request, scale_code: str):
    scale = _scale(request, scale_code)
    form = StatusLevelCreateForm(request.POST, prefix="ny-niva")
    if form.is_valid():
        try:
            followup_services.status_level_create(
                scale=scale, code=form.cleaned_data["code"], **_values(form), user=request.user
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Statusnivån är tillagd."))
            return redirect("administration:scale_edit", scale.code)
    return _page(request, scale, new_form=form, status=400)
