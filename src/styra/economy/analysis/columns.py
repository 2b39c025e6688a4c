"""The columns the economy page can show, chosen by `?kolumn=…` (linkable)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    code: str  # the value of ?kolumn=
    label: str | Promise
    attr: str  # the attribute of a line's amounts
    unit: str  # "tkr" or "percent"


COLUMNS = [
    Column("utfall", _("Ack utfall"), "outcome", "tkr"),
    Column("budget", _("Ack budget"), "budget", "tkr"),
    Column("avvikelse", _("Bud-Utf Diff"), "budget_diff", "tkr"),
    Column("fg-ar", _("Ack utfall fg år"), "outcome_prev", "tkr"),
    Column("fg-ar-diff", _("Ack utf − Ack fg år Diff"), "prev_diff", "tkr"),
    Column("fg-ar-procent", _("Utfall diff %"), "prev_diff_percent", "percent"),
    Column("helarsbudget", _("Helårsbudget"), "year_budget", "tkr"),
    Column("prognos", _("Helårsprognos"), "forecast", "tkr"),
    Column("prognos-avvikelse", _("Prognos − helårsbudget"), "forecast_diff", "tkr"),
]
BY_CODE = {column.code: column for column in COLUMNS}
# The published table's six columns (domain guide §7.3) and the whole year beside them.
DEFAULT = ["utfall", "budget", "avvikelse", "fg-ar", "fg-ar-diff", "fg-ar-procent"]
DEFAULT += ["helarsbudget", "prognos"]
# Columns that compare the chosen period with its budget or last year: misleading for
# months past the ledger's last month with outcome.
PERIOD_COMPARISONS = {"budget", "avvikelse", "fg-ar", "fg-ar-diff", "fg-ar-procent"}


def chosen(codes: list[str]) -> list[Column]:
    """The known columns among `codes`, in the table's order; the default when none is."""
    wanted = {code for code in codes if code in BY_CODE}
    if not wanted:
        wanted = set(DEFAULT)
    return [column for column in COLUMNS if column.code in wanted]
