"""The controller's administration in Chromium: the rounds of the board's plan, a new
round created in the browser (first with a code already taken, which is named on its
field), the users and organisation pages, a status scale and a level's removal page, and
an item created, moved, given a co-owner and removed after its confirmation page. axe on each page (no serious or critical
violations), screenshots at 1366×768 and 390×844 in test-results/administration/.

The story creates a round, so it has its own demo server (the shared one stays as the
demo loads it).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import running_demo_server
from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    assert_no_serious_axe_violations,
    log_in,
)
from tests.e2e.test_plan_pages import assert_fits_width

pytestmark = pytest.mark.e2e

PLAN = "rs-2026"
SCREENS = RESULTS_DIR / "administration"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_demo_server(tmp_path_factory.mktemp("administration-server")) as (url, _env):
        yield url


def look(page, name: str) -> None:
    """axe, and a screenshot at both sizes; nothing may scroll sideways on the phone."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SCREENS / f"{name}-1366.png"), full_page=True)
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENS / f"{name}-390.png"), full_page=True)
    assert_fits_width(page, PHONE["width"])
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(DESKTOP)


def test_the_controller_creates_a_round_in_the_browser(server, desktop_page):
    page = desktop_page
    log_in(page, server, "controller")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Administration"
    ).click()
    page.wait_for_url(f"{server}/administration/")
    look(page, "oversikt")

    rounds_url = f"{server}/administration/planer/{PLAN}/uppfoljningstillfallen/"
    page.locator(f'a[href="/administration/planer/{PLAN}/uppfoljningstillfallen/"]').click()
    page.wait_for_url(rounds_url)
    assert page.get_by_role("link", name="2026-T1").count() == 0  # names, not codes, link
    look(page, "uppfoljningstillfallen")

    def fill(code: str) -> None:
        page.get_by_label("Kod", exact=True).fill(code)
        page.get_by_label("Namn").fill("Månadsrapport oktober 2026")
        page.get_by_label("Typ", exact=True).select_option(label="Månadsrapport")
        page.get_by_label("Perioden börjar").fill("2026-10-01")
        page.get_by_label("Perioden slutar").fill("2026-10-31")
        page.get_by_label("Sista dag för rapportering").fill("2026-11-10")
        page.get_by_role("button", name="Skapa uppföljningstillfället").click()

    # A code already taken: named on the field, tied to it for a screen reader.
    fill("2026-T1")
    error = page.locator("#id_ny-code_fel")
    error.wait_for()
    assert "Koden 2026-T1 används redan." in error.inner_text()
    code_field = page.get_by_label("Kod", exact=True)
    assert code_field.get_attribute("aria-invalid") == "true"
    assert "id_ny-code_fel" in code_field.get_attribute("aria-describedby")
    look(page, "uppfoljningstillfalle-fel")

    fill("2026-M10")
    page.wait_for_url(rounds_url)
    assert (
        "Uppföljningstillfället Månadsrapport oktober 2026 är skapat."
        in page.locator("main").inner_text()
    )
    row = page.get_by_role("row").filter(has_text="2026-M10")
    assert "Planerad" in row.inner_text() and "2026-11-10" in row.inner_text()
    look(page, "uppfoljningstillfalle-skapat")

    page.get_by_role("link", name="Ändra tider för Månadsrapport oktober 2026").click()
    page.get_by_label("Sista dag för rapportering").fill("2026-11-12")
    page.get_by_role("button", name="Spara tiderna").click()
    page.wait_for_url(rounds_url)
    assert "2026-11-12" in page.get_by_role("row").filter(has_text="2026-M10").inner_text()


def test_the_users_and_organisation_pages_pass_axe(server, desktop_page):
    page = desktop_page
    log_in(page, server, "admin")
    page.goto(f"{server}/administration/anvandare/")
    assert page.get_by_role("button", name="Ge rollen").count() == 1
    look(page, "anvandare")
    page.goto(f"{server}/administration/organisation/")
    assert page.get_by_role("button", name="Flytta kostnadsstället").count() == 1
    look(page, "organisation")
    page.goto(f"{server}/administration/statusskalor/nyckeltal-2026/")
    assert page.get_by_role("button", name="Lägg till nivån").count() == 1
    look(page, "statusskala")
    # A level's removal asks first, and says why when something uses it.
    page.get_by_role("link", name="Ta bort nivån").first.click()
    page.wait_for_url("**/ta-bort/")
    # the demo's reports use it: the page says how often, and offers no removal
    assert "används och kan inte tas bort" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Ta bort nivån").count() == 0
    look(page, "statusniva-ta-bort")


def test_the_controller_creates_and_moves_an_item_in_the_browser(server, desktop_page):
    page = desktop_page
    log_in(page, server, "controller")
    page.goto(f"{server}/administration/")
    page.locator(f'a[href="/administration/planer/{PLAN}/ny-post/"]').click()
    page.wait_for_url(f"{server}/administration/planer/{PLAN}/ny-post/")
    look(page, "ny-post")

    def fill(code: str) -> None:
        page.get_by_label("Överordnad post").select_option(value="LED")
        page.get_by_label("Nivå", exact=True).select_option(value="uppdrag")
        page.get_by_label("Typ", exact=True).select_option(value="assignment")
        page.get_by_label("Kod", exact=True).fill(code)
        page.get_by_label("Rubrik").fill("Ledarskapsprogram för nya chefer")
        page.get_by_role("button", name="Skapa posten").click()

    # A code the plan already has: named on the field, tied to it for a screen reader.
    fill("L01")
    error = page.locator("#id_ny-code_fel")
    error.wait_for()
    assert "Postkoden L01 finns redan i planen." in error.inner_text()
    code_field = page.get_by_label("Kod", exact=True)
    assert code_field.get_attribute("aria-invalid") == "true"
    assert "id_ny-code_fel" in code_field.get_attribute("aria-describedby")
    look(page, "ny-post-fel")

    fill("U99")
    page.wait_for_url(f"{server}/administration/planer/{PLAN}/poster/U99/")
    assert "Posten är skapad." in page.locator(".messages").inner_text()
    assert page.get_by_label("Plats bland syskonen").input_value() != "1"
    look(page, "post")

    page.get_by_label("Plats bland syskonen").fill("1")
    page.get_by_role("button", name="Flytta posten").click()
    page.wait_for_url(f"{server}/administration/planer/{PLAN}/poster/U99/")
    assert "Posten är flyttad." in page.locator(".messages").inner_text()
    assert page.get_by_label("Plats bland syskonen").input_value() == "1"

    # A co-owner beside the plan's unit, which reports the item (it has no owner).
    page.get_by_label("Medägare (frivilligt)").select_option(value="RS-HR")
    page.get_by_role("button", name="Spara posten").click()
    page.wait_for_url(f"{server}/administration/planer/{PLAN}/poster/U99/")
    assert "Posten är sparad." in page.locator(".messages").inner_text()
    chosen = page.get_by_label("Medägare (frivilligt)").evaluate(
        "select => Array.from(select.selectedOptions).map(o => o.value)"
    )
    assert chosen == ["RS-HR"]
    look(page, "post-medagare")

    # Removed after the page that lists what goes with it; not before the box is ticked.
    page.get_by_role("link", name="Ta bort Ledarskapsprogram för nya chefer…").click()
    page.wait_for_url(f"{server}/administration/planer/{PLAN}/poster/U99/ta-bort/")
    assert "Inga poster ligger under den." in page.locator("main").inner_text()
    look(page, "post-ta-bort")
    page.get_by_role("button", name="Ta bort posten").click()
    error = page.locator("#id_bort-confirm_fel")
    error.wait_for()
    assert "Bekräfta borttagningen" in error.inner_text()
    look(page, "post-ta-bort-fel")
    page.get_by_label("Jag har läst vad som tas bort och vill ta bort det.").check()
    page.get_by_role("button", name="Ta bort posten").click()
    page.wait_for_url(f"{server}/planer/{PLAN}/")
    assert (
        "Posten U99 Ledarskapsprogram för nya chefer är borttagen"
        in page.locator(".messages").inner_text()
    )
    response = page.goto(f"{server}/administration/planer/{PLAN}/poster/U99/")
    assert response is not None and response.status == 404
