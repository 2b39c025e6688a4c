"""Users and their roles per unit: every account with its roles, who holds what where,
give a role, take one away (the accounts themselves: `accounts.py`).

A controller sees and changes the roles on the units under their own; an administrator
also the administrator role. What may be given is `permissions.role_granter`'s answer,
asked by the services again on every write.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from styra.access import permissions
from styra.access import services as access_services
from styra.access.models import Role, UnitRole
from styra.access.selectors import accounts_with_roles, unit_ids_with_role
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on

from .common import form_saved, require_administration
from .forms import RoleGrantForm


def _scope(user, day) -> set[int] | None:
    """The units whose roles `user` administers on `day`; None for every unit."""
    if permissions.is_superuser(user):
        return None
    return unit_ids_with_role(user, permissions.MANAGE_ROLES, day)


def _grant_form(request, day, data=None) -> RoleGrantForm:
    scope = _scope(request.user, day)
    names = dict(unit_versions_on(day).values_list("unit_id", "name"))
    units = Unit.objects.filter(pk__in=names if scope is None else scope & set(names))
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    initial = {"holder": request.GET.get("anvandare", "")}
    return RoleGrantForm(
        data, users=users, units=units, names=names, prefix="roll", initial=initial
    )


def _accounts(scope: set[int] | None) -> list[dict]:
    """Every account with its roles on the acting user's units: two queries."""
    return [
        {
            "account": account,
            "roles": [r for r in account.unit_roles.all() if scope is None or r.unit_id in scope],
        }
        for account in accounts_with_roles()
    ]


def _page(request, form: RoleGrantForm, status: int = 200):
    day = timezone.localdate()
    scope = _scope(request.user, day)
    names = dict(unit_versions_on(day).values_list("unit_id", "name"))
    roles = UnitRole.objects.select_related("user", "unit").order_by(
        "user__username", "unit__code", "role"
    )
    if scope is not None:
        roles = roles.filter(unit_id__in=scope)
    may = permissions.role_granter(request.user, day)
    rows = [
        {
            "role": r,
            "unit_name": names.get(r.unit_id),
            "may_revoke": may(r.unit_id, r.role, r.inherit),
        }
        for r in roles
    ]
    return render(
        request,
        "administration/users.html",
        {
            "rows": rows,
            "accounts": _accounts(scope),
            "form": form,
            "day": day,
            "roles": Role,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def users(request):
    """GET: every user's roles on the units the acting user administers. POST: give one."""
    require_administration(request.user)
    day = timezone.localdate()
    form = _grant_form(request, day, request.POST or None)
    if request.method == "GET":
        return _page(request, form)
    saved = form_saved(
        request,
        form,
        lambda data: access_services.unit_role_grant(
            holder=data["holder"],
            unit=data["unit"],
            role=data["role"],
            inherit=data["inherit"],
            user=request.user,
        ),
        success=lambda data, granted: (
            _("%(user)s har fått rollen %(role)s på %(unit)s.")
            % {
                "user": data["holder"].get_username(),
                "role": Role(data["role"]).label,
                "unit": data["unit"].code,
            }
        ),
        to="administration:users",
    )
    return saved or _page(request, form, status=400)


@login_required
@require_POST
def role_revoke(request, pk: int):
    require_administration(request.user)
    unit_role = get_object_or_404(UnitRole.objects.select_related("user", "unit"), pk=pk)
    access_services.unit_role_revoke(unit_role=unit_role, user=request.user)
    messages.success(
        request,
        _("Rollen %(role)s på %(unit)s är borttagen för %(user)s.")
        % {
            "role": unit_role.get_role_display(),
            "unit": unit_role.unit.code,
            "user": unit_role.user.get_username(),
        },
    )
    return redirect("administration:users")
