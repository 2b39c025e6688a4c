"""The economy pages of the ledger: where /ekonomi/ lands, the picker, the upload.

The table itself is `styra.economy.analysis.views` (it shows the registers' forecasts
too, which this layer may not read).
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
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from styra.access.permissions import VIEW_ROLES, is_superuser, require
from styra.access.selectors import unit_ids_with_role
from styra.org.models import Unit
from styra.org.selectors import tree_as_of

from . import selectors
from .forms import LedgerUploadForm
from .jobs import can_import_ledger, ledger_import_enqueue
from .models import FactKind, LedgerFact


def _latest_period() -> date:
    latest = LedgerFact.objects.filter(kind=FactKind.OUTCOME).aggregate(m=Max("month"))["m"]
    today = date.today()
    return latest or date(today.year, today.month, 1)


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
    # The row set and the chosen columns go with the new unit and period.
    keep = [("rader", v) for v in request.GET.getlist("rader")[:1] if v]
    keep += [("kolumn", v) for v in request.GET.getlist("kolumn")]
    return redirect(f"{url}?{urlencode(keep)}" if keep else url)


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
