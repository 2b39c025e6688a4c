"""`ledger_import_sie`: a SIE file's outcome and budget for one year, as ledger facts.

- Objects of `dimension` (1 = kostnadsställe) are the cost centres, matched by code.
- Outcome comes from the vouchers' #TRANS rows; a file without vouchers for the year
  (type 1–3) gives it as #PSALDO instead.
- Budget comes from #PBUDGET, month by month; it is used as it is (no periodisation).
- SIE amounts are debit positive; Styra's are income positive and cost negative
  (§7.3), so every amount changes sign.
- A #PSALDO/#PBUDGET row with `{}` is the account's total; it is ignored when the same
  account and month has rows per cost centre, and otherwise it is an amount without a
  cost centre. P&L amounts without a cost centre cannot be placed in the tree and
  abort the import (balance-sheet accounts are not imported at all).
- A file with errors (e.g. an unbalanced voucher) is refused with file:line.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from styra.org.models import Unit
from styra.org.selectors import unit_versions_on

from .. import rules
from ..mapping import AccountMapper
from ..models import BalanceKind, FactKind, ImportKind, ReportRowSet
from ..sie import SieError, read_sie
from .facts import (
    BalanceRow,
    FactRow,
    ImportReport,
    LedgerImportError,
    ledger_facts_replace,
    log_stage,
)

MAX_LISTED = 10
HUNDRED = Decimal(100)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _excluded(account: str, mapper: AccountMapper | None) -> bool:
    return mapper is not None and mapper.is_excluded(account)


def is_balance_account(account: str) -> bool:
    """Class 1 (assets) and 2 (equity and liabilities) in BAS and Kommun-/Region-BAS."""
    return account[:1] in ("1", "2") and len(account) >= 4


def _series(totals: dict, parts: dict) -> dict[tuple, int]:
    """Amounts per (…, object) from a total per key and parts per (key, object).

    Each part keeps its object; what the total holds beyond its parts goes to object
    None. A key without a total is the sum of its parts.
    """
    result: dict[tuple, int] = defaultdict(int)
    given: dict[tuple, int] = defaultdict(int)
    for (*key, obj), ore in parts.items():
        result[(*key, obj)] += ore
        given[tuple(key)] += ore
    for key, ore in totals.items():
        if ore != given[key]:
            result[(*key, None)] += ore - given[key]
    return dict(result)


def _balance_rows(result, fiscal, year: int, has_vouchers: bool, warnings: list[str]):
    """Opening balances and monthly movements of the balance accounts (debit positive).

    Movements come from the vouchers (or, without vouchers, from #PSALDO, which the
    sample files give as the month's change; a file whose #PSALDO is the balance at
    the month's end instead is recognised by its last month equalling #UB). An account
    with only #IB/#UB (SIE 1) gets the year's change in December. Where the file gives
    amounts per object (#OIB/#OUB, #PSALDO or #TRANS with an object in the chosen
    dimension) each row keeps its object; the rest of the account's total has none.
    """
    index = fiscal.index

    def year_balances(label: str) -> tuple[dict[str, int], dict[tuple[str, str | None], int]]:
        totals = {
            acc: ore
            for (lab, i, acc), ore in result.balances.items()
            if lab == label and i == index and is_balance_account(acc)
        }
        given_total = set(totals)
        parts = {
            (acc, code): ore
            for (lab, i, acc, code), ore in result.object_balances.items()
            if lab == label and i == index and is_balance_account(acc)
        }
        series = _series({(acc,): ore for acc, ore in totals.items()}, parts)
        for (acc, _code), ore in parts.items():  # given only per object: the sum is the total
            if acc not in given_total:
                totals[acc] = totals.get(acc, 0) + ore
        return totals, series

    opening, opening_series = year_balances("#IB")
    closing, closing_series = year_balances("#UB")
    kind = "outcome" if has_vouchers else "outcome_psaldo"
    totals: dict[tuple[int, str], int] = defaultdict(int)  # `{}` rows of #PSALDO
    parts: dict[tuple[int, str, str | None], int] = defaultdict(int)
    for (fact_kind, i, period, obj, account), ore in result.facts.items():
        if fact_kind != kind or i != index or not is_balance_account(account):
            continue
        if kind == "outcome" or obj is not None:
            parts[(period, account, obj)] += ore
        else:
            totals[(period, account)] += ore
    moved_series = _series(dict(totals), dict(parts))  # (period, account, obj) -> öre
    movements: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (period, account, _obj), ore in moved_series.items():
        movements[account][period] += ore
    for account, months in movements.items():
        if account not in closing or len(months) < 2:
            continue
        ordered = sorted(months)
        start = opening.get(account, 0)
        if (
            start + sum(months.values()) != closing[account]
            and months[ordered[-1]] == closing[account]
        ):
            # Balances at the month's end: turn them into changes, object by object.
            objects = {obj for (_p, acc, obj) in moved_series if acc == account}
            for obj in objects:
                previous = opening_series.get((account, obj), 0)
                for period in ordered:
                    key = (period, account, obj)
                    if key in moved_series:
                        moved_series[key], previous = (
                            moved_series[key] - previous,
                            moved_series[key],
                        )
            previous = start
            for period in ordered:
                months[period], previous = months[period] - previous, months[period]
    rows = [
        BalanceRow(
            account,
            date(year, 1, 1),
            BalanceKind.OPENING,
            Decimal(ore) / HUNDRED,
            cost_centre=obj or "",
        )
        for (account, obj), ore in opening_series.items()
        if ore
    ]
    rows.extend(
        BalanceRow(
            account,
            date(period // 100, period % 100, 1),
            BalanceKind.MOVEMENT,
            Decimal(ore) / HUNDRED,
            cost_centre=obj or "",
        )
        for (period, account, obj), ore in moved_series.items()
        if ore and period // 100 == year
    )
    for account, ore in sorted(closing.items()):
        moved = opening.get(account, 0) + sum(movements.get(account, {}).values())
        if account not in movements and ore != moved:
            objects = {o for (a, o) in closing_series if a == account}
            objects |= {o for (a, o) in opening_series if a == account}
            for obj in sorted(objects, key=lambda o: o or ""):
                change = closing_series.get((account, obj), 0) - opening_series.get(
                    (account, obj), 0
                )
                if change:
                    rows.append(
                        BalanceRow(
                            account,
                            date(year, 12, 1),
                            BalanceKind.MOVEMENT,
                            Decimal(change) / HUNDRED,
                            cost_centre=obj or "",
                        )
                    )
            warnings.append(
                _(
                    "Konto %(account)s har bara ingående och utgående balans; årets förändring förs på december."
                )
                % {"account": account}
            )
        elif ore != moved:
            warnings.append(
                _(
                    "Konto %(account)s: ingående balans och periodernas förändring ger %(moved)s, "
                    "men utgående balans (#UB) är %(closing)s."
                )
                % {
                    "account": account,
                    "moved": Decimal(moved) / HUNDRED,
                    "closing": Decimal(ore) / HUNDRED,
                }
            )
    return rows


def balance_entity(code: str | None, day: date) -> Unit | None:
    """The unit whose balance sheet the file is: `code`, else the only top unit."""
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise LedgerImportError(_("Enheten %(code)s finns inte.") % {"code": code})
        return unit
    tops = list(unit_versions_on(day).filter(parent__isnull=True).values_list("unit_id", flat=True))
    return Unit.objects.get(pk=tops[0]) if len(tops) == 1 else None


def ledger_import_sie(
    *,
    path: Path,
    year: int,
    dimension: int = 1,
    source: str | None = None,
    entity: str | None = None,
    default_cost_centre: str | None = None,
    user,
    dry_run: bool = False,
) -> ImportReport:
    """Import (or with `dry_run`, only check) year `year` of the SIE file at `path`.

    Balance accounts (class 1–2) become the balance facts of `entity` (a unit code;
    default the organisation's top unit). `user` is who imports: a controller or
    administrator of the units whose cost centres it writes (`rules`), and of the
    entity for balances; None only for a dry run.
    """
    if not dry_run:
        rules.require_importer(user, date(year, 12, 31))
    path = Path(path)
    started = time.perf_counter()
    try:
        result = read_sie(path, dimension=dimension)
    except SieError as exc:
        raise LedgerImportError(str(exc)) from exc
    # Unbalanced vouchers are among the errors, each with its line.
    problems = [
        f"{path.name}:{issue.line}: {issue.message}" if issue.line else issue.message
        for issue in result.errors
    ]
    if problems:
        more = len(problems) - MAX_LISTED
        listed = problems[:MAX_LISTED] + ([_("… och %(n)s till") % {"n": more}] if more > 0 else [])
        raise LedgerImportError(
            _("Filen har fel och importerades inte:") + "\n" + "\n".join(listed)
        )
    fiscal = next((fy for fy in result.fiscal_years if fy.start.year == year), None)
    if fiscal is None:
        years = ", ".join(str(fy.start.year) for fy in result.fiscal_years) or "–"
        raise LedgerImportError(
            _("Filen %(file)s har inget räkenskapsår %(year)s (den har: %(years)s).")
            % {"file": path.name, "year": year, "years": years}
        )

    default_set = ReportRowSet.objects.filter(is_default=True).first()
    mapper = AccountMapper.for_row_set(default_set) if default_set else None
    index = fiscal.index
    facts = result.facts  # read, not copied: a large ledger has a million sums
    has_vouchers = any(key[0] == "outcome" and key[1] == index for key in facts)
    wanted = {("outcome" if has_vouchers else "outcome_psaldo"): FactKind.OUTCOME}
    wanted["budget"] = FactKind.BUDGET

    # Which (kind, month, account) have rows per cost centre: their `{}` row is a total.
    with_objects = {
        (kind, period, account)
        for kind, i, period, obj, account in facts
        if i == index and obj is not None and kind != "outcome"
    }

    def kept() -> Iterator[tuple[str, int, str | None, str, int]]:
        """(kind, period, object, account, öre) of the year's income-statement sums."""
        for (kind, i, period, obj, account), ore in facts.items():
            if i != index or kind not in wanted or ore == 0 or _excluded(account, mapper):
                continue
            if is_balance_account(account):
                continue
            if obj is None and kind != "outcome" and (kind, period, account) in with_objects:
                continue
            yield kind, period, obj, account, ore

    without_centre: dict[str, int] = defaultdict(int)
    if default_cost_centre is None:
        for _kind, _period, obj, account, ore in kept():
            if obj is None:
                without_centre[account] += ore
    months: dict[int, date] = {}

    def rows() -> Iterator[FactRow]:  # made while the facts are written, not all at once
        for kind, period, obj, account, ore in kept():
            if obj is None and default_cost_centre is None:
                continue  # sums to zero over the account (else refused below)
            month = months.get(period) or months.setdefault(
                period, date(period // 100, period % 100, 1)
            )
            amount = -Decimal(ore) / HUNDRED
            yield FactRow(obj or default_cost_centre or "", account, month, wanted[kind], amount)
        facts.clear()  # summed into the import's own rows; the file's are not needed again

    without_centre = {a: ore for a, ore in without_centre.items() if ore}
    if without_centre:
        accounts = ", ".join(sorted(without_centre)[:MAX_LISTED])
        raise LedgerImportError(
            _(
                "Belopp utan kostnadsställe (dimension %(dim)s) på konton som hör till "
                "resultaträkningen: %(accounts)s. Inget importerades."
            )
            % {"dim": dimension, "accounts": accounts}
        )
    if fiscal.start != date(year, 1, 1) or fiscal.end != date(year, 12, 31):
        raise LedgerImportError(
            _("Räkenskapsåret %(start)s–%(end)s är inte ett kalenderår; det stöds inte ännu.")
            % {"start": fiscal.start, "end": fiscal.end}
        )
    warnings = [f"{path.name}:{w.line or ''}: {w.message}" for w in result.warnings]
    balance_rows = _balance_rows(result, fiscal, year, has_vouchers, warnings)
    log_stage("read", started)  # the file read and its sums turned into rows
    return ledger_facts_replace(
        source=source or _("SIE %(company)s") % {"company": result.company or path.stem},
        file_name=path.name,
        kind=ImportKind.SIE,
        fiscal_year=year,
        rows=rows(),
        account_names=result.accounts,
        file_sha256=file_sha256(path),
        user=user,
        dry_run=dry_run,
        warnings=warnings,
        balances=balance_rows,
        entity=balance_entity(entity, date(year, 12, 31)) if balance_rows else None,
    )
