"""What this process's worker is doing, for its housekeeping thread (heartbeat)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class WorkerState:
    worker_id: str = ""
    job_id: int | None = None


current = WorkerState()
