"""Automatic status from a value and a target (domain guide §4).

Pure functions on Decimals: no database, no formatting. The result says *why*
(`basis` and the compared numbers) so that the presentation can explain it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import Direction, StatusMeaning, TargetKind, ToleranceKind

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class TargetRule:
    """The parts of a target that judging needs; built from a `Target` row or by tests."""

    kind: str
    value: Decimal | None = None
    direction: str = Direction.HIGHER
    strict: bool = False
    baseline_value: Decimal | None = None
    tolerance_kind: str = ToleranceKind.NONE
    tolerance_value: Decimal | None = None

    @classmethod
    def from_target(cls, target, plan=None) -> TargetRule:
        tolerance_kind = target.tolerance_kind or (plan.tolerance_kind if plan else "none")
        tolerance_value = (
            target.tolerance_value
            if target.tolerance_kind
            else (plan.tolerance_value if plan else None)
        )
        return cls(
            kind=target.kind,
            value=target.value,
            direction=target.direction,
            strict=target.strict,
            baseline_value=target.baseline_value,
            tolerance_kind=tolerance_kind or ToleranceKind.NONE,
            tolerance_value=tolerance_value,
        )


class Basis:
    MISSING_VALUE = "missing_value"
    NOT_SET = "not_set"
    NO_COMPARISON = "no_comparison"
    MET = "met"
    WITHIN_TOLERANCE = "within_tolerance"
    OUTSIDE_TOLERANCE = "outside_tolerance"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"


@dataclass(frozen=True)
class StatusResult:
    meaning: str
    basis: str
    compared: Decimal | None = None  # the value judged (a change in % for baseline targets)
    target: Decimal | None = None  # what it was judged against
    band: Decimal | None = None  # the tolerance band used


def tolerance_band(rule: TargetRule, reference: Decimal) -> Decimal:
    if rule.tolerance_value is None or rule.tolerance_kind == ToleranceKind.NONE:
        return Decimal(0)
    if rule.tolerance_kind == ToleranceKind.RELATIVE:
        return abs(reference) * rule.tolerance_value / HUNDRED
    return abs(rule.tolerance_value)


def _judge(compared: Decimal, goal: Decimal, rule: TargetRule) -> StatusResult:
    band = tolerance_band(rule, goal)
    if rule.direction == Direction.CLOSER:
        gap = abs(compared - goal)
        if gap <= band:
            return StatusResult(StatusMeaning.FULFILLED, Basis.MET, compared, goal, band)
        if gap <= 2 * band:
            return StatusResult(StatusMeaning.PARTLY, Basis.WITHIN_TOLERANCE, compared, goal, band)
        return StatusResult(
            StatusMeaning.NOT_FULFILLED, Basis.OUTSIDE_TOLERANCE, compared, goal, band
        )
    # shortfall > 0 means the value is on the wrong side of the target.
    shortfall = goal - compared if rule.direction == Direction.HIGHER else compared - goal
    met = shortfall < 0 if rule.strict else shortfall <= 0
    if met:
        return StatusResult(StatusMeaning.FULFILLED, Basis.MET, compared, goal, band)
    if band > 0 and shortfall <= band:
        return StatusResult(StatusMeaning.PARTLY, Basis.WITHIN_TOLERANCE, compared, goal, band)
    return StatusResult(StatusMeaning.NOT_FULFILLED, Basis.OUTSIDE_TOLERANCE, compared, goal, band)


def compute_status(
    rule: TargetRule,
    value: Decimal | None,
    *,
    comparison_value: Decimal | None = None,
    completed: bool | None = None,
) -> StatusResult:
    """Judge `value` against `rule`.

    - threshold and count: the value against the target value in the rule's direction;
    - relative_baseline: the change in % from the baseline value; without a baseline
      value the reported value is itself that change (as printed reports give it);
    - relative_comparison: the value against the comparison series plus the target
      value as an allowed offset (0 when not set: "i nivå med riket");
    - completion: the reporter's yes/no.
    """
    if rule.kind == TargetKind.NOT_SET:
        return StatusResult(StatusMeaning.NOT_JUDGED, Basis.NOT_SET)
    if rule.kind == TargetKind.COMPLETION:
        if completed is None:
            return StatusResult(StatusMeaning.NOT_REPORTED, Basis.MISSING_VALUE)
        if completed:
            return StatusResult(StatusMeaning.FULFILLED, Basis.COMPLETED)
        return StatusResult(StatusMeaning.NOT_FULFILLED, Basis.NOT_COMPLETED)
    if value is None:
        return StatusResult(StatusMeaning.NOT_REPORTED, Basis.MISSING_VALUE)
    if rule.kind == TargetKind.RELATIVE_COMPARISON:
        if comparison_value is None:
            return StatusResult(StatusMeaning.NOT_JUDGED, Basis.NO_COMPARISON)
        return _judge(value, comparison_value + (rule.value or 0), rule)
    if rule.value is None:
        return StatusResult(StatusMeaning.NOT_JUDGED, Basis.NOT_SET)
    if rule.kind == TargetKind.RELATIVE_BASELINE and rule.baseline_value:
        change = (value - rule.baseline_value) / abs(rule.baseline_value) * HUNDRED
        return _judge(change, rule.value, rule)
    return _judge(value, rule.value, rule)
