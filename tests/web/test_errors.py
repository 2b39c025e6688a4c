"""Every server error is logged with its request id; the user gets a page that says what to do."""

from __future__ import annotations

import logging

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.boom_urls")]


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def test_an_unhandled_exception_is_logged_with_traceback_and_request_id(failing_client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_client.get("/test/boom/", HTTP_X_REQUEST_ID="fel-1")
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.request_id == "fel-1"
    assert record.exc_info and "kaboom for the test" in str(record.exc_info[1])
    html = response.content.decode()
    assert "Serverfel" in html
    assert "Felkod: fel-1" in html
    assert response["X-Request-ID"] == "fel-1"


def test_a_database_that_does_not_answer_gives_503_and_says_nothing_was_saved(failing_client):
    response = failing_client.post("/test/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    html = response.content.decode()
    assert "Databasen svarar inte just nu. Ingenting av det du skickade sparades" in html


def test_an_htmx_save_gets_the_message_in_the_page_message_area(failing_client):
    response = failing_client.post("/test/database-gone/", HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    assert response["HX-Retarget"] == "#serverfel"
    assert response["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert html.startswith('<p class="message message--error">')
    assert "<html" not in html
