"""/api/v1/statistics/values: statistics values from another system, all or nothing.

The rows go through `stat_values_write`, the service the file import and Kolada use:
the same checks of series, units, periods and breakdowns, the same rule that the token
owner must be allowed to change the statistics of every unit named, and the same
record (`StatImport`, source "api") of who brought which values, when.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from styra.access.models import TokenScope
from styra.formats.problems import ImportFailed
from styra.stats.catalogue import Catalogue
from styra.stats.models import SeriesSource
from styra.stats.services.imports import stat_values_write

from .auth import current_token, require_scope
from .errors import ApiProblem, Problem
from .schemas import WRITE_ERRORS, StatValueIn, StatValuesIn, StatValuesOut

router = Router(tags=["statistik"])

#: Styra's column of the long layout → the field of the request that fills it.
FIELDS = {
    "serie": "series",
    "enhet": "unit",
    "omrade": "area",
    "period": "period",
    "periodtyp": "period_kind",
    "varde": "value",
    "orsak": "missing_reason",
}


def _rows(values: list[StatValueIn]) -> Iterator[tuple[int, dict[str, object], dict[str, str]]]:
    for index, value in enumerate(values, start=1):
        row: dict[str, object] = {
            "serie": value.series,
            "enhet": value.unit or "",
            "omrade": value.area or "",
            "period": value.period,
            "varde": Decimal(value.value) if value.value is not None else None,
            "orsak": value.missing_reason,
        }
        if value.period_kind:
            row["periodtyp"] = value.period_kind
        origin = dict(FIELDS)
        for dimension, member in value.breakdown.items():
            row[dimension] = member
            origin[dimension] = f"breakdown.{dimension}"
        yield index, row, origin


@router.post("/values", response={200: StatValuesOut, **WRITE_ERRORS})
def stat_values(request: HttpRequest, payload: StatValuesIn) -> StatValuesOut:
    """Store statistics values (or, with `dry_run`, only check and compare them).

    A value replaces what is stored for its series, unit (or area), breakdown and
    period. Any problem and nothing is written: each problem names the row (1 = the
    first) and the field."""
    user = require_scope(TokenScope.WRITE)
    catalogue = Catalogue.load()
    unknown = [
        Problem(
            message=_("okänd dimension; använd %(dims)s")
            % {"dims": ", ".join(sorted(catalogue.dimensions)) or "–"},
            row=index,
            field=f"breakdown.{dimension}",
        )
        for index, value in enumerate(payload.values, start=1)
        for dimension in value.breakdown
        if dimension not in catalogue.dimensions
    ]
    if unknown:
        raise ApiProblem(
            422,
            _("Inget sparades: %(n)s fel. Rätta raderna och skicka hela anropet igen.")
            % {"n": len(unknown)},
            problems=unknown[:100],
        )
    token = current_token.get()
    name = _("API, nyckel %(name)s") % {"name": token.name if token else ""}
    try:
        result = stat_values_write(
            user=user,
            rows=_rows(payload.values),
            file_name=name,
            source=SeriesSource.API,
            dry_run=payload.dry_run,
            catalogue=catalogue,
        )
    except ImportFailed as failed:
        raise ApiProblem(
            422,
            _("Inget sparades: %(n)s fel. Rätta raderna och skicka hela anropet igen.")
            % {"n": len(failed.problems)},
            problems=[
                Problem(message=p.message, row=p.line, field=p.column or p.field)
                for p in failed.problems
            ],
        ) from None
    return StatValuesOut(
        dry_run=result.dry_run,
        values=result.value_count,
        added=result.added,
        changed=result.changed,
        unchanged=result.unchanged,
        removed=result.removed,
        import_id=result.stat_import.pk if result.stat_import else None,
    )
