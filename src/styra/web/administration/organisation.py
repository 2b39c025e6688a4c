"""The organisation tree with its cost centres, as of a day; a new unit under a parent,
a new cost centre, a cost centre moved to another unit from a date (a reorganisation).

Controllers read it; the writes are `styra.orgadmin.services`', which need an
administrator of the units they touch.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from styra.access import permissions
from styra.access.selectors import unit_ids_with_role
from styra.org.models import CostCentre, CostCentreMapping, Unit
from styra.org.selectors import TreeNode, tree_as_of, unit_versions_on
from styra.orgadmin import services as org_services

from .common import form_saved, page_day, require_administration
from .forms import (
    CostCentreAssignForm,
    CostCentreCreateForm,
    UnitCreateForm,
    UnitMoveForm,
    UnitRenameForm,
)

FORMS = {"unit": "enhet", "move": "flytta", "rename": "namn", "centre": "kst", "assign": "koppla"}
KINDS = {
    "unit": UnitCreateForm,
    "move": UnitMoveForm,
    "rename": UnitRenameForm,
    "centre": CostCentreCreateForm,
    "assign": CostCentreAssignForm,
}


def _units_administered(user, day: date):
    names = dict(unit_versions_on(day).values_list("unit_id", "name"))
    ids = set(names)
    if not permissions.is_superuser(user):
        ids &= unit_ids_with_role(user, permissions.ADMIN_ROLES, day)
    return Unit.objects.filter(pk__in=ids), names


def _forms(request, bound: str | None = None) -> dict:
    today = timezone.localdate()
    units, names = _units_administered(request.user, today)
    data = request.POST if bound else None
    return {
        key: form_class(data if key == bound else None, units=units, names=names, prefix=FORMS[key])
        for key, form_class in KINDS.items()
    }


def _page(request, forms: dict, status: int = 200):
    day = page_day(request)
    centres: dict[int, list[CostCentre]] = {}
    mapped: set[int] = set()
    on_day = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    for mapping in (
        CostCentreMapping.objects.filter(on_day)
        .select_related("cost_centre")
        .order_by("cost_centre__code")
    ):
        centres.setdefault(mapping.unit_id, []).append(mapping.cost_centre)
        mapped.add(mapping.cost_centre_id)

    def branch(node: TreeNode) -> dict:
        return {
            "node": node,
            "centres": centres.get(node.unit_id, []),
            "children": [branch(child) for child in node.children],
        }

    roots = [branch(root) for root in tree_as_of(day)]
    unmapped = CostCentre.objects.exclude(pk__in=mapped).order_by("code")
    return render(
        request,
        "administration/organisation.html",
        {
            "roots": roots,
            "day": day,
            "unmapped": unmapped,
            "may_change": permissions.may_administer_units(request.user),
            **forms,
        },
        status=status,
    )


@login_required
@require_GET
def organisation(request):
    require_administration(request.user)
    return _page(request, _forms(request))


@login_required
@require_POST
def unit_new(request):
    require_administration(request.user)
    forms = _forms(request, "unit")
    saved = form_saved(
        request,
        forms["unit"],
        lambda data: org_services.unit_create(
            code=data["code"],
            name=data["name"],
            unit_type=data["unit_type"],
            parent=data["parent"],
            valid_from=data["valid_from"],
            user=request.user,
        ),
        success=lambda data, unit: (
            _("Enheten %(code)s %(name)s är skapad från %(day)s.")
            % {"code": unit.code, "name": data["name"], "day": data["valid_from"]}
        ),
        to="administration:organisation",
        fields_by_code={"code_taken": "code", "unit_missing": "parent"},
    )
    return saved or _page(request, forms, status=400)


@login_required
@require_POST
def cost_centre_new(request):
    require_administration(request.user)
    forms = _forms(request, "centre")
    saved = form_saved(
        request,
        forms["centre"],
        lambda data: org_services.cost_centre_create(
            code=data["code"],
            name=data["name"],
            unit=data["unit"],
            valid_from=data["valid_from"],
            user=request.user,
        ),
        success=lambda data, centre: (
            _("Kostnadsstället %(code)s hör till %(unit)s från %(day)s.")
            % {"code": centre.code, "unit": data["unit"].code, "day": data["valid_from"]}
        ),
        to="administration:organisation",
        fields_by_code={"code_taken": "code", "unit_missing": "unit"},
    )
    return saved or _page(request, forms, status=400)


@login_required
@require_POST
def cost_centre_assign(request):
    require_administration(request.user)
    forms = _forms(request, "assign")
    saved = form_saved(
        request,
        forms["assign"],
        lambda data: org_services.cost_centre_assign(
            cost_centre=data["cost_centre"],
            unit=data["unit"],
            effective=data["effective"],
            user=request.user,
        ),
        success=lambda data, mapping: (
            _("Kostnadsstället %(code)s hör till %(unit)s från %(day)s.")
            % {
                "code": data["cost_centre"].code,
                "unit": data["unit"].code,
                "day": data["effective"],
            }
        ),
        to="administration:organisation",
        fields_by_code={"unit_missing": "unit"},
    )
    return saved or _page(request, forms, status=400)


@login_required
@require_POST
def unit_move(request):
    """A reorganisation: the unit sits under another parent from a date."""
    require_administration(request.user)
    forms = _forms(request, "move")
    saved = form_saved(
        request,
        forms["move"],
        lambda data: org_services.unit_move(
            unit=data["unit"],
            new_parent=data["new_parent"],
            effective=data["effective"],
            user=request.user,
        ),
        success=lambda data, version: (
            _("Enheten %(code)s ligger under %(parent)s från %(day)s.")
            % {
                "code": data["unit"].code,
                "parent": data["new_parent"].code,
                "day": data["effective"],
            }
        ),
        to="administration:organisation",
        fields_by_code={"unit_missing": "unit", "cycle": "new_parent"},
    )
    return saved or _page(request, forms, status=400)


@login_required
@require_POST
def unit_rename(request):
    require_administration(request.user)
    forms = _forms(request, "rename")
    saved = form_saved(
        request,
        forms["rename"],
        lambda data: org_services.unit_rename(
            unit=data["unit"],
            name=data["name"],
            short_name=data["short_name"],
            effective=data["effective"],
            user=request.user,
        ),
        success=lambda data, version: (
            _("Enheten %(code)s heter %(name)s från %(day)s.")
            % {"code": data["unit"].code, "name": data["name"], "day": data["effective"]}
        ),
        to="administration:organisation",
        fields_by_code={"unit_missing": "unit"},
    )
    return saved or _page(request, forms, status=400)
