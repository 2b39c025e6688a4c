"""The region's delårsrapport written from the boards' own reports, in a browser.

The controller opens the consolidation page of REG-2026-D from the report preview, sees
the executive board's and the health board's texts side by side, merges two of them in
the order she chooses, edits and saves the result, picks a single text for another
section, and finds both in the report. A reporter of another unit gets the Swedish 403
page. Every page is checked with axe and photographed at 1366×768 and 390×844
(test-results/screens/consolidate-*.png). The story saves texts, so it has its own
demo server.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import CHROMIUM, running_demo_server
from tests.e2e.helpers import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    assert_no_serious_axe_violations,
    log_in,
)

pytestmark = pytest.mark.e2e

SCREENS = RESULTS_DIR / "screens"
PAGE = "/rapporter/REG-2026-D/REG/sammanstallning/"
HSN_EVENTS = "Den nya vårdavdelningen för äldre multisjuka öppnade i maj."
RS_EVENTS = "I juni beslutade regionstyrelsen om en ny modell för lokalförsörjning."
RS_STAFF = "Sjukfrånvaron har minskat jämfört med samma period förra året."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium saknas ({CHROMIUM}); installera paketet chromium")
    with running_demo_server(tmp_path_factory.mktemp("consolidate-server")) as (url, _env):
        yield url


def check(page, name: str) -> None:
    """axe at desktop and phone size, a screenshot of each, nothing wider than a phone."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-1366.png"), full_page=True)
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENS / f"{name}-390.png"), full_page=True)
    assert_no_serious_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"
    page.set_viewport_size(DESKTOP)


def session(browser, url: str, username: str):
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    context.set_default_timeout(30_000)
    page = context.new_page()
    log_in(page, url, username, DEMO_PASSWORD)
    return context, page


def test_controller_merges_edits_and_saves_the_boards_texts(browser, server):
    context, page = session(browser, server, "controller")
    page.goto(f"{server}/rapporter/REG-2026-D/REG/")
    page.get_by_role("link", name="Sammanställ nämndernas texter").click()
    page.wait_for_url(f"{server}{PAGE}")
    events = page.get_by_role("region", name="Händelser av väsentlig betydelse")
    rs_card = events.get_by_role("article", name="Regionstyrelsen")
    hsn_card = events.get_by_role("article", name="Hälso- och sjukvårdsnämnden")
    assert RS_EVENTS in rs_card.inner_text() and "Inskickad" in rs_card.inner_text()
    assert HSN_EVENTS in hsn_card.inner_text() and "Utkast" in hsn_card.inner_text()
    check(page, "consolidate")

    # Merge: the health board first, then the executive board.
    events.get_by_label("Ta med texten från Regionstyrelsen").check()
    events.get_by_label("Ta med texten från Hälso- och sjukvårdsnämnden").check()
    hsn_card.get_by_label("Ordning").fill("1")
    rs_card.get_by_label("Ordning").fill("2")
    events.get_by_role("button", name="Använd valda texter").click()
    events = page.get_by_role("region", name="Händelser av väsentlig betydelse")
    box = events.get_by_label("Rapportens text (Region Exempel)")
    merged = box.input_value()
    assert merged.index("Hälso- och sjukvårdsnämnden: " + HSN_EVENTS) < merged.index(
        "Regionstyrelsen: " + RS_EVENTS
    )
    box.fill(merged + "\n\nSammantaget har halvåret präglats av omställning.")
    check(page, "consolidate-merged")
    events.get_by_role("button", name="Spara ”Händelser av väsentlig betydelse”").click()
    page.get_by_text("Texten ”Händelser av väsentlig betydelse” är sparad.").wait_for()
    events = page.get_by_role("region", name="Händelser av väsentlig betydelse")
    saved = events.get_by_label("Rapportens text (Region Exempel)").input_value()
    assert saved.endswith("Sammantaget har halvåret präglats av omställning.")
    assert "Sparad version 1." in events.inner_text()

    # Pick: one text is taken as written.
    staff = page.get_by_role("region", name="Väsentliga personalförhållanden")
    staff.get_by_label("Ta med texten från Regionstyrelsen").check()
    staff.get_by_role("button", name="Använd valda texter").click()
    staff = page.get_by_role("region", name="Väsentliga personalförhållanden")
    box = staff.get_by_label("Rapportens text (Region Exempel)")
    assert box.input_value().startswith(RS_STAFF)
    staff.get_by_role("button", name="Spara ”Väsentliga personalförhållanden”").click()
    page.get_by_text("Texten ”Väsentliga personalförhållanden” är sparad.").wait_for()
    check(page, "consolidate-saved")

    # The report prints what was saved, and each board's economic analysis.
    page.goto(f"{server}/rapporter/REG-2026-D/REG/")
    report = page.locator("main").inner_text()
    assert "Hälso- och sjukvårdsnämnden: " + HSN_EVENTS in report
    assert "Sammantaget har halvåret präglats av omställning." in report
    assert RS_STAFF in report
    assert "Nämndernas och styrelsens ekonomiska utfall" in report
    context.close()


def test_reporter_of_another_unit_gets_the_swedish_403(browser, server):
    context, page = session(browser, server, "rapportor")
    response = page.goto(f"{server}{PAGE}")
    assert response is not None and response.status == 403
    assert "Behörighet saknas" in page.locator("main").inner_text()
    check(page, "consolidate-403")
    context.close()
