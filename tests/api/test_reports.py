"""Report builds through the API: queue, follow, download; a full disk leaves nothing."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from styra.jobs.models import Job, JobStatus
from styra.jobs.tasks import job_execute

ROUND = "2026-T1"


def _queue(api, token, django_capture_on_commit_callbacks, **body) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        queued = api("post", "/v1/reports/builds", token, {"round": ROUND, **body})
    assert queued.status_code == 202, queued.content
    assert queued.json()["status"] == "queued"
    return queued.json()["id"]


def test_a_build_is_queued_followed_and_downloaded_by_whoever_asked(
    api, token_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    token = token_for("controller", "reports")
    job_id = _queue(
        api, token, django_capture_on_commit_callbacks, units=["RS-DIG"], formats=["xlsx"]
    )
    job_execute.call(job_id)
    shown = api("get", f"/v1/jobs/{job_id}", token).json()
    assert shown["status"] == "succeeded", shown["error"]
    assert shown["files"] == [
        {"unit": "RS-DIG", "format": "xlsx", "url": f"/api/v1/jobs/{job_id}/files/0"}
    ]
    download = api("get", f"/v1/jobs/{job_id}/files/0", token)
    assert download.status_code == 200
    assert download["Content-Type"].endswith("spreadsheetml.sheet")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # Someone else's job does not exist for them; a read-only token may not build.
    assert api("get", f"/v1/jobs/{job_id}", token_for("rapportor", "reports")).status_code == 404
    refused = api("post", "/v1/reports/builds", token_for("controller", "read"), {"round": ROUND})
    assert refused.status_code == 403 and refused.json()["code"] == "scope"
    # A reporter may not build another unit's report (as on the web).
    other = api(
        "post", "/v1/reports/builds", token_for("rapportor", "reports"),
        {"round": ROUND, "units": ["RS"]},
    )  # fmt: skip
    assert other.status_code == 403


def test_a_full_disk_while_storing_a_report_leaves_no_file_and_says_so_in_swedish(
    api, token_for, settings, tmp_path, monkeypatch, client, django_capture_on_commit_callbacks
):
    """The disk fills up in the middle of writing the second unit's file into storage:
    the job fails with a Swedish reason, and neither that half file nor the first
    unit's complete one is left."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    token = token_for("controller", "reports")
    job_id = _queue(
        api, token, django_capture_on_commit_callbacks, units=["RS-DIG", "RS"], formats=["html"]
    )

    real_fdopen = os.fdopen
    stored: list[str] = []

    class FillsUp:
        """A file in storage on a disk with room for half of it."""

        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        path = os.readlink(f"/proc/self/fd/{fd}")
        if not path.startswith(str(media)):
            return handle
        stored.append(path)
        return FillsUp(handle) if len(stored) == 2 else handle

    monkeypatch.setattr(os, "fdopen", fdopen)
    job_execute.call(job_id)

    assert len(stored) == 2 and "RS-DIG" in stored[0] and "/RS/" in stored[1]
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []
    shown = api("get", f"/v1/jobs/{job_id}", token).json()
    assert shown["status"] == "failed" and shown["files"] == []
    assert shown["error"] == (
        "Disken är full: filen kunde inte skrivas och inget halvfärdigt sparades. "
        "Be driften frigöra utrymme och försök sedan igen."
    )
    assert Job.objects.get(pk=job_id).status == JobStatus.FAILED
    assert api("get", f"/v1/jobs/{job_id}/files/0", token).status_code == 404
    # The person sees the same reason on the job's page in the web app.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="controller"))
    assert "Disken är full" in client.get(f"/jobb/{job_id}/").content.decode()
