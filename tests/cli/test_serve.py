"""`styra serve`: start it on the demo database, request a page, stop it."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.entry_point import STYRA, styra_env

pytestmark = pytest.mark.xdist_group("demo-home")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_answers_and_stops_on_ctrl_c(demo_home):
    port = free_port()
    server = subprocess.Popen(
        [str(STYRA), "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=demo_home,
        # Outside `styra demo` the production settings apply: a secret key, and plain
        # HTTP on loopback (no redirect to HTTPS).
        env=styra_env(
            demo_home,
            STYRA_SECRET_KEY="serve-test-key-0123456789abcdefghijklmnopqrstuvwxyz",
            STYRA_HTTPS="0",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a test run started in the background (`make test &`) ignores
        # SIGINT, and a Python started with SIGINT ignored never raises KeyboardInterrupt.
        preexec_fn=_interruptible,
    )
    try:
        page = get(f"http://127.0.0.1:{port}/konto/logga-in/", time.monotonic() + 120)
        assert "Region Exempel" in page and 'name="password"' in page
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err  # Ctrl-C ends the server cleanly
    assert "Traceback" not in err
