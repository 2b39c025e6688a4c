"""Reads of statistics: stored values, and the figures derived from them.

`SeriesData` loads the values of some series for a unit's subtree (and comparison areas)
over a span of time in one query, and answers `figure(series, subject, members, period)`:

1. a series that is a ratio of two others (medelvårdtid) is computed from them;
2. a stored value (or its reason for missing) is the answer;
3. year-to-date, rolling 12 months and the year of a series that sums over time are the
   sums of their months (every month must be there);
4. the total of an additive dimension is the sum of its members (those reported);
5. a unit's figure of a series that sums over units is the sum of its children's.

Anything else is missing ("saknas data"). Nothing derived is ever stored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Min, Q

from styra.followup.models import MissingReason
from styra.org.selectors import unit_versions_on

from . import derive
from .catalogue import Catalogue, cell_key, cell_members
from .models import PeriodKind, Series, StatValue
from .periods import Period, add_months


@dataclass(frozen=True)
class Subject:
    """Whose figure: a unit of the organisation or a comparison area."""

    unit_id: int | None = None
    area_id: int | None = None


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    reason: str = ""  # MissingReason when the value is missing
    derived: bool = False
    absent: bool = False  # nothing stored or derivable (not a reported reason)

    @property
    def missing(self) -> bool:
        return self.value is None


NO_DATA = Figure(None, MissingReason.NO_DATA, absent=True)


def loading_span(periods: Iterable[Period]) -> tuple[date, date]:
    """The first and last day of values needed to answer for `periods` (their months
    included, for figures derived from months)."""
    periods = list(periods)
    start = min(p.start for p in periods)
    end = max(p.end for p in periods)
    return add_months(start, -1).replace(day=1), end


@dataclass
class SeriesData:
    series: list[Series]
    catalogue: Catalogue
    day: date  # the organisation tree as of this day, for sums over units
    # (series id, unit id, area id, period kind, period end) → cell key → (value, reason)
    values: dict[
        tuple[int, int | None, int | None, str, date], dict[str, tuple[Decimal | None, str]]
    ] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    _memo: dict[tuple[int, Subject, str, Period], Figure] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        series: Iterable[Series],
        *,
        unit_ids: Iterable[int] = (),
        area_ids: Iterable[int] = (),
        start: date,
        end: date,
        day: date,
        catalogue: Catalogue | None = None,
    ) -> SeriesData:
        catalogue = catalogue or Catalogue.load()
        wanted = list(series)
        # A ratio needs its numerator and denominator.
        for s in list(wanted):
            for part in ("numerator", "denominator"):
                code = (s.ratio_of or {}).get(part)
                if code and code in catalogue.series and catalogue.series[code] not in wanted:
                    wanted.append(catalogue.series[code])
        data = cls(series=wanted, catalogue=catalogue, day=day)
        unit_ids, area_ids = list(unit_ids), list(area_ids)
        if any(s.sum_over_units for s in wanted) and unit_ids:
            parents = dict(unit_versions_on(day).values_list("unit_id", "parent_id"))
            for unit_id, parent_id in parents.items():
                if parent_id is not None:
                    data.children.setdefault(parent_id, []).append(unit_id)
            unit_ids = _with_descendants(unit_ids, data.children)
        cells = {pk: key for key, pk in catalogue.cells.items()}
        subjects = Q(unit_id__in=unit_ids) | Q(area_id__in=area_ids)
        rows = StatValue.objects.filter(
            subjects,
            series__in=[s.pk for s in wanted if not s.ratio_of],
            period_end__gte=start,
            period_end__lte=end,
        ).values_list(
            "series_id", "unit_id", "area_id", "cell_id", "period_kind", "period_end", "value",
            "missing_reason",
        )  # fmt: skip
        for series_id, unit_id, area_id, cell_id, kind, period_end, value, reason in rows:
            key = (series_id, unit_id, area_id, kind, period_end)
            data.values.setdefault(key, {})[cells.get(cell_id, "")] = (value, reason)
        return data

    # --- figures ----------------------------------------------------------------------

    def figure(
        self, series: Series, subject: Subject, members: dict[str, str], period: Period
    ) -> Figure:
        key = (series.pk, subject, cell_key(members), period)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._figure(series, subject, members, period)
        return found

    def value(
        self, series: Series, subject: Subject, members: dict[str, str], period: Period
    ) -> Decimal | None:
        return self.figure(series, subject, members, period).value

    def _figure(
        self, series: Series, subject: Subject, members: dict[str, str], period: Period
    ) -> Figure:
        if series.ratio_of:
            return self._ratio(series, subject, members, period)
        stored = self.values.get(
            (series.pk, subject.unit_id, subject.area_id, period.kind, period.end)
        )
        if stored is not None:
            cell = stored.get(cell_key(members))
            if cell is not None:
                return Figure(cell[0], cell[1])
        if series.sum_over_time and period.kind in (
            PeriodKind.YTD,
            PeriodKind.ROLLING12,
            PeriodKind.YEAR,
        ):
            months = [self.figure(series, subject, members, month) for month in period.months()]
            if months and all(m.value is not None for m in months):
                return Figure(derive.total(m.value for m in months), derived=True)
            return NO_DATA
        for dim in series.dimensions:
            if dim in members or dim not in series.sum_over:
                continue
            parts = [
                self.figure(series, subject, {**members, dim: member}, period)
                for member in self.catalogue.dimensions[dim].labels
            ]
            value = derive.total(p.value for p in parts)
            return Figure(value, derived=True) if value is not None else _missing(parts)
        if series.sum_over_units and subject.unit_id is not None:
            children = self.children.get(subject.unit_id, [])
            parts = [self.figure(series, Subject(unit_id=c), members, period) for c in children]
            value = derive.total(p.value for p in parts)
            if value is not None:
                return Figure(value, derived=True)
        return NO_DATA

    def _ratio(
        self, series: Series, subject: Subject, members: dict[str, str], period: Period
    ) -> Figure:
        codes = self.catalogue.series
        numerator = codes.get(series.ratio_of.get("numerator", ""))
        denominator = codes.get(series.ratio_of.get("denominator", ""))
        if numerator is None or denominator is None:
            return NO_DATA
        factor = Decimal(str(series.ratio_of.get("factor") or 1))
        top = self.figure(numerator, subject, members, period)
        bottom = self.figure(denominator, subject, members, period)
        value = derive.ratio(top.value, bottom.value, factor)
        if value is None:
            return _missing([top, bottom])
        return Figure(value, derived=True)


def _missing(parts: list[Figure]) -> Figure:
    """Missing, with the reason the parts give when they agree on one."""
    reasons = {p.reason for p in parts if p.value is None and p.reason and not p.absent}
    if not reasons:
        return NO_DATA
    return Figure(None, reasons.pop() if len(reasons) == 1 else MissingReason.NO_DATA)


def _with_descendants(unit_ids: list[int], children: dict[int, list[int]]) -> list[int]:
    result, stack = set(), list(unit_ids)
    while stack:
        current = stack.pop()
        if current in result:
            continue
        result.add(current)
        stack.extend(children.get(current, []))
    return sorted(result)


# --- tables ------------------------------------------------------------------------------


@dataclass
class BreakdownRow:
    label: str
    members: dict[str, str]
    value: Decimal | None
    previous: Decimal | None
    change_pct: Decimal | None
    missing: str = ""


def member_grid(series: Series, catalogue: Catalogue) -> list[dict[str, str]]:
    """Every combination of the series' members and totals, totals last."""
    grid: list[dict[str, str]] = [{}]
    for dim in series.dimensions:
        members = [*catalogue.dimensions[dim].labels, ""]
        grid = [{**cell, **({dim: m} if m else {})} for cell in grid for m in members]
    return grid


def members_label(members: dict[str, str], series: Series, catalogue: Catalogue) -> str:
    parts = [catalogue.dimensions[d].label(members.get(d, "")) for d in series.dimensions]
    return ", ".join(parts) or "Totalt"


def breakdown_table(
    series: Series, subject: Subject, period: Period, *, catalogue: Catalogue | None = None
) -> list[BreakdownRow]:
    """Every cell of the series for a subject and period, with the same period a year
    earlier and the change in percent."""
    catalogue = catalogue or Catalogue.load()
    previous = period.shift_years(-1)
    start, end = loading_span([period, previous])
    data = SeriesData.load(
        [series],
        unit_ids=[subject.unit_id] if subject.unit_id else [],
        area_ids=[subject.area_id] if subject.area_id else [],
        start=start,
        end=end,
        day=period.end,
        catalogue=catalogue,
    )
    rows = []
    for members in member_grid(series, catalogue):
        now = data.figure(series, subject, members, period)
        before = data.figure(series, subject, members, previous)
        rows.append(
            BreakdownRow(
                label=members_label(members, series, catalogue),
                members=members,
                value=now.value,
                previous=before.value,
                change_pct=derive.change_pct(now.value, before.value),
                missing=str(MissingReason(now.reason).label) if now.reason else "–",
            )
        )
    return rows


@dataclass
class SeriesOverview:
    series: Series
    count: int
    first: date | None
    last: date | None


def series_overview() -> list[SeriesOverview]:
    stats: dict[int, tuple[int, date | None, date | None]] = {
        series_id: (count, first, last)
        for series_id, count, first, last in StatValue.objects.values("series_id")
        .annotate(count=Count("id"), first=Min("period_end"), last=Max("period_end"))
        .values_list("series_id", "count", "first", "last")
    }
    return [
        SeriesOverview(series, *stats.get(series.pk, (0, None, None)))
        for series in Series.objects.all()
    ]


def children_by_parent(day: date) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, parent_id in unit_versions_on(day).values_list("unit_id", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(unit_id)
    return children


__all__ = [
    "BreakdownRow",
    "Figure",
    "SeriesData",
    "SeriesOverview",
    "Subject",
    "breakdown_table",
    "cell_members",
    "children_by_parent",
    "loading_span",
    "member_grid",
    "members_label",
    "series_overview",
]
