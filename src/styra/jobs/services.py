"""Job transitions: enqueue, claim, finish, fail, retry, recover; scheduled runs.

Every status change is one of these functions, inside a transaction with the job row
locked, so two workers never both run a job and a job never goes from `failed` back to
`running` by accident.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus

log = logging.getLogger("styra.jobs")


def retry_delay() -> int:
    """Seconds before a failed attempt (database away, worker gone) is tried again."""
    return settings.STYRA_JOB_RETRY_DELAY


def worker_identity() -> str:
    """host:pid: lets a worker on the same machine see whether a job's worker still lives."""
    return f"{socket.gethostname()}:{os.getpid()}"


def stale_after() -> timedelta:
    return timedelta(seconds=settings.STYRA_JOB_STALE_SECONDS)


def _send(job: Job, *, delay: int = 0) -> None:
    """Hand the job to the task backend once the current transaction has committed."""
    from .tasks import job_execute

    def send() -> None:
        task = job_execute
        if delay:
            task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(send)


def job_enqueue(
    *,
    kind: str,
    label: str,
    params: dict[str, Any],
    user: Any | None,
    max_attempts: int = 3,
    schedule_key: str | None = None,
) -> Job:
    """A new job of `kind`, queued for the worker. The caller has checked permission."""
    from .registry import job_function

    job_function(kind)  # an unknown kind fails here, in the request, not in the worker
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            label=label[:300],
            params=params,
            requested_by=user if user is not None and user.is_authenticated else None,
            max_attempts=max_attempts,
            schedule_key=schedule_key,
        )
        _send(job)
    log.info("Jobb %s köat: %s", job.pk, job.label, extra={"job_id": job.pk, "kind": kind})
    return job


def job_claim(*, job_id: int, worker_id: str) -> Job | None:
    """Mark a queued job as running by this worker; None when it is not queued (any more)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = now
        job.heartbeat_at = now
        job.worker_id = worker_id
        job.error = ""
        job.save(
            update_fields=["status", "attempts", "started_at", "heartbeat_at", "worker_id", "error"]
        )
    return job


def _running(job_id: int) -> Job | None:
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status != JobStatus.RUNNING:
        return None
    return job


def job_succeed(*, job_id: int, result: dict[str, Any]) -> None:
    with transaction.atomic():
        job = _running(job_id)
        if job is None:
            return
        job.status = JobStatus.SUCCEEDED
        job.finished_at = timezone.now()
        job.result = result
        if job.progress_total:
            job.progress_done = job.progress_total
        job.save(update_fields=["status", "finished_at", "result", "progress_done"])
    log.info("Jobb %s klart", job_id, extra={"job_id": job_id})


def job_fail(*, job_id: int, reason: str, retry: bool = False) -> None:
    """Failed with `reason`; with `retry`, queued again while attempts remain."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return
        if retry and job.attempts < job.max_attempts:
            job.status = JobStatus.QUEUED
            job.error = reason
            job.worker_id = ""
            job.save(update_fields=["status", "error", "worker_id"])
            _send(job, delay=retry_delay())
            log.warning(
                "Jobb %s avbröts (försök %s av %s) och körs om: %s",
                job_id,
                job.attempts,
                job.max_attempts,
                reason,
                extra={"job_id": job_id},
            )
            return
        job.status = JobStatus.FAILED
        job.error = reason
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    log.error("Jobb %s misslyckades: %s", job_id, reason, extra={"job_id": job_id})


def job_heartbeat(*, job_id: int) -> None:
    # A timestamp, not a status: written without a transition.
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())


def _worker_alive(worker_id: str) -> bool | None:
    """True/False for a worker on this machine; None when it runs elsewhere."""
    host, _sep, pid = worker_id.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_recover(*, now: datetime | None = None) -> list[int]:
    """Jobs whose worker died mid-way: queued again, or failed after the last attempt.

    A job is given up on when its worker process is gone (same machine) or has not
    beaten its heart for STYRA_JOB_STALE_SECONDS (another machine). The job's own
    writes were one transaction, which the database rolled back when the worker's
    connection went away, so nothing of it is half-written.
    """
    now = now or timezone.now()
    recovered = []
    candidates = Job.objects.filter(status=JobStatus.RUNNING).values_list(
        "pk", "worker_id", "heartbeat_at"
    )
    for job_id, worker_id, heartbeat_at in candidates:
        alive = _worker_alive(worker_id)
        stale = heartbeat_at is None or heartbeat_at < now - stale_after()
        if alive is True or (alive is None and not stale):
            continue
        job_fail(
            job_id=job_id,
            reason=_(
                "Arbetsprocessen stannade mitt i jobbet; inget av det sparades. "
                "Försök igen eller kontakta förvaltningen."
            ),
            retry=True,
        )
        recovered.append(job_id)
    return recovered


def _slot(schedule: dict[str, Any], now: datetime) -> datetime:
    """The latest moment at or before `now` when `schedule` should have started."""
    local = timezone.localtime(now)
    if "every_minutes" in schedule:
        step = int(schedule["every_minutes"]) * 60
        return datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=now.tzinfo)
    hour, minute = (int(part) for part in str(schedule["daily_at"]).split(":"))
    today = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return today if today <= local else today - timedelta(days=1)


def jobs_schedule(*, now: datetime | None = None) -> list[Job]:
    """Queue each scheduled job whose moment has come, once per moment.

    STYRA_JOB_SCHEDULES names each schedule with its kind and `daily_at` ("03:15", local
    time) or `every_minutes`. Two workers may both get here at the same moment: the
    unique `schedule_key` lets exactly one of them create the run.
    """
    now = now or timezone.now()
    created = []
    for name, schedule in settings.STYRA_JOB_SCHEDULES.items():
        key = f"{name}@{_slot(schedule, now).astimezone(UTC).isoformat()}"
        if Job.objects.filter(schedule_key=key).exists():
            continue
        try:
            with transaction.atomic():
                job = job_enqueue(
                    kind=schedule["kind"],
                    label=schedule.get("label", name),
                    params=schedule.get("params", {}),
                    user=None,
                    schedule_key=key,
                )
        except IntegrityError:
            continue  # another worker created this run a moment ago
        created.append(job)
    return created
