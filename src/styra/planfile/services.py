"""The plan file as a service: import (all or nothing) and export of plan and organisation files."""

from __future__ import annotations

from pathlib import Path

from styra.plans.models import Plan

from .exporter import export_org, export_plan
from .importer import ImportResult, check_path, import_path, import_text


def plan_import(
    *,
    path: Path | str | None = None,
    text: str | None = None,
    filename: str = "<text>",
    dry_run: bool = False,
    user,
) -> ImportResult:
    """Import a plan (and/or organisation) file as `user`; all or nothing.

    Raises `styra.formats.problems.ImportFailed` naming file, line and field of each
    error, and `PermissionDenied` when `user` may not make a change the file asks for
    (organisation: its administrators; plans and rounds: controllers of the plan's unit).
    """
    if path is not None and text is None:
        return import_path(path=path, dry_run=dry_run, user=user)
    if text is not None and path is None:
        return import_text(text=text, filename=filename, dry_run=dry_run, user=user)
    raise TypeError("plan_import needs exactly one of path= and text=")


def plan_file_check(*, path: Path | str) -> None:
    """Read `path` and check it against the schema, without the database: a broken file
    is refused (`ImportFailed`) before anyone is looked up."""
    check_path(path=path)


def plan_export(*, plan: Plan) -> str:
    """The plan in the import format; `plan_import` of it changes nothing."""
    return export_plan(plan=plan)


def org_export() -> str:
    return export_org()
