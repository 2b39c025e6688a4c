"""schemathesis against the committed schema: no server errors, no schema violations.

Every operation of docs/api/openapi.json gets generated requests (a bounded number, so
`make test` stays quick), valid and invalid ones, sent through Django's WSGI app in
this process with the controller's token with every scope, on the demo region. Every
answer must be a documented status with a body that matches the schema, none may be a
5xx, invalid requests must be refused and valid ones not refused without a reason.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.paths import REPO_ROOT

# 413 is a right answer to a body past the size limit, and 422 to a well-formed request
# that names what does not exist or breaks a rule (an unknown series, status or item).
CONFIG_DATA = {
    "checks": {
        "negative_data_rejection": {
            "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
        },
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", 401, 403, 404, 409, 413, 422, 429]
        },
    }
}
CONFIG = SchemathesisConfig.from_dict(CONFIG_DATA)
schema = schemathesis.openapi.from_path(REPO_ROOT / "docs" / "api" / "openapi.json", config=CONFIG)
# Every request, the checks' own included, goes through Django's WSGI app in this process.
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _one_connection():
    """Django's WSGI handler closes the database connection after each request; the
    test's transaction lives on it, so (as Django's test client does) not here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


#: The controller's token in every test: schemathesis prepares some requests before
#: the test's database (and its token) exist, so the token's text is known beforehand.
SECRET = "schemathesis-" + "x" * 30
TOKEN = "sty_" + SECRET


@schema.auth()
class ControllerToken:
    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def controller_token(token_for, monkeypatch):
    monkeypatch.setattr("styra.access.tokens.secrets.token_urlsafe", lambda n: SECRET)
    raw = token_for("controller", "read", "write", "reports")
    assert raw == TOKEN
    return raw


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, controller_token, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case.call_and_validate()


# The same requests again with the demo's own round and item in the path, as the
# region's administrator (who may report every item): generated bodies then reach the
# services (assessment_save, the bulk feed, the report queue) instead of a 404.
DEEP = schemathesis.openapi.from_path(
    REPO_ROOT / "docs" / "api" / "openapi.json",
    config=SchemathesisConfig.from_dict(
        {
            **CONFIG_DATA,
            "parameters": {"path.code": "2026-T1", "path.item": "N11", "path.job_id": "1"},
        }
    ),
).include(path_regex=r"/rounds/|/reports/|/jobs/")
DEEP.app = schema.app


@DEEP.auth()
class AdminToken(ControllerToken):
    pass


@pytest.fixture
def admin_token(token_for, monkeypatch):
    monkeypatch.setattr("styra.access.tokens.secrets.token_urlsafe", lambda n: SECRET)
    return token_for("admin", "read", "write", "reports")


@DEEP.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema_on_real_rounds_and_items(
    case, admin_token, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case.call_and_validate()
