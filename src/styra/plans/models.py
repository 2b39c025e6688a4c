"""The configurable plan model: plans, their levels, items, indicators, targets and scales.

The goal hierarchy differs between organisations and years, so level names and which
item kinds may hang where are data on the plan (domain guide §3).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.org.models import Unit


class ItemKind(models.TextChoices):
    AREA = "area", _("Område")  # grouping level: strategi, perspektiv, målområde
    GOAL = "goal", _("Mål")
    INDICATOR = "indicator", _("Nyckeltal")
    ASSIGNMENT = "assignment", _("Uppdrag")
    ACTIVITY = "activity", _("Aktivitet")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Månadsvis")
    TERTIAL = "tertial", _("Per tertial")
    INTERIM = "interim", _("Delår och helår")
    YEARLY = "yearly", _("Helår")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    CLOSER = "closer", _("Närmare målet är bättre")


class StatusMeaning(models.TextChoices):
    """What a status level means to the summaries and to automatic status."""

    FULFILLED = "fulfilled", _("Uppfyllt")
    PARTLY = "partly", _("Delvis uppfyllt")
    NOT_FULFILLED = "not_fulfilled", _("Ej uppfyllt")
    NOT_REPORTED = "not_reported", _("Ej rapporterat")
    YEAR_END = "year_end", _("Följs upp på helår")
    NOT_JUDGED = "not_judged", _("Kan inte bedömas")


class StatusScale(models.Model):
    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusskala")
        verbose_name_plural = _("statusskalor")

    def __str__(self) -> str:
        return self.name


class StatusLevel(models.Model):
    """A level of a scale; colour is never shown alone, so symbol and label are required."""

    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(_("kod"), max_length=40)
    label = models.CharField(_("benämning"), max_length=100)
    colour = models.CharField(_("färg"), max_length=7, help_text=_("Hex, t.ex. #2e7d32"))
    symbol = models.CharField(_("symbol"), max_length=8)
    definition = models.TextField(_("definition"), blank=True)
    meaning = models.CharField(_("innebörd"), max_length=20, choices=StatusMeaning.choices)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "order"]
        verbose_name = _("statusnivå")
        verbose_name_plural = _("statusnivåer")
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="statuslevel_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class ToleranceKind(models.TextChoices):
    NONE = "none", _("Inget toleransintervall")
    RELATIVE = "relative", _("Procent av målvärdet")
    ABSOLUTE = "absolute", _("Absolut avstånd")


class Plan(models.Model):
    code = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("enhet"))
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_plans",
        verbose_name=_("överordnad plan"),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    # The default band for "partly fulfilled"; a target may set its own.
    tolerance_kind = models.CharField(
        _("toleranstyp"), max_length=10, choices=ToleranceKind.choices, default=ToleranceKind.NONE
    )
    tolerance_value = models.DecimalField(
        _("tolerans"), max_digits=12, decimal_places=4, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StatusRule(models.TextChoices):
    """How an item on a level gets a status of its own when nobody reports one:
    derived from the statuses of its children (domain guide §5)."""

    NONE = "none", _("Ingen härledd status")
    WORST = "worst", _("Sämsta status bland underliggande poster")
    MAJORITY = "majority", _("Vanligaste status bland underliggande poster")
    SHARE = "share", _("Andel uppfyllda underliggande poster")


class PlanLevel(models.Model):
    """A named level of a plan's hierarchy and the item kinds allowed on it.

    A level may use a status scale of its own (success factors on one scale, action
    plans on another), and its items may derive a status from their children.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(_("kod"), max_length=40)
    name = models.CharField(_("namn"), max_length=100)
    name_plural = models.CharField(_("namn i plural"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="child_levels"
    )
    kinds = models.JSONField(_("tillåtna typer"), default=list)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    scale = models.ForeignKey(
        StatusScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("statusskala"),
        help_text=_("Nivåns egen skala; annars planens skala för posttypen."),
    )
    status_rule = models.CharField(
        _("härledd status"), max_length=10, choices=StatusRule.choices, default=StatusRule.NONE
    )
    # For the share rule: at least this many percent of the judged children fulfilled →
    # fulfilled; at least `status_partly` percent fulfilled or partly → partly.
    status_fulfilled = models.DecimalField(
        _("andel för uppfyllt"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    status_partly = models.DecimalField(
        _("andel för delvis uppfyllt"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("plannivå")
        verbose_name_plural = _("plannivåer")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="planlevel_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanScale(models.Model):
    """Which status scale a plan uses for an item kind."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scales")
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    scale = models.ForeignKey(StatusScale, on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="planscale_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.scale_id}"


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.ForeignKey(PlanLevel, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("typ"), max_length=20, choices=ItemKind.choices)
    code = models.CharField(_("kod"), max_length=40)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=400)
    subtitle = models.CharField(
        _("övergripande mål"),
        max_length=400,
        blank=True,
        help_text=_("Till exempel målområdets övergripande mål."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_items",
        verbose_name=_("ägare"),
    )
    co_owners = models.ManyToManyField(
        Unit, blank=True, related_name="co_owned_items", verbose_name=_("medägare")
    )
    frequency = models.CharField(
        _("uppföljning"), max_length=10, choices=Frequency.choices, default=Frequency.TERTIAL
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    inherited_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inherited_by",
        verbose_name=_("ärvd från"),
    )

    # The co-owners are part of the item's history: who reports it changes with them.
    history = HistoricalRecords(m2m_fields=[co_owners])

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("planpost")
        verbose_name_plural = _("planposter")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="planitem_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.code} {self.title}"


class Indicator(models.Model):
    """Measurement details of an indicator item."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manuell")
        FILE = "file", _("Filimport")
        LEDGER = "ledger", _("Huvudbok")
        KOLADA = "kolada", _("Kolada")

    item = models.OneToOneField(PlanItem, on_delete=models.CASCADE, related_name="indicator")
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(
        _("källa"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    scope = models.CharField(_("avgränsning"), max_length=100, blank=True)
    baseline_value = models.DecimalField(
        _("startvärde"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    baseline_year = models.PositiveIntegerField(_("startår"), null=True, blank=True)
    baseline_label = models.CharField(_("startvärdets period"), max_length=40, blank=True)
    # Breakdowns this indicator reports, e.g. ["sex"] or ["subunit"].
    breakdowns = models.JSONField(_("uppdelningar"), default=list, blank=True)
    # Labels of sub-unit breakdown rows, in print order.
    breakdown_labels = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")

    def __str__(self) -> str:
        return f"{self.item_id} ({self.unit})"


class TargetKind(models.TextChoices):
    THRESHOLD = "threshold", _("Gränsvärde")
    RELATIVE_BASELINE = "relative_baseline", _("Förändring mot basår")
    RELATIVE_COMPARISON = "relative_comparison", _("Jämfört med jämförelseserie")
    COMPLETION = "completion", _("Genomförd")
    COUNT = "count", _("Antal")
    NOT_SET = "not_set", _("Målvärde ej fastställt")


class Target(models.Model):
    """A target of an item, possibly one per organisational level (scope)."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("måltyp"), max_length=20, choices=TargetKind.choices)
    value = models.DecimalField(
        _("målvärde"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    strict = models.BooleanField(
        _("strikt"), default=False, help_text=_("”Mindre än” i stället för ”högst”.")
    )
    baseline_year = models.PositiveIntegerField(_("basår"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("basårets värde"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    comparison = models.CharField(_("jämförelseserie"), max_length=60, blank=True)
    scope = models.CharField(_("nivå"), max_length=60, blank=True)
    year = models.PositiveIntegerField(_("år"), null=True, blank=True)
    text = models.CharField(_("målvärde som text"), max_length=200, blank=True)
    unit = models.CharField(_("enhet"), max_length=60, blank=True)
    tolerance_kind = models.CharField(
        _("toleranstyp"), max_length=10, choices=ToleranceKind.choices, blank=True
    )
    tolerance_value = models.DecimalField(
        _("tolerans"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "order"]
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")

    def __str__(self) -> str:
        return self.text or f"{self.kind} {self.value}"
