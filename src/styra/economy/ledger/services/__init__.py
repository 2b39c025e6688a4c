"""Writes of the finance app: row sets and ledger imports (all or nothing)."""

from .facts import FactRow, ImportReport, LedgerImportError, ledger_facts_replace
from .row_sets import row_set_load

__all__ = [
    "FactRow",
    "ImportReport",
    "LedgerImportError",
    "ledger_facts_replace",
    "row_set_load",
]
