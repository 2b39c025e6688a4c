"""Reads behind the dashboard ("måltavla") of a unit in a round.

A unit's dashboard shows the plan items its subtree reports (owners and co-owners on
the round's end date; the plan's own unit sees the whole plan), each with the status
`styra.followup.summary` counts it with, the goal-fulfilment summary of those items
(`followup.summary.summarise`, never counted here), the unit's sub-units with theirs,
and the trends of its indicators and statistics series. Who may read what follows the
follow-up pages (`styra.access.permissions`). Every read runs a fixed number of
queries, whatever the size of the plan or the organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Assessment, AssessmentValue, Round, RoundKind
from styra.followup.summary import (
    ItemStatuses,
    LevelSummary,
    RoundSummary,
    StatusKey,
    level_rows,
    round_statuses,
    summarise,
)
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import Indicator, ItemKind, Plan, PlanItem, Target, TargetKind
from styra.plans.selectors import plan_tree
from styra.stats.catalogue import Catalogue
from styra.stats.models import Area, IndicatorLink, PeriodKind, Series, StatValue, UnitKolada
from styra.stats.periods import Period, add_months
from styra.stats.selectors import SeriesData, Subject, loading_span
from styra.web import selectors as web_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

#: Trend charts drawn on one dashboard; the filters choose others.
MAX_CHARTS = 12
#: Years of statistics a trend shows (this year and the four before).
TREND_YEARS = 5


@dataclass(frozen=True)
class Filters:
    """What the item list shows: a status code, a plan level code, an owner unit code."""

    status: str = ""
    level: str = ""
    owner: str = ""

    @property
    def active(self) -> bool:
        return bool(self.status or self.level or self.owner)


@dataclass
class Row:
    """One plan item on the dashboard."""

    item: PlanItem
    number: str
    depth: int
    area: PlanItem | None
    owner_code: str
    owner_name: str
    status: StatusKey | None
    total_value: AssessmentValue | None  # the assessed value without a breakdown
    targets: list[Target]

    @property
    def indicator(self) -> Indicator | None:
        return getattr(self.item, "indicator", None)  # None when the item is no indicator


@dataclass
class AreaBlock:
    """A goal area (or the plan's items outside any area) with its rows."""

    area: PlanItem | None
    number: str
    status: StatusKey | None
    rows: list[Row] = field(default_factory=list)


@dataclass
class SubUnit:
    unit: Unit
    name: str
    rows: list[LevelSummary]  # followup.summary.level_rows over the sub-unit's items

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class ChartData:
    """A trend as data: the points the chart draws and its table shows."""

    key: str
    title: str
    unit: str
    decimals: int
    points: list[
        dict[str, Any]
    ]  # {'x', 'series', 'value'} in order, as stat_charts.line_spec takes
    target: Decimal | None = None
    note: str = ""

    @property
    def xs(self) -> list[str]:
        return list(dict.fromkeys(p["x"] for p in self.points))

    @property
    def series(self) -> list[str]:
        return list(dict.fromkeys(p["series"] for p in self.points))

    def table(self) -> list[tuple[str, list[Decimal | None]]]:
        """(x, value per series) rows: the chart as a table."""
        by = {(p["x"], p["series"]): p["value"] for p in self.points}
        return [(x, [by.get((x, s)) for s in self.series]) for x in self.xs]


@dataclass
class Dashboard:
    round: Round
    unit: Unit
    unit_name: str
    is_plan_unit: bool
    parents: list[tuple[Unit, str]]  # from the plan's unit down to the unit's parent
    summary: RoundSummary
    all_rows: list[Row]  # every row of the unit, before the filters
    area_blocks: list[AreaBlock]  # the plan's goal areas, without rows
    sub_units: list[SubUnit]
    statuses: list[Choice]
    levels: list[Choice]
    owners: list[Choice]
    tree: Tree
    # What `show` fills in for the filters:
    filters: Filters = Filters()
    areas: list[AreaBlock] = field(default_factory=list)
    shown: int = 0
    charts: list[ChartData] = field(default_factory=list)
    chart_count: int = 0  # trends there are (charts holds at most MAX_CHARTS)

    @property
    def total(self) -> int:
        return len(self.all_rows)

    @property
    def rows(self) -> list[Row]:
        return [row for block in self.areas for row in block.rows]


# --- scope -----------------------------------------------------------------------------


@dataclass
class Tree:
    """The organisation on a day: parents, children and names in one query."""

    parent: dict[int, int | None]
    children: dict[int, list[int]]
    names: dict[int, str]
    order: dict[int, tuple[int, str]]

    @classmethod
    def on(cls, day: date) -> Tree:
        tree = cls(parent={}, children={}, names={}, order={})
        versions = unit_versions_on(day).values_list(
            "unit_id", "parent_id", "name", "short_name", "order"
        )
        for unit_id, parent_id, name, short, order in versions:
            tree.parent[unit_id] = parent_id
            tree.names[unit_id] = short or name
            tree.order[unit_id] = (order, name)
            if parent_id is not None:
                tree.children.setdefault(parent_id, []).append(unit_id)
        for ids in tree.children.values():
            ids.sort(key=lambda i: tree.order[i])
        return tree

    def subtree(self, unit_id: int) -> set[int]:
        found, stack = set(), [unit_id]
        while stack:
            current = stack.pop()
            if current not in found:
                found.add(current)
                stack.extend(self.children.get(current, []))
        return found

    def is_under(self, unit_id: int, top_id: int) -> bool:
        current: int | None = unit_id
        while current is not None:
            if current == top_id:
                return True
            current = self.parent.get(current)
        return False


@dataclass
class PlanItems:
    """A plan's items in plan order, with their co-owners' ids and their targets.

    Loaded in three queries without `prefetch_related`, whose per-item querysets cost
    more than the rest of a dashboard of a large plan."""

    items: list[PlanItem]
    co_owners: dict[int, list[int]]
    targets: dict[int, list[Target]]

    @classmethod
    def load(cls, plan: Plan, *, codes: Iterable[str] | None = None) -> PlanItems:
        items = plan.items.select_related("level", "owner", "indicator").order_by("order", "id")
        if codes is not None:
            items = items.filter(code__in=list(codes))
        found = cls(items=list(items), co_owners={}, targets={})
        ids = [i.pk for i in found.items]
        through = PlanItem.co_owners.through.objects.filter(planitem_id__in=ids)
        for item_id, unit_id in through.order_by("unit__code").values_list(
            "planitem_id", "unit_id"
        ):
            found.co_owners.setdefault(item_id, []).append(unit_id)
        for target in Target.objects.filter(item_id__in=ids).order_by("item_id", "order", "id"):
            found.targets.setdefault(target.item_id, []).append(target)
        return found

    def in_scope(self, item: PlanItem, units: set[int]) -> bool:
        """Reported by one of `units`, or co-owned by one."""
        return reporting_unit_id(item) in units or any(
            u in units for u in self.co_owners.get(item.pk, [])
        )

    def viewable(self, item: PlanItem, unit_ids: frozenset[int] | None) -> bool:
        return permissions.item_is_viewable(item, unit_ids, self.co_owners.get(item.pk, []))

    def units_of(self, item: PlanItem) -> list[int]:
        return [reporting_unit_id(item), *self.co_owners.get(item.pk, [])]


def reporting_unit_id(item: PlanItem) -> int:
    return item.owner_id or item.plan.unit_id


def unit_in_plan(round_: Round, unit: Unit, tree: Tree) -> bool:
    """Whether `unit` has a dashboard in the round: the plan's unit or a unit under it,
    in a follow-up round (a planning round, inspel, has no statuses)."""
    return round_.kind != RoundKind.INSPEL and tree.is_under(unit.pk, round_.plan.unit_id)


def follow_up_rounds(rounds: list[Round]) -> list[Round]:
    """The rounds that have dashboards: every kind but planning's inspel."""
    return [r for r in rounds if r.kind != RoundKind.INSPEL]


# --- the dashboard ----------------------------------------------------------------------


def dashboard(
    round_: Round, unit: Unit, unit_ids: frozenset[int] | None, filters: Filters = Filters()
) -> Dashboard:
    """The dashboard of `unit` in `round_` for a reader of `unit_ids`
    (`permissions.viewable_unit_ids` on the round's end); the caller has checked that
    the reader may see `unit` itself."""
    return show(prepare(round_, unit, unit_ids), filters)


def prepare(
    round_: Round, unit: Unit, unit_ids: frozenset[int] | None, *, tree: Tree | None = None
) -> Dashboard:
    """`dashboard` before the filters: every row, and the choices the filters offer."""
    plan = round_.plan
    tree = tree or Tree.on(round_.period_end)
    loaded = PlanItems.load(plan)
    structure = plan_tree(plan, loaded.items)
    nodes = [node for root in structure for node in root.walk()]
    every = [node.item for node in nodes]
    statuses = round_statuses(round_, every)
    is_plan_unit = unit.pk == plan.unit_id
    units = tree.subtree(unit.pk)
    scope = {
        i.pk
        for i in every
        if (is_plan_unit or loaded.in_scope(i, units)) and loaded.viewable(i, unit_ids)
    }
    summary = summarise(every, statuses, only=scope)
    totals: dict[int, AssessmentValue] = {}
    for value in (
        AssessmentValue.objects.filter(
            assessment__round=round_, assessment__item_id__in=list(scope), dimension=""
        )
        .annotate(for_item=F("assessment__item_id"))
        .order_by("assessment_id", "order", "id")
    ):
        totals.setdefault(value.for_item, value)

    areas: list[AreaBlock] = []
    rows: list[Row] = []
    current_area: PlanItem | None = None
    for node in nodes:
        item = node.item
        if node.depth == 0:
            current_area = item if item.kind == ItemKind.AREA else None
        if item.kind == ItemKind.AREA and node.depth == 0:
            block = AreaBlock(area=item, number=node.number, status=statuses.of(item))
            areas.append(block)
            continue
        if item.pk not in scope:
            continue
        owner_id = reporting_unit_id(item)
        rows.append(
            Row(
                item=item,
                number=node.number,
                depth=node.depth,
                area=current_area,
                owner_code=item.owner.code if item.owner else plan.unit.code,
                owner_name=tree.names.get(owner_id, ""),
                status=statuses.of(item),
                total_value=totals.get(item.pk),
                targets=loaded.targets.get(item.pk, []),
            )
        )
    return Dashboard(
        round=round_,
        unit=unit,
        unit_name=tree.names.get(unit.pk, unit.code),
        is_plan_unit=is_plan_unit,
        parents=_parents(unit, plan.unit_id, tree),
        summary=summary,
        all_rows=rows,
        area_blocks=areas,
        sub_units=_sub_units(unit, tree, loaded, statuses, unit_ids),
        statuses=_status_choices(rows),
        levels=list(
            dict.fromkeys(
                Choice(r.item.level.code, r.item.level.name) for r in sorted(rows, key=_level_key)
            )
        ),
        owners=sorted(
            dict.fromkeys(Choice(r.owner_code, r.owner_name or r.owner_code) for r in rows),
            key=lambda c: c.label,
        ),
        tree=tree,
    )


def show(dash: Dashboard, filters: Filters) -> Dashboard:
    """`dash` with the rows `filters` keep, grouped by area, and their trends."""
    shown = [r for r in dash.all_rows if _passes(r, filters)]
    blocks = {b.area.pk: AreaBlock(b.area, b.number, b.status) for b in dash.area_blocks if b.area}
    loose = AreaBlock(area=None, number="", status=None)
    for row in shown:
        block = blocks.get(row.area.pk) if row.area else None
        (block or loose).rows.append(row)
    dash.filters = filters
    dash.areas = [b for b in blocks.values() if b.rows] + ([loose] if loose.rows else [])
    dash.shown = len(shown)
    trends = [r for r in shown if r.item.kind == ItemKind.INDICATOR]
    dash.charts, dash.chart_count = trend_charts(
        dash.round,
        dash.unit,
        [r.item for r in trends],
        targets={r.item.pk: r.targets for r in trends},
        tree=dash.tree,
        kolada=dash.is_plan_unit,
        limit=MAX_CHARTS,
        unit_series=True,
    )
    return dash


def _level_key(row: Row) -> tuple[int, int]:
    return (row.item.level.order, row.item.level_id)


def _passes(row: Row, filters: Filters) -> bool:
    if filters.status and (row.status is None or row.status.code != filters.status):
        return False
    if filters.level and row.item.level.code != filters.level:
        return False
    return not filters.owner or row.owner_code == filters.owner


def _status_choices(rows: list[Row]) -> list[Choice]:
    keys = sorted({r.status for r in rows if r.status}, key=lambda k: (k.order, k.code))
    return list(dict.fromkeys(Choice(k.code, f"{k.symbol} {k.label}") for k in keys))


def _parents(unit: Unit, plan_unit_id: int, tree: Tree) -> list[tuple[Unit, str]]:
    """The units between the plan's unit and `unit` (both ends' parents), top first."""
    chain: list[int] = []
    current = tree.parent.get(unit.pk)
    while current is not None and unit.pk != plan_unit_id:
        chain.append(current)
        if current == plan_unit_id:
            break
        current = tree.parent.get(current)
    units = Unit.objects.in_bulk(chain) if chain else {}
    return [(units[pk], tree.names.get(pk, units[pk].code)) for pk in reversed(chain)]


def _sub_units(
    unit: Unit,
    tree: Tree,
    loaded: PlanItems,
    statuses: ItemStatuses,
    unit_ids: frozenset[int] | None,
) -> list[SubUnit]:
    """The unit's children with their share of the plan, counted by followup.summary."""
    children = [c for c in tree.children.get(unit.pk, []) if unit_ids is None or c in unit_ids]
    if not children:
        return []
    subtree_of = {c: tree.subtree(c) for c in children}
    top_of: dict[int, int] = {u: c for c, units in subtree_of.items() for u in units}
    members: dict[int, list[PlanItem]] = {c: [] for c in children}
    for item in loaded.items:
        if item.kind == ItemKind.AREA or item.pk not in statuses.status:
            continue
        tops = {top_of[u] for u in loaded.units_of(item) if u in top_of}
        for top in tops:
            members[top].append(item)
    units = Unit.objects.in_bulk(children)
    return [
        SubUnit(
            unit=units[c],
            name=tree.names.get(c, units[c].code),
            rows=level_rows(members[c], statuses),
        )
        for c in children
        if members[c]
    ]


# --- trends -------------------------------------------------------------------------------


def _target_value(item_targets: list[Target], year: int) -> Decimal | None:
    """An item's threshold target for `year` (unscoped first), drawn as the target line."""
    targets = [t for t in item_targets if t.year in (None, year)]
    chosen = [t for t in targets if not t.scope] or targets
    for target in chosen:
        if target.kind == TargetKind.THRESHOLD and target.value is not None:
            return target.value
    return None


def _series_target(series: Series) -> Decimal | None:
    target = series.target or {}
    if target.get("kind") == TargetKind.THRESHOLD and target.get("value") not in (None, ""):
        return Decimal(str(target["value"]))
    return None


def trend_charts(
    round_: Round,
    unit: Unit,
    items: list[PlanItem],
    *,
    targets: dict[int, list[Target]],
    tree: Tree,
    kolada: bool = False,
    keys: set[str] | None = None,
    limit: int | None = None,
    unit_series: bool = False,
) -> tuple[list[ChartData], int]:
    """The trends of `items` (indicators), in plan order, and how many there are.

    An indicator's trend is its value over the rounds of this plan and of the plans it
    continues, with the target line (drawn when it has at least two values); an item
    whose outcome is read from a statistics series (`IndicatorLink`) shows the series
    over the last five years against its comparison area instead. With `kolada`, the
    organisation's Kolada rates follow, against riket and the other areas. `keys` keeps
    only those charts (one chart's endpoint); `limit` draws at most that many indicator
    trends (the count still counts them all). With `unit_series`, the statistics series
    the unit itself has values of over the last five years follow (its sick leave, its
    staff), each against the area its target compares with, unless an indicator's trend
    or a Kolada chart already draws it."""
    wanted = [i for i in items if keys is None or _key(i) in keys]
    links = {
        link.item_id: link
        for link in IndicatorLink.objects.filter(item_id__in=[i.pk for i in wanted]).select_related(
            "series", "unit", "comparison"
        )
    }
    origin = _origins([i for i in wanted if i.pk not in links])
    counts = _value_counts(round_, origin) if origin else {}
    candidates = [i for i in wanted if i.pk in links or counts.get(i.pk, 0) >= 2]
    chosen = candidates[:limit] if limit is not None else candidates
    drawn = {i.pk for i in chosen}
    history = _history(round_, {pk: o for pk, o in origin.items() if o in drawn})
    year = round_.period_end.year
    kolada_series: list[Series] = []
    kolada_unit = _kolada_unit(unit, tree) if kolada else None
    if kolada_unit is not None:
        kolada_series = [
            s
            for s in Series.objects.exclude(kolada_kpi="").order_by("order", "code")
            if _is_rate(s) and (keys is None or f"riket-{s.code}" in keys)
        ]
    linked = [links[i.pk] for i in chosen if i.pk in links]
    own: list[Series] = []
    if unit_series:
        by_pk = {i.pk: i for i in wanted}  # loaded with their plan: no query per link
        drawn_series = {
            link.series_id
            for link in links.values()
            if (link.unit_id or reporting_unit_id(by_pk[link.item_id])) == unit.pk
        } | {s.pk for s in kolada_series}
        own = [
            s
            for s in _unit_series(round_, unit)
            if s.pk not in drawn_series and (keys is None or _series_key(s) in keys)
        ][:MAX_CHARTS]
    statistics: dict[str, ChartData] = {}
    if linked or kolada_series or own:
        found = _stat_charts(
            round_,
            linked,
            targets,
            kolada_series,
            kolada_unit,
            tree,
            Catalogue.load(),
            own_series=own,
            own_unit=unit.pk,
        )
        statistics = {chart.key: chart for chart in found}
    charts: list[ChartData] = []
    for item in chosen:
        if item.pk in links:
            if _key(item) in statistics:
                charts.append(statistics[_key(item)])
            continue
        indicator = getattr(item, "indicator", None)
        charts.append(
            ChartData(
                key=_key(item),
                title=f"{item.number} {item.title}".strip(),
                unit=indicator.unit if indicator else "",
                decimals=indicator.decimals if indicator else 1,
                points=[{"x": x, "series": _("Utfall"), "value": v} for x, v in history[item.pk]],
                target=_target_value(targets.get(item.pk, []), year),
            )
        )
    riket = [
        statistics[key] for key in (f"riket-{s.code}" for s in kolada_series) if key in statistics
    ]
    series_charts = [statistics[key] for key in (_series_key(s) for s in own) if key in statistics]
    return charts + riket + series_charts, len(candidates) + len(riket) + len(series_charts)


def _series_key(series: Series) -> str:
    return f"statistik-{series.code}"


def _unit_series(round_: Round, unit: Unit) -> list[Series]:
    """The series `unit` has values of in the five years up to the round's end."""
    ids = (
        StatValue.objects.filter(
            unit=unit,
            period_end__gte=date(round_.period_end.year - TREND_YEARS + 1, 1, 1),
            period_end__lte=round_.period_end,
        )
        .values_list("series_id", flat=True)
        .distinct()
        .order_by()
    )
    return list(Series.objects.filter(pk__in=ids).order_by("order", "code"))


def _key(item: PlanItem) -> str:
    return f"nyckeltal-{item.code}"


def _is_rate(series: Series) -> bool:
    """A figure that can be set beside the nation's: a rate, or judged against an area."""
    return series.unit.strip() == "%" or (series.target or {}).get("kind") == (
        TargetKind.RELATIVE_COMPARISON
    )


def _origins(items: list[PlanItem]) -> dict[int, int]:
    """item id → the item it stands for: each of `items` itself and the items it
    continues in earlier plans (`inherited_from`, up to four plans back)."""
    origin: dict[int, int] = {i.pk: i.pk for i in items}
    frontier = {i.inherited_from_id: i.pk for i in items if i.inherited_from_id}
    for _step in range(TREND_YEARS - 1):
        if not frontier:
            break
        origin.update({pk: origin_pk for pk, origin_pk in frontier.items()})
        frontier = {
            earlier: origin[pk]
            for pk, earlier in PlanItem.objects.filter(
                pk__in=frontier, inherited_from__isnull=False
            ).values_list("pk", "inherited_from_id")
        }
    return origin


def _values(round_: Round, origin: dict[int, int]) -> QuerySet[AssessmentValue]:
    """The assessed totals of the items of `origin` up to `round_` (not in inspel)."""
    return AssessmentValue.objects.filter(
        assessment__item_id__in=list(origin),
        dimension="",
        value__isnull=False,
        assessment__round__period_end__lte=round_.period_end,
    ).exclude(assessment__round__kind=RoundKind.INSPEL)


def _value_counts(round_: Round, origin: dict[int, int]) -> dict[int, int]:
    """item id → how many values its trend has, counted by the database."""
    counts: dict[int, int] = {}
    rows = (
        _values(round_, origin)
        .values("assessment__item_id")
        .annotate(n=Count("id"))
        .values_list("assessment__item_id", "n")
    )
    for item_id, n in rows:
        counts[origin[item_id]] = counts.get(origin[item_id], 0) + n
    return counts


def _history(round_: Round, origin: dict[int, int]) -> dict[int, list[tuple[str, Decimal]]]:
    """item id → (round, total value) over the rounds up to `round_`, in order."""
    if not origin:
        return {}
    values = (
        _values(round_, origin)
        .order_by("assessment__round__period_end", "assessment__round_id")
        .values_list("assessment__item_id", "assessment__round__name", "value")
    )
    found: dict[int, list[tuple[str, Decimal]]] = {}
    for item_id, round_name, value in values:
        if value is not None:
            found.setdefault(origin[item_id], []).append((round_name, value))
    return found


def _kolada_unit(unit: Unit, tree: Tree) -> int | None:
    """The unit or the nearest unit above it that is in Kolada (the region)."""
    linked = set(UnitKolada.objects.values_list("unit_id", flat=True))
    current: int | None = unit.pk
    while current is not None:
        if current in linked:
            return current
        current = tree.parent.get(current)
    return None


def _years(kind: str, end: date) -> list[Period]:
    last = Period.ending(kind, end)
    return [last.shift_years(-back) for back in reversed(range(TREND_YEARS))]


def _stat_charts(
    round_: Round,
    links: list[IndicatorLink],
    targets: dict[int, list[Target]],
    kolada_series: list[Series],
    kolada_unit: int | None,
    tree: Tree,
    catalogue: Catalogue,
    *,
    own_series: Sequence[Series] = (),
    own_unit: int | None = None,
) -> list[ChartData]:
    areas = {a.pk: a for a in Area.objects.order_by("order", "code")}
    by_code = {a.code: a for a in areas.values()}
    plans = []  # (key, title, series, subject, name, members, periods, comparisons)
    for link in links:
        item = link.item
        series = link.series
        subject_id = link.unit_id or reporting_unit_id(item)
        end = add_months(round_.period_end, -link.lag_months)
        comparison = link.comparison or by_code.get(str((series.target or {}).get("comparison")))
        plans.append(
            (
                f"nyckeltal-{item.code}",
                f"{item.number} {item.title}".strip(),
                series,
                subject_id,
                dict(link.members or {}),
                _years(link.period_kind or series.period_kind, end),
                [comparison] if comparison else [],
                _target_value(targets.get(item.pk, []), round_.period_end.year)
                or _series_target(series),
            )
        )
    for series in kolada_series:
        assert kolada_unit is not None
        plans.append(
            (
                f"riket-{series.code}",
                series.name,
                series,
                kolada_unit,
                {},
                _years(PeriodKind.YEAR, date(round_.period_end.year - 1, 12, 31)),
                list(areas.values()),
                _series_target(series),
            )
        )
    for series in own_series:
        assert own_unit is not None
        comparison = by_code.get(str((series.target or {}).get("comparison")))
        plans.append(
            (
                _series_key(series),
                series.name,
                series,
                own_unit,
                {},
                _years(series.period_kind, round_.period_end),
                [comparison] if comparison else [],
                _series_target(series),
            )
        )
    if not plans:
        return []
    periods = [p for plan in plans for p in plan[5]]
    start, end = loading_span(periods)
    data = SeriesData.load(
        {plan[2].pk: plan[2] for plan in plans}.values(),
        unit_ids={plan[3] for plan in plans},
        area_ids={a.pk for plan in plans for a in plan[6]},
        start=start,
        end=end,
        day=round_.period_end,
        catalogue=catalogue,
    )
    charts = []
    for key, title, series, subject_id, members, years, comparisons, target in plans:
        points = []
        subjects = [(tree.names.get(subject_id, ""), Subject(unit_id=subject_id))] + [
            (a.name, Subject(area_id=a.pk)) for a in comparisons
        ]
        for name, subject in subjects:
            for period in years:
                value = data.value(series, subject, members, period)
                if value is not None:
                    points.append({"x": period.label, "series": name, "value": value})
        if len({p["series"] for p in points}) == 0:
            continue
        charts.append(
            ChartData(
                key=key,
                title=title,
                unit=series.unit,
                decimals=series.decimals,
                points=points,
                target=target,
                note=series.note,
            )
        )
    return charts


def chart(round_: Round, unit: Unit, key: str, unit_ids: frozenset[int] | None) -> ChartData | None:
    """One trend of the dashboard of `unit` (the chart endpoint): None when the key names
    no chart the reader may see there."""
    tree = Tree.on(round_.period_end)
    is_plan_unit = unit.pk == round_.plan.unit_id
    if key.startswith("riket-"):
        if not is_plan_unit:
            return None
        found, _count = trend_charts(
            round_, unit, [], targets={}, tree=tree, kolada=True, keys={key}
        )
        return found[0] if found else None
    if key.startswith("statistik-"):
        found, _count = trend_charts(
            round_,
            unit,
            [],
            targets={},
            tree=tree,
            kolada=is_plan_unit,
            keys={key},
            unit_series=True,
        )
        return found[0] if found else None
    code = key.removeprefix("nyckeltal-")
    if code == key:
        return None
    units = tree.subtree(unit.pk)
    loaded = PlanItems.load(round_.plan, codes=[code])
    items = [
        i
        for i in loaded.items
        if i.kind == ItemKind.INDICATOR
        and (is_plan_unit or loaded.in_scope(i, units))
        and loaded.viewable(i, unit_ids)
    ]
    found, _count = trend_charts(round_, unit, items, targets=loaded.targets, tree=tree, keys={key})
    return found[0] if found else None


def comments(round_: Round, item_ids: Iterable[int]) -> dict[int, str]:
    """item id → the comment of its assessment in `round_` (the Excel export)."""
    return dict(
        Assessment.objects.filter(round=round_, item_id__in=list(item_ids))
        .exclude(comment="")
        .values_list("item_id", "comment")
    )


# --- the index ----------------------------------------------------------------------------


@dataclass
class Entry:
    """A plan's latest round with the dashboards its reader may open."""

    plan_name: str
    round: Round
    units: list[tuple[str, str]]  # (unit code, name)


def dashboard_entries(user: User | AnonymousUser) -> list[Entry]:
    """Per plan `user` may read, its latest reported round (`web.selectors.default_round`)
    and the dashboards: the plan unit's, or else those of the top-most units the user
    reads that report in the plan. A fixed number of queries per plan (a handful)."""
    entries = []
    for overview in web_selectors.plan_overviews(user):
        round_ = web_selectors.default_round(follow_up_rounds(overview.rounds))
        if round_ is None:
            continue
        round_.plan = overview.plan
        unit_ids = permissions.viewable_unit_ids(user, round_.period_end)
        tree = Tree.on(round_.period_end)
        plan_unit = overview.plan.unit_id
        if unit_ids is None or plan_unit in unit_ids:
            chosen = [plan_unit]
        else:
            owners = set(
                PlanItem.objects.filter(plan=overview.plan, owner_id__in=unit_ids).values_list(
                    "owner_id", flat=True
                )
            )
            chosen = sorted(
                (
                    u
                    for u in unit_ids
                    if tree.is_under(u, plan_unit)
                    and tree.parent.get(u) not in unit_ids
                    and any(tree.is_under(o, u) for o in owners)
                ),
                key=lambda u: tree.order.get(u, (0, "")),
            )
        codes = dict(Unit.objects.filter(pk__in=chosen).values_list("pk", "code"))
        units = [(codes[u], tree.names.get(u, codes[u])) for u in chosen if u in codes]
        if units:
            entries.append(Entry(plan_name=overview.plan.name, round=round_, units=units))
    return entries
