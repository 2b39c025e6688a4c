"""The ledger figures the registers show beside what people enter.

Budget and outcome come from `styra.economy.ledger.selectors` (the one place that reads
ledger facts); this module only names what the registers need from it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist

from styra.org.models import Unit


def _call(name: str, *args) -> Decimal | None:
    # Until the ledger side provides a figure, the registers show it as missing
    # instead of failing: forecasts can be entered before the ledger is loaded.
    try:
        from styra.economy.ledger import selectors
    except ImportError:
        return None
    function = getattr(selectors, name, None)
    if function is None:
        return None
    try:
        return function(*args)
    except ObjectDoesNotExist:  # no ledger configured yet (no report row set)
        return None


def year_budget(unit: Unit, year: int) -> Decimal | None:
    """The unit's budget for the whole year, rolled up through the tree (kronor)."""
    return _call("unit_year_budget", unit, year)


def ytd_outcome(unit: Unit, period_end: date) -> Decimal | None:
    """The unit's outcome from 1 January to `period_end`, rolled up (kronor)."""
    return _call("unit_ytd_outcome", unit, period_end)


def ytd_budget(unit: Unit, period_end: date) -> Decimal | None:
    """The periodised budget from 1 January to `period_end` (kronor)."""
    return _call("unit_ytd_budget", unit, period_end)
