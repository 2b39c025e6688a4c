"""`styra worker`: runs queued jobs, keeps running jobs' hearts beating, recovers jobs whose
worker died, and queues scheduled jobs (once per moment, however many workers run).

The task loop is django-tasks-db's `Worker` (it claims a task with `SELECT … FOR UPDATE
SKIP LOCKED` on PostgreSQL and an exclusive transaction on SQLite, so two workers never
take the same task). A housekeeping thread does the rest every HOUSEKEEPING seconds.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection

from . import services
from .worker_state import current

log = logging.getLogger("styra.jobs")

HOUSEKEEPING = 10.0


class Housekeeper(threading.Thread):
    def __init__(self, interval: float = HOUSEKEEPING):
        super().__init__(name="styra-housekeeper", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def tick(self) -> None:
        try:
            if current.job_id is not None:
                services.job_heartbeat(job_id=current.job_id)
            services.jobs_recover()
            services.jobs_schedule()
        except DatabaseError as exc:
            # SQLite is busy with the running job's write, or the database is away:
            # try again at the next tick.
            log.warning("Hushållningen väntar: %s", exc)
        finally:
            connection.close()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.tick()


def run_worker(
    *,
    interval: float = 1.0,
    batch: bool = False,
    max_tasks: int | None = None,
    housekeeping: float = HOUSEKEEPING,
) -> None:
    """Run jobs until stopped (SIGTERM/SIGINT: the running job is finished first).

    `batch`: run what is queued now, then return (tests, cron-style use).
    """
    from django_tasks_db.management.commands.db_worker import Worker

    current.worker_id = services.worker_identity()
    # Jobs left running by a worker of this machine that is gone, and scheduled runs
    # that fell due while no worker ran.
    services.jobs_recover()
    services.jobs_schedule()
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=current.worker_id[:64],
        excluded_queue_names=[],
    )
    housekeeper = Housekeeper(housekeeping)
    if not batch:
        housekeeper.start()
        worker.configure_signals()
    log.info("Arbetsprocessen %s startar", current.worker_id)
    try:
        worker.run()
    finally:
        housekeeper.stopping.set()
        log.info("Arbetsprocessen %s slutar", current.worker_id)
