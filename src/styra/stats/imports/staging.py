"""The staging table of a statistics import: bulk in, checked and compared in SQL.

An import of a million values cannot hold them in Python. The checked rows go into a
temporary table in batches (`executemany` on SQLite, `COPY` on PostgreSQL); duplicates,
the comparison with what is stored (new, changed, unchanged, removed) and the
replacement itself are single SQL statements over it. The caller runs everything in
one transaction, so nothing is half written.

A value replaces what is stored for its (series, unit or area, period): re-importing a
period replaces it, cells the new file leaves out included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from .values import Staged

TABLE = "stats_import_staging"
COMBOS = "stats_import_combos"
VALUES = "stats_statvalue"
BATCH = 10_000
COLUMNS = (
    "line",
    "series_id",
    "unit_id",
    "area_id",
    "cell_id",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "missing_reason",
)
# The two kinds of subject: a unit of the organisation, or a comparison area. Each
# statement runs once per kind so that every join is on non-null equal columns.
SUBJECTS = ("unit_id", "area_id")


@dataclass
class DiffRow:
    series_id: int
    period_kind: str
    period_end: str
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class Change:
    line: int
    series_id: int
    unit_id: int | None
    area_id: int | None
    cell_id: int
    period_kind: str
    period_end: str
    old_value: object
    old_reason: str
    new_value: object
    new_reason: str


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


class Staging:
    def __init__(self) -> None:
        self.count = 0
        self._buffer: list[Staged] = []
        self._postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(f"DROP TABLE IF EXISTS {COMBOS}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TABLE} ("
                "line INTEGER NOT NULL, series_id BIGINT NOT NULL, unit_id BIGINT NULL, "
                "area_id BIGINT NULL, cell_id BIGINT NOT NULL, period_kind VARCHAR(10) NOT NULL, "
                "period_start DATE NOT NULL, period_end DATE NOT NULL, "
                "value NUMERIC(18, 6) NULL, missing_reason VARCHAR(20) NOT NULL)"
            )

    # --- loading ------------------------------------------------------------------------

    def add(self, row: Staged) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= BATCH:
            self.flush()

    def extend(self, rows: Iterable[Staged]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self._buffer:
            return
        rows, self._buffer = self._buffer, []
        self.count += len(rows)
        with connection.cursor() as cursor:
            if self._postgres:
                columns = ", ".join(COLUMNS)
                with cursor.cursor.copy(f"COPY {TABLE} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})", rows
                )

    def finish(self) -> None:
        """All rows are in: index the staging table and list the (series, subject,
        period) combinations it replaces."""
        self.flush()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {COMBOS} AS SELECT DISTINCT series_id, unit_id, "
                f"area_id, period_kind, period_end FROM {TABLE}"
            )
            # One index per kind of subject: a comparison over areas that could only use
            # the series of a unit index compared every stored value with every staged
            # one (70 s for 19 000 values of one month).
            for subject in SUBJECTS:
                cursor.execute(
                    f"CREATE INDEX {TABLE}_{subject} ON {TABLE} "
                    f"(series_id, {subject}, period_kind, period_end, cell_id)"
                )
                cursor.execute(
                    f"CREATE INDEX {COMBOS}_{subject} ON {COMBOS} "
                    f"(series_id, {subject}, period_kind, period_end)"
                )
            if self._postgres:
                cursor.execute(f"ANALYZE {TABLE}")
                cursor.execute(f"ANALYZE {COMBOS}")

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(f"DROP TABLE IF EXISTS {COMBOS}")

    # --- checks and comparison ----------------------------------------------------------

    def duplicates(self, limit: int = 50) -> list[tuple[int, int]]:
        """(first line, another line) of values given twice (same cell and period)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MIN(line), MAX(line) FROM {TABLE} GROUP BY series_id, unit_id, "
                "area_id, cell_id, period_kind, period_end HAVING COUNT(*) > 1 "
                "ORDER BY MIN(line) LIMIT %s",
                [limit],
            )
            return [(a, b) for a, b in cursor.fetchall()]

    def _match(self, subject: str, left: str, right: str) -> str:
        return (
            f"{right}.series_id = {left}.series_id AND {right}.{subject} = {left}.{subject} "
            f"AND {right}.period_kind = {left}.period_kind "
            f"AND {right}.period_end = {left}.period_end"
        )

    def diff(self) -> list[DiffRow]:
        """New, changed, unchanged and removed values per series and period."""
        rows: dict[tuple, DiffRow] = {}
        same = (
            "((v.value = s.value) OR (v.value IS NULL AND s.value IS NULL)) "
            "AND v.missing_reason = s.missing_reason"
        )
        with connection.cursor() as cursor:
            for subject in SUBJECTS:
                cursor.execute(
                    "SELECT s.series_id, s.period_kind, s.period_end, "
                    "SUM(CASE WHEN v.id IS NULL THEN 1 ELSE 0 END), "
                    f"SUM(CASE WHEN v.id IS NOT NULL AND NOT ({same}) THEN 1 ELSE 0 END), "
                    f"SUM(CASE WHEN v.id IS NOT NULL AND {same} THEN 1 ELSE 0 END) "
                    f"FROM {TABLE} s LEFT JOIN {VALUES} v ON {self._match(subject, 's', 'v')} "
                    f"AND v.cell_id = s.cell_id WHERE s.{subject} IS NOT NULL "
                    "GROUP BY s.series_id, s.period_kind, s.period_end"
                )
                for series_id, kind, end, added, changed, unchanged in cursor.fetchall():
                    row = rows.setdefault(
                        (series_id, kind, str(end)), DiffRow(series_id, kind, str(end))
                    )
                    row.added += added or 0
                    row.changed += changed or 0
                    row.unchanged += unchanged or 0
                cursor.execute(
                    "SELECT v.series_id, v.period_kind, v.period_end, COUNT(*) "
                    f"FROM {VALUES} v JOIN {COMBOS} c ON {self._match(subject, 'v', 'c')} "
                    f"WHERE v.{subject} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {TABLE} s WHERE "
                    f"{self._match(subject, 'v', 's')} AND s.cell_id = v.cell_id) "
                    "GROUP BY v.series_id, v.period_kind, v.period_end"
                )
                for series_id, kind, end, removed in cursor.fetchall():
                    row = rows.setdefault(
                        (series_id, kind, str(end)), DiffRow(series_id, kind, str(end))
                    )
                    row.removed += removed
        return sorted(rows.values(), key=lambda r: (r.series_id, r.period_end, r.period_kind))

    def changes(self, limit: int = 20) -> list[Change]:
        """The first changed values, old and new, for a dry run to show."""
        found: list[Change] = []
        with connection.cursor() as cursor:
            for subject in SUBJECTS:
                cursor.execute(
                    "SELECT s.line, s.series_id, s.unit_id, s.area_id, s.cell_id, s.period_kind, "
                    "s.period_end, v.value, v.missing_reason, s.value, s.missing_reason "
                    f"FROM {TABLE} s JOIN {VALUES} v ON {self._match(subject, 's', 'v')} "
                    f"AND v.cell_id = s.cell_id WHERE s.{subject} IS NOT NULL AND NOT ("
                    "((v.value = s.value) OR (v.value IS NULL AND s.value IS NULL)) "
                    "AND v.missing_reason = s.missing_reason) ORDER BY s.line LIMIT %s",
                    [limit],
                )
                found.extend(Change(*row) for row in cursor.fetchall())
        return sorted(found, key=lambda c: c.line)[:limit]

    # --- writing ---------------------------------------------------------------------------

    def replace(self, stat_import_id: int) -> int:
        """Delete what the staged values replace and insert them; the number deleted."""
        deleted = 0
        with connection.cursor() as cursor:
            for subject in SUBJECTS:
                if self._postgres:
                    cursor.execute(
                        f"DELETE FROM {VALUES} v USING {COMBOS} c WHERE "
                        f"c.{subject} IS NOT NULL AND {self._match(subject, 'v', 'c')}"
                    )
                else:
                    cursor.execute(
                        f"DELETE FROM {VALUES} WHERE {subject} IS NOT NULL AND EXISTS (SELECT 1 "
                        f"FROM {COMBOS} c WHERE {self._match(subject, VALUES, 'c')})"
                    )
                deleted += max(cursor.rowcount, 0)
            columns = ", ".join(COLUMNS[1:])
            cursor.execute(
                f"INSERT INTO {VALUES} ({columns}, stat_import_id) "
                f"SELECT {columns}, %s FROM {TABLE}",
                [stat_import_id],
            )
            if self._postgres:
                # Up to a million rows changed: the next import's comparison must not be
                # planned on the statistics from before (autovacuum comes a minute later).
                cursor.execute(f"ANALYZE {VALUES}")
        return deleted
