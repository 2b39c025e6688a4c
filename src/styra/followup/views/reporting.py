"""The reporting form for one item in one round: HTMX in place, or a plain POST."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DecimalField, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from styra.access import permissions
from styra.followup import plausibility, selectors, services
from styra.followup.due import is_due
from styra.followup.explain import explain
from styra.followup.forms import AssessmentForm
from styra.followup.models import Assessment, AssessmentValue, RoundState, UnitReport
from styra.followup.services.guards import EDITABLE_REPORT_STATES
from styra.followup.suggestion import applicable_target, scale_levels, suggest_status
from styra.formats.amounts import decimal_range_error
from styra.org.selectors import unit_name_on
from styra.plans.models import Indicator, ItemKind, TargetKind

from .common import error_messages, get_round, input_number, render_form

FULL = "followup/item_report.html"
FRAGMENT = "followup/_assessment_form.html"
#: Changes shown on the item's page, the latest; `?historik=alla` shows every one (an
#: indicator saved weekly for years, or by a feed, has hundreds).
HISTORY_SHOWN = 20
#: The event a save sends (HX-Trigger), on which a history shown beside the form reloads.
HISTORY_CHANGED = "styra-history-changed"


def _indicator(item):
    try:
        return item.indicator
    except Indicator.DoesNotExist:
        return None


def can_edit(user, round_, item, report: UnitReport | None) -> bool:
    if not permissions.can_report(user, item, round_):
        return False
    state = report.state if report else "not_started"
    if round_.state == RoundState.OPEN:
        return state in EDITABLE_REPORT_STATES
    return round_.state == RoundState.CLOSED and state == "returned"


def _initial(assessment: Assessment | None) -> dict:
    if assessment is None:
        return {"version": 0}
    initial = {
        "version": assessment.version,
        # Left empty while the status follows the suggestion, so a new value re-suggests.
        "status_code": assessment.status.code
        if assessment.status
        and (assessment.status_overridden or not assessment.status_suggested_id)
        else "",
        "comment": assessment.comment,
        "completed": ""
        if assessment.completed is None
        else ("ja" if assessment.completed else "nej"),
    }
    for value in assessment.values.all():
        if not value.dimension and not value.member:
            initial.update(
                value=input_number(value.value),
                missing_reason=value.missing_reason,
                period_label=value.period_label,
            )
    return initial


def _cell_initial(form: AssessmentForm, assessment: Assessment | None) -> None:
    if assessment is None:
        return
    stored = {(v.dimension, v.member): v.value for v in assessment.values.all()}
    for index, cell in enumerate(form.cells):
        if stored.get(cell) is not None:
            form.initial[f"cell_{index}"] = input_number(stored[cell])


def _fits(value: Decimal) -> bool:
    field = AssessmentValue._meta.get_field("value")
    assert isinstance(field, DecimalField)
    return decimal_range_error(value, field.max_digits, field.decimal_places) is None


def _values(form: AssessmentForm) -> list[services.ValueInput]:
    data = form.cleaned_data
    values = []
    if "value" in form.fields:
        values.append(
            services.ValueInput(
                value=data.get("value"),
                missing_reason=data.get("missing_reason") or "",
                period_label=data.get("period_label") or "",
            )
        )
    for index, (dimension, member) in enumerate(form.cells):
        values.append(
            services.ValueInput(
                value=data.get(f"cell_{index}"),
                dimension=dimension,
                member=member,
                period_label=data.get("period_label") or "",
            )
        )
    return values


@login_required
@require_http_methods(["GET", "POST"])
def item_report(request, round_code: str, item_code: str):
    round_ = get_round(round_code)
    item = get_object_or_404(
        # item.plan is the round's plan, read with its unit (get_round): the related
        # manager sets it, so no join.
        round_.plan.items.select_related("owner", "level", "parent", "indicator").prefetch_related(
            "targets"
        ),
        code=item_code,
    )
    permissions.require(
        permissions.can_view_item(request.user, item, round_),
        _("Du har inte behörighet att se denna post."),
    )
    unit = permissions.reporting_unit(item)
    report = selectors.unit_report(round_, unit)
    indicator = _indicator(item)
    levels = scale_levels(item)
    target = applicable_target(item)
    show_completed = item.kind in (ItemKind.ASSIGNMENT, ItemKind.ACTIVITY) or bool(
        target and target.kind == TargetKind.COMPLETION
    )
    assessment = (
        Assessment.objects.filter(round=round_, item=item)
        .select_related("status", "status_suggested", "updated_by")
        .prefetch_related("values")
        .first()
    )
    form_kwargs = {"levels": levels, "indicator": indicator, "show_completed": show_completed}
    status, conflict, saved = 200, None, False

    value_warning = None
    if request.method == "POST":
        form = AssessmentForm(request.POST, **form_kwargs)
        entered = form.cleaned_data.get("value") if form.is_valid() else None
        # A value the column cannot hold gets the service's error, not this warning.
        if entered is not None and indicator is not None and _fits(entered):
            value_warning = plausibility.value_warning(
                item, entered, plausibility.earlier_values(item, round_)
            )
            # An unlikely value holds the save until the writer confirms this very value.
            if value_warning and request.POST.get("confirmed") == str(entered):
                value_warning = None
        if form.is_valid() and value_warning is not None:
            status = 200
        elif form.is_valid():
            try:
                assessment = services.assessment_save(
                    round=round_,
                    item=item,
                    user=request.user,
                    values=_values(form),
                    status_code=form.cleaned_data["status_code"] or None,
                    comment=form.cleaned_data["comment"],
                    completed=form.completed_value(),
                    expected_version=form.cleaned_data["version"] or 0,
                )
            except services.ConflictError as exc:
                conflict, status = exc, 409
                # Keep the editor's text; a new save now knowingly replaces the other's.
                data = request.POST.copy()
                data["version"] = exc.current_version
                form = AssessmentForm(data, **form_kwargs)
                form.is_valid()
            except PermissionDenied:
                raise
            except ValidationError as exc:
                status = 400
                for field, messages in error_messages(exc).items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                saved = True
                # The service hands back the assessment as saved, its status levels and
                # writer set; only its values are read again, as one query.
                prefetch_related_objects([assessment], "values")
                report = selectors.unit_report(round_, unit)
                form = AssessmentForm(initial=_initial(assessment), **form_kwargs)
                _cell_initial(form, assessment)
        else:
            status = 400
    else:
        form = AssessmentForm(initial=_initial(assessment), **form_kwargs)
        _cell_initial(form, assessment)

    total = assessment.total_value() if assessment is not None else None
    suggestion = suggest_status(
        item,
        value=total.value if total else None,
        comparison_value=total.comparison_value if total else None,
        completed=assessment.completed if assessment else None,
        missing_reason=total.missing_reason if total else "",
        levels=levels,
    )
    # The history is read when asked for (`?historik=visa`, the page's link): most visits
    # are to report, and a long history is most of a page's work.
    asked = request.GET.get("historik")
    history, history_more = _history(asked, round_, item)
    context = {
        "round": round_,
        "item": item,
        "indicator": indicator,
        "unit": unit,
        "unit_name": unit_name_on(unit, round_.period_end),
        "report": report,
        "assessment": assessment,
        "target": target,
        "suggestion": suggestion,
        "why": explain(suggestion, indicator.decimals if indicator else 1),
        "previous": selectors.previous_assessment(round_, item),
        "form": form,
        "can_edit": can_edit(request.user, round_, item, report),
        "conflict": conflict,
        "saved": saved,
        "due": is_due(item, round_),
        "history": history,
        "history_shown": history is not None,
        "history_all": asked == "alla",
        "history_more": history_more,
        # The reviewer's note is on the page above the form, not in the form HTMX swaps.
        "return_note": None
        if request.htmx
        else selectors.open_return_notes(round_, unit).get(item.pk),
        "value_warning": value_warning,
        "confirm_token": str(form.cleaned_data.get("value")) if value_warning else "",
    }
    response = render_form(request, FULL, FRAGMENT, context, status)
    if saved:
        # A history shown beside the form reads itself again (followup/_item_history.html).
        response["HX-Trigger"] = HISTORY_CHANGED
    return response


def _history(asked: str | None, round_, item) -> tuple[list | None, bool]:
    """The item's changes and whether there are more, as `?historik=` asks: every one
    ("alla"), the latest ("visa"), or none (None) when not asked."""
    if asked == "alla":
        return selectors.assessment_history(round_, item), False
    if asked == "visa":
        return selectors.latest_assessment_history(round_, item, HISTORY_SHOWN)
    return None, False


@login_required
@require_GET
def item_history(request, round_code: str, item_code: str):
    """The item's change history as a fragment: a history shown on the item's page reads
    itself again by HTMX after a save; a plain request is sent to the page with it."""
    round_ = get_round(round_code)
    item = get_object_or_404(round_.plan.items.select_related("plan", "plan__unit"), code=item_code)
    permissions.require(
        permissions.can_view_item(request.user, item, round_),
        _("Du har inte behörighet att se denna post."),
    )
    page = reverse("followup:item_report", args=[round_.code, item.code])
    everything = request.GET.get("historik") == "alla"
    if not request.htmx:
        return redirect(f"{page}?historik={'alla' if everything else 'visa'}#historik")
    history, more = _history("alla" if everything else "visa", round_, item)
    context = {
        "round": round_,
        "item": item,
        "history": history,
        "history_shown": True,
        "history_all": everything,
        "history_more": more,
    }
    return render(request, "followup/_item_history.html", context)
