"""`styra serve` through the console script: it refuses a half-configured Styra in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from styra.cli.serve import THREADS, default_workers, gunicorn_argv

STYRA = Path(sys.executable).with_name("styra")


def _serve(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    drop = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    environment.update(STYRA_VAR_DIR=str(tmp_path / "var"), **env)
    (tmp_path / "var").mkdir(exist_ok=True)
    return subprocess.run(
        [str(STYRA), "serve", "--production", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    result = _serve(tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("styra: STYRA_SECRET_KEY är inte satt")
    assert "Traceback" not in result.stderr


def test_serve_refuses_to_start_on_an_unmigrated_database(tmp_path):
    result = _serve(tmp_path, STYRA_SECRET_KEY="x" * 50)
    assert result.returncode == 1
    assert "migreringar: kör först `styra manage migrate`" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_says_what_an_address_should_look_like(tmp_path):
    result = _serve(tmp_path, "--addr", "localhost", STYRA_SECRET_KEY="x" * 50)
    assert result.returncode == 1
    assert "ska vara VÄRD:PORT" in result.stderr


def test_gunicorn_runs_two_sync_processes_a_core_plus_one_by_default():
    argv = gunicorn_argv(addr="127.0.0.1:8000", workers=default_workers(), threads=THREADS)
    assert default_workers() == 2 * (os.cpu_count() or 1) + 1
    joined = " ".join(argv)
    assert f"--workers {default_workers()} --worker-class sync --threads 1" in joined
    assert "styra.wsgi:application" in argv


def test_threads_are_gunicorns_gthread_worker_without_kept_alive_connections():
    # A kept-alive connection stays with one process (tests/e2e/test_serving.py).
    joined = " ".join(gunicorn_argv(addr="127.0.0.1:8000", workers=3, threads=4))
    assert "--workers 3 --worker-class gthread --threads 4 --keep-alive 0" in joined
