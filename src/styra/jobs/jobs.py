"""Job kinds of the jobs app itself: housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from styra.access.tokens import api_token_uses_prune

from .models import FINISHED, Job
from .progress import Progress
from .registry import job_kind


@job_kind("jobs_prune")
def jobs_prune(job: Job, progress: Progress) -> dict:
    """Forget finished jobs older than STYRA_JOB_KEEP_DAYS (90) and their task rows, and
    the API tokens' recorded uses older than STYRA_API_USE_KEEP_DAYS (180)."""
    now = timezone.now()
    uses = api_token_uses_prune(before=now - timedelta(days=settings.STYRA_API_USE_KEEP_DAYS))
    cutoff = now - timedelta(days=settings.STYRA_JOB_KEEP_DAYS)
    old = Job.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
    task_ids = [t for t in old.values_list("task_result_id", flat=True) if t]
    jobs, _ = old.delete()
    DBTaskResult.objects.filter(id__in=task_ids).delete()
    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return {"deleted_jobs": jobs, "deleted_api_uses": uses}
