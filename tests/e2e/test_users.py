"""A new user in Chromium, from the controller's administration to their first sign-in:
the controller adds the account (first with a username already taken, in other
letters, which is named on its field), is shown the one-time link, gives the account a
role; the new user chooses a password on the link and signs in; the controller
deactivates the account and its session ends. axe on each page (no serious or critical
violations), screenshots at 1366×768 and 390×844 in test-results/administration/.

The story adds an account, so it has its own demo server.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import running_demo_server
from tests.e2e.helpers import DESKTOP, log_in
from tests.e2e.test_administration import look

pytestmark = pytest.mark.e2e

PASSWORD = "Nora-i-Styra-2026!"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_demo_server(tmp_path_factory.mktemp("users-server")) as (url, _env):
        yield url


def test_a_new_user_is_added_given_a_role_and_signs_in(server, desktop_page, browser):
    page = desktop_page
    log_in(page, server, "controller")
    page.goto(f"{server}/administration/")
    page.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Användare och roller"
    ).click()
    page.wait_for_url(f"{server}/administration/anvandare/")
    look(page, "anvandare-lista")

    page.get_by_role("link", name="Lägg upp en användare").click()
    page.wait_for_url(f"{server}/administration/anvandare/ny/")
    look(page, "anvandare-ny")

    def fill(username: str) -> None:
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Förnamn").fill("Nora")
        page.get_by_label("Efternamn").fill("Nyberg")
        page.get_by_role("textbox", name="E-post").fill("nora@exempel.se")
        page.get_by_role("button", name="Lägg upp användaren").click()

    # A username already taken, in capitals: named on the field, tied to it.
    fill("Rapportor")
    error = page.locator("#id_konto-username_fel")
    error.wait_for()
    assert "Användarnamnet Rapportor finns redan" in error.inner_text()
    field = page.get_by_label("Användarnamn")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_konto-username_fel" in field.get_attribute("aria-describedby")
    look(page, "anvandare-ny-fel")

    fill("nora")
    page.get_by_role("heading", name="Användaren är upplagd").wait_for()
    assert "Kontot nora (Nora Nyberg) är upplagt." in page.locator("main").inner_text()
    link = page.get_by_label("Inloggningslänk").input_value()
    assert link.startswith(f"{server}/konto/valj-losenord/")
    look(page, "anvandare-upplagd")

    # The role form opens with the new account chosen.
    page.get_by_role("link", name="Ge användaren en roll").click()
    page.wait_for_url("**/administration/anvandare/?anvandare=nora#ge-roll")
    assert page.get_by_role("combobox", name="Användare", exact=True).input_value() == "nora"
    page.get_by_role("combobox", name="Enhet", exact=True).select_option("RS-DIG")
    page.get_by_role("combobox", name="Roll", exact=True).select_option(label="Rapportör")
    page.get_by_role("button", name="Ge rollen").click()
    # Redirected to the users page; the browser keeps the link's #ge-roll.
    page.wait_for_url(re.compile(r"/administration/anvandare/(#ge-roll)?$"))
    assert "nora har fått rollen Rapportör på RS-DIG." in page.locator("main").inner_text()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Nora Nyberg"))
    assert "Rapportör RS-DIG" in row.inner_text() and "Aktivt" in row.inner_text()
    look(page, "anvandare-med-roll")

    # The new user, in a browser of their own, chooses a password on the link.
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    nora = context.new_page()
    nora.goto(link)
    nora.get_by_role("heading", name="Välj lösenord").wait_for()
    look(nora, "valj-losenord")
    nora.get_by_label("Nytt lösenord").fill(PASSWORD)
    nora.get_by_label("Samma lösenord igen").fill(PASSWORD)
    nora.get_by_role("button", name="Spara lösenordet").click()
    nora.wait_for_url(f"{server}/konto/losenord-valt/")
    look(nora, "losenord-valt")
    log_in(nora, server, "nora", PASSWORD)
    assert nora.locator(".user-menu__name").inner_text().strip() == "Nora Nyberg"
    # The link has been used.
    other = browser.new_context(viewport=DESKTOP, locale="sv-SE").new_page()
    other.goto(link)
    assert "Länken fungerar inte längre" in other.locator("main").inner_text()
    other.context.close()

    # The controller deactivates the account; its session ends, its role stays.
    page.get_by_role("link", name="Nora Nyberg").click()
    page.wait_for_url(f"{server}/administration/anvandare/konto/nora/")
    look(page, "anvandare-konto")
    page.get_by_role("button", name="Inaktivera kontot").click()
    page.wait_for_url(f"{server}/administration/anvandare/konto/nora/")
    text = page.locator("main").inner_text()
    assert "Kontot nora är inaktiverat; dess roller och historik finns kvar." in text
    assert "Rapportör på RS-DIG och dess underenheter" in text
    nora.goto(f"{server}/")
    assert "/konto/logga-in/" in nora.url
    context.close()
