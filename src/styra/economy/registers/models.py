"""Registers people keep about the economy (domain guide §7.5, §7.7, §7.8).

Amounts are kronor (`Decimal`, two decimals); tkr and mkr exist only at the edges
(forms, imports, display). Ledger-derived figures — budget, outcome — are never
stored here; they are read from `styra.economy.ledger`.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.followup.models import Round
from styra.formats.amounts import AMOUNT_FIELD
from styra.org.models import Unit
from styra.plans.models import StatusLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import User

AMOUNT = AMOUNT_FIELD

#: Names of register rows and categories: long enough for any name a real report prints
#: (the T1 2026 report's longest is some 90 characters), bounded only against abuse.
NAME_MAX_LENGTH = 1000

#: The status scale (by code) of the savings measures' traffic lights.
SAVINGS_SCALE_CODE = settings.STYRA_SAVINGS_SCALE


class Forecast(models.Model):
    """A unit's full-year forecast (helårsprognos) in one round; net cost is negative."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="forecasts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="forecasts")
    amount = models.DecimalField(_("helårsprognos (kr)"), **AMOUNT)
    comment = models.TextField(_("kommentar"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["round", "unit__code"]
        verbose_name = _("helårsprognos")
        verbose_name_plural = _("helårsprognoser")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="forecast_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.unit.code}"


class SavingsKind(models.TextChoices):
    MEASURE = "measure", _("Åtgärd")
    PERSONNEL = "personnel", _("Personalkostnad")


class SavingsMeasure(models.Model):
    """One row of the savings table (resultatförbättrande åtgärder) in one round.

    Outcomes are costs for the period, negative; the change (this year − last year)
    is computed, never stored, so positive means lower cost than last year.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="savings_measures")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="savings_measures", verbose_name=_("ägare")
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("åtgärd"), max_length=NAME_MAX_LENGTH)
    category = models.CharField(_("kategori"), max_length=NAME_MAX_LENGTH, blank=True)
    kind = models.CharField(
        _("typ"), max_length=12, choices=SavingsKind.choices, default=SavingsKind.MEASURE
    )
    planned_effect = models.DecimalField(
        _("bedömd helårseffekt (kr)"), null=True, blank=True, **AMOUNT
    )
    outcome = models.DecimalField(_("utfall i år (kr)"), null=True, blank=True, **AMOUNT)
    outcome_previous = models.DecimalField(
        _("utfall föregående år (kr)"), null=True, blank=True, **AMOUNT
    )
    status = models.ForeignKey(
        StatusLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status"),
    )
    comment = models.TextField(_("kommentar"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["round", "order", "code"]
        verbose_name = _("resultatförbättrande åtgärd")
        verbose_name_plural = _("resultatförbättrande åtgärder")
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="savingsmeasure_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def change(self):
        if self.outcome is None or self.outcome_previous is None:
            return None
        return self.outcome - self.outcome_previous


class Workforce(models.Model):
    """Full-time equivalents (OÅA, omräknad årsarbetskraft) of a unit for a round's period."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="workforce")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="workforce")
    fte = models.DecimalField(_("OÅA i år"), max_digits=12, decimal_places=2)
    fte_previous = models.DecimalField(
        _("OÅA föregående år"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        verbose_name = _("omräknad årsarbetskraft")
        verbose_name_plural = _("omräknade årsarbetskrafter")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="workforce_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.unit.code} OÅA"

    @property
    def change(self):
        return None if self.fte_previous is None else self.fte - self.fte_previous


class InvestmentKind(models.TextChoices):
    NEW = "new", _("Nyinvestering")
    REINVESTMENT = "reinvestment", _("Reinvestering")


class InvestmentCategory(models.Model):
    """A group of the investment follow-up, defined by the organisation (docs/registers.md).

    The categories print in `order`; consecutive categories with the same
    `subtotal_label` are summed in a row with that label after the last of them. They
    are loaded from a configuration file (`investment_categories_load`); the six groups
    of the T1 2026 report are created by the migration that introduced this model.
    """

    code = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=NAME_MAX_LENGTH)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    subtotal_label = models.CharField(_("delsumma"), max_length=NAME_MAX_LENGTH, blank=True)
    #: The category an object decided in an investment plan gets in the follow-up.
    for_plan_decisions = models.BooleanField(
        _("för beslutade objekt i investeringsplanen"), default=False
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("investeringskategori")
        verbose_name_plural = _("investeringskategorier")

    def __str__(self) -> str:
        return self.name


class InvestmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Begärd")
    GRANTED = "granted", _("Beviljad")
    NOT_GRANTED = "not_granted", _("Ej beviljad")
    ONGOING = "ongoing", _("Pågående")
    FINISHED = "finished", _("Avslutad")


class Investment(models.Model):
    """An investment object of one budget year."""

    year = models.PositiveIntegerField(_("budgetår"))
    code = models.SlugField(_("kod"), max_length=60)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="investments", verbose_name=_("enhet")
    )
    name = models.CharField(_("investeringsobjekt"), max_length=NAME_MAX_LENGTH)
    # Blank when the decision did not say (the 2022 plan leaves 18 of 27 objects unmarked).
    kind = models.CharField(
        _("typ"),
        max_length=12,
        choices=InvestmentKind.choices,
        default=InvestmentKind.NEW,
        blank=True,
    )
    category = models.ForeignKey(
        InvestmentCategory,
        on_delete=models.PROTECT,
        related_name="investments",
        verbose_name=_("kategori"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvestmentStatus.choices,
        default=InvestmentStatus.REQUESTED,
    )
    budget_year = models.DecimalField(_("budget för året (kr)"), default=0, **AMOUNT)
    budget_total = models.DecimalField(
        _("total budget sedan start (kr)"), null=True, blank=True, **AMOUNT
    )
    forecast_total = models.DecimalField(
        _("prognos till färdigställande (kr)"), null=True, blank=True, **AMOUNT
    )
    procurement_contacted = models.BooleanField(
        _("kontakt tagen med upphandling"), null=True, blank=True
    )
    procurement_contacted_on = models.DateField(
        _("datum för kontakt med upphandling"), null=True, blank=True
    )
    status_detail = models.TextField(_("detaljerad status"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["year", "category__order", "category__code", "order", "code"]
        verbose_name = _("investeringsobjekt")
        verbose_name_plural = _("investeringsobjekt")
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="investment_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class InvestmentOutcome(models.Model):
    """What an investment has cost up to a round's period end (from the ledger or typed)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="investment_outcomes")
    investment = models.ForeignKey(Investment, on_delete=models.CASCADE, related_name="outcomes")
    outcome_year = models.DecimalField(_("utfall i år (kr)"), default=0, **AMOUNT)
    outcome_since_start = models.DecimalField(
        _("utfall sedan start (kr)"), null=True, blank=True, **AMOUNT
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        verbose_name = _("investeringsutfall")
        verbose_name_plural = _("investeringsutfall")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "investment"], name="investmentoutcome_unique_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.investment.code}"


class ResultAdjustment(models.Model):
    """A one-off item (jämförelsestörande post) in a unit's booked result (§7.9).

    `amount` is the part of the booked result that is one-off, in the ledger's sign
    (income positive, cost negative): a pandemic cost of 5 mkr is −5 000 000. The
    corrected result is the booked result minus the adjustments, so that cost is added
    back. `month` is the first day of the month the item was booked in: a report for
    January … August counts the adjustments of those months. `source` says where the
    figure comes from (a decision, a voucher, a report). Written only through
    `services.result_adjustment_save/delete`.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="result_adjustments")
    code = models.SlugField(
        _("kod"), max_length=60, help_text=_("Identifierar posten vid ny inläsning.")
    )
    month = models.DateField(_("månad"), help_text=_("Månadens första dag."))
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    reason = models.CharField(_("orsak"), max_length=NAME_MAX_LENGTH)
    source = models.CharField(_("källa"), max_length=NAME_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["month", "unit__code", "code"]
        verbose_name = _("jämförelsestörande post")
        verbose_name_plural = _("jämförelsestörande poster")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="resultadjustment_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.code} {self.month:%Y-%m}"


class FinancialRecordKind(models.TextChoices):
    """Economic figures the ledger does not give, kept with their source (§7.6, §7.10)."""

    PENSION_PROVISION = "pension_provision", _("Avsättning för pensioner inkl. löneskatt")
    PENSION_COMMITMENT = (
        "pension_commitment",
        _("Ansvarsförbindelse för pensioner inkl. löneskatt"),
    )
    PENSION_COST = "pension_cost", _("Pensionskostnader inkl. löneskatt")
    LIQUID_ASSETS = "liquid_assets", _("Likvida medel")
    CREDIT_FACILITY = "credit_facility", _("Outnyttjad checkkredit")


class FinancialRecord(models.Model):
    """A figure of a unit's economy on a day, with where it comes from.

    Pension liability and the pension commitment outside the balance sheet
    (ansvarsförbindelsen) from the pension administrator's calculation, liquidity and
    credit facilities for the betalningsberedskap. `amount` is kronor, positive as the
    figure is named (a liability of 5 mkr is 5 000 000). Written only through
    `services.financial_record_set/delete`.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="financial_records")
    kind = models.CharField(_("slag"), max_length=30, choices=FinancialRecordKind.choices)
    day = models.DateField(_("per datum"))
    amount = models.DecimalField(_("belopp (kr)"), **AMOUNT)
    source = models.CharField(_("källa"), max_length=NAME_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["unit__code", "kind", "day"]
        verbose_name = _("ekonomisk uppgift")
        verbose_name_plural = _("ekonomiska uppgifter")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "day"], name="financialrecord_unique_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.kind} {self.day}"
