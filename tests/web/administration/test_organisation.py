"""The organisation tree in the browser's administration: a unit under a parent from a
date, a cost centre, a cost centre moved to another unit (a reorganisation) (issue 13)."""

from datetime import date

from django.contrib.messages import get_messages
from django.urls import reverse

from styra.org.models import CostCentre, CostCentreMapping, Unit, UnitVersion
from styra.org.selectors import unit_version_on
from styra.orgadmin.services import cost_centre_create
from tests.builders import system_admin

PAGE = reverse("administration:organisation")
UNIT_NEW = reverse("administration:unit_new")
CENTRE_NEW = reverse("administration:cost_centre_new")
ASSIGN = reverse("administration:cost_centre_assign")


def new_unit(**changes):
    data = {
        "enhet-code": "RS-EK",
        "enhet-name": "Ekonomiavdelningen",
        "enhet-unit_type": "enhet",
        "enhet-parent": "RS",
        "enhet-valid_from": "2027-01-01",
    }
    data.update({f"enhet-{k}": v for k, v in changes.items()})
    return data


def new_centre(**changes):
    data = {
        "kst-code": "1010",
        "kst-name": "Digital utveckling",
        "kst-unit": "RS-DIG",
        "kst-valid_from": "2026-01-01",
    }
    data.update({f"kst-{k}": v for k, v in changes.items()})
    return data


def said(response) -> str:
    """The message a write left for the page it leads to (the newest, as unread ones
    stay)."""
    return [str(message) for message in get_messages(response.wsgi_request)][-1]


def snapshot():
    return (
        list(Unit.objects.values_list("code", flat=True)),
        list(UnitVersion.objects.values_list("unit__code", "name", "valid_from", "valid_to")),
        list(
            CostCentreMapping.objects.values_list(
                "cost_centre__code", "unit__code", "valid_from", "valid_to"
            )
        ),
    )


def test_the_tree_shows_units_with_their_cost_centres_as_of_a_day(client, region):
    cost_centre_create(
        code="1010",
        name="Digital utveckling",
        unit=region.dig,
        valid_from=date(2026, 1, 1),
        user=system_admin(),
    )
    client.force_login(region.carl)
    page = client.get(PAGE, {"datum": "2026-06-30"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Regionstyrelsen" in html and "Digitaliseringsavdelningen" in html
    assert "1010 Digital utveckling" in html
    # a controller reads; the organisation is changed by an administrator
    assert 'action="/administration/organisation/enheter/ny/"' not in html
    before = client.get(PAGE, {"datum": "2025-06-30"}).content.decode()
    assert "Kostnadsställen utan enhet den dagen" in before  # 1010 is mapped from 2026


def test_an_administrator_creates_a_unit_under_a_parent_from_a_date(client, region):
    client.force_login(region.admin)
    response = client.post(UNIT_NEW, new_unit())
    assert response.status_code == 302 and response["Location"] == PAGE
    assert said(response) == "Enheten RS-EK Ekonomiavdelningen är skapad från 2027-01-01."
    unit = Unit.objects.get(code="RS-EK")
    version = unit_version_on(unit, date(2027, 1, 1))
    assert version.parent == region.rs and version.name == "Ekonomiavdelningen"
    assert unit_version_on(unit, date(2026, 12, 31)) is None
    assert version.history.get().history_user == region.admin


def test_a_duplicate_unit_code_is_a_swedish_error_on_the_field(client, region):
    client.force_login(region.admin)
    before = snapshot()
    response = client.post(UNIT_NEW, new_unit(code="RS-DIG"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enhetskoden RS-DIG används redan." in html
    assert 'id="id_enhet-code_fel"' in html
    assert 'aria-describedby="id_enhet-code_fel id_enhet-code_helptext"' in html
    assert snapshot() == before


def test_a_parent_that_does_not_exist_yet_is_named_on_its_field(client, region, builder):
    builder.unit("RS-NY", "Ny förvaltning", valid_from=date(2027, 1, 1))
    client.force_login(region.admin)
    before = snapshot()
    response = client.post(UNIT_NEW, new_unit(parent="RS-NY", **{"valid_from": "2026-06-01"}))
    assert response.status_code == 400
    # the parent is not in today's tree, so it is not offered at all
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert snapshot() == before


def test_hostile_text_in_a_units_name_is_cleaned_and_printed_as_text(client, region):
    client.force_login(region.admin)
    name = "<script>alert(1)</script>\u202eavd"
    assert client.post(UNIT_NEW, new_unit(name=name)).status_code == 302
    stored = UnitVersion.objects.get(unit__code="RS-EK").name
    assert "\u202e" not in stored
    html = client.get(PAGE, {"datum": "2027-01-01"}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_cost_centre_is_created_and_moved_to_another_unit_from_a_date(client, region):
    client.force_login(region.admin)
    created = client.post(CENTRE_NEW, new_centre())
    assert created.status_code == 302 and created["Location"] == PAGE
    assert said(created) == "Kostnadsstället 1010 hör till RS-DIG från 2026-01-01."
    response = client.post(
        ASSIGN,
        {"koppla-cost_centre": "1010", "koppla-unit": "RS-HR", "koppla-effective": "2026-07-01"},
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    assert said(response) == "Kostnadsstället 1010 hör till RS-HR från 2026-07-01."
    mappings = list(
        CostCentreMapping.objects.filter(cost_centre__code="1010")
        .order_by("valid_from")
        .values_list("unit__code", "valid_from", "valid_to")
    )
    assert mappings == [
        ("RS-DIG", date(2026, 1, 1), date(2026, 6, 30)),
        ("RS-HR", date(2026, 7, 1), None),
    ]


def test_a_duplicate_cost_centre_code_is_a_swedish_error_on_the_field(client, region):
    client.force_login(region.admin)
    client.post(CENTRE_NEW, new_centre())
    before = snapshot()
    response = client.post(CENTRE_NEW, new_centre(name="Annat"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kostnadsstället 1010 finns redan." in html and 'id="id_kst-code_fel"' in html
    assert snapshot() == before
    assert CostCentre.objects.get(code="1010").name == "Digital utveckling"


def test_a_controller_cannot_change_the_organisation(client, region):
    client.force_login(region.carl)
    before = snapshot()
    assert client.post(UNIT_NEW, new_unit()).status_code == 400  # no unit is theirs to give
    assert client.post(CENTRE_NEW, new_centre()).status_code == 400
    assert snapshot() == before


def test_an_administrator_of_one_unit_cannot_move_its_cost_centre_out_of_it(
    client, region, builder
):
    cost_centre_create(
        code="1010",
        name="Digital utveckling",
        unit=region.dig,
        valid_from=date(2026, 1, 1),
        user=system_admin(),
    )
    hr_admin = builder.user("hanna", (region.hr, "admin"))
    client.force_login(hr_admin)
    before = snapshot()
    response = client.post(
        ASSIGN,
        {"koppla-cost_centre": "1010", "koppla-unit": "RS-HR", "koppla-effective": "2026-07-01"},
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_a_reporter_may_neither_see_nor_post(client, region):
    client.force_login(region.anna)
    before = snapshot()
    assert client.get(PAGE).status_code == 403
    for url, data in ((UNIT_NEW, new_unit()), (CENTRE_NEW, new_centre()), (ASSIGN, {})):
        assert client.post(url, data).status_code == 403
    assert snapshot() == before


MOVE = reverse("administration:unit_move")
RENAME = reverse("administration:unit_rename")


def test_an_administrator_moves_a_unit_under_another_from_a_date(client, region):
    client.force_login(region.admin)
    response = client.post(
        MOVE,
        {"flytta-unit": "RS-HR", "flytta-new_parent": "RS-DIG", "flytta-effective": "2027-01-01"},
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    assert said(response) == "Enheten RS-HR ligger under RS-DIG från 2027-01-01."
    assert unit_version_on(region.hr, date(2026, 12, 31)).parent == region.rs
    assert unit_version_on(region.hr, date(2027, 1, 1)).parent == region.dig


def test_a_unit_cannot_move_under_its_own_subunit(client, region):
    client.force_login(region.admin)
    before = snapshot()
    response = client.post(
        MOVE,
        {"flytta-unit": "RS", "flytta-new_parent": "RS-DIG", "flytta-effective": "2027-01-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "En enhet kan inte flyttas under en av sina egna underenheter." in html
    assert 'id="id_flytta-new_parent_fel"' in html
    assert snapshot() == before


def test_an_administrator_of_one_unit_cannot_move_it_away_from_its_parent(client, region, builder):
    hr_admin = builder.user("hanna", (region.hr, "admin"), (region.dig, "admin"))
    client.force_login(hr_admin)
    before = snapshot()
    response = client.post(
        MOVE,
        {"flytta-unit": "RS-HR", "flytta-new_parent": "RS-DIG", "flytta-effective": "2027-01-01"},
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_an_administrator_renames_a_unit_from_a_date(client, region):
    client.force_login(region.admin)
    response = client.post(
        RENAME,
        {
            "namn-unit": "RS-DIG",
            "namn-name": "Digitalisering och service",
            "namn-effective": "2027-01-01",
        },
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    assert said(response) == "Enheten RS-DIG heter Digitalisering och service från 2027-01-01."
    assert unit_version_on(region.dig, date(2026, 12, 31)).name == "Digitaliseringsavdelningen"
    assert unit_version_on(region.dig, date(2027, 1, 1)).name == "Digitalisering och service"


def test_a_reporter_may_not_move_or_rename(client, region):
    client.force_login(region.anna)
    before = snapshot()
    assert client.post(MOVE, {"flytta-unit": "RS-HR"}).status_code == 403
    assert client.post(RENAME, {"namn-unit": "RS-DIG", "namn-name": "x"}).status_code == 403
    assert snapshot() == before
