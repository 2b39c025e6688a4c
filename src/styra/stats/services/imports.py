"""`stat_values_import`: statistics values from a CSV or XLSX file, all or nothing.

The file is read once, row by row (bounded memory), every row checked against the
configuration; the good rows go to a staging table. Nothing is written unless the
whole file is good and the user may change the statistics of every unit in it. A value
replaces what is stored for its series, unit (or area) and period, so importing a
period again replaces it. `dry_run` does all of it and shows what would change, then
rolls back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.tabular import stream_table

from ..catalogue import Catalogue
from ..imports.mapping import COLUMNS, LONG, Mapping, shaper_for
from ..imports.staging import Staging
from ..imports.values import Problems, RowParser
from ..models import Series, SeriesSource, StatImport
from ..periods import Period
from .config import require_manage_organisation

LongRows = Iterable[tuple[int, dict[str, object], dict[str, str]]]


@dataclass
class PeriodChange:
    series: str  # the series' name
    period: str  # as printed: "jan–mar 2026"
    period_kind: str
    added: int
    changed: int
    unchanged: int
    removed: int


@dataclass
class ValueChange:
    line: int
    what: str  # "Sjukfrånvaro, RS-HR, Kvinnor, mars 2026"
    old: str
    new: str


@dataclass
class ImportResult:
    file_name: str
    dry_run: bool
    value_count: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    periods: list[PeriodChange] = field(default_factory=list)
    changes: list[ValueChange] = field(default_factory=list)
    stat_import: StatImport | None = None


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back, with its result."""

    def __init__(self, result: ImportResult):
        self.result = result


def _file_rows(path: Path, data: bytes | None, mapping: Mapping, catalogue: Catalogue):
    """The long rows of a file (wide rows spread out), with the file's columns."""
    table = stream_table(path, data)
    known = set(COLUMNS) | set(catalogue.dimensions)
    shaper = shaper_for(table.header, mapping, known)
    present = shaper.columns()
    missing = [column for column in ("serie", "period", "varde") if column not in present]
    if "enhet" not in present and "omrade" not in present:
        missing.append("enhet")
    if missing:
        raise ImportFailed(
            [
                ImportProblem(
                    table.name,
                    1,
                    column,
                    _(
                        "kolumnen saknas (en fil har minst serie, enhet eller område, period och värde)"
                    ),
                )
                for column in missing
            ]
        )

    def rows() -> Iterator[tuple[int, dict[str, object], dict[str, str]]]:
        for line, values in table.rows:
            for row, origin in shaper.rows(values):
                yield line, row, origin

    return table.name, rows()


def _sha256(path: Path, data: bytes | None) -> str:
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _value_text(value, reason: str, series: Series | None) -> str:
    from styra.followup.models import MissingReason
    from styra.formats.numbers import format_number

    if value is None:
        return str(MissingReason(reason).label) if reason else "–"
    return format_number(value, series.decimals if series else 2)


def stat_values_write(
    *,
    user,
    rows: LongRows,
    file_name: str,
    source: str = SeriesSource.FILE,
    file_sha256: str = "",
    dry_run: bool = False,
    catalogue: Catalogue | None = None,
) -> ImportResult:
    """Check and write long rows (from a file or from Kolada); see the module's doc."""
    catalogue = catalogue or Catalogue.load()
    try:
        with transaction.atomic():
            result = _write(
                user=user,
                rows=rows,
                file_name=file_name,
                source=source,
                file_sha256=file_sha256,
                dry_run=dry_run,
                catalogue=catalogue,
            )
            if dry_run:
                raise _DryRun(result)
            return result
    except _DryRun as rolled_back:
        return rolled_back.result


def _write(*, user, rows, file_name, source, file_sha256, dry_run, catalogue) -> ImportResult:
    problems = Problems(file_name)
    parser = RowParser(catalogue, problems)
    staging = Staging()
    for line, row, origin in rows:
        staged = parser.parse(line, row, origin)
        if staged is not None and not problems:
            staging.add(staged)
    parser.check_totals()
    if not problems:
        staging.finish()
        for first, other in staging.duplicates():
            problems.add(
                other,
                "",
                _("samma värde (serie, enhet, uppdelning och period) som rad %(n)s") % {"n": first},
            )
    if problems:
        raise ImportFailed(problems.all())
    if staging.count == 0:
        raise ImportFailed([ImportProblem(file_name, 1, "", _("filen har inga värden"))])

    if parser.has_areas:
        require_manage_organisation(user)
    refused = permissions.units_refused_statistics(user, parser.unit_ends)
    if refused:
        codes = ", ".join(catalogue.unit_codes.get(u, str(u)) for u in refused[:10])
        raise PermissionDenied(_("Du får inte läsa in statistik för %(units)s.") % {"units": codes})

    series_by_pk = {s.pk: s for s in catalogue.series.values()}
    result = ImportResult(file_name=file_name, dry_run=dry_run, value_count=staging.count)
    for row in staging.diff():
        series = series_by_pk.get(row.series_id)
        period = Period.ending(row.period_kind, date.fromisoformat(row.period_end[:10]))
        result.periods.append(
            PeriodChange(
                series=series.name if series else str(row.series_id),
                period=period.label,
                period_kind=row.period_kind,
                added=row.added,
                changed=row.changed,
                unchanged=row.unchanged,
                removed=row.removed,
            )
        )
        result.added += row.added
        result.changed += row.changed
        result.unchanged += row.unchanged
        result.removed += row.removed
    cells = {pk: key for key, pk in catalogue.cells.items()}
    areas = {a.pk: a for a in catalogue.areas.values()}
    for change in staging.changes():
        series = series_by_pk.get(change.series_id)
        subject = (
            catalogue.unit_codes.get(change.unit_id, "")
            if change.unit_id
            else (areas[change.area_id].name if change.area_id in areas else "")
        )
        members = [
            catalogue.dimensions[d].label(m)
            for d, m in (
                part.split("=", 1) for part in cells.get(change.cell_id, "").split(";") if part
            )
            if d in catalogue.dimensions
        ]
        period = Period.ending(change.period_kind, date.fromisoformat(str(change.period_end)[:10]))
        result.changes.append(
            ValueChange(
                line=change.line,
                what=", ".join([series.name if series else "", subject, *members, period.label]),
                old=_value_text(change.old_value, change.old_reason, series),
                new=_value_text(change.new_value, change.new_reason, series),
            )
        )
    if not dry_run:
        stat_import = StatImport.objects.create(
            source=source,
            file_name=file_name[:255],
            file_sha256=file_sha256,
            imported_by=user if getattr(user, "pk", None) else None,
            series=sorted(series_by_pk[pk].code for pk in parser.series_ids),
            value_count=staging.count,
            added_count=result.added,
            changed_count=result.changed,
            removed_count=result.removed,
        )
        staging.replace(stat_import.pk)
        result.stat_import = stat_import
    staging.drop()
    return result


def stat_values_import(
    *,
    user,
    path: Path | str,
    data: bytes | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import (or with `dry_run`, only check and compare) a statistics file."""
    path = Path(path)
    catalogue = Catalogue.load()
    file_name, rows = _file_rows(path, data, mapping or LONG, catalogue)
    return stat_values_write(
        user=user,
        rows=rows,
        file_name=file_name,
        source=SeriesSource.FILE,
        file_sha256=_sha256(path, data),
        dry_run=dry_run,
        catalogue=catalogue,
    )
