"""Test settings: a non-Swedish time zone catches naive datetimes."""

import os

from .base import *  # noqa: F403

TIME_ZONE = "Asia/Tokyo"
STYRA_CHECK_CHART_SPECS = True  # every chart the tests build is checked (base.py)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
