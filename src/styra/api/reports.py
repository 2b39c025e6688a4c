"""/api/v1/reports/builds and /api/v1/jobs: report builds as background jobs.

A build is queued with `report_batch_enqueue` (the same check as the web: you must be
allowed to read every unit's report), run by `styra worker`, followed by its job
(status, progress, the reason when it failed) and its files downloaded when it is
done. All of it needs the `reports` scope; a job is seen only by whoever asked for it.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from styra.access.models import TokenScope
from styra.jobs.models import Job, JobStatus
from styra.jobs.selectors import job_for
from styra.reports.jobs import report_batch_enqueue

from . import selectors
from .auth import require_scope
from .errors import not_found
from .schemas import READ_ONE_ERRORS, WRITE_ERRORS, ErrorOut, JobFileOut, JobOut, ReportBuildIn

router = Router(tags=["rapporter"])

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}


def job_out(job: Job) -> JobOut:
    files = job.result.get("files", []) if job.status == JobStatus.SUCCEEDED else []
    return JobOut(
        id=job.pk,
        kind=job.kind,
        label=job.label,
        status=job.status,
        progress_done=job.progress_done,
        progress_total=job.progress_total,
        progress_message=job.progress_message,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
        files=[
            JobFileOut(
                unit=f["unit"],
                format=f["format"],
                url=reverse("api:job_file", kwargs={"job_id": job.pk, "index": index}),
            )
            for index, f in enumerate(files)
        ],
    )


@router.post("/reports/builds", response={202: JobOut, **WRITE_ERRORS})
def report_build(request: HttpRequest, payload: ReportBuildIn) -> Status:
    """Queue the reports of a round (all units, or `units`) in `formats`; follow the job
    at `/api/v1/jobs/{id}` and download its files when its status is `succeeded`."""
    user = require_scope(TokenScope.REPORTS)
    round_ = selectors.round_visible(user, payload.round)
    job = report_batch_enqueue(
        round_=round_,
        user=user,
        unit_codes=payload.units,
        formats=payload.formats,
        template=payload.template,
    )
    return Status(202, job_out(job))


def _job(request_user_job_id: int) -> Job:
    user = require_scope(TokenScope.REPORTS)
    job = job_for(user, request_user_job_id)
    if job is None:
        raise not_found(_("Jobbet %(id)s finns inte.") % {"id": request_user_job_id})
    return job


@router.get("/jobs/{job_id}", response={200: JobOut, **READ_ONE_ERRORS})
def job_get(request: HttpRequest, job_id: int) -> JobOut:
    """A job you asked for: its status, progress, files, or why it failed."""
    return job_out(_job(job_id))


@router.get(
    "/jobs/{job_id}/files/{index}",
    url_name="job_file",
    response={200: None, **{k: ErrorOut for k in READ_ONE_ERRORS}},
    openapi_extra={
        "responses": {
            200: {
                "description": "filen",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for media in MEDIA_TYPES.values()
                },
            }
        }
    },
)
def job_file(request: HttpRequest, job_id: int, index: int) -> FileResponse:
    """One file of a finished job (index as in its `files`)."""
    job = _job(job_id)
    files = job.result.get("files", []) if job.status == JobStatus.SUCCEEDED else []
    if not 0 <= index < len(files) or not default_storage.exists(files[index]["name"]):
        raise not_found(
            _("Jobbet %(id)s har ingen fil %(index)s.") % {"id": job_id, "index": index}
        )
    name = files[index]["name"]
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=name.rsplit("/", 1)[-1],
        content_type=MEDIA_TYPES.get(files[index]["format"], "application/octet-stream"),
    )
