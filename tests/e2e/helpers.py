"""What browser tests share: logging in, screenshots, the axe accessibility check."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = REPO_ROOT / "test-results"

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# The demo logins (README, "Quick start").
DEMO_USER = "controller"
DEMO_PASSWORD = "styra-demo-2026"


def log_in(page, base_url: str, username: str = DEMO_USER, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form, as a person would."""
    page.goto(f"{base_url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base_url}/")


def screenshot(page, name: str) -> Path:
    """Full-page screenshot into test-results/ (gitignored) for a person to look at."""
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_serious_axe_violations(page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation, listing them."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    if serious:
        lines = [f"axe: {len(serious)} allvarliga brister på {page.url}"]
        for violation in serious:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(
                    f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
                )
        pytest.fail("\n".join(lines), pytrace=False)
