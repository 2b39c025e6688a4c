"""Planning sections: the inspel (last year's result, this year's forecast, needs,
investment requests) and the verksamhetsplan (budget frames, frame changes, investment
plan, follow-up plan, meeting calendar, internal control).

Every figure comes from `styra.planning` selectors in kronor; the frames print in mkr
with one decimal and the investments in tkr, each rounded once, here.
"""

from __future__ import annotations

from decimal import Decimal

from styra.formats import numbers as nf
from styra.planning.selectors.internal_control import ControlRow
from styra.plans.models import Plan
from styra.reports.document import (
    Block,
    Cell,
    Column,
    Footnote,
    Paragraph,
    Row,
    Section,
    Table,
)
from styra.reports.templates import SectionSpec

from .common import BuildContext, text_blocks
from .economy import mkr, tkr

ZERO = Decimal(0)
MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


def _plan(ctx: BuildContext) -> Plan:
    return ctx.round.plan


def _money(label: str) -> Column:
    return Column(label, align="right", summable=True)


def _section(ctx: BuildContext, spec: SectionSpec, blocks: list, **extra) -> list[Section]:
    """The section: intro, the unit's own text, `blocks`; then the texts of the units
    below it under their names (the board's document gathers its units' input)."""
    intro: list[Block] = [Paragraph(ctx.fill(spec.intro, **extra))] if spec.intro else []
    text = ctx.data.texts.get(spec.text_key) if spec.text_key else None
    if text is not None and text.body.strip():
        intro.extend(text_blocks(text.body))
    section = Section(
        heading=ctx.fill(spec.heading, **extra),
        level=spec.level,
        key=spec.key,
        blocks=[*intro, *blocks],
    )
    below = _texts_below(ctx, spec)
    if not section.blocks and not below:
        return []
    return [section, *below]


def _texts_below(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.followup.models import SectionText
    from styra.org.selectors import unit_versions_on

    if not spec.text_key:
        return []
    ids = _subtree(ctx)[1:]
    texts = {
        t.unit_id: t
        for t in SectionText.objects.filter(round=ctx.round, key=spec.text_key, unit_id__in=ids)
        if t.body.strip()
    }
    if not texts:
        return []
    names = dict(
        unit_versions_on(ctx.round.period_end)
        .filter(unit_id__in=texts)
        .values_list("unit_id", "name")
    )
    return [
        Section(
            heading=names.get(unit_id, ""),
            level=min(spec.level + 1, 4),
            key=f"{spec.key}-{unit_id}",
            blocks=list[Block](text_blocks(texts[unit_id].body)),
        )
        for unit_id in ids
        if unit_id in texts
    ]


def build_unit_texts(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """A text the template asks every unit for: the unit's own, then its units' texts."""
    return _section(ctx, spec, [])


# --- inspel ------------------------------------------------------------------------------


def _fulfilment_table(key: str, caption: str, rows) -> Table:
    """Counts per status for each plan level (rows of `followup.summary`): the level's
    name, its statuses with count and share, and the level's total, which the report
    check adds up (and the shares of it)."""
    table = Table(
        key=key,
        caption=caption,
        columns=[
            Column("", width=2.2),
            Column("Status", width=1.8),
            Column("Antal", align="right", summable=True),
            Column("Andel", align="right", unit="%", share=True, share_of=2),
        ],
    )
    for level in rows:
        table.rows.append(
            Row(
                cells=[Cell(text=f"{level.level_name}"), Cell(), Cell(), Cell()],
                kind="group",
                item_code=level.level_code,
            )
        )
        for count in level.counts:
            if not count.count and count.status.fallback:
                continue
            table.rows.append(
                Row(
                    cells=[
                        Cell(),
                        Cell(text=f"{count.status.symbol} {count.status.label}"),
                        Cell(text=str(count.count), value=Decimal(count.count)),
                        Cell(text=nf.format_percent(count.share, 0), value=count.share),
                    ]
                )
            )
        table.rows.append(
            Row(
                cells=[
                    Cell(),
                    Cell(text="Totalt"),
                    Cell(text=str(level.total), value=Decimal(level.total)),
                    Cell(text=nf.format_percent(100, 0) if level.total else nf.MISSING),
                ],
                kind="subtotal",
                item_code=level.level_code,
            )
        )
    return table


def build_inspel_result(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """Last year's goal fulfilment (year-end counts) and budget deviation per area."""
    from styra.planning.selectors.inspel import inspel_get, year_result

    inspel = inspel_get(ctx.round)
    if inspel is None:
        return []
    result = year_result(inspel, ctx.data.unit)
    year = result.year
    blocks: list = []
    if result.round is not None and result.fulfilment:
        blocks.append(
            _fulfilment_table(
                spec.key or "maluppfyllelse",
                f"Måluppfyllelse {year} ({result.round.name})",
                result.fulfilment,
            )
        )
    else:
        blocks.append(
            Paragraph(
                f"Styra har ingen helårsuppföljning för {year}; måluppfyllelsen redovisas inte.",
                style="note",
            )
        )
    if not result.has_outcome:
        blocks.append(Paragraph(f"Huvudboken har inget utfall för {year}.", style="note"))
    elif not result.has_budget:
        blocks.append(
            Paragraph(
                f"Huvudboken har ingen budget för {year}; budgetavvikelsen kan inte räknas fram.",
                style="note",
            )
        )
    else:
        table = Table(
            key=f"{spec.key or 'resultat'}-ekonomi",
            caption=f"Ekonomiskt resultat {year} per område",
            unit="mkr",
            columns=[
                Column("Område", width=2.4),
                _money(f"Utfall {year}"),
                _money(f"Budget {year}"),
                _money("Avvikelse"),
            ],
        )
        for area in result.areas:
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=area.name),
                        mkr(area.outcome),
                        mkr(area.budget),
                        mkr(area.deviation),
                    ],
                    item_code=area.code,
                )
            )
        total = result.total
        if total is not None:
            table.rows.append(
                Row(
                    cells=[
                        Cell(text="Totalt"),
                        mkr(total.outcome),
                        mkr(total.budget),
                        mkr(total.deviation),
                    ],
                    kind="total",
                )
            )
        table.footnotes.append(
            Footnote("", "Avvikelse = utfall − budget; positiv är bättre än budget.")
        )
        blocks.append(table)
    return _section(ctx, spec, blocks, result_year=str(year))


def build_inspel_current(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """This year's goal fulfilment so far and the full-year forecast per area."""
    from styra.planning.selectors.inspel import current_year, inspel_get

    inspel = inspel_get(ctx.round)
    if inspel is None:
        return []
    current = current_year(inspel, ctx.data.unit)
    if current.round is None:
        return _section(
            ctx,
            spec,
            [Paragraph("Inspelet hämtar ingen prognos från någon uppföljning.", style="note")],
        )
    blocks: list = []
    if current.fulfilment:
        blocks.append(
            _fulfilment_table(
                f"{spec.key or 'innevarande'}-maluppfyllelse",
                f"Måluppfyllelse i {current.round.name}",
                current.fulfilment,
            )
        )
    forecast = current.forecast
    if forecast is not None and forecast.forecast_rows:
        year = current.round.period_end.year
        table = Table(
            key=f"{spec.key or 'innevarande'}-prognos",
            caption=f"Helårsprognos {year} ({current.round.name})",
            unit="mkr",
            columns=[
                Column("Område", width=2.4),
                _money(f"Prognos {year}"),
                _money(f"Budget {year}"),
                _money("Avvikelse"),
            ],
        )
        for row in forecast.forecast_rows:
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=row.name),
                        mkr(row.forecast),
                        mkr(row.budget),
                        mkr(row.deviation),
                    ],
                    item_code=row.code,
                )
            )
        total = forecast.total
        table.rows.append(
            Row(
                cells=[
                    Cell(text="Totalt"),
                    mkr(total.forecast),
                    mkr(total.budget),
                    mkr(total.deviation),
                ],
                kind="total",
            )
        )
        blocks.append(table)
    return _section(ctx, spec, blocks)


def _subtree(ctx: BuildContext) -> list[int]:
    """The unit and every unit under it, in the tree's order (the unit first)."""
    from styra.org.selectors import tree_as_of

    for root in tree_as_of(ctx.round.period_end):
        for node in root.walk():
            if node.unit_id == ctx.data.unit.pk:
                return [n.unit_id for n in node.walk()]
    return [ctx.data.unit.pk]


def _unit_names(ctx: BuildContext, ids: set[int]) -> dict[int, str]:
    from styra.org.selectors import unit_versions_on

    return dict(
        unit_versions_on(ctx.round.period_end)
        .filter(unit_id__in=ids)
        .values_list("unit_id", "name")
    )


def build_inspel_needs(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The units' needs and special initiatives, with amounts per plan year (mkr)."""
    from styra.planning.selectors.inspel import inspel_get, needs_in

    inspel = inspel_get(ctx.round)
    if inspel is None:
        return []
    needs = [n for n in needs_in(ctx.round) if n.unit_id in set(_subtree(ctx))]
    if not needs:
        return _section(ctx, spec, [])
    names = _unit_names(ctx, {n.unit_id for n in needs})
    years = inspel.years
    table = Table(
        key=spec.key or "behov",
        caption=spec.caption or "Behov och särskilda satsningar",
        unit="mkr",
        columns=[
            Column("Enhet", width=1.4),
            Column("Behov eller satsning", width=2.2),
            Column("Beskrivning", width=3.0),
            *[_money(str(year)) for year in years],
        ],
    )
    totals = dict.fromkeys(years, ZERO)
    for need in needs:
        amounts = {a.year: a.amount for a in need.amounts.all()}
        for year, amount in amounts.items():
            totals[year] += amount
        table.rows.append(
            Row(
                cells=[
                    Cell(text=names.get(need.unit_id, need.unit.code)),
                    Cell(text=need.title),
                    Cell(text=need.description),
                    *[mkr(amounts[y]) if y in amounts else Cell() for y in years],
                ],
                item_code=need.code,
            )
        )
    table.rows.append(
        Row(
            cells=[Cell(text="Summa"), Cell(), Cell(), *[mkr(totals[y]) for y in years]],
            kind="total",
        )
    )
    return _section(ctx, spec, [table])


def _yes_no(value: bool | None, text: str) -> str:
    answer = {True: "Ja", False: "Nej", None: ""}[value]
    return " ".join(part for part in (answer, text) if part)


def build_investment_requests(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The inspel's investment requests, as the board's inspel document lists them (tkr)."""
    from styra.planning.selectors.inspel import inspel_get
    from styra.planning.selectors.investments import requests_in

    inspel = inspel_get(ctx.round)
    if inspel is None:
        return []
    units = set(_subtree(ctx))
    requests = [r for r in requests_in(ctx.round) if r.unit_id in units]
    if not requests:
        return _section(ctx, spec, [])
    names = _unit_names(ctx, {r.unit_id for r in requests})
    years = inspel.years
    table = Table(
        key=spec.key or "investeringar",
        caption=spec.caption or "Äskade investeringar för planperioden",
        unit="tkr",
        columns=[
            Column("Område och objekt", width=2.2),
            Column("Hur påverkas nuvarande driftkostnad?", width=2.2),
            Column("Risk för övervältrings\u00adkostnader?", width=1.8),
            Column("Konsekvenser om investeringen inte görs", width=2.2),
            *[Column(str(year), align="right", summable=True, width=0.9) for year in years],
        ],
    )
    totals = dict.fromkeys(years, ZERO)
    for request in requests:
        amounts = {a.year: a.amount for a in request.amounts.all()}
        for year, amount in amounts.items():
            totals[year] += amount
        name = request.title or request.object.name
        if request.previous is not None:
            name += f" (äskad igen, tidigare {request.previous.first_year})"
        table.rows.append(
            Row(
                cells=[
                    Cell(text=f"{names.get(request.unit_id, request.unit.code)}: {name}"),
                    Cell(text=request.running_cost_effect),
                    Cell(text=_yes_no(request.follow_on_risk, request.follow_on_risk_text)),
                    Cell(text=request.consequence),
                    *[tkr(amounts[y]) if y in amounts else Cell() for y in years],
                ],
                item_code=request.object.code,
            )
        )
    table.rows.append(
        Row(
            cells=[Cell(text="Summa"), Cell(), Cell(), Cell(), *[tkr(totals[y]) for y in years]],
            kind="total",
        )
    )
    return _section(ctx, spec, [table])


# --- the verksamhetsplan -----------------------------------------------------------------------


def build_activities(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The plan's activities with their goal, start and end dates and owner."""
    from styra.org.selectors import unit_versions_on
    from styra.plans.models import ItemKind

    activities = ctx.data.of_kind(ItemKind.ACTIVITY, include_later=True)
    if not activities:
        return []
    by_id = {item.pk: item for item in ctx.data.items}
    owners = {a.owner_id for a in activities if a.owner_id}
    names = dict(
        unit_versions_on(ctx.round.period_end)
        .filter(unit_id__in=owners)
        .values_list("unit_id", "name")
    )
    table = Table(
        key=spec.key or "aktiviteter",
        caption=spec.caption or "Aktiviteter med start- och slutdatum",
        columns=[
            Column("Nr", width=0.6),
            Column("Aktivitet", width=3.0),
            Column("Mål", width=2.4),
            Column("Start", width=1.1),
            Column("Slut", width=1.1),
            Column("Ansvarig", width=1.6),
        ],
    )
    for activity in activities:
        goal = by_id.get(activity.parent_id or 0)
        table.rows.append(
            Row(
                cells=[
                    Cell(text=activity.number or activity.code),
                    Cell(text=activity.title),
                    Cell(text=f"{goal.number or goal.code} {goal.title}" if goal else ""),
                    Cell(text=activity.start_date.isoformat() if activity.start_date else ""),
                    Cell(text=activity.end_date.isoformat() if activity.end_date else ""),
                    Cell(text=names.get(activity.owner_id or 0, "")),
                ],
                item_code=activity.code,
            )
        )
    return _section(ctx, spec, [table])


def build_budget_frames(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """Budget frames per area by cost and revenue type (mkr, one decimal), with sum rows,
    the finance administration's rows and the total net budget."""
    from styra.planning.selectors.budget import budget_for, budget_table

    budget = budget_for(_plan(ctx))
    if budget is None:
        return []
    data = budget_table(budget)
    blocks: list = []
    if data.operations:
        columns = data.operations_columns
        table = Table(
            key=spec.key or "budgetramar",
            caption=spec.caption or budget.title or "Budgetramar",
            unit="mkr",
            columns=[
                Column("Mkr", width=2.2),
                *[_money(c.label) for c in columns],
                _money("Nettobudget"),
            ],
        )
        for group in data.operations:
            if group.group.show_frames:
                for row in group.rows:
                    table.rows.append(
                        Row(
                            cells=[
                                Cell(text=row.label),
                                *[mkr(row.values.get(c.code, ZERO)) for c in columns],
                                mkr(row.net),
                            ],
                            item_code=row.frame.unit.code,
                        )
                    )
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=group.label),
                        *[mkr(group.sums[c.code]) for c in columns],
                        mkr(group.net),
                    ],
                    kind="subtotal",
                    item_code=group.group.code,
                )
            )
        blocks.append(table)
    for group in data.finance:
        columns = group.columns
        table = Table(
            key=f"{spec.key or 'budgetramar'}-{group.group.code}",
            caption=group.group.label,
            unit="mkr",
            columns=[
                Column("Mkr", width=2.0),
                *[_money(c.label) for c in columns],
                _money(group.label),
            ],
        )
        for row in group.rows:
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=row.label),
                        *[mkr(row.values.get(c.code, ZERO)) for c in columns],
                        mkr(row.net),
                    ],
                    item_code=row.frame.unit.code,
                )
            )
        blocks.append(table)
    total = Table(
        key=f"{spec.key or 'budgetramar'}-total",
        caption=budget.total_label or "Total nettobudget",
        unit="mkr",
        columns=[Column("", width=2.0), _money(budget.total_label or "Total nettobudget")],
    )
    for group in data.groups:
        total.rows.append(
            Row(cells=[Cell(text=group.label), mkr(group.net)], item_code=group.group.code)
        )
    total.rows.append(Row(cells=[Cell(text="Total"), mkr(data.total)], kind="total"))
    blocks.append(total)
    return _section(ctx, spec, blocks)


def build_frame_changes(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The frame changes per area: kind, what, amount (mkr), from whom, case number; and
    each frame before and after its changes."""
    from styra.planning.selectors.budget import budget_for, budget_table

    budget = budget_for(_plan(ctx))
    if budget is None:
        return []
    data = budget_table(budget)
    if not data.changes:
        return []
    blocks: list = []
    for row in data.frame_rows:
        changes = data.changes_for(row.frame)
        if not changes:
            continue
        table = Table(
            key=f"{spec.key or 'ramforandringar'}-{row.frame.unit.code.lower()}",
            caption=f"{row.label}",
            unit="mkr",
            columns=[
                Column("Slag", width=1.6),
                Column("Avser", width=3.0),
                Column("Från/till", width=1.6),
                Column("Ärende", width=1.2),
                _money("Belopp"),
            ],
        )
        for change_row in changes:
            change = change_row.change
            effect = change_row.amount
            if effect is not None and change.from_unit_id == row.frame.unit_id:
                effect = -effect
                other = f"till {change_row.unit_label}" if change_row.unit_label else ""
            else:
                other = f"från {change_row.from_label}" if change_row.from_label else ""
            amount_cell = mkr(effect) if effect is not None else Cell(text="belopp ej angivet")
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=change.get_kind_display()),
                        Cell(text=change.text),
                        Cell(text=other),
                        Cell(text=change.case_number),
                        amount_cell,
                    ],
                    item_code=change.code,
                )
            )
        if row.opening_net is not None:
            table.footnotes.append(
                Footnote(
                    "",
                    f"Nettoram före förändringar {nf.format_mkr(row.opening_net)} mkr, "
                    f"efter förändringar {nf.format_mkr(row.after_changes)} mkr "
                    f"(förändringar med belopp: {nf.format_mkr(row.received)} mkr).",
                )
            )
        blocks.append(table)
    return _section(ctx, spec, blocks)


def build_investment_plan(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The decided investments at object level (tkr) with their total."""
    from styra.planning.selectors.investments import decisions, investment_plan_for

    investment_plan = investment_plan_for(_plan(ctx))
    if investment_plan is None:
        return []
    rows = list(decisions(investment_plan))
    table = Table(
        key=spec.key or "investeringsplan",
        caption=spec.caption or investment_plan.title or "Planerade investeringar",
        unit="tkr",
        columns=[
            Column("Område/avdelning/enhet", width=1.6),
            Column("Benämning/objekt", width=3.0),
            Column("Ny- eller reinvestering", width=1.4),
            _money("Belopp"),
        ],
    )
    for decision in rows:
        table.rows.append(
            Row(
                cells=[
                    Cell(text=decision.area_label or decision.unit.code),
                    Cell(text=decision.title or decision.object.name),
                    Cell(text=decision.get_kind_display() if decision.kind else ""),
                    tkr(decision.amount),
                ],
                item_code=decision.object.code,
            )
        )
    table.rows.append(
        Row(
            cells=[Cell(text="Summa"), Cell(), Cell(), tkr(sum((d.amount for d in rows), ZERO))],
            kind="total",
        )
    )
    blocks: list = []
    if investment_plan.decision:
        blocks.append(Paragraph(f"Beslut: {investment_plan.decision}."))
    blocks.append(table)
    return _section(ctx, spec, blocks)


def build_follow_up_plan(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.planning.models import FollowUpArea
    from styra.reports.document import BulletList

    areas = list(FollowUpArea.objects.filter(plan=_plan(ctx)).order_by("order"))
    if not areas:
        return []
    return _section(ctx, spec, [BulletList([a.title for a in areas])])


def _meeting_date(meeting) -> str:
    start, end = meeting.date, meeting.end_date
    if end is None or end == start:
        return f"{start.day} {MONTHS[start.month - 1]}"
    if end.month == start.month:
        return f"{start.day}–{end.day} {MONTHS[start.month - 1]}"
    return f"{start.day} {MONTHS[start.month - 1]}–{end.day} {MONTHS[end.month - 1]}"


def build_meeting_calendar(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.planning.models import Meeting

    meetings = list(
        Meeting.objects.filter(plan=_plan(ctx)).prefetch_related("items").order_by("date")
    )
    if not meetings:
        return []
    table = Table(
        key=spec.key or "sammantradesplan",
        caption=spec.caption or f"Sammanträdesplanering {_plan(ctx).period_start.year}",
        columns=[
            Column("Datum", width=1.3),
            Column("Slag", width=1.5),
            Column("Ärende", width=3.2),
            Column("Föredragande", width=1.6),
        ],
    )
    for meeting in meetings:
        items = list(meeting.items.all())
        when = _meeting_date(meeting)
        if not items:
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=when),
                        Cell(),
                        Cell(text=meeting.title),
                        Cell(text=meeting.note),
                    ]
                )
            )
        for index, item in enumerate(items):
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=when if index == 0 else ""),
                        Cell(text=item.get_kind_display()),
                        Cell(text=item.title),
                        Cell(text=item.presenter),
                    ]
                )
            )
    return _section(ctx, spec, [table])


def build_internal_control(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The internal-control plan: per risk its probability × consequence and band, each
    control with owner, method and frequency, and the result of each follow-up."""
    from styra.planning.selectors.internal_control import control_plan_for, control_plan_table

    control_plan = control_plan_for(_plan(ctx))
    if control_plan is None:
        return []
    data = control_plan_table(control_plan)
    table = Table(
        key=spec.key or "internkontroll",
        caption=spec.caption or "Internkontrollplan",
        columns=[
            Column("Process och risk", width=2.4),
            Column("Riskvärde", width=1.5),
            Column("Kontroll", width=3.4),
            *[Column(f"Uppföljning {n}", width=1.7) for n in data.occasions],
        ],
    )
    for row in data.rows:
        band = row.band
        value = f"{row.risk.probability} × {row.risk.consequence} = {row.risk.value}"
        if band:
            value += f" {band.symbol} {band.label}"
        controls: list[ControlRow | None] = list(row.follow_ups) or [None]
        for index, control_row in enumerate(controls):
            first = index == 0
            cells = [
                Cell(text=f"{row.process.name}: {row.risk.description}" if first else ""),
                Cell(text=value if first else ""),
            ]
            if control_row is None:
                cells += [Cell(text="Ingen kontroll"), *[Cell() for _ in data.occasions]]
            else:
                control = control_row.control
                results = {f.occasion: f for f in control_row.follow_ups}
                cells += [
                    Cell(
                        text=f"{control.description}. Ansvarig: {control.owner}. "
                        f"Metod: {control.method} ({control.get_frequency_display().lower()})."
                    ),
                    *[Cell(text=_follow_up_text(results.get(n))) for n in data.occasions],
                ]
            table.rows.append(Row(cells=cells, item_code=row.risk.code))
    blocks: list[Block] = [table]
    if data.bands:
        legend = "; ".join(f"{b.symbol} {b.label} från {b.min_value}" for b in data.bands)
        table.footnotes.append(Footnote("", f"Riskvärde = sannolikhet × konsekvens. {legend}."))
    if control_plan.note:
        blocks.insert(0, Paragraph(control_plan.note, style="note"))
    return _section(ctx, spec, blocks)


def _follow_up_text(follow_up) -> str:
    if follow_up is None:
        return ""
    text = follow_up.get_result_display()
    if follow_up.measures:
        text += f". Åtgärd: {follow_up.measures}"
    return text
