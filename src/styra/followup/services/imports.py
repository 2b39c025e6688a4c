"""Assessments from a file (`styra round import`): read and check everything, then save.

Columns (first row, in any order): `item` (the plan item's code), `value`, `status`
(a level code of the item's scale), `comment`, and optionally `missing` (a reason code)
and `period` (the value's measurement period). CSV or XLSX, read by the shared reader
(`styra.formats.tabular`, with its limits; a file with only a header is refused).

The whole file is checked before anything is saved: an unknown item, an item given on
two rows (twenty thousand rows for one item would otherwise be twenty thousand saves,
and versions, of the same assessment), a value that is no number or does not fit its
column. Then each item is saved once, through `assessment_save` — the same permission,
state and history as a save from the web — in one transaction: a refused row undoes
the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.followup.models import AssessmentValue, MissingReason, Round
from styra.formats.amounts import check_decimal_field
from styra.formats.numbers import parse_number, to_decimal
from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.tabular import RowReader, read_table
from styra.plans.models import PlanItem

from .assessments import ValueInput, assessment_save

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class _Row:
    line: int
    item: PlanItem
    value: Decimal | None
    missing: str
    period: str
    status: str
    comment: str


def _value(row: RowReader) -> Decimal | None:
    raw = row.raw("value")
    if raw is None:
        return None
    try:
        if isinstance(raw, str):
            value = parse_number(raw)
        elif isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
            value = to_decimal(raw)
        else:
            raise TypeError(raw)
        check_decimal_field(value, AssessmentValue, "value")
    except ValidationError as exc:
        row.problem("value", " ".join(exc.messages))
        return None
    except (TypeError, ValueError, ArithmeticError):
        row.problem("value", _("”%(value)s” är inget tal") % {"value": raw})
        return None
    return value


def assessments_import(
    *, round: Round, path: Path | str, user: User, data: bytes | None = None
) -> int:
    """Save the assessments in the file at `path` (or its `data`); the number saved.

    Raises `ImportFailed` (every problem, with file, line and column) and nothing is
    saved; `PermissionDenied` for a row the user may not report, naming its line.
    """
    table = read_table(path, data)
    table.require_columns("item")
    items = {item.code: item for item in round.plan.items.all()}
    first_line: dict[str, int] = {}
    rows: list[_Row] = []
    for line, values in table.rows:
        row = RowReader(table, line, values)
        code = row.text("item", required=True)
        item = items.get(code)
        if code and item is None:
            row.problem(
                "item",
                _("posten %(code)s finns inte i planen %(plan)s")
                % {"code": code, "plan": round.plan.code},
            )
        if code in first_line:
            row.problem(
                "item",
                _("posten %(code)s står redan på rad %(line)s; varje post får stå på en rad")
                % {"code": code, "line": first_line[code]},
            )
        first_line.setdefault(code, line)
        value = _value(row)
        missing = row.choice("missing", {m: m for m in MissingReason.values}) or ""
        if item is not None:
            rows.append(
                _Row(
                    line=line,
                    item=item,
                    value=value,
                    missing=missing,
                    period=row.text("period"),
                    status=row.text("status"),
                    comment=row.text("comment"),
                )
            )
    table.raise_if_problems()

    with transaction.atomic():
        for entry in rows:
            entry_values: list[ValueInput] = []
            if entry.value is not None or entry.missing:
                entry_values.append(
                    ValueInput(
                        value=entry.value, missing_reason=entry.missing, period_label=entry.period
                    )
                )
            try:
                assessment_save(
                    round=round,
                    item=entry.item,
                    user=user,
                    values=entry_values,
                    status_code=entry.status or None,
                    comment=entry.comment,
                )
            except PermissionDenied as exc:
                raise PermissionDenied(
                    _("%(file)s, rad %(line)s: %(message)s")
                    % {"file": table.name, "line": entry.line, "message": exc}
                ) from None
            except ValidationError as exc:
                raise ImportFailed(
                    [ImportProblem(table.name, entry.line, "", " ".join(exc.messages))]
                ) from None
    return len(rows)
