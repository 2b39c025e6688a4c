"""Pages of the economy registers: forecast per unit, savings measures, investments.

Views parse the request, check that the user may see the page, call one service or
selector and render. Who may change what is decided by the services (`rules`); a view
asks `rules` only to decide which forms and links to offer.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from styra.access import permissions
from styra.followup.models import Round
from styra.formats.amounts import input_text
from styra.org.models import Unit
from styra.org.selectors import subtree_unit_ids, unit_name_on

from . import rules, selectors, services
from .forms import ForecastForm, InvestmentForm, SavingsMeasureForm
from .models import Investment, InvestmentOutcome, SavingsMeasure
from .plausibility import forecast_warnings


def _round(code: str) -> Round:
    return get_object_or_404(Round.objects.select_related("plan", "plan__unit"), code=code)


def _can_view(request, unit: Unit, round_: Round) -> None:
    permissions.require(permissions.can_view_unit(request.user, unit, round_.period_end))


def _refused(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


@login_required
def index(request):
    rounds = Round.objects.select_related("plan", "plan__unit").order_by("-period_end")
    return render(request, "economy/index.html", {"rounds": rounds})


# Forecasts ---------------------------------------------------------------------------


def _forecast_context(request, round_: Round, unit: Unit, form=None) -> dict:
    overview = selectors.forecast_overview(round=round_, unit=unit)
    can_edit = unit.pk in rules.writable_unit_ids(round=round_, user=request.user)
    if form is None:
        initial = {"scale": "mkr"}
        if overview.forecast:
            initial["amount"] = input_text(overview.forecast.amount, "mkr")
            initial["comment"] = overview.forecast.comment
        form = ForecastForm(initial=initial)
    return {
        "round": round_,
        "unit": unit,
        "unit_name": overview.row.name,
        "overview": overview,
        "form": form,
        "can_edit": can_edit,
        "may_write": rules.may_write(request.user, unit, round_),
        "year": round_.period_end.year,
        "parent": _parent(unit, round_),
    }


def _parent(unit: Unit, round_: Round) -> Unit | None:
    version = unit.versions.filter(valid_from__lte=round_.period_end).order_by("-valid_from")
    first = version.select_related("parent").first()
    return first.parent if first else None


@login_required
@require_http_methods(["GET", "POST"])
def forecast(request, round_code: str, unit_code: str):
    round_ = _round(round_code)
    unit = get_object_or_404(Unit, code=unit_code)
    _can_view(request, unit, round_)
    form = None
    if request.method == "POST":
        rules.require_write(request.user, unit, round_)
        form = ForecastForm(request.POST)
        if form.is_valid():
            amount = form.cleaned_data["amount_kr"]
            warnings = forecast_warnings(round=round_, unit=unit, amount=amount)
            # A plausibility warning holds the save until the writer confirms this amount.
            token = str(amount.quantize(Decimal("0.01")))
            if warnings and request.POST.get("confirmed") != token:
                context = _forecast_context(request, round_, unit, form)
                context.update(warnings=warnings, confirm_token=token)
                template = (
                    "economy/includes/forecast_panel.html"
                    if request.htmx
                    else ("economy/forecast.html")
                )
                return render(request, template, context)
            try:
                services.forecast_set(
                    round=round_,
                    unit=unit,
                    amount=form.cleaned_data["amount_kr"],
                    comment=form.cleaned_data["comment"],
                    user=request.user,
                )
            except ValidationError as exc:
                _refused(form, exc)
            else:
                if not request.htmx:
                    messages.success(request, _("Prognosen är sparad."))
                    return redirect(request.path)
                form = None
    context = _forecast_context(request, round_, unit, form)
    if request.htmx and request.method == "POST":
        context["saved"] = form is None
        return render(request, "economy/includes/forecast_panel.html", context)
    return render(request, "economy/forecast.html", context)


# Savings measures --------------------------------------------------------------------


def _list_context(request, round_: Round) -> dict:
    """What a register list offers: the new-row button and the rows' edit links."""
    writable = rules.writable_unit_ids(round=round_, user=request.user)
    return {
        "round": round_,
        "year": round_.period_end.year,
        "unit_name": unit_name_on(round_.plan.unit, round_.period_end),
        "can_add": bool(writable) and rules.may_add(request.user, round_),
        "writable": writable,
    }


@login_required
def savings_list(request, round_code: str):
    round_ = _round(round_code)
    unit = round_.plan.unit
    _can_view(request, unit, round_)
    context = _list_context(request, round_)
    context["table"] = selectors.savings_table(round=round_, unit=unit)
    context["levels"] = selectors.savings_levels()
    return render(request, "economy/savings_list.html", context)


def _owner_choices(request, round_: Round) -> list[int]:
    """The units a row may be given to: in the round, and the user may write for them.

    The state (a submitted report, a locked round) is the service's to refuse, with its
    message.
    """
    permitted = rules.permitted_unit_ids(round=round_, user=request.user)
    return [u for u in subtree_unit_ids(round_.plan.unit, round_.period_end) if u in permitted]


@login_required
@require_http_methods(["GET", "POST"])
def savings_edit(request, round_code: str, code: str | None = None):
    round_ = _round(round_code)
    measure = None
    if code is not None:
        measure = get_object_or_404(SavingsMeasure, round=round_, code=code)
        rules.require_write(request.user, measure.unit, round_)
    else:
        rules.require_add(request.user, round_)
    services.savings_scale_ensure()
    unit_ids, editing = _owner_choices(request, round_), measure is not None
    if request.method == "POST":
        form = SavingsMeasureForm(
            request.POST, initial=_measure_initial(measure), unit_ids=unit_ids, editing=editing
        )
        if form.is_valid() and measure is None:
            if SavingsMeasure.objects.filter(round=round_, code=form.cleaned_data["code"]).exists():
                form.add_error("code", _("Det finns redan en åtgärd med den koden."))
        if form.is_valid():
            try:
                services.savings_measure_save(round=round_, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Åtgärden är sparad."))
                return redirect("economy:savings_list", round_code=round_.code)
    else:
        form = SavingsMeasureForm(
            initial=_measure_initial(measure), unit_ids=unit_ids, editing=editing
        )
    return render(
        request,
        "economy/savings_form.html",
        {
            "round": round_,
            "measure": measure,
            "form": form,
        },
    )


def _measure_initial(measure: SavingsMeasure | None) -> dict:
    if measure is None:
        return {}
    fields = [
        "code",
        "unit",
        "name",
        "kind",
        "category",
        "planned_effect",
        "outcome",
        "outcome_previous",
        "status",
        "comment",
    ]
    return {name: getattr(measure, name) for name in fields}


# Investments -------------------------------------------------------------------------


@login_required
def investments_list(request, round_code: str):
    round_ = _round(round_code)
    unit = round_.plan.unit
    _can_view(request, unit, round_)
    context = _list_context(request, round_)
    context["summary"] = selectors.investment_summary(round=round_, unit=unit)
    return render(request, "economy/investments_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def investment_edit(request, round_code: str, code: str | None = None):
    round_ = _round(round_code)
    year = round_.period_end.year
    investment = None
    if code is not None:
        investment = get_object_or_404(Investment, year=year, code=code)
        if investment.unit_id not in subtree_unit_ids(round_.plan.unit, round_.period_end):
            raise Http404
        rules.require_write(request.user, investment.unit, round_)
    else:
        rules.require_add(request.user, round_)
    unit_ids, editing = _owner_choices(request, round_), investment is not None
    initial = _investment_initial(investment, round_)
    if request.method == "POST":
        form = InvestmentForm(request.POST, initial=initial, unit_ids=unit_ids, editing=editing)
        if form.is_valid() and investment is None:
            if Investment.objects.filter(year=year, code=form.cleaned_data["code"]).exists():
                form.add_error("code", _("Det finns redan ett investeringsobjekt med den koden."))
        if form.is_valid():
            data = dict(form.cleaned_data)
            outcome = services.OutcomeInput(
                outcome_year=data.pop("outcome_year") or Decimal(0),
                outcome_since_start=data.pop("outcome_since_start"),
            )
            data["budget_year"] = data["budget_year"] or Decimal(0)
            try:
                services.investment_save(round=round_, outcome=outcome, user=request.user, **data)
            except ValidationError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Investeringen är sparad."))
                return redirect(reverse("economy:investments_list", args=[round_.code]))
    else:
        form = InvestmentForm(initial=initial, unit_ids=unit_ids, editing=editing)
    return render(
        request,
        "economy/investment_form.html",
        {
            "round": round_,
            "investment": investment,
            "form": form,
        },
    )


def _investment_initial(investment: Investment | None, round_: Round) -> dict:
    if investment is None:
        return {}
    fields = [
        "code",
        "unit",
        "name",
        "kind",
        "category",
        "status",
        "budget_year",
        "budget_total",
        "forecast_total",
        "procurement_contacted",
        "procurement_contacted_on",
        "status_detail",
    ]
    initial = {name: getattr(investment, name) for name in fields}
    outcome = InvestmentOutcome.objects.filter(round=round_, investment=investment).first()
    if outcome:
        initial["outcome_year"] = outcome.outcome_year
        initial["outcome_since_start"] = outcome.outcome_since_start
    return initial
