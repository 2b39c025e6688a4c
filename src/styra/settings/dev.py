"""Development settings: what `make demo` and `styra demo` run with.

DEBUG on, static files straight from the apps, logs as text. Never for a server that
anyone else reaches: `styra serve` and `wsgi.py` use `styra.settings.production`.
"""

import os

from styra.logs import logging_config

from .base import *  # noqa: F403

DEBUG = True
LOGGING = logging_config(
    fmt=os.environ.get("STYRA_LOG_FORMAT", "text"),
    level=os.environ.get("STYRA_LOG_LEVEL", "INFO"),
)
