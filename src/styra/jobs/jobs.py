"""Job kinds of the jobs app itself: housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from styra.access.tokens import api_token_uses_prune

from .files import delete_stored
from .models import FINISHED, Job
from .progress import Progress
from .registry import job_kind


@job_kind("jobs_prune")
def jobs_prune(job: Job, progress: Progress) -> dict:
    """Forget finished jobs older than STYRA_JOB_KEEP_DAYS (90), their task rows and the
    files in storage only they name (the uploaded file, the outputs), and the API
    tokens' recorded uses older than STYRA_API_USE_KEEP_DAYS (180)."""
    now = timezone.now()
    uses = api_token_uses_prune(before=now - timedelta(days=settings.STYRA_API_USE_KEEP_DAYS))
    cutoff = now - timedelta(days=settings.STYRA_JOB_KEEP_DAYS)
    old = Job.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
    task_ids = [t for t in old.values_list("task_result_id", flat=True) if t]
    old_ids = list(old.values_list("pk", flat=True))
    files = _stored_files(Job.objects.filter(pk__in=old_ids))
    # An upload checked by one job and imported by a later one is named by both.
    files -= _stored_files(Job.objects.exclude(pk__in=old_ids))
    jobs, _ = Job.objects.filter(pk__in=old_ids).delete()
    DBTaskResult.objects.filter(id__in=task_ids).delete()
    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    delete_stored(sorted(files))
    return {"deleted_jobs": jobs, "deleted_api_uses": uses, "deleted_files": len(files)}


def _stored_files(jobs) -> set[str]:
    """The storage names `jobs` hold: each one's uploaded file and output files."""
    names: set[str] = set()
    for params, result in jobs.values_list("params", "result"):
        if isinstance(params, dict) and isinstance(params.get("file"), str):
            names.add(params["file"])
        for entry in (result or {}).get("files", []) if isinstance(result, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                names.add(entry["name"])
    return names
