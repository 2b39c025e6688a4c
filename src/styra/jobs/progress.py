"""How far a running job has come, written where the web page and the API read it."""

from __future__ import annotations

import time

from django.utils import timezone

from .models import Job

# At most one progress write per this many seconds (the last one always lands).
MIN_INTERVAL = 0.5


class Progress:
    """Call with (done, total, message); `total` and `message` may be left out.

    Progress is written on the job's own connection. Inside a transaction it becomes
    visible when the transaction commits, so a job reports progress for the steps before
    its one all-or-nothing write (reading and checking the file), then the write.
    """

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last < MIN_INTERVAL:
            return
        self._last = now
        fields: dict[str, object] = {"progress_done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["progress_total"] = total
        if message:
            fields["progress_message"] = message[:300]
        # Progress fields only: the status changes through services.job_* transitions.
        Job.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)
