"""Writes to the organisation: create, rename, move, dissolve, map cost centres, and
replace units and cost centres as an organisation file states them.

Every write takes the acting `user`, checks that they administer the units it touches
(`styra.access.permissions`), changes the data and records history (who, when, the old
row) in one transaction. A change-oriented write (rename, move, dissolve, assign)
closes the current version the day before and opens a new one, so the tree as of an
earlier date is never rewritten; `organisation_save` replaces the versions and
mappings of what it names, as the organisation file (docs/plan-format.md) describes
the whole history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.access.history import delete_as, save_as
from styra.org.models import CostCentre, CostCentreMapping, Unit, UnitType, UnitVersion
from styra.org.selectors import subtree_unit_ids, unit_version_on, unit_versions_on


@dataclass(frozen=True)
class UnitTypeSpec:
    code: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class UnitVersionSpec:
    """One version of a unit; `parent` and `unit_type` are codes."""

    name: str
    unit_type: str
    valid_from: date
    valid_to: date | None = None
    parent: str | None = None
    short_name: str = ""
    order: int = 0


@dataclass(frozen=True)
class UnitSpec:
    code: str
    versions: Sequence[UnitVersionSpec]
    budget_only: bool = False


@dataclass(frozen=True)
class MappingSpec:
    """A cost centre belongs to the unit with code `unit` over a date range."""

    unit: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True)
class CostCentreSpec:
    code: str
    name: str
    mappings: Sequence[MappingSpec]


@dataclass
class OrganisationChanges:
    unit_types: int = 0
    units: int = 0
    cost_centres: int = 0


# --- permission ------------------------------------------------------------------------


def _require_unit_admin(user, unit: Unit, day: date) -> None:
    permissions.require(
        permissions.can_administer_unit(user, unit, day),
        _("Endast administratör för enheten %(code)s får ändra den i organisationen.")
        % {"code": unit.code},
    )


def _require_organisation_admin(user, day: date) -> None:
    permissions.require(
        permissions.can_administer_organisation(user, day),
        _("Endast administratör för hela organisationen får ändra enhetstyper och toppenheter."),
    )


def _require_place(user, parent: Unit | None, day: date) -> None:
    """May define a unit at this place of the tree: under `parent`, or at the top.

    A unit's own versions (name, type, parent) are administered from above: by the
    administrators of its parent, or of the whole organisation for a top unit. What
    belongs to a unit (its cost centres) is administered by the unit's administrators.
    """
    if parent is None:
        _require_organisation_admin(user, day)
    else:
        _require_unit_admin(user, parent, day)


# --- helpers ---------------------------------------------------------------------------


def _current_version(unit: Unit, day: date) -> UnitVersion:
    version = unit_version_on(unit, day)
    if version is None:
        raise ValidationError(
            _("Enheten %(code)s finns inte den %(day)s.") % {"code": unit.code, "day": day},
            code="unit_missing",
        )
    return version


def _successor(unit: Unit, day: date, user, **changes) -> UnitVersion:
    current = _current_version(unit, day)
    if current.valid_from == day:
        for key, value in changes.items():
            setattr(current, key, value)
        save_as(current, user)
        return current
    current.valid_to = day - timedelta(days=1)
    save_as(current, user, update_fields=["valid_to"])
    successor = UnitVersion(
        unit=unit,
        name=current.name,
        short_name=current.short_name,
        parent=current.parent,
        unit_type=current.unit_type,
        order=current.order,
        valid_from=day,
    )
    for key, value in changes.items():
        setattr(successor, key, value)
    save_as(successor, user)
    return successor


# --- one change at a time ----------------------------------------------------------------


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
    user,
) -> Unit:
    _require_place(user, parent, valid_from)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            _("Enhetskoden %(code)s används redan.") % {"code": code}, code="code_taken"
        )
    if parent is not None:
        _current_version(parent, valid_from)
    unit = Unit(code=code, budget_only=budget_only)
    save_as(unit, user)
    version = UnitVersion(
        unit=unit,
        name=name,
        short_name=short_name,
        parent=parent,
        unit_type=unit_type,
        order=order,
        valid_from=valid_from,
    )
    save_as(version, user)
    return unit


@transaction.atomic
def unit_rename(
    *, unit: Unit, name: str, effective: date, short_name: str = "", user
) -> UnitVersion:
    _require_place(user, _current_version(unit, effective).parent, effective)
    return _successor(unit, effective, user, name=name, short_name=short_name)


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, effective: date, user) -> UnitVersion:
    _require_place(user, _current_version(unit, effective).parent, effective)
    _require_place(user, new_parent, effective)
    _current_version(new_parent, effective)
    if new_parent.pk == unit.pk:
        raise ValidationError(_("En enhet kan inte ligga under sig själv."), code="cycle")
    if new_parent.pk in subtree_unit_ids(unit, effective):
        raise ValidationError(
            _("En enhet kan inte flyttas under en av sina egna underenheter."), code="cycle"
        )
    return _successor(unit, effective, user, parent=new_parent)


@transaction.atomic
def unit_dissolve(*, unit: Unit, effective: date, user) -> None:
    """The unit ceases to exist from `effective`; it must have no children then."""
    _require_place(user, _current_version(unit, effective).parent, effective)
    if unit_versions_on(effective).filter(parent=unit).exists():
        raise ValidationError(
            _("Enheten %(code)s har underenheter och kan inte avvecklas.") % {"code": unit.code}
        )
    current = _current_version(unit, effective)
    current.valid_to = effective - timedelta(days=1)
    save_as(current, user, update_fields=["valid_to"])
    for mapping in CostCentreMapping.objects.filter(unit=unit, valid_to__isnull=True):
        mapping.valid_to = effective - timedelta(days=1)
        save_as(mapping, user, update_fields=["valid_to"])


@transaction.atomic
def cost_centre_assign(
    *, cost_centre: CostCentre, unit: Unit, effective: date, user
) -> CostCentreMapping:
    """Map a cost centre to a unit from `effective`, closing its previous mapping."""
    _require_unit_admin(user, unit, effective)
    _current_version(unit, effective)
    open_mapping = cost_centre.mappings.filter(valid_to__isnull=True).first()
    if open_mapping is not None:
        _require_unit_admin(user, open_mapping.unit, effective)
        if open_mapping.valid_from >= effective:
            delete_as(open_mapping, user)
        else:
            open_mapping.valid_to = effective - timedelta(days=1)
            save_as(open_mapping, user, update_fields=["valid_to"])
    mapping = CostCentreMapping(cost_centre=cost_centre, unit=unit, valid_from=effective)
    save_as(mapping, user)
    return mapping


@transaction.atomic
def cost_centre_create(*, code: str, name: str, unit: Unit, valid_from: date, user) -> CostCentre:
    _require_unit_admin(user, unit, valid_from)
    if CostCentre.objects.filter(code=code).exists():
        raise ValidationError(
            _("Kostnadsstället %(code)s finns redan.") % {"code": code}, code="code_taken"
        )
    cost_centre = CostCentre(code=code, name=name)
    save_as(cost_centre, user)
    cost_centre_assign(cost_centre=cost_centre, unit=unit, effective=valid_from, user=user)
    return cost_centre


# --- the organisation as a file states it ------------------------------------------------


def _version_fields(version: UnitVersion) -> tuple:
    return (
        version.name,
        version.short_name,
        version.parent.code if version.parent is not None else None,
        version.unit_type.code,
        version.order,
        version.valid_from,
        version.valid_to,
    )


def _spec_fields(spec: UnitVersionSpec) -> tuple:
    return (
        spec.name,
        spec.short_name,
        spec.parent,
        spec.unit_type,
        spec.order,
        spec.valid_from,
        spec.valid_to,
    )


def _unit_changes(spec: UnitSpec, unit: Unit | None) -> bool:
    if unit is None:
        return True
    stored = unit.versions.select_related("parent", "unit_type").order_by("valid_from")
    return unit.budget_only != spec.budget_only or [_version_fields(v) for v in stored] != [
        _spec_fields(v) for v in sorted(spec.versions, key=lambda v: v.valid_from)
    ]


def _mapping_changes(spec: CostCentreSpec, centre: CostCentre | None) -> bool:
    if centre is None:
        return True
    stored = [
        (m.unit.code, m.valid_from, m.valid_to)
        for m in centre.mappings.select_related("unit").order_by("valid_from")
    ]
    wanted = [(m.unit, m.valid_from, m.valid_to) for m in spec.mappings]
    return centre.name != spec.name or stored != sorted(wanted, key=lambda m: m[1])


@transaction.atomic
def organisation_save(
    *,
    unit_types: Sequence[UnitTypeSpec] = (),
    units: Sequence[UnitSpec] = (),
    cost_centres: Sequence[CostCentreSpec] = (),
    user,
) -> OrganisationChanges:
    """Unit types, units with all their versions and cost centres with all their
    mappings, as an organisation file states them; what it does not name is left alone.

    Only what differs from the database is written. The user must administer every
    unit whose versions change, where it stood before and where it stands after (as of
    each version's first day; a unit at the top needs an administrator of the whole
    organisation), and every unit a changed cost centre belongs to, before and after.
    The caller has checked codes and date ranges (`styra.planfile.org.check_org`).
    """
    today = timezone.localdate()
    changes = OrganisationChanges()
    for type_spec in unit_types:
        existing = UnitType.objects.filter(code=type_spec.code).first()
        wanted = (type_spec.name, type_spec.order)
        if existing is not None and (existing.name, existing.order) == wanted:
            continue
        _require_organisation_admin(user, today)
        unit_type = existing or UnitType(code=type_spec.code)
        unit_type.name, unit_type.order = wanted
        save_as(unit_type, user)
        changes.unit_types += 1

    existing_units = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in units])}
    changed = [s for s in units if _unit_changes(s, existing_units.get(s.code))]
    # Before: the user administers each changed unit where it stands now.
    for spec in changed:
        unit = existing_units.get(spec.code)
        if unit is not None:
            for version in unit.versions.select_related("parent"):
                _require_place(user, version.parent, version.valid_from)
    saved: dict[str, Unit] = {}
    for spec in changed:
        unit = existing_units.get(spec.code) or Unit(code=spec.code)
        unit.budget_only = spec.budget_only
        save_as(unit, user)
        saved[spec.code] = unit
        for stored in unit.versions.all():
            delete_as(stored, user)
    types = {t.code: t for t in UnitType.objects.all()}
    codes = {v.parent for s in changed for v in s.versions if v.parent} - set(saved)
    known = {**{u.code: u for u in Unit.objects.filter(code__in=codes)}, **saved}
    for spec in changed:
        for wanted_version in spec.versions:
            save_as(
                UnitVersion(
                    unit=saved[spec.code],
                    name=wanted_version.name,
                    short_name=wanted_version.short_name,
                    parent=known[wanted_version.parent] if wanted_version.parent else None,
                    unit_type=types[wanted_version.unit_type],
                    order=wanted_version.order,
                    valid_from=wanted_version.valid_from,
                    valid_to=wanted_version.valid_to,
                ),
                user,
            )
    # After: … and where it stands in the tree as the file leaves it.
    for spec in changed:
        for wanted_version in spec.versions:
            parent = known[wanted_version.parent] if wanted_version.parent else None
            _require_place(user, parent, wanted_version.valid_from)
    changes.units = len(changed)

    centre_codes = [s.code for s in cost_centres]
    existing_centres = {c.code: c for c in CostCentre.objects.filter(code__in=centre_codes)}
    mapped_codes = {m.unit for s in cost_centres for m in s.mappings}
    mapped = {u.code: u for u in Unit.objects.filter(code__in=mapped_codes)}
    for centre_spec in cost_centres:
        centre = existing_centres.get(centre_spec.code)
        if not _mapping_changes(centre_spec, centre):
            continue
        if centre is None:
            centre = CostCentre(code=centre_spec.code)
        else:
            for mapping in centre.mappings.select_related("unit"):
                _require_unit_admin(user, mapping.unit, mapping.valid_from)
                delete_as(mapping, user)
        centre.name = centre_spec.name
        save_as(centre, user)
        for mapping_spec in centre_spec.mappings:
            unit = mapped[mapping_spec.unit]
            _require_unit_admin(user, unit, mapping_spec.valid_from)
            save_as(
                CostCentreMapping(
                    cost_centre=centre,
                    unit=unit,
                    valid_from=mapping_spec.valid_from,
                    valid_to=mapping_spec.valid_to,
                ),
                user,
            )
        changes.cost_centres += 1
    return changes
