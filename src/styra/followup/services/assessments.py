"""Saving an assessment: values, suggested and chosen status, comment, optimistic locking."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Assessment, AssessmentValue, MissingReason, Round
from styra.followup.suggestion import scale_levels, suggest_status
from styra.formats.amounts import check_decimal_field
from styra.formats.text import check_length, clean_comment, clean_line, column_max_length
from styra.plans.models import ItemKind, PlanItem

from .errors import ConflictError
from .guards import ensure_report_editable
from .unit_reports import unit_report_for_update, unit_report_mark_edited

if TYPE_CHECKING:
    from django.contrib.auth.models import User

VALUE_FIELDS = (
    "value",
    "missing_reason",
    "period_label",
    "period_start",
    "period_end",
    "comparison_value",
)


@dataclass(frozen=True)
class ValueInput:
    """One value to store: the total (no dimension) or one breakdown cell."""

    value: Decimal | None = None
    dimension: str = ""
    member: str = ""
    missing_reason: str = ""
    period_label: str = ""
    period_start: date | None = None
    period_end: date | None = None
    comparison_value: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.missing_reason and self.comparison_value is None


def _user_label(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _conflict(assessment: Assessment | None) -> ConflictError:
    if assessment is None:  # deleted under us; nothing to show but the fact
        return ConflictError(current_version=0, updated_by="", updated_at=None)
    return ConflictError(
        current_version=assessment.version,
        updated_by=_user_label(assessment.updated_by),
        updated_at=assessment.updated_at,
        comment=assessment.comment,
        status_label=assessment.status.label if assessment.status else "",
        values=[
            (v.dimension, v.member, v.value, v.missing_reason)
            for v in assessment.values.order_by("order", "pk")
        ],
    )


def _cleaned_values(values: list[ValueInput]) -> list[ValueInput]:
    """The values with their texts cleaned and every field checked against its column."""
    cleaned = []
    for value in values:
        period_label = clean_line(value.period_label).strip()
        check_length(
            period_label, column_max_length(AssessmentValue, "period_label"), "period_label"
        )
        for name in ("value", "comparison_value"):
            check_decimal_field(getattr(value, name), AssessmentValue, name)
        cleaned.append(replace(value, period_label=period_label))
    return cleaned


def _validate_values(values: list[ValueInput]) -> None:
    seen = set()
    for value in values:
        key = (value.dimension, value.member)
        if key in seen:
            raise ValidationError(
                {
                    "values": _("Samma uppdelning förekommer två gånger: %(key)s")
                    % {"key": " ".join(k for k in key if k) or _("totalt")}
                }
            )
        seen.add(key)
        if value.missing_reason and value.missing_reason not in MissingReason.values:
            raise ValidationError({"values": _("Okänd orsak till saknat värde.")})
        if value.value is not None and value.missing_reason:
            raise ValidationError(
                {"values": _("Ange antingen ett värde eller en orsak till att det saknas.")}
            )
        if value.period_start and value.period_end and value.period_end < value.period_start:
            raise ValidationError({"values": _("Mätperioden slutar innan den börjar.")})


def _values_match(assessment: Assessment, values: list[ValueInput]) -> bool:
    """Whether the stored values are already exactly `values` (nothing to write)."""
    existing = {(v.dimension, v.member): v for v in assessment.values.all()}
    wanted = [v for v in values if not v.is_empty]
    if len(wanted) != len(existing):
        return False
    for order, given in enumerate(values):
        if given.is_empty:
            continue
        row = existing.get((given.dimension, given.member))
        if row is None or row.order != order:
            return False
        for field in VALUE_FIELDS:
            new = getattr(given, field)
            if field in ("missing_reason", "period_label"):
                new = new or ""
            if getattr(row, field) != new:
                return False
    return True


def _sync_values(assessment: Assessment, values: list[ValueInput], user: User) -> None:
    """Write only what changed, so the history shows real changes and nothing else."""
    existing = {(v.dimension, v.member): v for v in assessment.values.all()}
    wanted = {
        (v.dimension, v.member): (order, v) for order, v in enumerate(values) if not v.is_empty
    }
    for key, stale in existing.items():
        if key not in wanted:
            stale._history_user = user
            stale.delete()
    for key, (order, given) in wanted.items():
        row = existing.get(key)
        is_new = row is None
        if row is None:
            row = AssessmentValue(
                assessment=assessment, dimension=given.dimension, member=given.member
            )
        changed = is_new or row.order != order
        for field in VALUE_FIELDS:
            new = getattr(given, field)
            if field in ("missing_reason", "period_label"):
                new = new or ""
            if getattr(row, field) != new:
                setattr(row, field, new)
                changed = True
        if changed:
            row.order = order
            row._history_user = user
            row.save()


@transaction.atomic
def assessment_save(
    *,
    round: Round,
    item: PlanItem,
    user: User,
    values: list[ValueInput],
    status_code: str | None = None,
    comment: str = "",
    completed: bool | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """Save what a unit reports for one item in one round.

    `expected_version` is the version the editor started from (0 when there was no
    assessment yet); if someone saved since, `ConflictError` is raised and nothing is
    written. `None` skips the check (imports that own the data). A save that changes
    nothing writes nothing: the version stays and no history row is added.
    """
    if item.plan_id != round.plan_id:
        raise ValidationError(_("Planposten hör inte till uppföljningstillfällets plan."))
    if item.kind == ItemKind.AREA:
        raise ValidationError(
            _("Områden rapporteras med avsnittstexter, inte med status och värde.")
        )
    permissions.require(
        permissions.can_report(user, item, round),
        _("Du får inte rapportera för %(item)s.") % {"item": item.number or item.code},
    )
    unit = permissions.reporting_unit(item)
    report = unit_report_for_update(round_=round, unit=unit, user=user)
    ensure_report_editable(round, report)

    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("status", "updated_by")
        .filter(round=round, item=item)
        .first()
    )
    current_version = assessment.version if assessment else 0
    if expected_version is not None and expected_version != current_version:
        raise _conflict(assessment)

    values = _cleaned_values(list(values))
    _validate_values(values)
    comment = clean_comment(comment)
    total = next((v for v in values if not v.dimension and not v.member), ValueInput())
    levels = scale_levels(item)
    suggestion = suggest_status(
        item,
        value=total.value,
        comparison_value=total.comparison_value,
        completed=completed,
        missing_reason=total.missing_reason,
        levels=levels,
    )
    if status_code:
        chosen = next((level for level in levels if level.code == status_code), None)
        if chosen is None:
            raise ValidationError(
                {
                    "status_code": _("Statusen %(code)s finns inte på skalan.")
                    % {"code": status_code}
                }
            )
    else:
        chosen = suggestion.level
    suggested = suggestion.level
    overridden = False
    if suggested is not None and chosen is not None and chosen.pk != suggested.pk:
        overridden = True
        if not (comment or "").strip():
            raise ValidationError(
                {
                    "comment": _(
                        "Skriv en kommentar när du väljer en annan status än den föreslagna "
                        "(%(suggested)s)."
                    )
                    % {"suggested": suggested.label}
                },
                code="comment_required",
            )

    if (
        assessment is not None
        and assessment.status_id == (chosen.pk if chosen else None)
        and assessment.status_suggested_id == (suggested.pk if suggested else None)
        and assessment.status_overridden == overridden
        and assessment.completed == completed
        and assessment.comment == (comment or "")
        and _values_match(assessment, values)
    ):
        return assessment  # nothing changed: no new version, no history row
    if assessment is None:
        assessment = Assessment(round=round, item=item, version=1)
    else:
        assessment.version += 1
    assessment.status = chosen
    assessment.status_suggested = suggestion.level
    assessment.status_overridden = overridden
    assessment.completed = completed
    assessment.comment = comment or ""
    assessment.updated_by = user
    assessment._history_user = user
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:  # a parallel first save won the race
        raise _conflict(
            Assessment.objects.select_related("status", "updated_by")
            .filter(round=round, item=item)
            .first()
        ) from exc
    _sync_values(assessment, values, user)
    unit_report_mark_edited(report=report, user=user)
    return assessment
