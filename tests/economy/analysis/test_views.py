"""The economy page over HTTP with a logged-in session: which months have outcome, the
whole year's budget and forecast, columns chosen in the URL, lines opened under a row
(units, cost centres, accounts), and who may see them (issue 13)."""

from __future__ import annotations

import re
from decimal import Decimal

from styra.economy.registers import services as register_services
from tests.economy.ledger.test_views import cells

NBSP, MINUS = "\u00a0", "\u2212"
URL = "/ekonomi/{unit}/2026/{month}/"
PERSONAL = "Personalkostnader"
NET = "Verksamhetens nettokostnader"


def tkr(text: str) -> str:
    return text.replace("-", MINUS).replace(" ", NBSP)


def headers(html: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    return [h.strip() for h in re.findall(r'<th scope="col" class="num">(.*?)</th>', thead)]


def test_the_page_names_the_last_month_with_outcome_of_the_units_ledger(econ, controller_client):
    html = controller_client.get(URL.format(unit="RS", month=4)).content.decode()
    # The other board's ledger goes on to June; Regionstyrelsen's ends in April.
    assert "Huvudboken har utfall t.o.m. april 2026." in html
    assert "Det finns inget utfall efter" not in html
    hsn = controller_client.get(URL.format(unit="HSN", month=6)).content.decode()
    assert "Huvudboken har utfall t.o.m. juni 2026." in hsn


def test_a_month_past_the_ledger_shows_the_last_month_with_outcome_and_says_so(
    econ, controller_client
):
    april = controller_client.get(URL.format(unit="RS", month=4)).content.decode()
    december = controller_client.get(URL.format(unit="RS", month=12)).content.decode()
    assert "Det finns inget utfall efter april 2026." in december
    assert "Tabellen visar därför januari–april, inte januari–december" in december
    # No budget for January–December against outcome for January–April: the table is
    # April's, so the deviations and percentages are the true ones.
    assert cells(december, PERSONAL) == cells(april, PERSONAL)
    assert cells(april, PERSONAL)[:3] == [tkr("-1 520"), tkr("-1 320"), tkr("-200")]


def test_a_year_without_outcome_says_so_and_shows_no_table_of_zeros(econ, controller_client):
    html = controller_client.get("/ekonomi/RS/2031/4/").content.decode()
    assert "Huvudboken har inget utfall för Regionstyrelsen 2031." in html
    assert "economic-table" not in html
    assert controller_client.get("/ekonomi/RS/2031/4/excel/").status_code == 404


def test_full_year_budget_and_the_units_forecasts_beside_the_period(
    econ, controller_client, builder
):
    plan = builder.plan("rs-2026", econ.rs)
    t1 = builder.round(plan, "2026-T1", name="Tertial 1 2026")
    controller = builder.user("prognos-controller", superuser=True)
    register_services.forecast_set(
        round=t1, unit=econ.a, amount=Decimal("-1800000"), user=controller
    )
    html = controller_client.get(URL.format(unit="RS", month=4)).content.decode()
    assert headers(html) == [
        "Ack utfall",
        "Ack budget",
        "Bud-Utf Diff",
        "Ack utfall fg år",
        "Ack utf − Ack fg år Diff",
        "Utfall diff %",
        "Helårsbudget",
        "Helårsprognos",
    ]
    assert cells(html, PERSONAL)[6:] == [tkr("-3 960"), "–"]  # no forecast per cost row
    # The net row carries the forecast the units entered: A's, and B has none yet.
    assert cells(html, NET)[6:] == [tkr("-3 600"), tkr("-1 800")]
    assert "(helårsprognos från Tertial 1 2026)" in html
    assert "Prognos saknas för: Avdelning B." in html


def test_columns_are_chosen_in_the_url(econ, controller_client):
    url = URL.format(unit="RS", month=4)
    html = controller_client.get(url, {"kolumn": ["helarsbudget", "utfall"]}).content.decode()
    assert headers(html) == ["Ack utfall", "Helårsbudget"]  # in the table's order
    assert cells(html, PERSONAL) == [tkr("-1 520"), tkr("-3 960")]
    # The choice stays in the links: the picker, the Excel link, the lines.
    assert 'name="kolumn" value="utfall" checked' in html
    assert "excel/?kolumn=utfall&amp;kolumn=helarsbudget" in html
    # Unknown codes are ignored; nothing known gives the default.
    html = controller_client.get(url, {"kolumn": "nope"}).content.decode()
    assert len(headers(html)) == 8


def test_a_row_opens_into_units_then_cost_centres_then_accounts(econ, controller_client):
    url = URL.format(unit="RS", month=4)
    closed = controller_client.get(url).content.decode()
    assert 'aria-expanded="false"' in closed
    assert "Avdelning A" not in re.search(r"<table.*?</table>", closed, re.S).group(0)

    html = controller_client.get(url, {"oppna": "personalkostnader"}).content.decode()
    # The department lines, then Regionstyrelsen's own cost centre; each a link that
    # opens it further (plain link without JavaScript, HTMX swaps the table).
    assert cells(html, "Avdelning A")[:3] == [tkr("-600"), tkr("-480"), tkr("-120")]
    assert cells(html, "Avdelning B")[:3] == [tkr("-920"), tkr("-840"), tkr("-80")]
    assert cells(html, "900 Kst 900")[:2] == ["0", "0"]
    assert (
        'href="/ekonomi/RS/2026/4/?oppna=personalkostnader&amp;oppna=personalkostnader%3ARS-B"'
        in html
    )
    assert (
        'hx-get="/ekonomi/RS/2026/4/?oppna=personalkostnader&amp;oppna=personalkostnader%3ARS-B"'
        in html
    )
    assert 'aria-expanded="true"' in html
    assert "(under Personalkostnader)" in html  # context for screen readers

    html = controller_client.get(
        url, {"oppna": ["personalkostnader", "personalkostnader:RS-B", "personalkostnader:kst:200"]}
    ).content.decode()
    assert cells(html, "Enhet B1")[:3] == [tkr("-120"), tkr("-120"), "0"]
    assert cells(html, "200 Kst 200")[:3] == [tkr("-800"), tkr("-720"), tkr("-80")]
    assert cells(html, "5010")[:4] == [tkr("-800"), tkr("-720"), tkr("-80"), tkr("-760")]
    # Closing B closes what was opened under it too.
    b_link = re.search(r'<a id="oppna-personalkostnaderrs-b"[^>]*href="([^"]*)"', html)
    assert b_link and b_link.group(1) == "/ekonomi/RS/2026/4/?oppna=personalkostnader"


def test_the_lines_add_up_to_the_row(econ, controller_client):
    html = controller_client.get(
        URL.format(unit="RS", month=4), {"oppna": "bruttokostnader", "kolumn": "utfall"}
    ).content.decode()
    lines = [cells(html, name)[0] for name in ("Avdelning A", "Avdelning B", "900 Kst 900")]
    assert lines == [tkr("-600"), tkr("-920"), "0"]
    assert cells(html, "Bruttokostnader") == [tkr("-1 520")]


def test_excel_has_what_the_page_shows_as_numbers(econ, controller_client):
    from io import BytesIO

    from openpyxl import load_workbook

    response = controller_client.get(
        "/ekonomi/RS/2026/4/excel/",
        {"kolumn": ["utfall", "helarsbudget", "fg-ar-procent"], "oppna": "personalkostnader"},
    )
    assert response.status_code == 200
    assert "ekonomi-rs-2026-04.xlsx" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Ekonomisk analys"]
    sheet = book["Ekonomisk analys"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "Intäkter och kostnader i tkr")
    assert list(header) == [
        "Intäkter och kostnader i tkr",
        "Ack utfall",
        "Utfall diff %",
        "Helårsbudget",
    ]
    personal = next(i for i, r in enumerate(rows) if r[0] == PERSONAL)
    assert (rows[personal][1], rows[personal][3]) == (-1520, -3960)
    assert isinstance(rows[personal][2], float)  # a number, not a string
    assert round(rows[personal][2], 1) == 35.7  # −1 520 against −1 120: +35,7 %
    assert [r[0] for r in rows[personal + 1 : personal + 4]] == [
        "RS-A Avdelning A",
        "RS-B Avdelning B",
        "900 Kst 900",
    ]
    cell = sheet.cell(row=personal + 1, column=2)
    assert cell.number_format == "#,##0;-#,##0"
    assert "Huvudboken har utfall t.o.m. april 2026." in [r[0] for r in rows]


def test_a_reader_of_one_department_cannot_open_another(econ, client, builder):
    reader = builder.user("a-reader", (econ.a, "reader"))
    client.force_login(reader)
    assert (
        client.get(URL.format(unit="RS-A", month=4), {"oppna": "personalkostnader"}).status_code
        == 200
    )
    # Another department's table, its lines and its Excel: refused, in Swedish.
    for path, query in (
        (URL.format(unit="RS-B", month=4), {"oppna": "personalkostnader"}),
        (URL.format(unit="RS", month=4), {"oppna": "personalkostnader:RS-B"}),
        (URL.format(unit="RS-B", month=4) + "excel/", {}),
    ):
        response = client.get(path, query)
        assert response.status_code == 403, path
        assert "Behörighet saknas" in response.content.decode()
    # Through its own page: a unit or cost centre outside it is not found.
    for key in ("personalkostnader:RS-B", "personalkostnader:kst:200", "nope"):
        response = client.get(URL.format(unit="RS-A", month=4), {"oppna": key})
        assert response.status_code == 404, key
        assert "Sidan finns inte" in response.content.decode()  # the Swedish 404 page
    response = client.get(
        URL.format(unit="RS-A", month=4) + "excel/", {"oppna": "personalkostnader:kst:200"}
    )
    assert response.status_code == 404
