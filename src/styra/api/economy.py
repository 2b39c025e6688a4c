"""/api/v1/economy/table: the economic analysis table of a unit (domain guide §7.3)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from styra.access import permissions
from styra.access.models import TokenScope
from styra.economy.ledger.models import ReportRowSet
from styra.economy.ledger.selectors import economic_table, month_end, row_set_get
from styra.org.models import Unit

from .auth import require_scope
from .errors import not_found, only_parameters
from .schemas import READ_ONE_ERRORS, EconomicTableOut, TableRowOut

router = Router(tags=["ekonomi"])


class TableQuery(Schema):
    unit: str = SchemaField(..., min_length=1, max_length=40, description="enhetens kod")
    year: int = SchemaField(..., ge=1900, le=2999)
    month: int = SchemaField(..., ge=1, le=12, description="januari till och med denna månad")
    rows: str | None = SchemaField(None, max_length=60, description="raduppsättningens kod")


def _amount(value: Decimal) -> str:
    """Kronor with öre, as stored: never a float, never rounded here."""
    return format(value, "f")


@router.get("/table", response={200: EconomicTableOut, **READ_ONE_ERRORS})
def table(request: HttpRequest, query: Query[TableQuery]) -> EconomicTableOut:
    """Outcome, budget, their difference and last year's outcome per report row,
    January to `month` of `year`, in kronor; as the economy page shows it."""
    user = require_scope(TokenScope.READ)
    only_parameters(request.GET, "unit", "year", "month", "rows")
    period_end = month_end(query.year, query.month)
    unit = Unit.objects.filter(code=query.unit).first()
    if unit is None:
        raise not_found(_("Enheten %(code)s finns inte.") % {"code": query.unit})
    permissions.require(
        permissions.can_view_unit(user, unit, period_end),
        _("Du har inte behörighet att läsa %(code)s.") % {"code": unit.code},
    )
    try:
        row_set = row_set_get(query.rows)
    except ReportRowSet.DoesNotExist:
        raise not_found(_("Raduppsättningen finns inte.")) from None
    result = economic_table(unit=unit, period_end=period_end, row_set=row_set)
    return EconomicTableOut(
        unit=unit.code,
        unit_name=result.unit_name,
        row_set=result.row_set.code,
        period_start=result.period_start,
        period_end=result.period_end,
        rows=[
            TableRowOut(
                code=r.code,
                label=r.label,
                kind=r.kind,
                outcome=_amount(r.outcome),
                budget=_amount(r.budget),
                budget_diff=_amount(r.budget_diff),
                outcome_prev=_amount(r.outcome_prev),
            )
            for r in result.rows
        ],
    )
