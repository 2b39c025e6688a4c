"""The season benchmark's CPU accounting (bench/cputime.py, bench/season_report.py): a
tree's time includes children that have exited, and the report turns samples into the
CPU a page request cost."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

from tests.paths import REPO_ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BURN = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass"


def test_a_tree_counts_the_children_that_have_exited(tmp_path):
    cputime = _load("cputime")
    done = tmp_path / "done"
    # A parent that runs a child burning 0.6 s of CPU, waits for it (so the child is
    # gone and its time is the parent's), says so, and sleeps.
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pathlib, subprocess, sys, time\n"
            f"subprocess.run([sys.executable, '-c', {BURN!r}])\n"
            f"pathlib.Path({str(done)!r}).write_text('x')\ntime.sleep(60)",
        ]
    )
    try:
        deadline = time.monotonic() + 60
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists()
        processes = cputime._processes()
        assert not [pid for pid, (ppid, _cpu, _cmd) in processes.items() if ppid == parent.pid]
        assert cputime.tree_seconds(processes, {parent.pid}) >= 0.6
        assert cputime.tree_seconds(processes, {999_999_999}) == 0
    finally:
        parent.kill()
        parent.wait()


def test_the_report_gives_the_cpu_of_a_page_request_in_the_measured_window(tmp_path):
    report = _load("season_report")
    samples = tmp_path / "cpu-steady.txt"
    # seconds, server, worker, postgres, locust: the window is 100–200 s.
    samples.write_text(
        "95.0 10.0 1.0 2.0 0.5\n100.0 12.0 1.0 3.0 1.0\n150.0 70.0 2.0 8.0 3.0\n"
        "200.0 132.0 3.0 13.0 5.0\n205.0 140.0 3.0 14.0 5.0\n"
    )
    steady = {"measured_from_s": 100, "measured_s": 100, "requests": 2000}
    text = report.cpu_per_request(samples, steady)
    # 120 s of server CPU and 10 s of PostgreSQL's for 2000 requests: 60 + 5 ms.
    assert "**60.0 ms** of the server's CPU and 5.0 ms of PostgreSQL's, 65.0 ms in all" in text
    assert "the worker 2.0 s (the import job) and locust 4.0 s" in text
    assert report.cpu_per_request(tmp_path / "none.txt", steady) == ""
