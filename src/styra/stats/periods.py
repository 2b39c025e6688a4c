"""Measurement periods of statistics values: a month, year-to-date, rolling 12 months,
a point in time or a year (domain guide §4: a value belongs to its own period).

A period is named by its kind and its last day; the first day follows from them. Files
write the period as `2026-03` (a month, the year-to-date or the 12 months ending in
March), `2026-04-30` (a point in time) or `2026` (a year).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from .models import PeriodKind

MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip
SHORT_MONTHS = [m[:3] for m in MONTHS]
MONTH_BASED = frozenset({PeriodKind.MONTH, PeriodKind.YTD, PeriodKind.ROLLING12})

#: How files may name a period kind (lower case; å/ä/ö or not).
KIND_SPELLINGS: dict[str, str] = {
    "manad": PeriodKind.MONTH,
    "månad": PeriodKind.MONTH,
    "month": PeriodKind.MONTH,
    "ack": PeriodKind.YTD,
    "ackumulerat": PeriodKind.YTD,
    "hittills i år": PeriodKind.YTD,
    "ytd": PeriodKind.YTD,
    "r12": PeriodKind.ROLLING12,
    "rullande 12": PeriodKind.ROLLING12,
    "rullande 12 månader": PeriodKind.ROLLING12,
    "tidpunkt": PeriodKind.POINT,
    "point": PeriodKind.POINT,
    "ar": PeriodKind.YEAR,
    "år": PeriodKind.YEAR,
    "helår": PeriodKind.YEAR,
    "helar": PeriodKind.YEAR,
    "year": PeriodKind.YEAR,
}
#: The spelling Styra writes in its own files (export), one per kind.
KIND_TEXT: dict[str, str] = {
    PeriodKind.MONTH: "månad",
    PeriodKind.YTD: "ack",
    PeriodKind.ROLLING12: "r12",
    PeriodKind.POINT: "tidpunkt",
    PeriodKind.YEAR: "år",
}


class PeriodError(ValueError):
    """A period that cannot be read; the message is Swedish and names the expected form."""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The last day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return month_end(index // 12, index % 12 + 1)


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date
    end: date

    @classmethod
    def ending(cls, kind: str, end: date) -> Period:
        """The period of `kind` that ends on `end` (the month's last day for month kinds)."""
        if kind == PeriodKind.POINT:
            return cls(kind, end, end)
        if kind == PeriodKind.YEAR:
            return cls(kind, date(end.year, 1, 1), date(end.year, 12, 31))
        last = month_end(end.year, end.month)
        if kind == PeriodKind.MONTH:
            return cls(kind, last.replace(day=1), last)
        if kind == PeriodKind.YTD:
            return cls(kind, date(end.year, 1, 1), last)
        if kind == PeriodKind.ROLLING12:
            return cls(kind, add_months(last, -11).replace(day=1), last)
        raise PeriodError(_("okänd periodtyp %(kind)s") % {"kind": kind})

    def shift_years(self, years: int) -> Period:
        """The same period `years` later (negative: earlier): jan–mar 2025 for jan–mar 2026."""
        if self.kind == PeriodKind.POINT:
            end = self.end
            day = min(end.day, calendar.monthrange(end.year + years, end.month)[1])
            return Period.ending(self.kind, date(end.year + years, end.month, day))
        return Period.ending(self.kind, add_months(self.end, 12 * years))

    def months(self) -> list[Period]:
        """The months this period covers, in order (a point in time covers none)."""
        if self.kind == PeriodKind.POINT:
            return []
        result, current = [], month_end(self.start.year, self.start.month)
        while current <= self.end:
            result.append(Period.ending(PeriodKind.MONTH, current))
            current = add_months(current, 1)
        return result

    @property
    def label(self) -> str:
        """As a report prints it: 'mars 2026', 'jan–mar 2026', '30 april 2026', '2026'."""
        start, end = self.start, self.end
        if self.kind == PeriodKind.POINT:
            return f"{end.day} {MONTHS[end.month - 1]} {end.year}"
        if self.kind == PeriodKind.YEAR:
            return str(end.year)
        if self.kind == PeriodKind.MONTH or (start.year, start.month) == (end.year, end.month):
            return f"{MONTHS[end.month - 1]} {end.year}"
        if start.year == end.year:
            return f"{SHORT_MONTHS[start.month - 1]}–{SHORT_MONTHS[end.month - 1]} {end.year}"
        return (
            f"{SHORT_MONTHS[start.month - 1]} {start.year}–{SHORT_MONTHS[end.month - 1]} {end.year}"
        )

    @property
    def short_label(self) -> str:
        """As a chart's axis prints it: 'jan 2026' for a month, else the label."""
        if self.kind == PeriodKind.MONTH:
            return f"{SHORT_MONTHS[self.end.month - 1]} {self.end.year}"
        return self.label

    @property
    def text(self) -> str:
        """As a file writes it (the inverse of `parse_period`)."""
        if self.kind == PeriodKind.YEAR:
            return str(self.end.year)
        if self.kind == PeriodKind.POINT:
            return self.end.isoformat()
        return f"{self.end.year:04d}-{self.end.month:02d}"


def parse_kind(text: str) -> str:
    kind = KIND_SPELLINGS.get(str(text).strip().lower())
    if kind is None:
        raise PeriodError(
            _("”%(text)s” är ingen periodtyp; använd månad, ack, r12, tidpunkt eller år")
            % {"text": text}
        )
    return kind


def _year(text: str) -> int:
    if len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2200:
        return int(text)
    raise ValueError(text)


def parse_period(kind: str, value: object) -> Period:
    """The period of `kind` a file names by `value` (text, or a date from Excel)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Period.ending(kind, value)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))  # Excel turns 2026 into 2026.0
    text = str(value if value is not None else "").strip()
    try:
        if kind == PeriodKind.YEAR:
            return Period.ending(kind, date(_year(text), 12, 31))
        if kind == PeriodKind.POINT:
            return Period.ending(kind, date.fromisoformat(text))
        year, sep, rest = text.partition("-")
        month, _sep, day = rest.partition("-")
        if not sep or not month.isdigit() or not 1 <= int(month) <= 12:
            raise ValueError(text)
        end = month_end(_year(year), int(month))
        # A date names its month when it is the first or the last day of it (Excel
        # writes months as their first day).
        if day and date.fromisoformat(text) not in (end.replace(day=1), end):
            raise ValueError(text)
        return Period.ending(kind, end)
    except ValueError:
        expected = {"year": "ÅÅÅÅ", "point": "ÅÅÅÅ-MM-DD"}.get(kind, "ÅÅÅÅ-MM")
        raise PeriodError(
            _("”%(text)s” är ingen period (skriv %(expected)s)")
            % {"text": text, "expected": expected}
        ) from None
