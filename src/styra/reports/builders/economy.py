"""Economy sections, from the finance selectors (ledger) and the economy registers.

Amounts arrive in kronor; a cell keeps the exact amount in the table's unit (tkr or
mkr) as its value and the once-rounded text. A section with no data is left out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from styra.formats import numbers as nf
from styra.reports.document import (
    Cell,
    Column,
    Footnote,
    Paragraph,
    Row,
    RowKind,
    Section,
    Table,
)
from styra.reports.templates import SectionSpec, TemplateError

from .common import BuildContext, status_mark, text_blocks

if TYPE_CHECKING:
    from styra.economy.registers.selectors import InvestmentGroup, InvestmentSummary

THOUSAND, MILLION = Decimal(1000), Decimal(1_000_000)
ROW_KINDS: dict[str, RowKind] = {"data": "data", "subtotal": "subtotal", "total": "total"}
TKR_FORMAT = "#,##0;-#,##0"
MKR_FORMAT = "#,##0.0;-#,##0.0"
PCT_FORMAT = '0.0" %";-0.0" %"'


def tkr(kronor: Decimal | None) -> Cell:
    if kronor is None:
        return Cell(text=nf.MISSING)
    return Cell(text=nf.format_tkr(kronor), value=kronor / THOUSAND, number_format=TKR_FORMAT)


def mkr(kronor: Decimal | None) -> Cell:
    if kronor is None:
        return Cell(text=nf.MISSING)
    return Cell(text=nf.format_mkr(kronor), value=kronor / MILLION, number_format=MKR_FORMAT)


def pct(value: Decimal | None) -> Cell:
    if value is None:
        return Cell(text=nf.MISSING)
    return Cell(text=nf.format_percent(value, 1), value=value, number_format=PCT_FORMAT)


def _money(label: str, unit: str, *, difference_of: tuple[int, int] | None = None) -> Column:
    return Column(label, align="right", unit=unit, summable=True, difference_of=difference_of)


def _section(ctx: BuildContext, spec: SectionSpec, blocks) -> list[Section]:
    """The section: its intro sentence, the text `text_key` names, then `blocks`."""
    written = []
    text = ctx.data.texts.get(spec.text_key) if spec.text_key else None
    if text and text.body.strip():
        written = text_blocks(text.body)
    return [
        Section(
            heading=ctx.fill(spec.heading),
            level=spec.level,
            key=spec.key,
            blocks=[*ctx.intro(spec), *written, *blocks],
        )
    ]


# --- economic analysis (§7.3) ------------------------------------------------------------


def build_economic_analysis(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.ledger.selectors import economic_table

    try:
        table = economic_table(unit=ctx.data.unit, period_end=ctx.round.period_end)
    except ReportRowSet.DoesNotExist:  # no ledger configured: nothing to show
        return []
    if not any(r.outcome or r.budget or r.outcome_prev for r in table.rows):
        return []
    out = Table(
        key=spec.key or "ekonomisk-analys",
        caption=spec.caption or f"Ekonomisk analys, {ctx.data.unit_name}",
        unit="tkr",
        columns=[
            Column("", width=2.6),
            _money("Ack utfall", ""),
            _money("Ack budget", ""),
            _money("Bud-Utf Diff", "", difference_of=(1, 2)),
            _money("Ack utfall fg år", ""),
            _money("Ack utf − Ack fg år Diff", "", difference_of=(1, 4)),
            Column("Utfall diff %", align="right", unit="%", change_of=(1, 4)),
        ],
    )
    for row in table.rows:
        out.rows.append(
            Row(
                cells=[
                    Cell(text=row.label),
                    tkr(row.outcome),
                    tkr(row.budget),
                    tkr(row.budget_diff),
                    tkr(row.outcome_prev),
                    tkr(row.prev_diff),
                    pct(row.prev_diff_percent),
                ],
                kind=ROW_KINDS.get(row.kind, "data"),
                item_code=row.code,
            )
        )
    blocks: list = [out]
    for ratio in table.ratios:
        if ratio.value is not None:
            blocks.append(
                Paragraph(f"{ratio.label}: {nf.format_percent(ratio.value, 1)}. {ratio.definition}")
            )
    for account in table.unmapped:
        blocks.append(
            Paragraph(
                f"Konto {account.account} saknar rad i tabellen (utfall "
                f"{nf.format_tkr(account.outcome)} tkr).",
                style="placeholder",
            )
        )
    return _section(ctx, spec, blocks)


# --- forecast (§7.5) -----------------------------------------------------------------------


def build_forecast(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.registers.selectors import forecast_table

    table = forecast_table(round=ctx.round, unit=ctx.data.unit)
    rows = table.forecast_rows
    if not rows:
        return []
    year = ctx.round.period_end.year
    out = Table(
        key=spec.key or "prognos",
        caption=spec.caption or f"Helårsprognos, {table.name}",
        unit="mkr",
        columns=[
            Column("", width=2.4),
            _money(f"Prognos {year}", ""),
            _money(f"Budget {year}", ""),
            _money("Avvikelse", "", difference_of=(1, 2)),
        ],
    )
    # The table lists the sub-units that forecast; Totalt is the sum of those rows in
    # every column (economy.selectors.ForecastTable.total). What has a budget but no
    # forecast is named in a footnote instead of silently changing the total.
    for row in rows:
        out.rows.append(
            Row(
                cells=[Cell(text=row.name), mkr(row.forecast), mkr(row.budget), mkr(row.deviation)],
                item_code=row.code,
            )
        )
    total = table.total
    out.rows.append(
        Row(
            cells=[
                Cell(text="Totalt"),
                mkr(total.forecast),
                mkr(total.budget),
                mkr(total.deviation),
            ],
            kind="total",
            item_code=total.code,
        )
    )
    outside = _budget_outside_forecast(ctx, table)
    if outside:
        out.footnotes.append(
            Footnote(
                "",
                "Totalt är summan av raderna. Utan helårsprognos och därför inte med i "
                f"tabellen: {_join(outside)}.",
            )
        )
    return _section(ctx, spec, [out])


def _budget_outside_forecast(ctx: BuildContext, table) -> list[str]:
    """The budgets of `table`'s unit that no row with a forecast holds, as text."""
    from styra.economy.registers import ledger

    def budget(amount: Decimal | None) -> str:
        return f" (budget {nf.format_mkr(amount)} mkr)" if amount else ""

    parts = [f"{r.name}{budget(r.budget)}" for r in table.rows_without_forecast]
    whole = ledger.year_budget(ctx.data.unit, ctx.round.period_end.year)
    children = [r.budget for r in table.rows]
    if whole is not None and table.rows and all(b is not None for b in children):
        own = whole - sum(children, Decimal(0))
        if nf.format_mkr(own) != nf.format_mkr(Decimal(0)):
            parts.append(f"kostnadsställen direkt under {table.name}{budget(own)}")
    return parts


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


# --- savings measures (§7.7) -----------------------------------------------------------------


def build_savings_measures(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.registers.selectors import savings_table

    table = savings_table(round=ctx.round, unit=ctx.data.unit)
    if not table.measures and not table.personnel:
        return []
    year = ctx.round.period_end.year
    out = Table(
        key=spec.key or "atgarder",
        caption=spec.caption or "Resultatförbättrande åtgärder",
        unit="mkr",
        columns=[
            Column("Åtgärd", width=2.2),
            Column("Status", width=1.4),
            _money("Bedömd helårseffekt enl. VP", ""),
            _money(f"Utfall {year}", ""),
            _money(f"Utfall {year - 1}", ""),
            _money("Förändring", "", difference_of=(3, 4)),
        ],
    )

    def measure_row(m, kind="data"):
        mark = status_mark(m.status) if getattr(m, "status_id", None) else None
        return Row(
            cells=[
                Cell(text=m.name),
                Cell(text=f"{mark.symbol} {mark.label}", status=mark) if mark else Cell(),
                mkr(m.planned_effect),
                mkr(m.outcome),
                mkr(m.outcome_previous),
                mkr(_diff(m.outcome, m.outcome_previous)),
            ],
            kind=kind,
            item_code=m.code,
        )

    def totals_row(t, kind):
        return Row(
            cells=[
                Cell(text=t.label),
                Cell(),
                mkr(t.planned_effect),
                mkr(t.outcome),
                mkr(t.outcome_previous),
                mkr(t.change),
            ],
            kind=kind,
        )

    out.rows.extend(measure_row(m) for m in table.measures)
    out.rows.append(totals_row(table.subtotal, "subtotal"))
    out.rows.extend(measure_row(m) for m in table.personnel)
    out.rows.append(totals_row(table.total, "total"))
    blocks: list = [out]
    if table.workforce is not None:
        w = table.workforce
        blocks.append(
            Paragraph(
                f"Omräknad årsarbetskraft (OÅA): {nf.format_number(w.outcome, 1)} år {year}, "
                f"{nf.format_number(w.outcome_previous, 1)} år {year - 1}, förändring "
                f"{nf.format_number(w.change, 1)}."
            )
        )
    comments = [f"{m.name}: {m.comment.strip()}" for m in table.measures if m.comment.strip()]
    if comments:
        blocks.append(Paragraph("Kommentarer", style="note"))
        blocks.extend(Paragraph(c) for c in comments)
    return _section(ctx, spec, blocks)


def _diff(a, b):
    return a - b if a is not None and b is not None else None


# --- elected members' budget (§7.9) --------------------------------------------------------------


def _elected_units(ctx: BuildContext, spec: SectionSpec):
    """The units holding the elected members' budget: option `unit` (a code or a list
    of codes), else every budget-only unit under the report's unit, in tree order."""
    from styra.org.models import Unit
    from styra.org.selectors import subtree_unit_ids, tree_as_of

    codes = (spec.options or {}).get("unit")
    if codes:
        codes = [codes] if isinstance(codes, str) else list(codes)
        found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]
    ids = subtree_unit_ids(ctx.data.unit, ctx.round.period_end)
    budget_only = set(
        Unit.objects.filter(pk__in=ids, budget_only=True).values_list("pk", flat=True)
    )
    if not budget_only:
        return []
    order = [n.unit_id for root in tree_as_of(ctx.round.period_end) for n in root.walk()]
    units = Unit.objects.in_bulk(budget_only)
    return [units[pk] for pk in order if pk in budget_only]


def build_elected_members_budget(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.ledger.selectors import cost_centre_table

    units = _elected_units(ctx, spec)
    if not units:
        return []
    try:
        rows = [
            row
            for unit in units
            for row in cost_centre_table(unit=unit, period_end=ctx.round.period_end)
        ]
    except ReportRowSet.DoesNotExist:
        return []
    if not any(r.outcome or r.budget for r in rows):
        return []
    out = Table(
        key=spec.key or "fortroendemannabudget",
        caption=spec.caption or "Budgetram förtroendevalda, per kostnadsställe",
        unit="tkr",
        columns=[
            Column("Kostnadsställe", width=2.4),
            _money("Ack. utfall", ""),
            _money("Ack. budget", ""),
            _money("Avvikelse", "", difference_of=(1, 2)),
        ],
    )
    for row in rows:
        out.rows.append(
            Row(
                cells=[Cell(text=row.name), tkr(row.outcome), tkr(row.budget), tkr(row.deviation)],
                item_code=row.code,
            )
        )
    total_outcome = sum((r.outcome for r in rows), Decimal(0))
    total_budget = sum((r.budget for r in rows), Decimal(0))
    out.rows.append(
        Row(
            cells=[
                Cell(text="Totalt"),
                tkr(total_outcome),
                tkr(total_budget),
                tkr(total_outcome - total_budget),
            ],
            kind="total",
        )
    )
    return _section(ctx, spec, [out])


# --- investments (§7.8) -------------------------------------------------------------------------


def build_investments(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.registers.selectors import investment_summary

    summary = investment_summary(round=ctx.round, unit=ctx.data.unit)
    groups = [g for g in summary.groups if g.rows]
    if not groups:
        return []
    year = ctx.round.period_end.year
    blocks: list = []
    for group in groups:
        table = Table(
            key=f"inv-{group.category}",
            caption=str(group.label),
            unit="tkr",
            columns=[
                Column("Investeringsobjekt", width=3),
                _money(f"Utfall {year}", ""),
                _money(f"Budget {year}", ""),
            ],
        )
        for row in group.rows:
            table.rows.append(
                Row(
                    cells=[
                        Cell(text=row.investment.name),
                        tkr(row.outcome_year),
                        tkr(row.investment.budget_year),
                    ],
                    item_code=row.investment.code,
                )
            )
        table.rows.append(
            Row(
                cells=[Cell(text="Summa"), tkr(group.outcome_year), tkr(group.budget_year)],
                kind="total",
            )
        )
        blocks.append(table)
    overview = Table(
        key="inv-totalt",
        caption="Investeringar per kategori, totalt",
        unit="tkr",
        columns=[
            Column("Kategori", width=3),
            _money(f"Utfall {year}", ""),
            _money(f"Budget {year}", ""),
        ],
        rows=_investment_overview_rows(summary),
    )
    blocks.append(overview)
    return _section(ctx, spec, blocks)


def _investment_overview_rows(summary: InvestmentSummary) -> list[Row]:
    """A row per category with objects, in the organisation's order; a subtotal row after
    each run of categories that share a subtotal label; the grand total last. With
    subtotals every sum row names the category rows it adds up, so the report check
    verifies each against exactly those."""
    from styra.economy.registers.selectors import InvestmentSubtotal

    entries = summary.overview(filled_only=True)
    if not any(isinstance(entry, InvestmentSubtotal) for entry in entries):
        return [
            Row(cells=[Cell(text=str(g.label)), tkr(g.outcome_year), tkr(g.budget_year)])
            for g in entries
        ] + [
            Row(
                cells=[Cell(text="Totalt"), tkr(summary.outcome_year), tkr(summary.budget_year)],
                kind="total",
            )
        ]

    def code(group: InvestmentGroup) -> str:
        return f"inv-kategori-{group.category}"

    rows: list[Row] = []
    for entry in entries:
        cells = [Cell(text=str(entry.label)), tkr(entry.outcome_year), tkr(entry.budget_year)]
        if isinstance(entry, InvestmentSubtotal):
            members = tuple((code(g), 1) for g in entry.groups if g.rows)
            rows.append(Row(cells=cells, kind="subtotal", members=members))
        else:
            rows.append(Row(cells=cells, item_code=code(entry)))
    every = tuple((code(g), 1) for g in summary.groups if g.rows)
    rows.append(
        Row(
            cells=[Cell(text="Totalt"), tkr(summary.outcome_year), tkr(summary.budget_year)],
            kind="total",
            members=every,
        )
    )
    return rows


def _adjustment_list(ctx: BuildContext, spec: SectionSpec, cell, unit: str) -> list[Table]:
    """The one-off items behind the corrected results: unit, reason, source, amount."""
    from styra.economy.registers.selectors import result_adjustment_list
    from styra.org.selectors import unit_versions_on

    end = ctx.round.period_end
    items = list(result_adjustment_list(unit=ctx.data.unit, year=end.year, until=end))
    if not items:
        return []
    names = dict(
        unit_versions_on(end)
        .filter(unit_id__in={i.unit_id for i in items})
        .values_list("unit_id", "name")
    )
    table = Table(
        key=(spec.key or "resultat-per-namnd") + "-justeringar",
        caption="Jämförelsestörande poster",
        unit=unit,
        columns=[
            Column("Enhet", width=2.2),
            Column("Orsak", width=2.6),
            Column("Källa", width=2.4),
            Column("Månad"),
            _money("Belopp", ""),
        ],
    )
    for item in items:
        table.rows.append(
            Row(
                cells=[
                    Cell(text=names.get(item.unit_id, item.unit.code)),
                    Cell(text=item.reason),
                    Cell(text=item.source),
                    Cell(text=item.month.strftime("%Y-%m")),
                    cell(item.amount),
                ]
            )
        )
    total = sum((item.amount for item in items), Decimal(0))
    table.rows.append(
        Row(cells=[Cell(text="Summa"), Cell(), Cell(), Cell(), cell(total)], kind="total")
    )
    return [table]


def build_unit_results(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """Outcome, budget and deviation to date, last year, whole-year budget and forecast
    per board; `options.groups` names subtotals ("Summa verksamhet") and their units."""
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.registers.selectors import unit_results
    from styra.org.models import Unit

    options = spec.options or {}
    try:
        rows = unit_results(
            round=ctx.round,
            unit=ctx.data.unit,
            groups=[
                (str(g.get("label", "")), [str(c) for c in g.get("units", [])])
                for g in options.get("groups") or []
            ]
            or None,
            total_label=str(options.get("total_label", "Totalt")),
            row_set_code=options.get("rows"),
            row_code=options.get("row"),
        )
    except ReportRowSet.DoesNotExist:
        return []
    except Unit.DoesNotExist as exc:
        named = {str(c) for g in options.get("groups") or [] for c in g.get("units", [])}
        outside = set(str(exc).split(", "))
        if outside == named and Unit.objects.filter(code__in=named).count() == len(named):
            # The region's section in the report of a unit below it (a board's view of
            # the region's round): the boards it lists are not this unit's to show.
            return []
        raise TemplateError(
            f"{ctx.template.path}: avsnittet unit_results nämner enheter som inte finns "
            f"under {ctx.data.unit.code}: {exc}"
        ) from None
    if not any(r.outcome or r.budget for r in rows):
        return []
    unit = str(options.get("unit", "mkr"))
    cell = mkr if unit == "mkr" else tkr
    corrected = bool(options.get("corrected"))
    year, month = ctx.round.period_end.year, ctx.round.period_end.month
    columns = [
        # Two more number columns with the corrected result: the names wrap instead.
        Column("", width=1.7 if corrected else 2.6),
        _money("Utfall ack", ""),
        _money("Budget ack", ""),
        _money("Avvikelse", "", difference_of=(1, 2)),
    ]
    if corrected:
        # booked − one-off items = corrected (§7.9); the report check verifies it.
        columns += [
            _money("Jämförelse­störande poster", ""),
            _money("Justerat resultat", "", difference_of=(1, 4)),
        ]
    columns += [
        _money(f"Utfall ack {year - 1}", ""),
        _money(f"Budget {year}", ""),
        _money(f"Prognos {year}", "") if month < 12 else _money(f"Utfall {year}", ""),
        _money("Prognos­avvikelse" if month < 12 else "Budget­avvikelse", ""),
    ]
    out = Table(
        key=spec.key or "resultat-per-namnd",
        caption=ctx.fill(spec.caption or "Resultat per nämnd och styrelse"),
        unit=unit,
        columns=columns,
    )
    for row in rows:
        last = row.forecast if month < 12 else row.outcome
        last_deviation = row.forecast_deviation if month < 12 else row.deviation
        adjusted = [cell(row.adjustment), cell(row.corrected)] if corrected else []
        out.rows.append(
            Row(
                cells=[
                    Cell(text=row.name),
                    cell(row.outcome),
                    cell(row.budget),
                    cell(row.deviation),
                    *adjusted,
                    cell(row.outcome_prev),
                    cell(row.budget_year),
                    cell(last),
                    cell(last_deviation),
                ],
                kind=ROW_KINDS[row.kind],
                item_code=row.code,
            )
        )
    blocks: list = [out]
    if corrected:
        blocks.extend(_adjustment_list(ctx, spec, cell, unit))
    return _section(ctx, spec, blocks)


# --- prognossäkerhet (§7.5) --------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def build_forecast_accuracy(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The year's final outcome per board against each forecast made during the year:
    per earlier round its forecast and the deviation (outcome − forecast, positive =
    better than forecast). `options` as `unit_results`: `rows`, `row`, `unit`, `groups`,
    `total_label`."""
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.registers.selectors import forecast_accuracy
    from styra.org.models import Unit

    options = spec.options or {}
    try:
        accuracy = forecast_accuracy(
            round=ctx.round,
            unit=ctx.data.unit,
            groups=[
                (str(g.get("label", "")), [str(c) for c in g.get("units", [])])
                for g in options.get("groups") or []
            ]
            or None,
            total_label=str(options.get("total_label", "Totalt")),
            row_set_code=options.get("rows"),
            row_code=options.get("row"),
        )
    except ReportRowSet.DoesNotExist:
        return []
    except Unit.DoesNotExist as exc:
        raise TemplateError(
            f"{ctx.template.path}: avsnittet forecast_accuracy nämner enheter som inte finns "
            f"under {ctx.data.unit.code}: {exc}"
        ) from None
    if not accuracy.rounds or not any(r.outcome for r in accuracy.rows):
        return []
    unit = str(options.get("unit", "mkr"))
    cell = mkr if unit == "mkr" else tkr
    columns = [Column("", width=2.2), _money(f"Utfall {accuracy.year}", "")]
    for index, rnd in enumerate(accuracy.rounds):
        when = _MONTHS[rnd.period_end.month - 1]
        columns.append(_money(f"Prognos {when}", ""))
        columns.append(_money(f"Avvikelse {when}", "", difference_of=(1, 2 + 2 * index)))
    out = Table(
        key=spec.key or "prognossakerhet",
        caption=ctx.fill(spec.caption or "Prognossäkerhet {year}", year=str(accuracy.year)),
        unit=unit,
        columns=columns,
    )
    for row in accuracy.rows:
        cells = [Cell(text=row.name), cell(row.outcome)]
        for forecast, deviation in zip(row.forecasts, row.deviations, strict=True):
            cells += [cell(forecast), cell(deviation)]
        out.rows.append(Row(cells=cells, kind=ROW_KINDS[row.kind], item_code=row.code))
    made = "; ".join(
        f"{_MONTHS[r.period_end.month - 1]}: {r.name} ({r.code})" for r in accuracy.rounds
    )
    out.footnotes.append(
        Footnote(
            "",
            f"Avvikelse = utfall − prognos; positiv avvikelse är ett bättre resultat än "
            f"prognosen. Prognoserna lämnades i {made}.",
        )
    )
    return _section(ctx, spec, [out])


# --- pension liability, liquidity (§7.6, §7.10) -------------------------------------------


def build_financial_records(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The report unit's figures kept as records (pension liability and commitment,
    liquid assets, credit facility) on the round's last day and a year before, with the
    change and each figure's source. `options.kinds` chooses and orders the kinds."""
    from styra.economy.registers.selectors import financial_records_table

    options = spec.options or {}
    end = ctx.round.period_end
    rows = financial_records_table(
        unit=ctx.data.unit, day=end, kinds=[str(k) for k in options.get("kinds") or []] or None
    )
    if not rows:
        return []
    unit = str(options.get("unit", "mkr"))
    cell = mkr if unit == "mkr" else tkr
    before = end.replace(year=end.year - 1) if (end.month, end.day) != (2, 29) else end
    out = Table(
        key=spec.key or "ekonomiska-uppgifter",
        caption=ctx.fill(spec.caption or spec.heading),
        unit=unit,
        columns=[
            Column("", width=2.4),
            Column(end.isoformat(), align="right", summable=False, width=1.3),
            Column(before.isoformat(), align="right", summable=False, width=1.3),
            Column("Förändring", align="right", difference_of=(1, 2), width=1.3),
            Column("Källa", width=2.6),
        ],
    )
    for row in rows:
        out.rows.append(
            Row(
                cells=[
                    Cell(text=row.label),
                    cell(row.amount),
                    cell(row.amount_prev),
                    cell(_diff(row.amount, row.amount_prev)),
                    Cell(text=row.source),
                ]
            )
        )
    return _section(ctx, spec, [out])
