"""A status scale: its name; its levels' label, symbol, colour, meaning and definition;
a new level; a level removed after a confirmation.

The writes are `followup.services.status_scale_update`, `status_level_update`,
`status_level_create` and `status_level_delete`: only whoever manages every plan using
the scale, and not after a round of one of them is locked.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from styra.access import permissions
from styra.followup import services as followup_services
from styra.plans.models import StatusLevel, StatusScale

from .forms import ConfirmForm, ScaleNameForm, StatusLevelCreateForm, StatusLevelForm


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


def _locked(scale: StatusScale) -> str | None:
    try:
        followup_services.ensure_scale_editable(scale)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def _page(request, scale, levels=None, new_form=None, name_form=None, status: int = 200):
    return render(
        request,
        "administration/scale_edit.html",
        {
            "scale": scale,
            "plans": followup_services.scale_plans(scale),
            "levels": levels or _level_forms(scale),
            "new_form": new_form or StatusLevelCreateForm(prefix="ny-niva"),
            "name_form": name_form or ScaleNameForm(initial={"name": scale.name}, prefix="skala"),
            "locked": _locked(scale),
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


@login_required
@require_POST
def scale_rename(request, scale_code: str):
    scale = _scale(request, scale_code)
    form = ScaleNameForm(request.POST, prefix="skala")
    if form.is_valid():
        try:
            followup_services.status_scale_update(
                scale=scale, name=form.cleaned_data["name"], user=request.user
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Skalans namn är sparat."))
            return redirect("administration:scale_edit", scale.code)
    return _page(request, scale, name_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def status_level_delete(request, scale_code: str, pk: int):
    """GET: the level and whether it may be removed (what uses it). POST with the box
    ticked: remove it."""
    scale = _scale(request, scale_code)
    level = get_object_or_404(StatusLevel, pk=pk, scale=scale)
    form = ConfirmForm(request.POST if request.method == "POST" else None, prefix="bort")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                followup_services.status_level_delete(level=level, user=request.user)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request, _("Nivån %(label)s är borttagen.") % {"label": level.label}
                )
                return redirect("administration:scale_edit", scale.code)
    return render(
        request,
        "administration/status_level_delete.html",
        {
            "scale": scale,
            "level": level,
            "plans": followup_services.scale_plans(scale),
            "refusal": followup_services.status_level_refusal(level),
            "last_of_meaning": not scale.levels.filter(meaning=level.meaning)
            .exclude(pk=level.pk)
            .exists(),
            "locked": _locked(scale),
            "form": form,
        },
        status=status,
    )
