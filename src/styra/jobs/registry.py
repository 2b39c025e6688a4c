"""Job kinds: what a job of each kind runs.

An app declares its kinds in its own `jobs.py`, loaded when Django starts:

    @job_kind("report_batch")
    def report_batch(job: Job, progress: Progress) -> dict: ...

The function gets the job (its `params`, `requested_by`) and a `Progress` to report to,
does the work through the app's services (which check permission and state, as from any
door), and returns the result to keep (JSON). It raises `JobFailed` with a Swedish
message for a failure the person can act on; anything else is unexpected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Job
    from .progress import Progress

JobFunction = Callable[["Job", "Progress"], dict]

_KINDS: dict[str, JobFunction] = {}


class JobFailed(Exception):
    """A failure with a message for the person who asked (Swedish); not retried."""


def job_kind(name: str) -> Callable[[JobFunction], JobFunction]:
    def register(function: JobFunction) -> JobFunction:
        if name in _KINDS and _KINDS[name] is not function:
            raise ValueError(f"job kind {name!r} is declared twice")
        _KINDS[name] = function
        return function

    return register


def job_function(name: str) -> JobFunction:
    try:
        return _KINDS[name]
    except KeyError:
        raise JobFailed(f"Okänd jobbtyp: {name}") from None


def job_kinds() -> list[str]:
    return sorted(_KINDS)
