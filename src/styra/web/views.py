"""The read-only pages: start page, the plan as a tree, one item.

Views parse the request, call selectors in `styra.web.selectors` and render. What a
person reads here follows the follow-up pages' rules (`styra.access.permissions`): a
plan or item they may not read is refused (403), and the tree holds only the items
they may read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.selectors import my_tasks
from styra.followup.summary import round_summary
from styra.org.selectors import unit_name_on
from styra.plans.models import Plan, PlanItem

from . import selectors
from .search import MIN_LENGTH, search


@login_required
def home(request):
    context = {
        "plans": selectors.plan_overviews(request.user),
        "tasks": my_tasks(request.user),
    }
    return render(request, "web/home.html", context)


@login_required
def search_page(request):
    results = search(request.user, request.GET.get("q", ""))
    return render(request, "web/search.html", {"results": results, "min_length": MIN_LENGTH})


@login_required
def first_steps(request):
    """A short guide for a new region: what to set up, in which order, and where."""
    return render(
        request,
        "web/first_steps.html",
        {
            "has_plans": Plan.objects.exists(),
            "is_superuser": permissions.is_superuser(request.user),
            # A command line, not prose: the same in every language.
            "plan_import_command": "styra plan import plan.yaml --user admin",
        },
    )


@login_required
def plan_list(request):
    return render(request, "web/plan_list.html", {"plans": selectors.plan_overviews(request.user)})


def _plan_or_404(code: str) -> Plan:
    try:
        return selectors.plan_get(code)
    except Plan.DoesNotExist as exc:
        raise Http404(_("Planen finns inte.")) from exc


@login_required
def plan_detail(request, plan_code: str):
    plan = _plan_or_404(plan_code)
    rounds = selectors.plan_rounds(plan)
    requested = request.GET.get("omgang")
    if requested:
        round_ = next((r for r in rounds if r.code == requested), None)
        if round_ is None:
            raise Http404(_("Uppföljningstillfället finns inte i den här planen."))
    else:
        round_ = selectors.default_round(rounds)
    unit_ids = permissions.viewable_unit_ids(
        request.user, round_.period_end if round_ else plan.period_end
    )
    permissions.require(
        selectors.plan_is_viewable(plan, unit_ids), _("Du har inte behörighet att se planen.")
    )
    # The summary counts every item of the plan: the plan unit's readers see it.
    whole_plan = unit_ids is None or plan.unit_id in unit_ids
    summary = round_summary(round_) if round_ and whole_plan else None
    tree = selectors.plan_tree(
        plan, round_, summary.item_status if summary else None, unit_ids=unit_ids
    )
    tables = selectors.summary_tables(summary, total_label=_("Totalt")) if summary else []
    context = {
        "plan": plan,
        "unit_name": unit_name_on(plan.unit, plan.period_end),
        "rounds": rounds,
        "round": round_,
        "tree": tree,
        "tree_groups": selectors.group_by_level(tree),
        "summary_tables": tables,
    }
    return render(request, "web/plan_detail.html", context)


@login_required
def item_detail(request, plan_code: str, item_code: str):
    plan = _plan_or_404(plan_code)
    # Roles as the tree stood at the plan's end and at each round's end.
    days = {plan.period_end, *(r.period_end for r in selectors.plan_rounds(plan))}
    units_by_day = permissions.viewable_unit_ids_on(request.user, days)
    try:
        detail = selectors.item_detail(plan, item_code, units_by_day)
    except PlanItem.DoesNotExist as exc:
        raise Http404(_("Posten finns inte i den här planen.")) from exc
    permissions.require(
        any(permissions.item_is_viewable(detail.item, units) for units in units_by_day.values()),
        _("Du har inte behörighet att se denna post."),
    )
    return render(
        request,
        "web/item_detail.html",
        {
            "plan": plan,
            "detail": detail,
            "may_edit": permissions.can_manage_plan(request.user, plan),
        },
    )


def login_locked_out(request, response=None, credentials=None):
    """django-axes' answer to a sign-in while the username or address is locked out
    (settings: AXES_LOCKOUT_CALLABLE): the login page saying why, status 429."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {"form": AuthenticationForm(request), "locked_out": True, "minutes": minutes}
    return render(request, "registration/login.html", context, status=429)
