"""Which jobs a person sees: their own; a superuser sees all, scheduled ones included."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    jobs = Job.objects.select_related("requested_by")
    if user.is_superuser:
        return jobs
    return jobs.filter(requested_by=user)


def job_for(user: Any, job_id: int) -> Job | None:
    return jobs_visible_to(user).filter(pk=job_id).first()
