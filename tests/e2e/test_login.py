"""Logging in and out in a real browser."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import (
    DEMO_USER,
    assert_no_serious_axe_violations,
    log_in,
    screenshot,
)

# One demo server for all browser tests when run with `-n … --dist loadgroup`.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def test_login_page_is_accessible_and_rejects_a_wrong_password(demo_server, desktop_page):
    page = desktop_page
    page.goto(f"{demo_server}/")
    assert page.url.startswith(f"{demo_server}/konto/logga-in/?next=")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_no_serious_axe_violations(page)
    page.get_by_label("Användarnamn").fill(DEMO_USER)
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()
    alert = page.get_by_role("alert")
    assert "korrekt användarnamn och lösenord" in alert.inner_text()
    assert_no_serious_axe_violations(page)
    screenshot(page, "login-error-1366")


def test_log_in_and_out(demo_server, phone_page):
    page = phone_page
    log_in(page, demo_server)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
    screenshot(page, "start-390")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{demo_server}/konto/logga-in/")
    page.goto(f"{demo_server}/")
    assert "/konto/logga-in/" in page.url
