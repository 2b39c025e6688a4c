"""`indicator_values_fill`: plan indicators that read their outcome from a series.

An `IndicatorLink` says which series, whose figures, which members and which period
(kind, and how many months the data lags the round). Filling a round writes each linked
indicator's value, measurement period and — when the link names a comparison area — the
comparison's value of the same period through the follow-up's own `assessment_save`, so
the status is suggested by the same `compute_status` as for a typed value ("i nivå med
riket" judged against riket's figure), with the same permission and lock checks. A
status or comment the reporter already chose is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Assessment, Round
from styra.followup.services.assessments import ValueInput, assessment_save

from ..catalogue import Catalogue
from ..models import IndicatorLink
from ..periods import Period, add_months
from ..selectors import SeriesData, Subject, loading_span


@dataclass
class Filled:
    item_code: str
    value: Decimal | None
    missing_reason: str
    period: str
    comparison: Decimal | None
    changed: bool


class _DryRun(Exception):
    pass


def link_period(link: IndicatorLink, round_: Round) -> Period:
    return Period.ending(link.period_kind, add_months(round_.period_end, -link.lag_months))


def indicator_values_fill(*, round: Round, user, dry_run: bool = False) -> list[Filled]:
    """Write the round's linked indicators from their series; see the module's doc."""
    links = list(
        IndicatorLink.objects.filter(item__plan_id=round.plan_id)
        .select_related("item", "item__plan", "item__owner", "series", "unit", "comparison")
        .order_by("item__order", "item__code")
    )
    catalogue = Catalogue.load()
    filled: list[Filled] = []
    try:
        with transaction.atomic():
            for link in links:
                filled.append(_fill(link, round, user, catalogue))
            if dry_run:
                raise _DryRun()
    except _DryRun:
        pass
    return filled


def _fill(link: IndicatorLink, round_: Round, user, catalogue: Catalogue) -> Filled:
    item = link.item
    # Asked before anything is read, so the answer does not depend on what changed.
    permissions.require(
        permissions.can_report(user, item, round_),
        _("Du får inte rapportera för %(item)s.") % {"item": item.number or item.code},
    )
    unit = link.unit or permissions.reporting_unit(item)
    period = link_period(link, round_)
    start, end = loading_span([period])
    data = SeriesData.load(
        [link.series],
        unit_ids=[unit.pk],
        area_ids=[link.comparison.pk] if link.comparison else [],
        start=start,
        end=end,
        day=round_.period_end,
        catalogue=catalogue,
    )
    members = dict(link.members)
    figure = data.figure(link.series, Subject(unit_id=unit.pk), members, period)
    comparison = None
    if link.comparison is not None:
        comparison = data.value(link.series, Subject(area_id=link.comparison.pk), members, period)
    existing = Assessment.objects.select_related("status").filter(round=round_, item=item).first()
    total = existing.values.filter(dimension="").first() if existing else None
    value = figure.value
    reason = "" if value is not None else figure.reason
    changed = total is None or (
        total.value != value
        or total.missing_reason != reason
        or total.comparison_value != comparison
        or total.period_end != period.end
    )
    if changed:
        others = (
            [
                ValueInput(
                    value=v.value,
                    dimension=v.dimension,
                    member=v.member,
                    missing_reason=v.missing_reason,
                    period_label=v.period_label,
                    period_start=v.period_start,
                    period_end=v.period_end,
                    comparison_value=v.comparison_value,
                )
                for v in existing.values.exclude(dimension="").order_by("order")
            ]
            if existing
            else []
        )
        assessment_save(
            round=round_,
            item=item,
            user=user,
            values=[
                ValueInput(
                    value=value,
                    missing_reason=reason,
                    period_label=period.label,
                    period_start=period.start,
                    period_end=period.end,
                    comparison_value=comparison,
                ),
                *others,
            ],
            status_code=existing.status.code
            if existing and existing.status_overridden and existing.status
            else None,
            comment=existing.comment if existing else "",
            completed=existing.completed if existing else None,
        )
    return Filled(
        item_code=item.number or item.code,
        value=value,
        missing_reason=reason,
        period=period.label,
        comparison=comparison,
        changed=changed,
    )
