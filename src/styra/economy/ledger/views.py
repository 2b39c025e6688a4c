"""The economy pages: the economic analysis table of a unit and period, with roll-up.

Views parse the request, check that the user may see the unit, call selectors and
render; numbers are formatted in the template through `styra.formats.numbers`.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from styra.access.permissions import VIEW_ROLES, can_view_unit, is_superuser, require
from styra.access.selectors import unit_ids_with_role
from styra.org.models import Unit
from styra.org.selectors import tree_as_of

from . import selectors
from .forms import LedgerUploadForm
from .jobs import can_import_ledger, ledger_import_enqueue
from .models import FactKind, LedgerFact, ReportRowSet


def _latest_period() -> date:
    latest = LedgerFact.objects.filter(kind=FactKind.OUTCOME).aggregate(m=Max("month"))["m"]
    today = date.today()
    return latest or date(today.year, today.month, 1)


# Past this, a unit's cost centres are better read unit by unit (roll-up links).
MAX_COST_CENTRE_ROWS = 60


@login_required
def index(request):
    """/ekonomi/ → the table of the highest unit the user may see, for the latest month
    with outcome (a department's reporter lands on the department, not on a 403)."""
    period = _latest_period()
    period_end = selectors.month_end(period.year, period.month)
    roots = tree_as_of(period_end)
    if not roots:
        raise Http404(_("Organisationen är tom."))
    visible = roots[0]
    if not is_superuser(request.user):
        allowed = unit_ids_with_role(request.user, VIEW_ROLES, period_end)
        walk = (node for root in roots for node in root.walk())
        visible = next((node for node in walk if node.unit_id in allowed), roots[0])
    return redirect("finance:table", unit_code=visible.code, year=period.year, month=period.month)


@login_required
def choose(request):
    """The picker form's GET target: redirect to the chosen unit and period."""
    try:
        year = int(request.GET.get("ar", ""))
        month = int(request.GET.get("manad", ""))
        code = request.GET["enhet"]
    except (KeyError, ValueError):
        return redirect("finance:index")
    if (
        not (1 <= month <= 12 and 1900 <= year <= 2999)
        or not Unit.objects.filter(code=code).exists()
    ):
        raise Http404(_("Enheten eller perioden finns inte."))
    try:
        url = reverse("finance:table", kwargs={"unit_code": code, "year": year, "month": month})
    except NoReverseMatch:  # a code that cannot be part of a URL
        raise Http404(_("Enheten eller perioden finns inte.")) from None
    rows = request.GET.get("rader")
    return redirect(f"{url}?{urlencode({'rader': rows})}" if rows else url)


def _coverage(year: int, month: int) -> dict:
    """Which months of `year` have outcome, and whether the chosen month lies past them."""
    months = selectors.outcome_months(year)
    last = months[-1] if months else None
    return {
        "data_months": months,
        "data_first": months[0] if months else None,
        "data_last": last,
        "no_outcome_year": not months,
        "past_data": last is not None and month > last.month,
    }


@login_required
def table(request, unit_code: str, year: int, month: int):
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise Http404(_("Perioden finns inte."))
    period_end = selectors.month_end(year, month)
    try:
        unit = Unit.objects.get(code=unit_code)
    except Unit.DoesNotExist:
        raise Http404(_("Enheten finns inte.")) from None
    require(can_view_unit(request.user, unit, period_end))
    try:
        row_set = selectors.row_set_get(request.GET.get("rader") or None)
    except ReportRowSet.DoesNotExist:
        raise Http404(_("Det finns ingen raduppsättning; läs in en först.")) from None

    economic = selectors.economic_table(unit=unit, period_end=period_end, row_set=row_set)
    nodes = [node for root in tree_as_of(period_end) for node in root.walk()]
    node = next((n for n in nodes if n.unit_id == unit.pk), None)
    if node is None:
        raise Http404(_("Enheten fanns inte vid periodens slut."))
    parent = next((n for n in nodes if n.unit_id == node.parent_id), None)
    context = {
        "table": economic,
        "unit": unit,
        "node": node,
        "parent": parent,
        "children": node.children,
        "nodes": nodes,
        "year": year,
        "month": month,
        "month_name": MONTHS[month],
        "months": sorted(MONTHS.items()),
        "row_sets": ReportRowSet.objects.all(),
        "cost_centres": [],
        "can_import": can_import_ledger(request.user),
        **_coverage(year, month),
    }
    centres = selectors.cost_centre_table(unit=unit, period_end=period_end, row_set=row_set)
    if len(centres) <= MAX_COST_CENTRE_ROWS:
        context["cost_centres"] = centres
    return render(request, "finance/economic_table.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Upload a ledger file (SIE or table); it is checked or imported as a background job
    (all or nothing), whose page shows the progress and the result."""
    require(
        can_import_ledger(request.user),
        _(
            "Endast controller eller administratör för organisationens översta enhet får läsa in huvudboken."
        ),
    )
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            uploaded = data["file"]
            with tempfile.TemporaryDirectory(prefix="styra-upload-") as tmp:
                path = Path(tmp) / Path(uploaded.name).name
                with open(path, "wb") as out:
                    for chunk in uploaded.chunks():
                        out.write(chunk)
                job = ledger_import_enqueue(
                    path=path,
                    fmt=data["format"],
                    year=data["year"],
                    user=request.user,
                    dry_run=data["dry_run"],
                )
            return redirect("jobs:detail", job_id=job.pk)
        return render(request, "finance/upload.html", {"form": form}, status=400)
    return render(request, "finance/upload.html", {"form": form})
