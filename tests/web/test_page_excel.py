"""Every table a page shows, as Excel, through `/excel/?sida=…` with a session (issue 13)."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.contrib.auth import get_user_model
from openpyxl import load_workbook


def _export(client, address: str):
    return client.get(f"/excel/?sida={quote(address, safe='')}")


def test_a_plan_page_with_its_tables_as_sheets_and_figures_as_numbers(client, demo):
    client.force_login(get_user_model().objects.get(username="controller"))
    page = client.get("/planer/rs-2026/?omgang=2026-T1").content.decode()
    assert "Ladda ner sidans tabeller som Excel" in page
    assert "/excel/?sida=%2Fplaner%2Frs-2026%2F%3Fomgang%3D2026-T1" in page

    response = _export(client, "/planer/rs-2026/?omgang=2026-T1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    info = book["Sidan"]
    assert info["B2"].value == "/planer/rs-2026/?omgang=2026-T1"
    assert len(book.sheetnames) > 3
    listed = [row[0] for row in info.iter_rows(min_row=5, values_only=True) if row[0]]
    assert listed == book.sheetnames[1:]
    numbers = [
        cell
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, int | float)
    ]
    assert numbers, "the page's figures are numbers in Excel"
    assert all(cell.number_format.startswith("# ##0") for cell in numbers)


def test_the_economic_table_keeps_its_signs_decimals_and_per_cent(client, demo):
    client.force_login(get_user_model().objects.get(username="controller"))
    response = _export(client, "/ekonomi/RS/2026/4/")
    assert response.status_code == 200, response.content[:300]
    book = load_workbook(io.BytesIO(response.content))
    values = [c.value for s in book.worksheets[1:] for row in s.iter_rows() for c in row]
    assert any(isinstance(v, float) and v < 0 for v in values)
    formats = {c.number_format for s in book.worksheets[1:] for row in s.iter_rows() for c in row}
    assert any(f.endswith('" %"') for f in formats)


def test_another_units_page_is_refused_as_the_page_itself_refuses_it(client, demo):
    reporter = get_user_model().objects.get(username="rapportor")  # RS-DIG only
    client.force_login(reporter)
    own = client.get("/uppfoljning/2026-T1/enheter/RS-DIG/")
    other = client.get("/uppfoljning/2026-T1/enheter/RS-HR/")
    assert own.status_code == 200 and other.status_code == 403
    assert _export(client, "/uppfoljning/2026-T1/enheter/RS-DIG/").status_code == 200
    refused = _export(client, "/uppfoljning/2026-T1/enheter/RS-HR/")
    assert refused.status_code == 403
    assert "Behörighet saknas" in refused.content.decode()


def test_addresses_that_are_not_our_pages_are_refused(client, demo):
    client.force_login(get_user_model().objects.get(username="controller"))
    for address in (
        "https://example.org/planer/",
        "//example.org/planer/",
        "planer/",
        "/finns-inte/",
        "/excel/?sida=/planer/",
        "/rapporter/2026-T1/RS/ladda-ned/pdf/",
        "/" + "a" * 3000,
        "",
    ):
        response = _export(client, address)
        assert response.status_code == 404, address
        assert "Sidan finns inte" in response.content.decode()
    assert _export(client, "/planer/\x00/").status_code == 400  # NUL: refused before the view


def test_a_page_without_tables_says_so(client, demo):
    client.force_login(get_user_model().objects.get(username="controller"))
    response = _export(client, "/forsta-steg/")
    assert response.status_code == 404
    assert "Sidan har inga tabeller att ladda ner." in response.content.decode()


def test_text_that_looks_like_a_formula_stays_text(client, demo):
    from styra.followup.services import ValueInput, assessment_save
    from styra.plans.models import PlanItem

    admin = get_user_model().objects.get(username="admin")
    item = PlanItem.objects.filter(plan=demo.plan, kind="indicator").first()
    assessment_save(
        round=demo.round,
        item=item,
        values=[ValueInput(value=None, missing_reason="other")],
        comment='=HYPERLINK("http://evil.example","klicka")',
        user=admin,
    )
    client.force_login(admin)
    # The item's history, where the comment is a table cell (the page's own link shows it).
    response = _export(client, f"/uppfoljning/{demo.round.code}/poster/{item.code}/?historik=visa")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    hostile = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)
