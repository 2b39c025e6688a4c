"""The dashboard ("måltavla") pages: a unit's dashboard in a round, its trends as
Vega-Lite specs and its Excel export; the index of the dashboards a person may open.

Who may read what follows the follow-up pages: a unit's dashboard opens for the
readers of the unit on the round's end date (`permissions.viewable_unit_ids`), and
shows the items they may read. The filters are GET parameters; a value the dashboard
does not offer is answered with 400 and the unfiltered dashboard.
"""

from __future__ import annotations

from csp.constants import UNSAFE_EVAL
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from styra.access import permissions
from styra.followup.models import Round
from styra.org.models import Unit
from styra.reports.charts import FORMAT_LOCALE
from styra.web import selectors as web_selectors

from . import charts, selectors
from .export import dashboard_xlsx
from .forms import PARAMETERS, FilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request, round_code: str, unit_code: str):
    round_ = get_object_or_404(Round.objects.select_related("plan__unit"), code=round_code)
    unit = get_object_or_404(Unit, code=unit_code)
    unit_ids = permissions.viewable_unit_ids(request.user, round_.period_end)
    permissions.require(
        unit_ids is None or unit.pk in unit_ids, _("Du har inte behörighet att se denna enhet.")
    )
    tree = selectors.Tree.on(round_.period_end)
    if not selectors.unit_in_plan(round_, unit, tree):
        raise Http404(_("Enheten har ingen måltavla i den här uppföljningen."))
    return round_, unit, unit_ids, tree


def _dashboard(request, round_code: str, unit_code: str):
    round_, unit, unit_ids, tree = _scope(request, round_code, unit_code)
    dash = selectors.prepare(round_, unit, unit_ids, tree=tree)
    form = FilterForm(
        {key: request.GET[key] for key in PARAMETERS if key in request.GET},
        statuses=dash.statuses,
        levels=dash.levels,
        owners=dash.owners,
    )
    return selectors.show(dash, form.filters()), form


@login_required
@require_GET
def dashboard_index(request):
    return render(
        request, "dashboard/index.html", {"entries": selectors.dashboard_entries(request.user)}
    )


@login_required
@require_GET
# Vega compiles chart expressions with `new Function`: like the report preview, the
# dashboard, which draws Styra's own specs, allows it; inline scripts stay forbidden.
@csp_update({"script-src": [UNSAFE_EVAL]})  # type: ignore[arg-type]  # django-csp types views as taking only the request
def dashboard_page(request, round_code: str, unit_code: str):
    dash, form = _dashboard(request, round_code, unit_code)
    status = 400 if form.errors else 200
    chosen = {
        "status": dash.filters.status,
        "niva": dash.filters.level,
        "agare": dash.filters.owner,
    }
    query = urlencode({key: value for key, value in chosen.items() if value})
    context = {
        "dash": dash,
        "round": dash.round,
        "form": form,
        "query": query,
        "summary_tables": web_selectors.summary_tables(dash.summary, total_label=_("Totalt")),
        "charts": [(chart, charts.alt_text(chart)) for chart in dash.charts],
        # Item links are the same but for the code: reversed once, not once per row.
        "item_base": reverse("web:item_detail", args=[dash.round.plan.code, "-"])[:-2],
        "rounds": selectors.follow_up_rounds(web_selectors.plan_rounds(dash.round.plan)),
        "format_locale": FORMAT_LOCALE,
    }
    template = "dashboard/_content.html" if request.htmx else "dashboard/page.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def dashboard_chart(request, round_code: str, unit_code: str, key: str):
    """One trend of the dashboard as a Vega-Lite spec (JSON), drawn by dashboard.js."""
    round_, unit, unit_ids, _tree = _scope(request, round_code, unit_code)
    data = selectors.chart(round_, unit, key, unit_ids)
    if data is None:
        raise Http404(_("Diagrammet finns inte på den här måltavlan."))
    return JsonResponse({"spec": charts.spec(data), "alt": charts.alt_text(data)})


@login_required
@require_GET
def dashboard_export(request, round_code: str, unit_code: str):
    dash, form = _dashboard(request, round_code, unit_code)
    if form.errors:
        return HttpResponse(
            _("Filtret innehåller ett värde som måltavlan inte har."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = f"maltavla-{slugify(dash.unit.code)}-{slugify(dash.round.code)}.xlsx"
    response = HttpResponse(dashboard_xlsx(dash), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
