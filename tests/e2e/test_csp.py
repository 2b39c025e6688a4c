"""The pages work under the Content Security Policy in Chromium: HTMX, Vega charts, the admin.

The demo server runs with production settings, so the browser gets the real policy.
Every violation the browser reports (the `securitypolicyviolation` event) fails the test.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""

PAGES = [
    "/",
    "/planer/rs-2026/",
    "/planer/rs-2026/poster/N01/",
    "/uppfoljning/2026-T1/",
    "/uppfoljning/2026-T1/enheter/RS-DIG/",
    "/uppfoljning/2026-T1/poster/N11/",
    "/ekonomi/RS/2026/4/",
    "/rapporter/2026-T1/RS/",
    "/admin/",
    "/admin/followup/round/",
]


# The report preview builds the whole report; on a busy machine that can take a while.
SLOW_PAGE_MS = 120_000


def _context(browser):
    context = browser.new_context(locale="sv-SE")
    context.set_default_timeout(SLOW_PAGE_MS)
    context.add_init_script(RECORD_VIOLATIONS)
    return context


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_pages_run_under_the_policy_without_violations(demo_server, browser):
    context = _context(browser)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    try:
        log_in(page, demo_server, username="admin")
        found = {}
        for url in PAGES:
            response = page.goto(f"{demo_server}{url}")
            assert response is not None and response.status == 200, url
            policy = response.headers["content-security-policy"]
            assert "script-src 'self'" in policy
            # Only the report preview lets Vega compile its chart expressions.
            assert ("'unsafe-eval'" in policy) == (url == "/rapporter/2026-T1/RS/"), url
            assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
            page.wait_for_load_state("networkidle")
            if _violations(page):
                found[url] = _violations(page)
        assert found == {}
        assert not [e for e in console_errors if "Content Security Policy" in e]
    finally:
        context.close()


def test_vega_chart_draws_under_the_policy(demo_server, browser):
    context = _context(browser)
    page = context.new_page()
    try:
        log_in(page, demo_server)
        page.goto(f"{demo_server}/rapporter/2026-T1/RS/")
        chart = page.locator(".vega-chart svg").first
        chart.wait_for(state="attached", timeout=20_000)
        assert chart.locator("path, rect").count() > 0
        assert _violations(page) == []
    finally:
        context.close()


def test_htmx_form_works_under_the_policy(demo_server, browser):
    """The reporting form posts through HTMX and swaps its answer in place.

    The value is not a number, so the server answers with the form and its error and
    nothing is saved: the shared demo server stays as it was for the other tests.
    """
    context = _context(browser)
    page = context.new_page()
    try:
        log_in(page, demo_server, username="rapportor")
        item_url = f"{demo_server}/uppfoljning/2026-T1/poster/N11/"
        page.goto(item_url)
        assert page.evaluate("typeof window.htmx") == "object"
        page.get_by_label("Utfall", exact=True).fill("inte ett tal")
        with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
            page.get_by_role("button", name="Spara utkast").click()
        page.locator("#bedomning .field--error").first.wait_for()
        assert page.url == item_url
        assert _violations(page) == []
    finally:
        context.close()
