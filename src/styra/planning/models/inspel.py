"""Inspel (planning input): a round of its own kind in the follow-up's workflow.

The round itself is a `followup.Round` of kind `inspel`, so each unit's input goes
through the same report states (draft → submitted → returned/approved → locked) and
services as a follow-up report. `InspelRound` adds what planning needs: the plan
period asked about, the year whose result is drawn from data, and the round whose
forecasts are shown. Needs and special initiatives are items with amounts per year.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.followup.models import Round
from styra.org.models import Unit


class InspelRound(models.Model):
    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="inspel")
    first_year = models.PositiveIntegerField(_("planperiod från"))
    last_year = models.PositiveIntegerField(_("planperiod till"))
    result_year = models.PositiveIntegerField(_("år för resultat och måluppfyllelse"))
    result_round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("helårsuppföljning att hämta måluppfyllelse från"),
    )
    forecast_round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppföljning att hämta årets prognos från"),
    )
    template = models.CharField(_("rapportmall"), max_length=60, default="inspel-rs")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspel")
        verbose_name_plural = _("inspel")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="inspelround_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.first_year}–{self.last_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class InspelNeed(models.Model):
    """A need or special initiative a unit states in an inspel (behov och satsningar)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("kod"), max_length=60)
    title = models.CharField(_("behov eller satsning"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "unit__code", "order", "pk"]
        verbose_name = _("behov eller satsning")
        verbose_name_plural = _("behov och satsningar")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "code"], name="inspelneed_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InspelNeedAmount(models.Model):
    need = models.ForeignKey(InspelNeed, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveIntegerField(_("år"))
    amount = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["need", "year"]
        verbose_name = _("belopp för behov")
        verbose_name_plural = _("belopp för behov")
        constraints = [
            models.UniqueConstraint(fields=["need", "year"], name="inspelneedamount_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.need} {self.year}"
