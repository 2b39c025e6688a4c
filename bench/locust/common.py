"""What the locust scenarios share: logging in as a person does, and page-time percentiles.

Logging in hashes a password on purpose (PBKDF2, about half a second of one core), so
logins are counted apart: `page_stats()` gives the percentiles of everything else, the
pages people wait for during their work. Hundreds of users starting at once queue up
their logins for a minute or more on two cores, and the pages requested meanwhile wait
behind them: the steady state is measured from BENCH_SETTLE (30) seconds after the last
login has finished, and never before BENCH_WARMUP seconds. With BENCH_STATS_OUT set, the
figures (and the percentiles of each 30-second window) are written there as JSON when
locust stops.
"""

from __future__ import annotations

import copy
import json
import os
import re
import time

from gevent.lock import Semaphore
from locust import events

PASSWORD = os.environ.get("BENCH_PASSWORD", "styra-demo-2026")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_NAMES = {"login form", "login"}

_samples: list[tuple[float, float, str]] = []  # (seconds since start, page time ms, name)
_failures: list[tuple[float, str]] = []  # (seconds since the start, what failed)
_sessions: dict[str, list] = {}
_session_lock = Semaphore()
# Seconds after the start during which samples are not counted (ramp-up, logins).
WARMUP = float(os.environ.get("BENCH_WARMUP", "0"))
# Seconds after the last login before the steady state is measured.
SETTLE = float(os.environ.get("BENCH_SETTLE", "30"))
WINDOW = 30.0
_started = time.monotonic()
_last_login = 0.0  # seconds since the start when the latest login finished


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    if match is None:
        raise ValueError("ingen CSRF-token på sidan")
    return match.group(1)


def log_in(client, username: str, *, share: bool = False) -> None:
    """Log in through the form; with `share`, simulated users of the same name share one
    session (the server decision measures pages, not 40 password hashes at once)."""
    if share:
        with _session_lock:
            if username not in _sessions:
                _log_in(client, username)
                _sessions[username] = list(client.cookiejar)
        for cookie in _sessions[username]:
            client.cookiejar.set_cookie(copy.copy(cookie))
        return
    _log_in(client, username)


def _log_in(client, username: str) -> None:
    page = client.get("/konto/logga-in/", name="login form")
    client.post(
        "/konto/logga-in/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Referer": client.base_url + "/konto/logga-in/"},
        name="login",
    )


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    global _last_login
    now = time.monotonic() - _started
    if name in LOGIN_NAMES:
        _last_login = max(_last_login, now)
        return
    _samples.append((now, response_time, name))
    if exception is not None:
        _failures.append((now, f"{request_type} {name}: {type(exception).__name__}"))


def measured_from() -> float:
    """Seconds after the start from which pages count: the steady state."""
    return max(WARMUP, _last_login + SETTLE)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def page_stats() -> dict:
    start = measured_from()
    times = [ms for at, ms, _name in _samples if at >= start]
    by_name: dict[str, list[float]] = {}
    for at, ms, name in _samples:
        if at >= start:
            by_name.setdefault(name, []).append(ms)
    errors: dict[str, int] = {}
    for at, key in _failures:
        if at >= start:
            errors[key] = errors.get(key, 0) + 1
    windows = []
    end = max((at for at, _ms, _name in _samples), default=start)
    begin = start
    while begin < end:
        inside = [ms for at, ms, _name in _samples if begin <= at < begin + WINDOW]
        if inside:
            windows.append(
                {
                    "from_s": round(begin),
                    "requests": len(inside),
                    "p50_ms": round(percentile(inside, 0.50)),
                    "p95_ms": round(percentile(inside, 0.95)),
                }
            )
        begin += WINDOW
    return {
        "measured_from_s": round(start),
        "last_login_s": round(_last_login),
        "requests": len(times),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "p50_ms": round(percentile(times, 0.50)),
        "p95_ms": round(percentile(times, 0.95)),
        "p99_ms": round(percentile(times, 0.99)),
        "max_ms": round(max(times, default=0)),
        "windows": windows,
        "pages": {
            name: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 0.50)),
                "p95_ms": round(percentile(values, 0.95)),
            }
            for name, values in sorted(by_name.items())
        },
    }


@events.quitting.add_listener
def _write(environment, **kwargs):
    out = os.environ.get("BENCH_STATS_OUT")
    if out:
        stats = page_stats()
        total = environment.stats.total
        duration = (
            max(1e-9, total.last_request_timestamp - total.start_time) if total.num_requests else 1
        )
        stats["rps_all"] = round(total.num_requests / duration, 2)
        measured = max(1e-9, time.monotonic() - _started - measured_from())
        stats["measured_s"] = round(measured)
        stats["rps_pages"] = round(stats["requests"] / measured, 2)
        with open(out, "w") as handle:
            json.dump(stats, handle)
