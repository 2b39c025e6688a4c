"""Search: items, units and texts, only what the person may read (issue 13)."""

import pytest
from django.urls import reverse

from styra.followup.services import section_text_save
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    region = build_region(builder)
    for unit, user, body in (
        (region.dig, region.anna, "Sjukfrånvaron minskar efter friskvårdssatsningen."),
        (region.hr, region.bertil, "Sjukfrånvaron på HR är hemlig för andra <script>x</script>."),
    ):
        section_text_save(
            round=region.round,
            unit=unit,
            key="sammanfattning",
            title="Sammanfattning",
            body=body,
            user=user,
            expected_version=0,
        )
    return region


def find(client, query):
    return client.get(reverse("web:search"), {"q": query}).content.decode()


def test_a_reporter_finds_own_items_units_and_texts_but_not_another_units(client, region):
    client.force_login(region.anna)

    html = find(client, "sjukfrånvaro")

    assert "Sjukfrånvaro" in html and reverse("web:item_detail", args=["rs-2026", "N1"]) in html
    assert "friskvårdssatsningen" in html
    assert "hemlig" not in html and "RS-HR" not in html


def test_the_controller_finds_both_texts_and_hostile_text_is_escaped(client, region):
    client.force_login(region.carl)
    html = find(client, "Sjukfrånvaron")
    assert "friskvårdssatsningen" in html and "hemlig för andra" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "2 träffar" in html


def test_units_by_name_and_short_queries(client, region):
    client.force_login(region.carl)
    assert "HR-avdelningen" in find(client, "hr-avd")
    assert "Skriv minst 2 tecken." in find(client, "s")


def test_the_header_has_a_search_form(client, region):
    client.force_login(region.lisa)
    html = client.get(reverse("web:home")).content.decode()
    assert 'role="search"' in html and f'action="{reverse("web:search")}"' in html
