"""Statistics series, their dimensions and values (domain guide §4 "Breakdowns", §9).

- A `Series` is an indicator series: name, unit, decimals, direction, an optional
  target judged by `styra.plans.status.compute_status`, named dimensions, and which of
  them add up (`sum_over`: the parts of an additive dimension sum to its total, so the
  total is computed, never stored twice).
- A `StatValue` is one figure of a series for a unit of the organisation or for a
  comparison `Area` (riket, another region), for one cell (a combination of dimension
  members; the empty cell is the total) and for its own measurement period (a month,
  year-to-date, rolling 12 months, a point in time, a year). A value may be missing
  with a reason.
- Values arrive in bulk (files, Kolada), so their audit trail is the `StatImport`
  that brought them, with who, when, which file and what it replaced; the definitions
  keep a full history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.followup.models import MissingReason
from styra.org.models import Unit
from styra.plans.models import Direction, PlanItem


class PeriodKind(models.TextChoices):
    """What a value's measurement period is (domain guide §4: not the report's period)."""

    MONTH = "month", _("Månad")
    YTD = "ytd", _("Hittills i år")
    ROLLING12 = "r12", _("Rullande 12 månader")
    POINT = "point", _("Tidpunkt")
    YEAR = "year", _("Helår")


class SeriesSource(models.TextChoices):
    FILE = "file", _("Filimport")
    KOLADA = "kolada", _("Kolada")
    API = "api", _("API")
    MANUAL = "manual", _("Manuell")


class AreaKind(models.TextChoices):
    NATION = "nation", _("Riket")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Kommun")
    OTHER = "other", _("Annat")


class Dimension(models.Model):
    """A breakdown: kön, sjukfrånvarointervall, yrkesgrupp, kontakttyp, vårdform …"""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    total_label = models.CharField(_("benämning på summan"), max_length=60, default="Totalt")
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensioner")

    def __str__(self) -> str:
        return self.name


class DimensionMember(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="members")
    code = models.CharField(_("kod"), max_length=40)
    label = models.CharField(_("benämning"), max_length=100)
    # Other spellings a file may use ("kvinnor", "kvinna", "K").
    aliases = models.JSONField(_("andra stavningar"), default=list, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "order", "code"]
        verbose_name = _("dimensionsvärde")
        verbose_name_plural = _("dimensionsvärden")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="dimensionmember_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Area(models.Model):
    """Something outside the organisation a series is compared with: riket, a region."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    kind = models.CharField(_("typ"), max_length=15, choices=AreaKind.choices)
    kolada_id = models.CharField(_("Kolada-id"), max_length=10, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("jämförelseområde")
        verbose_name_plural = _("jämförelseområden")

    def __str__(self) -> str:
        return self.name


class UnitKolada(models.Model):
    """A unit of the organisation as Kolada knows it (a region "0023", a municipality)."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="kolada")
    kolada_id = models.CharField(_("Kolada-id"), max_length=10)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhet i Kolada")
        verbose_name_plural = _("enheter i Kolada")

    def __str__(self) -> str:
        return f"{self.unit.code} = {self.kolada_id}"


class Series(models.Model):
    code = models.SlugField(_("kod"), max_length=60, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("enhet"), max_length=40, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=1)
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    # Dimension codes, in the order tables and files name them.
    dimensions = models.JSONField(_("dimensioner"), default=list, blank=True)
    # Dimensions whose members add up to their total (counts, hours, kronor; the
    # intervals of sick leave, which share one denominator): the total is computed.
    sum_over = models.JSONField(_("summeras över"), default=list, blank=True)
    sum_over_units = models.BooleanField(
        _("summeras över enheter"),
        default=False,
        help_text=_("En enhets värde är summan av enheterna under den (antal, timmar, kronor)."),
    )
    sum_over_time = models.BooleanField(
        _("summeras över tid"),
        default=False,
        help_text=_("Månaderna summeras till hittills i år, rullande 12 och helår."),
    )
    # A series computed from two others, never stored: {"numerator": "varddagar",
    # "denominator": "vardtillfallen", "factor": 1} (medelvårdtid = vårddagar / vårdtillfällen).
    ratio_of = models.JSONField(_("kvot av"), default=dict, blank=True)
    period_kind = models.CharField(
        _("mätperiod"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    source = models.CharField(
        _("källa"), max_length=10, choices=SeriesSource.choices, default=SeriesSource.FILE
    )
    kolada_kpi = models.CharField(_("Kolada-nyckeltal"), max_length=20, blank=True)
    note = models.CharField(
        _("not"), max_length=300, blank=True, help_text=_("Skrivs under tabeller och diagram.")
    )
    # A target as `styra.plans.status.TargetRule` fields: kind, value, direction,
    # comparison (an area code for "i nivå med riket"), tolerance_kind, tolerance_value.
    target = models.JSONField(_("mål"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("statistikserie")
        verbose_name_plural = _("statistikserier")
        constraints = [
            models.CheckConstraint(condition=Q(decimals__lte=6), name="series_decimals_max"),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorLink(models.Model):
    """A plan indicator whose outcome is read from a series (and judged the same way)."""

    item = models.OneToOneField(PlanItem, on_delete=models.CASCADE, related_name="series_link")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="indicator_links")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vems värden; tomt = enheten som rapporterar nyckeltalet."),
    )
    members = models.JSONField(_("urval"), default=dict, blank=True)
    period_kind = models.CharField(_("mätperiod"), max_length=10, choices=PeriodKind.choices)
    lag_months = models.PositiveSmallIntegerField(_("eftersläpning i månader"), default=0)
    comparison = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jämförelseområde"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("koppling till nyckeltal")
        verbose_name_plural = _("kopplingar till nyckeltal")

    def __str__(self) -> str:
        return f"{self.item_id} ← {self.series.code}"


class StatCell(models.Model):
    """A combination of dimension members, as one canonical key ("intervall=1-14;kon=K").

    The empty key is the total. Values refer to a cell by id, so the large value table
    stays narrow and its indexes small.
    """

    key = models.CharField(max_length=300, unique=True, blank=True)

    class Meta:
        verbose_name = _("cell")
        verbose_name_plural = _("celler")

    def __str__(self) -> str:
        return self.key or "totalt"


class StatImport(models.Model):
    """One import of statistics values: the audit trail of the values it wrote."""

    source = models.CharField(_("källa"), max_length=10, choices=SeriesSource.choices)
    file_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("filens kontrollsumma"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    series = models.JSONField(_("serier"), default=list)
    value_count = models.PositiveIntegerField(_("antal värden"), default=0)
    added_count = models.PositiveIntegerField(_("nya"), default=0)
    changed_count = models.PositiveIntegerField(_("ändrade"), default=0)
    removed_count = models.PositiveIntegerField(_("borttagna"), default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("statistikimport")
        verbose_name_plural = _("statistikimporter")

    def __str__(self) -> str:
        return f"{self.file_name or self.source} ({self.value_count})"


class StatValue(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cell = models.ForeignKey(StatCell, on_delete=models.PROTECT, related_name="+")
    period_kind = models.CharField(_("mätperiod"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("mätperiod från"))
    period_end = models.DateField(_("mätperiod till"))
    value = models.DecimalField(_("värde"), max_digits=18, decimal_places=6, null=True, blank=True)
    missing_reason = models.CharField(
        _("orsak till saknat värde"), max_length=20, choices=MissingReason.choices, blank=True
    )
    stat_import = models.ForeignKey(
        StatImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statistikvärde")
        verbose_name_plural = _("statistikvärden")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(area__isnull=True))
                | (Q(unit__isnull=True) & Q(area__isnull=False)),
                name="statvalue_one_subject",
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(missing_reason=""))
                | (Q(value__isnull=True) & ~Q(missing_reason="")),
                name="statvalue_value_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="statvalue_period_order",
            ),
            models.UniqueConstraint(
                fields=["series", "unit", "period_kind", "period_end", "cell"],
                condition=Q(unit__isnull=False),
                name="statvalue_unique_unit_cell",
            ),
            models.UniqueConstraint(
                fields=["series", "area", "period_kind", "period_end", "cell"],
                condition=Q(area__isnull=False),
                name="statvalue_unique_area_cell",
            ),
        ]
        indexes = [
            models.Index(
                fields=["series", "period_kind", "period_end"], name="statvalue_series_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.period_kind} {self.period_end}"
