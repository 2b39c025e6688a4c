"""Report builds as jobs: files in storage for whoever asked; a full disk leaves nothing."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from styra.jobs.models import Job, JobStatus
from styra.jobs.tasks import job_execute
from styra.reports.jobs import report_batch_enqueue


def _run(job: Job) -> Job:
    job_execute.call(job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def controller(demo, django_user_model):
    return django_user_model.objects.get(username="controller")


def test_a_report_job_stores_its_files_for_the_person_who_asked(
    demo, controller, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = report_batch_enqueue(
            round_=demo.round, user=controller, unit_codes=["RS-DIG"], formats=["html", "xlsx"]
        )
    job = _run(job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert [(f["unit"], f["format"]) for f in job.result["files"]] == [
        ("RS-DIG", "html"),
        ("RS-DIG", "xlsx"),
    ]
    assert job.result["summary"] == "2 rapportfiler för 1 enheter."

    client.force_login(controller)
    page = client.get(f"/jobb/{job.pk}/")
    assert "Klart" in page.content.decode()
    download = client.get(f"/jobb/{job.pk}/filer/1/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"  # an xlsx is a zip

    client.force_login(django_user_model_get(demo, "rapportor"))
    assert client.get(f"/jobb/{job.pk}/").status_code == 404
    assert client.get(f"/jobb/{job.pk}/filer/1/").status_code == 404


def django_user_model_get(demo, username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_a_reporter_may_not_queue_reports_of_units_outside_their_own(demo):
    reporter = django_user_model_get(demo, "rapportor")
    with pytest.raises(PermissionDenied):
        report_batch_enqueue(round_=demo.round, user=reporter, unit_codes=["RS"])


def test_a_full_disk_fails_the_job_with_its_reason_and_leaves_no_file(
    demo, controller, monkeypatch, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = report_batch_enqueue(
            round_=demo.round,
            user=controller,
            unit_codes=["RS-DIG", "RS"],
            formats=["html", "xlsx"],
        )
    real_write = Path.write_bytes
    written: list[str] = []

    def write_until_full(self, data):
        # The first unit's files fit; the disk is full in the middle of the second unit.
        if len(written) == 3:
            real_write(self, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self.name)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_until_full)
    job = _run(job)
    assert job.status == JobStatus.FAILED
    assert job.error == (
        "Disken är full: filen kunde inte skrivas och inget halvfärdigt sparades. "
        "Be driften frigöra utrymme och försök sedan igen."
    )
    # The first unit's complete files were removed again: all of the job's files or none.
    assert written[:2] and not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_progress_is_visible_while_the_job_runs(demo, controller, client):
    job = Job.objects.create(
        kind="report_batch",
        label="Rapporter",
        status=JobStatus.RUNNING,
        requested_by=controller,
        progress_done=3,
        progress_total=12,
        progress_message="Bygger rapporten för RS-DIG",
    )
    client.force_login(controller)
    html = client.get(f"/jobb/{job.pk}/").content.decode()
    assert '<progress id="jobb-forlopp" max="12" value="3">25 %</progress>' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Bygger rapporten för RS-DIG" in html
    fragment = client.get(f"/jobb/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="jobbstatus"')
    listing = client.get("/jobb/").content.decode()
    assert "Rapporter" in listing and "(25 %)" in listing
