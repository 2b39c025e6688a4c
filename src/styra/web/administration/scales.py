"""A status scale: its name; its levels' label, symbol, colour, meaning and definition;
a new level; a level removed after a confirmation.

The writes are `followup.services.status_scale_update`, `status_level_update`,
`status_level_create` and `status_level_delete`: only whoever manages every plan using
the scale, and not after a round of one of them is locked.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from styra.access import permissions
from styra.followup import services as followup_services
from styra.plans.models import StatusLevel, StatusScale

from .common import form_saved
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


def _back(scale: StatusScale) -> str:
    return reverse("administration:scale_edit", args=[scale.code])


def _values(data: dict) -> dict:
    return {name: data[name] for name in ("label", "symbol", "colour", "meaning", "definition")}


@login_required
@require_POST
def status_level_edit(request, scale_code: str, pk: int):
    scale = _scale(request, scale_code)
    level = get_object_or_404(StatusLevel, pk=pk, scale=scale)
    levels = _level_forms(scale, bound=level.pk, data=request.POST)
    form = next(f for lv, f in levels if lv.pk == level.pk)
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.status_level_update(
            level=level, **_values(data), user=request.user
        ),
        success=_("Statusnivån är sparad."),
        to=_back(scale),
    )
    return saved or _page(request, scale, levels=levels, status=400)


@login_required
@require_POST
def status_level_new(request, scale_code: str):
    scale = _scale(request, scale_code)
    form = StatusLevelCreateForm(request.POST, prefix="ny-niva")
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.status_level_create(
            scale=scale, code=data["code"], **_values(data), user=request.user
        ),
        success=_("Statusnivån är tillagd."),
        to=_back(scale),
    )
    return saved or _page(request, scale, new_form=form, status=400)


@login_required
@require_POST
def scale_rename(request, scale_code: str):
    scale = _scale(request, scale_code)
    form = ScaleNameForm(request.POST, prefix="skala")
    saved = form_saved(
        request,
        form,
        lambda data: followup_services.status_scale_update(
            scale=scale, name=data["name"], user=request.user
        ),
        success=_("Skalans namn är sparat."),
        to=_back(scale),
    )
    return saved or _page(request, scale, name_form=form, status=400)


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
        saved = form_saved(
            request,
            form,
            lambda data: followup_services.status_level_delete(level=level, user=request.user),
            success=_("Nivån %(label)s är borttagen.") % {"label": level.label},
            to=_back(scale),
        )
        if saved:
            return saved
        status = 400
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
