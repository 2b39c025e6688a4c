"""Production settings: `check --deploy` clean, HTTPS behind a proxy, the right defaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

STYRA = Path(sys.executable).with_name("styra")
SECRET = "prod-test-key-7d1c5e0a9b4f4c7e8a2d6b3f1e0c9a8b7d6e5f4a3b2c1d0e"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    drop = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        STYRA_VAR_DIR=str(tmp_path / "var"),
        STYRA_ALLOWED_HOSTS="styra.region.example",
        **extra,
    )
    return env


def _settings(tmp_path: Path, names: list[str], **extra: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{k: getattr(settings, k, None) for k in {names!r}}}, default=str))"
    )
    env = _env(tmp_path, DJANGO_SETTINGS_MODULE="styra.settings.production", **extra)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_a_secret_key(tmp_path):
    result = subprocess.run(
        [str(STYRA), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path, STYRA_SECRET_KEY=SECRET),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_a_secret_key(tmp_path):
    result = subprocess.run(
        [str(STYRA), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_is_https_behind_a_proxy_by_default(tmp_path):
    values = _settings(
        tmp_path,
        [
            "DEBUG",
            "SECURE_PROXY_SSL_HEADER",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "STORAGES",
        ],
    )
    assert values["DEBUG"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["STORAGES"]["staticfiles"]["BACKEND"].endswith(
        "CompressedManifestStaticFilesStorage"
    )


def test_plain_http_on_loopback_is_one_switch(tmp_path):
    values = _settings(tmp_path, ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"], STYRA_HTTPS="0")
    assert values == {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False}


def test_the_styra_command_and_wsgi_default_to_production_settings(tmp_path):
    from styra.cli.main import DEFAULT_SETTINGS, SETTINGS_BY_COMMAND

    assert DEFAULT_SETTINGS == "styra.settings.production"
    assert SETTINGS_BY_COMMAND == {"demo": "styra.settings.dev"}
    wsgi = (Path(__file__).parents[2] / "src/styra/wsgi.py").read_text()
    assert '"DJANGO_SETTINGS_MODULE", "styra.settings.production"' in wsgi


def test_the_wsgi_application_freezes_what_lives_as_long_as_the_process(tmp_path):
    """Loading the application leaves Django's own objects outside the collector's full
    passes (styra.wsgi); a request's objects are still collected."""
    code = (
        "import gc; assert gc.get_freeze_count() == 0; import styra.wsgi;"
        "frozen = gc.get_freeze_count();"
        "garbage = []; garbage.append(garbage); del garbage;"  # a cycle made after loading
        "print(frozen, gc.collect())"
    )
    env = _env(tmp_path, DJANGO_SETTINGS_MODULE="styra.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    frozen, collected = map(int, result.stdout.split())
    assert frozen > 50_000  # Django, the apps, their models and settings
    assert collected >= 1
