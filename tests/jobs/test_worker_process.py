"""`styra worker` as it runs on a server, killed with SIGKILL in the middle of an import.

A fresh SQLite database in a temporary directory (in WAL mode, as Styra runs SQLite);
the commands run as subprocesses (`styra job import`, `styra worker`), as on a server.
The worker is killed while the import's one transaction is open (the job is running and
the database's write lock has been held for 0.3 s on end: the import's write, not a
progress update); the ledger must then be exactly as before, and the next worker must
take the job up again and finish it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

STYRA = Path(sys.executable).with_name("styra")

SETUP = """
from datetime import date
from pathlib import Path
from django.contrib.auth import get_user_model
from styra.access.models import UnitRole
from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import row_set_load
from styra.economy.ledger.sie import SieWriter
from styra.orgadmin import services
from styra.org.models import UnitType

admin = get_user_model().objects.create_superuser(username="admin", password="pw")
row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", user=admin)
kind = UnitType.objects.create(code="enhet", name="Enhet")
rs = services.unit_create(code="RS", name="RS", unit_type=kind, parent=None, valid_from=date(2020, 1, 1), user=admin)
centres = [f"{n:04d}" for n in range(1, 301)]
for code in centres:
    services.cost_centre_create(code=code, name=code, unit=rs, valid_from=date(2020, 1, 1), user=admin)
user = get_user_model().objects.create_user(username="controller", password="pw")
UnitRole.objects.create(user=user, unit=rs, role="controller")
accounts = ["5010", "5410", "6110", "6210", "6410", "6550", "7010", "7690"]
for name, factor in (("a.se", 1), ("b.se", 2)):
    with SieWriter(Path(name), company="Region Test", generated=date(2026, 5, 2)) as sie:
        sie.fiscal_year(0, date(2026, 1, 1), date(2026, 12, 31))
        for account in accounts:
            sie.account(account, "Konto " + account)
        sie.dimension(1, "Kostnadsställe")
        for code in centres:
            sie.object(1, code, code)
        for code in centres:
            for account in accounts:
                for month in range(1, 13):
                    sie.period_budget(0, 202600 + month, account, factor * 1000_00, objects=((1, code),))
"""


def _env(root: Path) -> dict[str, str]:
    drop = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        STYRA_VAR_DIR=str(root / "var"),
        STYRA_SECRET_KEY="worker-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
        STYRA_JOB_RETRY_DELAY="0",
        STYRA_LOG_FORMAT="text",
    )
    return env


def _styra(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(STYRA), *args],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"styra {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def _write_locked(db: Path) -> bool:
    """True while another connection holds the database's write lock."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:  # database is locked
        return True
    finally:
        conn.close()


def _query(db: Path, sql: str):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(sql).fetchone()


@pytest.mark.slow
def test_a_worker_killed_mid_import_leaves_the_ledger_as_it_was_and_the_job_is_retried(tmp_path):
    db = tmp_path / "var" / "styra.sqlite3"
    db.parent.mkdir()
    _styra(tmp_path, "manage", "migrate", "-v", "0")
    _styra(tmp_path, "manage", "shell", "-c", SETUP)

    # The first import, through a job, to completion.
    _styra(
        tmp_path,
        "job",
        "import",
        "a.se",
        "--year",
        "2026",
        "--source",
        "Huvudbok",
        "--user",
        "controller",
    )
    _styra(tmp_path, "worker", "--batch")
    facts = 300 * 8 * 12
    before = _query(db, "select count(*), sum(amount) from finance_ledgerfact")
    assert before[0] == facts

    # The second import replaces it; the worker dies while its transaction is open.
    queued = _styra(
        tmp_path,
        "job",
        "import",
        "b.se",
        "--year",
        "2026",
        "--source",
        "Huvudbok",
        "--user",
        "controller",
    )
    job_id = int(queued.stdout.split()[1])
    job = f"select status, attempts, error from jobs_job where id = {job_id}"
    worker = subprocess.Popen(
        [str(STYRA), "worker", "--interval", "0.1"],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        locked_since: float | None = None
        while True:
            assert worker.poll() is None, "the worker stopped by itself"
            assert time.monotonic() < deadline, "the import never started writing"
            running = _query(db, job)[0] == "running"
            if running and _write_locked(db):
                locked_since = locked_since or time.monotonic()
                if time.monotonic() - locked_since > 0.3:
                    break
            else:
                locked_since = None
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()

    assert not _write_locked(db)  # the dead worker's transaction is gone with it
    assert _query(db, "select count(*), sum(amount) from finance_ledgerfact") == before
    assert _query(db, job)[:2] == ("running", 1)

    # The next worker sees that the job's process is gone, queues it again and runs it.
    _styra(tmp_path, "worker", "--batch")
    assert _query(db, job) == ("succeeded", 2, "")
    after = _query(db, "select count(*), sum(amount) from finance_ledgerfact")
    assert after[0] == facts and after[1] != before[1]
    shown = _styra(tmp_path, "job", "show", str(job_id))
    assert "Klart" in shown.stdout
