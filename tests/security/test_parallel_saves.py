"""Finding 9: SQLite under parallel saves answered 500 "database is locked".

With 4 people saving at once against `styra serve` on SQLite, 24 of 40 requests ended
in 500 where PostgreSQL answers 409 to the ones that conflict. SQLite now waits for
the write lock (busy timeout) and takes it when a transaction begins (IMMEDIATE), so
every save either succeeds or is a conflict the person can resolve.

The test runs `styra serve` on a copy of the demo database, as a user would, and sends
real, parallel requests from four logged-in browsers.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from styra.demo.users import DEMO_PASSWORD
from tests.entry_point import STYRA, styra_env

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d*)"')
WRITERS = 4
SAVES = 10


@pytest.fixture
def server(demo_home: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    log = demo_home / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(STYRA), "serve", "--addr", f"127.0.0.1:{port}"],
            cwd=demo_home,
            # the production settings, as `styra serve` runs outside `styra demo`: a
            # secret key, and plain HTTP on loopback
            env=styra_env(
                demo_home,
                STYRA_SECRET_KEY="parallel-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
                STYRA_HTTPS="0",
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/konto/logga-in/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(f"styra serve did not start:\n{log.read_text()}")
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def _browser(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    page = client.get("/konto/logga-in/")
    token = CSRF.search(page.text)[1]
    response = client.post(
        "/konto/logga-in/",
        data={"username": "rapportor", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302, response.text[:500]
    return client


def test_parallel_saves_on_sqlite_succeed_or_conflict_never_fail(server):
    base, log = server
    # Two writers on the same item (they conflict), two on items of their own.
    items = ["U02", "U02", "U04", "U05"]
    browsers = [_browser(base) for _ in range(WRITERS)]
    statuses: list[int] = []
    start = threading.Barrier(WRITERS)

    def write(number: int) -> None:
        client, url = browsers[number], f"/uppfoljning/2026-T1/poster/{items[number]}/"
        start.wait()
        for save in range(SAVES):
            page = client.get(url)
            data = {
                "csrfmiddlewaretoken": CSRF.search(page.text)[1],
                "version": VERSION.search(page.text)[1],
                "status_code": "",
                "completed": "",
                "comment": f"Skrivare {number}, sparning {save}",
            }
            statuses.append(client.post(url, data=data).status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == WRITERS * SAVES
    assert set(statuses) <= {200, 409}, (sorted(statuses), log.read_text()[-3000:])
    assert statuses.count(200) >= SAVES  # the writers of their own items never conflict
    assert "database is locked" not in log.read_text()
