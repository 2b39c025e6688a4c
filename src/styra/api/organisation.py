"""/api/v1/organisation: the unit tree on a day, and the cost centres of the units."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from styra.access import permissions
from styra.access.models import TokenScope
from styra.org.models import CostCentre, Unit
from styra.org.selectors import cost_centre_units_on, cost_centres_under, tree_as_of

from .auth import require_scope
from .errors import not_found, only_parameters
from .schemas import READ_ERRORS, READ_ONE_ERRORS, CostCentreOut, IsoDate, UnitOut

router = Router(tags=["organisation"])


@router.get("/units", response={200: list[UnitOut], **READ_ERRORS})
def units(request: HttpRequest, day: IsoDate | None = None) -> list[UnitOut]:
    """The organisation tree on `day` (default today), parents before their children.

    The tree is what every signed-in person sees in the web's pickers."""
    require_scope(TokenScope.READ)
    only_parameters(request.GET, "day")
    nodes = [node for root in tree_as_of(day or timezone.localdate()) for node in root.walk()]
    codes = {node.unit_id: node.code for node in nodes}
    return [
        UnitOut(
            code=node.code,
            name=node.name,
            short_name=node.short_name,
            type=node.type_name,
            parent=codes.get(node.parent_id) if node.parent_id else None,
            depth=node.depth,
        )
        for node in nodes
    ]


@router.get("/cost-centres", response={200: list[CostCentreOut], **READ_ONE_ERRORS})
def cost_centres(
    request: HttpRequest, unit: str | None = None, day: IsoDate | None = None
) -> list[CostCentreOut]:
    """The cost centres (kostnadsställen) on `day` of `unit` and the units under it, or
    of every unit whose data you may read."""
    user = require_scope(TokenScope.READ)
    only_parameters(request.GET, "unit", "day")
    day = day or timezone.localdate()
    by_centre = cost_centre_units_on(day)
    unit_codes = dict(Unit.objects.values_list("pk", "code"))
    if unit is not None:
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise not_found(_("Enheten %(code)s finns inte.") % {"code": unit})
        permissions.require(
            permissions.can_view_unit(user, found, day),
            _("Du har inte behörighet att läsa %(code)s.") % {"code": unit},
        )
        centres = list(cost_centres_under(found, day))
    else:
        readable = permissions.viewable_unit_ids(user, day)
        centres = [
            c
            for c in CostCentre.objects.filter(pk__in=list(by_centre)).order_by("code")
            if readable is None or by_centre[c.pk] in readable
        ]
    return [
        CostCentreOut(code=c.code, name=c.name, unit=unit_codes.get(by_centre.get(c.pk, 0), ""))
        for c in centres
    ]
