"""The OpenAPI schema: served at /api/openapi.json, committed as docs/api/openapi.json."""

from __future__ import annotations

import json

import pytest

from tests.paths import REPO_ROOT

COMMITTED = REPO_ROOT / "docs" / "api" / "openapi.json"


@pytest.mark.django_db
def test_the_served_schema_is_the_committed_one(client):
    served = client.get("/api/openapi.json")
    assert served.status_code == 200
    assert served.json() == json.loads(COMMITTED.read_text(encoding="utf-8")), (
        "the API changed: run `make openapi` and commit docs/api/openapi.json"
    )


def test_every_operation_documents_its_errors_as_json():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "422"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method in ("put", "post"):
                assert {"409", "413"} <= codes, (method, path)
            assert operation["security"] == [{"TokenAuth": []}], (method, path)
