"""A plan's rounds: the list, a new round, a round's name and deadlines.

Opening and closing are on the round's page, locking on its confirmation page
(`season:round_lock`); these pages link to both and do neither.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from styra.access import permissions
from styra.followup import services as followup_services
from styra.followup.due import items_in_round
from styra.followup.models import Round
from styra.plans.models import Plan

from .common import form_saved
from .forms import DeadlineForm, RoundForm


def _require_manage(user, plan: Plan) -> None:
    permissions.require(
        permissions.can_manage_round(user, plan),
        _(
            "Endast controller eller administratör för planens enhet får hantera uppföljningstillfällen."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request, plan_code: str):
    """GET: the plan's rounds and the form for a new one. POST: create it."""
    plan = get_object_or_404(Plan.objects.select_related("unit"), code=plan_code)
    _require_manage(request.user, plan)
    form = RoundForm(request.POST or None, prefix="ny")
    status = 200
    if request.method == "POST":
        saved = form_saved(
            request,
            form,
            lambda data: followup_services.round_create(
                plan=plan,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                reporting_deadline=data["reporting_deadline"],
                review_deadline=data["review_deadline"],
                publication_date=data["publication_date"],
                user=request.user,
            ),
            success=lambda data, round_: (
                _("Uppföljningstillfället %(name)s är skapat.") % {"name": round_.name}
            ),
            to=reverse("administration:rounds", args=[plan.code]),
        )
        if saved:
            return saved
        status = 400
    items = list(plan.items.only("kind", "frequency"))
    rounds = [
        (round_, len(items_in_round(round_, items)[0]))
        for round_ in Round.objects.filter(plan=plan).order_by("period_end", "code")
    ]
    return render(
        request,
        "administration/rounds.html",
        {"plan": plan, "rounds": rounds, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, round_code: str):
    """GET: the round's name and deadlines. POST: save them (never in a locked round)."""
    round_ = get_object_or_404(Round.objects.select_related("plan", "plan__unit"), code=round_code)
    _require_manage(request.user, round_.plan)
    initial = {
        "name": round_.name,
        "reporting_deadline": round_.reporting_deadline,
        "review_deadline": round_.review_deadline,
        "publication_date": round_.publication_date,
    }
    form = DeadlineForm(request.POST or None, initial=initial, prefix="tid")
    status = 200
    if request.method == "POST":
        saved = form_saved(
            request,
            form,
            lambda data: followup_services.round_update(
                round=round_,
                name=data["name"],
                kind=round_.kind,
                period_start=round_.period_start,
                period_end=round_.period_end,
                reporting_deadline=data["reporting_deadline"],
                review_deadline=data["review_deadline"],
                publication_date=data["publication_date"],
                user=request.user,
            ),
            success=lambda data, updated: (
                _("Tiderna för %(name)s är sparade.") % {"name": data["name"]}
            ),
            to=reverse("administration:rounds", args=[round_.plan.code]),
        )
        if saved:
            return saved
        status = 409 if round_.is_locked else 400
    return render(
        request,
        "administration/round_edit.html",
        {"round": round_, "form": form},
        status=status,
    )
