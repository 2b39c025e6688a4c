"""Ledger uploads in the browser: a background job with progress, all or nothing (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from styra.economy.ledger.models import LedgerFact
from styra.jobs.models import Job, JobStatus
from styra.jobs.worker import run_worker
from styra.orgadmin import services as org_services
from tests.builders import system_admin
from tests.economy.ledger.test_import import write_sie

URL = "/ekonomi/las-in/"

# The worker commits as it goes, as in production: these tests run outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def org(builder, t1_rows):
    """RS with department RS-A (cost centres 100, 101) and Cecilia, controller of RS."""
    rs = builder.unit("RS", "Regionstyrelsen")
    builder.user("cecilia", (rs, "controller"))
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    for code in ("100", "101"):
        org_services.cost_centre_create(
            code=code, name=f"Kst {code}", unit=a, valid_from=date(2020, 1, 1), user=system_admin()
        )
    return rs, a


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, path, **fields):
    data = {"format": "sie", "year": "2026", **fields}
    with open(path, "rb") as handle:
        data["file"] = SimpleUploadedFile(path.name, handle.read())
    return client.post(URL, data)


def log_in(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))


def test_the_controller_checks_then_imports_a_sie_file_as_a_job(client, org, tmp_path):
    log_in(client, "cecilia")
    path = write_sie(tmp_path / "huvudbok.se")
    assert "Läs in huvudbok" in client.get(URL).content.decode()

    checked = upload(client, path, dry_run="on")

    job = Job.objects.get()
    assert checked.status_code == 302 and checked["Location"] == f"/jobb/{job.pk}/"
    assert job.params["dry_run"] is True and job.requested_by.username == "cecilia"
    run_worker(batch=True, interval=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and "inget sparades" in job.result["summary"]
    assert not LedgerFact.objects.exists()
    page = client.get(checked["Location"]).content.decode()
    assert "inget sparades" in page

    imported = upload(client, path)
    run_worker(batch=True, interval=0)
    job = Job.objects.get(pk=imported["Location"].split("/")[2])
    assert job.status == JobStatus.SUCCEEDED
    assert LedgerFact.objects.filter(kind="outcome").count() == 3


def test_a_broken_file_fails_the_job_and_leaves_the_ledger_as_it_was(client, org, tmp_path):
    log_in(client, "cecilia")
    path = write_sie(tmp_path / "obalans.se", unbalanced=True)
    response = upload(client, path)
    run_worker(batch=True, interval=0)
    job = Job.objects.get(pk=response["Location"].split("/")[2])
    assert job.status == JobStatus.FAILED
    assert "Filen har fel och importerades inte" in job.error and "obalans.se:" in job.error
    assert not LedgerFact.objects.exists()


def test_a_wrong_file_type_is_refused_before_any_job(client, org, tmp_path):
    log_in(client, "cecilia")
    bad = tmp_path / "<script>.exe"
    bad.write_bytes(b"MZ")
    response = upload(client, bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "har inte en filändelse för formatet" in html and "<script>.exe" not in html
    assert not Job.objects.exists()


def test_a_department_reporter_may_not_upload(client, org, builder, tmp_path):
    _rs, department = org
    builder.user("rapportor", (department, "reporter"))
    log_in(client, "rapportor")
    assert client.get(URL).status_code == 403
    response = upload(client, write_sie(tmp_path / "huvudbok.se"))
    assert response.status_code == 403
    assert "Endast controller" in response.content.decode()
    assert not Job.objects.exists()
