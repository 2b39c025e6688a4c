"""Drafted analysis texts: Swedish sentences written from the data, which the writer of a
text may accept and then edit (domain guide §6, issue 10 item 7).

"Verksamhetens nettokostnader ökade med 28,8 mkr, 5,1 %, jämfört med samma period
föregående år." Every figure in a draft is the figure the report prints, formatted by
`styra.formats.numbers`; after the writer has edited the text, the report check
compares the figures that remain with the data, so an edit cannot leave a stale one.

Kinds a template may ask for (`draft:` on a text section): `economy_prev_year`,
`economy_budget`, `forecast`, `summary`; and one per goal area (`comment_draft: true`
on a `goal_areas` section).
"""

from __future__ import annotations

from decimal import Decimal

from styra.followup.models import Round
from styra.followup.summary import tally
from styra.formats import numbers as nf
from styra.org.models import Unit
from styra.plans.models import ItemKind, PlanItem

from .builders.summaries import join, noun_groups
from .selectors import ReportData, report_data

TOP = 3  # the largest changes a draft names


NB = "\u00a0"  # between a number and its unit, as everywhere in Styra


def _mkr(kronor: Decimal) -> str:
    return f"{nf.format_mkr(abs(kronor))}{NB}mkr"


def _pct(value: Decimal | None) -> str:
    return nf.format_percent(abs(value), 1) if value is not None else ""


def _change(label: str, now: Decimal, before: Decimal, percent: Decimal | None) -> str:
    """'Personalkostnader ökade med 10,8 mkr (5,2 %)': by magnitude, for income and cost."""
    diff = now - before
    if (now >= 0) == (before >= 0):
        verb = "ökade" if abs(now) > abs(before) else "minskade"
    else:
        verb = "förändrades"
    tail = f" ({_pct(percent)})" if percent is not None and verb != "förändrades" else ""
    return f"{label} {verb} med {_mkr(diff)}{tail}"


def _better(amount: Decimal) -> str:
    return "bättre" if amount >= 0 else "sämre"


class DraftSources:
    """What the drafts of one unit's report read, each read once however many of its
    drafts ask (the reporting page drafts every text at once: the economic table and
    the report's data had been read twice per page)."""

    def __init__(self, round_: Round, unit: Unit):
        self.round, self.unit = round_, unit
        self._data: ReportData | None = None
        self._economy: tuple | None = None

    def data(self) -> ReportData:
        if self._data is None:
            self._data = report_data(self.round, self.unit)
        return self._data

    def economic_rows(self) -> tuple:
        if self._economy is None:
            self._economy = _economic_rows(self.round, self.unit)
        return self._economy


def _economic_rows(round_: Round, unit: Unit):
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.ledger.selectors import economic_table

    try:
        table = economic_table(unit=unit, period_end=round_.period_end)
    except ReportRowSet.DoesNotExist:
        return None, []
    if not any(r.outcome or r.budget or r.outcome_prev for r in table.rows):
        return None, []
    totals = [r for r in table.rows if r.kind == "total"]
    rows = [r for r in table.rows if not r.is_sum]
    return (totals[-1] if totals else None), rows


def economy_prev_year(round_: Round, unit: Unit, sources: DraftSources | None = None) -> str:
    total, rows = (sources or DraftSources(round_, unit)).economic_rows()
    if total is None:
        return ""
    first = (
        _change(total.label, total.outcome, total.outcome_prev, None)
        + (f", {_pct(total.prev_diff_percent)}," if total.prev_diff_percent is not None else "")
        + " jämfört med samma period föregående år."
    )
    largest = sorted(rows, key=lambda r: abs(r.prev_diff), reverse=True)[:TOP]
    largest = [r for r in largest if nf.format_mkr(r.prev_diff) != nf.format_mkr(0)]
    if not largest:
        return first
    parts = [_change(r.label, r.outcome, r.outcome_prev, r.prev_diff_percent) for r in largest]
    return f"{first} De största förändringarna: {join(parts)}."


def economy_budget(round_: Round, unit: Unit, sources: DraftSources | None = None) -> str:
    total, rows = (sources or DraftSources(round_, unit)).economic_rows()
    if total is None:
        return ""
    first = (
        f"{total.label} för perioden är {_mkr(total.budget_diff)} "
        f"{_better(total.budget_diff)} än budget."
    )
    largest = sorted(rows, key=lambda r: abs(r.budget_diff), reverse=True)[:TOP]
    largest = [r for r in largest if nf.format_mkr(r.budget_diff) != nf.format_mkr(0)]
    if not largest:
        return first
    parts = [f"{r.label} {_mkr(r.budget_diff)} {_better(r.budget_diff)}" for r in largest]
    return f"{first} De största avvikelserna mot budget: {join(parts)}."


def forecast(round_: Round, unit: Unit, sources: DraftSources | None = None) -> str:
    from styra.economy.registers.selectors import forecast_table

    table = forecast_table(round=round_, unit=unit)
    if not table.forecast_rows:
        return ""
    total = table.total
    if total.forecast is None or total.deviation is None:
        return ""
    first = (
        f"Helårsprognosen för {table.name} är {nf.format_mkr(total.forecast)}{NB}mkr, "
        f"{_mkr(total.deviation)} {_better(total.deviation)} än budget."
    )
    deviating = [r for r in table.forecast_rows if r.deviation is not None]
    largest = sorted(deviating, key=lambda r: abs(r.deviation or Decimal(0)), reverse=True)[:TOP]
    largest = [r for r in largest if nf.format_mkr(r.deviation) != nf.format_mkr(0)]
    if not largest:
        return first
    parts = [
        f"{r.name} ({_mkr(r.deviation or Decimal(0))} {_better(r.deviation or Decimal(0))})"
        for r in largest
    ]
    return f"{first} Störst avvikelse mot budget har {join(parts)}."


def _status_counts(data: ReportData, items: list[PlanItem]) -> str:
    counts = tally(items, data.statuses)
    parts = [f"{c.count} {c.status.label.lower()}" for c in counts.counts if c.count]
    return join(parts) if parts else ""


def _items_sentence(data: ReportData, items: list[PlanItem], where: str) -> list[str]:
    sentences = []
    for noun, group in noun_groups(items):
        counts = _status_counts(data, group)
        sentences.append(
            f"{where} följs {nf.format_number(len(group))} {noun} upp i "
            f"{data.round.name.lower()}: {counts}."
        )
        where = "Vidare"
    return sentences


def summary(round_: Round, unit: Unit, sources: DraftSources | None = None) -> str:
    data = (sources or DraftSources(round_, unit)).data()
    kinds = (ItemKind.ASSIGNMENT, ItemKind.INDICATOR)
    items = [i for kind in kinds for i in data.of_kind(kind)]
    return " ".join(_items_sentence(data, items, f"För {data.unit_name}"))


def area_draft(round_: Round, unit: Unit, area: PlanItem, data: ReportData | None = None) -> str:
    """'Inom Ledningsprocesser följs 11 kortsiktiga nyckeltal upp …' and the goals' own
    statuses where the plan derives or reports them."""
    data = data or report_data(round_, unit)
    node = next((i for i in data.items if i.pk == area.pk), None)
    if node is None:
        return ""
    below = data.descendants(node)
    counted = [i for i in below if i.kind in (ItemKind.INDICATOR, ItemKind.ASSIGNMENT)]
    sentences = _items_sentence(data, counted, f"Inom {area.title}")
    goals = [i for i in below if i.kind == ItemKind.GOAL and data.statuses.of(i) is not None]
    if goals:
        sentences.append(
            f"Av de {nf.format_number(len(goals))} målen: {_status_counts(data, goals)}."
        )
    return " ".join(sentences)


SECTION_DRAFTS = {
    "economy_prev_year": economy_prev_year,
    "economy_budget": economy_budget,
    "forecast": forecast,
    "summary": summary,
}


def section_draft(kind: str, round_: Round, unit: Unit, sources: DraftSources | None = None) -> str:
    return SECTION_DRAFTS[kind](round_, unit, sources)
