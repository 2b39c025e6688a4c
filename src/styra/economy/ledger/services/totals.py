"""Year-to-date totals per report row (`LedgerRowTotal`), derived from the facts.

The economic table of a large unit reads one row per (cost centre, report row) and
column here instead of summing months of facts per account, which keeps it fast with
thousands of cost centres. Rebuilt, in the caller's transaction, for one fiscal year
after an import and for every year after a row set is (re)loaded.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from styra.formats.amounts import amount_range_error

from ..mapping import AccountMapper
from ..models import FactKind, LedgerFact, LedgerRowTotal, ReportRowSet
from .bulk import insert_rows

ZERO = Decimal(0)
TOTAL_FIELDS = ("row_set", "row_code", "account", "cost_centre", "kind", "month", "amount")


class TotalOutOfRange(ValueError):
    """A year-to-date sum too large for its column; the caller's transaction is undone."""


@transaction.atomic
def ledger_totals_rebuild(*, year: int | None = None, row_set: ReportRowSet | None = None) -> int:
    """Recompute the totals of `year` (None: every year) for `row_set` (None: all)."""
    row_sets = [row_set] if row_set else list(ReportRowSet.objects.all())
    if year is None:
        years = sorted({d.year for d in LedgerFact.objects.dates("month", "year")})
    else:
        years = [year]
    written = 0
    for current in row_sets:
        mapper = AccountMapper.for_row_set(current)
        for fiscal in years:
            LedgerRowTotal.objects.filter(
                row_set=current, month__range=(date(fiscal, 1, 1), date(fiscal, 12, 1))
            ).delete()
            written += _build(current, mapper, fiscal)
    return written


def _build(row_set: ReportRowSet, mapper: AccountMapper, year: int) -> int:
    monthly: dict[tuple, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    facts = (
        LedgerFact.objects.filter(
            month__range=(date(year, 1, 1), date(year, 12, 1)),
            kind__in=[FactKind.OUTCOME, FactKind.BUDGET, FactKind.FORECAST],
            yearly=False,
        )
        .values_list("cost_centre_id", "account", "kind", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for cost_centre_id, account, kind, month, total in facts.iterator(chunk_size=20_000):
        if mapper.is_excluded(account):
            continue
        row = mapper.row_for(account)
        key = (row or "", "" if row else account, cost_centre_id, kind)
        monthly[key][month.month - 1] += total or ZERO
    firsts = [date(year, month, 1) for month in range(1, 13)]

    def rows():  # in TOTAL_FIELDS' order
        for (row_code, account, cost_centre_id, kind), months in monthly.items():
            running = ZERO
            first = next(i for i, v in enumerate(months) if v) if any(months) else 12
            for index in range(first, 12):
                running += months[index]
                message = amount_range_error(running, exact=False)
                if message:
                    raise TotalOutOfRange(
                        _("Den ackumulerade summan för %(row)s %(month)s: %(message)s")
                        % {
                            "row": row_code or account,
                            "month": f"{year}-{index + 1:02}",
                            "message": message,
                        }
                    )
                yield (row_set.pk, row_code, account, cost_centre_id, kind, firsts[index], running)

    return insert_rows(LedgerRowTotal, TOTAL_FIELDS, rows())
