"""Report builds as background jobs: one unit's report, or every unit's in a round.

`report_batch_enqueue` checks that the person may read the units; the job builds each
report into a temporary directory and hands a file to storage only when it is complete.
If anything fails (a full disk, an error in a report), the files this job already stored
are removed: the job leaves all of its reports or none, never a truncated file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from styra.access.permissions import can_view_unit
from styra.followup.models import Round
from styra.jobs.files import delete_stored, store_output
from styra.jobs.models import Job
from styra.jobs.progress import Progress
from styra.jobs.registry import JobFailed, job_kind
from styra.jobs.services import job_enqueue
from styra.org.models import Unit

from .renderers import FORMATS
from .selectors import report_units
from .services import report_build
from .templates import TemplateError, template_get

KIND = "report_batch"


def _units(round_: Round, codes: list[str] | None) -> list[Unit]:
    units = report_units(round_)
    if codes is None:
        return list(units)
    by_code = {u.code: u for u in units}
    missing = [c for c in codes if c not in by_code]
    if missing:
        raise JobFailed(
            _("Enheten %(code)s har ingen rapport i %(round)s.")
            % {"code": missing[0], "round": round_.code}
        )
    return [by_code[c] for c in codes]


def report_batch_enqueue(
    *,
    round_: Round,
    user: Any,
    unit_codes: list[str] | None = None,
    formats: list[str] | None = None,
    template: str | None = None,
) -> Job:
    """Queue the reports of `unit_codes` (all units of the round when None)."""
    formats = list(formats or FORMATS)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise JobFailed(_("Okänt format: %(fmt)s") % {"fmt": unknown[0]})
    units = _units(round_, unit_codes)
    if not all(can_view_unit(user, u, round_.period_end) for u in units):
        raise PermissionDenied(_("Du har inte behörighet att läsa alla dessa rapporter."))
    if template is not None:
        try:
            template_get(template)
        except TemplateError as exc:
            raise JobFailed(str(exc)) from exc
    if unit_codes is not None and len(unit_codes) == 1:
        label = _("Rapport för %(unit)s, %(round)s") % {"unit": unit_codes[0], "round": round_.name}
    else:
        label = _("Rapporter för %(n)s enheter, %(round)s") % {
            "n": len(units),
            "round": round_.name,
        }
    return job_enqueue(
        kind=KIND,
        label=label,
        params={
            "round": round_.code,
            "units": unit_codes,
            "formats": formats,
            "template": template,
        },
        user=user,
    )


@job_kind(KIND)
def report_batch(job: Job, progress: Progress) -> dict:
    params = job.params
    round_ = Round.objects.select_related("plan").filter(code=params["round"]).first()
    if round_ is None:
        raise JobFailed(
            _("Uppföljningstillfället %(code)s finns inte.") % {"code": params["round"]}
        )
    units = _units(round_, params.get("units"))
    user = job.requested_by
    if user is not None and not all(can_view_unit(user, u, round_.period_end) for u in units):
        raise JobFailed(_("Du har inte behörighet att läsa alla dessa rapporter."))
    stored: list[str] = []
    files: list[dict[str, str]] = []
    try:
        for index, unit in enumerate(units):
            progress(index, len(units), _("Bygger rapporten för %(unit)s") % {"unit": unit.code})
            with tempfile.TemporaryDirectory(prefix="styra-report-") as tmp:
                built = report_build(
                    round_=round_,
                    unit=unit,
                    formats=params["formats"],
                    out_dir=Path(tmp),
                    template=params.get("template"),
                )
                for fmt, path in built.files.items():
                    name = store_output(path, job_id=job.pk, name=f"{unit.code}/{path.name}")
                    stored.append(name)
                    files.append({"unit": unit.code, "format": fmt, "name": name})
    except BaseException:
        delete_stored(stored)
        raise
    progress(len(units), len(units), _("Klart"))
    return {
        "summary": _("%(n)s rapportfiler för %(units)s enheter.")
        % {"n": len(files), "units": len(units)},
        "files": files,
    }
