"""API test fixtures: real personal tokens for the demo's people, and a JSON client."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def token_for(demo, django_user_model):
    """`token_for("rapportor", "read", "write")` → the text of a new token of that user."""
    from styra.access.tokens import api_token_create

    def make(username: str, *scopes: str) -> str:
        user = django_user_model.objects.get(username=username)
        _token, raw = api_token_create(
            owner=user, name=f"test {username}", scopes=list(scopes) or ["read"], user=user
        )
        return raw

    return make


@pytest.fixture
def api(client):
    """`api("put", "/v1/…", token, body)`: one HTTP request to the API, JSON in and out."""

    def call(method: str, path: str, token: str | None = None, body=None, **extra):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        data = json.dumps(body) if body is not None and not isinstance(body, str | bytes) else body
        kwargs = {"content_type": "application/json", "data": data} if data is not None else {}
        return getattr(client, method)(f"/api{path}", **kwargs, **headers, **extra)

    return call
