"""The one write path of ledger facts: validate, aggregate and replace, all or nothing.

Both the SIE and the table (CSV/XLSX) imports turn their file into `FactRow`s and call
`ledger_facts_replace`. Its rules (documented in docs/ledger.md):

- Facts are summed per (cost centre, account, month, kind); a sum of zero is not stored.
- A cost centre code that is not in the organisation is an **error**: the import is
  aborted and nothing is written — its amounts belong to some unit, and guessing
  which would put them in the wrong report.
- An account that maps to no row of the default row set (and is not one of its
  excluded, balance-sheet accounts) is **imported** and reported as a warning; the
  economic table lists it under "Konton utan rad" until the mapping covers it.
- Accounts in the row set's excluded ranges (balance sheet, 1xxx–2xxx) are not stored.
- The same `source` and fiscal year imported again replaces the earlier import's facts.
- Only controllers and administrators of the units whose cost centres an import writes
  or replaces may make it (`rules`); a dry run writes nothing and needs no user.
- An import that would change what a locked round's report is built from is refused,
  dry run or not, naming the round (`rules.closed_period`).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from styra.formats.amounts import amount_range_error
from styra.org.models import CostCentre, Unit

from .. import rules
from ..mapping import AccountMapper
from ..models import (
    Account,
    BalanceFact,
    BalanceKind,
    FactKind,
    LedgerFact,
    LedgerImport,
    ReportRowSet,
)
from .bulk import insert_rows
from .totals import TotalOutOfRange, ledger_totals_rebuild

ZERO = Decimal(0)
BATCH = 5000

log = logging.getLogger("styra.ledger")

#: The columns of a fact as `ledger_facts_replace` holds it before writing.
FACT_FIELDS = ("cost_centre", "account", "month", "yearly", "kind", "amount")


def log_stage(name: str, started: float) -> float:
    """Log how long a stage of an import took since `started` (`extra`: stage, seconds),
    for operators and for bench/ledger_import_bench.py; returns the time now."""
    now = time.perf_counter()
    seconds = round(now - started, 3)
    log.info("ledger import: %s %.1f s", name, seconds, extra={"stage": name, "seconds": seconds})
    return now


class LedgerImportError(Exception):
    """The import was refused; nothing was written. `report` says why."""

    def __init__(self, message: str, report: ImportReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class FactRow:
    cost_centre: str
    account: str
    month: date
    kind: str
    amount: Decimal
    yearly: bool = False


@dataclass(frozen=True)
class BalanceRow:
    """A balance-sheet amount in kronor, debit positive: opening balance or movement.

    `entity` is the unit code whose balance sheet it belongs to ("" = the import's
    entity); `cost_centre` the object it is given for ("" = none).
    """

    account: str
    month: date
    kind: str
    amount: Decimal
    entity: str = ""
    cost_centre: str = ""


@dataclass
class ImportReport:
    source: str
    fiscal_year: int
    dry_run: bool
    fact_count: int = 0
    replaced_count: int = 0
    excluded_count: int = 0
    outcome_total: Decimal = ZERO
    budget_total: Decimal = ZERO
    per_cost_centre: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    unknown_cost_centres: list[str] = field(default_factory=list)
    unmapped_accounts: dict[str, Decimal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    ledger_import: LedgerImport | None = None
    balance_count: int = 0
    entity: str = ""


def _default_mapper() -> AccountMapper | None:
    row_set = ReportRowSet.objects.filter(is_default=True).first()
    return AccountMapper.for_row_set(row_set) if row_set else None


def ledger_facts_replace(
    *,
    source: str,
    file_name: str,
    kind: str,
    fiscal_year: int,
    rows: Iterable[FactRow],
    account_names: dict[str, str] | None = None,
    file_sha256: str = "",
    user,
    dry_run: bool = False,
    warnings: list[str] | None = None,
    balances: Iterable[BalanceRow] = (),
    entity: Unit | None = None,
) -> ImportReport:
    """Replace the facts of (`source`, `fiscal_year`) with `rows`; see the module doc.

    `balances` are the balance-sheet amounts of `entity` (the legal entity whose
    balance sheet they are); they replace the source's earlier ones the same way.
    `user` is who imports (None only for a dry run).
    """
    if not dry_run:
        rules.require_importer(user, date(fiscal_year, 12, 31))
    started = time.perf_counter()
    report = ImportReport(source=source, fiscal_year=fiscal_year, dry_run=dry_run)
    report.warnings.extend(warnings or [])
    mapper = _default_mapper()

    sums: dict[tuple[str, str, date, str, bool], Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.month.year != fiscal_year:
            raise LedgerImportError(
                _("Beloppet för %(cc)s/%(account)s gäller %(month)s, utanför år %(year)s.")
                % {
                    "cc": row.cost_centre,
                    "account": row.account,
                    "month": row.month.strftime("%Y-%m"),
                    "year": fiscal_year,
                },
                report,
            )
        if mapper is not None and mapper.is_excluded(row.account):
            report.excluded_count += 1
            continue
        month = row.month if row.month.day == 1 else row.month.replace(day=1)
        sums[(row.cost_centre, row.account, month, row.kind, row.yearly)] += row.amount

    if mapper is None and sums:
        report.warnings.append(
            _("Ingen standarduppsättning av rapportrader är inläst; kontona kontrolleras inte.")
        )
    codes = sorted({key[0] for key in sums})
    centres: dict[str, int] = {}
    for chunk in _chunks(codes):
        centres.update(CostCentre.objects.filter(code__in=chunk).values_list("code", "pk"))
    report.unknown_cost_centres = [code for code in codes if code not in centres]

    # (cost centre id, account, month, yearly, kind, amount): FACT_FIELDS' order.
    written_centres: set[int] = set()
    fact_count = 0
    for (cc, account, _month, fact_kind, _yearly), amount in sums.items():
        if amount == 0:
            continue
        per_cc = report.per_cost_centre.get(cc) or report.per_cost_centre.setdefault(
            cc, {k: ZERO for k in FactKind.values}
        )
        per_cc[fact_kind] += amount
        if fact_kind == FactKind.OUTCOME:
            report.outcome_total += amount
        elif fact_kind == FactKind.BUDGET:
            report.budget_total += amount
        if mapper is not None and mapper.row_for(account) is None:
            report.unmapped_accounts[account] = report.unmapped_accounts.get(account, ZERO) + amount
        if cc in centres:
            written_centres.add(centres[cc])
            fact_count += 1
    _check_ranges(report, sums)
    report.fact_count = fact_count

    def facts() -> Iterator[tuple[int, str, date, bool, str, Decimal]]:
        """The facts to write, in FACT_FIELDS' order (made again for each reader: a
        year of a large region is most of a million sums)."""
        for (cc, account, month, fact_kind, yearly), amount in sums.items():
            if amount != 0 and cc in centres:
                yield (centres[cc], account, month, yearly, fact_kind, amount)

    for account in sorted(report.unmapped_accounts):
        report.warnings.append(
            _(
                "Konto %(account)s hör inte till någon rapportrad; beloppet importeras men syns "
                "inte i tabellen förrän kontot mappats."
            )
            % {"account": account}
        )
    previous = LedgerImport.objects.filter(source=source, fiscal_year=fiscal_year)
    report.replaced_count = LedgerFact.objects.filter(source__in=previous).count()

    if report.unknown_cost_centres:
        raise LedgerImportError(
            _(
                "Okända kostnadsställen (finns inte i organisationen): %(codes)s. Inget importerades."
            )
            % {"codes": _listed(report.unknown_cost_centres)},
            report,
        )
    balance_facts = _balance_facts(balances, fiscal_year, entity, report)
    with transaction.atomic():
        if not dry_run:
            for owner in sorted({b.entity for b in balance_facts}, key=lambda u: u.code):
                rules.require_balance_import_for(user, date(fiscal_year, 12, 31), owner)
        if not dry_run:
            replaced = LedgerFact.objects.filter(source__in=previous).values_list(
                "cost_centre_id", flat=True
            )
            rules.require_import_for(
                user,
                date(fiscal_year, 12, 31),
                written_centres | set(replaced.order_by().distinct()),
            )
        _ensure_open(fiscal_year, previous, facts(), report)
        _ensure_balances_open(fiscal_year, previous, balance_facts, report)
        started = log_stage("aggregate", started)
        if dry_run:
            return report
        LedgerFact.objects.filter(source__in=previous).delete()
        previous.delete()
        ledger_import = LedgerImport.objects.create(
            source=source,
            file_name=file_name,
            file_sha256=file_sha256,
            kind=kind,
            fiscal_year=fiscal_year,
            imported_by=user,
            fact_count=fact_count,
            outcome_total=report.outcome_total,
            budget_total=report.budget_total,
            warnings=report.warnings,
        )
        insert_rows(
            LedgerFact, (*FACT_FIELDS, "source"), (f + (ledger_import.pk,) for f in facts())
        )
        for balance in balance_facts:
            balance.source = ledger_import
        BalanceFact.objects.bulk_create(balance_facts, batch_size=BATCH)
        if account_names:
            _accounts_upsert(account_names)
        started = log_stage("facts", started)
        try:
            ledger_totals_rebuild(year=fiscal_year)
        except TotalOutOfRange as exc:  # raised inside the atomic block: nothing stays
            raise LedgerImportError(
                _("Beloppen ryms inte i databasen; inget importerades:") + "\n" + str(exc), report
            ) from None
        log_stage("totals", started)
    report.ledger_import = ledger_import
    return report


def _balance_facts(
    balances: Iterable[BalanceRow], year: int, entity: Unit | None, report: ImportReport
) -> list[BalanceFact]:
    """The balance rows as unsaved facts, summed per entity, object, account, month, kind.

    Unknown entities and objects refuse the import as a whole (like unknown cost
    centres of the income statement): their amounts belong somewhere, and guessing
    where would put them in the wrong balance sheet.
    """
    sums: dict[tuple[str, str, str, date, str], Decimal] = defaultdict(lambda: ZERO)
    for row in balances:
        if row.month.year != year:
            raise LedgerImportError(
                _("Balansbeloppet för konto %(account)s gäller %(month)s, utanför år %(year)s.")
                % {"account": row.account, "month": row.month.strftime("%Y-%m"), "year": year},
                report,
            )
        key = (row.entity, row.cost_centre, row.account, row.month.replace(day=1), row.kind)
        sums[key] += row.amount
    sums = {key: amount for key, amount in sums.items() if amount}
    if not sums:
        return []
    if entity is None and any(not key[0] for key in sums):
        raise LedgerImportError(
            _(
                "Filen har balanskonton men ingen juridisk enhet att föra dem på: organisationen "
                "har ingen enhet överst eller flera. Ange enheten. Inget importerades."
            ),
            report,
        )
    entity_codes = sorted({key[0] for key in sums if key[0]})
    entities = {u.code: u for u in Unit.objects.filter(code__in=entity_codes)}
    centre_codes = sorted({key[1] for key in sums if key[1]})
    centres: dict[str, int] = {}
    for chunk in _chunks(centre_codes):
        centres.update(CostCentre.objects.filter(code__in=chunk).values_list("code", "pk"))
    unknown_entities = [code for code in entity_codes if code not in entities]
    if unknown_entities:
        raise LedgerImportError(
            _("Okända enheter för balansposter: %(codes)s. Inget importerades.")
            % {"codes": _listed(unknown_entities)},
            report,
        )
    unknown_centres = [code for code in centre_codes if code not in centres]
    if unknown_centres:
        report.unknown_cost_centres = unknown_centres
        raise LedgerImportError(
            _("Okända objekt (kostnadsställen) för balansposter: %(codes)s. Inget importerades.")
            % {"codes": _listed(unknown_centres)},
            report,
        )
    problems = [
        _("Balansbeloppet för konto %(account)s %(month)s: %(message)s")
        % {"account": account, "month": month.strftime("%Y-%m"), "message": message}
        for (_entity, _centre, account, month, _kind), amount in sums.items()
        if (message := amount_range_error(amount, exact=False))
    ]
    if problems:
        raise LedgerImportError(
            _("Beloppen ryms inte i databasen; inget importerades:")
            + "\n"
            + "\n".join(problems[:10]),
            report,
        )
    report.balance_count = len(sums)
    used = sorted({key[0] or (entity.code if entity else "") for key in sums})
    report.entity = ", ".join(used)
    return [
        BalanceFact(
            entity=entities[code] if code else entity,
            cost_centre_id=centres[centre] if centre else None,
            account=account,
            month=month,
            kind=kind,
            amount=amount,
        )
        for (code, centre, account, month, kind), amount in sorted(sums.items())
    ]


def _listed(codes: list[str], shown: int = 20) -> str:
    text = ", ".join(codes[:shown])
    if len(codes) > shown:
        text += " " + _("… och %(n)s till") % {"n": len(codes) - shown}
    return text


def _chunks(values: list[str], size: int = 900) -> Iterable[list[str]]:
    """`values` in lists short enough for one `IN (…)` on every database (SQLite: 999)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _check_ranges(report: ImportReport, sums: dict) -> None:
    """Refuse sums that no amount column can hold, before anything is written.

    Each row of the file was checked where it was read (with its line); what is checked
    here is what would be stored: sums per cost centre, account and month, and the
    import's totals. Derived year-to-date totals are checked when they are rebuilt.
    """
    problems = []
    for (cc, account, month, _kind, _yearly), amount in sums.items():
        message = amount_range_error(amount, exact=False)
        if message:
            problems.append(
                _("Summan för %(cc)s/%(account)s %(month)s: %(message)s")
                % {
                    "cc": cc,
                    "account": account,
                    "month": month.strftime("%Y-%m"),
                    "message": message,
                }
            )
    for label, total in ((_("utfall"), report.outcome_total), (_("budget"), report.budget_total)):
        message = amount_range_error(total, exact=False)
        if message:
            problems.append(
                _("Filens summa för %(kind)s: %(message)s") % {"kind": label, "message": message}
            )
    if problems:
        listed = problems[:10] + (
            [_("… och %(n)s till") % {"n": len(problems) - 10}] if len(problems) > 10 else []
        )
        raise LedgerImportError(
            _("Beloppen ryms inte i databasen; inget importerades:") + "\n" + "\n".join(listed),
            report,
        )


def _ensure_open(
    year: int,
    previous,
    facts: Iterable[tuple[int, str, date, bool, str, Decimal]],
    report: ImportReport,
) -> None:
    """Refuse to change what a locked round's report is built from (`rules`)."""
    closed = rules.closed_period(year)
    if closed is None:
        return
    changed = rules.closed_changes(
        closed=closed,
        previous=previous,
        facts=(
            ((cc, account, month, kind, yearly), amount)
            for cc, account, month, yearly, kind, amount in facts
        ),
    )
    if not changed:
        return
    centre, account, month, kind, _yearly = changed[0]
    raise LedgerImportError(
        _(
            "Importen skulle ändra %(count)s belopp som fastställda rapporter bygger på: "
            "%(period)s. Första skillnaden: kostnadsställe %(cc)s, konto %(account)s, "
            "%(month)s (%(kind)s). Inget importerades; en rättelse förs in i nästa "
            "uppföljningstillfälle."
        )
        % {
            "count": len(changed),
            "period": closed.describe(),
            "cc": CostCentre.objects.get(pk=centre).code,
            "account": account,
            "month": month.strftime("%Y-%m"),
            "kind": str(FactKind(kind).label).lower(),
        },
        report,
    )


def _ensure_balances_open(
    year: int, previous, balances: list[BalanceFact], report: ImportReport
) -> None:
    """Refuse to change a balance that a locked round's report is built from.

    The same periods as for the income statement (`rules.closed_period`): the opening
    balance and the movements of the months up to the locked round's last month (of
    every month when a later year is locked).
    """
    closed = rules.closed_period(year)
    if closed is None:
        return
    changed = rules.closed_balance_changes(
        closed=closed,
        previous=previous,
        balances=(
            ((b.entity.pk, b.cost_centre_id, b.account, b.month, b.kind), b.amount)
            for b in balances
        ),
    )
    if not changed:
        return
    entity, _centre, account, month, kind = changed[0]
    raise LedgerImportError(
        _(
            "Importen skulle ändra %(count)s balansbelopp som fastställda rapporter bygger "
            "på: %(period)s. Första skillnaden: enhet %(unit)s, konto %(account)s, %(month)s "
            "(%(kind)s). Inget importerades; en rättelse förs in i nästa "
            "uppföljningstillfälle."
        )
        % {
            "count": len(changed),
            "period": closed.describe(),
            "unit": Unit.objects.get(pk=entity).code,
            "account": account,
            "month": month.strftime("%Y-%m"),
            "kind": str(BalanceKind(kind).label).lower(),
        },
        report,
    )


def _accounts_upsert(names: dict[str, str]) -> None:
    existing: dict[str, Account] = {}
    for chunk in _chunks(sorted(names)):
        existing.update((a.number, a) for a in Account.objects.filter(number__in=chunk))
    changed = []
    for number, name in names.items():
        account = existing.get(number)
        if account is None:
            continue
        if account.name != name:
            account.name = name
            changed.append(account)
    Account.objects.bulk_update(changed, ["name"], batch_size=BATCH)
    Account.objects.bulk_create(
        [Account(number=n, name=names[n]) for n in names if n not in existing],
        batch_size=BATCH,
    )
