"""Loading a row set (report rows + account ranges) from its YAML file."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .. import rules
from ..mapping import read_row_set_file
from ..models import AccountRange, ReportRow, ReportRowSet
from .totals import ledger_totals_rebuild


@transaction.atomic
def row_set_load(*, path: Path, make_default: bool | None = None, user) -> ReportRowSet:
    """Create or replace the row set described in `path` (rows and ranges are replaced).

    `make_default` overrides the file's `default:`; a default row set is the one the
    economic table uses when none is asked for, and there is only one. Only controllers
    and administrators of the whole organisation load row sets (`rules`).
    """
    rules.require_manage_ledger(user, timezone.localdate())
    data = read_row_set_file(path)
    is_default = bool(data.get("default", False)) if make_default is None else make_default
    row_set, _ = ReportRowSet.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "description": (data.get("description") or "").strip(),
            "excluded_accounts": [[str(a), str(b)] for a, b in data.get("excluded_accounts", [])],
        },
    )
    row_set.rows.all().delete()
    ranges: list[AccountRange] = []
    for order, spec in enumerate(data["rows"]):
        row = ReportRow.objects.create(
            row_set=row_set,
            code=spec["code"],
            label=spec["label"],
            order=order,
            kind=spec["kind"],
            role=spec.get("role", ""),
            members=list(spec.get("members", [])),
        )
        ranges.extend(
            AccountRange(row=row, from_account=str(low), to_account=str(high))
            for low, high in spec.get("accounts", [])
        )
    AccountRange.objects.bulk_create(ranges)
    if is_default:
        ReportRowSet.objects.exclude(pk=row_set.pk).filter(is_default=True).update(is_default=False)
    if is_default or not ReportRowSet.objects.filter(is_default=True).exists():
        row_set.is_default = True
    row_set.save()
    ledger_totals_rebuild(row_set=row_set)
    return row_set
