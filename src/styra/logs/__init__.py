"""Structured logs: one JSON object per line, each with the request (or job) it belongs to.

`request_id` is a context variable set by `styra.web.middleware.RequestLogMiddleware` for
a request and by the worker for a job; `RequestIdFilter` copies it onto every log record
so that a traceback in the log can be found from the id a user reads off an error page.
This package sits at the bottom of the layers: anything may log through it.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("styra_request_id", default="-")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (the current request's or job's id, `-` outside both)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = (
                    value
                    if value is None or isinstance(value, str | int | float | bool)
                    else str(value)
                )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, fmt: str, level: str) -> dict:
    """The LOGGING setting: everything to standard error, as JSON or as text.

    Standard error is what systemd's journal and container platforms collect, and it
    keeps a command's own output (e.g. `--json`) clean.
    `django.request` logs every response of 500 and above with its traceback, so every
    server error is in the log with its request id.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "styra.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "styra.logs.JsonFormatter"},
            "text": {
                "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            },
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["request_id"],
                "formatter": fmt,
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            # 4xx at WARNING, 5xx at ERROR with the traceback.
            "django.request": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
            "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
            "styra": {"handlers": ["stdout"], "level": level, "propagate": False},
            # One line per HTTP request to Kolada is noise; failures reach the user as
            # Swedish messages and are logged by Styra's own loggers.
            "httpx": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
            "httpcore": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
        },
    }
