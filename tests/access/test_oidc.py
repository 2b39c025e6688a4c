"""OpenID Connect: off unless configured; when on, sign-in redirects to the provider."""

import json
import os
import subprocess
import sys

import pytest
from django.urls import NoReverseMatch, reverse

from styra.access.oidc import StyraOIDCBackend, username_from_claims

PROVIDER = "https://idp.example.se/realms/region"


def test_off_by_default():
    from django.conf import settings

    assert settings.STYRA_OIDC_ENABLED is False
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")


def test_switched_on_by_environment_redirects_to_the_provider():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "styra.settings.test",
        "STYRA_OIDC_RP_CLIENT_ID": "styra-test",
        "STYRA_OIDC_RP_CLIENT_SECRET": "hemligt",
        "STYRA_OIDC_OP_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/auth",
        "STYRA_OIDC_OP_TOKEN_ENDPOINT": f"{PROVIDER}/token",
        "STYRA_OIDC_OP_USER_ENDPOINT": f"{PROVIDER}/userinfo",
        "STYRA_OIDC_OP_JWKS_ENDPOINT": f"{PROVIDER}/certs",
    }
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "from django.test.utils import setup_test_environment\n"
        "from django.test import override_settings\n"
        "setup_test_environment()\n"
        "with override_settings(SESSION_ENGINE='django.contrib.sessions.backends.signed_cookies'):\n"
        "    r = Client().get('/oidc/authenticate/')\n"
        "print(json.dumps({'status': r.status_code, 'location': r.get('Location', ''),"
        " 'backends': settings.AUTHENTICATION_BACKENDS}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["status"] == 302
    assert data["location"].startswith(f"{PROVIDER}/auth?")
    assert "client_id=styra-test" in data["location"]
    assert "code_challenge=" in data["location"]  # PKCE on by default
    # Throttling first (it refuses a locked-out sign-in), then SSO, then local accounts.
    assert data["backends"] == [
        "axes.backends.AxesStandaloneBackend",
        "styra.access.oidc.StyraOIDCBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_missing_endpoint_is_a_clear_configuration_error():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "styra.settings.test",
        "STYRA_OIDC_RP_CLIENT_ID": "styra-test",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "STYRA_OIDC_OP_AUTHORIZATION_ENDPOINT must be set" in result.stderr


def test_backend_matches_on_username_claim_and_refreshes_names(db, settings):
    settings.OIDC_USERNAME_CLAIM = "preferred_username"
    settings.OIDC_RP_CLIENT_ID = "x"
    settings.OIDC_RP_CLIENT_SECRET = "y"
    settings.OIDC_OP_TOKEN_ENDPOINT = settings.OIDC_OP_USER_ENDPOINT = "https://x"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://x"
    backend = StyraOIDCBackend()
    claims = {
        "preferred_username": "anna.a",
        "email": "anna@region.se",
        "given_name": "Anna",
        "family_name": "Andersson",
    }

    assert backend.verify_claims(claims)
    user = backend.create_user(claims)
    assert (user.username, user.get_full_name(), user.email) == (
        "anna.a",
        "Anna Andersson",
        "anna@region.se",
    )

    changed = {**claims, "family_name": "Berg", "email": "anna.berg@region.se"}
    assert list(backend.filter_users_by_claims(changed)) == [user]
    backend.update_user(user, changed)
    user.refresh_from_db()
    assert (user.last_name, user.email) == ("Berg", "anna.berg@region.se")
    assert username_from_claims({"email": "e@x.se"}) == "e@x.se"
