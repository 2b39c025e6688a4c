"""The health check for the load balancer, request ids and the access log."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_health_answers_for_any_host_name(client, settings):
    """A load balancer probes by address; the host check must not turn that into 400."""
    settings.ALLOWED_HOSTS = ["styra.region.example"]
    assert client.get("/health/", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_health_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    assert client.get("/health/").status_code == 200
    assert client.get("/konto/logga-in/").status_code == 301


def test_health_is_503_when_the_database_does_not_answer(client, monkeypatch, caplog):
    from styra.web import middleware

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(middleware.connection, "cursor", refuse)
    with caplog.at_level(logging.ERROR, logger="styra.health"):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert "databasen svarar inte" in caplog.text


def test_every_response_carries_a_request_id(client):
    first = client.get("/konto/logga-in/")
    second = client.get("/konto/logga-in/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxy_request_id_is_kept_when_sane_and_replaced_when_not(client):
    kept = client.get("/konto/logga-in/", HTTP_X_REQUEST_ID="nginx-4f2a.77")
    assert kept["X-Request-ID"] == "nginx-4f2a.77"
    hostile = client.get("/konto/logga-in/", HTTP_X_REQUEST_ID='x"\n{"level": "fake"}')
    assert hostile["X-Request-ID"] != 'x"\n{"level": "fake"}'
    assert len(hostile["X-Request-ID"]) == 32


def test_access_log_line_has_request_id_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="styra.access"):
        response = client.get("/konto/logga-in/", HTTP_X_REQUEST_ID="abc-123")
    (record,) = [r for r in caplog.records if r.name == "styra.access"]
    assert record.request_id == "abc-123"
    assert (record.method, record.path, record.status) == ("GET", "/konto/logga-in/", 200)
    assert record.duration_ms >= 0
    assert response.status_code == 200


def test_pages_carry_the_content_security_policy(client):
    policy = client.get("/konto/logga-in/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in directives["script-src"]


def test_json_log_lines_are_one_object_each_with_the_request_id():
    from styra.logs import JsonFormatter, RequestIdFilter, request_id_var

    token = request_id_var.set("req-42")
    try:
        record = logging.makeLogRecord(
            {
                "name": "styra.test",
                "levelname": "ERROR",
                "msg": 'rad 1\nrad 2 "citat"',
                "status": 500,
                "user_id": None,
            }
        )
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "req-42"
    assert entry["message"] == 'rad 1\nrad 2 "citat"'
    assert entry["status"] == 500
    assert entry["user_id"] is None
