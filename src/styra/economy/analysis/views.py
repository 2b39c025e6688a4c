"""The economic table of a unit and period: outcome, budget and last year to date, the
whole year's budget and forecast, lines opened under a row, and the same as Excel.

Everything the page shows is in its URL (?rader=, ?kolumn=, ?oppna=), so a view is
linkable and the Excel export writes exactly what the page shows. An opened line works
as a plain link without JavaScript; with HTMX only the table is swapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styra.access.permissions import can_view_unit, require
from styra.economy.ledger import selectors as ledger
from styra.economy.ledger.jobs import can_import_ledger
from styra.economy.ledger.models import ReportRowSet
from styra.org.models import Unit
from styra.org.selectors import TreeNode, tree_as_of

from . import columns as cols
from . import selectors
from .export import analysis_xlsx

# Past this, a unit's cost centres are better read unit by unit (roll-up links).
MAX_COST_CENTRE_ROWS = 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Request:
    """The parsed request of the page (path and query)."""

    unit: Unit
    year: int
    month: int  # as chosen
    shown_month: int  # the table's last month: the chosen one or the last with outcome
    row_set: ReportRowSet
    columns: list[cols.Column]
    opened: list[str]
    nodes: list[TreeNode]
    coverage: selectors.Coverage

    def query(self, opened: list[str] | None = None) -> str:
        """The query string of this view, with `opened` lines (default: as now)."""
        params = [] if self.row_set.is_default else [("rader", self.row_set.code)]
        if [c.code for c in self.columns] != cols.DEFAULT:
            params += [("kolumn", c.code) for c in self.columns]
        params += [("oppna", key) for key in (self.opened if opened is None else opened)]
        return urlencode(params)


def _parse(request, unit_code: str, year: int, month: int) -> Request:
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise Http404(_("Perioden finns inte."))
    period_end = ledger.month_end(year, month)
    try:
        unit = Unit.objects.get(code=unit_code)
    except Unit.DoesNotExist:
        raise Http404(_("Enheten finns inte.")) from None
    require(can_view_unit(request.user, unit, period_end))
    try:
        row_set = ledger.row_set_get(request.GET.get("rader") or None)
    except ReportRowSet.DoesNotExist:
        raise Http404(_("Det finns ingen raduppsättning; läs in en först.")) from None
    coverage = selectors.coverage(unit=unit, year=year, day=period_end)
    return Request(
        unit=unit,
        year=year,
        month=month,
        shown_month=coverage.shown_month(month),
        row_set=row_set,
        columns=cols.chosen(request.GET.getlist("kolumn")),
        opened=list(dict.fromkeys(k for k in request.GET.getlist("oppna") if k))[:50],
        nodes=[node for root in tree_as_of(period_end) for node in root.walk()],
        coverage=coverage,
    )


def _page(req: Request) -> selectors.AnalysisPage | None:
    if req.coverage.empty:
        return None
    try:
        return selectors.analysis_page(
            unit=req.unit,
            nodes=[n for n in req.nodes if n.depth == 0],
            period_end=ledger.month_end(req.year, req.shown_month),
            forecast_end=ledger.month_end(req.year, req.month),
            row_set=req.row_set,
            opened=req.opened,
        )
    except selectors.UnknownLine:
        raise Http404(
            _("Raden, enheten eller kostnadsstället finns inte under den valda enheten.")
        ) from None
    except Unit.DoesNotExist:
        raise Http404(_("Enheten fanns inte vid periodens slut.")) from None


@login_required
def table(request, unit_code: str, year: int, month: int):
    req = _parse(request, unit_code, year, month)
    node = next((n for n in req.nodes if n.unit_id == req.unit.pk), None)
    if node is None:
        raise Http404(_("Enheten fanns inte vid periodens slut."))
    page = _page(req)
    for group in page.groups if page else []:
        for line in [group.row, *group.lines]:
            line.toggle_query = req.query(line.toggle_keys)
            line.cells = [(getattr(line.amounts, c.attr), c.unit) for c in req.columns]
    parent = next((n for n in req.nodes if n.unit_id == node.parent_id), None)
    coverage = req.coverage
    context: dict[str, object] = {
        "page": page,
        "table": page.table if page else None,
        "unit": req.unit,
        "unit_name": node.name,
        "node": node,
        "parent": parent,
        "children": node.children,
        "nodes": req.nodes,
        "year": req.year,
        "month": req.month,
        "month_name": MONTHS[req.month],
        "shown_month": req.shown_month,
        "shown_month_name": MONTHS[req.shown_month],
        "months": sorted(MONTHS.items()),
        "row_sets": ReportRowSet.objects.all(),
        "row_set": req.row_set,
        "columns": req.columns,
        "all_columns": cols.COLUMNS,
        "chosen_codes": {c.code for c in req.columns},
        "opened": req.opened,
        "query": req.query(),
        "plain_query": req.query(opened=[]),
        "coverage": coverage,
        "past_data": coverage.last is not None and req.month > coverage.last.month,
        "cost_centres": [],
        "can_import": can_import_ledger(request.user),
    }
    if page:
        centres = ledger.cost_centre_table(
            unit=req.unit,
            period_end=ledger.month_end(req.year, req.shown_month),
            row_set=req.row_set,
        )
        if len(centres) <= MAX_COST_CENTRE_ROWS:
            context["cost_centres"] = centres
    return render(request, "finance/economic_table.html", context)


@login_required
def table_xlsx(request, unit_code: str, year: int, month: int):
    """The table as the page shows it (same columns, same opened lines) as a workbook."""
    req = _parse(request, unit_code, year, month)
    page = _page(req)
    if page is None:
        raise Http404(_("Huvudboken har inget utfall för %(year)s.") % {"year": req.year})
    content = analysis_xlsx(
        page=page,
        columns=req.columns,
        period_start=date(req.year, 1, 1),
        period_end=ledger.month_end(req.year, req.shown_month),
        coverage=req.coverage,
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"ekonomi-{slugify(req.unit.code)}-{req.year}-{req.shown_month:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
