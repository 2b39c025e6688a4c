"""Investment objects and their life cycle across years (domain guide §7.8).

One `InvestmentObject` keeps its identity from the first request to the follow-up:
requests (in an inspel, with amounts per year of the plan period) are granted or not;
a request not granted can come back the next year, possibly from another unit; a plan's
investment plan decides at object level; the decided objects become investments of the
year in the follow-up's registers (`styra.economy.registers.Investment`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.economy.registers.models import Investment, InvestmentKind
from styra.followup.models import Round
from styra.org.models import Unit
from styra.plans.models import Plan


class InvestmentObject(models.Model):
    """What is invested in: a truck, a scanner, the IT infrastructure."""

    code = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("investeringsobjekt"), max_length=400)
    kind = models.CharField(
        _("ny- eller reinvestering"), max_length=12, choices=InvestmentKind.choices, blank=True
    )
    description = models.TextField(_("beskrivning"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("investeringsobjekt")
        verbose_name_plural = _("investeringsobjekt")

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Äskad")
    GRANTED = "granted", _("Beviljad")
    NOT_GRANTED = "not_granted", _("Ej beviljad")


class InvestmentRequest(models.Model):
    """A unit's request for an object for a plan period, with amounts per year.

    `round` is the inspel round it was made in; a request from before Styra has none
    and names its `source` instead. `previous` is the request it renews.
    """

    object = models.ForeignKey(InvestmentObject, on_delete=models.PROTECT, related_name="requests")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet")
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspel"),
    )
    source = models.CharField(_("källa"), max_length=200, blank=True)
    title = models.CharField(
        _("benämning i äskandet"),
        max_length=400,
        blank=True,
        help_text=_("Som enheten skrev den; tomt = objektets namn."),
    )
    first_year = models.PositiveIntegerField(_("planperiod från"))
    last_year = models.PositiveIntegerField(_("planperiod till"))
    running_cost_effect = models.TextField(_("påverkan på driftkostnaden"), blank=True)
    follow_on_risk = models.BooleanField(
        _("risk för övervältringskostnader"), null=True, blank=True
    )
    follow_on_risk_text = models.TextField(_("om risken"), blank=True)
    consequence = models.TextField(_("konsekvens om investeringen inte görs"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    decision_text = models.CharField(_("beslut"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("tidigare äskande"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_year", "order", "pk"]
        verbose_name = _("investeringsäskande")
        verbose_name_plural = _("investeringsäskanden")
        constraints = [
            models.UniqueConstraint(
                fields=["object", "first_year"], name="investmentrequest_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="investmentrequest_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object} ({self.first_year}–{self.last_year})"


class InvestmentRequestAmount(models.Model):
    """The amount requested for one year of the plan period (kr)."""

    request = models.ForeignKey(InvestmentRequest, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "year"]
        verbose_name = _("äskat belopp")
        verbose_name_plural = _("äskade belopp")
        constraints = [
            models.UniqueConstraint(fields=["request", "year"], name="requestamount_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.year}"


class InvestmentPlanState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    DECIDED = "decided", _("Beslutad")


class InvestmentPlan(models.Model):
    """A plan's investment plan: the objects decided for the year, with the decision."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="investment_plan")
    year = models.PositiveIntegerField(_("budgetår"))
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    decision = models.CharField(_("beslut"), max_length=300, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=InvestmentPlanState.choices,
        default=InvestmentPlanState.DRAFT,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investeringsplan")
        verbose_name_plural = _("investeringsplaner")

    def __str__(self) -> str:
        return f"{self.plan.code} {self.year}"

    @property
    def is_decided(self) -> bool:
        return self.state == InvestmentPlanState.DECIDED


class InvestmentDecision(models.Model):
    """An object decided in an investment plan; followed up as an investment of the year."""

    investment_plan = models.ForeignKey(
        InvestmentPlan, on_delete=models.CASCADE, related_name="decisions"
    )
    object = models.ForeignKey(InvestmentObject, on_delete=models.PROTECT, related_name="decisions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    area_label = models.CharField(_("område/avdelning/enhet"), max_length=200, blank=True)
    title = models.CharField(
        _("benämning i planen"),
        max_length=400,
        blank=True,
        help_text=_("Som planen skriver den; tomt = objektets namn."),
    )
    kind = models.CharField(
        _("ny- eller reinvestering"), max_length=12, choices=InvestmentKind.choices, blank=True
    )
    amount = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2)
    request = models.ForeignKey(
        InvestmentRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("äskande"),
    )
    register_investment = models.OneToOneField(
        Investment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_decision",
        verbose_name=_("uppföljs som"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["investment_plan", "order", "pk"]
        verbose_name = _("beslutad investering")
        verbose_name_plural = _("beslutade investeringar")
        constraints = [
            models.UniqueConstraint(
                fields=["investment_plan", "object"], name="investmentdecision_unique_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investment_plan} {self.object}"
