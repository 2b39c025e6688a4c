"""Financial statements, key ratios and financial goals as data (docs/statements.md)."""

from .config import StatementSet, StatementSetError, statement_set_get, statement_set_load
from .selectors import RecordLookup, statement_evaluation, statement_table

__all__ = [
    "RecordLookup",
    "StatementSet",
    "StatementSetError",
    "statement_evaluation",
    "statement_set_get",
    "statement_set_load",
    "statement_table",
]
