"""Plain rows into a table at the database's own speed: `COPY` on PostgreSQL, one
`executemany` per batch elsewhere.

The ledger writes hundreds of thousands of facts and row totals per import; model
instances and `bulk_create` cost more time and memory than the rest of the import
(issue 12, bench/ledger_import_bench.py). Rows are tuples of database values in the
order of `fields`; nothing here checks them — the callers have.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection, models

BATCH = 50_000


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in the order of `fields`) into `model`'s table; how many."""
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(_column(model, f)) for f in fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        iterator = iter(rows)
        # Django's SQLite backend registers the adapters of dates and decimals.
        while batch := list(islice(iterator, BATCH)):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} has no column")
    return field.column
