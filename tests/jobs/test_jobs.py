"""The jobs app's own job kinds: the daily housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from styra.access.models import ApiTokenUse
from styra.access.tokens import api_token_create, api_token_use_record
from styra.jobs import services
from styra.jobs.models import Job, JobStatus
from styra.jobs.tasks import job_execute


def test_the_daily_prune_forgets_old_jobs_and_old_api_token_uses(controller, settings):
    settings.STYRA_JOB_KEEP_DAYS = 90
    settings.STYRA_API_USE_KEEP_DAYS = 180
    now = timezone.now()
    old_job = Job.objects.create(
        kind="ledger_import", label="Gammal", status=JobStatus.SUCCEEDED, requested_by=controller
    )
    Job.objects.filter(pk=old_job.pk).update(finished_at=now - timedelta(days=91))
    recent_job = Job.objects.create(
        kind="ledger_import", label="Ny", status=JobStatus.SUCCEEDED, requested_by=controller
    )
    Job.objects.filter(pk=recent_job.pk).update(finished_at=now - timedelta(days=89))
    token, _raw = api_token_create(
        owner=controller, name="Rapportsystem", scopes=["read"], user=controller
    )
    uses = [
        api_token_use_record(token=token, method="GET", path=f"/api/v1/plans?{n}", status=200)
        for n in range(3)
    ]
    ApiTokenUse.objects.filter(pk=uses[0].pk).update(at=now - timedelta(days=181))
    ApiTokenUse.objects.filter(pk=uses[1].pk).update(at=now - timedelta(days=179))

    job = services.job_enqueue(kind="jobs_prune", label="Rensa", params={}, user=controller)
    job_execute.call(job.pk)
    job.refresh_from_db()

    assert job.status == JobStatus.SUCCEEDED
    assert job.result["deleted_api_uses"] == 1
    assert list(Job.objects.filter(pk__in=[old_job.pk, recent_job.pk])) == [recent_job]
    assert sorted(ApiTokenUse.objects.values_list("pk", flat=True)) == [uses[1].pk, uses[2].pk]


def test_the_prune_removes_the_files_only_forgotten_jobs_name(controller, settings, tmp_path):
    from django.core.files.storage import default_storage

    from styra.jobs.files import store_upload

    source = tmp_path / "plan.yaml"
    source.write_text("format: styra-plan/1\n")
    alone, shared, output = store_upload(source), store_upload(source), store_upload(source)
    now = timezone.now()

    def finished(days_ago: int, **fields) -> Job:
        job = Job.objects.create(
            kind="plan_upload",
            label="x",
            status=JobStatus.SUCCEEDED,
            requested_by=controller,
            **fields,
        )
        Job.objects.filter(pk=job.pk).update(finished_at=now - timedelta(days=days_ago))
        return job

    finished(100, params={"file": alone, "dry_run": True})
    finished(100, params={"file": shared, "dry_run": True})  # checked long ago …
    finished(10, params={"file": shared, "dry_run": False})  # … imported recently: kept
    finished(100, params={}, result={"files": [{"unit": "RS", "format": "pdf", "name": output}]})

    job = services.job_enqueue(kind="jobs_prune", label="Rensa", params={}, user=controller)
    job_execute.call(job.pk)
    job.refresh_from_db()

    assert job.result["deleted_jobs"] == 3 and job.result["deleted_files"] == 2
    assert not default_storage.exists(alone) and not default_storage.exists(output)
    assert default_storage.exists(shared)
