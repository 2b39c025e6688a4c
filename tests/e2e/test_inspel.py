"""An inspel round in the browser, as one story.

The reporter of Digitalisering och service opens the demo's open inspel 2027–2029,
reads last year's result and this year's forecast (drawn from data), writes the future
analysis, states a need with an amount, requests an investment with amounts per plan
year and submits. The reviewer of the board grants the request and returns the inspel
with a reason; the reporter completes it and submits again; the reviewer approves. The
board's inspel document then carries the unit's text, need and request, and the
investment object's page shows its history. Every page is checked with axe and
photographed at 1366×768 and 390×844 (test-results/screens/inspel-*.png).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STYRA, running_demo_server
from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    assert_no_serious_axe_violations,
    log_in,
)

pytestmark = pytest.mark.e2e

ROUND = "inspel-2027-2029"
UNIT = "RS-DIG"
SCREENS = RESULTS_DIR / "screens"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("inspel-server")
    with running_demo_server(root) as (base_url, env):
        yield base_url, env, root


def _look(page, name: str) -> None:
    """axe on the page, then photographs at desktop and phone width."""
    assert_no_serious_axe_violations(page)
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENS / f"inspel-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _as(browser, base_url: str, username: str):
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    page = context.new_page()
    log_in(page, base_url, username)
    return context, page


def test_an_inspel_round_from_input_to_approval(server, browser):
    base_url, env, root = server
    unit_url = f"{base_url}/planering/inspel/{ROUND}/{UNIT}/"

    context, page = _as(browser, base_url, "rapportor")
    page.get_by_role("link", name="Planering").click()
    page.get_by_role("link", name="Inspel 2027–2029").click()
    _look(page, "oversikt")
    page.get_by_role("link", name="Digitalisering och service").click()
    page.wait_for_url(unit_url)
    expect(page.get_by_role("heading", name="Innevarande år och prognos")).to_be_visible()
    expect(page.get_by_text("Digitalisering och service").first).to_be_visible()
    _look(page, "enhet")

    future = page.get_by_role("textbox", name="Framtidsanalys och förändringar")
    future.fill("Fler tjänster flyttar till gemensamma plattformar under perioden.")
    future.locator("xpath=ancestor::form").get_by_role("button", name="Spara text").click()
    page.wait_for_url(f"{unit_url}#text-inspel-framtid")
    expect(page.get_by_role("status").get_by_text("Texten är sparad.")).to_be_visible()

    page.get_by_label("Behov eller satsning", exact=True).fill("Säkerhetsövervakning dygnet runt")
    page.get_by_label("2027 (mkr)").fill("1,8")
    page.get_by_role("button", name="Spara behovet").click()
    expect(page.get_by_role("cell", name="1,8")).to_be_visible()

    page.get_by_label("Investeringsobjekt").fill("Brandväggar för vårdnätet")
    page.get_by_label("Ny- eller reinvestering").select_option("reinvestment")
    page.get_by_label("Risk för övervältringskostnader?").select_option("ja")
    page.get_by_label("Om risken").fill("Supporten för dagens brandväggar upphör 2027.")
    page.get_by_label("2027 (tkr)").fill("2 400")
    page.get_by_label("2028 (tkr)").fill("600")
    page.get_by_role("button", name="Äska investeringen").click()
    expect(page.get_by_role("link", name="Brandväggar för vårdnätet")).to_be_visible()
    _look(page, "ifylld")

    page.get_by_role("button", name="Skicka in inspelet").click()
    expect(page.get_by_text("Inspelet är inskickat.")).to_be_visible()
    assert not page.get_by_role("button", name="Spara text").count()
    context.close()

    context, page = _as(browser, base_url, "granskare")
    page.goto(unit_url)
    row = page.get_by_role("row", name="Brandväggar för vårdnätet")
    row.get_by_role("button", name="Bevilja", exact=True).click()
    expect(page.get_by_text("Beslutet är sparat.")).to_be_visible()
    page.get_by_label("Skäl till återremiss").fill(
        "Beskriv konsekvensen om brandväggarna inte byts."
    )
    page.get_by_role("button", name="Återremittera").click()
    expect(page.get_by_text("Inspelet är återremitterat.")).to_be_visible()
    context.close()

    context, page = _as(browser, base_url, "rapportor")
    page.goto(unit_url)
    reason = page.locator(".returned-reason")
    expect(reason.get_by_text("Beskriv konsekvensen om brandväggarna inte byts.")).to_be_visible()
    _look(page, "aterremitterad")
    comment = page.get_by_role("textbox", name="Framtidsanalys och förändringar")
    comment.fill(
        "Fler tjänster flyttar till gemensamma plattformar under perioden. Byts inte "
        "brandväggarna saknas säkerhetsuppdateringar från 2027."
    )
    comment.locator("xpath=ancestor::form").get_by_role("button", name="Spara text").click()
    page.get_by_role("button", name="Skicka in inspelet").click()
    context.close()

    context, page = _as(browser, base_url, "granskare")
    page.goto(unit_url)
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_text("Inspelet är godkänt.")).to_be_visible()
    expect(page.get_by_text("Godkänd").first).to_be_visible()
    page.get_by_role("link", name="Brandväggar för vårdnätet").click()
    expect(page.get_by_role("heading", name="Äskande inför 2027")).to_be_visible()
    expect(page.get_by_text("Beviljad").first).to_be_visible()
    _look(page, "objekt")
    context.close()

    # The board's inspel document carries the unit's input.
    out = root / "inspel-out"
    result = subprocess.run(
        [str(STYRA), "report", "build", "--round", ROUND, "--unit", "RS",
         "--template", "inspel-rs", "--format", "html", "--out", str(out)],
        env=env, cwd=root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = next(Path(out).glob("*.html")).read_text(encoding="utf-8")
    assert "saknas säkerhetsuppdateringar från 2027" in html
    assert "Säkerhetsövervakning dygnet runt" in html
    assert "Brandväggar för vårdnätet" in html and "2\u00a0400" in html


def test_the_2022_plan_page_and_an_object_history(server, browser):
    base_url, _env, _root = server
    context, page = _as(browser, base_url, "controller")
    page.goto(f"{base_url}/planering/planer/rs-vp-2022/")
    expect(page.get_by_role("heading", name="Budgetramar", exact=True)).to_be_visible()
    expect(page.get_by_text("3\u00a0373,4").first).to_be_visible()
    expect(page.get_by_text("Platshållaren ”xx” står kvar i texten.")).to_be_visible()
    _look(page, "plan-2022")
    page.get_by_role("link", name="Patientkallelse-system").click()
    expect(page.get_by_role("heading", name="Äskande inför 2021")).to_be_visible()
    expect(page.get_by_role("heading", name="Beslut för 2022")).to_be_visible()
    _look(page, "objekt-patientkallelse")
    context.close()
