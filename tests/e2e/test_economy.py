"""The economy page in Chromium (issue 13): the controller opens Personalkostnader into
the departments and a department into its cost centres through HTMX with the keyboard,
the table scrolls inside its own region at 390 px so the page never overflows, axe finds
no serious or critical violation, and the health board (the demo's second board with a
ledger) opens the same way. Screenshots go to test-results/.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SLOW_PAGE_MS = 120_000


def _page(browser, viewport, **kw):
    context = browser.new_context(viewport=viewport, locale="sv-SE", **kw)
    context.set_default_timeout(SLOW_PAGE_MS)
    return context, context.new_page()


def _fits_width(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


def _open(page, name: str, url_part: str) -> None:
    """Open a line with the keyboard (focus, Enter) and wait for HTMX's new table."""
    link = page.locator("table.economic-table a.line__toggle", has_text=name).first
    assert link.get_attribute("aria-expanded") == "false"
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(url_part)))
    expanded = page.locator("table.economic-table a.line__toggle", has_text=name).first
    expanded.wait_for()
    page.wait_for_function(
        "n => [...document.querySelectorAll('a.line__toggle')].some("
        "a => a.textContent.includes(n) && a.getAttribute('aria-expanded') === 'true')",
        arg=name,
    )


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_economy_page_opens_a_row_into_units_and_cost_centres(demo_server, browser, size):
    viewport = DESKTOP if size == "desktop" else PHONE
    extra = {} if size == "desktop" else {"is_mobile": True, "has_touch": True}
    context, page = _page(browser, viewport, **extra)
    try:
        log_in(page, demo_server)
        page.goto(f"{demo_server}/ekonomi/RS/2026/4/")
        assert (
            "Ekonomisk analys – Regionstyrelsen"
            in page.get_by_role("heading", level=1).inner_text()
        )
        assert page.get_by_text("Huvudboken har utfall t.o.m.").count() == 1
        _open(page, "Personalkostnader", "oppna=personalkostnader")
        table = page.locator("table.economic-table")
        assert table.locator("tr.line--unit", has_text="Digitalisering och service").count() == 1
        # Focus stays on the line that was opened (HTMX keeps the element with its id).
        assert page.evaluate("document.activeElement.id") == "oppna-personalkostnader"
        _open(page, "Digitalisering och service", "personalkostnader%3ARS-DIG")
        assert table.locator("tr.line--unit", has_text="Regionservice").count() == 1
        _fits_width(page, viewport["width"])
        assert_no_serious_axe_violations(page)
        screenshot(page, f"economy-rs-opened-{size}")

        # The Excel link carries what the page shows.
        href = page.get_by_role("link", name="Ladda ner tabellen som Excel").get_attribute("href")
        assert "oppna=personalkostnader" in href and "/excel/" in href

        # December: the page says the ledger's last month and shows that month's table.
        page.goto(f"{demo_server}/ekonomi/RS/2026/12/")
        assert page.get_by_text("Det finns inget utfall efter").count() == 1
        _fits_width(page, viewport["width"])
        assert_no_serious_axe_violations(page)
        screenshot(page, f"economy-rs-december-{size}")

        # The health board, the demo's other board with a ledger: a row into its cost
        # centre and that into accounts.
        page.goto(f"{demo_server}/ekonomi/HSN/2026/8/")
        _open(page, "Personalkostnader", "oppna=personalkostnader")
        centre = page.locator("table.economic-table tr.line--cost_centre a.line__toggle").first
        centre.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile("kst"))
        page.locator("tr.line--account").first.wait_for()
        _fits_width(page, viewport["width"])
        assert_no_serious_axe_violations(page)
        screenshot(page, f"economy-hsn-accounts-{size}")
    finally:
        context.close()
