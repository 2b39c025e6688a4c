"""The economy page: the table of a unit and period, formatted, with roll-up links."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

NBSP, MINUS = "\u00a0", "\u2212"


@pytest.fixture
def controller(db):
    user = get_user_model().objects.create_superuser("controller", "c@example.se", "x")
    client = Client()
    client.force_login(user)
    return client


def row_label(th: str) -> str:
    """The visible text of a row header (no marks, no screen-reader-only context)."""
    th = re.sub(r'<span class="(visually-hidden|line__mark)"[^>]*>.*?</span>', "", th, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", th).split())


def cells(html: str, label: str) -> list[str]:
    """The number cells of the first table row whose header reads `label`."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        th = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if th and row_label(th.group(1)) == label:
            return [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', row, re.S)]
    raise AssertionError(label)


def test_economy_pages(region, controller, client):
    """Loading the demo ledger is slow, so one test walks through the pages."""
    response = controller.get("/ekonomi/RS/2026/4/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ekonomisk analys – Regionstyrelsen</h1>" in html
    assert cells(html, "Patientavgifter")[:6] == [
        f"1{NBSP}278",
        "300",
        "978",
        "312",
        "966",
        f"309,5{NBSP}%",
    ]
    assert cells(html, "Lämnade bidrag")[:6] == [
        f"1{NBSP}406",
        f"{MINUS}4{NBSP}581",
        f"5{NBSP}986",
        f"{MINUS}2{NBSP}133",
        f"3{NBSP}539",
        f"{MINUS}165,9{NBSP}%",
    ]
    assert cells(html, "Verksamhetens nettokostnader")[:6] == [
        f"{MINUS}595{NBSP}186",
        f"{MINUS}736{NBSP}062",
        f"140{NBSP}876",
        f"{MINUS}566{NBSP}408",
        f"{MINUS}28{NBSP}778",
        f"5,1{NBSP}%",
    ]
    assert "Nettokostnadsutveckling" in html
    # Roll-up: every department is a link to its own table.
    assert 'href="/ekonomi/RS-VV/2026/4/"' in html

    # The elected members' unit lists its cost centres (förtroendemannabudget).
    html = controller.get(f"/ekonomi/{region.elected_unit}/2026/4/").content.decode()
    assert cells(html, "Regionfullmäktige 1010") == [
        f"{MINUS}5{NBSP}266",
        f"{MINUS}5{NBSP}967",
        "701",
    ]
    assert 'href="/ekonomi/RS/2026/4/"' in html  # up to the parent

    # The picker and /ekonomi/ redirect to a unit and period.
    response = controller.get("/ekonomi/valj/", {"enhet": "RS-DIG", "ar": "2026", "manad": "3"})
    assert response.status_code == 302 and response["Location"] == "/ekonomi/RS-DIG/2026/3/"
    response = controller.get("/ekonomi/")
    assert response["Location"] == "/ekonomi/RS/2026/4/"

    # Unknown units and periods, and who may see the page.
    assert controller.get("/ekonomi/NOPE/2026/4/").status_code == 404
    assert controller.get("/ekonomi/RS/2026/13/").status_code == 404
    assert client.get("/ekonomi/RS/2026/4/").status_code == 302  # to the login page
    user = get_user_model().objects.create_user("reader", "r@example.se", "x")
    client.force_login(user)
    assert client.get("/ekonomi/RS/2026/4/").status_code == 403


def test_the_page_says_which_months_have_outcome(region, controller):
    """The demo ledger has outcome for January–April 2026 (issue 13)."""
    html = controller.get("/ekonomi/RS/2026/4/").content.decode()
    assert "Huvudboken har utfall t.o.m. april 2026." in html
    assert "Det finns inget utfall efter" not in html

    december = controller.get("/ekonomi/RS/2026/12/").content.decode()
    assert "Det finns inget utfall efter april 2026." in december
    assert "Tabellen visar därför januari–april, inte januari–december" in december

    empty = controller.get("/ekonomi/RS/2031/4/").content.decode()
    assert "Huvudboken har inget utfall för Regionstyrelsen 2031." in empty
    assert "economic-table" not in empty
