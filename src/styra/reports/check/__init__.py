"""The report check: a correctness engine for a report before it is published (domain
guide §11, docs/report-check.md).

It reads the built document (every text and table as printed) beside the data and
reports, per finding, the section, the item or table cell, what the report states and
what the data says:

- assessments: missing, no value without a reason, a status that contradicts value
  and target (`assessments`);
- tables: totals and subtotals (also of imported tables), row totals, differences and
  changes in percent, shares, the same figure printed twice (`tables`);
- texts: counts per scope, counts by status or colour word, shares (`statements`);
  amounts and percentages against the figures they name (`amounts`);
- plausibility: forecasts with the wrong sign, a factor of about 1 000, indicator
  values far from their history and target; the registered full-year forecasts of
  the unit and its sub-units by the forecast form's rules (`plausibility`);
- placeholders and stale periods, with named earlier periods allowed (`periods`).

Errors block a clean publication: `styra report check` exits 1, and a round locks
with errors only when the controller gives a reason (`followup.services.round_lock`).
"""

from __future__ import annotations

from styra.followup.models import Round
from styra.followup.report_hooks import LockFinding
from styra.org.models import Unit
from styra.plans.models import Plan
from styra.reports.document import Document
from styra.reports.selectors import ReportData, plan_report_data, report_data
from styra.reports.templates import TemplateError, template_get

from .amounts import check_amounts
from .assessments import check_assessments
from .findings import ERROR, INFO, SEVERITY_LABELS, SEVERITY_ORDER, WARNING, Finding
from .periods import check_periods, check_placeholders
from .plausibility import check_forecasts, check_plausibility, indicator_history
from .statements import check_statements, check_table_row_counts
from .tables import check_duplicates, check_tables
from .texts import text_pieces

__all__ = [
    "ERROR",
    "INFO",
    "SEVERITY_LABELS",
    "WARNING",
    "Finding",
    "check_document",
    "check_forecasts",
    "check_plan_document",
    "check_duplicates",
    "check_tables",
    "has_errors",
    "lock_findings",
    "plan_document_check",
    "report_check",
    "round_errors",
]


def check_document(
    document: Document, data: ReportData, *, history: dict | None = None
) -> list[Finding]:
    """Every finding for a built document and the data it was built from, errors first.

    Runs no query when `history` (earlier rounds' indicator values) is given, so a
    test can check hundreds of altered copies of one document quickly.
    """
    pieces = list(text_pieces(document, data))
    if history is None:
        history = indicator_history(data)
    findings = [
        *check_assessments(data),
        *check_tables(document, frozenset(i.code for i in data.items)),
        *check_statements(pieces, data),
        *check_table_row_counts(pieces, document),
        *check_amounts(pieces, document, data),
        *check_plausibility(document, data, history),
        *check_placeholders(pieces),
        *check_periods(pieces, data.round),
    ]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def check_plan_document(document: Document, data: ReportData) -> list[Finding]:
    """Every finding for a plan printed before its year (a verksamhetsplan), errors first.

    Nothing is assessed in a plan and it has no earlier rounds, so the document itself
    is checked: its tables, the counts, shares and amounts its texts state, the
    plausibility of its figures, placeholders and stale periods. What the plan's data
    holds (targets, frames, investments) is checked by `styra.planning.checks`.
    """
    pieces = list(text_pieces(document, data))
    findings = [
        *check_tables(document, frozenset(i.code for i in data.items)),
        *check_statements(pieces, data),
        *check_table_row_counts(pieces, document),
        *check_amounts(pieces, document, data),
        *check_plausibility(document, data, {}),
        *check_placeholders(pieces),
        *check_periods(pieces, data.round),
    ]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def plan_document_check(
    *, plan: Plan, unit: Unit, document: Document | None = None
) -> list[Finding]:
    """All findings for `plan` printed as a document for `unit`, errors first."""
    if document is None:
        from styra.reports.services import plan_document

        document = plan_document(plan=plan, unit=unit)
    return check_plan_document(document, plan_report_data(plan, unit))


def _forecast_row_set(document: Document) -> str | None:
    """The row set the document sets the forecasts beside (its `unit_results` section's
    `rows`), or None for the default row set."""
    try:
        template = template_get(document.template_code)
    except TemplateError:
        return None
    for spec in template.sections:
        if spec.kind == "unit_results" and (spec.options or {}).get("rows"):
            return str(spec.options["rows"])
    return None


def report_check(*, round_: Round, unit: Unit, document: Document | None = None) -> list[Finding]:
    """All findings for `unit`'s report in `round_`, errors first."""
    if document is None:
        from styra.reports.services import report_document

        document = report_document(round_=round_, unit=unit)
    findings = [
        *check_document(document, report_data(round_, unit)),
        *check_forecasts(round_, unit, _forecast_row_set(document)),
    ]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def round_errors(round_: Round) -> list[Finding]:
    """The errors in the report of the round's own unit (the plan unit's, the report that
    is published; it holds every item of the plan, so every missing assessment and
    contradiction shows there). What locking the round cuts short."""
    return [f for f in report_check(round_=round_, unit=round_.plan.unit) if f.severity == ERROR]


def lock_findings(round_: Round) -> list[LockFinding]:
    """`round_errors` in one line each: `round_lock` refuses to lock while there are any,
    unless confirmed with a reason, and records them on the round."""
    code = round_.plan.unit.code
    return [
        LockFinding(unit_code=code, place=f.place, message=f.message) for f in round_errors(round_)
    ]
