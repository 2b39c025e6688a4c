"""The OpenID Connect backend: who someone is comes from the identity provider.

Users are matched on a stable username claim (default `preferred_username`, falling
back to the e-mail address) rather than on e-mail alone, since e-mail addresses change
with names and reorganisations. Names are refreshed at every sign-in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


def username_from_claims(claims: dict) -> str:
    claim = settings.OIDC_USERNAME_CLAIM
    return (claims.get(claim) or claims.get("email") or claims.get("sub") or "")[:150]


class StyraOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        username = username_from_claims(claims)
        if not username:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(username__iexact=username)

    def get_or_create_user(self, access_token, id_token, payload):
        """The matching account; none (and a message on the login page) when there is
        none and accounts are not created at sign-in (`OIDC_CREATE_USER`, opt-in)."""
        self.claims: dict = {}
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None and self.request is not None:
            messages.error(
                self.request,
                _(
                    "Det finns inget konto i Styra för %(username)s; be en administratör "
                    "att lägga upp dig."
                )
                % {"username": username_from_claims(self.claims) or "?"},
            )
        return user

    def verify_claims(self, claims) -> bool:
        self.claims = claims
        return super().verify_claims(claims) and bool(username_from_claims(claims))

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            username_from_claims(claims), email=claims.get("email", "")
        )
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        changed = False
        for field, claim in (
            ("first_name", "given_name"),
            ("last_name", "family_name"),
            ("email", "email"),
        ):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        if changed:
            user.save(update_fields=["first_name", "last_name", "email"])
        return user


def provider_logout_url(request) -> str:
    return settings.OIDC_OP_LOGOUT_URL
