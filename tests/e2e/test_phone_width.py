"""Every page a controller and a reporter can reach by following links fits a phone.

Issue 13 found pages that made a 390 px wide phone scroll sideways. Rather than listing
pages (and missing the next one), the test follows the site's own links from the start
page, breadth first, as each role, and measures every HTML page at 390 × 844.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.helpers import DEMO_PASSWORD, PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

#: Enough to reach every kind of page of the demo (plans, items, rounds, reports, economy,
#: administration) without visiting each of its hundreds of items.
MAX_PAGES = 90
#: Variants of one path (other query strings) visited at most.
MAX_PER_PATH = 2
#: Never followed: other systems, files, and pages that are not the app's own HTML.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/konto/logga-ut", "/media/")
SKIPPED_PARTS = (
    "export",
    "ladda-ned",
    "ladda-ner",
    "hamta",
    "format=",
    ".xlsx",
    ".pdf",
    ".docx",
    ".csv",
)


def _links(page, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urldefrag(urljoin(page.url, href)).url
        if not url.startswith(base_url):
            continue
        path = urlsplit(url).path
        if path.startswith(SKIPPED_PREFIXES) or any(part in url for part in SKIPPED_PARTS):
            continue
        found.append(url)
    return found


def _too_wide(page) -> str | None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return None
    culprits = page.evaluate(
        """w => [...document.querySelectorAll('main *')]
             .filter(e => e.getBoundingClientRect().right > w + 1
                          && !e.closest('.table-scroll, [role=region][tabindex]'))
             .slice(0, 3)
             .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
        PHONE["width"],
    )
    return f"{page.url}: {width}px ({', '.join(culprits)})"


@pytest.mark.parametrize("username", ["controller", "rapportor"])
def test_every_linked_page_fits_a_phone(demo_server, phone_page, username):
    page = phone_page
    page.set_default_timeout(20_000)
    log_in(page, demo_server, username, DEMO_PASSWORD)
    queue = deque([f"{demo_server}/"])
    seen: set[str] = set()
    per_path: dict[str, int] = {}
    visited, too_wide = 0, []
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or per_path.get(path, 0) >= MAX_PER_PATH:
            continue
        seen.add(url)
        per_path[path] = per_path.get(path, 0) + 1
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download started by a link
            if "Download is starting" in str(error):
                continue
            raise
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 500, f"{url} answered {response.status}"
        visited += 1
        problem = _too_wide(page)
        if problem:
            too_wide.append(problem)
        queue.extend(_links(page, demo_server))
    assert visited >= 25, f"only {visited} pages reached as {username}"
    assert not too_wide, "sidor bredare än 390 px:\n" + "\n".join(too_wide)
