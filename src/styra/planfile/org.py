"""The organisation document (`format: styra-org/1`): unit types, units, cost centres.

A unit is listed with all its versions (name, parent, type over a date range), a cost
centre with the units it has belonged to, so that one file describes the tree as of
any date, reorganisations included. Importing replaces the versions and mappings of
the units and cost centres the file names (through `styra.orgadmin.services`, checked
against the acting user); units it does not name are left alone.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from styra.formats.problems import ImportProblem
from styra.org.models import UnitType, UnitVersion
from styra.orgadmin.services import (
    CostCentreSpec,
    MappingSpec,
    UnitSpec,
    UnitTypeSpec,
    UnitVersionSpec,
    organisation_save,
)

from .source import Document


def _ranges_problems(doc: Document, path, rows: list[dict]) -> list[ImportProblem]:
    """Validity ranges must be in order and must not overlap."""
    problems = []
    previous_end = None
    for index, row in enumerate(rows):
        start, end = row["valid_from"], row.get("valid_to")
        if end is not None and end < start:
            problems.append(doc.problem((*path, index, "valid_to"), _("slutar innan den börjar")))
        if index > 0 and (previous_end is None or start <= previous_end):
            problems.append(
                doc.problem(
                    (*path, index, "valid_from"),
                    _("överlappar föregående period (perioderna ska stå i ordning utan överlapp)"),
                )
            )
        previous_end = end
    return problems


def _covers(versions: list[dict], day: str) -> bool:
    return any(v["valid_from"] <= day and (v.get("valid_to") or "9999") >= day for v in versions)


def check_org(doc: Document) -> list[ImportProblem]:
    data = doc.data
    problems: list[ImportProblem] = []
    types = {t["code"] for t in data.get("unit_types", [])}
    types |= set(UnitType.objects.values_list("code", flat=True))
    in_file: dict[str, list[dict]] = {}
    for index, unit in enumerate(data["units"]):
        if unit["code"] in in_file:
            problems.append(
                doc.problem(("units", index, "code"), _("enhetskoden %(code)s finns redan") % unit)
            )
        in_file[unit["code"]] = unit["versions"]
    db_versions: dict[str, list[dict]] = {}
    for version in UnitVersion.objects.select_related("unit"):
        db_versions.setdefault(version.unit.code, []).append(
            {
                "valid_from": version.valid_from.isoformat(),
                "valid_to": version.valid_to.isoformat() if version.valid_to else None,
            }
        )
    known = {**db_versions, **in_file}
    for index, unit in enumerate(data["units"]):
        path = ("units", index, "versions")
        problems += _ranges_problems(doc, path, unit["versions"])
        for vindex, version in enumerate(unit["versions"]):
            if version["type"] not in types:
                problems.append(
                    doc.problem(
                        (*path, vindex, "type"),
                        _("okänd enhetstyp %(code)s") % {"code": version["type"]},
                    )
                )
            parent = version.get("parent")
            if parent is None:
                continue
            if parent == unit["code"]:
                problems.append(
                    doc.problem(
                        (*path, vindex, "parent"), _("en enhet kan inte ligga under sig själv")
                    )
                )
            elif parent not in known:
                problems.append(
                    doc.problem(
                        (*path, vindex, "parent"), _("okänd enhet %(code)s") % {"code": parent}
                    )
                )
            elif not _covers(known[parent], version["valid_from"]):
                problems.append(
                    doc.problem(
                        (*path, vindex, "parent"),
                        _("enheten %(code)s finns inte den %(day)s")
                        % {"code": parent, "day": version["valid_from"]},
                    )
                )
    seen = set()
    for index, centre in enumerate(data.get("cost_centres", [])):
        path = ("cost_centres", index)
        if centre["code"] in seen:
            problems.append(
                doc.problem((*path, "code"), _("kostnadsstället %(code)s finns redan") % centre)
            )
        seen.add(centre["code"])
        problems += _ranges_problems(doc, (*path, "units"), centre["units"])
        for mindex, mapping in enumerate(centre["units"]):
            if mapping["unit"] not in known:
                problems.append(
                    doc.problem(
                        (*path, "units", mindex, "unit"),
                        _("okänd enhet %(code)s") % {"code": mapping["unit"]},
                    )
                )
    return problems


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def write_org(data: dict, *, user) -> dict[str, int]:
    """Write a checked organisation document through `organisation_save`."""
    organisation_save(
        unit_types=[
            UnitTypeSpec(code=spec["code"], name=spec["name"], order=order)
            for order, spec in enumerate(data.get("unit_types", []))
        ],
        units=[
            UnitSpec(
                code=spec["code"],
                budget_only=spec.get("budget_only", False),
                versions=[
                    UnitVersionSpec(
                        name=version["name"],
                        short_name=version.get("short_name", ""),
                        parent=version.get("parent"),
                        unit_type=version["type"],
                        order=version.get("order", 0),
                        valid_from=date.fromisoformat(version["valid_from"]),
                        valid_to=_day(version.get("valid_to")),
                    )
                    for version in spec["versions"]
                ],
            )
            for spec in data["units"]
        ],
        cost_centres=[
            CostCentreSpec(
                code=spec["code"],
                name=spec["name"],
                mappings=[
                    MappingSpec(
                        unit=mapping["unit"],
                        valid_from=date.fromisoformat(mapping["valid_from"]),
                        valid_to=_day(mapping.get("valid_to")),
                    )
                    for mapping in spec["units"]
                ],
            )
            for spec in data.get("cost_centres", [])
        ],
        user=user,
    )
    return {"units": len(data["units"]), "cost_centres": len(data.get("cost_centres", []))}


def org_units_in(data: dict) -> set[str]:
    return {unit["code"] for unit in data["units"]}
