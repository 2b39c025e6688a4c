"""Assessments: every item the round asks for has one, with a status that agrees with
its value and target (or an override with a reason)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styra.plans.models import ItemKind, StatusMeaning, TargetKind
from styra.plans.status import TargetRule, compute_status
from styra.reports.builders.values import item_target
from styra.reports.selectors import ReportData

from .findings import ERROR, INFO, WARNING, Finding


def check_assessments(data: ReportData) -> list[Finding]:
    findings = []
    year = data.round.period_end.year
    for item in data.items:
        if item.kind not in (ItemKind.INDICATOR, ItemKind.ASSIGNMENT) or not data.is_due(item):
            continue
        place = f"{item.code} {item.title}"
        assessment = data.assessments.get(item.pk)
        if assessment is None or assessment.status is None:
            findings.append(
                Finding(
                    ERROR,
                    "missing_assessment",
                    place,
                    (
                        _("Bedömning saknas för nyckeltalet ”%(title)s”.")
                        if item.kind == ItemKind.INDICATOR
                        else _("Bedömning saknas för uppdraget ”%(title)s”.")
                    )
                    % {"title": item.title},
                    item.code,
                )
            )
            continue
        if item.kind != ItemKind.INDICATOR:
            continue
        total = assessment.total_value()
        target = item_target(item, year)
        if target is None or target.kind in (TargetKind.COMPLETION, TargetKind.NOT_SET):
            continue
        value = total.value if total else None
        comparison = total.comparison_value if total else None
        result = compute_status(
            TargetRule.from_target(target, data.round.plan), value, comparison_value=comparison
        )
        judged = {StatusMeaning.FULFILLED, StatusMeaning.PARTLY, StatusMeaning.NOT_FULFILLED}
        if result.meaning in judged and assessment.status.meaning != result.meaning:
            computed = str(StatusMeaning(result.meaning).label).lower()
            reported = assessment.status.label
            if assessment.status_overridden and assessment.comment.strip():
                findings.append(
                    Finding(
                        INFO,
                        "status_contradiction",
                        place,
                        _(
                            "Statusen ”%(status)s” är satt manuellt med motivering; utfall och "
                            "mål ger %(computed)s."
                        )
                        % {"status": reported, "computed": computed},
                        item.code,
                    )
                )
            else:
                findings.append(
                    Finding(
                        WARNING,
                        "status_contradiction",
                        place,
                        _(
                            "Statusen ”%(status)s” stämmer inte med utfall och mål, som ger "
                            "%(computed)s. Ändra statusen eller motivera avvikelsen i "
                            "kommentaren."
                        )
                        % {"status": reported, "computed": computed},
                        item.code,
                    )
                )
        if value is None and not (total and total.missing_reason):
            findings.append(
                Finding(
                    WARNING,
                    "missing_value",
                    place,
                    _("Utfall saknas för nyckeltalet ”%(title)s” utan angiven orsak.")
                    % {"title": item.title},
                    item.code,
                )
            )
    return findings
