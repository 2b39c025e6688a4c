"""Personal API tokens: create, revoke, authenticate, record each use (docs/api.md).

A token acts as its owner: every read and write through the API is checked against the
owner's roles exactly as in the browser, and the token's scopes only narrow that (a
`read` token cannot write even if its owner may). The token text is `sty_` and 43
random URL-safe characters; only its SHA-256 is stored, so a copy of the database
does not give anyone a working token. Creating and revoking a token are kept in its
history with who did it; each request made with it is an `ApiTokenUse`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.formats.text import check_length, clean_line, column_max_length

from .history import save_as
from .models import ApiToken, ApiTokenUse, TokenScope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PREFIX = "sty_"
#: Longest validity a token may be given; a token without an end date is allowed too.
MAX_DAYS = 3 * 365
#: `last_used_at` is written at most this often per token (the uses are all recorded).
LAST_USED_EVERY = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _scopes(scopes: list[str]) -> list[str]:
    wanted = sorted({s.strip() for s in scopes if s.strip()})
    unknown = [s for s in wanted if s not in TokenScope.values]
    if not wanted or unknown:
        raise ValidationError(
            {
                "scopes": _("Okänd eller ingen behörighet: %(scopes)s. Välj bland %(valid)s.")
                % {"scopes": ", ".join(unknown) or "–", "valid": ", ".join(TokenScope.values)}
            }
        )
    return wanted


def api_token_create(
    *,
    owner: User,
    name: str,
    scopes: list[str],
    user: User,
    valid_days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `owner` (only for oneself); returns it and its text, shown once."""
    if user.pk != owner.pk:
        raise PermissionDenied(_("Du får bara skapa API-nycklar åt dig själv."))
    if not owner.is_active:
        raise PermissionDenied(_("Kontot är inte aktivt."))
    name = clean_line(name).strip()
    if not name:
        raise ValidationError(
            {"name": _("Ge nyckeln ett namn, t.ex. systemet som ska använda den.")}
        )
    check_length(name, column_max_length(ApiToken, "name"), "name")
    wanted = _scopes(scopes)
    expires_at: datetime | None = None
    if valid_days is not None:
        if not 1 <= valid_days <= MAX_DAYS:
            raise ValidationError(
                {
                    "valid_days": _("En nyckel gäller mellan 1 och %(max)s dagar.")
                    % {"max": MAX_DAYS}
                }
            )
        expires_at = timezone.now() + timedelta(days=valid_days)
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=owner,
            name=name,
            token_hash=token_hash(raw),
            prefix=raw[:12],
            scopes=wanted,
            expires_at=expires_at,
        )
        save_as(token, user)
    return token, raw


def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke `token` at once (its owner, or a superuser); revoking twice changes nothing."""
    if user.pk != token.user_id and not (user.is_active and user.is_superuser):
        raise PermissionDenied(_("Du får bara återkalla dina egna API-nycklar."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            save_as(token, user, update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token with this text; None when unknown, revoked, expired or its owner
    is no longer active."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or not token.is_active:
        return None
    return token


def api_token_use_record(
    *, token: ApiToken, method: str, path: str, status: int, address: str = ""
) -> ApiTokenUse:
    """Record one request made with `token` (the audit of who used which token, when)."""
    now = timezone.now()
    use = ApiTokenUse.objects.create(
        token=token,
        method=method[:10],
        path=clean_line(path)[:300],
        status=status,
        address=address[:64],
    )
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        # A timestamp for the token list, not a change of the token: no history row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return use


def api_token_uses_prune(*, before: datetime) -> int:
    """Forget the recorded uses of API tokens made before `before` (the audit's retention,
    STYRA_API_USE_KEEP_DAYS); returns how many were removed."""
    deleted, _by_model = ApiTokenUse.objects.filter(at__lt=before).delete()
    return deleted
