"""Job pages: my jobs, and one job with its progress (refreshed by HTMX while it runs)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.jobs_visible_to(request.user)[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.job_for(request.user, job_id)
    if job is None:
        raise Http404
    partial = request.headers.get("HX-Request") == "true"
    template = "jobs/_job_status.html" if partial else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def job_file(request: HttpRequest, job_id: int, index: int) -> FileResponse:
    """One output file of a finished job (e.g. a report), for whoever may see the job."""
    job = selectors.job_for(request.user, job_id)
    files = job.result.get("files", []) if job is not None else []
    if job is None or not 0 <= index < len(files):
        raise Http404
    name = files[index]["name"]
    if not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1]
    )
