"""The uploads as background jobs: plan files, statistics values, registers, assessments.

Each kind runs the same import service as the command line (`styra plan import`,
`styra stats import`, `styra register … import`, `styra round import`), as the person
who uploaded the file, so the service checks exactly what it checks there. A check
(`dry_run`) runs the whole import and rolls it back: the job's result says what the
file would change and nothing is saved. The ledger's uploads are
`styra.economy.ledger.jobs`; this module follows the same pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styra.access.permissions import MANAGE_ROLES, REPORT_ROLES, is_superuser
from styra.access.selectors import unit_ids_with_role
from styra.economy.registers import imports as register_imports
from styra.followup.models import Round
from styra.followup.services import assessments_import
from styra.formats.problems import ImportFailed
from styra.jobs.files import local_copy, store_upload
from styra.jobs.models import Job, JobStatus
from styra.jobs.progress import Progress
from styra.jobs.registry import JobFailed, job_kind
from styra.jobs.services import job_enqueue
from styra.planfile.services import plan_import
from styra.stats.imports.mapping import Mapping
from styra.stats.services import stat_values_import

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PLAN = "plan_upload"
STATISTICS = "statistics_upload"
REGISTER = "register_upload"
ASSESSMENTS = "assessments_upload"

#: The registers of a round that are read from a file, with the service of each and
#: what its rows are called.
REGISTERS: dict[str, tuple[Callable[..., register_imports.ImportResult], Any]] = {
    "forecast": (register_imports.forecast_import, gettext_lazy("prognoser")),
    "savings": (register_imports.savings_import, gettext_lazy("åtgärder")),
    "workforce": (register_imports.workforce_import, gettext_lazy("enheter med OÅA")),
    "investments": (register_imports.investment_import, gettext_lazy("investeringar")),
}

#: Lines of detail kept in a job's result (the summary always counts everything).
MAX_DETAILS = 50


# Who may upload what --------------------------------------------------------------------
# The services decide row by row; these say who gets the form at all, from the same roles
# the services check: plans and statistics are the controllers' and administrators'
# (`can_manage_plan`, `can_manage_statistics`), registers are the unit's reporters' and
# the plan's controllers' (`registers.rules.may_write`), assessments are the reporters'
# (`can_report_unit`).


def _has_any_role(user: Any, roles: frozenset[str]) -> bool:
    if is_superuser(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(unit_ids_with_role(user, roles, date.today()))


def may_upload_plans(user: Any) -> bool:
    return _has_any_role(user, MANAGE_ROLES)


def may_upload_statistics(user: Any) -> bool:
    return _has_any_role(user, MANAGE_ROLES)


def may_upload_registers(user: Any) -> bool:
    return _has_any_role(user, REPORT_ROLES | MANAGE_ROLES)


def may_upload_assessments(user: Any) -> bool:
    return _has_any_role(user, REPORT_ROLES)


MAY_UPLOAD: dict[str, Callable[[Any], bool]] = {
    PLAN: may_upload_plans,
    STATISTICS: may_upload_statistics,
    REGISTER: may_upload_registers,
    ASSESSMENTS: may_upload_assessments,
}


def _refusal() -> str:
    return _("Du har inte behörighet att läsa in den här sortens fil.")


# Queueing ---------------------------------------------------------------------------------


def upload_enqueue(
    *,
    kind: str,
    path: Path,
    user: Any,
    dry_run: bool,
    what: str,
    params: dict[str, Any] | None = None,
    extra_files: dict[str, Path] | None = None,
) -> Job:
    """Queue the upload `kind` of `path` (copied into storage first) as `user`.

    `what` names the kind of file in the job's label ("planfil"); `extra_files` are
    stored beside it (a statistics file's mapping) and passed by storage name.
    """
    if kind not in MAY_UPLOAD:
        raise ValueError(f"unknown upload kind {kind!r}")
    if not MAY_UPLOAD[kind](user):
        raise PermissionDenied(_refusal())
    stored = {"file": store_upload(Path(path))}
    for key, extra in (extra_files or {}).items():
        stored[key] = store_upload(Path(extra))
    label = (
        _("Kontroll av %(file)s (%(what)s)") if dry_run else _("Import av %(file)s (%(what)s)")
    ) % {"file": Path(path).name, "what": what}
    return job_enqueue(
        kind=kind,
        label=label,
        params={
            **(params or {}),
            **stored,
            "file_name": Path(path).name,
            "what": what,
            "dry_run": dry_run,
        },
        user=user,
    )


def upload_confirm(*, job: Job, user: Any) -> Job:
    """Import the file that the check `job` read, as `user` (who asked for the check):
    a new job with the same stored file and parameters, not a dry run. The import checks
    everything again, against the data as it is then."""
    if (
        job.kind not in MAY_UPLOAD
        or not job.params.get("dry_run")
        or job.status != JobStatus.SUCCEEDED
    ):
        raise ValueError(f"job {job.pk} is not a passed check of an upload")
    if job.requested_by_id != getattr(user, "pk", None) or not MAY_UPLOAD[job.kind](user):
        raise PermissionDenied(_refusal())
    label = _("Import av %(file)s (%(what)s)") % {
        "file": job.params["file_name"],
        "what": job.params.get("what", ""),
    }
    return job_enqueue(
        kind=job.kind, label=label, params={**job.params, "dry_run": False}, user=user
    )


# Running ------------------------------------------------------------------------------------


class _Rollback(Exception):
    """Raised inside the transaction of a check, with the result, to undo the writes."""

    def __init__(self, result: Any):
        self.result = result


def _checked(run: Callable[[], Any]) -> Any:
    """Run an import that has no check mode of its own and roll it back: every row is
    checked and written through the services, then nothing is kept."""
    try:
        with transaction.atomic():
            raise _Rollback(run())
    except _Rollback as rolled_back:
        return rolled_back.result


def _failed(exc: ImportFailed) -> JobFailed:
    return JobFailed(_("Filen har fel och ingenting lästes in:") + "\n" + str(exc))


def _start(job: Job, progress: Progress) -> User:
    """The person who uploaded the file, whom the import acts as (asked again: a role
    may have ended while the job waited)."""
    user = job.requested_by
    if user is None or not MAY_UPLOAD[job.kind](user):
        raise JobFailed(_refusal())
    progress(0, 2, _("Läser och kontrollerar %(file)s") % {"file": job.params["file_name"]})
    return user


def _result(job: Job, progress: Progress, summary: str, details: list[str]) -> dict:
    progress(2, 2, _("Klart"))
    if job.params.get("dry_run"):
        summary = _("Provkörning, inget sparades: %(summary)s") % {"summary": summary}
    if len(details) > MAX_DETAILS:
        rest = len(details) - MAX_DETAILS
        details = [*details[:MAX_DETAILS], _("… och %(n)s rader till") % {"n": rest}]
    dry_run = bool(job.params.get("dry_run"))
    # A passed check offers to import the same file (uploads:confirm).
    return {"summary": summary, "details": details, "dry_run": dry_run, "confirm": dry_run}


def _round(job: Job) -> Round:
    round_ = (
        Round.objects.select_related("plan", "plan__unit").filter(code=job.params["round"]).first()
    )
    if round_ is None:
        raise JobFailed(
            _("Uppföljningstillfället %(code)s finns inte.") % {"code": job.params["round"]}
        )
    return round_


@job_kind(PLAN)
def plan_upload(job: Job, progress: Progress) -> dict:
    """A plan, organisation or planning file (YAML), through `plan_import`."""
    user = _start(job, progress)
    with local_copy(job.params["file"]) as path:
        try:
            result = plan_import(path=path, dry_run=job.params["dry_run"], user=user)
        except ImportFailed as exc:
            raise _failed(exc) from exc
    details = []
    if result.units:
        details.append(
            _("Organisationen: %(units)s enheter och %(centres)s kostnadsställen.")
            % {"units": result.units, "centres": result.cost_centres}
        )
    for plan in result.plans:
        text = (
            _(
                "Plan %(code)s (ny): %(created)s nya, %(updated)s ändrade, %(removed)s borttagna poster."
            )
            if plan.created
            else _(
                "Plan %(code)s (finns): %(created)s nya, %(updated)s ändrade, %(removed)s borttagna poster."
            )
        )
        details.append(
            text
            % {
                "code": plan.code,
                "created": plan.items_created,
                "updated": plan.items_updated,
                "removed": plan.items_removed,
            }
        )
        if plan.rounds:
            details.append(
                _("Plan %(code)s: uppföljningstillfällen %(rounds)s.")
                % {"code": plan.code, "rounds": ", ".join(plan.rounds)}
            )
    for planning in result.planning:
        details.append(
            _(
                "Planering för %(plan)s: %(frames)s ramar, %(changes)s ramförändringar, "
                "%(decisions)s investeringar, %(requests)s äskanden, %(meetings)s sammanträden, "
                "%(risks)s risker."
            )
            % {
                "plan": planning.plan,
                "frames": planning.frames,
                "changes": planning.changes,
                "decisions": planning.decisions,
                "requests": planning.requests,
                "meetings": planning.meetings,
                "risks": planning.risks,
            }
        )
        details.extend(_("Varning: %(text)s") % {"text": w} for w in planning.warnings)
    summary = (
        _(
            "%(file)s: %(created)s nya, %(updated)s ändrade och %(removed)s borttagna poster "
            "i %(plans)s plan(er), %(units)s enheter i organisationen."
        )
        if result.units
        else _(
            "%(file)s: %(created)s nya, %(updated)s ändrade och %(removed)s borttagna poster "
            "i %(plans)s plan(er)."
        )
    ) % {
        "file": job.params["file_name"],
        "created": sum(plan.items_created for plan in result.plans),
        "updated": sum(plan.items_updated for plan in result.plans),
        "removed": sum(plan.items_removed for plan in result.plans),
        "plans": len(result.plans),
        "units": result.units,
    }
    return _result(job, progress, summary, details)


@job_kind(STATISTICS)
def statistics_upload(job: Job, progress: Progress) -> dict:
    """Statistics values (CSV/XLSX, long or with a mapping wide), `stat_values_import`."""
    user = _start(job, progress)
    with local_copy(job.params["file"]) as path:
        try:
            mapping = None
            if job.params.get("mapping"):
                with local_copy(job.params["mapping"]) as mapping_path:
                    mapping = Mapping.read(mapping_path)
            result = stat_values_import(
                path=path, mapping=mapping, dry_run=job.params["dry_run"], user=user
            )
        except ImportFailed as exc:
            raise _failed(exc) from exc
    summary = _(
        "%(file)s, %(n)s värden: %(added)s nya, %(changed)s ändrade, %(unchanged)s "
        "oförändrade, %(removed)s borttagna."
    ) % {
        "file": result.file_name,
        "n": result.value_count,
        "added": result.added,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "removed": result.removed,
    }
    details = [
        _(
            "%(series)s, %(period)s: %(added)s nya, %(changed)s ändrade, %(unchanged)s "
            "oförändrade, %(removed)s borttagna"
        )
        % {
            "series": period.series,
            "period": period.period,
            "added": period.added,
            "changed": period.changed,
            "unchanged": period.unchanged,
            "removed": period.removed,
        }
        for period in result.periods
    ]
    details.extend(
        _("rad %(line)s: %(what)s: %(old)s → %(new)s")
        % {"line": change.line, "what": change.what, "old": change.old, "new": change.new}
        for change in result.changes
    )
    return _result(job, progress, summary, details)


@job_kind(REGISTER)
def register_upload(job: Job, progress: Progress) -> dict:
    """Forecasts, savings measures, workforce or investments of a round, through the
    register's import (`styra.economy.registers.imports`)."""
    user = _start(job, progress)
    run, what = REGISTERS[job.params["register"]]
    round_ = _round(job)
    with local_copy(job.params["file"]) as path:
        try:

            def load() -> register_imports.ImportResult:
                return run(path=path, round=round_, user=user)

            result = _checked(load) if job.params["dry_run"] else load()
        except ImportFailed as exc:
            raise _failed(exc) from exc
    summary = _(
        "%(file)s: %(rows)s %(what)s (%(created)s nya, %(updated)s ändrade) för %(round)s."
    ) % {
        "file": result.file,
        "rows": result.rows,
        "what": what,
        "created": result.created,
        "updated": result.updated,
        "round": round_.code,
    }
    return _result(job, progress, summary, [])


@job_kind(ASSESSMENTS)
def assessments_upload(job: Job, progress: Progress) -> dict:
    """Assessments of a round (value, status, comment per item), `assessments_import`."""
    user = _start(job, progress)
    round_ = _round(job)
    with local_copy(job.params["file"]) as path:
        try:

            def load() -> int:
                return assessments_import(round=round_, path=path, user=user)

            count = _checked(load) if job.params["dry_run"] else load()
        except ImportFailed as exc:
            raise _failed(exc) from exc
    summary = _("%(file)s: %(n)s bedömningar för %(round)s.") % {
        "file": job.params["file_name"],
        "n": count,
        "round": round_.code,
    }
    return _result(job, progress, summary, [])
