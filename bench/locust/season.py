"""The report season on one server: reporters, reviewers and controllers at work.

- Reporters (60 %) open their unit's report, then an item, and save a value (its
  figure updated by a few per cent) and a comment through HTMX, as the page does; a
  value the page finds unlikely is saved anyway, as the page offers.
- Reviewers (20 %) open the round, a unit's report and an item, and then the item again
  with its change history (the page reads it only when asked, `?historik=visa`).
- Controllers (20 %) open the economic table and the report preview; now and then one
  downloads the PDF or checks a job.

Every user thinks 5–15 s (BENCH_THINK sets the mean, default 10 s) after each page
before the next request: after opening an item before saving it (the value and the
comment are typed meanwhile), after reading a warning before confirming, between the
reviewer's pages. 200 users thus ask about 20 page requests a second, as "200 users with
10 s think time" means. BENCH_THINK_BETWEEN_STEPS=0 gives the scenario run until
2026-12-07: no thinking inside a task (open an item and save it at once; a reviewer's
four pages in a row), which asks about 36 page requests a second of 200 users.

The users are made by bench/season_setup.py (`rapp-001` …, `gransk-001` …, `kontr-001` …),
each reporter on one of the units that own items. Logins are left out of the
percentiles (common.py).
"""

from __future__ import annotations

import itertools
import os
import random
import re

from common import csrf_token, log_in
from locust import FastHttpUser, between, task

THINK = float(os.environ.get("BENCH_THINK", "10"))
THINK_BETWEEN_STEPS = os.environ.get("BENCH_THINK_BETWEEN_STEPS", "1") != "0"
ROUND = "2026-T1"
# Units that own items in the demo round, with some of their items.
UNITS = {
    "RS-DIG": ["N09", "N10", "N11", "N12", "U02", "U04"],
    "RS-EKO": ["N01", "N02", "N03", "N04", "N05", "N06"],
    "RS-LOB": ["N08", "U06", "U07", "U08", "U09", "U10"],
}
VERSION = re.compile(r'name="version" value="(\d+)"')
CONFIRM = re.compile(r'name="confirmed" value="([^"]+)"')
ITEM_LINK = re.compile(rf'href="/uppfoljning/{ROUND}/poster/([^/"]+)/"')
CURRENT = re.compile(r'<input type="text" name="value" value="([-−]?[\d\s]+(?:,\d+)?)"')


def next_value(page: str) -> str:
    """What a reporter enters: the item's figure updated by a few per cent, or (no figure
    yet) a number the page may find unlikely for the item and ask about."""
    current = CURRENT.search(page)
    if current is None:
        return f"{random.randint(10, 90)},{random.randint(0, 9)}"
    figure = re.sub(r"\s", "", current.group(1)).replace("−", "-").replace(",", ".")
    value = float(figure) * random.uniform(0.9, 1.1)
    return f"{value:.1f}".replace(".", ",")


def think(user: FastHttpUser) -> None:
    """The person reads the page (and types) before the next step of the same task."""
    if THINK_BETWEEN_STEPS:
        user.wait()


_numbers = {kind: itertools.count(1) for kind in ("rapp", "gransk", "kontr")}


def _next(kind: str) -> str:
    return f"{kind}-{next(_numbers[kind]):03d}"


class Reporter(FastHttpUser):
    weight = 6
    wait_time = between(THINK / 2, THINK * 1.5)

    def on_start(self):
        self.username = _next("rapp")
        log_in(self.client, self.username)
        number = int(self.username.split("-")[1])
        self.unit = sorted(UNITS)[number % len(UNITS)]
        page = self.client.get(f"/uppfoljning/{ROUND}/enheter/{self.unit}/", name="unit report")
        self.items = sorted(set(ITEM_LINK.findall(page.text))) or UNITS[self.unit]

    @task(3)
    def report_a_value(self):
        item = random.choice(self.items)
        url = f"/uppfoljning/{ROUND}/poster/{item}/"
        page = self.client.get(url, name="item report")
        version = VERSION.search(page.text)
        if version is None:
            return  # not editable for this reporter (another unit's item, submitted)
        data = {
            "csrfmiddlewaretoken": csrf_token(page.text),
            "version": version.group(1),
            "value": next_value(page.text),
            "period_label": "jan–apr 2026",
            "comment": "Belastningstest: utfallet följer planen, med en avvikelse i mars.",
        }
        headers = {"HX-Request": "true", "Referer": self.client.base_url + url}
        think(self)
        saved = self.client.post(url, data=data, headers=headers, name="save assessment (HTMX)")
        confirm = CONFIRM.search(saved.text or "")
        if confirm is not None:
            # The value is far from earlier values and the target: the form holds it and
            # asks; the reporter has checked it and saves anyway, as the page offers.
            think(self)
            self.client.post(
                url,
                data={**data, "confirmed": confirm.group(1)},
                headers=headers,
                name="save assessment, confirmed (HTMX)",
            )

    @task(1)
    def open_unit_report(self):
        self.client.get(f"/uppfoljning/{ROUND}/enheter/{self.unit}/", name="unit report")


class Reviewer(FastHttpUser):
    weight = 2
    wait_time = between(THINK / 2, THINK * 1.5)

    def on_start(self):
        log_in(self.client, _next("gransk"))

    @task
    def review(self):
        unit = random.choice(sorted(UNITS))
        self.client.get(f"/uppfoljning/{ROUND}/", name="round")
        think(self)
        self.client.get(f"/uppfoljning/{ROUND}/enheter/{unit}/", name="unit report")
        think(self)
        item = random.choice(UNITS[unit])
        self.client.get(f"/uppfoljning/{ROUND}/poster/{item}/", name="item report")
        think(self)
        self.client.get(
            f"/uppfoljning/{ROUND}/poster/{item}/?historik=visa", name="item with history"
        )


class Controller(FastHttpUser):
    weight = 2
    wait_time = between(THINK / 2, THINK * 1.5)

    def on_start(self):
        log_in(self.client, _next("kontr"))

    @task(4)
    def economic_table(self):
        self.client.get(
            f"/ekonomi/{random.choice(['RS', 'RS-DIG', 'RS-EKO'])}/2026/4/", name="economic table"
        )

    @task(2)
    def report_preview(self):
        self.client.get(
            f"/rapporter/{ROUND}/{random.choice(sorted(UNITS))}/", name="report preview"
        )

    @task(1)
    def report_download(self):
        self.client.get(f"/rapporter/{ROUND}/RS-DIG/ladda-ned/pdf/", name="report PDF")

    @task(1)
    def jobs(self):
        self.client.get("/jobb/", name="jobs")
