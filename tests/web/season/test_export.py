"""The round page's table exported to Excel: the same units, states and days late."""

import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from styra.followup.models import ReportState, UnitReport


def rows_of(response):
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_the_round_table_as_excel(client, region):
    region.round.reporting_deadline = timezone.localdate() - timedelta(days=4)
    region.round.save()
    UnitReport.objects.create(round=region.round, unit=region.hr, state=ReportState.SUBMITTED)
    client.force_login(region.carl)

    page = client.get(reverse("followup:round", args=[region.round.code])).content.decode()
    url = reverse("season:round_excel", args=[region.round.code])
    assert url in page
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = [str(c) for row in rows_of(response) for c in row if c is not None]
    assert "Digitaliseringsavdelningen" in cells and "HR-avdelningen" in cells
    assert "Ej påbörjad" in cells and "Inskickad" in cells
    assert "4" in cells  # RS-DIG, four days late


def test_a_reporter_exports_only_what_the_page_shows_them(client, region):
    client.force_login(region.anna)
    response = client.get(reverse("season:round_excel", args=[region.round.code]))
    cells = [str(c) for row in rows_of(response) for c in row if c is not None]
    assert "Digitaliseringsavdelningen" in cells and "HR-avdelningen" not in cells
