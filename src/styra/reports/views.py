"""Report pages: preview with download buttons, the file downloads, the report check."""

from __future__ import annotations

from csp.constants import UNSAFE_EVAL
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from styra.access.permissions import can_view_unit, require
from styra.followup.models import Round
from styra.org.models import Unit

from .check import report_check
from .document import Document
from .renderers import FORMATS, MEDIA_TYPES
from .renderers import render as render_format
from .renderers.html import html_context
from .selectors import report_units
from .services import report_document, report_filename
from .templates import TemplateError


def _document(request, round_: Round, unit: Unit) -> Document | HttpResponse:
    """The report document, or a Swedish page that says why the round's template does not
    fit the unit (409: the request is fine, the configuration is not), never a 500."""
    try:
        return report_document(round_=round_, unit=unit)
    except TemplateError as exc:
        context = {"round": round_, "unit": unit, "problem": str(exc)}
        return render(request, "reports/unavailable.html", context, status=409)


def _round_and_unit(request, round_code: str, unit_code: str):
    round_ = get_object_or_404(Round.objects.select_related("plan"), code=round_code)
    unit = get_object_or_404(Unit, code=unit_code)
    require(can_view_unit(request.user, unit, round_.period_end))
    return round_, unit


@login_required
@require_GET
def report_index(request):
    rounds = Round.objects.select_related("plan").order_by("-period_end")
    entries = []
    for round_ in rounds:
        units = [
            u for u in report_units(round_) if can_view_unit(request.user, u, round_.period_end)
        ]
        if units:
            entries.append({"round": round_, "units": units})
    return render(request, "reports/index.html", {"entries": entries})


@login_required
@require_GET
# Vega compiles chart expressions with `new Function`: this page, which draws the
# report's charts from Styra's own specs, is the only one that allows it. Inline scripts
# stay forbidden here too, so injected markup still cannot run anything.
@csp_update({"script-src": [UNSAFE_EVAL]})  # type: ignore[arg-type]  # django-csp types views as taking only the request
def report_preview(request, round_code: str, unit_code: str):
    round_, unit = _round_and_unit(request, round_code, unit_code)
    document = _document(request, round_, unit)
    if isinstance(document, HttpResponse):
        return document
    context = html_context(document, inline_svg=False)
    context.update(
        round=round_,
        unit=unit,
        downloads=[("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("html", "HTML")],
        findings=report_check(document=document, round_=round_, unit=unit),
    )
    return render(request, "reports/preview.html", context)


@login_required
@require_GET
def report_download(request, round_code: str, unit_code: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    round_, unit = _round_and_unit(request, round_code, unit_code)
    document = _document(request, round_, unit)
    if isinstance(document, HttpResponse):
        return document
    response = HttpResponse(render_format(document, fmt), content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report_filename(document, fmt)}"'
    return response


@login_required
@require_GET
def report_check_page(request, round_code: str, unit_code: str):
    round_, unit = _round_and_unit(request, round_code, unit_code)
    document = _document(request, round_, unit)
    if isinstance(document, HttpResponse):
        return document
    findings = report_check(document=document, round_=round_, unit=unit)
    return render(
        request,
        "reports/check.html",
        {"round": round_, "unit": unit, "document": document, "findings": findings},
    )


@require_GET
@cache_control(max_age=86400, public=True)
def vega_bundle(request):
    from .charts import javascript_bundle

    return HttpResponse(javascript_bundle(), content_type="text/javascript; charset=utf-8")
