"""The internal-control plan (internkontrollplan): processes, risks, controls, follow-up.

Risks are judged as probability × consequence on a configurable `RiskScale`; bands of
the product (low, medium, high …) have a label, colour and symbol, never colour alone.
The plan is followed up a set number of times a year (normally twice), each control
with its result, comment and measures.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.org.models import Unit
from styra.plans.models import Plan


class RiskAxis(models.TextChoices):
    PROBABILITY = "probability", _("Sannolikhet")
    CONSEQUENCE = "consequence", _("Konsekvens")


class RiskScale(models.Model):
    code = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("riskskala")
        verbose_name_plural = _("riskskalor")

    def __str__(self) -> str:
        return self.name


class RiskScaleLevel(models.Model):
    """One step of an axis, e.g. probability 3 = "Möjlig"."""

    scale = models.ForeignKey(RiskScale, on_delete=models.CASCADE, related_name="levels")
    axis = models.CharField(_("axel"), max_length=12, choices=RiskAxis.choices)
    value = models.PositiveSmallIntegerField(_("värde"))
    label = models.CharField(_("benämning"), max_length=100)
    description = models.TextField(_("beskrivning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "axis", "value"]
        verbose_name = _("risknivå")
        verbose_name_plural = _("risknivåer")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "axis", "value"], name="riskscalelevel_unique_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class RiskBand(models.Model):
    """Risk values from `min_value` up belong to this band (until the next band)."""

    scale = models.ForeignKey(RiskScale, on_delete=models.CASCADE, related_name="bands")
    min_value = models.PositiveSmallIntegerField(_("från riskvärde"))
    label = models.CharField(_("benämning"), max_length=100)
    colour = models.CharField(_("färg"), max_length=7)
    symbol = models.CharField(_("symbol"), max_length=8)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "min_value"]
        verbose_name = _("riskområde")
        verbose_name_plural = _("riskområden")
        constraints = [
            models.UniqueConstraint(fields=["scale", "min_value"], name="riskband_unique_min"),
        ]

    def __str__(self) -> str:
        return self.label


class ControlPlanState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Fastställd")


class InternalControlPlan(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="internal_control")
    scale = models.ForeignKey(RiskScale, on_delete=models.PROTECT, related_name="+")
    case_number = models.CharField(_("ärendenummer"), max_length=60, blank=True)
    follow_ups_per_year = models.PositiveSmallIntegerField(_("uppföljningar per år"), default=2)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=ControlPlanState.choices, default=ControlPlanState.DRAFT
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internkontrollplan")
        verbose_name_plural = _("internkontrollplaner")

    def __str__(self) -> str:
        return f"{self.plan.code}"

    @property
    def is_adopted(self) -> bool:
        return self.state == ControlPlanState.ADOPTED


class ControlProcess(models.Model):
    control_plan = models.ForeignKey(
        InternalControlPlan, on_delete=models.CASCADE, related_name="processes"
    )
    code = models.SlugField(_("kod"), max_length=60)
    name = models.CharField(_("process"), max_length=200)
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["control_plan", "order", "code"]
        verbose_name = _("process")
        verbose_name_plural = _("processer")
        constraints = [
            models.UniqueConstraint(
                fields=["control_plan", "code"], name="controlprocess_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ControlRisk(models.Model):
    process = models.ForeignKey(ControlProcess, on_delete=models.CASCADE, related_name="risks")
    code = models.SlugField(_("kod"), max_length=60)
    description = models.CharField(_("risk"), max_length=400)
    probability = models.PositiveSmallIntegerField(_("sannolikhet"))
    consequence = models.PositiveSmallIntegerField(_("konsekvens"))
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["process", "order", "code"]
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="controlrisk_unique_code"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def value(self) -> int:
        return self.probability * self.consequence


class ControlFrequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Löpande")
    MONTHLY = "monthly", _("Månadsvis")
    TERTIAL = "tertial", _("Per tertial")
    SEMIANNUAL = "semiannual", _("Två gånger per år")
    YEARLY = "yearly", _("En gång per år")


class Control(models.Model):
    risk = models.ForeignKey(ControlRisk, on_delete=models.CASCADE, related_name="controls")
    code = models.SlugField(_("kod"), max_length=60)
    description = models.CharField(_("kontroll"), max_length=400)
    owner = models.CharField(_("ansvarig"), max_length=200)
    owner_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig enhet"),
    )
    method = models.CharField(_("metod"), max_length=400)
    frequency = models.CharField(_("frekvens"), max_length=12, choices=ControlFrequency.choices)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "order", "code"]
        verbose_name = _("kontroll")
        verbose_name_plural = _("kontroller")
        constraints = [
            models.UniqueConstraint(fields=["risk", "code"], name="control_unique_code"),
        ]

    def __str__(self) -> str:
        return self.description


class ControlResult(models.TextChoices):
    NO_DEVIATION = "no_deviation", _("Inga avvikelser")
    DEVIATION = "deviation", _("Avvikelser")
    NOT_DONE = "not_done", _("Kontrollen är inte genomförd")


class ControlFollowUp(models.Model):
    """The result of one control at one of the year's follow-ups (1 = first)."""

    control = models.ForeignKey(Control, on_delete=models.CASCADE, related_name="follow_ups")
    occasion = models.PositiveSmallIntegerField(_("uppföljning"))
    result = models.CharField(_("resultat"), max_length=14, choices=ControlResult.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    measures = models.TextField(_("åtgärder"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["control", "occasion"]
        verbose_name = _("uppföljning av kontroll")
        verbose_name_plural = _("uppföljningar av kontroller")
        constraints = [
            models.UniqueConstraint(
                fields=["control", "occasion"], name="controlfollowup_unique_occasion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control} {self.occasion}"
