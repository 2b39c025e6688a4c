"""The report season's pages in Chromium, on the shared (read-only) demo server: the
reviewer's one-page review, the controller's round overview with late units and its
lock confirmation, a forecast held by a plausibility warning, the ledger upload, search,
first steps and the report preview's check link. axe on each (no serious or critical
violations) and screenshots at 1366×768 and 390×844 in test-results/season/.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    assert_no_serious_axe_violations,
    log_in,
)
from tests.e2e.test_plan_pages import assert_fits_width

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

ROUND = "2026-T1"
SCREENS = RESULTS_DIR / "season"


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


def test_the_reviewer_reads_a_whole_report_on_one_page(demo_server, desktop_page):
    page = desktop_page
    log_in(page, demo_server, "granskare")
    page.goto(f"{demo_server}/uppfoljning/{ROUND}/enheter/RS-DIG/granska/")
    assert page.locator("#post-N11").count() == 1
    assert "Sammanfattning" in page.locator("main").inner_text()
    look(page, "granska-en-sida")


def test_the_controller_sees_late_units_and_what_locking_would_cut_short(demo_server, desktop_page):
    page = desktop_page
    log_in(page, demo_server, "controller")
    page.goto(f"{demo_server}/uppfoljning/{ROUND}/")
    main = page.locator("main").inner_text()
    assert "Försening" in main and "Exportera tabellen till Excel" in main
    look(page, "uppfoljningstillfalle")

    page.get_by_role("link", name="Fastställ (lås)").click()
    page.wait_for_url(f"{demo_server}/uppfoljning/{ROUND}/faststall/")
    assert "Rapporter som inte är godkända" in page.locator("main").inner_text()
    look(page, "faststall-bekrafta")


def test_a_forecast_of_the_wrong_sign_waits_for_confirmation(demo_server, desktop_page):
    page = desktop_page
    log_in(page, demo_server, "controller")
    page.goto(f"{demo_server}/ekonomi/register/prognos/{ROUND}/RS-DIG/")
    page.get_by_label("Helårsprognos").fill("650,7")
    page.get_by_role("button", name="Spara prognos").click()
    warning = page.locator("#prognos-varningar")
    warning.wait_for()
    assert "motsatt tecken" in warning.inner_text()
    assert page.get_by_role("button", name="Spara ändå").count() == 1
    look(page, "prognos-varning")


def test_upload_search_first_steps_and_the_report_check_link(demo_server, desktop_page):
    page = desktop_page
    log_in(page, demo_server, "controller")
    page.goto(f"{demo_server}/ekonomi/las-in/")
    assert page.get_by_label("Fil").count() == 1
    look(page, "las-in-huvudbok")

    page.get_by_role("search").first.get_by_role("searchbox").fill("HVO")
    page.get_by_role("search").first.get_by_role("button", name="Sök").click()
    page.wait_for_url("**/sok/?q=HVO")
    assert "Andel HVO" in page.locator("main").inner_text()
    look(page, "sok")

    page.goto(f"{demo_server}/forsta-steg/")
    look(page, "forsta-steg")

    # The report-check link on the report page is readable (it was white on white).
    page.goto(f"{demo_server}/rapporter/{ROUND}/RS-DIG/")
    link = page.get_by_role("link", name="Rapportkontroll")
    colour, background = link.evaluate(
        "a => [getComputedStyle(a).color, getComputedStyle(a.closest('main')).backgroundColor]"
    )
    assert colour != "rgb(255, 255, 255)", (colour, background)
    assert_no_serious_axe_violations(page)
