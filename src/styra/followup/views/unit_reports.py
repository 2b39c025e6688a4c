"""A unit's report in a round: its items, section texts and the submit/return/approve steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from styra.access import permissions
from styra.followup import report_hooks, selectors, services
from styra.followup.forms import ReturnForm, SectionTextForm
from styra.followup.models import ReportState, RoundState
from styra.followup.report_hooks import TextSection
from styra.followup.services.guards import EDITABLE_REPORT_STATES
from styra.followup.services.unit_reports import TRANSITIONS
from styra.org.selectors import unit_name_on

from .common import error_messages, get_round, get_unit, render_form


def _may_write(user, round_, unit, report) -> bool:
    state = report.state if report else ReportState.NOT_STARTED
    if not permissions.can_report_unit(user, unit, round_):
        return False
    if round_.state == RoundState.OPEN:
        return state in EDITABLE_REPORT_STATES
    return round_.state == RoundState.CLOSED and state == ReportState.RETURNED


def _section_context(
    round_,
    unit,
    section: TextSection,
    text,
    *,
    can_write: bool,
    form=None,
    conflict=None,
    saved=False,
):
    return {
        "round": round_,
        "unit": unit,
        "key": section.key,
        "title": section.heading,
        "instruction": section.instruction,
        "draft": section.draft,
        "offers_draft": section.offers_draft,
        "text": text,
        "form": form
        or SectionTextForm(
            initial={"version": text.version if text else 0, "body": text.body if text else ""}
        ),
        "conflict": conflict,
        "saved": saved,
        "can_write": can_write,
    }


@login_required
def unit_report(request, round_code: str, unit_code: str):
    round_ = get_round(round_code)
    unit = get_unit(unit_code)
    permissions.require(
        permissions.can_view_unit(request.user, unit, round_.period_end),
        _("Du har inte behörighet att se denna enhet."),
    )
    report = selectors.unit_report(round_, unit)
    rows = selectors.round_items_for_unit(round_, unit)
    notes = selectors.open_return_notes(round_, unit)
    for row in rows:
        row.note = notes.get(row.item.pk)
    texts = selectors.unit_sections(round_, unit)
    may_write = _may_write(request.user, round_, unit, report)
    # Exactly the texts the round's report template asks this unit for.
    sections = [
        _section_context(round_, unit, section, texts.get(section.key), can_write=may_write)
        for section in report_hooks.text_sections(round_, unit)
    ]
    state = report.state if report else ReportState.NOT_STARTED
    can_submit = may_write and state in TRANSITIONS["submit"][0]
    may_review = permissions.can_review(request.user, unit, round_) and round_.state in (
        RoundState.OPEN,
        RoundState.CLOSED,
    )
    due = [row for row in rows if row.due]
    context = {
        "round": round_,
        "unit": unit,
        "unit_name": unit_name_on(unit, round_.period_end),
        "report": report,
        "state_label": ReportState(state).label,
        "due_rows": due,
        "reported_count": sum(1 for row in due if row.reported),
        "later_rows": [row for row in rows if not row.due],
        "sections": sections,
        "can_submit": can_submit,
        "can_return": may_review and state in TRANSITIONS["return"][0],
        "can_approve": may_review and state in TRANSITIONS["approve"][0],
        "return_form": ReturnForm(),
        "empty_sections": [
            s["title"] for s in sections if s["text"] is None or not s["text"].body.strip()
        ],
        "history": selectors.unit_report_history(round_, unit),
    }
    return render(request, "followup/unit_report.html", context)


@login_required
@require_http_methods(["POST"])
def section_text(request, round_code: str, unit_code: str, key: str):
    round_ = get_round(round_code)
    unit = get_unit(unit_code)
    declared = {s.key: s for s in report_hooks.text_sections(round_, unit)}
    if key not in declared:
        raise PermissionDenied(_("Okänt avsnitt."))
    section = declared[key]
    form = SectionTextForm(request.POST)
    status, conflict, saved = 200, None, False
    text = None
    if form.is_valid():
        try:
            text = services.section_text_save(
                round=round_,
                unit=unit,
                key=key,
                title=section.heading,
                body=form.cleaned_data["body"],
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except services.ConflictError as exc:
            conflict, status = exc, 409
            data = request.POST.copy()
            data["version"] = exc.current_version
            form = SectionTextForm(data)
            form.is_valid()
        except PermissionDenied:
            raise
        except ValidationError as exc:
            status = 400
            for messages_ in error_messages(exc).values():
                for message in messages_:
                    form.add_error(None, message)
        else:
            saved = True
            form = None
    else:
        status = 400
    if text is None:
        text = selectors.unit_sections(round_, unit).get(key)
    may_write = _may_write(request.user, round_, unit, selectors.unit_report(round_, unit))
    context = _section_context(
        round_,
        unit,
        section,
        text,
        can_write=may_write,
        form=form,
        conflict=conflict,
        saved=saved,
    )
    if not request.htmx and status == 200:
        messages.success(request, _("Texten är sparad."))
        return redirect(
            reverse("followup:unit_report", args=[round_.code, unit.code]) + f"#avsnitt-{key}"
        )
    return render_form(
        request, "followup/section_page.html", "followup/_section_form.html", context, status
    )


@login_required
@require_GET
def section_draft(request, round_code: str, unit_code: str, key: str):
    """One text with the draft its template writes from the data, for the writer to
    accept: HTMX swaps it into the reporting page, a plain request gets it on a page."""
    round_ = get_round(round_code)
    unit = get_unit(unit_code)
    permissions.require(
        permissions.can_view_unit(request.user, unit, round_.period_end),
        _("Du har inte behörighet att se denna enhet."),
    )
    declared = {s.key: s for s in report_hooks.text_sections(round_, unit, drafts=True)}
    if key not in declared:
        raise Http404(_("Okänt avsnitt."))
    context = _section_context(
        round_,
        unit,
        declared[key],
        selectors.unit_sections(round_, unit).get(key),
        can_write=_may_write(request.user, round_, unit, selectors.unit_report(round_, unit)),
    )
    context["draft_asked"] = True
    return render_form(
        request, "followup/section_page.html", "followup/_section_draft.html", context
    )


def _empty_section_titles(round_, unit) -> list[str]:
    texts = selectors.unit_sections(round_, unit)
    return [
        s.heading
        for s in report_hooks.text_sections(round_, unit)
        if s.key not in texts or not texts[s.key].body.strip()
    ]


@login_required
@require_POST
def unit_report_action(request, round_code: str, unit_code: str, action: str):
    round_ = get_round(round_code)
    unit = get_unit(unit_code)
    try:
        if action == "submit":
            services.unit_report_submit(round=round_, unit=unit, user=request.user)
            messages.success(request, _("Rapporten är inskickad."))
            empty = _empty_section_titles(round_, unit)
            if empty:
                messages.warning(
                    request,
                    _("Dessa texter är tomma i den inskickade rapporten: %(titles)s.")
                    % {"titles": ", ".join(empty)},
                )
        elif action == "approve":
            services.unit_report_approve(round=round_, unit=unit, user=request.user)
            messages.success(request, _("Rapporten är godkänd."))
        elif action == "return":
            services.unit_report_return(
                round=round_,
                unit=unit,
                reason=request.POST.get("reason", ""),
                item_comments={
                    key.removeprefix("item-"): value
                    for key, value in request.POST.items()
                    if key.startswith("item-")
                },
                user=request.user,
            )
            messages.success(request, _("Rapporten är återremitterad."))
        else:
            raise PermissionDenied(_("Okänd åtgärd."))
    except ValidationError as exc:
        for messages_ in error_messages(exc).values():
            for message in messages_:
                messages.error(request, message)
    if request.POST.get("from") == "review":
        return redirect("followup:unit_review", round_.code, unit.code)
    return redirect("followup:unit_report", round_.code, unit.code)


@login_required
@require_GET
def unit_review(request, round_code: str, unit_code: str):
    """The whole report of a unit on one page, with return (comment per item) and approve."""
    round_ = get_round(round_code)
    unit = get_unit(unit_code)
    permissions.require(
        permissions.can_view_unit(request.user, unit, round_.period_end),
        _("Du har inte behörighet att se denna enhet."),
    )
    report = selectors.unit_report(round_, unit)
    state = report.state if report else ReportState.NOT_STARTED
    texts = selectors.unit_sections(round_, unit)
    sections = report_hooks.text_sections(round_, unit)
    may_review = permissions.can_review(request.user, unit, round_) and round_.state in (
        RoundState.OPEN,
        RoundState.CLOSED,
    )
    return render(
        request,
        "followup/unit_review.html",
        {
            "round": round_,
            "unit": unit,
            "unit_name": unit_name_on(unit, round_.period_end),
            "report": report,
            "state_label": ReportState(state).label,
            "rows": selectors.review_rows(round_, unit),
            "texts": [(s.key, s.heading, texts.get(s.key)) for s in sections],
            "can_return": may_review and state in TRANSITIONS["return"][0],
            "can_approve": may_review and state in TRANSITIONS["approve"][0],
            "return_form": ReturnForm(),
        },
    )
