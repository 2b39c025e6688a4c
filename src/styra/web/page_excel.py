"""Every table a page shows, as an Excel workbook (issue 13: "export any table a page
shows to Excel").

`/excel/?sida=<the page's address>` asks the page's own view for the page, as the
signed-in user and by GET, so the page's permission rules decide what may be exported
(another unit's page is refused here exactly as there), and writes each table of its
`<main>` on a sheet of its own, named by the table's caption. A figure the page shows
("1 234,5", "−0,6 %") becomes a number with the decimals shown; every other cell is
text, written so that it never becomes a formula (`formats.xlsx.write_text`).

Pages with an export of their own (the round, the dashboard, the economic table, the
reports) keep it: those write the exact figures behind the page, this one what it shows.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from styra.formats.numbers import parse_number
from styra.formats.xlsx import sheet_title, write_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A figure as pages print it: sign, digits grouped by (no-break) spaces, decimal comma,
#: and an optional per cent sign.
FIGURE = re.compile(r"^[−-]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})*(?:,(\d+))?(\s?%)?$")
#: Longest page address accepted; a page's own links are far shorter.
MAX_ADDRESS = 2000


def _page_request(request: HttpRequest, path: str, query: str) -> HttpRequest:
    page = copy.copy(request)
    page.method = "GET"
    page.path = page.path_info = path
    page.GET = QueryDict(query)
    page.POST = QueryDict()
    page.META = {**request.META, "QUERY_STRING": query, "REQUEST_METHOD": "GET"}
    page.META.pop("HTTP_HX_REQUEST", None)
    return page


def _page_html(request: HttpRequest, address: str) -> bytes:
    """The page at `address` as the user sees it; refuses what is not one of our pages."""
    parts = urlsplit(address)
    if (
        not address.startswith("/")
        or address.startswith("//")
        or parts.scheme
        or parts.netloc
        or len(address) > MAX_ADDRESS
        or "\x00" in address
    ):
        raise Http404(_("Det finns ingen sida på den adressen."))
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404(_("Det finns ingen sida på den adressen.")) from None
    if match.func is page_excel:
        raise Http404(_("Det finns ingen sida på den adressen."))
    response = match.func(
        _page_request(request, parts.path, parts.query), *match.args, **match.kwargs
    )
    if hasattr(response, "render"):
        response.render()
    if response.status_code == 403:
        raise PermissionDenied
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        raise Http404(_("Sidan på den adressen är ingen sida med tabeller."))
    return response.content


def _cell_value(text: str) -> tuple[object, str | None]:
    """A shown figure as (number, number format); any other text as (text, None)."""
    match = FIGURE.match(text)
    if not match:
        return text, None
    decimals = len(match.group(1) or "")
    percent = bool(match.group(2))
    number = parse_number(text)
    pattern = "# ##0" + ("." + "0" * decimals if decimals else "")
    return (float(number) if decimals else int(number)), pattern + ('" %"' if percent else "")


def _rows(table) -> list[list[str]]:
    rows = []
    for tr in table.xpath(".//tr"):
        cells: list[str] = []
        for cell in tr.xpath("./th|./td"):
            cells.append(" ".join(cell.text_content().split()))
            cells.extend([""] * (int(cell.get("colspan", "1") or 1) - 1))
        rows.append(cells)
    return rows


def workbook_of_page(html: bytes, *, title: str, address: str) -> bytes:
    document = lxml.html.fromstring(html)
    heading = " ".join(document.xpath("string(//main//h1)").split()) or title
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    info = workbook.create_sheet(_("Sidan"))
    used = {info.title.lower()}
    for row, texts in enumerate(
        [
            [_("Sida"), heading],
            [_("Adress"), address],
            [_("Hämtad"), timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        ],
        start=1,
    ):
        for column, text in enumerate(texts, start=1):
            write_text(info.cell(row=row, column=column), text)
    info.column_dimensions["A"].width = 14
    info.column_dimensions["B"].width = 80
    for index, table in enumerate(document.xpath("//main//table"), start=1):
        caption = " ".join(table.xpath("string(./caption)").split())
        sheet = workbook.create_sheet(sheet_title(caption, used, fallback=f"Tabell {index}"))
        write_text(info.cell(row=4 + index, column=1), sheet.title)
        write_text(info.cell(row=4 + index, column=2), caption)
        for r, texts in enumerate(_rows(table), start=1):
            for c, text in enumerate(texts, start=1):
                cell = sheet.cell(row=r, column=c)
                value, number_format = _cell_value(text)
                if number_format is None:
                    write_text(cell, text)
                else:
                    cell.value = value
                    cell.number_format = number_format
                if r == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    workbook.properties.title = heading
    workbook.properties.language = "sv-SE"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
@require_GET
def page_excel(request: HttpRequest) -> HttpResponse:
    address = request.GET.get("sida", "")
    html = _page_html(request, address)
    document = lxml.html.fromstring(html)
    if not document.xpath("//main//table"):
        return render(request, "web/page_excel_none.html", {"address": address}, status=404)
    title = " ".join(document.xpath("string(//title)").split()) or "Styra"
    body = workbook_of_page(html, title=title, address=address)
    response = HttpResponse(body, content_type=XLSX)
    name = slugify(title)[:60] or "sida"
    response["Content-Disposition"] = f'attachment; filename="{name}-{datetime.now():%Y%m%d}.xlsx"'
    return response
