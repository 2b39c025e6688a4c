"""Personal API tokens: made by their owner, hashed, scoped, revocable, expiring, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from styra.access.models import ApiToken
from styra.access.tokens import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    token_hash,
)


@pytest.fixture
def people(builder):
    rs = builder.unit("RS", "Regionstyrelsen")
    return builder.user("anna", (rs, "reporter")), builder.user("bo", (rs, "reader"))


def test_a_token_is_stored_as_its_hash_and_authenticates_until_revoked(people):
    anna, _bo = people
    token, raw = api_token_create(owner=anna, name="Lön", scopes=["write", "read"], user=anna)
    assert raw.startswith("sty_") and len(raw) > 40
    assert token.token_hash == token_hash(raw) and raw not in token.token_hash
    assert token.prefix == raw[:12] and token.scopes == ["read", "write"]
    assert api_token_authenticate(raw) == token
    assert api_token_authenticate(raw + "x") is None
    api_token_revoke(token=token, user=anna)
    assert api_token_authenticate(raw) is None
    assert [h.history_user for h in token.history.order_by("history_date")] == [anna, anna]


def test_only_the_owner_makes_and_revokes_and_input_is_checked(people):
    anna, bo = people
    with pytest.raises(PermissionDenied):
        api_token_create(owner=anna, name="x", scopes=["read"], user=bo)
    with pytest.raises(ValidationError, match="Okänd eller ingen behörighet: admin"):
        api_token_create(owner=anna, name="x", scopes=["admin"], user=anna)
    with pytest.raises(ValidationError):
        api_token_create(owner=anna, name="x", scopes=[], user=anna)
    with pytest.raises(ValidationError, match="Ge nyckeln ett namn"):
        api_token_create(owner=anna, name=" \x00 ", scopes=["read"], user=anna)
    with pytest.raises(ValidationError, match="mellan 1 och 1095 dagar"):
        api_token_create(owner=anna, name="x", scopes=["read"], user=anna, valid_days=0)
    token, _raw = api_token_create(owner=anna, name="x", scopes=["read"], user=anna)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, user=bo)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_an_expired_token_or_one_of_a_deactivated_account_is_refused(people):
    anna, _bo = people
    token, raw = api_token_create(owner=anna, name="x", scopes=["read"], user=anna, valid_days=1)
    assert api_token_authenticate(raw) == token
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_token_authenticate(raw) is None
    other, raw2 = api_token_create(owner=anna, name="y", scopes=["read"], user=anna)
    anna.is_active = False
    anna.save()
    assert api_token_authenticate(raw2) is None


def test_the_admin_shows_tokens_and_their_uses_and_revokes_through_the_service(
    people, admin_client
):
    anna, _bo = people
    token, _raw = api_token_create(owner=anna, name="Lön", scopes=["read"], user=anna)
    listing = admin_client.get("/admin/access/apitoken/")
    assert listing.status_code == 200 and "Lön" in listing.content.decode()
    assert (
        token.token_hash
        not in admin_client.get(f"/admin/access/apitoken/{token.pk}/change/").content.decode()
    )
    assert admin_client.get("/admin/access/apitokenuse/").status_code == 200
    admin_client.post(
        "/admin/access/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.first().history_user.username == "admin"
