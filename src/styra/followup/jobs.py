"""Job kinds of the follow-up workflow: the season's reminders (scheduled daily)."""

from __future__ import annotations

from django.utils import timezone

from styra.jobs.models import Job
from styra.jobs.progress import Progress
from styra.jobs.registry import job_kind

from .services.reminders import reminders_send


@job_kind("season_reminders")
def season_reminders(job: Job, progress: Progress) -> dict:
    """Remind reporters before and after the reporting deadline; each reminder once."""
    run = reminders_send(today=timezone.localdate(), user=job.requested_by)
    return {"people": run.people, "reminders": run.reminders}
