"""Integrations are configured from the environment (see .env.example)."""

import json
import os
import subprocess
import sys


def _settings_in_subprocess(env: dict) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({k: getattr(settings, k) for k in "
        "['EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_USE_TLS', 'EMAIL_BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "styra.settings.base", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_smtp_server_is_read_from_the_environment():
    values = _settings_in_subprocess(
        {
            "STYRA_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "STYRA_EMAIL_HOST": "smtp.region.example",
            "STYRA_EMAIL_PORT": "587",
            "STYRA_EMAIL_HOST_USER": "styra",
            "STYRA_EMAIL_USE_TLS": "1",
        }
    )
    assert values == {
        "EMAIL_HOST": "smtp.region.example",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "styra",
        "EMAIL_USE_TLS": True,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
