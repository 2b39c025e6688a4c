"""Report pages: preview with download buttons, the file downloads, the report check."""

from __future__ import annotations

from csp.constants import UNSAFE_EVAL
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from styra.access.permissions import can_consolidate, can_view_unit, require
from styra.followup import services as followup_services
from styra.followup.models import Round
from styra.followup.services.guards import EDITABLE_REPORT_STATES
from styra.org.models import Unit

from .check import report_check
from .consolidation import consolidation_for, merge_texts
from .document import Document
from .renderers import FORMATS, MEDIA_TYPES
from .renderers import render as render_format
from .renderers.html import html_context
from .selectors import report_units
from .services import report_document, report_filename
from .templates import TemplateError, template_for_round


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
        may_consolidate=bool(template_for_round(round_).consolidates)
        and can_consolidate(request.user, unit, round_),
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


def _picked(request, section) -> list:
    """The source texts ticked on the form, in the order their numbers give (ties and
    blanks keep the page's order)."""
    chosen = set(request.POST.getlist("pick"))
    picked = []
    for index, text in enumerate(section.texts):
        code = text.source.code
        if code not in chosen:
            continue
        raw = request.POST.get(f"order-{code}", "").strip()
        position = int(raw) if raw.isdigit() and len(raw) <= 4 else len(section.texts) + index
        picked.append((position, index, text))
    return [text for _position, _index, text in sorted(picked, key=lambda p: p[:2])]


def _cards(section, posted) -> list[dict]:
    """Each unit's text with its tick box and order number; after "use the chosen
    texts" the section's form keeps what was ticked and numbered (`posted`)."""
    chosen = set(posted.getlist("pick")) if posted is not None else set()
    cards = []
    for index, text in enumerate(section.texts, start=1):
        order = posted.get(f"order-{text.source.code}", "")[:4] if posted is not None else ""
        cards.append(
            {"text": text, "checked": text.source.code in chosen, "order": order or str(index)}
        )
    return cards


@login_required
@require_http_methods(["GET", "POST"])
def report_consolidate(request, round_code: str, unit_code: str):
    """The controller writes the report's texts from the texts of the units under it."""
    round_ = get_object_or_404(Round.objects.select_related("plan"), code=round_code)
    unit = get_object_or_404(Unit, code=unit_code)
    data = consolidation_for(round=round_, unit=unit, user=request.user)
    drafts: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        section = data.section(request.POST.get("section", ""))
        if section is None:
            raise Http404
        if request.POST.get("action") == "merge":
            picked = _picked(request, section)
            if picked:
                drafts[section.key] = merge_texts(picked)
            else:
                errors[section.key] = [_("Välj minst en text att ta med.")]
                drafts[section.key] = request.POST.get("body", "")
                status = 400
        else:
            version = request.POST.get("version", "")
            try:
                followup_services.section_text_consolidate(
                    round=round_,
                    unit=unit,
                    key=section.key,
                    title=section.heading,
                    body=request.POST.get("body", ""),
                    user=request.user,
                    expected_version=int(version) if version.isdigit() else None,
                )
            except followup_services.ConflictError:
                errors[section.key] = [
                    _("Någon annan har sparat texten under tiden. Läs om sidan och försök igen.")
                ]
                drafts[section.key] = request.POST.get("body", "")
                status = 409
            except ValidationError as exc:
                errors[section.key] = list(exc.messages)
                drafts[section.key] = request.POST.get("body", "")
                status = 400
            else:
                messages.success(
                    request, _("Texten ”%(heading)s” är sparad.") % {"heading": section.heading}
                )
                return redirect(request.path + f"#avsnitt-{section.key}")
    posted = data.section(request.POST.get("section", "")) if request.method == "POST" else None
    sections = [
        {
            "section": s,
            "body": drafts.get(s.key, s.current.body if s.current else ""),
            "errors": errors.get(s.key, []),
            "cards": _cards(s, request.POST if s is posted else None),
        }
        for s in data.sections
    ]
    editable = not round_.is_locked and data.report_state in EDITABLE_REPORT_STATES
    return render(
        request,
        "reports/consolidate.html",
        {
            "data": data,
            "sections": sections,
            "round": round_,
            "unit": unit,
            "editable": editable,
        },
        status=status,
    )


@require_GET
@cache_control(max_age=86400, public=True)
def vega_bundle(request):
    from .charts import javascript_bundle

    return HttpResponse(javascript_bundle(), content_type="text/javascript; charset=utf-8")
