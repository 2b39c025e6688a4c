"""The organisation tree, versioned by validity dates.

A unit keeps its stable code for life; its name, parent and type live in
`UnitVersion` rows with validity dates, so that the tree as of any date can be
rebuilt and last year can be compared in today's structure. Every row keeps its
history (who changed it, when, from what); the writes are in `styra.orgadmin.services`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UnitType(models.Model):
    """A level of the tree as the organisation names it (Region, Nämnd, Förvaltning …)."""

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("enhetstyp")
        verbose_name_plural = _("enhetstyper")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An organisational unit, identified by a stable code users know (RS, RS-DIG)."""

    code = models.CharField(_("kod"), max_length=40, unique=True)
    budget_only = models.BooleanField(
        _("endast budget"),
        default=False,
        help_text=_("Till exempel förtroendemannabudget eller finansförvaltning."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self) -> str:
        version = self.versions.order_by("-valid_from").first()
        return f"{self.code} {version.name}" if version else self.code


class UnitVersion(models.Model):
    """What a unit is called, where it sits and what type it has, over a date range."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True)
    parent = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_versions",
        verbose_name=_("överordnad enhet"),
    )
    unit_type = models.ForeignKey(UnitType, on_delete=models.PROTECT, verbose_name=_("typ"))
    order = models.PositiveIntegerField(_("ordning"), default=0)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till och med"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__code", "valid_from"]
        verbose_name = _("enhetsversion")
        verbose_name_plural = _("enhetsversioner")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unitversion_valid_range",
            ),
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unitversion_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.name} ({self.valid_from}–{self.valid_to or ''})"


class CostCentre(models.Model):
    """A cost centre (kostnadsställe); in SIE an object of dimension 1."""

    code = models.CharField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kostnadsställe")
        verbose_name_plural = _("kostnadsställen")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CostCentreMapping(models.Model):
    """Which unit a cost centre belongs to over a date range; it moves with reorganisations."""

    cost_centre = models.ForeignKey(CostCentre, on_delete=models.CASCADE, related_name="mappings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cost_centre_mappings")
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till och med"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cost_centre__code", "valid_from"]
        verbose_name = _("koppling kostnadsställe–enhet")
        verbose_name_plural = _("kopplingar kostnadsställe–enhet")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="ccmapping_valid_range",
            ),
            models.UniqueConstraint(
                fields=["cost_centre", "valid_from"], name="ccmapping_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.cost_centre.code} → {self.unit.code} ({self.valid_from}–{self.valid_to or ''})"
        )
