"""Statistics sections: tables and charts of statistics series (domain guide §9, §10).

`stat_table` prints rows (the members of a dimension, the sub-units, the unit beside
comparison areas, or rows listed one by one) against columns chosen from the value of
the period, the same period one or two years back, the change, the change in percent,
the share of the total, the target, the status and a comparison area. `stat_chart`
draws the same figures as columns or lines (sick leave per interval for this year and
last; visits per month over three years; the region against riket). Every figure comes
from `styra.stats.selectors.SeriesData`: sums and derived periods are computed there,
never stored; a missing figure prints its reason. Options: docs/reports.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from styra.followup.models import MissingReason
from styra.formats import numbers as nf
from styra.memo import remembered
from styra.org.selectors import unit_name_on, unit_versions_on
from styra.plans.models import StatusMeaning
from styra.plans.status import TargetRule, compute_status
from styra.reports import charts, stat_charts
from styra.reports.document import (
    Cell,
    Chart,
    Column,
    Footnote,
    Paragraph,
    Row,
    Section,
    StatusMark,
    Table,
)
from styra.reports.templates import SectionSpec, TemplateError
from styra.stats import derive
from styra.stats.catalogue import Catalogue, DimensionInfo
from styra.stats.models import PeriodKind, Series, SeriesSource
from styra.stats.periods import SHORT_MONTHS, Period, add_months
from styra.stats.selectors import Figure, SeriesData, Subject, loading_span

from .common import BuildContext, status_mark
from .values import excel_format

#: When a plan has no status scale for indicators, status is still symbol and text.
FALLBACK_MARKS = {
    StatusMeaning.FULFILLED: StatusMark("●", "Uppfyllt", "#2e7d32", StatusMeaning.FULFILLED),
    StatusMeaning.PARTLY: StatusMark("◐", "Delvis uppfyllt", "#b26a00", StatusMeaning.PARTLY),
    StatusMeaning.NOT_FULFILLED: StatusMark(
        "○", "Ej uppfyllt", "#c62828", StatusMeaning.NOT_FULFILLED
    ),
}
COLUMN_LABELS = {
    "change": "Förändring",
    "change_pct": "Förändring",
    "share": "Andel",
    "target": "Mål",
    "status": "Status",
}
#: The value axis names the unit; the chart's title names the series.
AXIS_TITLES = {"%": "Procent", "tkr": "Tusental kronor", "mkr": "Miljoner kronor", "kr": "Kronor"}
DEFAULT_COLUMNS: list[dict] = [
    {"show": "value"},
    {"show": "value", "years": -1},
    {"show": "change_pct", "years": -1},
]


class StatOptionError(ValueError):
    """An option names a series, dimension, member, unit or area that does not exist."""


class NoStatistics(Exception):
    """The organisation has no statistics configured: the section is left out."""


@dataclass
class RowSpec:
    label: str
    series: Series
    subject: Subject
    members: dict[str, str]
    kind: str = "data"  # "data" or "total"


@dataclass
class StatScope:
    """What a statistics section reads: the configuration, the figures, its base period."""

    ctx: BuildContext
    options: dict
    catalogue: Catalogue
    series: Series
    day: date
    unit_subject: Subject
    _data: SeriesData | None = None
    series_used: list[Series] = field(default_factory=list)

    @classmethod
    def of(cls, ctx: BuildContext, spec: SectionSpec) -> StatScope:
        options = dict(spec.options or {})
        # Every statistics section of a report reads the same catalogue.
        catalogue = remembered(("stats_catalogue",), Catalogue.load)
        series = catalogue.series.get(str(options.get("series", "")))
        if series is None and not catalogue.series:
            raise NoStatistics()
        if series is None:
            raise StatOptionError(f"okänd serie {options.get('series')!r}")
        unit_id: int = ctx.data.unit.pk
        if options.get("unit"):
            found = catalogue.units.get(str(options["unit"]))
            if found is None:
                raise StatOptionError(f"okänd enhet {options['unit']!r}")
            unit_id = found
        return cls(
            ctx=ctx,
            options=options,
            catalogue=catalogue,
            series=series,
            day=ctx.round.period_end,
            unit_subject=Subject(unit_id=unit_id),
        )

    # --- periods ---------------------------------------------------------------------

    def kind(self, override: str | None = None) -> str:
        return override or str(self.options.get("period") or self.series.period_kind)

    def period(self, kind: str | None = None, years: int = 0) -> Period:
        """The section's period (the round's end less the lag), shifted by `years`."""
        kind = self.kind(kind)
        lag = int(self.options.get("lag", 0))
        end = add_months(self.ctx.round.period_end, -lag)
        if kind == PeriodKind.POINT:
            end = self.ctx.round.period_end if not lag else end
        return Period.ending(kind, end).shift_years(years)

    # --- names -----------------------------------------------------------------------

    def dimension(self, code: str) -> DimensionInfo:
        info = self.catalogue.dimensions.get(code)
        if info is None:
            raise StatOptionError(f"okänd dimension {code!r}")
        return info

    def members(self, given: dict | None, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` with the members `given` (codes or labels; 'totalt' removes one)."""
        members = dict(base or {})
        for dim, text in (given or {}).items():
            member = self.dimension(dim).member(str(text))
            if member is None:
                raise StatOptionError(f"okänt värde {text!r} för {dim}")
            if member:
                members[dim] = member
            else:
                members.pop(dim, None)
        return members

    def series_named(self, code: str | None) -> Series:
        if not code:
            return self.series
        found = self.catalogue.series.get(str(code))
        if found is None:
            raise StatOptionError(f"okänd serie {code!r}")
        return found

    def subject_named(self, code: str) -> tuple[str, Subject]:
        """'unit' (the section's unit), a unit code or an area code → (name, subject)."""
        if code == "unit":
            name = str(self.options.get("unit_label") or self.unit_name(self.unit_subject.unit_id))
            return name, self.unit_subject
        if code in self.catalogue.units:
            unit_id = self.catalogue.units[code]
            return self.unit_name(unit_id), Subject(unit_id=unit_id)
        area = self.catalogue.area(code)
        if area is None:
            raise StatOptionError(f"okänd enhet eller område {code!r}")
        return area.name, Subject(area_id=area.pk)

    def unit_name(self, unit_id: int | None) -> str:
        from styra.org.models import Unit

        if unit_id is None:
            return ""
        unit = Unit.objects.get(pk=unit_id)
        return unit_name_on(unit, self.day)

    # --- figures ---------------------------------------------------------------------

    def load(self, series: list[Series], subjects: list[Subject], periods: list[Period]) -> None:
        start, end = loading_span(periods)
        self._data = SeriesData.load(
            series,
            unit_ids={s.unit_id for s in subjects if s.unit_id},
            area_ids={s.area_id for s in subjects if s.area_id},
            start=start,
            end=end,
            day=self.day,
            catalogue=self.catalogue,
        )
        self.series_used = list(dict.fromkeys(series))

    def figure(self, series: Series, subject: Subject, members, period: Period) -> Figure:
        assert self._data is not None, "load() first"
        return self._data.figure(series, subject, members, period)

    def footnotes(self) -> list[Footnote]:
        notes = []
        if self.options.get("note"):
            notes.append(str(self.options["note"]))
        for series in self.series_used:
            if series.note and series.note not in notes:
                notes.append(series.note)
        if any(s.source == SeriesSource.KOLADA for s in self.series_used):
            notes.append("Källa: Kolada")
        return [Footnote("", n) for n in notes]


def _unit_text(series: Series) -> str:
    unit = (series.unit or "").strip()
    return "" if unit.lower() in ("antal", "st", "st.") else unit


def _missing_text(figure: Figure) -> str:
    if figure.reason and not figure.absent:
        return str(MissingReason(figure.reason).label)
    return nf.MISSING


def _number_cell(value: Decimal | None, decimals: int, unit: str, figure: Figure | None = None):
    if value is None:
        return Cell(text=_missing_text(figure) if figure else nf.MISSING)
    return Cell(
        text=nf.format_percent(value, decimals)
        if unit == "%"
        else nf.format_number(value, decimals),
        value=value,
        number_format=excel_format(decimals, unit),
    )


# --- rows -----------------------------------------------------------------------------------


def _children(scope: StatScope, unit_id: int) -> list[tuple[str, int]]:
    versions = unit_versions_on(scope.day).filter(parent_id=unit_id).order_by("order", "unit__code")
    return [(v.short_name or v.name, v.unit_id) for v in versions]


def _rows(scope: StatScope) -> list[RowSpec]:
    options = scope.options
    base = scope.members(options.get("members"))
    spec = options.get("rows") or {}
    total = bool(options.get("total", True))
    if isinstance(spec, list):
        rows = []
        for entry in spec:
            series = scope.series_named(entry.get("series"))
            subject = scope.unit_subject
            if entry.get("unit") or entry.get("area"):
                _name, subject = scope.subject_named(str(entry.get("unit") or entry.get("area")))
            members = scope.members(entry.get("members"), base)
            label = str(entry.get("label") or series.name)
            rows.append(RowSpec(label, series, subject, members, str(entry.get("kind", "data"))))
        return rows
    if "dimension" in spec:
        info = scope.dimension(str(spec["dimension"]))
        if info.code not in scope.series.dimensions:
            raise StatOptionError(f"serien har ingen dimension {info.code!r}")
        rows = [
            RowSpec(label, scope.series, scope.unit_subject, {**base, info.code: code})
            for code, label in info.labels.items()
            if code not in spec.get("except", [])
        ]
        if total:
            rows.append(RowSpec(info.total_label, scope.series, scope.unit_subject, base, "total"))
        return rows
    if spec.get("units") == "children":
        unit_id = scope.unit_subject.unit_id
        assert unit_id is not None
        rows = [
            RowSpec(name, scope.series, Subject(unit_id=child), base)
            for name, child in _children(scope, unit_id)
        ]
        if total:
            rows.append(
                RowSpec(scope.unit_name(unit_id), scope.series, scope.unit_subject, base, "total")
            )
        return rows
    if "subjects" in spec:
        rows = []
        for code in spec["subjects"]:
            name, subject = scope.subject_named(str(code))
            rows.append(RowSpec(name, scope.series, subject, base))
        return rows
    return [RowSpec(scope.series.name, scope.series, scope.unit_subject, base)]


# --- columns ---------------------------------------------------------------------------------


@dataclass
class ColumnSpec:
    show: str
    years: int = 0
    label: str = ""
    members: dict = field(default_factory=dict)
    area: str = ""
    series: str = ""
    period: str = ""
    decimals: int | None = None
    unit: str | None = None


def _columns(scope: StatScope) -> list[ColumnSpec]:
    given: list[dict] = scope.options.get("columns") or DEFAULT_COLUMNS
    columns = []
    for entry in given:
        known = {k: entry[k] for k in ColumnSpec.__dataclass_fields__ if k in entry}
        columns.append(ColumnSpec(**known))
    return columns


def _target_rule(series: Series) -> TargetRule | None:
    target = series.target or {}
    if not target.get("kind"):
        return None

    def number(key: str) -> Decimal | None:
        return Decimal(str(target[key])) if target.get(key) not in (None, "") else None

    return TargetRule(
        kind=target["kind"],
        value=number("value"),
        direction=target.get("direction", series.direction),
        strict=bool(target.get("strict", False)),
        baseline_value=number("baseline_value"),
        tolerance_kind=target.get("tolerance_kind", "none"),
        tolerance_value=number("tolerance_value"),
    )


class _TableBuilder:
    def __init__(self, scope: StatScope):
        self.scope = scope
        self.rows = _rows(scope)
        self.columns = _columns(scope)
        self.total_row = next((r for r in self.rows if r.kind == "total"), None)

    def _series(self, row: RowSpec, column: ColumnSpec) -> Series:
        return self.scope.series_named(column.series) if column.series else row.series

    def _period(self, column: ColumnSpec, years: int | None = None) -> Period:
        return self.scope.period(column.period or None, column.years if years is None else years)

    def _subject(self, row: RowSpec, column: ColumnSpec) -> Subject:
        if column.area:
            return self.scope.subject_named(column.area)[1]
        return row.subject

    def load(self) -> None:
        series: list[Series] = []
        subjects: list[Subject] = []
        periods: list[Period] = []
        for row in self.rows:
            for column in self.columns:
                series.append(self._series(row, column))
                subjects.append(self._subject(row, column))
                periods += [self._period(column), self._period(column, 0)]
                rule = _target_rule(self._series(row, column))
                comparison = (self._series(row, column).target or {}).get("comparison")
                if rule and comparison:
                    subjects.append(self.scope.subject_named(comparison)[1])
        self.scope.load(series, subjects, periods)

    def figure(self, row: RowSpec, column: ColumnSpec, years: int | None = None) -> Figure:
        members = self.scope.members(column.members, row.members)
        return self.scope.figure(
            self._series(row, column),
            self._subject(row, column),
            members,
            self._period(column, years),
        )

    def header(self, column: ColumnSpec) -> Column:
        series = self.scope.series_named(column.series) if column.series else self.scope.series
        unit = column.unit if column.unit is not None else _unit_text(series)
        if column.show == "value":
            label = column.label or (
                self.scope.subject_named(column.area)[0]
                if column.area
                else self._period(column).label
            )
            return Column(label, align="right", unit=unit, summable=self._summable(column))
        if column.show == "change_pct":
            return Column(column.label or COLUMN_LABELS["change_pct"], align="right", unit="%")
        if column.show == "change" and unit == "%":
            return Column(column.label or COLUMN_LABELS["change"], align="right", unit="%-enheter")
        if column.show == "share":
            return Column(column.label or COLUMN_LABELS["share"], align="right", unit="%")
        if column.show == "status":
            return Column(column.label or COLUMN_LABELS["status"])
        return Column(
            column.label or COLUMN_LABELS.get(column.show, column.show), align="right", unit=unit
        )

    def _summable(self, column: ColumnSpec) -> bool:
        """The total row is the sum of the rows above (the report check verifies it)."""
        if self.total_row is None:
            return False
        spec = self.scope.options.get("rows") or {}
        if isinstance(spec, dict) and "dimension" in spec:
            return str(spec["dimension"]) in self.scope.series.sum_over and not spec.get("except")
        if isinstance(spec, dict) and spec.get("units") == "children":
            return self.scope.series.sum_over_units
        return False

    def cell(self, row: RowSpec, column: ColumnSpec) -> Cell:
        series = self._series(row, column)
        decimals = column.decimals if column.decimals is not None else series.decimals
        unit = column.unit if column.unit is not None else _unit_text(series)
        if column.show == "value":
            figure = self.figure(row, column)
            return _number_cell(figure.value, decimals, unit, figure)
        now = self.figure(row, column, 0)
        if column.show == "change":
            before = self.figure(row, column)
            # The change of a percentage is in percentage points, printed as a number.
            points = "%-enheter" if unit == "%" else unit
            return _number_cell(derive.change(now.value, before.value), decimals, points)
        if column.show == "change_pct":
            before = self.figure(row, column)
            pct = derive.change_pct(now.value, before.value)
            places = column.decimals if column.decimals is not None else 1
            return _number_cell(pct, places, "%")
        if column.show == "share":
            if self.total_row is None:
                return Cell(text=nf.MISSING)
            whole = self.figure(self.total_row, column, 0)
            places = column.decimals if column.decimals is not None else 0
            return _number_cell(derive.share(now.value, whole.value), places, "%")
        if column.show in ("target", "status"):
            return self._judged(row, column, series, now, decimals, unit)
        raise StatOptionError(f"okänd kolumn {column.show!r}")

    def _judged(self, row, column, series: Series, now: Figure, decimals: int, unit: str) -> Cell:
        rule = _target_rule(series)
        if rule is None:
            return Cell(text=nf.MISSING)
        comparison_code = str((series.target or {}).get("comparison") or "")
        comparison: Decimal | None = None
        if comparison_code:
            _name, subject = self.scope.subject_named(comparison_code)
            comparison = self.scope.figure(
                series,
                subject,
                self.scope.members(column.members, row.members),
                self._period(column, 0),
            ).value
        if column.show == "target":
            if rule.kind == "relative_comparison":
                if comparison is None:
                    return Cell(text=str((series.target or {}).get("text") or nf.MISSING))
                name = self.scope.subject_named(comparison_code)[0].lower()
                figure = (
                    nf.format_percent(comparison, decimals)
                    if unit == "%"
                    else nf.format_number(comparison, decimals)
                )
                return Cell(
                    text=f"{figure} ({name})",
                    value=comparison,
                    number_format=excel_format(decimals, unit),
                )
            return _number_cell(rule.value, decimals, unit)
        result = compute_status(rule, now.value, comparison_value=comparison)
        level = self.scope.ctx.data.level_for("indicator", result.meaning)
        if level is not None:
            return Cell(text=level.label, status=status_mark(level))
        mark = FALLBACK_MARKS.get(StatusMeaning(result.meaning))
        return Cell(text=mark.label, status=mark) if mark else Cell(text=nf.MISSING)

    def table(self, key: str, caption: str) -> Table:
        self.load()
        rows = [
            Row(
                cells=[Cell(text=row.label), *(self.cell(row, c) for c in self.columns)],
                kind="total" if row.kind == "total" else "data",
            )
            for row in self.rows
        ]
        first = str(self.scope.options.get("row_label") or "")
        return Table(
            key=key,
            caption=caption,
            columns=[Column(first, width=3.0), *(self.header(c) for c in self.columns)],
            rows=rows,
            footnotes=self.scope.footnotes(),
            row_header=0,
        )


def _section(ctx: BuildContext, spec: SectionSpec, blocks: list) -> list[Section]:
    intro = [Paragraph(ctx.fill(spec.intro))] if spec.intro else []
    return [
        Section(
            heading=ctx.fill(spec.heading),
            level=spec.level,
            key=spec.key,
            blocks=[*intro, *blocks],
        )
    ]


def _guarded(build):
    """A statistics builder whose option errors name the template and the section."""

    def run(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
        try:
            return build(ctx, spec)
        except NoStatistics:
            return []
        except StatOptionError as exc:
            where = ctx.template.path or ctx.template.code
            raise TemplateError(f"{where}: avsnittet {spec.key or spec.kind}: {exc}") from None

    return run


@_guarded
def build_stat_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    scope = StatScope.of(ctx, spec)
    builder = _TableBuilder(scope)
    caption = ctx.fill(spec.caption or spec.heading or scope.series.name)
    table = builder.table(spec.key or f"statistik-{scope.series.code}", caption)
    if all(cell.value is None for row in table.rows for cell in row.cells[1:]):
        return []  # no figures: the section is left out, never filled with invented ones
    return _section(ctx, spec, [table])


# --- charts ------------------------------------------------------------------------------------


Colour = tuple[str, int, dict[str, str], Subject]


def _colours(scope: StatScope) -> list[Colour]:
    """The chart's colour series: years of the period, members of a dimension, or
    subjects (the unit, comparison areas, other units); (name, years, members, subject)."""
    options = scope.options
    colour = str(options.get("colour") or "years")
    if colour == "years":
        return [("", int(y), {}, scope.unit_subject) for y in options.get("years", [-1, 0])]
    found: list[Colour] = []
    if colour == "subjects":
        for code in options.get("subjects", ["unit"]):
            name, subject = scope.subject_named(str(code))
            found.append((name, 0, {}, subject))
        return found
    info = scope.dimension(colour)
    found = [(label, 0, {colour: code}, scope.unit_subject) for code, label in info.labels.items()]
    if options.get("colour_total", True):
        found.append((info.total_label, 0, {}, scope.unit_subject))
    return found


def _points(scope: StatScope) -> list[tuple[str, str, Period, Subject, dict[str, str]]]:
    """(x label, colour name, period, subject, members) of every point of the chart."""
    options, series = scope.options, scope.series
    base = scope.members(options.get("members"))
    x = str(options.get("x") or (series.dimensions[0] if series.dimensions else "period"))
    points = []
    if x == "month":  # one line per year, over the months of the year so far
        last = scope.period(PeriodKind.MONTH)
        for years in options.get("years", [-2, -1, 0]):
            year = last.end.year + int(years)
            for month in range(1, 13):
                period = Period.ending(PeriodKind.MONTH, date(year, month, 1))
                if period.end > last.end:
                    break
                points.append(
                    (SHORT_MONTHS[month - 1], str(year), period, scope.unit_subject, base)
                )
        return points
    if x == "period":  # a run of periods back from the section's own
        step = 1 if scope.kind() == PeriodKind.MONTH else 12
        span = int(options.get("span", 6))
        for name, _years, members, subject in _colours(scope):
            for back in reversed(range(span)):
                period = Period.ending(scope.kind(), add_months(scope.period().end, -step * back))
                points.append(
                    (period.label, name or series.name, period, subject, {**base, **members})
                )
        return points
    info = scope.dimension(x)
    xs = [(label, {x: code}) for code, label in info.labels.items()]
    if options.get("total", False):
        xs.append((info.total_label, {}))
    for label, x_members in xs:
        for name, years, members, subject in _colours(scope):
            period = scope.period(None, years)
            points.append(
                (label, name or period.label, period, subject, {**base, **x_members, **members})
            )
    return points


@_guarded
def build_stat_chart(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    scope = StatScope.of(ctx, spec)
    series = scope.series
    decimals = int(scope.options.get("decimals", series.decimals))
    points = _points(scope)
    scope.load([series], [p[3] for p in points], [p[2] for p in points])
    line = spec.chart == "line"
    rows: list[dict] = []
    by_x: dict[str, list[str]] = {}
    for label, name, period, subject, members in points:
        value = scope.figure(series, subject, members, period).value
        if value is None:
            continue
        rows.append({"x" if line else "category": label, "series": name, "value": value})
        by_x.setdefault(label, []).append(f"{name} {nf.format_number(value, decimals)}")
    if not rows:
        return []
    title = ctx.fill(spec.caption or spec.heading or series.name)
    unit = _unit_text(series)
    value_title = AXIS_TITLES.get(unit, unit) if unit else "Antal"
    rule = _target_rule(series)
    show_target = scope.options.get("target") and rule is not None and rule.kind == "threshold"
    target = rule.value if show_target and rule is not None else None
    if line:
        chart_spec = stat_charts.line_spec(
            rows,
            title=title,
            value_title=value_title,
            decimals=decimals,
            target=target,
            target_label=f"Mål {nf.format_number(target, decimals)}" if target is not None else "",
        )
    else:
        chart_spec = stat_charts.column_spec(
            rows, title=title, value_title=value_title, decimals=decimals
        )
    suffix = f" {unit}" if unit else ""
    pairs = [(label, "; ".join(f"{v}{suffix}" for v in values)) for label, values in by_x.items()]
    if target is not None:
        pairs.append(("Mål", f"{nf.format_number(target, decimals)}{suffix}"))
    kind_text = "Linjediagram" if line else "Stapeldiagram"
    chart = Chart(
        key=spec.key or f"diagram-{series.code}",
        spec=chart_spec,
        alt=charts.alt_text_pairs(f"{kind_text}: {title}", pairs),
        caption=title,
    )
    blocks: list = [chart]
    notes = scope.footnotes()
    if notes:
        blocks.append(Paragraph(" ".join(n.text for n in notes)))
    return _section(ctx, spec, blocks)
