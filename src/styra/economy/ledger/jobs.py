"""Ledger imports as background jobs (SIE, CSV/XLSX): `ledger_import_enqueue` and its kind.

The import itself is the same service as on the command line (`ledger_import_sie`,
`ledger_import_table`): everything is read and checked first, then written in one
transaction, so a job that is cut off leaves the ledger exactly as it was.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from styra.access.permissions import MANAGE_ROLES, is_superuser
from styra.access.selectors import unit_ids_with_role
from styra.jobs.files import local_copy, store_upload
from styra.jobs.models import Job
from styra.jobs.progress import Progress
from styra.jobs.registry import JobFailed, job_kind
from styra.jobs.services import job_enqueue
from styra.org.selectors import tree_as_of

from .services.balance_import import ledger_import_balances
from .services.facts import ImportReport, LedgerImportError
from .services.sie_import import ledger_import_sie
from .services.table_import import ledger_import_table

KIND = "ledger_import"
FORMATS = ("sie", "table", "balances")


def can_import_ledger(user: Any) -> bool:
    """Controllers and administrators of the organisation's top unit (or superusers)."""
    if is_superuser(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    today = date.today()
    top = {node.unit_id for node in tree_as_of(today) if node.parent_id is None}
    return bool(top & unit_ids_with_role(user, MANAGE_ROLES, today))


def ledger_import_enqueue(
    *,
    path: Path,
    fmt: str,
    year: int,
    user: Any,
    dimension: int = 1,
    source: str | None = None,
    dry_run: bool = False,
) -> Job:
    """Queue the import of `path`; the file is copied into storage first."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown ledger format {fmt!r}")
    if not can_import_ledger(user):
        raise PermissionDenied(_("Du har inte behörighet att importera huvudboken."))
    stored = store_upload(Path(path))
    label = (
        _("Kontroll av %(file)s (huvudbok %(year)s)")
        if dry_run
        else _("Import av %(file)s (huvudbok %(year)s)")
    ) % {"file": Path(path).name, "year": year}
    return job_enqueue(
        kind=KIND,
        label=label,
        params={
            "file": stored,
            "file_name": Path(path).name,
            "format": fmt,
            "year": year,
            "dimension": dimension,
            "source": source,
            "dry_run": dry_run,
        },
        user=user,
    )


def _summary(report: ImportReport) -> str:
    if report.balance_count and not report.fact_count:
        if report.dry_run:
            return _(
                "Kontrollen gick igenom: %(n)s balansposter skulle importeras; inget sparades."
            ) % {"n": report.balance_count}
        return _("%(n)s balansposter importerades.") % {"n": report.balance_count}
    if report.dry_run:
        return _("Kontrollen gick igenom: %(n)s rader skulle importeras; inget sparades.") % {
            "n": report.fact_count
        }
    return _("%(n)s rader importerades (%(replaced)s ersattes).") % {
        "n": report.fact_count,
        "replaced": report.replaced_count,
    }


@job_kind(KIND)
def ledger_import(job: Job, progress: Progress) -> dict:
    params = job.params
    if not can_import_ledger(job.requested_by):
        raise JobFailed(_("Du har inte behörighet att importera huvudboken."))
    progress(0, 2, _("Läser och kontrollerar %(file)s") % {"file": params["file_name"]})
    with local_copy(params["file"]) as path:
        try:
            if params["format"] == "sie":
                report = ledger_import_sie(
                    path=path,
                    year=params["year"],
                    dimension=params.get("dimension") or 1,
                    source=params.get("source"),
                    user=job.requested_by,
                    dry_run=params.get("dry_run", False),
                )
            elif params["format"] == "balances":
                report = ledger_import_balances(
                    path=path,
                    year=params["year"],
                    source=params.get("source"),
                    user=job.requested_by,
                    dry_run=params.get("dry_run", False),
                )
            else:
                report = ledger_import_table(
                    path=path,
                    year=params["year"],
                    source=params.get("source"),
                    user=job.requested_by,
                    dry_run=params.get("dry_run", False),
                )
        except LedgerImportError as exc:
            raise JobFailed(str(exc)) from exc
    progress(2, 2, _("Klart"))
    return {
        "summary": _summary(report),
        "facts": report.fact_count,
        "replaced": report.replaced_count,
        "warnings": report.warnings[:50],
        "unknown_cost_centres": report.unknown_cost_centres[:50],
    }
