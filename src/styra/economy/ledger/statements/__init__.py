"""Financial statements, key ratios and financial goals as data (docs/statements.md)."""

from .config import StatementSet, StatementSetError, statement_set_get, statement_set_load
from .selectors import statement_evaluation, statement_table

__all__ = [
    "StatementSet",
    "StatementSetError",
    "statement_evaluation",
    "statement_set_get",
    "statement_set_load",
    "statement_table",
]
