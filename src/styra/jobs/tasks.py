"""The one django-tasks task: run job `job_id` in the worker.

The task carries only the job's id; what to run, with which parameters and for whom is
in the `Job` row, so a retried or recovered job runs exactly as first asked.
"""

from __future__ import annotations

import errno
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils.translation import gettext as _
from django_tasks import task

from styra.formats.problems import ImportFailed
from styra.logs import request_id_var

from . import services
from .progress import Progress
from .registry import JobFailed, job_function
from .worker_state import current

log = logging.getLogger("styra.jobs")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def write_failure(exc: OSError) -> str:
    """Why a file could not be written, for the person who asked, in Swedish."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "Disken är full: filen kunde inte skrivas och inget halvfärdigt sparades. "
            "Be driften frigöra utrymme och försök sedan igen."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _(
            "Styra får inte skriva filen (behörighet i filsystemet); inget halvfärdigt "
            "sparades. Kontakta driften."
        )
    return _("Filen kunde inte skrivas (%(error)s); inget halvfärdigt sparades.") % {
        "error": exc.strerror or _reason(exc)
    }


@task()
def job_execute(job_id: int) -> None:
    job = services.job_claim(
        job_id=job_id, worker_id=current.worker_id or services.worker_identity()
    )
    if job is None:
        return  # already run, running elsewhere, or gone
    token = request_id_var.set(f"job-{job_id}")
    current.job_id = job_id
    try:
        function = job_function(job.kind)
        result = function(job, Progress(job))
    except (JobFailed, ImportFailed, PermissionDenied, ValidationError) as exc:
        services.job_fail(job_id=job_id, reason=_reason(exc))
    except OSError as exc:
        log.exception("Jobb %s: fel vid skrivning", job_id)
        services.job_fail(job_id=job_id, reason=write_failure(exc))
    except (OperationalError, InterfaceError) as exc:
        # The database went away (restart, network): the job's transaction was rolled
        # back; try again in a while.
        log.exception("Jobb %s: databasen svarade inte", job_id)
        services.job_fail(
            job_id=job_id,
            reason=_("Databasen svarade inte (%(error)s); jobbet körs om.")
            % {"error": _reason(exc)},
            retry=True,
        )
    except DatabaseError as exc:
        log.exception("Jobb %s: databasfel", job_id)
        services.job_fail(job_id=job_id, reason=_reason(exc))
    except Exception as exc:
        log.exception("Jobb %s: oväntat fel", job_id)
        services.job_fail(
            job_id=job_id,
            reason=_("Oväntat fel (%(kind)s); se loggen för jobb-%(id)s.")
            % {"kind": type(exc).__name__, "id": job_id},
        )
    else:
        services.job_succeed(job_id=job_id, result=result or {})
    finally:
        current.job_id = None
        request_id_var.reset(token)
