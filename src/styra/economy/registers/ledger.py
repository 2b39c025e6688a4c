"""The ledger figures the registers show beside what people enter.

Budget and outcome come from `styra.economy.ledger.selectors` (the one place that reads
ledger facts); this module only names what the registers need from it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from styra.economy.ledger import selectors
from styra.economy.ledger.models import ReportRowSet
from styra.memo import remembered
from styra.org.models import Unit

# Forecasts can be entered before the ledger is loaded: without a default row set
# (`ReportRowSet.DoesNotExist`) there are no ledger figures, and the registers show
# them as missing.


def year_budget(unit: Unit, year: int, row_set_code: str | None = None) -> Decimal | None:
    """The unit's budget for the whole year, rolled up through the tree (kronor), on
    the row set `row_set_code` (the default one when None)."""

    def read() -> Decimal | None:
        try:
            return selectors.unit_year_budget(unit, year, selectors.row_set_get(row_set_code))
        except ReportRowSet.DoesNotExist:
            return None

    # A report asks for it in its forecast section, its check and its drafts.
    return remembered(("year_budget", unit.pk, year, row_set_code), read)


def ytd_outcome(unit: Unit, period_end: date, row_set_code: str | None = None) -> Decimal | None:
    """The unit's outcome from 1 January to `period_end`, rolled up (kronor)."""
    try:
        return selectors.unit_ytd_outcome(unit, period_end, selectors.row_set_get(row_set_code))
    except ReportRowSet.DoesNotExist:
        return None


def ytd_budget(unit: Unit, period_end: date) -> Decimal | None:
    """The periodised budget from 1 January to `period_end` (kronor)."""
    try:
        return selectors.unit_ytd_budget(unit, period_end)
    except ReportRowSet.DoesNotExist:
        return None
