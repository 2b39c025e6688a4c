"""Who may write the ledger, and which of its periods are closed (docs/ledger.md).

- **Who:** an import (SIE, CSV, XLSX, a planning budget fed to the ledger) may be made
  by a controller or administrator of every unit that owns, on the fiscal year's last
  day, a cost centre whose amounts it writes or replaces; a cost centre that belongs to
  no unit that day needs the whole organisation's controller. Row sets map every
  account of the organisation: loading one is for controllers and administrators of the
  top unit. Superusers may do both.
- **When:** a locked (fastställd) round's report must be reproducible forever, so an
  import is refused when it would change a figure that report is built from:

  * in the round's own year, the outcome of January up to the round's last month and
    every budget and forecast amount of the year (the whole-year budget is in the
    forecast table, and the periodised budget is a share of it);
  * every amount of the years before it (the previous-year column, budget profiles).

  An import that leaves those figures as they are — next month's ledger, the same file
  again, another year — goes through. The refusal names the locked round.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.access.selectors import unit_ids_with_role
from styra.followup.models import Round, RoundState
from styra.org.models import CostCentre, Unit
from styra.org.selectors import cost_centre_units_on, unit_versions_on

from .models import BalanceFact, FactKind, LedgerFact, LedgerImport

CENT = Decimal("0.01")

# (cost centre id, account, month, kind, yearly)
FactKey = tuple[int, str, date, str, bool]
# (entity id, cost centre id or None, account, month, kind)
BalanceKey = tuple[int, int | None, str, date, str]


def _top_units(day: date) -> list[Unit]:
    return list(
        Unit.objects.filter(
            pk__in=unit_versions_on(day).filter(parent__isnull=True).values("unit_id")
        )
    )


def may_manage_ledger(user, day: date) -> bool:
    """Controllers and administrators of every top unit of the tree on `day` (today's
    tree for a day before the organisation was entered)."""
    if permissions.is_superuser(user):
        return True
    tops = _top_units(day) or _top_units(timezone.localdate())
    return bool(tops) and all(
        permissions.has_role(user, top, day, permissions.MANAGE_ROLES) for top in tops
    )


def require_manage_ledger(user, day: date) -> None:
    """The whole organisation's controllers (row sets; `day` is today)."""
    permissions.require(
        may_manage_ledger(user, day),
        _(
            "Endast controller eller administratör för hela organisationen får läsa in "
            "huvudbok och rapportrader."
        ),
    )


def require_importer(user, day: date) -> None:
    """Before a file is read: a controller or administrator of some unit on `day`."""
    permissions.require(
        user is not None
        and (
            permissions.is_superuser(user)
            or bool(unit_ids_with_role(user, permissions.MANAGE_ROLES, day))
        ),
        _("Endast controller eller administratör får läsa in huvudbok."),
    )


def require_balance_import_for(user, day: date, entity: Unit) -> None:
    """Balance-sheet amounts belong to an entity: its controller or administrator."""
    permissions.require(
        permissions.is_superuser(user)
        or permissions.has_role(user, entity, day, permissions.MANAGE_ROLES),
        _("Endast controller eller administratör för %(unit)s får läsa in dess balansräkning.")
        % {"unit": entity.code},
    )


def require_import_for(user, day: date, cost_centre_ids: Iterable[int]) -> None:
    """The importer manages the unit of every cost centre the import writes or replaces."""
    if permissions.is_superuser(user):
        return
    managed = unit_ids_with_role(user, permissions.MANAGE_ROLES, day)
    owner_of = cost_centre_units_on(day)
    for centre in sorted(set(cost_centre_ids)):
        unit = owner_of.get(centre)
        if unit in managed or (unit is None and may_manage_ledger(user, day)):
            continue
        centre_code = CostCentre.objects.get(pk=centre).code
        raise PermissionDenied(
            _(
                "Du får bara läsa in huvudbok för enheter där du är controller eller "
                "administratör; kostnadsställe %(cc)s hör till %(unit)s."
            )
            % {
                "cc": centre_code,
                "unit": Unit.objects.get(pk=unit).code if unit else _("ingen enhet"),
            }
        )


@dataclass(frozen=True)
class ClosedPeriod:
    """What the locked rounds fix in one fiscal year."""

    year: int
    rounds: list[Round]
    whole_year: bool  # a later year's report is locked: every amount of the year is fixed
    outcome_until: date | None  # else: outcome up to this month, and all budget/forecast

    def covers(self, kind: str, month: date) -> bool:
        if self.whole_year or kind != FactKind.OUTCOME:
            return True
        return self.outcome_until is not None and month <= self.outcome_until

    def describe(self) -> str:
        codes = ", ".join(r.code for r in self.rounds)
        if self.whole_year:
            return _("hela %(year)s (fastställt: %(rounds)s)") % {
                "year": self.year,
                "rounds": codes,
            }
        month = MONTHS[self.outcome_until.month] if self.outcome_until else ""
        return _(
            "utfallet januari–%(month)s %(year)s och årets budget och prognos "
            "(fastställt: %(rounds)s)"
        ) % {"month": str(month).lower(), "year": self.year, "rounds": codes}


def closed_period(year: int) -> ClosedPeriod | None:
    """What locked rounds fix in `year`; None when nothing is fixed."""
    rounds = list(
        Round.objects.filter(state=RoundState.LOCKED, period_end__year__gte=year).order_by(
            "period_end", "code"
        )
    )
    if not rounds:
        return None
    later = [r for r in rounds if r.period_end.year > year]
    if later:
        return ClosedPeriod(year=year, rounds=later, whole_year=True, outcome_until=None)
    last = max(r.period_end for r in rounds)
    return ClosedPeriod(
        year=year,
        rounds=rounds,
        whole_year=False,
        outcome_until=date(last.year, last.month, 1),
    )


def _fixed(rows: Iterable[tuple[FactKey, Decimal]], closed: ClosedPeriod) -> dict[FactKey, Decimal]:
    result: dict[FactKey, Decimal] = {}
    for key, amount in rows:
        if closed.covers(key[3], key[2]):
            result[key] = result.get(key, Decimal(0)) + amount
    return {key: amount.quantize(CENT) for key, amount in result.items() if amount}


def closed_changes(
    *,
    closed: ClosedPeriod,
    previous: Iterable[LedgerImport],
    facts: Iterable[tuple[FactKey, Decimal]],
) -> list[FactKey]:
    """The fixed amounts that replacing `previous`' facts with `facts` would change.

    The stored side is filtered to the closed period in the database and read as a
    stream, so a year of facts is never held twice in memory.
    """
    new = _fixed(facts, closed)
    sources = list(previous)
    stored = LedgerFact.objects.filter(source__in=sources)
    if not closed.whole_year:
        stored = stored.filter(~Q(kind=FactKind.OUTCOME) | Q(month__lte=closed.outcome_until))
    fields = ("cost_centre_id", "account", "month", "kind", "yearly")
    rows: Iterator[Any]
    if len(sources) > 1:  # an import stores each key once; several imports are summed
        summed = stored.values_list(*fields).annotate(total=Sum("amount")).order_by()
        rows = summed.iterator(chunk_size=10_000)
    else:
        rows = stored.values_list(*fields, "amount").order_by().iterator(chunk_size=10_000)
    changed: list[FactKey] = []
    for centre, account, month, kind, yearly, amount in rows:
        key = (centre, account, month, kind, yearly)
        if (new.pop(key, None) or 0) != amount:
            changed.append(key)
    changed.extend(new)
    return sorted(changed)


def _balance_fixed(closed: ClosedPeriod, month: date) -> bool:
    """Balances are outcome: the opening balance and the covered months' movements."""
    return closed.covers(FactKind.OUTCOME, month)


def closed_balance_changes(
    *,
    closed: ClosedPeriod,
    previous: Iterable[LedgerImport],
    balances: Iterable[tuple[BalanceKey, Decimal]],
) -> list[BalanceKey]:
    """The fixed balance amounts that replacing `previous`' balances would change.

    A balance is outcome (`ClosedPeriod.covers`): the opening balance (January) and the
    movements up to the locked round's last month are fixed.
    """
    new: dict[BalanceKey, Decimal] = {}
    for key, amount in balances:
        if _balance_fixed(closed, key[3]):
            new[key] = new.get(key, Decimal(0)) + amount
    new = {key: amount.quantize(CENT) for key, amount in new.items() if amount}
    stored = BalanceFact.objects.filter(source__in=list(previous))
    if not closed.whole_year:
        stored = stored.filter(month__lte=closed.outcome_until)
    fields = ("entity_id", "cost_centre_id", "account", "month", "kind")
    summed = stored.values_list(*fields).annotate(total=Sum("amount")).order_by()
    changed: list[BalanceKey] = []
    for entity, centre, account, month, kind, amount in summed.iterator(chunk_size=10_000):
        key = (entity, centre, account, month, kind)
        if (new.pop(key, None) or 0) != amount:
            changed.append(key)
    changed.extend(new)
    return sorted(changed, key=lambda k: (k[3], k[0], k[1] or 0, k[2], k[4]))
