"""The upload pages: which files the user may read in, and one form per kind of file.

A form that is let in queues a background job (`styra.web.uploads.jobs`) and sends the
user to the job's page, which shows its progress and then what the file changed (or,
for a check, would change) or every problem with file, line and column.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from styra.access.permissions import require
from styra.economy.ledger.jobs import KIND as LEDGER_KIND
from styra.economy.ledger.jobs import can_import_ledger
from styra.jobs.models import JobStatus
from styra.jobs.selectors import job_for, jobs_visible_to

from . import jobs
from .forms import AssessmentUploadForm, PlanUploadForm, RegisterUploadForm, StatisticsUploadForm


@dataclass(frozen=True)
class UploadPage:
    kind: str
    url_name: str
    title: Promise
    description: Promise
    help: tuple[Promise, ...]
    refusal: Promise
    form_class: type[forms.Form]
    #: The job's parameters from the form's cleaned data, besides the file.
    params: Callable[[dict[str, Any]], dict[str, Any]]
    #: What the file is, in the job's label.
    what: Callable[[dict[str, Any]], str]


def _round_params(data: dict[str, Any]) -> dict[str, Any]:
    return {"round": data["round"].code}


PAGES = (
    UploadPage(
        kind=jobs.PLAN,
        url_name="uploads:plan",
        title=gettext_lazy("Läs in planfil"),
        description=gettext_lazy(
            "En plan, organisation eller planering som YAML-fil (styra-plan/1, styra-org/1, "
            "styra-planning/1). En plan som redan finns uppdateras; poster matchas på kod."
        ),
        help=(
            gettext_lazy(
                "Organisationen ändras av administratörer, planer och uppföljningstillfällen "
                "av controller för planens enhet."
            ),
            gettext_lazy("Formatet beskrivs i docs/plan-format.md; styra plan export ger en mall."),
        ),
        refusal=gettext_lazy("Endast controller eller administratör får läsa in planfiler."),
        form_class=PlanUploadForm,
        params=lambda data: {},
        what=lambda data: _("planfil"),
    ),
    UploadPage(
        kind=jobs.STATISTICS,
        url_name="uploads:statistics",
        title=gettext_lazy("Läs in statistik"),
        description=gettext_lazy(
            "Statistikvärden från CSV eller XLSX: sjukfrånvaro, personal, produktion, "
            "tillgänglighet. En period som läses in igen ersätts."
        ),
        help=(
            gettext_lazy(
                "Långt format: kolumnerna serie, enhet (eller område), period, periodtyp, en "
                "kolumn per dimension, värde och orsak. Brett format läses med en mappning."
            ),
            gettext_lazy("Formaten beskrivs i docs/statistics.md."),
        ),
        refusal=gettext_lazy("Endast controller eller administratör får läsa in statistik."),
        form_class=StatisticsUploadForm,
        params=lambda data: {},
        what=lambda data: _("statistik"),
    ),
    UploadPage(
        kind=jobs.REGISTER,
        url_name="uploads:registers",
        title=gettext_lazy("Läs in prognoser, åtgärder eller investeringar"),
        description=gettext_lazy(
            "Helårsprognoser, resultatförbättrande åtgärder, OÅA eller investeringar för ett "
            "uppföljningstillfälle, från CSV eller XLSX."
        ),
        help=(
            gettext_lazy(
                "Enhetens rapportörer ändrar enhetens rader; controller för planens enhet "
                "ändrar alla. Ett fastställt uppföljningstillfälle ändras inte."
            ),
            gettext_lazy("Kolumnerna beskrivs i docs/registers.md."),
        ),
        refusal=gettext_lazy(
            "Endast rapportörer, controller och administratörer får läsa in prognoser, "
            "åtgärder och investeringar."
        ),
        form_class=RegisterUploadForm,
        params=lambda data: {**_round_params(data), "register": data["register"]},
        what=lambda data: (
            _("%(register)s, %(round)s")
            % {"register": jobs.REGISTERS[data["register"]][1], "round": data["round"].code}
        ),
    ),
    UploadPage(
        kind=jobs.ASSESSMENTS,
        url_name="uploads:assessments",
        title=gettext_lazy("Läs in bedömningar"),
        description=gettext_lazy(
            "Utfall, status och kommentar per post för ett uppföljningstillfälle, från CSV "
            "eller XLSX."
        ),
        help=(
            gettext_lazy(
                "Kolumnerna är item (postens kod), value, status (en nivå i postens skala), "
                "comment och valfritt missing och period."
            ),
            gettext_lazy(
                "Du läser in bedömningar för de enheter du rapporterar för; en inlämnad "
                "rapport eller ett fastställt uppföljningstillfälle ändras inte."
            ),
        ),
        refusal=gettext_lazy("Endast rapportörer och administratörer får läsa in bedömningar."),
        form_class=AssessmentUploadForm,
        params=_round_params,
        what=lambda data: _("bedömningar, %(round)s") % {"round": data["round"].code},
    ),
)
PAGE_BY_KIND = {page.kind: page for page in PAGES}
UPLOAD_KINDS = [LEDGER_KIND, *PAGE_BY_KIND]
RECENT = 20


@login_required
@require_GET
def index(request):
    """The kinds of file the user may read in, and the user's latest uploads."""
    pages = [page for page in PAGES if jobs.MAY_UPLOAD[page.kind](request.user)]
    recent = jobs_visible_to(request.user).filter(kind__in=UPLOAD_KINDS)[:RECENT]
    return render(
        request,
        "uploads/index.html",
        {"pages": pages, "ledger": can_import_ledger(request.user), "recent": recent},
    )


def _save(directory: Path, uploaded: UploadedFile) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / Path(uploaded.name or "fil").name
    with open(path, "wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    return path


def _upload(request, page: UploadPage):
    require(jobs.MAY_UPLOAD[page.kind](request.user), str(page.refusal))
    form = page.form_class(request.POST or None, request.FILES or None)
    context = {"page": page, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "uploads/upload.html", context, status=400)
        data = form.cleaned_data
        with tempfile.TemporaryDirectory(prefix="styra-upload-") as tmp:
            path = _save(Path(tmp) / "fil", data["file"])
            extra = {}
            if data.get("mapping"):
                extra["mapping"] = _save(Path(tmp) / "mappning", data["mapping"])
            job = jobs.upload_enqueue(
                kind=page.kind,
                path=path,
                user=request.user,
                dry_run=data["dry_run"],
                what=str(page.what(data)),
                params=page.params(data),
                extra_files=extra,
            )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "uploads/upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    return _upload(request, PAGE_BY_KIND[jobs.PLAN])


@login_required
@require_http_methods(["GET", "POST"])
def statistics(request):
    return _upload(request, PAGE_BY_KIND[jobs.STATISTICS])


@login_required
@require_http_methods(["GET", "POST"])
def registers(request):
    return _upload(request, PAGE_BY_KIND[jobs.REGISTER])


@login_required
@require_http_methods(["GET", "POST"])
def assessments(request):
    return _upload(request, PAGE_BY_KIND[jobs.ASSESSMENTS])


@login_required
@require_POST
def confirm(request, job_id: int):
    """After a check that passed: import the same file ("Läs in filen"), as a new job."""
    job = job_for(request.user, job_id)
    if (
        job is None
        or job.kind not in PAGE_BY_KIND
        or not job.params.get("dry_run")
        or job.status != JobStatus.SUCCEEDED
    ):
        raise Http404
    require(jobs.MAY_UPLOAD[job.kind](request.user), str(PAGE_BY_KIND[job.kind].refusal))
    imported = jobs.upload_confirm(job=job, user=request.user)
    return redirect("jobs:detail", job_id=imported.pk)
