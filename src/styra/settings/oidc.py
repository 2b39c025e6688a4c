"""OpenID Connect sign-in through mozilla-django-oidc (docs/sso.md).

Imported by base.py only when STYRA_OIDC_RP_CLIENT_ID is set; the provider's endpoints
then must be set too. Roles are still given in Styra (UnitRole): the identity provider
says who someone is, not what they may do.
"""

import os


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be set when STYRA_OIDC_RP_CLIENT_ID is set")
    return value


STYRA_OIDC_ENABLED = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # sign-in throttling (base.py) for SSO too
    "styra.access.oidc.StyraOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",  # local accounts keep working
]

OIDC_RP_CLIENT_ID = os.environ["STYRA_OIDC_RP_CLIENT_ID"]
OIDC_RP_CLIENT_SECRET = os.environ.get("STYRA_OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = _required("STYRA_OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = _required("STYRA_OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = _required("STYRA_OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("STYRA_OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("STYRA_OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("STYRA_OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = os.environ.get("STYRA_OIDC_USE_PKCE", "1") == "1"
# Opt-in: by default only people an administrator has given an account may sign in
# (matched on the username claim). With STYRA_OIDC_CREATE_USER=1 everyone the identity
# provider lets through gets an account, without roles, at first sign-in.
OIDC_CREATE_USER = os.environ.get("STYRA_OIDC_CREATE_USER", "0") == "1"
# Where a refused sign-in lands: the login page, which shows why.
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/"
if os.environ.get("STYRA_OIDC_OP_LOGOUT_URL"):
    OIDC_OP_LOGOUT_URL = os.environ["STYRA_OIDC_OP_LOGOUT_URL"]
    OIDC_OP_LOGOUT_URL_METHOD = "styra.access.oidc.provider_logout_url"
