"""The PDF as a reader gets it: text, metadata, tags."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from styra.formats.numbers import format_quantity
from styra.reports.renderers.typst_pdf import lit, typst_source
from styra.reports.services import report_build, report_document


@pytest.fixture
def pdf(report_region, tmp_path):
    built = report_build(
        round_=report_region.round, unit=report_region.rs, formats=["pdf"], out_dir=tmp_path
    )
    return PdfReader(built.files["pdf"])


def _text(reader) -> str:
    # Extraction may turn no-break spaces into plain ones; compare on plain spaces.
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    return " ".join(text.split())  # table cells wrap; compare on single spaces


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_pdf_has_title_language_and_tags(pdf):
    assert pdf.metadata.title.startswith("Tertialrapport")
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "sv-SE" or str(root["/Lang"]).startswith("sv")
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/Outlines" in root  # headings as bookmarks


def test_pdf_prints_counts_outcomes_targets_and_statuses(pdf, report_region):
    text = _text(pdf)
    # The goal-fulfilment summary: 3 assignments and 5 indicators (2 helt, 2 ej, 1 ej rapp.)
    assert "Totalt har Regionstyrelsen 3 uppdrag och 5 kortsiktiga nyckeltal" in text
    for outcome, target in [("14 %", "16 %"), ("86 %", "95 %"), ("2,6 %", "\u22120,6 %")]:
        assert outcome in text and target in text
    assert _plain(format_quantity(Decimal("38"), "%")) in text
    for kitchen in ["Kök A", "Kök D"]:
        assert kitchen in text
    assert "Följs upp på helår" in text  # the missing outcome shows its reason
    for status in ["Helt uppfyllt", "Ej uppfyllt", "Ej rapporterat", "Pågående enligt plan"]:
        assert status in text
    assert "Delvis, viss försening" in text
    assert "Effektiva verksamhetsförändringar" in text


def test_markup_in_texts_is_printed_not_interpreted(report_region, tmp_path):
    from styra.followup.models import SectionText

    SectionText.objects.filter(key="sammanfattning").update(
        body='Kostnad #1 *inte fet* _x_ $5$ @ref <b> [länk] "citat" \\slut'
    )
    built = report_build(
        round_=report_region.round, unit=report_region.rs, formats=["pdf"], out_dir=tmp_path
    )
    text = _text(PdfReader(built.files["pdf"]))
    assert 'Kostnad #1 *inte fet* _x_ $5$ @ref <b> [länk] "citat" \\slut' in text


def test_string_literal_escapes():
    assert lit('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_sections_follow_the_template_order(report_region):
    document = report_document(round_=report_region.round, unit=report_region.rs)
    headings = [s.heading for s in document.sections]
    assert headings.index("Sammanfattning") < headings.index("Måluppfyllelse")
    assert headings.index("Måluppfyllelse") < headings.index("Målområde Ledningsprocesser")
    assert headings.index("Målområde Stödprocesser") < headings.index(
        "Väsentliga personalförhållanden"
    )
    source = typst_source(document)
    assert '#set text(lang: "sv"' in source
    assert "table.header(repeat: true" in source
    assert "#outline(" in source


def test_unit_report_has_only_its_own_items(report_region, tmp_path):
    document = report_document(round_=report_region.round, unit=report_region.dig)
    codes = [row.item_code for _, table in document.tables() for row in table.rows]
    assert "N04" in codes
    assert "N01" not in codes and "U01" not in codes


def test_a_letter_with_a_mark_the_font_lacks_loses_only_the_mark():
    """Typst reports the whole cluster ("x" + U+1AB0) as undrawable; replacing the "x"
    too broke every "text(" of the Typst code (found by the renderers' fuzz test). The
    mark becomes U+FFFD; the letters, spaces and Swedish text stay."""
    from styra.reports.renderers.typst_pdf import compile_pdf

    source = (
        '#set document(title: "Prov")\n#set text(lang: "sv")\n'
        + "#text("
        + lit("x\u1ab0y a\u20f0b å\u1ab0 mål och text \u1ab0 中")
        + ")\n"
    )
    text = PdfReader(io.BytesIO(compile_pdf(source))).pages[0].extract_text()
    assert "x\ufffdy" in text and "a\ufffdb" in text
    assert "mål och text" in text
