"""The account page: making, seeing and revoking personal API tokens in the browser."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from styra.access.models import ApiToken
from styra.access.tokens import api_token_create


def _login(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def test_a_token_made_on_the_account_page_is_shown_once_and_works_on_the_api(client, demo):
    _login(client, "rapportor")
    page = client.get("/konto/")
    assert page.status_code == 200 and "Du har inga API-nycklar." in page.content.decode()
    made = client.post(
        "/konto/", {"name": "Personalsystemet", "scopes": ["read", "write"], "valid_days": "90"}
    )
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    html = made.content.decode()
    raw = re.search(r'value="(sty_[A-Za-z0-9_-]+)"', html).group(1)
    assert "den visas inte igen" in html
    token = ApiToken.objects.get(name="Personalsystemet")
    assert token.scopes == ["read", "write"] and token.expires_at is not None
    assert raw not in token.token_hash
    assert raw not in client.get("/konto/").content.decode()  # shown once only

    answer = client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200
    listed = client.get("/konto/").content.decode()
    assert "GET /api/v1/plans" in listed and "Personalsystemet" in listed


def test_bad_input_is_refused_with_swedish_messages_and_hostile_names_are_text(client, demo):
    _login(client, "rapportor")
    refused = client.post("/konto/", {"name": "", "scopes": []})
    assert refused.status_code == 400
    assert ApiToken.objects.count() == 0
    made = client.post("/konto/", {"name": "<script>alert(1)</script>", "scopes": ["read"]})
    assert made.status_code == 200
    html = client.get("/konto/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_revoking_works_for_ones_own_token_only(client, demo):
    owner = get_user_model().objects.get(username="granskare")
    token, raw = api_token_create(owner=owner, name="BI", scopes=["read"], user=owner)
    _login(client, "rapportor")
    assert client.post(f"/konto/api-nycklar/{token.pk}/aterkalla/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    _login(client, "granskare")
    assert client.get(f"/konto/api-nycklar/{token.pk}/aterkalla/").status_code == 405
    done = client.post(f"/konto/api-nycklar/{token.pk}/aterkalla/", follow=True)
    assert "API-nyckeln ”BI” är återkallad." in done.content.decode()
    assert client.get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    token.refresh_from_db()
    assert token.history.first().history_user == owner
