"""Turn a template, a round and a unit into a `Document`."""

from __future__ import annotations

from collections.abc import Callable

from styra.followup.models import Round
from styra.org.models import Unit
from styra.org.selectors import organisation_name
from styra.plans.models import Plan
from styra.reports.document import Document, Section
from styra.reports.selectors import plan_report_data, report_data
from styra.reports.templates import ReportTemplate, SectionSpec, TemplateError

from . import (
    charts,
    consolidated,
    economy,
    goals,
    imported,
    items,
    planning,
    statements,
    statistics,
    summaries,
    text,
)
from .common import BuildContext, period_label

Builder = Callable[[BuildContext, SectionSpec], list[Section]]

BUILDERS: dict[str, Builder] = {
    "heading": text.build_heading,
    "text": text.build_text,
    "goal_summary": summaries.build_goal_summary,
    "status_definitions": summaries.build_status_definitions,
    "goal_areas": goals.build_goal_areas,
    "indicator_table": items.build_indicator_table,
    "assignment_table": items.build_assignment_table,
    "item_table": items.build_item_table,
    "plan_goals": goals.build_plan_goals,
    "imported_table": imported.build_imported_table,
    "chart": charts.build_chart,
    "series_table": charts.build_series_table,
    "economic_analysis": economy.build_economic_analysis,
    "forecast": economy.build_forecast,
    "savings_measures": economy.build_savings_measures,
    "elected_members_budget": economy.build_elected_members_budget,
    "investments": economy.build_investments,
    "unit_results": economy.build_unit_results,
    "forecast_accuracy": economy.build_forecast_accuracy,
    "financial_records": economy.build_financial_records,
    "unit_sections": consolidated.build_unit_sections,
    "financial_statement": statements.build_financial_statement,
    "key_ratios": statements.build_key_ratios,
    "financial_goals": statements.build_financial_goals,
    "unit_texts": planning.build_unit_texts,
    "inspel_result": planning.build_inspel_result,
    "inspel_current": planning.build_inspel_current,
    "inspel_needs": planning.build_inspel_needs,
    "investment_requests": planning.build_investment_requests,
    "budget_frames": planning.build_budget_frames,
    "frame_changes": planning.build_frame_changes,
    "investment_plan": planning.build_investment_plan,
    "follow_up_plan": planning.build_follow_up_plan,
    "meeting_calendar": planning.build_meeting_calendar,
    "internal_control": planning.build_internal_control,
    "activities": planning.build_activities,
    "stat_table": statistics.build_stat_table,
    "stat_chart": statistics.build_stat_chart,
}

#: The section kinds a plan document can hold: it is printed before the year, from the
#: plan's own data, with no follow-up round (nothing assessed, no ledger period).
PLAN_KINDS = frozenset(
    {
        "heading",
        "text",
        "plan_goals",
        "indicator_table",
        "status_definitions",
        "activities",
        "budget_frames",
        "frame_changes",
        "investment_plan",
        "follow_up_plan",
        "meeting_calendar",
        "internal_control",
    }
)


def document_build(*, template: ReportTemplate, round_: Round, unit: Unit) -> Document:
    return _build(BuildContext(data=report_data(round_, unit), template=template), unit)


def plan_document_build(*, template: ReportTemplate, plan: Plan, unit: Unit) -> Document:
    """A plan printed before the year (a verksamhetsplan), from the plan's data alone."""
    for spec in template.sections:
        if spec.kind not in PLAN_KINDS:
            raise TemplateError(
                f"{template.path or template.code}: avsnittet {spec.kind} kräver ett "
                "uppföljningstillfälle och kan inte stå i en plan"
            )
    return _build(BuildContext(data=plan_report_data(plan, unit), template=template), unit)


def _build(ctx: BuildContext, unit: Unit) -> Document:
    template, round_ = ctx.template, ctx.round
    document = Document(
        title=ctx.fill(template.title),
        subtitle=ctx.fill(template.subtitle),
        organisation=organisation_name(round_.period_end),
        unit_code=unit.code,
        unit_name=ctx.data.unit_name,
        round_code=round_.code,
        round_name=round_.name,
        period_label=period_label(round_),
        period_start=round_.period_start.isoformat(),
        period_end=round_.period_end.isoformat(),
        template_code=template.code,
    )
    for spec in template.sections:
        for section in BUILDERS[spec.kind](ctx, spec):
            section.kind = section.kind or spec.kind
            document.sections.append(section)
    return document
