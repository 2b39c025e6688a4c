"""Financial statements, key ratios and financial goals (§7.6, §7.10), from a statement set.

A section names its set and what to show in `options`:

    - kind: financial_statement
      heading: Resultaträkning
      options: {set: region-bas, statement: resultatrakning, unit: mkr,
                columns: [outcome, outcome_prev, budget_year, forecast, forecast_deviation]}
    - kind: key_ratios
      options: {set: region-bas, columns: [outcome, outcome_prev]}
    - kind: financial_goals
      options: {set: region-bas, column: outcome}

`unit` is kr, tkr or mkr (`decimals` overrides the default 0, 0 and 1). The statement's
sum rows name their members and its equalities (the balance sheet balances, the cash
flow equals the change in liquid assets) travel with the table, so the report check
reports a statement that does not add up. A section without data is left out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from styra.formats import numbers as nf
from styra.reports.document import (
    Cell,
    Column,
    Equality,
    Footnote,
    Paragraph,
    Row,
    RowKind,
    Section,
    StatusMark,
    Table,
)
from styra.reports.templates import SectionSpec, TemplateError

from .common import BuildContext, text_blocks

if TYPE_CHECKING:
    from styra.economy.ledger.statements import RecordLookup

UNITS = {"kr": (Decimal(1), 0), "tkr": (Decimal(1000), 0), "mkr": (Decimal(1_000_000), 1)}
ROW_KINDS: dict[str, RowKind] = {"heading": "group", "subtotal": "subtotal", "total": "total"}
PCT_FORMAT = '0.0" %";-0.0" %"'
GOAL_MARKS = {
    "fulfilled": StatusMark("✓", "Uppfyllt", "#1b7f3b", "Målet är uppfyllt."),
    "partly": StatusMark("◐", "Delvis uppfyllt", "#b26a00", "Nära målet, men inte uppfyllt."),
    "not_fulfilled": StatusMark("✗", "Ej uppfyllt", "#b3261e", "Målet är inte uppfyllt."),
    "not_measured": StatusMark("–", "Kan inte mätas", "#757575", "Värdet kan inte beräknas."),
}


def _number_format(decimals: int) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f"{pattern};-{pattern}"


def _evaluation(ctx: BuildContext, spec: SectionSpec, records: RecordLookup | None = None):
    from styra.economy.ledger.statements import (
        StatementSetError,
        statement_evaluation,
        statement_set_get,
    )
    from styra.economy.registers.selectors import FinancialRecordLookup

    code = (spec.options or {}).get("set")
    if not code:
        raise TemplateError(f"{ctx.template.path}: avsnittet {spec.kind} saknar options.set")
    try:
        statement_set = statement_set_get(str(code))
    except StatementSetError as exc:
        raise TemplateError(str(exc)) from None
    return statement_evaluation(
        statement_set=statement_set,
        unit=ctx.data.unit,
        period_end=ctx.round.period_end,
        records=records or FinancialRecordLookup(ctx.data.unit),
    )


def _intro(ctx: BuildContext, spec: SectionSpec) -> list:
    text = ctx.data.texts.get(spec.text_key) if spec.text_key else None
    return text_blocks(text.body) if text and text.body.strip() else []


def _amount_cell(kronor: Decimal | None, divisor: Decimal, decimals: int, indent: int = 0) -> Cell:
    if kronor is None:
        return Cell(text=nf.MISSING, indent=indent)
    value = kronor / divisor
    return Cell(
        text=nf.format_number(value, decimals),
        value=value,
        number_format=_number_format(decimals),
    )


def _pct_cell(value: Decimal | None, decimals: int = 1) -> Cell:
    if value is None:
        return Cell(text=nf.MISSING)
    return Cell(text=nf.format_percent(value, decimals), value=value, number_format=PCT_FORMAT)


def build_financial_statement(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.ledger.statements import StatementSetError

    options = spec.options or {}
    evaluation = _evaluation(ctx, spec)
    unit = str(options.get("unit", "mkr"))
    if unit not in UNITS:
        raise TemplateError(f"{ctx.template.path}: options.unit ska vara kr, tkr eller mkr")
    divisor, decimals = UNITS[unit]
    decimals = int(options.get("decimals", decimals))
    try:
        table = evaluation.statement_table(
            str(options.get("statement", "")), options.get("columns") or ["outcome", "outcome_prev"]
        )
    except StatementSetError as exc:
        raise TemplateError(f"{ctx.template.path}: {exc}") from None
    if not table.has_data:
        return []
    has_notes = any(line.note for line in table.lines)
    columns = [Column("", width=3.0)]
    if has_notes:
        columns.append(Column("Not", width=0.4))
    for column in table.columns:
        if column.kind == "change_percent":
            columns.append(Column(column.label, align="right", unit="%"))
        else:
            columns.append(Column(column.label, align="right", summable=True))
    out = Table(
        key=spec.key or table.statement.code,
        caption=ctx.fill(spec.caption or table.statement.title),
        unit=unit,
        columns=columns,
        equalities=[Equality(c.label, c.left, c.right) for c in table.statement.checks],
    )
    for line in table.lines:
        cells = [Cell(text=line.label, indent=line.indent)]
        if has_notes:
            cells.append(Cell(text=line.note))
        for column, value in zip(table.columns, line.values, strict=True):
            if line.kind == "heading":
                cells.append(Cell())
            elif column.kind == "change_percent":
                cells.append(_pct_cell(value))
            else:
                cells.append(_amount_cell(value, divisor, decimals))
        kind: RowKind = ROW_KINDS.get(line.kind, "data")
        out.rows.append(Row(cells=cells, kind=kind, item_code=line.code, members=line.members))
    notes = evaluation.set.notes
    for note in sorted({line.note for line in table.lines if line.note}, key=_note_key):
        if note in notes:
            out.footnotes.append(Footnote(f"Not {note}", notes[note]))
    blocks: list = [*_intro(ctx, spec), out]
    for check in table.checks:
        if not check.holds:
            blocks.append(
                Paragraph(
                    f"{check.label}: stämmer inte (skillnad "
                    + ", ".join(
                        nf.format_number(d / divisor, decimals) for d in check.differences if d
                    )
                    + f" {unit}).",
                    style="placeholder",
                )
            )
    return [Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key, blocks=blocks)]


def _note_key(note: str):
    return (0, int(note), "") if note.isdigit() else (1, 0, note)


def build_key_ratios(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from styra.economy.ledger.statements import StatementSetError
    from styra.economy.registers.selectors import FinancialRecordLookup

    options = spec.options or {}
    records = FinancialRecordLookup(ctx.data.unit)
    evaluation = _evaluation(ctx, spec, records)
    try:
        columns, rows = evaluation.ratio_rows(options.get("columns") or ["outcome", "outcome_prev"])
    except StatementSetError as exc:
        raise TemplateError(f"{ctx.template.path}: {exc}") from None
    if not any(v is not None for _ratio, values in rows for v in values):
        return []
    out = Table(
        key=spec.key or "nyckeltal",
        caption=ctx.fill(spec.caption or "Finansiella nyckeltal"),
        columns=[Column("Nyckeltal", width=2.6)]
        + [Column(c.label, align="right") for c in columns]
        + [Column("Definition", width=3.2)],
    )
    for ratio, values in rows:
        cells = [Cell(text=ratio.label)]
        for value in values:
            if value is None:
                cells.append(Cell(text=nf.MISSING))
            elif ratio.unit == "%":
                cells.append(_pct_cell(value, ratio.decimals))
            else:
                cells.append(
                    Cell(
                        text=nf.format_quantity(value, ratio.unit, ratio.decimals),
                        value=value,
                        number_format=_number_format(ratio.decimals),
                    )
                )
        cells.append(Cell(text=ratio.definition))
        out.rows.append(Row(cells=cells, item_code=ratio.code))
    lacking = records.missing_labels()
    if lacking:
        out.footnotes.append(
            Footnote(
                "",
                f"Uppgift saknas: {', '.join(lacking)}. Nyckeltal som bygger på dem visas "
                "med –; registrera uppgiften med sin källa (ekonomiska uppgifter).",
            )
        )
    return [
        Section(
            heading=ctx.fill(spec.heading),
            level=spec.level,
            key=spec.key,
            blocks=[*_intro(ctx, spec), out],
        )
    ]


def build_financial_goals(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options or {}
    evaluation = _evaluation(ctx, spec)
    column = str(options.get("column", "outcome"))
    results = evaluation.goal_rows(column)
    if not results or all(r.value is None for r in results):
        return []
    out = Table(
        key=spec.key or "finansiella-mal",
        caption=ctx.fill(spec.caption or "Finansiella mål"),
        columns=[
            Column("Mål", width=3.0),
            Column("Målvärde", align="right"),
            Column("Utfall", align="right"),
            Column("Status", width=1.4),
        ],
    )
    for result in results:
        ratio, goal = result.ratio, result.goal
        unit = ratio.unit if ratio else ""
        decimals = ratio.decimals if ratio else 1
        comparison = "minst" if goal.direction == "higher" else "högst"
        target = Decimal(str(goal.target))
        if unit == "%":
            target_text = f"{comparison} {nf.format_percent(target, decimals)}"
            value_cell = _pct_cell(result.value, decimals)
        else:
            target_text = f"{comparison} {nf.format_number(target, decimals)} {unit}".strip()
            value_cell = (
                Cell(text=nf.MISSING)
                if result.value is None
                else Cell(
                    text=f"{nf.format_number(result.value, decimals)} {unit}".strip(),
                    value=result.value,
                )
            )
        mark = GOAL_MARKS[result.status]
        out.rows.append(
            Row(
                cells=[
                    Cell(text=goal.label),
                    Cell(text=target_text),
                    value_cell,
                    Cell(text=f"{mark.symbol} {mark.label}", status=mark),
                ],
                item_code=goal.code,
            )
        )
    counts = {key: sum(1 for r in results if r.status == key) for key in GOAL_MARKS}
    summary = Paragraph(
        f"Av {len(results)} finansiella mål är {counts['fulfilled']} uppfyllda, "
        f"{counts['partly']} delvis uppfyllda och {counts['not_fulfilled']} ej uppfyllda"
        + (f"; {counts['not_measured']} kan inte mätas." if counts["not_measured"] else ".")
    )
    return [
        Section(
            heading=ctx.fill(spec.heading),
            level=spec.level,
            key=spec.key,
            blocks=[*_intro(ctx, spec), summary, out],
        )
    ]
