"""Ledger facts and the configuration that turns them into report rows (domain §7).

A `LedgerFact` is one amount: (cost centre, account, month, kind). Facts are written
only by the import services, one `LedgerImport` at a time; re-importing the same source
and year replaces that import's facts. How accounts become report rows
(Patientavgifter, Personalkostnader …) is data: a `ReportRowSet` of `ReportRow`s, each
with `AccountRange`s, loaded from YAML. Sign convention (§7.3): income positive, costs
negative, exactly as the ledger's debit/credit gives them with the sign flipped.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from styra.formats.amounts import AMOUNT_FIELD
from styra.org.models import CostCentre, Unit

AMOUNT = AMOUNT_FIELD


class Account(models.Model):
    """An account of the chart of accounts (kontoplan), as the ledger names it."""

    number = models.CharField(_("kontonummer"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=200, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("konto")
        verbose_name_plural = _("konton")

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()


class ImportKind(models.TextChoices):
    SIE = "sie", _("SIE-fil")
    CSV = "csv", _("CSV-fil")
    XLSX = "xlsx", _("Excel-fil")
    PLAN = "plan", _("Budget ur fastställd plan")


class LedgerImport(models.Model):
    """One import of one source for one fiscal year; its facts replace the previous one's."""

    source = models.CharField(
        _("källa"),
        max_length=200,
        help_text=_("Samma källa och år ersätter tidigare import i stället för att dubblera."),
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    file_sha256 = models.CharField(_("filens kontrollsumma"), max_length=64, blank=True)
    kind = models.CharField(_("typ"), max_length=10, choices=ImportKind.choices)
    fiscal_year = models.PositiveIntegerField(_("räkenskapsår"))
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    fact_count = models.PositiveIntegerField(_("antal fakta"), default=0)
    outcome_total = models.DecimalField(_("summa utfall"), default=0, **AMOUNT)
    budget_total = models.DecimalField(_("summa budget"), default=0, **AMOUNT)
    warnings = models.JSONField(_("varningar"), default=list, blank=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import av huvudbok")
        verbose_name_plural = _("importer av huvudbok")
        indexes = [models.Index(fields=["source", "fiscal_year"], name="ledgerimport_source_year")]

    def __str__(self) -> str:
        return f"{self.source} {self.fiscal_year}"


class FactKind(models.TextChoices):
    OUTCOME = "outcome", _("Utfall")
    BUDGET = "budget", _("Budget")
    FORECAST = "forecast", _("Prognos")


class LedgerFact(models.Model):
    """An amount in kronor (öre exact) for a cost centre, account and month.

    `yearly` marks a budget given for the whole year (CSV month "2026"): `month` is
    then January and the amount is spread over the months by a `BudgetProfile`.
    """

    cost_centre = models.ForeignKey(
        CostCentre, on_delete=models.PROTECT, related_name="ledger_facts"
    )
    account = models.CharField(_("konto"), max_length=20)
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    yearly = models.BooleanField(_("helårsbelopp"), default=False)
    kind = models.CharField(_("slag"), max_length=10, choices=FactKind.choices)
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    source = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="facts")

    class Meta:
        verbose_name = _("huvudboksfakta")
        verbose_name_plural = _("huvudboksfakta")
        # No CHECK on month__day: on SQLite it would call a Python function per row
        # of a bulk import; the import services always write first days.
        indexes = [
            # The economic table reads one kind over a month range for many cost centres.
            models.Index(
                fields=["kind", "yearly", "month", "cost_centre", "account", "amount"],
                name="ledgerfact_kind_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_centre_id} {self.account} {self.month:%Y-%m} {self.kind} {self.amount}"


class BalanceKind(models.TextChoices):
    OPENING = "opening", _("Ingående balans")
    MOVEMENT = "movement", _("Periodens förändring")


class BalanceFact(models.Model):
    """A balance-sheet amount (class 1–2) of one legal entity, debit positive.

    `opening` is the year's opening balance (`month` = 1 January); `movement` is one
    month's change. The balance at the end of a month is the opening balance plus the
    movements of January … that month. Balances belong to the entity (a unit, usually
    the organisation's top unit or a company it owns): the balance sheet is the
    entity's, and it is the sum of all its rows. Where the source gives a balance per
    object (SIE `#OIB`/`#OUB`, `#PSALDO` with an object, a CSV `objekt` column) the row
    also names that `cost_centre`; the part of an account's balance given for no object
    has none. Written only by the import services, with the facts of the same
    `LedgerImport`.
    """

    entity = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="balance_facts")
    cost_centre = models.ForeignKey(
        CostCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="balance_facts",
        verbose_name=_("objekt (kostnadsställe)"),
    )
    account = models.CharField(_("konto"), max_length=20)
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    kind = models.CharField(_("slag"), max_length=10, choices=BalanceKind.choices)
    amount = models.DecimalField(_("belopp (kr, debet positivt)"), **AMOUNT)
    source = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="balance_facts")

    class Meta:
        verbose_name = _("balanspost")
        verbose_name_plural = _("balansposter")
        indexes = [
            models.Index(
                fields=["entity", "month", "kind", "account", "amount"],
                name="balancefact_entity_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.month:%Y-%m} {self.kind} {self.amount}"


class ReportRowSet(models.Model):
    """A configured set of report rows (kostnadsslag) with its account mapping."""

    code = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    is_default = models.BooleanField(_("standard"), default=False)
    excluded_accounts = models.JSONField(
        _("undantagna konton"),
        default=list,
        blank=True,
        help_text=_(
            'Kontointervall som inte hör till resultaträkningen, t.ex. [["1000", "2999"]].'
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("raduppsättning")
        verbose_name_plural = _("raduppsättningar")

    def __str__(self) -> str:
        return self.name


class RowKind(models.TextChoices):
    INCOME = "income", _("Intäktsrad")
    COST = "cost", _("Kostnadsrad")
    SUBTOTAL = "subtotal", _("Delsumma")
    TOTAL = "total", _("Summa")


class RowRole(models.TextChoices):
    INCOME = "income", _("Intäkter")
    GROSS_COST = "gross_cost", _("Bruttokostnader")
    NET_COST = "net_cost", _("Verksamhetens nettokostnader")


class ReportRow(models.Model):
    """A row of the table; income/cost rows get accounts, sums list their member rows."""

    row_set = models.ForeignKey(ReportRowSet, on_delete=models.CASCADE, related_name="rows")
    code = models.SlugField(_("kod"), max_length=60)
    label = models.CharField(_("rubrik"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    kind = models.CharField(_("slag"), max_length=10, choices=RowKind.choices)
    role = models.CharField(
        _("roll"),
        max_length=20,
        choices=RowRole.choices,
        blank=True,
        help_text=_("Vilken rad nyckeltalen räknas på."),
    )
    members = models.JSONField(
        _("ingående rader"),
        default=list,
        blank=True,
        help_text=_("Koder för de rader som summeras (för delsummor och summor)."),
    )

    class Meta:
        ordering = ["row_set", "order"]
        verbose_name = _("rapportrad")
        verbose_name_plural = _("rapportrader")
        constraints = [
            models.UniqueConstraint(fields=["row_set", "code"], name="reportrow_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_sum(self) -> bool:
        return self.kind in (RowKind.SUBTOTAL, RowKind.TOTAL)


class AccountRange(models.Model):
    """Accounts `from_account` … `to_account` (inclusive) belong to `row`."""

    row = models.ForeignKey(ReportRow, on_delete=models.CASCADE, related_name="account_ranges")
    from_account = models.CharField(_("från konto"), max_length=20)
    to_account = models.CharField(_("till konto"), max_length=20)

    class Meta:
        ordering = ["from_account"]
        verbose_name = _("kontointervall")
        verbose_name_plural = _("kontointervall")

    def __str__(self) -> str:
        return f"{self.from_account}–{self.to_account}"


class ProfileKind(models.TextChoices):
    TWELFTHS = "twelfths", _("1/12 per månad")
    PREVIOUS_OUTCOME = "previous_outcome", _("Föregående års utfallsprofil")


class BudgetProfile(models.Model):
    """How a yearly budget is spread over the months (§7.4).

    A profile for a unit wins over one for the row set; with neither, 1/12 per month.
    `previous_outcome` uses the monthly shape of the outcome of the `reference_years`
    years before, per report row, in today's structure.
    """

    row_set = models.ForeignKey(
        ReportRowSet, on_delete=models.CASCADE, null=True, blank=True, related_name="profiles"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="budget_profiles"
    )
    kind = models.CharField(
        _("slag"), max_length=20, choices=ProfileKind.choices, default=ProfileKind.TWELFTHS
    )
    reference_years = models.PositiveSmallIntegerField(_("antal referensår"), default=1)

    class Meta:
        verbose_name = _("budgetprofil")
        verbose_name_plural = _("budgetprofiler")
        constraints = [
            models.CheckConstraint(
                condition=Q(row_set__isnull=False) | Q(unit__isnull=False),
                name="budgetprofile_has_scope",
            ),
            models.UniqueConstraint(
                fields=["row_set"], condition=Q(unit__isnull=True), name="budgetprofile_one_per_set"
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(unit__isnull=False), name="budgetprofile_one_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class LedgerRowTotal(models.Model):
    """Derived: year-to-date sums per row set, report row, cost centre, kind and month.

    `amount` is the sum of January … `month` of the same year, so one row per column
    answers a year-to-date question; a month without facts repeats the month before.
    Rebuilt by `finance.services.totals` after every import and row-set load, never
    edited. Amounts on accounts that map to no row are kept per `account` with an
    empty `row_code`; excluded (balance-sheet) accounts are left out. Whole-year
    budget facts are not summed here (they are periodised when read).
    """

    # No single-column indexes on the keys: the planner must use the composite index
    # below (SQLite otherwise walks every month of every cost centre).
    row_set = models.ForeignKey(
        ReportRowSet, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    row_code = models.CharField(max_length=60, blank=True)
    account = models.CharField(max_length=20, blank=True)
    cost_centre = models.ForeignKey(
        CostCentre, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=10, choices=FactKind.choices)
    month = models.DateField()
    amount = models.DecimalField(**AMOUNT)

    class Meta:
        verbose_name = _("ackumulerad radsumma")
        verbose_name_plural = _("ackumulerade radsummor")
        indexes = [
            models.Index(
                fields=["row_set", "kind", "month", "cost_centre", "row_code", "account", "amount"],
                name="ledgerrowtotal_lookup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row_code or self.account} {self.month:%Y-%m} {self.kind} {self.amount}"
