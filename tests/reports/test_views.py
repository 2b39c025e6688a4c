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


def test_a_template_that_does_not_fit_the_unit_gets_a_swedish_page_not_a_500(
    client_in, monkeypatch
):
    """A report whose template cannot be built for the unit said 500; it says why."""
    from styra.reports import views
    from styra.reports.templates import TemplateError

    def broken(**_kwargs):
        raise TemplateError("mall.yaml: avsnittet unit_results nämner enheter som inte finns")

    monkeypatch.setattr(views, "report_document", broken)
    for url in ("/rapporter/2026-T1/RS/", "/rapporter/2026-T1/RS/kontroll/"):
        response = client_in.get(url)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Rapporten kan inte byggas" in html and "nämner enheter som inte finns" in html
    assert client_in.get("/rapporter/2026-T1/RS/ladda-ned/pdf/").status_code == 409


def test_a_board_opens_its_view_of_the_regions_interim_round(client, demo):
    """The region's delårsrapport lists the boards' results; a board's own page of that
    round was a 500 (the section named units outside the board) and now omits it."""
    client.force_login(get_user_model().objects.get(username="controller"))
    for url in ("/rapporter/REG-2026-D/RS-DIG/", "/rapporter/REG-2026-D/RS-DIG/kontroll/"):
        assert client.get(url).status_code == 200, url
    region = client.get("/rapporter/REG-2026-D/REG/").content.decode()
    assert "Resultat per nämnd och styrelse" in region
