"""`styra dump` / `styra restore`: an exact round trip, between SQLite and PostgreSQL.

The demo region (plans, rounds, assessments with history, ledger, registers, users) is
dumped from the test database, restored into a fresh SQLite file by the console script,
dumped again: the two files are the same bytes. When the test database is PostgreSQL
(`make test-postgres`), that was PostgreSQL → SQLite, and the SQLite dump is restored
into a fresh PostgreSQL database on the same server and dumped a third time: SQLite →
PostgreSQL, again the same bytes.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from styra.backup.services import (
    SEEDED_MODELS,
    DumpError,
    dump_restore,
    dump_write,
    dumped_models,
)

STYRA = Path(sys.executable).with_name("styra")


def _env(**extra: str) -> dict[str, str]:
    drop = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(STYRA_LOG_LEVEL="WARNING", **extra)
    return env


def _styra(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(STYRA), *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"styra {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def _lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def _round_trip(env: dict[str, str], source: Path, target: Path) -> str:
    _styra(env, "manage", "migrate", "-v", "0")
    restored = _styra(env, "restore", str(source))
    _styra(env, "dump", str(target))
    return restored.stdout


@pytest.mark.slow
def test_dump_restore_dump_is_exact_between_sqlite_and_postgresql(demo, tmp_path):
    first = tmp_path / "forsta.styra.gz"
    summary = dump_write(path=first)
    for table in (
        "plans.planitem",
        "followup.assessment",
        "followup.historicalassessment",
        "finance.ledgerfact",
        "economy.forecast",
        "auth.user",
        "access.unitrole",
    ):
        assert summary.counts.get(table, 0) > 0, table

    sqlite_dir = tmp_path / "sqlite"
    sqlite_dir.mkdir()
    second = tmp_path / "andra.styra.gz"
    out = _round_trip(_env(STYRA_VAR_DIR=str(sqlite_dir)), first, second)
    assert f"{summary.total} rader i {len(summary.counts)} tabeller återlästa" in out
    assert _lines(second) == _lines(first)

    if connection.vendor != "postgresql":
        return
    import psycopg

    name = f"styra_restore_{uuid.uuid4().hex[:8]}"
    params = connection.settings_dict
    # The socket directory is either HOST or, from a URL's ?host=, an OPTION.
    host = params["HOST"] or params.get("OPTIONS", {}).get("host", "")
    # CREATE DATABASE cannot run in the test's transaction: a connection of its own.
    admin = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=host or None,
        port=params["PORT"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = (
            # A socket directory as the URL's host, percent-encoded (dj-database-url).
            f"postgres://{params['USER']}@{quote(host, safe='')}/{name}"
            if host.startswith("/")
            else (
                f"postgres://{params['USER']}:{params['PASSWORD']}@{host}:{params['PORT'] or 5432}/{name}"
            )
        )
        third = tmp_path / "tredje.styra.gz"
        _round_trip(_env(DATABASE_URL=url), second, third)
        assert _lines(third) == _lines(first)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def test_restore_refuses_a_database_that_has_data(demo, tmp_path):
    dump = tmp_path / "d.styra.gz"
    dump_write(path=dump)
    with pytest.raises(DumpError, match="Databasen har redan data"):
        dump_restore(path=dump)


@pytest.mark.django_db
def test_a_broken_dump_leaves_the_empty_database_empty(tmp_path):
    good = tmp_path / "tom.styra.gz"
    dump_write(path=good)
    lines = _lines(good)
    broken = tmp_path / "trasig.styra.gz"
    with gzip.open(broken, "wt", encoding="utf-8") as handle:
        handle.write(lines[0] + "\n")
        handle.write('{"model": "org.unittype", "pk": 1, "fields": {"code": "x", "name": "X"}}\n')
        handle.write('{"model": "org.unittype", "pk": 2, "fiel\n')
    seeded = {m: list(m._default_manager.values()) for m in dumped_models() if _seeded(m)}
    with pytest.raises(DumpError, match="trasig.styra.gz:3: trasig rad"):
        dump_restore(path=broken)
    assert not any(m._default_manager.exists() for m in dumped_models() if not _seeded(m))
    # What the migrations created (the investment categories) is there as it was.
    assert seeded and all(list(m._default_manager.values()) == rows for m, rows in seeded.items())


def _seeded(model) -> bool:
    return model._meta.label_lower in SEEDED_MODELS


def test_a_file_that_is_not_a_dump_is_refused(tmp_path, db):
    other = tmp_path / "annat.gz"
    with gzip.open(other, "wt") as handle:
        handle.write('{"hello": 1}\n')
    with pytest.raises(DumpError, match="annat.gz är ingen Styra-dump"):
        dump_restore(path=other)
    plain = tmp_path / "text.txt"
    plain.write_text("inte gzip")
    with pytest.raises(DumpError, match="text.txt kan inte läsas"):
        dump_restore(path=plain)
