"""`styra job list|show|reports` through main(argv)."""

from __future__ import annotations

import json

import pytest

from styra.cli.main import main
from styra.jobs.models import Job, JobStatus


@pytest.mark.django_db
def test_job_list_and_show(controller, capsys):
    Job.objects.create(
        kind="jobs_prune",
        label="Rensa gamla jobb",
        status=JobStatus.SUCCEEDED,
        result={"summary": "3 jobb rensade."},
    )
    failed = Job.objects.create(
        kind="ledger_import",
        label="Import av x.se",
        status=JobStatus.FAILED,
        error="x.se:12: obalanserad",
    )
    assert main(["job", "list"]) == 0
    out = capsys.readouterr().out
    assert "Misslyckades" in out and "Rensa gamla jobb" in out
    assert main(["job", "show", str(failed.pk)]) == 1
    assert "Orsak: x.se:12: obalanserad" in capsys.readouterr().out
    assert main(["job", "list", "--json"]) == 0
    assert [j["status"] for j in json.loads(capsys.readouterr().out)] == ["failed", "succeeded"]
    assert main(["job", "show", "999999"]) == 1
    assert "jobb 999999 finns inte" in capsys.readouterr().err


def test_job_reports_queues_a_report_job_for_the_acting_user(demo, capsys):
    assert (
        main(
            [
                "job",
                "reports",
                "--round",
                "2026-T1",
                "--unit",
                "RS-DIG",
                "--format",
                "pdf",
                "--user",
                "controller",
            ]
        )
        == 0
    )
    job = Job.objects.get()
    assert capsys.readouterr().out.strip() == f"Jobb {job.pk} köat: {job.label}"
    assert job.params == {
        "round": "2026-T1",
        "units": ["RS-DIG"],
        "formats": ["pdf"],
        "template": None,
    }
    assert (
        main(["job", "reports", "--round", "2026-T1", "--unit", "RS", "--user", "rapportor"]) == 1
    )
    assert "behörighet" in capsys.readouterr().err
