"""Jobs through the real worker: run, fail with a reason, retry, recover, schedule once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.utils import timezone

from styra.economy.ledger.jobs import ledger_import_enqueue
from styra.economy.ledger.models import LedgerFact
from styra.jobs import registry, services
from styra.jobs.models import Job, JobStatus
from styra.jobs.worker import run_worker
from tests.economy.ledger.test_import import write_sie

# The worker commits as it goes, as in production: these tests run outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_an_import_job_runs_in_the_worker_and_keeps_its_result(controller, tmp_path):
    job = ledger_import_enqueue(
        path=write_sie(tmp_path / "huvudbok.se"), fmt="sie", year=2026, user=controller
    )
    assert job.status == JobStatus.QUEUED
    assert job.task_result_id == "" and Job.objects.get(pk=job.pk).task_result_id
    assert LedgerFact.objects.count() == 0

    run_worker(batch=True, interval=0)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.progress_done, job.progress_total) == (2, 2)
    assert job.result["facts"] == 15
    assert job.result["summary"] == "15 rader importerades (0 ersattes)."
    assert job.requested_by == controller
    assert LedgerFact.objects.count() == 15


def test_a_refused_import_fails_with_its_reason_and_writes_nothing(controller, tmp_path):
    job = ledger_import_enqueue(
        path=write_sie(tmp_path / "fel.se", unbalanced=True), fmt="sie", year=2026, user=controller
    )
    run_worker(batch=True, interval=0)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Filen har fel och importerades inte" in job.error
    assert "fel.se:" in job.error
    assert job.attempts == 1
    assert LedgerFact.objects.count() == 0


def test_only_the_organisation_controllers_may_queue_a_ledger_import(builder, region, tmp_path):
    _rs, a = region
    reporter = builder.user("rapp", (a, "reporter"))
    dept_controller = builder.user("avd", (a, "controller"))
    for user in (reporter, dept_controller):
        with pytest.raises(PermissionDenied):
            ledger_import_enqueue(
                path=write_sie(tmp_path / "h.se"), fmt="sie", year=2026, user=user
            )
    assert Job.objects.count() == 0


@pytest.fixture
def flaky_kind():
    """A job kind that fails as a database restart does."""
    calls = []

    def flaky(job, progress):
        calls.append(job.attempts)
        raise OperationalError("terminating connection due to administrator command")

    registry._KINDS["test_flaky"] = flaky
    yield calls
    del registry._KINDS["test_flaky"]


def test_a_database_restart_during_a_job_retries_it_then_fails_with_the_reason(
    flaky_kind, settings
):
    settings.STYRA_JOB_RETRY_DELAY = 0
    job = services.job_enqueue(kind="test_flaky", label="Flaky", params={}, user=None)
    run_worker(batch=True, interval=0)
    job.refresh_from_db()
    assert flaky_kind == [1, 2, 3]
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert "Databasen svarade inte" in job.error


def test_a_job_whose_worker_process_died_is_queued_again_then_given_up(controller, settings):
    settings.STYRA_JOB_RETRY_DELAY = 0
    job = services.job_enqueue(kind="jobs_prune", label="Rensa", params={}, user=controller)
    dead = f"{services.worker_identity().rpartition(':')[0]}:999999999"
    for attempt in (1, 2, 3):
        assert services.job_claim(job_id=job.pk, worker_id=dead) is not None
        assert services.jobs_recover() == [job.pk]
        job.refresh_from_db()
        if attempt < 3:
            assert job.status == JobStatus.QUEUED
            assert "Arbetsprocessen stannade mitt i jobbet" in job.error
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert "inget av det sparades" in job.error


def test_a_job_on_another_machine_is_recovered_only_when_its_heartbeat_is_stale(controller):
    job = services.job_enqueue(kind="jobs_prune", label="Rensa", params={}, user=controller)
    services.job_claim(job_id=job.pk, worker_id="annan-server:4242")
    assert services.jobs_recover() == []
    later = timezone.now() + timedelta(seconds=121)
    assert services.jobs_recover(now=later) == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_a_running_job_on_this_machine_is_left_alone(controller):
    job = services.job_enqueue(kind="jobs_prune", label="Rensa", params={}, user=controller)
    services.job_claim(job_id=job.pk, worker_id=services.worker_identity())
    much_later = timezone.now() + timedelta(hours=5)
    assert services.jobs_recover(now=much_later) == []


def test_a_scheduled_job_runs_once_per_moment_even_when_two_workers_race(settings, monkeypatch):
    settings.TIME_ZONE = "Europe/Stockholm"
    settings.STYRA_JOB_SCHEDULES = {
        "rensning": {"kind": "jobs_prune", "label": "Rensa", "daily_at": "03:15"}
    }
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    first = services.jobs_schedule(now=now)
    assert [j.schedule_key for j in first] == ["rensning@2026-03-02T02:15:00+00:00"]
    # The second worker looked before the first one's row existed: the database refuses.
    monkeypatch.setattr("django.db.models.query.QuerySet.exists", lambda self: False)
    assert services.jobs_schedule(now=now + timedelta(seconds=1)) == []
    monkeypatch.undo()
    assert Job.objects.count() == 1
    # The next day is a new moment.
    assert len(services.jobs_schedule(now=now + timedelta(days=1))) == 1
    run_worker(batch=True, interval=0)
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}


def test_an_unknown_job_kind_is_refused_when_queued():
    with pytest.raises(registry.JobFailed):
        services.job_enqueue(kind="finns-inte", label="x", params={}, user=None)
