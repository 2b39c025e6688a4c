"""Rounds (uppföljningstillfällen), assessments and the state of each unit's report.

Every reported value, status and text keeps its history (django-simple-history) so
that who changed what, when, and from what is always visible (domain guide §6).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from styra.org.models import Unit
from styra.plans.models import Plan, PlanItem, StatusLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class RoundKind(models.TextChoices):
    MONTH = "month", _("Månadsrapport")
    TERTIAL = "tertial", _("Tertialrapport")
    INTERIM = "interim", _("Delårsrapport")
    ANNUAL = "annual", _("Årsredovisning")
    INSPEL = "inspel", _("Inspel")


class RoundState(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd för rapportering")
    LOCKED = "locked", _("Fastställd")


class Round(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="rounds")
    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=RoundKind.choices)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    reporting_deadline = models.DateField(_("sista dag för rapportering"), null=True, blank=True)
    review_deadline = models.DateField(_("sista dag för granskning"), null=True, blank=True)
    publication_date = models.DateField(_("publiceringsdatum"), null=True, blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=RoundState.choices, default=RoundState.PLANNED
    )
    # Why the round was locked although unit reports were not approved or the report
    # check still found errors (empty when nothing was open), and the errors as they
    # stood (one line each); both kept in the round's history.
    lock_reason = models.TextField(_("skäl att fastställa trots fel"), blank=True)
    lock_findings = models.JSONField(_("fel vid fastställandet"), default=list, blank=True)
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["plan", "period_end"]
        verbose_name = _("uppföljningstillfälle")
        verbose_name_plural = _("uppföljningstillfällen")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="round_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.state == RoundState.LOCKED


class Assessment(models.Model):
    """What a unit reported for one item in one round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="assessments")
    status = models.ForeignKey(
        StatusLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status"),
    )
    status_suggested = models.ForeignKey(
        StatusLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föreslagen status"),
    )
    status_overridden = models.BooleanField(_("status ändrad manuellt"), default=False)
    completed = models.BooleanField(_("genomförd"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    # Optimistic locking: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="assessment_unique_item"),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.item}"

    def total_value(self) -> "AssessmentValue | None":
        """The value without a breakdown (empty dimension); reads prefetched values."""
        return next((v for v in self.values.all() if not v.dimension), None)


class MissingReason(models.TextChoices):
    NO_DATA = "no_data", _("Saknas data")
    NOT_PUBLISHED = "not_published", _("Ej publicerad")
    YEAR_END = "year_end", _("Följs upp på helår")
    OTHER = "other", _("Annat skäl")


class AssessmentValue(models.Model):
    """One value of an assessment: the total, or one breakdown cell (sex, sub-unit …).

    The measurement period is the value's own, not the round's (data often lags).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="values")
    dimension = models.CharField(_("uppdelning"), max_length=30, blank=True)  # "" = total
    member = models.CharField(_("del"), max_length=100, blank=True)  # "kvinnor", "Birka"
    value = models.DecimalField(_("värde"), max_digits=18, decimal_places=6, null=True, blank=True)
    missing_reason = models.CharField(
        _("orsak till saknat värde"), max_length=20, choices=MissingReason.choices, blank=True
    )
    period_label = models.CharField(_("mätperiod"), max_length=60, blank=True)
    period_start = models.DateField(_("mätperiod från"), null=True, blank=True)
    period_end = models.DateField(_("mätperiod till"), null=True, blank=True)
    comparison_value = models.DecimalField(
        _("jämförelsevärde"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["assessment", "order"]
        verbose_name = _("värde")
        verbose_name_plural = _("värden")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension", "member"], name="assessmentvalue_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        cell = " ".join(part for part in (self.dimension, self.member) if part)
        return f"{self.assessment} {cell}".strip()


class SectionText(models.Model):
    """A text of a unit in a round: Sammanfattning, Händelser av väsentlig betydelse …"""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="section_texts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="section_texts")
    key = models.SlugField(_("nyckel"), max_length=80)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        ordering = ["round", "unit", "key"]
        verbose_name = _("avsnittstext")
        verbose_name_plural = _("avsnittstexter")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "key"], name="sectiontext_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.unit.code} {self.title}"


class ReportState(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej påbörjad")
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    RETURNED = "returned", _("Återremitterad")
    APPROVED = "approved", _("Godkänd")
    LOCKED = "locked", _("Fastställd")


class UnitReport(models.Model):
    """The state of one unit's report in one round (domain guide §6)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="unit_reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="unit_reports")
    state = models.CharField(
        _("status"), max_length=12, choices=ReportState.choices, default=ReportState.NOT_STARTED
    )
    returned_reason = models.TextField(_("skäl till återremiss"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    _history_user: "User | None"  # who the next history row names; set by the services

    class Meta:
        verbose_name = _("enhetsrapport")
        verbose_name_plural = _("enhetsrapporter")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="unitreport_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.unit.code}"


class Notification(models.Model):
    """An in-app message to one user about a report (submitted, returned, approved)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("länk"), max_length=300, blank=True)
    created = models.DateTimeField(_("skapad"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notis")
        verbose_name_plural = _("notiser")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Påminnelse före sista dag")
    LATE = "late", _("Påminnelse efter sista dag")
    LATE_UNITS = "late_units", _("Sena enheter, till controller")


class ReminderSent(models.Model):
    """One reminder about one unit's report in one round, sent to one person: never twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("typ"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "round", "unit", "kind"], name="remindersent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.code} {self.unit.code} {self.kind} → {self.user}"


class ItemReturnNote(models.Model):
    """A reviewer's comment on one item when returning a unit's report (issue 13).

    Open until the unit submits again; then `resolved_at` is set and the note stays as a
    record of the review. Written only by `unit_report_return` and `unit_report_submit`.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="return_notes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="return_notes")
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="return_notes")
    text = models.TextField(_("kommentar vid återremiss"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("åtgärdad"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kommentar vid återremiss")
        verbose_name_plural = _("kommentarer vid återremiss")
        indexes = [models.Index(fields=["round", "unit", "resolved_at"], name="returnnote_open")]

    def __str__(self) -> str:
        return f"{self.round.code} {self.unit.code} {self.item.code}"
