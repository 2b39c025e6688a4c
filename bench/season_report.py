"""Markdown for bench/results/season-DATE.md from the JSON that season.sh's runs wrote.

season_report.py ROOT USERS DURATION LOAD JOB_STATUS USERS:LOAD …
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    rev = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} GB, {platform.platform()}, Python "
        f"{platform.python_version()}, {pg}; Styra {rev}"
    )


def speed() -> float:
    """Seconds a fixed pure-Python loop takes here (median of five). It shows a slower
    core, not a host slower for memory-bound work such as Django's pages
    (docs/scaling.md): equal speeds do not make two runs comparable."""
    import statistics
    import time

    times = []
    for _ in range(5):
        start = time.process_time()
        total = 0
        for number in range(10_000_000):
            total += number
        times.append(time.process_time() - start)
    return statistics.median(times)


def server(base: Path) -> str:
    """The gunicorn configuration the run served with, from its command line."""
    command = (base / "gunicorn.cmd").read_text().split()
    workers = command[command.index("--workers") + 1]
    threads = command[command.index("--threads") + 1]
    return f"{workers} processes × {threads} threads"


def cpu_per_request(samples: Path, steady: dict) -> str:
    """What a page request cost in CPU in the steady state, from bench/cputime.py's
    samples (seconds since the run began, then server, worker, PostgreSQL, locust)."""
    if not samples.exists():
        return ""
    rows = [[float(v) for v in line.split()] for line in samples.read_text().splitlines()]
    start, end = steady["measured_from_s"], steady["measured_from_s"] + steady["measured_s"]
    inside = [row for row in rows if start <= row[0] <= end]
    if len(inside) < 2 or not steady["requests"]:
        return ""
    first, last = inside[0], inside[-1]
    seconds = last[0] - first[0]
    used = [b - a for a, b in zip(first[1:], last[1:], strict=True)]
    server, worker, postgres, locust = used
    # Page requests in the sampled part of the window, at the window's rate.
    requests = steady["requests"] * seconds / steady["measured_s"]
    per_request = (server + postgres) * 1000 / requests
    cores = os.cpu_count() or 1
    return (
        "## CPU per page request\n\n"
        f"Sampled every 5 s (`bench/cputime.py`) over {seconds:.0f} s of the steady state: "
        f"the server used {server:.1f} s of CPU, PostgreSQL {postgres:.1f} s, the worker "
        f"{worker:.1f} s (the import job) and locust {locust:.1f} s, of "
        f"{cores * seconds:.0f} s that {cores} cores give. A page request cost "
        f"**{server * 1000 / requests:.1f} ms** of the server's CPU and "
        f"{postgres * 1000 / requests:.1f} ms of PostgreSQL's, {per_request:.1f} ms in all: "
        f"with nothing else running, {cores} cores of this speed serve at most "
        f"{cores * 1000 / per_request:.0f} page requests/s.\n"
    )


def main(root: str, users: str, duration: str, load: str, job: str, *steps: str) -> None:
    base = Path(root)
    steady = json.loads((base / "steady.json").read_text())
    ok = steady["p95_ms"] < 300 and steady["errors"] == 0
    print(f"# The report season under load — {date.today()}\n")
    print(f"Machine: {machine()}.\n")
    print(
        f"Machine speed: a fixed Python loop (10⁷ additions) took {speed():.2f} s of CPU, "
        "measured after the run; it shows a slower core, not a host slower for memory-bound "
        "work, so runs compare only from the same hour (docs/scaling.md).\n"
    )
    print(
        "`bench/season.sh` (`make bench`): PostgreSQL on a Unix socket, the demo region, "
        f"`styra serve --production` (gunicorn, {server(base)}) and one "
        "`styra worker`, all on loopback with locust (`bench/locust/season.py`) on the same "
        "machine. Reporters save values and comments through HTMX, reviewers read, "
        "controllers open economic tables and report previews and download PDFs; an "
        "import job (the demo's SIE ledger) is queued during the steady run. Page times "
        "leave out logins, and count from 30 s after the last user has logged in: "
        "logging in hashes a password (about 0.6 s of one core), and the users' logins "
        "keep both cores busy for over a minute, the pages requested meanwhile waiting "
        "behind them.\n"
    )
    print("## Steady state\n")
    print(
        "| users | think time | measured | page requests | errors | req/s | p50 ms | p95 ms | p99 ms | load avg |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {users} | 5–15 s | {steady['measured_s']} s | {steady['requests']} | "
        f"{steady['errors']} | "
        f"{steady['rps_pages']} | {steady['p50_ms']} | {steady['p95_ms']} | "
        f"{steady['p99_ms']} | {load} |"
    )
    print(f"\nGoal (200 users, p95 < 300 ms, 0 errors): **{'met' if ok else 'not met'}**.")
    if steady["error_kinds"]:
        print("\nErrors: " + "; ".join(f"{k}: {v}" for k, v in steady["error_kinds"].items()))
    print(
        f"\nThe last login finished {steady['last_login_s']} s after the start; pages count "
        f"from {steady['measured_from_s']} s. Each 30 seconds of the steady state:\n"
    )
    print("| from s | page requests | p50 ms | p95 ms |")
    print("|---:|---:|---:|---:|")
    for window in steady["windows"]:
        print(
            f"| {window['from_s']} | {window['requests']} | {window['p50_ms']} | "
            f"{window['p95_ms']} |"
        )
    print("\nEach page in the steady state:\n")
    print("| page | requests | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for name, page in steady["pages"].items():
        print(f"| {name} | {page['requests']} | {page['p50_ms']} | {page['p95_ms']} |")
    print(f"\nImport job during the run: {job.rstrip('.')}.\n")
    cpu = cpu_per_request(base / "cpu-steady.txt", steady)
    if cpu:
        print(cpu)
    if not steps:
        print("No steps were run (STEPS was empty).")
        return
    print("## Steps: where p95 passes 1 s\n")
    print("| users | page requests | errors | req/s | p50 ms | p95 ms | load avg |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    crossing = None
    for step in steps:
        count, step_load = step.split(":")
        data = json.loads((base / f"step-{count}.json").read_text())
        print(
            f"| {count} | {data['requests']} | {data['errors']} | {data['rps_pages']} | "
            f"{data['p50_ms']} | {data['p95_ms']} | {step_load} |"
        )
        if crossing is None and data["p95_ms"] > 1000:
            crossing = (count, data["rps_pages"])
    if crossing:
        print(f"\np95 passes 1 s at {crossing[0]} users, {crossing[1]} page requests/s.")
    else:
        print("\np95 stayed under 1 s at every step.")


if __name__ == "__main__":
    main(*sys.argv[1:])
