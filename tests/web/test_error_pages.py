"""403 and 404 in Swedish, in the site's layout, with ways on (issue 13)."""

import pytest
from django.urls import reverse

from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)


def test_403_is_swedish_in_the_layout_with_the_reason_and_navigation(client, region):
    client.force_login(region.bertil)  # reports RS-HR, not RS-DIG
    response = client.get(reverse("followup:unit_report", args=[region.round.code, "RS-DIG"]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Behörighet saknas</h1>" in html
    assert "Du har inte behörighet att se denna enhet." in html
    assert 'aria-label="Huvudmeny"' in html and reverse("followup:my_tasks") in html
    assert "403 Forbidden" not in html


def test_404_is_swedish_in_the_layout(client, region):
    client.force_login(region.anna)
    response = client.get("/uppfoljning/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in html
    assert 'aria-label="Huvudmeny"' in html
    assert "No Round matches" not in html


def test_404_for_a_visitor_who_is_not_signed_in(client, db):
    response = client.get("/finns/inte/alls/")
    assert response.status_code in (302, 404)
    if response.status_code == 404:
        assert "Sidan finns inte" in response.content.decode()


def test_a_nul_in_a_web_address_is_404_and_in_its_query_400_never_a_server_error(client, region):
    # PostgreSQL cannot compare a text column with a NUL: without the middleware, each of
    # these reached a lookup and answered 500 there.
    client.force_login(region.anna)
    missing = client.get(f"/uppfoljning/{region.round.code}%00/")
    assert missing.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in missing.content.decode()
    refused = client.get(reverse("web:search"), {"q": "Ledning\x00"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "<h1>Felaktig adress</h1>" in html and "tecknet NUL" in html
    assert 'aria-label="Huvudmeny"' in html
    assert client.get(reverse("web:search"), {"q": "Ledning"}).status_code == 200
