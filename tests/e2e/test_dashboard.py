"""The dashboard (måltavla) of the demo region in Chromium, at desktop (1280×800) and
phone (390×844) size: the charts draw under the Content Security Policy, the filters
update the page through HTMX, the drill-down reaches a sub-unit, axe finds no serious
or critical violation, and every state is photographed (test-results/) to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import assert_no_serious_axe_violations, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DESKTOP_1280 = {"width": 1280, "height": 800}
PHONE_390 = {"width": 390, "height": 844}
URL = "/maltavla/2026-T1/RS/"
SLOW_PAGE_MS = 120_000

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _context(browser, viewport, **kw):
    context = browser.new_context(viewport=viewport, locale="sv-SE", **kw)
    context.set_default_timeout(SLOW_PAGE_MS)
    context.add_init_script(RECORD_VIOLATIONS)
    return context


def _wait_for_charts(page) -> int:
    page.wait_for_load_state("networkidle")
    page.locator(".vega-chart svg").first.wait_for()
    return page.locator(".vega-chart svg").count()


def _fits_width(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


def test_dashboard_at_desktop_size(demo_server, browser):
    context = _context(browser, DESKTOP_1280)
    page = context.new_page()
    try:
        log_in(page, demo_server)
        page.get_by_role("navigation", name="Huvudmeny").get_by_role(
            "link", name="Måltavla"
        ).click()
        # The index offers each plan's latest round: the board's own delårsrapport.
        page.get_by_role("link", name=re.compile("Måltavla för Regionstyrelsen")).click()
        page.wait_for_url(re.compile(r"/maltavla/RS-2026-D/RS/$"))
        page.goto(f"{demo_server}/maltavla/2026-T1/RS/")
        assert page.get_by_role("heading", level=1).inner_text() == "Regionstyrelsen"
        drawn = _wait_for_charts(page)
        assert drawn >= 2
        # Status with symbol and text in the item tables and the summary.
        assert page.locator("table.plan-table .status-badge__label").count() > 10
        assert page.locator("table.summary-table").count() >= 1
        assert page.evaluate("window.__cspViolations") == []
        assert_no_serious_axe_violations(page)
        screenshot(page, "dashboard-rs-1280")

        # Filter by owner through HTMX: the list and the URL follow, charts redraw.
        count = page.locator(".dashboard-count")
        before = count.inner_text()
        page.locator("#id_agare").select_option(label="HR-avdelningen")
        page.wait_for_url(re.compile(r"agare=RS-HR"))
        page.wait_for_function(
            "t => document.querySelector('.dashboard-count').innerText !== t", arg=before
        )
        assert re.search(r"Visar \d+ av \d+ poster", count.inner_text())
        assert page.locator("table.plan-table tbody tr").count() < 15
        _wait_for_charts(page)
        assert page.locator("figcaption", has_text="Total sjukfrånvaro").count() == 1
        assert page.evaluate("window.__cspViolations") == []
        assert_no_serious_axe_violations(page)
        screenshot(page, "dashboard-rs-hr-filter-1280")

        # Drill down to a sub-unit's dashboard.
        page.goto(demo_server + URL)
        page.locator("table.dashboard-units").get_by_role("link").first.click()
        page.wait_for_url(re.compile(r"/maltavla/2026-T1/RS-[A-Z]+/$"))
        assert page.locator("nav.breadcrumbs").get_by_role("link", name="Regionstyrelsen").count()
        page.wait_for_load_state("networkidle")
        assert_no_serious_axe_violations(page)
        screenshot(page, "dashboard-sub-unit-1280")
    finally:
        context.close()


def test_dashboard_at_phone_size(demo_server, browser):
    context = _context(browser, PHONE_390, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        log_in(page, demo_server)
        page.goto(demo_server + URL)
        _wait_for_charts(page)
        _fits_width(page, PHONE_390["width"])
        assert page.evaluate("window.__cspViolations") == []
        assert_no_serious_axe_violations(page)
        screenshot(page, "dashboard-rs-390")
    finally:
        context.close()


def test_dashboard_filters_work_without_javascript(demo_server, browser):
    context = _context(browser, DESKTOP_1280, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, demo_server)
        page.goto(demo_server + URL)
        page.locator("#id_status").select_option(index=1)
        page.get_by_role("button", name="Visa").click()
        page.wait_for_url(re.compile(r"status="))
        assert re.search(r"Visar \d+ av \d+ poster", page.locator(".dashboard-count").inner_text())
        # Without JavaScript every trend is still there as a table.
        assert page.locator("details.trend-table").count() >= 1
    finally:
        context.close()
