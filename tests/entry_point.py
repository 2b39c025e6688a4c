"""Run the `styra` console script the way a user does: a fresh process on real files.

`run_styra("plan", "list", home=path)` runs `.venv/bin/styra plan list` in `home`,
with its own SQLite database in `home/var/` and reports in `home/out/`, the default
settings layer (`styra.settings.dev`) and none of the caller's STYRA_ variables or
DATABASE_URL, so nothing the test process has set up (Django, a test database) can
hide a failure of the real command. Fixtures in tests/conftest.py give a `home`: an
empty one (`styra_home`) or a copy of a database with the demo region (`demo_home`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STYRA = Path(sys.executable).with_name("styra")


def styra_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("STYRA_") and key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        STYRA_PROJECT_DIR=str(home),
        STYRA_VAR_DIR=str(home / "var"),
        STYRA_OUT_DIR=str(home / "out"),
    )
    env.update(extra)
    return env


def run_styra(
    *args: str | Path, home: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(STYRA), *(str(a) for a in args)],
        cwd=home,
        env=styra_env(home, **(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
