"""The demo region in a browser: plan tree, goal-fulfilment summary, an indicator's page.

Every page is checked with axe and photographed at desktop and phone size
(test-results/, for a person to look at).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import DESKTOP, assert_no_serious_axe_violations, log_in, screenshot

# One demo server for all browser tests when run with `-n … --dist loadgroup`.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PLAN_URL = "/planer/rs-2026/?omgang=2026-T1"


def _summary_totals(page, caption_start: str) -> dict[str, int]:
    """Status label -> count in the total row of the summary table with that caption."""
    table = page.locator("table.summary-table").filter(
        has=page.locator("caption", has_text=caption_start)
    )
    labels = table.locator("thead th .status-badge__label").all_inner_texts()
    cells = table.locator("tbody tr.total-row td").all_inner_texts()
    counts = [int(re.match(r"\d+", c.strip()).group()) for c in cells]
    return dict(zip(labels, counts, strict=False))


def _short_term_indicator_links(page):
    """Links to the indicators followed up each tertial (the long-term ones wait for year end)."""
    tables = page.locator("table.plan-table").filter(
        has=page.locator("caption", has_text="Kortsiktiga nyckeltal")
    )
    return tables.locator("tbody tr th a")


def assert_fits_width(page, width: int) -> None:
    """Nothing makes the page scroll sideways; names the widest culprits otherwise."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        culprits = page.evaluate(
            """w => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w)
                 .slice(0, 5)
                 .map(e => e.tagName.toLowerCase() + '.' + e.className)""",
            width,
        )
        pytest.fail(f"{page.url} is {scroll_width}px wide at {width}px: {culprits}")


def test_plan_tree_of_the_demo_region_in_t1(demo_server, desktop_page):
    page = desktop_page
    log_in(page, demo_server)
    page.get_by_role("link", name=re.compile("2026")).first.wait_for()
    page.goto(demo_server + PLAN_URL)
    screenshot(page, "plan-rs-2026-t1-1366")

    assert page.locator("#omgang").input_value() == "2026-T1"
    goal_areas = page.locator("section.plan-node--depth-0 > h2")
    assert goal_areas.count() == 6
    totals = _summary_totals(page, "Kortsiktiga nyckeltal")
    assert totals["Helt uppfyllt"] == 5
    assert totals["Delvis uppfyllt"] == 6
    assert totals["Ej uppfyllt"] == 6
    assert totals["Ej rapporterat"] == 1
    assert sum(totals.values()) == 18
    assert_no_serious_axe_violations(page)


def test_round_picker_works_without_javascript(demo_server, browser):
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, demo_server)
        page.goto(f"{demo_server}/planer/rs-2026/")
        options = page.locator("#omgang option").all_inner_texts()
        assert options, "the plan has rounds to choose from"
        page.select_option("#omgang", "2026-T1")
        page.get_by_role("button", name="Visa").click()
        page.wait_for_url(re.compile(r"omgang=2026-T1"))
        assert page.locator("section.plan-node--depth-0").count() == 6
    finally:
        context.close()


def test_indicator_page_shows_targets_and_values(demo_server, desktop_page):
    page = desktop_page
    log_in(page, demo_server)
    page.goto(demo_server + PLAN_URL)
    link = _short_term_indicator_links(page).first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/planer/rs-2026/poster/"))
    screenshot(page, "item-1366")

    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.get_by_role("heading", name="Målvärden").is_visible()
    values = page.locator("table.values-table")
    t1_row = values.locator("tbody tr").filter(has=page.locator('a[href*="omgang=2026-T1"]'))
    assert t1_row.count() == 1
    assert t1_row.locator(".status-badge__label").inner_text().strip()
    assert t1_row.locator("td.num").inner_text().strip()  # the outcome
    assert_no_serious_axe_violations(page)


def test_pages_on_a_phone(demo_server, phone_page):
    page = phone_page
    log_in(page, demo_server)
    screenshot(page, "start-390")
    assert_fits_width(page, 390)
    assert_no_serious_axe_violations(page)
    page.goto(demo_server + PLAN_URL)
    screenshot(page, "plan-rs-2026-t1-390")
    assert_fits_width(page, 390)
    assert_no_serious_axe_violations(page)
    _short_term_indicator_links(page).first.click()
    page.wait_for_url(re.compile(r"/poster/"))
    screenshot(page, "item-390")
    assert_fits_width(page, 390)
    assert_no_serious_axe_violations(page)
