"""/api/v1/rounds: rounds, their assessments (read and write), and bulk values for feeds.

Writes go through `assessment_save`, the one service the reporting form uses: the same
permission check (the token owner's roles), the same state checks (a locked round, a
closed or submitted report), the same optimistic locking (`version`) and history.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from styra.access import permissions
from styra.access.models import TokenScope
from styra.followup.models import Assessment, AssessmentValue, Round
from styra.followup.services import (
    ConflictError,
    ValueInput,
    assessment_save,
    ensure_round_editable,
)
from styra.plans.models import PlanItem

from . import selectors
from .auth import require_scope
from .errors import ApiProblem, Problem, from_validation_error
from .schemas import (
    READ_ERRORS,
    READ_ONE_ERRORS,
    WRITE_ERRORS,
    AssessmentIn,
    AssessmentOut,
    BulkValueIn,
    BulkValuesIn,
    BulkValuesOut,
    RoundOut,
    ValueIn,
    ValueOut,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

router = Router(tags=["uppföljning"])

# The service's field names → the API's.
FIELDS = {"status_code": "status", "values": "values", "comment": "comment"}


def number_out(value: Decimal | None) -> str | None:
    """A stored number as text, without the column's trailing zeros ("48.5", "100")."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def number_in(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _value_out(v: AssessmentValue) -> ValueOut:
    return ValueOut(
        dimension=v.dimension,
        member=v.member,
        value=number_out(v.value),
        missing_reason=v.missing_reason,
        period_label=v.period_label,
        period_start=v.period_start,
        period_end=v.period_end,
        comparison_value=number_out(v.comparison_value),
    )


def assessment_out(round_: Round, a: Assessment) -> AssessmentOut:
    return AssessmentOut(
        round=round_.code,
        item=a.item.code,
        unit=permissions.reporting_unit(a.item).code,
        version=a.version,
        status=a.status.code if a.status else None,
        status_label=a.status.label if a.status else None,
        status_suggested=a.status_suggested.code if a.status_suggested else None,
        status_overridden=a.status_overridden,
        completed=a.completed,
        comment=a.comment,
        values=[_value_out(v) for v in a.values.all()],
        updated_by=a.updated_by.get_username() if a.updated_by else None,
        updated_at=a.updated_at,
    )


@router.get("", response={200: list[RoundOut], **READ_ERRORS})
def round_list(request: HttpRequest) -> list[RoundOut]:
    """The rounds of the plans you may read, latest first."""
    user = require_scope(TokenScope.READ)
    return [
        RoundOut(
            code=r.code,
            name=r.name,
            kind=r.kind,
            plan=r.plan.code,
            period_start=r.period_start,
            period_end=r.period_end,
            reporting_deadline=r.reporting_deadline,
            state=r.state,
        )
        for r in selectors.rounds_visible(user)
    ]


@router.get("/{code}/assessments", response={200: list[AssessmentOut], **READ_ONE_ERRORS})
def assessment_list(request: HttpRequest, code: str) -> list[AssessmentOut]:
    """The round's assessments of the items you may read."""
    user = require_scope(TokenScope.READ)
    round_ = selectors.round_visible(user, code)
    return [assessment_out(round_, a) for a in selectors.assessments_visible(round_, user)]


def _item_readable(user: User, round_: Round, item: PlanItem) -> None:
    permissions.require(
        permissions.can_view_item(user, item, round_),
        _("Du har inte behörighet att se denna post."),
    )


@router.get("/{code}/assessments/{item}", response={200: AssessmentOut, **READ_ONE_ERRORS})
def assessment_get(request: HttpRequest, code: str, item: str) -> AssessmentOut:
    """One item's assessment; 404 while nothing is reported (then start from version 0)."""
    user = require_scope(TokenScope.READ)
    round_ = selectors.round_visible(user, code)
    found = selectors.round_item(round_, item)
    _item_readable(user, round_, found)
    assessment = selectors.assessment_of(round_, found)
    if assessment is None:
        raise ApiProblem(
            404,
            _("%(item)s har ingen bedömning i %(round)s ännu; skicka version 0.")
            % {"item": found.code, "round": round_.code},
            code="not_found",
        )
    return assessment_out(round_, assessment)


def _values(values: Iterable[ValueIn]) -> list[ValueInput]:
    return [
        ValueInput(
            value=number_in(v.value),
            dimension=v.dimension,
            member=v.member,
            missing_reason=v.missing_reason,
            period_label=v.period_label,
            period_start=v.period_start,
            period_end=v.period_end,
            comparison_value=number_in(v.comparison_value),
        )
        for v in values
    ]


@router.put("/{code}/assessments/{item}", response={200: AssessmentOut, **WRITE_ERRORS})
def assessment_put(
    request: HttpRequest, code: str, item: str, payload: AssessmentIn
) -> AssessmentOut:
    """Save one item's assessment as the reporting form does: the values given replace
    the stored ones, `status` empty follows the suggested status, and `version` must be
    the one you read (409 when someone saved since; nothing is then written)."""
    user = require_scope(TokenScope.WRITE)
    round_ = selectors.round_visible(user, code)
    found = selectors.round_item(round_, item)
    _item_readable(user, round_, found)
    try:
        assessment_save(
            round=round_,
            item=found,
            user=user,
            values=_values(payload.values),
            status_code=payload.status or None,
            comment=payload.comment,
            completed=payload.completed,
            expected_version=payload.version,
        )
    except ValidationError as exc:
        raise _renamed(exc) from exc
    saved = selectors.assessment_of(round_, found)
    assert saved is not None  # just saved in this request
    return assessment_out(round_, saved)


def _renamed(exc: ValidationError, row: int | None = None) -> ApiProblem:
    problem = from_validation_error(exc, row=row)
    for p in problem.problems:
        p.field = FIELDS.get(p.field, p.field)
    return problem


# --- bulk values (feeds) ----------------------------------------------------------------


def _stored(assessment: Assessment | None) -> dict[tuple[str, str], ValueInput]:
    if assessment is None:
        return {}
    return {
        (v.dimension, v.member): ValueInput(
            value=v.value,
            dimension=v.dimension,
            member=v.member,
            missing_reason=v.missing_reason,
            period_label=v.period_label,
            period_start=v.period_start,
            period_end=v.period_end,
            comparison_value=v.comparison_value,
        )
        for v in assessment.values.all()
    }


def _same(a: ValueInput | None, b: ValueInput) -> bool:
    return (
        a is not None
        and a.value == b.value
        and a.missing_reason == b.missing_reason
        and a.period_label == b.period_label
    )


class _Refused(Exception):
    def __init__(self, problems: list[tuple[int, Exception]]):
        self.problems = problems


#: When rows fail for several reasons, the answer's status is the weightiest of them.
WEIGHT = {403: 3, 409: 2, 422: 1}


def _row_problem(row: int, exc: Exception) -> tuple[int, str, list[Problem]]:
    """The status, code and problems of one item's failed save."""
    if isinstance(exc, PermissionDenied):
        return 403, "forbidden", [Problem(message=str(exc), row=row, field="item")]
    if isinstance(exc, ConflictError):
        return 409, "conflict", [Problem(message=str(exc), row=row, field="item")]
    assert isinstance(exc, ValidationError)
    problem = _renamed(exc, row=row)
    return problem.status, problem.code, problem.problems or [Problem(problem.detail, row)]


def _bulk_problem(failures: list[tuple[int, Exception]], unknown: list[Problem]) -> ApiProblem:
    status, code, problems = 422, "invalid", list(unknown)
    for row, exc in failures:
        row_status, row_code, row_problems = _row_problem(row, exc)
        problems.extend(row_problems)
        if WEIGHT[row_status] > WEIGHT[status]:
            status, code = row_status, row_code
    problems.sort(key=lambda p: (p.row or 0, p.field))
    return ApiProblem(
        status,
        _("Inget sparades: %(n)s fel. Rätta raderna och skicka hela anropet igen.")
        % {"n": len(problems)},
        code=code,
        problems=problems,
    )


@router.post("/{code}/values", response={200: BulkValuesOut, **WRITE_ERRORS})
def values_bulk(request: HttpRequest, code: str, payload: BulkValuesIn) -> BulkValuesOut:
    """Values of many items at once (a feed from another system): all or nothing.

    Each row is one value of one item (the total, or with `dimension` and `member` one
    cell of a breakdown). Cells not named keep their stored value; the comment stays
    unless given; a status the reporter chose stays, otherwise it follows the new value.
    An item whose values and comment are already as given is left as it is (no new
    version). Any problem, on any row, and nothing is written: the answer names each
    row (1 = the first) and field."""
    user = require_scope(TokenScope.WRITE)
    round_ = selectors.round_visible(user, code)
    ensure_round_editable(round_)  # a locked round: 409 at once, whatever the rows
    items = {
        i.code: i
        for i in round_.plan.items.select_related("plan", "plan__unit", "owner").filter(
            code__in={row.item for row in payload.values}
        )
    }
    unknown: list[Problem] = []
    by_item: dict[str, list[tuple[int, BulkValueIn]]] = {}
    for index, row in enumerate(payload.values, start=1):
        if row.item not in items:
            unknown.append(
                Problem(
                    message=_("Posten %(item)s finns inte i planen %(plan)s.")
                    % {"item": row.item, "plan": round_.plan.code},
                    row=index,
                    field="item",
                )
            )
            continue
        by_item.setdefault(row.item, []).append((index, row))
    saved = unchanged = 0
    try:
        with transaction.atomic():
            failures: list[tuple[int, Exception]] = []
            for item_code, rows in by_item.items():
                first_row = rows[0][0]
                try:
                    with transaction.atomic():
                        changed = _bulk_save(round_, items[item_code], rows, user)
                except (PermissionDenied, ConflictError, ValidationError) as exc:
                    failures.append((first_row, exc))
                    continue
                saved += changed
                unchanged += not changed
            if failures or unknown:
                raise _Refused(failures)
    except _Refused as refused:
        raise _bulk_problem(refused.problems, unknown) from None
    return BulkValuesOut(saved=saved, unchanged=unchanged)


def _bulk_save(
    round_: Round, item: PlanItem, rows: list[tuple[int, BulkValueIn]], user: User
) -> bool:
    """Save one item's rows; False when they change nothing."""
    current = (
        Assessment.objects.select_related("status")
        .prefetch_related("values")
        .filter(round=round_, item=item)
        .first()
    )
    stored = _stored(current)
    cells = dict(stored)
    comment = current.comment if current else ""
    for _index, row in rows:
        cells[(row.dimension, row.member)] = ValueInput(
            value=number_in(row.value),
            dimension=row.dimension,
            member=row.member,
            missing_reason=row.missing_reason,
            period_label=row.period_label,
        )
        if row.comment is not None:
            comment = row.comment
    same = all(_same(stored.get(key), value) for key, value in cells.items())
    if current is not None and same and comment == current.comment:
        # Nothing new: still only for someone who may report it, in a state that allows it.
        permissions.require(
            permissions.can_report(user, item, round_),
            _("Du får inte rapportera för %(item)s.") % {"item": item.number or item.code},
        )
        return False
    assessment_save(
        round=round_,
        item=item,
        user=user,
        values=list(cells.values()),
        status_code=current.status.code
        if current is not None and current.status is not None and current.status_overridden
        else None,
        comment=comment,
        completed=current.completed if current else None,
        expected_version=current.version if current else 0,
    )
    return True
