"""/api/v1/reports/builds and /api/v1/jobs: report builds as background jobs; and the
consolidated report's texts (/api/v1/reports/{round}/{unit}/consolidation).

A build is queued with `report_batch_enqueue` (the same check as the web: you must be
allowed to read every unit's report), run by `styra worker`, followed by its job
(status, progress, the reason when it failed) and its files downloaded when it is
done. All of it needs the `reports` scope; a job is seen only by whoever asked for it.

The consolidation is the page /rapporter/{round}/{unit}/sammanstallning/ as JSON: each
text section of the report with its own text and every source unit's text (scope
`read`), and a section written from the units' texts or as given (scope `write`),
through `reports.consolidation` — the page's selector and service.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from styra.access.models import TokenScope
from styra.followup.models import Round
from styra.followup.services import ConflictError
from styra.followup.services.guards import EDITABLE_REPORT_STATES
from styra.jobs.models import Job, JobStatus
from styra.jobs.selectors import job_for
from styra.org.models import Unit
from styra.reports.consolidation import UnknownSection, consolidation_for, consolidation_write
from styra.reports.jobs import report_batch_enqueue
from styra.reports.selectors import ConsolidatedSection, Consolidation

from . import selectors
from .auth import require_scope
from .errors import ApiProblem, not_found
from .schemas import (
    READ_ONE_ERRORS,
    WRITE_ERRORS,
    ConsolidatedSectionOut,
    ConsolidateIn,
    ConsolidationOut,
    ConsolidationSourceOut,
    ConsolidationTextOut,
    ErrorOut,
    JobFileOut,
    JobOut,
    ReportBuildIn,
)

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


# --- the consolidated report's texts ---------------------------------------------------------


def _section_out(section: ConsolidatedSection) -> ConsolidatedSectionOut:
    current = section.current
    return ConsolidatedSectionOut(
        key=section.key,
        heading=section.heading,
        version=section.version,
        body=current.body if current else "",
        updated_by=current.updated_by.get_username() if current and current.updated_by else None,
        texts=[ConsolidationTextOut(unit=t.source.code, body=t.body) for t in section.texts],
    )


def _consolidation_out(data: Consolidation) -> ConsolidationOut:
    return ConsolidationOut(
        round=data.round.code,
        unit=data.unit.code,
        unit_name=data.unit_name,
        report_state=data.report_state,
        report_state_label=data.report_state_label,
        editable=not data.round.is_locked and data.report_state in EDITABLE_REPORT_STATES,
        sources=[
            ConsolidationSourceOut(
                unit=s.code,
                name=s.name,
                type=s.type_code,
                round=s.round.code,
                state=s.state,
                state_label=s.state_label,
            )
            for s in data.sources
        ],
        sections=[_section_out(s) for s in data.sections],
    )


def _round_and_unit(user, round_code: str, unit_code: str) -> tuple[Round, Unit]:
    round_ = selectors.round_visible(user, round_code)
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise not_found(_("Enheten %(code)s finns inte.") % {"code": unit_code})
    return round_, unit


@router.get(
    "/reports/{round_code}/{unit_code}/consolidation",
    response={200: ConsolidationOut, **READ_ONE_ERRORS},
)
def consolidation_get(request: HttpRequest, round_code: str, unit_code: str) -> ConsolidationOut:
    """The report's text sections, each with the report's own text and the texts of the
    units whose own rounds feed it (as on the consolidation page); controllers of the
    unit only."""
    user = require_scope(TokenScope.READ)
    round_, unit = _round_and_unit(user, round_code, unit_code)
    return _consolidation_out(consolidation_for(round=round_, unit=unit, user=user))


@router.post(
    "/reports/{round_code}/{unit_code}/consolidation/{section}",
    response={200: ConsolidatedSectionOut, **WRITE_ERRORS},
)
def consolidation_post(
    request: HttpRequest, round_code: str, unit_code: str, section: str, payload: ConsolidateIn
) -> ConsolidatedSectionOut:
    """Write one section of the report: from the texts of `units` in that order, or as
    `body`. Controllers of the unit, not in a locked round nor a submitted report (409)."""
    user = require_scope(TokenScope.WRITE)
    round_, unit = _round_and_unit(user, round_code, unit_code)
    try:
        consolidation_write(
            round=round_,
            unit=unit,
            key=section,
            user=user,
            sources=payload.units,
            body=payload.body,
            expected_version=payload.version,
        )
    except UnknownSection as exc:
        raise not_found(str(exc)) from None
    except ConflictError as exc:
        raise ApiProblem(
            409,
            _(
                "Någon annan har sparat texten under tiden (nu version %(version)s); hämta "
                "sammanställningen och försök igen."
            )
            % {"version": exc.current_version},
            code="conflict",
        ) from None
    saved = consolidation_for(round=round_, unit=unit, user=user).section(section)
    assert saved is not None  # just written
    return _section_out(saved)
