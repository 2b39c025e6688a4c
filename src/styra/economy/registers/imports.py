"""Importing forecasts, savings measures and investments from CSV or XLSX.

All or nothing: the whole file is checked first; if any cell is wrong nothing is
written and every problem is reported with file, line and column. Valid rows are
written through the same services as the web forms, as the acting `user`, in one
transaction: a row the user may not change, or whose owner's report is submitted,
refuses the whole file with its line. Columns are documented in `docs/registers.md`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.followup.models import Round
from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.tabular import RowReader, Table, read_table
from styra.org.models import Unit

from . import services
from .models import (
    FinancialRecord,
    FinancialRecordKind,
    Investment,
    InvestmentCategory,
    InvestmentKind,
    InvestmentStatus,
    ResultAdjustment,
    SavingsKind,
)
from .selectors import investment_categories

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass
class ImportResult:
    file: str
    created: int
    updated: int

    @property
    def rows(self) -> int:
        return self.created + self.updated


def _units(table: Table, column: str) -> dict[str, Unit]:
    codes = {str(values.get(column) or "").strip() for _line, values in table.rows}
    return {u.code: u for u in Unit.objects.filter(code__in=codes)}


def _unit(row: RowReader, units: dict[str, Unit], column: str = "enhet") -> Unit | None:
    code = row.text(column, required=True)
    if code and code not in units:
        row.problem(column, _("okänd enhet ”%(code)s”") % {"code": code})
    return units.get(code)


def _unique(row: RowReader, seen: dict[str, int], column: str, key: str) -> None:
    if key and key in seen:
        row.problem(
            column, _("”%(key)s” finns redan på rad %(line)s") % {"key": key, "line": seen[key]}
        )
    seen.setdefault(key, row.line)


def _write(table: Table, writes: list) -> None:
    """Run the writes in one transaction; a refusal from a service undoes them all."""
    with transaction.atomic():
        for line, write in writes:
            try:
                write()
            except ValidationError as exc:
                raise ImportFailed(
                    [ImportProblem(table.name, line, "", " ".join(exc.messages))]
                ) from None
            except PermissionDenied as exc:
                raise ImportFailed([ImportProblem(table.name, line, "", str(exc))]) from None


def _check_round(name: str, round: Round) -> None:
    try:
        services.round_ensure_editable(round)
    except ValidationError as exc:
        raise ImportFailed([ImportProblem(name, 0, "", " ".join(exc.messages))]) from None


# Forecasts ---------------------------------------------------------------------------


def forecast_import(*, path: str | Path, round: Round, data: bytes | None = None, user):
    """Columns: `enhet` and one of `prognos_mkr`, `prognos_tkr`, `prognos_kr`; optional
    `kommentar`."""
    table = read_table(path, data)
    _check_round(table.name, round)
    table.require_columns("enhet")
    amount_col = table.amount_column("prognos", required=True)
    table.raise_if_problems()
    units = _units(table, "enhet")
    seen: dict[str, int] = {}
    writes = []
    existing = set(round.forecasts.values_list("unit__code", flat=True))
    created = 0
    for line, values in table.rows:
        row = RowReader(table, line, values)
        unit = _unit(row, units)
        _unique(row, seen, "enhet", unit.code if unit else "")
        amount = row.amount(amount_col, required=True)
        comment = row.text("kommentar") if "kommentar" in table.header else None
        if unit is None or amount is None:
            continue
        created += unit.code not in existing
        writes.append(
            (
                line,
                _bind(
                    services.forecast_set,
                    round=round,
                    unit=unit,
                    amount=amount,
                    comment=comment,
                    user=user,
                ),
            )
        )
    table.raise_if_problems()
    _write(table, writes)
    return ImportResult(table.name, created, len(writes) - created)


def _bind(function, **kwargs):
    return lambda: function(**kwargs)


# Savings measures --------------------------------------------------------------------

SAVINGS_KINDS = {
    "åtgärd": SavingsKind.MEASURE,
    "atgard": SavingsKind.MEASURE,
    "personalkostnad": SavingsKind.PERSONNEL,
    "personal": SavingsKind.PERSONNEL,
}


def _status_options() -> dict[str, object]:
    scale = services.savings_scale_ensure()
    options: dict[str, object] = {}
    for level in scale.levels.all():
        options[level.code.lower()] = level
        options[level.label.lower()] = level
    return options


def savings_import(*, path: str | Path, round: Round, data: bytes | None = None, user):
    """Columns: `kod`, `enhet`, `namn`; optional `typ`, `kategori`, `helarseffekt_*`,
    `utfall_*`, `utfall_fg_ar_*` (`*` = kr, tkr or mkr), `status`, `kommentar`."""
    table = read_table(path, data)
    _check_round(table.name, round)
    table.require_columns("kod", "enhet", "namn")
    effect_col = table.amount_column("helarseffekt")
    outcome_col = table.amount_column("utfall")
    previous_col = table.amount_column("utfall_fg_ar")
    table.raise_if_problems()
    units = _units(table, "enhet")
    statuses = _status_options()
    existing = set(round.savings_measures.values_list("code", flat=True))
    seen: dict[str, int] = {}
    writes, created = [], 0
    for order, (line, values) in enumerate(table.rows):
        row = RowReader(table, line, values)
        code = row.text("kod", required=True)
        _unique(row, seen, "kod", code)
        fields = {
            "unit": _unit(row, units),
            "name": row.text("namn", required=True),
            "kind": row.choice("typ", SAVINGS_KINDS, default=SavingsKind.MEASURE),
            "category": row.text("kategori"),
            "planned_effect": row.amount(effect_col),
            "outcome": row.amount(outcome_col),
            "outcome_previous": row.amount(previous_col),
            "status": row.choice("status", statuses),
            "comment": row.text("kommentar"),
        }
        if not code or fields["unit"] is None or fields["kind"] is None:
            continue
        if row.text("status") and fields["status"] is None:
            continue
        created += code not in existing
        writes.append(
            (
                line,
                _bind(
                    services.savings_measure_save,
                    round=round,
                    code=code,
                    order=order,
                    user=user,
                    **fields,
                ),
            )
        )
    table.raise_if_problems()
    _write(table, writes)
    return ImportResult(table.name, created, len(writes) - created)


def workforce_import(*, path: str | Path, round: Round, data: bytes | None = None, user):
    """Columns: `enhet`, `oaa` (this year's full-time equivalents), optional `oaa_fg_ar`."""
    table = read_table(path, data)
    _check_round(table.name, round)
    table.require_columns("enhet", "oaa")
    table.raise_if_problems()
    units = _units(table, "enhet")
    existing = set(round.workforce.values_list("unit__code", flat=True))
    seen: dict[str, int] = {}
    writes, created = [], 0
    for line, values in table.rows:
        row = RowReader(table, line, values)
        unit = _unit(row, units)
        _unique(row, seen, "enhet", unit.code if unit else "")
        fte = row.number("oaa")
        if fte is None and not row.text("oaa"):
            row.problem("oaa", _("värde saknas"))
        previous = row.number("oaa_fg_ar")
        if unit is None or fte is None:
            continue
        created += unit.code not in existing
        writes.append(
            (
                line,
                _bind(
                    services.workforce_set,
                    round=round,
                    unit=unit,
                    fte=fte,
                    fte_previous=previous,
                    user=user,
                ),
            )
        )
    table.raise_if_problems()
    _write(table, writes)
    return ImportResult(table.name, created, len(writes) - created)


# Investments -------------------------------------------------------------------------


def _choices(enum, aliases: dict[str, str]) -> dict[str, str]:
    options = {value: value for value in enum.values}
    options.update({str(label).lower(): value for value, label in enum.choices})
    options.update(aliases)
    return options


def investment_category_options() -> dict[str, InvestmentCategory]:
    """The organisation's categories by code, by number in print order (1, 2, …) or by
    name, all lower case."""
    options: dict[str, InvestmentCategory] = {}
    categories = list(investment_categories())
    for category in categories:
        options.setdefault(category.name.strip().lower(), category)
    for number, category in enumerate(categories, start=1):
        options[str(number)] = category
    for category in categories:
        options[category.code.lower()] = category
    return options


def _category(row: RowReader, options: dict[str, InvestmentCategory]) -> InvestmentCategory | None:
    value = row.text("kategori", required=True)
    if not value:
        return None
    found = options.get(value.lower())
    if found is None:
        codes = sorted({c.code for c in options.values()})
        row.problem(
            "kategori",
            _(
                "okänd investeringskategori ”%(value)s”; ange kod, nummer (1–%(n)s) eller "
                "namn på en av organisationens kategorier: %(codes)s"
            )
            % {"value": value, "n": len(codes), "codes": ", ".join(codes)},
        )
    return found


INVESTMENT_KINDS = {"ny": InvestmentKind.NEW, "re": InvestmentKind.REINVESTMENT}


def investment_import(*, path: str | Path, round: Round, data: bytes | None = None, user):
    """Columns: `kod`, `enhet`, `namn`, `kategori`; optional `typ`, `status`,
    `budget_ar_*`, `budget_total_*`, `prognos_total_*`, `utfall_ar_*`, `utfall_totalt_*`,
    `upphandling_kontaktad`, `upphandling_datum`, `detaljerad_status`.

    The objects are those of the round's year; the outcome columns are the round's.
    """
    table = read_table(path, data)
    _check_round(table.name, round)
    table.require_columns("kod", "enhet", "namn", "kategori")
    cols = {
        "budget_year": table.amount_column("budget_ar"),
        "budget_total": table.amount_column("budget_total"),
        "forecast_total": table.amount_column("prognos_total"),
        "outcome_year": table.amount_column("utfall_ar"),
        "outcome_since_start": table.amount_column("utfall_totalt"),
    }
    table.raise_if_problems()
    year = round.period_end.year
    units = _units(table, "enhet")
    categories = investment_category_options()
    kinds = _choices(InvestmentKind, INVESTMENT_KINDS)
    statuses = _choices(InvestmentStatus, {})
    existing = set(Investment.objects.filter(year=year).values_list("code", flat=True))
    seen: dict[str, int] = {}
    writes, created = [], 0
    for order, (line, values) in enumerate(table.rows):
        row = RowReader(table, line, values)
        code = row.text("kod", required=True)
        _unique(row, seen, "kod", code)
        fields = {
            "unit": _unit(row, units),
            "name": row.text("namn", required=True),
            "category": _category(row, categories),
            "kind": row.choice("typ", kinds, default=InvestmentKind.NEW),
            "status": row.choice("status", statuses, default=InvestmentStatus.GRANTED),
            "budget_total": row.amount(cols["budget_total"]),
            "forecast_total": row.amount(cols["forecast_total"]),
            "procurement_contacted": row.boolean("upphandling_kontaktad"),
            "procurement_contacted_on": row.date("upphandling_datum"),
            "status_detail": row.text("detaljerad_status"),
        }
        budget_year = row.amount(cols["budget_year"])
        outcome_year = row.amount(cols["outcome_year"])
        since_start = row.amount(cols["outcome_since_start"])
        if not code or None in (
            fields["unit"],
            fields["category"],
            fields["kind"],
            fields["status"],
        ):
            continue
        created += code not in existing
        has_outcome = cols["outcome_year"] is not None or cols["outcome_since_start"] is not None
        outcome = (
            services.OutcomeInput(
                outcome_year=outcome_year if outcome_year is not None else Decimal(0),
                outcome_since_start=since_start,
            )
            if has_outcome
            else None
        )
        writes.append(
            (
                line,
                _bind(
                    services.investment_save,
                    round=round,
                    code=code,
                    order=order,
                    budget_year=budget_year if budget_year is not None else Decimal(0),
                    outcome=outcome,
                    user=user,
                    **fields,
                ),
            )
        )
    table.raise_if_problems()
    _write(table, writes)
    return ImportResult(table.name, created, len(writes) - created)


# One-off adjustments (jämförelsestörande poster) ------------------------------------------


def _month(row: RowReader, column: str, year: int | None) -> date | None:
    """`ÅÅÅÅ-MM` (or a date: its month) in `year`."""
    value = row.raw(column)
    if value is None:
        row.problem(column, _("värde saknas"))
        return None
    if isinstance(value, datetime | date):
        month = date(value.year, value.month, 1)
    else:
        text = str(value).strip()
        head, sep, tail = text[:7].partition("-")
        if not (sep and len(head) == 4 and head.isdigit() and tail.isdigit()) or not (
            1 <= int(tail) <= 12
        ):
            row.problem(column, _("”%(value)s” är ingen månad (ÅÅÅÅ-MM)") % {"value": text})
            return None
        month = date(int(head), int(tail), 1)
    if year is not None and month.year != year:
        row.problem(column, _("raden gäller inte år %(year)s") % {"year": year})
        return None
    return month


def result_adjustment_import(
    *, path: str | Path, data: bytes | None = None, year: int | None = None, user
) -> ImportResult:
    """Columns: `enhet`, `kod`, `manad` (ÅÅÅÅ-MM), one of `belopp_kr`, `belopp_tkr`,
    `belopp_mkr` (the one-off part of the booked result, ledger sign), `orsak`, `kalla`.

    All or nothing; a row the user may not change, or of a month a locked round is built
    from, refuses the file with its line. `year` (optional) refuses rows of other years.
    """
    table = read_table(path, data)
    table.require_columns("enhet", "kod", "manad", "orsak", "kalla")
    amount_col = table.amount_column("belopp", required=True)
    table.raise_if_problems()
    units = _units(table, "enhet")
    existing = {
        (unit_id, code)
        for unit_id, code in ResultAdjustment.objects.filter(
            unit__in=list(units.values())
        ).values_list("unit_id", "code")
    }
    seen: dict[str, int] = {}
    writes, created = [], 0
    for line, values in table.rows:
        row = RowReader(table, line, values)
        unit = _unit(row, units)
        code = row.text("kod", required=True)
        if code and not _SLUG.fullmatch(code):
            row.problem("kod", _("koden får bara ha gemener, siffror, - och _"))
            code = ""
        _unique(row, seen, "kod", f"{unit.code if unit else ''}/{code}")
        fields = {
            "month": _month(row, "manad", year),
            "amount": row.amount(amount_col, required=True),
            "reason": row.text("orsak", required=True),
            "source": row.text("kalla", required=True),
        }
        if unit is None or not code or any(v in (None, "") for v in fields.values()):
            continue
        created += (unit.pk, code) not in existing
        writes.append(
            (
                line,
                _bind(services.result_adjustment_save, unit=unit, code=code, user=user, **fields),
            )
        )
    table.raise_if_problems()
    _write(table, writes)
    return ImportResult(table.name, created, len(writes) - created)


# Pension liability, liquidity and other figures -------------------------------------------

RECORD_KINDS = {
    "pensionsavsattning": FinancialRecordKind.PENSION_PROVISION,
    "avsattning för pensioner": FinancialRecordKind.PENSION_PROVISION,
    "ansvarsforbindelse": FinancialRecordKind.PENSION_COMMITMENT,
    "ansvarsförbindelse": FinancialRecordKind.PENSION_COMMITMENT,
    "pensionskostnad": FinancialRecordKind.PENSION_COST,
    "likvida medel": FinancialRecordKind.LIQUID_ASSETS,
    "likvida_medel": FinancialRecordKind.LIQUID_ASSETS,
    "checkkredit": FinancialRecordKind.CREDIT_FACILITY,
}


def financial_record_import(*, path: str | Path, data: bytes | None = None, user) -> ImportResult:
    """Columns: `enhet`, `typ` (pensionsavsattning, ansvarsforbindelse, pensionskostnad,
    likvida_medel, checkkredit), `datum` (ÅÅÅÅ-MM-DD), one of `belopp_kr`, `belopp_tkr`,
    `belopp_mkr`, and `kalla`. The same unit, kind and day changes the figure. All or
    nothing, as the other register imports."""
    table = read_table(path, data)
    table.require_columns("enhet", "typ", "datum", "kalla")
    amount_col = table.amount_column("belopp", required=True)
    table.raise_if_problems()
    units = _units(table, "enhet")
    existing = set(
        FinancialRecord.objects.filter(unit__in=list(units.values())).values_list(
            "unit_id", "kind", "day"
        )
    )
    seen: dict[str, int] = {}
    writes, created = [], 0
    for line, values in table.rows:
        row = RowReader(table, line, values)
        unit = _unit(row, units)
        kind = row.choice("typ", RECORD_KINDS)
        if not row.text("typ"):
            row.problem("typ", _("värde saknas"))
        day = row.date("datum")
        if row.raw("datum") is None:
            row.problem("datum", _("värde saknas"))
        amount = row.amount(amount_col, required=True)
        source = row.text("kalla", required=True)
        if unit is None or kind is None or day is None or amount is None or not source:
            continue
        _unique(row, seen, "datum", f"{unit.code}/{kind}/{day.isoformat()}")
        created += (unit.pk, kind, day) not in existing
        writes.append(
            (
                line,
                _bind(
                    services.financial_record_set,
                    unit=unit,
                    kind=kind,
                    day=day,
                    amount=amount,
                    source=source,
                    user=user,
                ),
            )
        )
    table.raise_if_problems()
    _write(table, writes)
    return ImportResult(table.name, created, len(writes) - created)
