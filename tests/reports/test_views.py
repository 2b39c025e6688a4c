"""The report pages through Django's test client."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def client_in(client, report_region):
    user = get_user_model().objects.create_superuser("controller", "c@example.se", "pw")
    client.force_login(user)
    return client


def test_preview_shows_report_and_download_buttons(client_in):
    response = client_in.get("/rapporter/2026-T1/RS/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>Kortsiktiga nyckeltal – Ledningsprocesser</caption>" in html
    for fmt in ("pdf", "docx", "xlsx"):
        assert f"/rapporter/2026-T1/RS/ladda-ned/{fmt}/" in html
    assert 'class="vega-chart"' in html


def test_download_streams_the_file(client_in):
    response = client_in.get("/rapporter/2026-T1/RS/ladda-ned/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert client_in.get("/rapporter/2026-T1/RS/ladda-ned/odt/").status_code == 404


def test_check_page_and_login_required(client_in, client):
    response = client_in.get("/rapporter/2026-T1/RS/kontroll/")
    assert response.status_code == 200
    assert "Inga anmärkningar" in response.content.decode()


def test_anonymous_is_sent_to_login(client, report_region):
    response = client.get("/rapporter/2026-T1/RS/")
    assert response.status_code == 302
