"""Writes to the organisation: create, rename, move, dissolve, map cost centres.

Every change closes the current version the day before and opens a new one, so the
tree as of an earlier date is never rewritten.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import CostCentre, CostCentreMapping, Unit, UnitType, UnitVersion
from .selectors import unit_version_on


def _current_version(unit: Unit, day: date) -> UnitVersion:
    version = unit_version_on(unit, day)
    if version is None:
        raise ValidationError(
            _("Enheten %(code)s finns inte den %(day)s.") % {"code": unit.code, "day": day}
        )
    return version


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    unit_type: UnitType,
    parent: Unit | None,
    valid_from: date,
    short_name: str = "",
    order: int = 0,
    budget_only: bool = False,
) -> Unit:
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(_("Enhetskoden %(code)s används redan.") % {"code": code})
    if parent is not None:
        _current_version(parent, valid_from)
    unit = Unit.objects.create(code=code, budget_only=budget_only)
    UnitVersion.objects.create(
        unit=unit,
        name=name,
        short_name=short_name,
        parent=parent,
        unit_type=unit_type,
        order=order,
        valid_from=valid_from,
    )
    return unit


def _successor(unit: Unit, day: date, **changes) -> UnitVersion:
    current = _current_version(unit, day)
    if current.valid_from == day:
        for key, value in changes.items():
            setattr(current, key, value)
        current.save()
        return current
    current.valid_to = day - timedelta(days=1)
    current.save(update_fields=["valid_to"])
    fields = {
        "unit": unit,
        "name": current.name,
        "short_name": current.short_name,
        "parent": current.parent,
        "unit_type": current.unit_type,
        "order": current.order,
        "valid_from": day,
    }
    fields.update(changes)
    return UnitVersion.objects.create(**fields)


@transaction.atomic
def unit_rename(*, unit: Unit, name: str, effective: date, short_name: str = "") -> UnitVersion:
    return _successor(unit, effective, name=name, short_name=short_name)


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, effective: date) -> UnitVersion:
    _current_version(new_parent, effective)
    if new_parent.pk == unit.pk:
        raise ValidationError(_("En enhet kan inte ligga under sig själv."))
    from .selectors import subtree_unit_ids

    if new_parent.pk in subtree_unit_ids(unit, effective):
        raise ValidationError(_("En enhet kan inte flyttas under en av sina egna underenheter."))
    return _successor(unit, effective, parent=new_parent)


@transaction.atomic
def unit_dissolve(*, unit: Unit, effective: date) -> None:
    """The unit ceases to exist from `effective`; it must have no children then."""
    from .selectors import unit_versions_on

    if unit_versions_on(effective).filter(parent=unit).exists():
        raise ValidationError(
            _("Enheten %(code)s har underenheter och kan inte avvecklas.") % {"code": unit.code}
        )
    current = _current_version(unit, effective)
    current.valid_to = effective - timedelta(days=1)
    current.save(update_fields=["valid_to"])
    CostCentreMapping.objects.filter(unit=unit, valid_to__isnull=True).update(
        valid_to=effective - timedelta(days=1)
    )


@transaction.atomic
def cost_centre_assign(
    *, cost_centre: CostCentre, unit: Unit, effective: date
) -> CostCentreMapping:
    """Map a cost centre to a unit from `effective`, closing its previous mapping."""
    _current_version(unit, effective)
    open_mapping = cost_centre.mappings.filter(valid_to__isnull=True).first()
    if open_mapping is not None:
        if open_mapping.valid_from >= effective:
            open_mapping.delete()
        else:
            open_mapping.valid_to = effective - timedelta(days=1)
            open_mapping.save(update_fields=["valid_to"])
    return CostCentreMapping.objects.create(
        cost_centre=cost_centre, unit=unit, valid_from=effective
    )


def cost_centre_create(*, code: str, name: str, unit: Unit, valid_from: date) -> CostCentre:
    with transaction.atomic():
        cost_centre = CostCentre.objects.create(code=code, name=name)
        cost_centre_assign(cost_centre=cost_centre, unit=unit, effective=valid_from)
    return cost_centre
