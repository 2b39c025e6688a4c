"""What the administration pages share: who may use them, the start page, the day, how a
posted form is written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from styra.access import permissions
from styra.access.selectors import unit_ids_with_role_on
from styra.plans.models import Plan, PlanLevel, PlanScale, StatusScale

from .forms import AccessibleForm

T = TypeVar("T")


def require_administration(user) -> None:
    permissions.require(
        permissions.may_administer_anything(user),
        _("Administrationen är för controller och administratörer."),
    )


def manageable_plans(user) -> list[Plan]:
    """The plans whose rounds `user` may manage (`permissions.can_manage_round`), in two
    queries however many plans there are."""
    plans = list(Plan.objects.select_related("unit").order_by("-period_end", "code"))
    if permissions.is_superuser(user):
        return plans
    on = unit_ids_with_role_on(user, permissions.MANAGE_ROLES, [p.period_end for p in plans])
    return [p for p in plans if p.unit_id in on[p.period_end]]


def form_saved(
    request: HttpRequest,
    form: AccessibleForm,
    write: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[dict[str, Any], T], str],
    to: str | Callable[[T], str],
    fields_by_code: dict[str, str] | None = None,
) -> HttpResponse | None:
    """A posted form handed to its service: when the form is valid, `result =
    write(cleaned_data)`, then the `success` message (or `success(cleaned_data, result)`)
    and a redirect to `to`, a URL or URL name (or `to(result)`).

    None when the form is invalid or the service refused with a `ValidationError`, which
    `add_service_error` puts on the form: the view shows the form again. A
    `PermissionDenied` goes on up to the 403 page."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        result = write(data)
    except ValidationError as exc:
        form.add_service_error(exc, fields_by_code)
        return None
    messages.success(request, success(data, result) if callable(success) else success)
    return redirect(to(result) if callable(to) else to)


def page_day(request) -> date:
    """The day the organisation is shown as of: `?datum=ÅÅÅÅ-MM-DD`, else today."""
    raw = request.GET.get("datum", "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def scales_of(plans: list[Plan]) -> list[StatusScale]:
    """The status scales the plans use (for an item kind or a level), in two queries."""
    ids = set(PlanScale.objects.filter(plan__in=plans).values_list("scale_id", flat=True))
    ids |= set(
        PlanLevel.objects.filter(plan__in=plans, scale__isnull=False).values_list(
            "scale_id", flat=True
        )
    )
    return list(StatusScale.objects.filter(pk__in=ids).order_by("name"))


@login_required
@require_GET
def index(request):
    require_administration(request.user)
    plans = manageable_plans(request.user)
    return render(
        request,
        "administration/index.html",
        {
            "plans": plans,
            "scales": scales_of(plans),
            "may_change_organisation": permissions.may_administer_units(request.user),
        },
    )
