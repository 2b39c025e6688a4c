"""Bearer-token authentication and scopes: the request acts as the token's owner.

The token of the current request is kept in a context variable (set here, cleared by
`styra.api.middleware.TokenUseMiddleware`, which records the use when the answer is
known), so the endpoints ask `require_scope(...)` for the acting user.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from styra.access.models import ApiToken, TokenScope
from styra.access.selectors import api_token_use_count
from styra.access.tokens import api_token_authenticate

from .errors import ApiProblem

if TYPE_CHECKING:
    from django.contrib.auth.models import User

current_token: ContextVar[ApiToken | None] = ContextVar("styra_api_token", default=None)


RATE_WINDOW = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sty_…`: None (401) for an unknown, revoked or expired token;
    429 for a token that made STYRA_API_RATE_PER_MINUTE requests in the last minute
    (counted from the recorded uses, so every server process counts the same)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(token)
        if found is not None:
            limit = settings.STYRA_API_RATE_PER_MINUTE
            if limit and api_token_use_count(found, timezone.now() - RATE_WINDOW) >= limit:
                raise ApiProblem(
                    429,
                    _(
                        "För många anrop med den här API-nyckeln: högst %(limit)s per minut. "
                        "Vänta en stund och försök igen."
                    )
                    % {"limit": limit},
                    code="rate_limited",
                    retry_after=int(RATE_WINDOW.total_seconds()),
                )
            current_token.set(found)
            request.user = found.user
        return found


def require_scope(scope: TokenScope) -> User:
    """The acting user (the token's owner); 403 when the token lacks `scope`."""
    token = current_token.get()
    if token is None:  # authentication runs before every endpoint; this is a bug
        raise RuntimeError("API endpoint reached without an authenticated token")
    if scope not in token.scopes:
        raise ApiProblem(
            403,
            _("API-nyckeln saknar behörigheten %(scope)s (den har %(scopes)s).")
            % {"scope": scope.value, "scopes": ", ".join(token.scopes)},
            code="scope",
        )
    return token.user
