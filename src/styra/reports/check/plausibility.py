"""Figures that are possible but unlikely: a forecast with the wrong sign, an amount about
a thousand times too large or small (tkr typed as mkr), an indicator's value far
outside what it has been and what it aims at, a share above 100 %."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from styra.economy.registers.models import Forecast
from styra.economy.registers.plausibility import forecast_warnings
from styra.followup.models import AssessmentValue, Round
from styra.followup.plausibility import value_warning
from styra.formats.numbers import format_number
from styra.org.models import Unit
from styra.org.selectors import subtree_unit_ids
from styra.plans.models import ItemKind
from styra.reports.document import Document, Table
from styra.reports.selectors import ReportData

from .findings import ERROR, WARNING, Finding

FACTOR = Decimal(300)  # a thousandfold mistake, with room for real growth: an error
SUSPECT = Decimal(30)  # this far off is worth a look (a warning)


def _column(table: Table, *words: str) -> int | None:
    for index, column in enumerate(table.columns):
        label = column.label.lower()
        if all(w in label for w in words):
            return index
    return None


def check_plausibility(document: Document, data: ReportData, history: dict) -> list[Finding]:
    findings: list[Finding] = []
    for section, table in document.tables():
        place = f"{section.heading} · {table.caption}"
        forecast_at, budget_at = _column(table, "prognos"), _column(table, "budget")
        outcome_at = _column(table, "utfall")
        pairs = []
        if forecast_at is not None and budget_at is not None:
            pairs.append((forecast_at, budget_at, True))
        if outcome_at is not None and budget_at is not None and table.unit in ("tkr", "mkr"):
            pairs.append((outcome_at, budget_at, False))
        previous_at = _column(table, "fg år")
        if outcome_at is not None and previous_at is not None and table.unit in ("tkr", "mkr"):
            pairs.append((outcome_at, previous_at, False))
        for row in table.rows:
            label = next((c.text for c in row.cells if c.text and c.value is None), "")
            for at, reference_at, is_forecast in pairs:
                value = row.cells[at].value if at < len(row.cells) else None
                reference = row.cells[reference_at].value if reference_at < len(row.cells) else None
                if value is None or reference is None or not value or not reference:
                    continue
                column = table.columns[at].label
                ratio = abs(value) / abs(reference)
                # A total may turn (a region's result from deficit to surplus); a wrong
                # sign in one of its rows is caught here, a changed total by the sums.
                if (
                    is_forecast
                    and row.kind != "total"
                    and (value > 0) != (reference > 0)
                    and abs(reference) >= Decimal("0.5")
                ):
                    findings.append(
                        Finding(
                            ERROR,
                            "plausibility",
                            place,
                            _(
                                "”%(row)s”: prognosen %(value)s har annat tecken än budgeten %(budget)s."
                            )
                            % {
                                "row": label,
                                "value": format_number(value, 1),
                                "budget": format_number(reference, 1),
                            },
                            row.item_code,
                            section=section.key,
                            cell=f"{label} / {column}",
                            stated=format_number(value, 1),
                            expected=format_number(reference, 1),
                        )  # fmt: skip
                    )
                elif abs(reference) >= Decimal("0.5") and (
                    ratio >= SUSPECT or ratio <= 1 / (SUSPECT if is_forecast else FACTOR)
                ):
                    # An outcome far below its budget is common early in the year (an
                    # investment not yet paid); far above it, or a forecast far off, is not.
                    thousandfold = ratio >= FACTOR or ratio <= 1 / FACTOR
                    findings.append(
                        Finding(
                            ERROR if thousandfold else WARNING,
                            "plausibility",
                            place,
                            _(
                                "”%(row)s”, ”%(column)s”: %(value)s är %(times)s gånger "
                                "%(direction)s än %(reference)s – tkr och mkr förväxlade?"
                            )
                            % {
                                "row": label,
                                "column": column,
                                "value": format_number(value, 1),
                                "times": format_number(ratio if ratio > 1 else 1 / ratio),
                                "direction": _("större") if ratio > 1 else _("mindre"),
                                "reference": format_number(reference, 1),
                            },
                            row.item_code,
                            section=section.key,
                            cell=f"{label} / {column}",
                            stated=format_number(value, 1),
                            expected=format_number(reference, 1),
                        )  # fmt: skip
                    )
    findings.extend(_indicators(document, data, history))
    return findings


def indicator_history(data: ReportData) -> dict[int, list[Decimal]]:
    """Each indicator's total values in the plan's earlier rounds; one query."""
    ids = [i.pk for i in data.items if i.kind == ItemKind.INDICATOR]
    history: dict[int, list[Decimal]] = {}
    rows = AssessmentValue.objects.filter(
        assessment__item_id__in=ids,
        assessment__round__plan_id=data.round.plan_id,
        assessment__round__period_end__lt=data.round.period_end,
        dimension="",
        value__isnull=False,
    ).values_list("assessment__item_id", "value")
    for item_id, value in rows:
        if value is not None:
            history.setdefault(item_id, []).append(value)
    return history


def assessment_total(data: ReportData, item):
    assessment = data.assessments.get(item.pk)
    return assessment.total_value() if assessment else None


def _indicators(document: Document, data: ReportData, history) -> list[Finding]:
    items = {i.code: i for i in data.items if i.kind == ItemKind.INDICATOR}
    findings: list[Finding] = []
    checked: set[str] = set()
    for section, table in document.tables():
        outcome_at = next(
            (i for i, c in enumerate(table.columns) if c.label.lower().startswith("utfall")), None
        )
        if outcome_at is None:
            continue
        for row in table.rows:
            item = items.get(row.item_code)
            if item is None or row.item_code in checked or outcome_at >= len(row.cells):
                continue
            value = row.cells[outcome_at].value
            if value is None:
                continue
            checked.add(row.item_code)
            total = assessment_total(data, item)
            warning = value_warning(
                item, value, history.get(item.pk, []), total.comparison_value if total else None
            )
            if warning is None:
                continue
            reason, references = warning.reason, warning.references
            findings.append(
                Finding(
                    WARNING,
                    "plausibility",
                    f"{section.heading} · {table.caption}",
                    _("”%(title)s”: utfallet %(value)s är osannolikt: %(reason)s.")
                    % {"title": item.title, "value": row.cells[outcome_at].text, "reason": reason},
                    item.code,
                    section=section.key,
                    cell=f"{item.title} / {table.columns[outcome_at].label}",
                    stated=row.cells[outcome_at].text,
                    expected=", ".join(format_number(r, 1) for r in references),
                )
            )
    return findings


def check_forecasts(round_: Round, unit: Unit, row_set_code: str | None = None) -> list[Finding]:
    """The forecasts of the unit and its sub-units by the rules the forecast form warns
    with, against budget and outcome on `row_set_code` (the default row set when None)."""
    unit_ids = subtree_unit_ids(unit, round_.period_end)
    findings = []
    for forecast in Forecast.objects.filter(round=round_, unit_id__in=unit_ids).select_related(
        "unit"
    ):
        for warning in forecast_warnings(
            round=round_, unit=forecast.unit, amount=forecast.amount, row_set_code=row_set_code
        ):
            findings.append(
                Finding(
                    WARNING,
                    "implausible_forecast",
                    _("Helårsprognos %(unit)s") % {"unit": forecast.unit.code},
                    warning.message,
                )
            )
    return findings
