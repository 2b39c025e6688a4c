"""The planning pages. Each view checks who may see it, calls one selector or service and
renders; every write goes through `styra.planning.services` or the follow-up's services
(texts, submit, return, approve), which check permission and state themselves."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styra.access import permissions
from styra.followup import selectors as followup_selectors
from styra.followup import services as followup_services
from styra.followup.models import ReportState, Round, RoundKind, RoundState
from styra.followup.services.guards import EDITABLE_REPORT_STATES
from styra.followup.services.unit_reports import TRANSITIONS
from styra.org.models import Unit
from styra.org.selectors import unit_name_on
from styra.planning import services
from styra.planning.checks import plan_check
from styra.planning.models import (
    Budget,
    InspelNeed,
    InvestmentObject,
    InvestmentRequest,
    RequestStatus,
)
from styra.planning.selectors import inspel as inspel_selectors
from styra.planning.selectors.budget import budget_for, budget_table
from styra.planning.selectors.internal_control import control_plan_for, control_plan_table
from styra.planning.selectors.investments import (
    decisions,
    investment_plan_for,
    object_history,
    requests_in,
)
from styra.plans.models import Plan
from styra.reports.templates import TemplateError, template_get

from .forms import NeedForm, RenewForm, RequestForm, ReturnForm, TextForm


def _form_errors(request, form) -> None:
    """Each of a form's errors as a message, named by its field's label."""
    for field, errors in form.errors.items():
        for error in errors:
            text = f"{form.fields[field].label}: {error}" if field in form.fields else str(error)
            messages.error(request, text)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- index, plan, object -------------------------------------------------------------------


@login_required
def index(request):
    plans = (
        Plan.objects.filter(budget__isnull=False)
        | Plan.objects.filter(investment_plan__isnull=False)
        | Plan.objects.filter(internal_control__isnull=False)
    )
    visible = [
        p
        for p in plans.distinct().select_related("unit").order_by("-period_start", "code")
        if permissions.can_view_unit(request.user, p.unit, p.period_end)
    ]
    inspels = [
        i
        for i in inspel_selectors.inspel_rounds()
        if any(
            permissions.can_view_unit(request.user, unit, i.round.period_end)
            for unit in _inspel_units(i.round)
        )
    ]
    return render(request, "planning/index.html", {"plans": visible, "inspels": inspels})


def _plan(request, code: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit"), code=code)
    permissions.require(
        permissions.can_view_unit(request.user, plan.unit, plan.period_end),
        _("Du har inte behörighet att se denna plan."),
    )
    return plan


@login_required
def plan_page(request, plan_code: str):
    plan = _plan(request, plan_code)
    budget = budget_for(plan)
    investment_plan = investment_plan_for(plan)
    control_plan = control_plan_for(plan)
    context = {
        "plan": plan,
        "unit_name": unit_name_on(plan.unit, plan.period_end),
        "budget": budget,
        "table": budget_table(budget) if budget else None,
        "investment_plan": investment_plan,
        "decisions": list(decisions(investment_plan)) if investment_plan else [],
        "control_plan": control_plan,
        "controls": control_plan_table(control_plan) if control_plan else None,
        "areas": list(plan.follow_up_areas.order_by("order")),
        "meetings": list(plan.meetings.prefetch_related("items").order_by("date")),
        "findings": plan_check(plan),
        "can_manage": permissions.can_manage_plan(request.user, plan),
    }
    if investment_plan:
        decided = list(decisions(investment_plan))
        context["investment_total"] = sum(d.amount for d in decided)
        context["to_follow_up"] = sum(1 for d in decided if not d.register_investment_id)
        context["follow_up_rounds"] = list(
            plan.rounds.filter(state=RoundState.OPEN, period_end__year=investment_plan.year)
            .exclude(kind=RoundKind.INSPEL)
            .order_by("period_end")
        )
    return render(request, "planning/plan.html", context)


@login_required
@require_POST
def budget_adopt(request, plan_code: str):
    plan = _plan(request, plan_code)
    budget = get_object_or_404(Budget, plan=plan)
    try:
        feed = services.budget_adopt(budget=budget, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Budgeten är fastställd och förd till uppföljningens budget (%(n)s rader).")
            % {"n": feed.fact_count},
        )
        for warning in feed.warnings:
            messages.warning(request, warning)
    return redirect("planning:plan", plan.code)


@login_required
@require_POST
def investment_follow_up(request, plan_code: str):
    plan = _plan(request, plan_code)
    investment_plan = investment_plan_for(plan)
    round_ = plan.rounds.filter(code=request.POST.get("round", "")).first()
    if investment_plan is None or round_ is None:
        raise Http404(_("Uppföljningstillfället finns inte i den här planen."))
    try:
        taken = services.investment_plan_follow_up(
            investment_plan=investment_plan, round=round_, user=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("%(n)s investeringar förda till investeringsregistret i %(round)s.")
            % {"n": len(taken), "round": round_.name},
        )
    return redirect("planning:plan", plan.code)


@login_required
def object_page(request, code: str):
    obj = get_object_or_404(InvestmentObject, code=code)
    history = object_history(obj)
    involved = [
        (unit_id, date(year, 12, 31))
        for unit_id, year in [
            *obj.requests.values_list("unit_id", "first_year"),
            *obj.decisions.values_list("unit_id", "investment_plan__year"),
        ]
    ]
    units = Unit.objects.in_bulk([unit_id for unit_id, _day in involved])
    allowed = any(
        permissions.can_view_unit(request.user, units[unit_id], day) for unit_id, day in involved
    )
    permissions.require(allowed, _("Du har inte behörighet att se detta investeringsobjekt."))
    return render(request, "planning/object.html", {"object": obj, "history": history})


# --- inspel --------------------------------------------------------------------------------


def _inspel(round_code: str):
    round_ = get_object_or_404(
        Round.objects.select_related("plan", "plan__unit"), code=round_code, kind=RoundKind.INSPEL
    )
    inspel = inspel_selectors.inspel_get(round_)
    if inspel is None:
        raise Http404(_("Inspelet saknar planperiod."))
    return round_, inspel


def text_sections(inspel) -> list[tuple[str, str]]:
    """(text key, heading) of every text the inspel's template asks the units for."""
    try:
        template = template_get(inspel.template)
    except TemplateError as exc:
        raise Http404(str(exc)) from exc
    sections = []
    for spec in template.sections:
        if spec.text_key:
            heading = spec.heading.replace("{result_year}", str(inspel.result_year))
            if spec.kind not in ("text", "unit_texts"):
                heading = _("Kommentar: %(heading)s") % {"heading": heading}
            sections.append((spec.text_key, heading))
    return sections


def _inspel_units(round_: Round) -> list[Unit]:
    from styra.org.selectors import tree_as_of

    roots = tree_as_of(round_.period_end)
    nodes = [n for r in roots for n in r.walk()]
    node = next((n for n in nodes if n.unit_id == round_.plan.unit_id), None)
    ids = [n.unit_id for n in node.walk()] if node else [round_.plan.unit_id]
    units = Unit.objects.in_bulk(ids)
    return [units[i] for i in ids if i in units and not units[i].budget_only]


@login_required
def inspel_overview(request, round_code: str):
    round_, inspel = _inspel(round_code)
    day = round_.period_end
    rows = []
    for unit in _inspel_units(round_):
        if not permissions.can_view_unit(request.user, unit, day):
            continue
        report = followup_selectors.unit_report(round_, unit)
        state = report.state if report else ReportState.NOT_STARTED
        rows.append(
            {
                "unit": unit,
                "name": unit_name_on(unit, day),
                "state": ReportState(state).label,
                "requests": requests_in(round_, unit).count(),
                "needs": InspelNeed.objects.filter(round=round_, unit=unit).count(),
            }
        )
    if not rows:
        raise PermissionDenied(_("Du har inte behörighet att se detta inspel."))
    return render(
        request, "planning/inspel.html", {"round": round_, "inspel": inspel, "rows": rows}
    )


def _may_write(user, round_: Round, unit: Unit, report) -> bool:
    state = report.state if report else ReportState.NOT_STARTED
    if not permissions.can_report_unit(user, unit, round_):
        return False
    if round_.state == RoundState.OPEN:
        return state in EDITABLE_REPORT_STATES
    return round_.state == RoundState.CLOSED and state == ReportState.RETURNED


def _unit_page_url(round_: Round, unit: Unit, anchor: str = "") -> str:
    url = reverse("planning:inspel_unit", args=[round_.code, unit.code])
    return f"{url}#{anchor}" if anchor else url


@login_required
def inspel_unit(request, round_code: str, unit_code: str):
    round_, inspel = _inspel(round_code)
    unit = get_object_or_404(Unit, code=unit_code)
    permissions.require(
        permissions.can_view_unit(request.user, unit, round_.period_end),
        _("Du har inte behörighet att se denna enhet."),
    )
    report = followup_selectors.unit_report(round_, unit)
    state = report.state if report else ReportState.NOT_STARTED
    can_write = _may_write(request.user, round_, unit, report)
    texts = followup_selectors.unit_sections(round_, unit)
    sections = [
        {
            "key": key,
            "title": title,
            "text": texts.get(key),
            "form": TextForm(
                initial={
                    "body": texts[key].body if key in texts else "",
                    "version": texts[key].version if key in texts else 0,
                }
            ),
        }
        for key, title in text_sections(inspel)
    ]
    may_review = permissions.can_review(request.user, unit, round_) and round_.state in (
        RoundState.OPEN,
        RoundState.CLOSED,
    )
    earlier = (
        InvestmentRequest.objects.filter(
            unit=unit, status=RequestStatus.NOT_GRANTED, first_year__lt=inspel.first_year
        )
        .exclude(object__requests__first_year=inspel.first_year)
        .select_related("object")
        .order_by("-first_year")
    )
    context = {
        "round": round_,
        "inspel": inspel,
        "unit": unit,
        "unit_name": unit_name_on(unit, round_.period_end),
        "report": report,
        "state_label": ReportState(state).label,
        "result": inspel_selectors.year_result(inspel, unit),
        "current": inspel_selectors.current_year(inspel, unit),
        "sections": sections,
        "needs": list(inspel_selectors.needs_in(round_, unit)),
        "requests": list(requests_in(round_, unit)),
        "earlier": [
            (old, RenewForm(years=inspel.years, prefix=f"igen-{old.pk}"))
            for old in (earlier if can_write else [])
        ],
        "need_form": NeedForm(years=inspel.years, prefix="behov"),
        "request_form": RequestForm(years=inspel.years, prefix="askande"),
        "can_write": can_write,
        "can_submit": can_write and state in TRANSITIONS["submit"][0],
        "can_return": may_review and state in TRANSITIONS["return"][0],
        "can_approve": may_review and state in TRANSITIONS["approve"][0],
        "can_decide": may_review,
        "return_form": ReturnForm(),
        "history": followup_selectors.unit_report_history(round_, unit),
    }
    return render(request, "planning/inspel_unit.html", context)


def _unit(unit_code: str) -> Unit:
    return get_object_or_404(Unit, code=unit_code)


@login_required
@require_POST
def inspel_text(request, round_code: str, unit_code: str, key: str):
    round_, inspel = _inspel(round_code)
    unit = _unit(unit_code)
    titles = dict(text_sections(inspel))
    if key not in titles:
        raise PermissionDenied(_("Okänt avsnitt."))
    form = TextForm(request.POST)
    if form.is_valid():
        try:
            followup_services.section_text_save(
                round=round_,
                unit=unit,
                key=key,
                title=titles[key],
                body=form.cleaned_data["body"] or "",
                user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except followup_services.ConflictError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Texten är sparad."))
    return redirect(_unit_page_url(round_, unit, f"text-{key}"))


@login_required
@require_POST
def inspel_need(request, round_code: str, unit_code: str):
    round_, inspel = _inspel(round_code)
    unit = _unit(unit_code)
    form = NeedForm(request.POST, years=inspel.years, prefix="behov")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_unit_page_url(round_, unit, "behov"))
    try:
        services.inspel_need_save(
            round=round_,
            unit=unit,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            amounts=form.amounts(),
            user=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Behovet är sparat."))
    return redirect(_unit_page_url(round_, unit, "behov"))


@login_required
@require_POST
def inspel_need_delete(request, round_code: str, unit_code: str, code: str):
    round_, _inspel_round = _inspel(round_code)
    unit = _unit(unit_code)
    need = get_object_or_404(InspelNeed, round=round_, unit=unit, code=code)
    try:
        services.inspel_need_delete(need=need, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Behovet är borttaget."))
    return redirect(_unit_page_url(round_, unit, "behov"))


@login_required
@require_POST
def inspel_request(request, round_code: str, unit_code: str):
    round_, inspel = _inspel(round_code)
    unit = _unit(unit_code)
    form = RequestForm(request.POST, years=inspel.years, prefix="askande")
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(_unit_page_url(round_, unit, "investeringar"))
    try:
        services.investment_request_save(
            round=round_,
            unit=unit,
            object_code="",
            object_name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            amounts=form.amounts(),
            running_cost_effect=form.cleaned_data["running_cost_effect"],
            follow_on_risk=form.risk(),
            follow_on_risk_text=form.cleaned_data["follow_on_risk_text"],
            consequence=form.cleaned_data["consequence"],
            user=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Investeringen är äskad."))
    return redirect(_unit_page_url(round_, unit, "investeringar"))


@login_required
@require_POST
def inspel_request_renew(request, round_code: str, unit_code: str, pk: int):
    round_, inspel = _inspel(round_code)
    unit = _unit(unit_code)
    previous = get_object_or_404(InvestmentRequest, pk=pk)
    form = RenewForm(request.POST, years=inspel.years, prefix=f"igen-{previous.pk}")
    if not form.is_valid():
        messages.error(request, _("Kontrollera beloppen."))
        return redirect(_unit_page_url(round_, unit, "investeringar"))
    try:
        services.investment_request_renew(
            previous=previous, round=round_, unit=unit, amounts=form.amounts(), user=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Investeringen är äskad på nytt."))
    return redirect(_unit_page_url(round_, unit, "investeringar"))


@login_required
@require_POST
def inspel_request_decide(request, round_code: str, unit_code: str, pk: int):
    round_, _inspel_round = _inspel(round_code)
    unit = _unit(unit_code)
    investment_request = get_object_or_404(InvestmentRequest, pk=pk, round=round_, unit=unit)
    granted = request.POST.get("decision") == "granted"
    try:
        services.investment_request_decide(
            request=investment_request, granted=granted, user=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Beslutet är sparat."))
    return redirect(_unit_page_url(round_, unit, "investeringar"))


@login_required
@require_POST
def inspel_action(request, round_code: str, unit_code: str, action: str):
    round_, _inspel_round = _inspel(round_code)
    unit = _unit(unit_code)
    try:
        if action == "submit":
            followup_services.unit_report_submit(round=round_, unit=unit, user=request.user)
            messages.success(request, _("Inspelet är inskickat."))
        elif action == "approve":
            followup_services.unit_report_approve(round=round_, unit=unit, user=request.user)
            messages.success(request, _("Inspelet är godkänt."))
        elif action == "return":
            form = ReturnForm(request.POST)
            reason = form.data.get("reason", "")
            followup_services.unit_report_return(
                round=round_, unit=unit, reason=reason, user=request.user
            )
            messages.success(request, _("Inspelet är återremitterat."))
        else:
            raise Http404(_("Okänd åtgärd."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_unit_page_url(round_, unit))
