"""What the locust scenarios share: logging in as a person does, and page-time percentiles.

Logging in hashes a password on purpose (PBKDF2, about half a second of one core), so
logins are counted apart: `page_stats()` gives the percentiles of everything else, the
pages people wait for during their work. With BENCH_STATS_OUT set, they are written there
as JSON when locust stops.
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

_times: list[float] = []
_errors: dict[str, int] = {}
_sessions: dict[str, list] = {}
_session_lock = Semaphore()
# Seconds after the start during which samples are not counted (ramp-up, logins).
WARMUP = float(os.environ.get("BENCH_WARMUP", "0"))
_started = time.monotonic()


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
    if name in LOGIN_NAMES or time.monotonic() - _started < WARMUP:
        return
    _times.append(response_time)
    if exception is not None:
        key = f"{request_type} {name}: {type(exception).__name__}"
        _errors[key] = _errors.get(key, 0) + 1


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def page_stats() -> dict:
    return {
        "requests": len(_times),
        "errors": sum(_errors.values()),
        "error_kinds": _errors,
        "p50_ms": round(percentile(_times, 0.50)),
        "p95_ms": round(percentile(_times, 0.95)),
        "p99_ms": round(percentile(_times, 0.99)),
        "max_ms": round(max(_times, default=0)),
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
        measured = max(1e-9, time.monotonic() - _started - WARMUP)
        stats["rps_pages"] = round(len(_times) / measured, 2)
        with open(out, "w") as handle:
            json.dump(stats, handle)
