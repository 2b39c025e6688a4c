"""The plan's texts, follow-up plan (uppföljningsplan) and meeting calendar, as data.

A calendar item that presents a report names the report's period (kind, year, month)
as data, so the plan's check can see that a year in the calendar does not fit the plan
year ("Delårsbokslut augusti 2021" in the 2022 calendar).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.plans.models import Plan


class PlanText(models.Model):
    """A text of the plan document: Inledning, Uppgifter, Planeringsförutsättningar …"""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="texts")
    key = models.SlugField(_("nyckel"), max_length=80)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "key"]
        verbose_name = _("plantext")
        verbose_name_plural = _("plantexter")
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="plantext_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} {self.title}"


class FollowUpArea(models.Model):
    """An area the board follows up during the year (with a written report)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_up_areas")
    title = models.CharField(_("område"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("uppföljningsområde")
        verbose_name_plural = _("uppföljningsområden")
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="followuparea_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """A meeting of the board in the plan year (one or two days)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("datum"))
    end_date = models.DateField(_("till och med"), null=True, blank=True)
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "date"]
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        constraints = [
            models.UniqueConstraint(fields=["plan", "date"], name="meeting_unique_date"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date")),
                name="meeting_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} {self.date}"


class MeetingItemKind(models.TextChoices):
    RECURRING = "recurring", _("Återkommande ärenden")
    FOLLOW_UP = "follow_up", _("Uppföljning och fördjupning")
    THEME = "theme", _("Tema fördjupning")


class ReportPeriodKind(models.TextChoices):
    """The period a calendar item's report covers (looking back from the meeting)."""

    MONTH = "month", _("Månadsrapport")
    TERTIAL = "tertial", _("Tertialrapport")
    INTERIM = "interim", _("Delårsrapport")
    ANNUAL = "annual", _("Årsbokslut")
    PLAN_YEAR = "plan_year", _("Plan eller budget för ett kommande år")


class MeetingItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("slag"), max_length=12, choices=MeetingItemKind.choices)
    title = models.CharField(_("ärende"), max_length=300)
    presenter = models.CharField(_("föredragande"), max_length=200, blank=True)
    period_kind = models.CharField(
        _("rapportens period"), max_length=12, choices=ReportPeriodKind.choices, blank=True
    )
    period_year = models.PositiveIntegerField(_("periodens år"), null=True, blank=True)
    period_month = models.PositiveSmallIntegerField(
        _("periodens sista månad"), null=True, blank=True
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("ärende i sammanträdesplanen")
        verbose_name_plural = _("ärenden i sammanträdesplanen")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_month__isnull=True)
                | Q(period_month__gte=1, period_month__lte=12),
                name="meetingitem_month_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title
