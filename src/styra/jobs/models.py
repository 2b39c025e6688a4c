"""A background job as people see it: what, for whom, how far, and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Väntar")
    RUNNING = "running", _("Pågår")
    SUCCEEDED = "succeeded", _("Klart")
    FAILED = "failed", _("Misslyckades")


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})


class Job(models.Model):
    kind = models.CharField(_("typ"), max_length=64)
    label = models.CharField(_("beskrivning"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    params = models.JSONField(_("parametrar"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("beställt av"),
    )
    # "<schedule>@<slot>": unique, so a scheduled run is created once however many
    # workers look at the clock at the same moment.
    schedule_key = models.CharField(max_length=120, null=True, blank=True, unique=True)

    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    started_at = models.DateTimeField(_("startat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klart"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker_id = models.CharField(max_length=120, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)

    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_message = models.CharField(max_length=300, blank=True)

    result = models.JSONField(_("resultat"), default=dict, blank=True)
    error = models.TextField(_("orsak"), blank=True)

    class Meta:
        verbose_name = _("bakgrundsjobb")
        verbose_name_plural = _("bakgrundsjobb")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=JobStatus.values), name="job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))
