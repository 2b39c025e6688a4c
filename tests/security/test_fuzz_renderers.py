"""Hostile text through every user text field into all four renderers (issue 9).

Hypothesis writes generated text — control characters, bidirectional overrides, lone
surrogates, emoji, Chinese and Thai, very long words, spreadsheet formulas, Typst,
HTML and Word markup — into every field a person can fill and that a report prints:

- an assessment's comment (`assessment_save`, as the web and the import save it),
- a unit's section text, title and body (`section_text_save`),
- a savings measure's name and comment and an investment's name (the registers'
  services),
- a plan item's title, through the plan file (`styra plan import` reads the same),

then builds the board's report and renders it as PDF (Typst), Word, Excel and HTML.
Every report must build, and each text must read back as the text it was (cleaned
of what `formats.text.clean_text` removes), as text: an HTML text node, Word runs,
Excel strings that are never formulas, and PDF text that has every marker put around
it (markup that escaped its string would swallow the marker or stop the build).

The examples are bounded (`max_examples`) so the test takes seconds, not minutes; a
second, faster test sends the same text through every slot of a `Document` directly.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

import openpyxl
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from ruamel.yaml import YAML

from styra.economy.registers.models import Investment, SavingsMeasure
from styra.economy.registers.services import investment_save, savings_measure_save
from styra.followup.models import Assessment
from styra.followup.services import assessment_save, section_text_save
from styra.formats.problems import ImportFailed
from styra.formats.text import clean_line, clean_text
from styra.org.models import Unit
from styra.planfile.exporter import export_plan
from styra.planfile.importer import import_text
from styra.reports.document import (
    BulletList,
    Cell,
    Column,
    Document,
    Footnote,
    Paragraph,
    Row,
    Section,
    Table,
)
from styra.reports.renderers import render
from styra.reports.services import report_document

#: Pieces that once broke, or could break, a renderer or a reader of its output.
PIECES = [
    "\x1b[31m",
    "\x07",
    "\x00",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\x9b",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\u202e",
    "\u2066",
    "\u200f",
    "\ufeff",
    "\u2028",
    "🎉👍🏽",
    "👨‍👩‍👧",
    "中文报告",
    "ภาษาไทย",
    "مرحبا",
    "e\u0301\u0301\u0301",
    "Långtord" * 40,
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    '#import "/etc/passwd": *',
    "#set page(width: 1pt)",
    '#read("/etc/passwd")',
    "]",
    "[",
    "$",
    "$x^2$",
    "\\",
    "*fet*",
    "_kursiv_",
    "`kod`",
    "//",
    "/*",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</w:t><w:t>",
    "&amp;",
    "{{ x }}",
    "{% x %}",
    '"',
    "'",
    "\n",
    "\r\n",
    "\t",
    " ",
]

#: Any character at all, surrogates included (Hypothesis leaves those out by default).
ANY_CHARACTER = st.characters(codec=None, categories=None) | st.characters(
    min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"]
)

hostile = st.lists(
    st.sampled_from(PIECES) | st.text(ANY_CHARACTER, min_size=1, max_size=12),
    min_size=1,
    max_size=6,
).map("".join)

SETTINGS = settings(
    max_examples=4,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a report takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ITEM = "U02"  # an assignment of RS-DIG, printed in the board's report
MEASURE = "flexibel-arbetsplats"  # a savings measure of RS
INVESTMENT = "rs-natverk"  # an investment of RS
WHITESPACE = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    return WHITESPACE.sub("", text)


class _Text(HTMLParser):
    """The text nodes of an HTML page (what a reader sees), scripts and styles apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _html_text(data: bytes) -> str:
    parser = _Text()
    parser.feed(data.decode())
    return "".join(parser.parts)


def _docx_text(data: bytes) -> str:
    namespace = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))  # well-formed
    return "".join(node.text or "" for node in root.iter(f"{namespace}t"))


def _xlsx_strings(data: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    strings = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
    return strings


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _rendered(document: Document) -> dict[str, str | list[str]]:
    """Every format of `document`, read back as text (and checked on the way)."""
    html = render(document, "html")
    raw = html.decode()
    assert "<script>alert" not in raw and "<img src=x" not in raw
    return {
        "html": _html_text(html),
        "docx": _docx_text(render(document, "docx")),
        "xlsx": _xlsx_strings(render(document, "xlsx")),
        "pdf": _pdf_text(render(document, "pdf")),
    }


def _plan_file_with_title(plan, code: str, title: str) -> str:
    """The plan's own file with the title of item `code` replaced (YAML escapes what it
    cannot hold: a lone surrogate becomes "\\ud800", as a hand-made file could have it)."""
    yaml = YAML(typ="rt")
    data = yaml.load(export_plan(plan=plan))

    def items(nodes):
        for node in nodes:
            yield node
            yield from items(node.get("children") or node.get("items") or [])

    (item,) = (node for node in items(data["items"]) if node["code"] == code)
    item["title"] = title
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _marked(n: int, text: str) -> tuple[str, str, str]:
    """`text` between two markers that must both reach every format."""
    return f"Q{n}a", f"Q{n}z", f"Q{n}a {text} Q{n}z"


def _write_every_field(demo, admin, texts: list[str]) -> dict[str, str]:
    """Write `texts` into every printed text field; the texts as they are meant to read."""
    board = Unit.objects.get(code="RS")
    item = demo.plan.items.get(code=ITEM)
    expected = {}

    # a plan item's title, through the plan file (as `styra plan import` reads it)
    hostile_title = _marked(1, texts[0])[2]
    try:
        import_text(
            text=_plan_file_with_title(demo.plan, ITEM, hostile_title),
            filename="plan.yaml",
            user=admin,
        )
    except ImportFailed:
        pass  # refused with file and line is fine; the title is then as it was
    item.refresh_from_db()
    assert item.title == clean_text(item.title)  # stored cleaned
    expected["title"] = item.title

    assessment = Assessment.objects.get(round=demo.round, item=item)
    comment = _marked(2, texts[1])[2]
    assessment_save(
        round=demo.round,
        item=item,
        user=admin,
        values=[],
        status_code=assessment.status.code if assessment.status else None,
        comment=comment,
    )
    expected["comment"] = clean_text(comment)

    heading, body = _marked(3, texts[2][:150])[2], _marked(4, texts[3])[2]
    section_text_save(
        round=demo.round, unit=board, key="sammanfattning", title=heading, body=body, user=admin
    )
    expected["body"] = clean_text(body)

    measure = SavingsMeasure.objects.get(round=demo.round, code=MEASURE)
    name, note = _marked(5, texts[4][:150])[2], _marked(6, texts[5])[2]
    savings_measure_save(
        round=demo.round,
        code=MEASURE,
        unit=measure.unit,
        name=name,
        kind=measure.kind,
        category=measure.category,
        planned_effect=measure.planned_effect,
        outcome=measure.outcome,
        outcome_previous=measure.outcome_previous,
        status=measure.status,
        comment=note,
        user=admin,
    )
    expected["measure"] = clean_line(name).strip()
    expected["measure comment"] = clean_text(note).strip()

    investment = Investment.objects.get(year=demo.round.period_end.year, code=INVESTMENT)
    name = _marked(7, texts[6][:150])[2]
    investment_save(
        round=demo.round,
        code=INVESTMENT,
        unit=investment.unit,
        name=name,
        category=investment.category,
        kind=investment.kind,
        status=investment.status,
        budget_year=investment.budget_year,
        budget_total=investment.budget_total,
        forecast_total=investment.forecast_total,
        procurement_contacted=investment.procurement_contacted,
        procurement_contacted_on=investment.procurement_contacted_on,
        status_detail=investment.status_detail,
        user=admin,
    )
    expected["investment"] = clean_line(name).strip()
    return expected


@SETTINGS
@given(texts=st.lists(hostile, min_size=7, max_size=7))
def test_hostile_text_in_every_field_reaches_every_report_as_text(demo, texts):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    expected = _write_every_field(demo, admin, texts)

    document = report_document(round_=demo.round, unit=Unit.objects.get(code="RS"))
    formats = _rendered(document)

    for field, text in expected.items():
        wanted = _squeezed(text)
        assert wanted in _squeezed(formats["html"]), ("html", field, text)
        assert wanted in _squeezed(formats["docx"]), ("docx", field, text)
        assert any(wanted in _squeezed(s) for s in formats["xlsx"]) or field in (
            "comment",
            "body",
            "measure comment",
        ), ("xlsx", field, text)
    pdf = _squeezed(formats["pdf"])
    printed = [2, 4, 5, 6, 7] + ([1] if expected["title"].startswith("Q1a") else [])
    for n in printed:  # the markers of every printed field (the title, if not refused)
        start, end, _ = _marked(n, "")
        assert start in pdf and end in pdf, (n, texts[n - 1])


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=hostile)
def test_hostile_text_in_every_slot_of_a_document_renders(text):
    """Every text a builder can put in a document: title, names, headings, paragraphs,
    list items, captions, column labels, cells, footnotes."""
    start, end, marked = _marked(0, text)
    document = Document(
        title=marked,
        subtitle=marked,
        organisation=marked,
        unit_code="U",
        unit_name=marked,
        round_name=marked,
        period_label=marked,
        sections=[
            Section(
                heading=marked,
                blocks=[
                    Paragraph(marked),
                    BulletList([marked, marked]),
                    Table(
                        key="t",
                        caption=marked,
                        columns=[Column(marked), Column(marked, align="right")],
                        rows=[Row(cells=[Cell(text=marked), Cell(text=marked)])],
                        footnotes=[Footnote("1)", marked)],
                    ),
                ],
            ),
            Section(heading=marked, level=2, blocks=[Paragraph(marked, style="note")]),
        ],
    )
    formats = _rendered(document)
    wanted = _squeezed(clean_text(marked))
    assert wanted in _squeezed(formats["html"])
    assert wanted in _squeezed(formats["docx"])
    assert any(wanted in _squeezed(s) for s in formats["xlsx"])
    pdf = _squeezed(formats["pdf"])
    assert start in pdf and end in pdf
