"""Browser tests: a demo server as a user meets it, and Debian's Chromium driven by Playwright.

One demo server per test session (per xdist worker): a fresh directory with its own
SQLite database, filled by `styra demo --no-serve`, served by `styra serve --production`
(gunicorn, production settings, collected static files, the Content Security Policy)
over plain HTTP on loopback (STYRA_HTTPS=0). The tests
are skipped only when Chromium is not installed; CI installs it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.helpers import DESKTOP, PHONE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STYRA = Path(sys.executable).with_name("styra")

SERVER_START_TIMEOUT = 180
DEMO_TIMEOUT = 600


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium saknas ({CHROMIUM}); installera paketet chromium")
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    # As a user runs it: development settings and SQLite in its own var dir, never the
    # test settings or a test database that pytest may have pointed DATABASE_URL at.
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env["STYRA_VAR_DIR"] = str(root / "var")
    env["STYRA_OUT_DIR"] = str(root / "out")
    env["STYRA_PROJECT_DIR"] = str(root)
    env["STYRA_SECRET_KEY"] = "e2e-secret-key-not-for-production-0123456789abcdef"
    env["STYRA_HTTPS"] = "0"
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path, timeout: int) -> None:
    result = subprocess.run(
        [str(STYRA), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"styra {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"styra serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"styra serve did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()}"
    )


@contextlib.contextmanager
def running_demo_server(root: Path):
    """`styra demo --no-serve` in `root`, then `styra serve --production` on a free port,
    as a user would run them; yields (base URL, environment) and stops the server."""
    env = _server_env(root)
    _run(["demo", "--no-serve"], env, root, DEMO_TIMEOUT)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = root / "serve.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(STYRA), "serve", "--production", "--workers", "2", "--addr", f"127.0.0.1:{port}"],
            env=env,
            cwd=root,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # gunicorn's workers go with it at the end
        )
        try:
            _wait_until_up(f"{base_url}/konto/logga-in/", process, log)
            yield base_url, env
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=40)  # gunicorn's graceful timeout is 30 s
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """Base URL of a running demo server shared by the read-only browser tests."""
    with running_demo_server(tmp_path_factory.mktemp("demo-server")) as (base_url, _env):
        yield base_url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport=PHONE, locale="sv-SE", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    yield page
    context.close()
