"""Integrations are configured from the environment (see .env.example)."""

import json
import os
import re
import subprocess
import sys

from tests.paths import REPO_ROOT

SMTP = ["EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_USE_TLS", "EMAIL_BACKEND"]


def _settings_in_subprocess(env: dict, names: list[str] = SMTP) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{k: getattr(settings, k) for k in {names!r}}}, default=str))"
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


STYRA = ["STYRA_ORGANISATION_NAME", "STYRA_REPORT_TEMPLATE_DIRS", "STYRA_DEFAULT_REPORT_TEMPLATE"]


def test_organisation_and_report_settings_are_read_from_the_environment(tmp_path):
    own, shared = tmp_path / "mallar", tmp_path / "gemensamma"
    values = _settings_in_subprocess(
        {
            "STYRA_ORGANISATION_NAME": "Region Norr",
            "STYRA_REPORT_TEMPLATE_DIRS": f"{own}{os.pathsep}{shared}",
            "STYRA_DEFAULT_REPORT_TEMPLATE": "delar-2026",
            "STYRA_SAVINGS_SCALE": "egen-skala",
        },
        [*STYRA, "STYRA_SAVINGS_SCALE"],
    )
    assert values == {
        "STYRA_ORGANISATION_NAME": "Region Norr",
        "STYRA_REPORT_TEMPLATE_DIRS": [str(own), str(shared)],
        "STYRA_DEFAULT_REPORT_TEMPLATE": "delar-2026",
        "STYRA_SAVINGS_SCALE": "egen-skala",
    }


def test_defaults_when_the_environment_says_nothing():
    env = {name: "" for name in [*STYRA, "STYRA_SAVINGS_SCALE"]}  # empty means the default
    values = _settings_in_subprocess(env, [*STYRA, "STYRA_SAVINGS_SCALE"])
    assert values == {
        "STYRA_ORGANISATION_NAME": "",  # the top unit's name, see org.selectors
        "STYRA_REPORT_TEMPLATE_DIRS": [],
        "STYRA_DEFAULT_REPORT_TEMPLATE": "t1-2026-rs",
        "STYRA_SAVINGS_SCALE": "resultatforbattrande-atgarder",
    }


def test_every_styra_variable_the_code_reads_is_documented():
    """`.env.example` and docs/settings.md name every STYRA_ variable read anywhere."""
    read = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    for path in (REPO_ROOT / "src" / "styra").rglob("*.py"):
        text = path.read_text()
        read |= set(re.findall(r"environ(?:\.get)?[\[(]\"(STYRA_[A-Z0-9_]+)\"", text))
        if path.parent.name == "settings":
            read |= set(re.findall(r"\"(STYRA_[A-Z0-9_]+)\"", text))
    assert {"STYRA_ORGANISATION_NAME", "STYRA_USER", "STYRA_OIDC_OP_TOKEN_ENDPOINT"} <= read
    example = (REPO_ROOT / ".env.example").read_text()
    docs = (REPO_ROOT / "docs" / "settings.md").read_text()
    for text in (example, docs):
        assert sorted(name for name in read if not re.search(rf"\b{name}\b", text)) == []
