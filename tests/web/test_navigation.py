"""Every page a role may use is reachable from the main menu (issue 13)."""

import pytest
from django.urls import reverse

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import row_set_load
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    region = build_region(builder)
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", user=region.admin)
    return region


MENU = [
    ("Planer", "/planer/"),
    ("Planering", "/planering/"),
    ("Uppföljning", "/uppfoljning/"),
    ("Mina uppgifter", "/uppfoljning/mina-uppgifter/"),
    ("Ekonomi", "/ekonomi/"),
    ("Prognoser och register", "/ekonomi/register/"),
    ("Rapporter", "/rapporter/"),
    ("Läs in filer", "/las-in/"),
    ("Jobb", "/jobb/"),
]


@pytest.mark.parametrize("username", ["anna", "carl", "greta", "lisa"])
def test_the_menu_leads_to_every_section_and_each_answers(client, region, username):
    client.force_login(getattr(region, username))
    html = client.get(reverse("web:home")).content.decode()
    nav = html.split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    for label, url in MENU:
        assert f'<a href="{url}"' in nav and f">{label}</a>" in nav, label
        assert client.get(url, follow=True).status_code == 200, url


def test_the_longest_matching_entry_is_current(client, region):
    client.force_login(region.carl)
    html = client.get("/uppfoljning/mina-uppgifter/").content.decode()
    nav = html.split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 1
    assert '<a href="/uppfoljning/mina-uppgifter/" aria-current="page">' in nav
    html = client.get("/ekonomi/register/").content.decode()
    nav = html.split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert '<a href="/ekonomi/register/" aria-current="page">' in nav
    assert nav.count('aria-current="page"') == 1


def test_the_round_list_links_each_round_with_state_and_deadline(client, region):
    client.force_login(region.anna)
    html = client.get(reverse("followup:index")).content.decode()
    assert f'href="/uppfoljning/{region.round.code}/"' in html
    assert "Öppen" in html


def test_the_economy_entry_lands_a_department_reporter_on_their_department(client, region):
    client.force_login(region.anna)
    response = client.get("/ekonomi/")
    assert response.status_code == 302 and "/ekonomi/RS-DIG/" in response["Location"]
    client.force_login(region.carl)
    assert "/ekonomi/RS/" in client.get("/ekonomi/")["Location"]
