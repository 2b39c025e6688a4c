"""Logged-in users reading Styra's pages without pause: the server decision's load.

Each simulated user logs in once as `controller` and then opens the start page, the
plan, an item, the round, a unit's report, the economic table and the report preview
in turn. Run by bench/server_bench.sh against gunicorn and granian alike.
"""

from __future__ import annotations

from common import log_in
from locust import FastHttpUser, task

PAGES = [
    "/",
    "/planer/rs-2026/",
    "/planer/rs-2026/poster/N01/",
    "/uppfoljning/2026-T1/",
    "/uppfoljning/2026-T1/enheter/RS-DIG/",
    "/ekonomi/RS/2026/4/",
    "/rapporter/2026-T1/RS/",
]


class Reader(FastHttpUser):
    def on_start(self):
        log_in(self.client, "controller", share=True)

    @task
    def read_pages(self):
        for url in PAGES:
            self.client.get(url)
