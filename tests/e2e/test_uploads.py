"""Uploads in Chromium (issue 13): the controller uploads a plan file, checks it first
(dry run), imports it from the check's page and watches both background jobs finish in
a running `styra worker`; axe on each page (no serious or critical violations), screenshots at
1366×768 and 390×844 in test-results/uploads/. The upload changes the demo, so the test
has its own demo server and worker.
"""

from __future__ import annotations

import re
import signal
import subprocess

import pytest

from tests.e2e.conftest import CHROMIUM, STYRA, running_demo_server
from tests.e2e.helpers import (
    DESKTOP,
    PHONE,
    RESULTS_DIR,
    assert_no_serious_axe_violations,
    log_in,
)

pytestmark = pytest.mark.e2e

SCREENS = RESULTS_DIR / "uploads"
PLAN = "rs-2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A demo server of its own, with a worker that runs the upload jobs."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium saknas ({CHROMIUM}); installera paketet chromium")
    root = tmp_path_factory.mktemp("uploads-server")
    with running_demo_server(root) as (url, env):
        worker = subprocess.Popen(
            [str(STYRA), "worker", "--interval", "0.2"],
            env=env,
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield url, env, root
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def look(page, name: str) -> None:
    """axe and a screenshot at both sizes; nothing may scroll sideways on the phone."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}-1366.png"), full_page=True)
    assert_no_serious_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENS / f"{name}-390.png"), full_page=True)
    assert_no_serious_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"
    page.set_viewport_size(DESKTOP)


def upload_and_wait(page, path, *, dry_run: bool) -> str:
    """Upload `path` on the plan upload page and wait for its job to finish; the status."""
    page.get_by_label("Fil", exact=True).set_input_files(str(path))
    page.get_by_label(re.compile("Kontrollera bara")).set_checked(dry_run)
    page.get_by_role("button", name="Ladda upp").click()
    page.wait_for_url(re.compile(r"/jobb/\d+/$"))
    status = page.locator("#jobbstatus")
    # The job's page refreshes its status with HTMX every two seconds until it is done.
    status.get_by_text(re.compile("Status: (Klart|Misslyckades)")).wait_for(timeout=120_000)
    return status.inner_text()


def test_the_controller_uploads_a_plan_file_and_watches_the_job(server, browser, tmp_path):
    url, env, root = server
    plan_file = tmp_path / "rs-2026.yaml"
    exported = subprocess.run(
        [str(STYRA), "plan", "export", "--plan", PLAN, "--out", str(plan_file)],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    # One item's title changed, as a controller would edit the file.
    text = plan_file.read_text(encoding="utf-8")
    title = re.search(r"^(\s+title: )(.+)$", text, re.MULTILINE)
    assert title is not None
    plan_file.write_text(
        text.replace(title.group(0), f"{title.group(1)}{title.group(2)} (reviderad)", 1),
        encoding="utf-8",
    )

    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        log_in(page, url, "controller")
        page.goto(f"{url}/las-in/")
        look(page, "las-in")
        page.get_by_role("link", name="Läs in planfil").click()
        page.wait_for_url("**/las-in/plan/")
        look(page, "las-in-plan")

        status = upload_and_wait(page, plan_file, dry_run=True)
        assert "Status: Klart" in status, status
        assert "Provkörning, inget sparades" in status
        assert f"Plan {PLAN} (finns)" in status
        look(page, "jobb-kontroll")

        # The check passed: the same file is imported with one click, as a new job.
        page.get_by_role("button", name="Läs in filen").click()
        page.wait_for_url(re.compile(r"/jobb/\d+/$"))
        status = page.locator("#jobbstatus")
        status.get_by_text(re.compile("Status: (Klart|Misslyckades)")).wait_for(timeout=120_000)
        status = status.inner_text()
        assert "Status: Klart" in status, status
        assert "Provkörning" not in status and f"Plan {PLAN} (finns)" in status
        look(page, "jobb-import")

        page.goto(f"{url}/las-in/")
        recent = page.locator("main table").inner_text()
        assert "Import av rs-2026.yaml (planfil)" in recent
        assert "Kontroll av rs-2026.yaml (planfil)" in recent
        page.goto(f"{url}/planer/{PLAN}/")
        assert "(reviderad)" in page.locator("main").inner_text()
    finally:
        context.close()
