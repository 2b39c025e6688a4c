"""Word, Excel and HTML read back from the generated files."""

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook

from styra.reports.services import report_build
from tests.builders import xlsx_sheet

NB = "\u00a0"


@pytest.fixture
def built(report_region, tmp_path):
    return report_build(
        round_=report_region.round,
        unit=report_region.rs,
        formats=["docx", "xlsx", "html"],
        out_dir=tmp_path,
    )


def test_docx_has_headings_and_real_tables(built):
    doc = open_docx(built.files["docx"])
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Sammanfattning" in headings and "Målområde Ledningsprocesser" in headings
    assert doc.core_properties.title.startswith("Tertialrapport")
    indicator_table = next(
        t for t in doc.tables if t.rows[0].cells[1].text == "Kortsiktiga nyckeltal"
    )
    rows = [[c.text for c in r.cells] for r in indicator_table.rows]
    assert ["Skuldsättningstak (RJH totalt)", f"14{NB}%", f"16{NB}%"] == rows[1][1:4]
    assert rows[1][0].endswith("Helt uppfyllt")
    # header row repeats on every page
    assert indicator_table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_docx_with_organisation_template_keeps_its_header(report_region, tmp_path):
    from docx import Document

    template = Document()
    template.sections[0].header.paragraphs[0].text = "Region Exempel – logotyp"
    template.add_paragraph("Mallens exempeltext som ska bort")
    path = tmp_path / "mall.docx"
    template.save(path)
    built = report_build(
        round_=report_region.round,
        unit=report_region.rs,
        formats=["docx"],
        out_dir=tmp_path / "ut",
        docx_template=path,
    )
    doc = open_docx(built.files["docx"])
    assert doc.sections[0].header.paragraphs[0].text == "Region Exempel – logotyp"
    assert all("exempeltext" not in p.text for p in doc.paragraphs)
    assert any(p.text == "Sammanfattning" for p in doc.paragraphs)


def test_xlsx_has_numbers_as_numbers(built):
    workbook = load_workbook(built.files["xlsx"])
    sheet = xlsx_sheet(workbook, "Kortsiktiga nyckeltal – Ledningsprocesser")
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Status", "Kortsiktiga nyckeltal", "Utfall", "Mål"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Skuldsättningstak (RJH totalt)"][2] == 14
    assert rows["Bruttokostnadsutveckling (RJH totalt)"][3] == pytest.approx(-0.6)
    assert rows["Kök A"][2] == 41
    summary = xlsx_sheet(workbook, "Måluppfyllelse, kortsiktiga nyckeltal")
    counts = {r[0]: r[1] for r in summary.iter_rows(min_row=2, values_only=True)}
    assert counts["● Helt uppfyllt"] == 2 and counts["Totalt"] == 5


def test_html_standalone_is_accessible_markup(built):
    html = built.files["html"].read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "<caption>Kortsiktiga nyckeltal – Ledningsprocesser</caption>" in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert f"2,6{NB}%" in html and f"\u22120,6{NB}%" in html
    assert "<svg" in html  # the chart, inline
    assert 'role="img" aria-label="Stapeldiagram' in html


def test_every_format_names_the_organisation_from_the_one_source(report_region, tmp_path, settings):
    """The top unit of the tree, or STYRA_ORGANISATION_NAME: the same as the web header."""
    built = report_build(
        round_=report_region.round, unit=report_region.rs, formats=["docx"], out_dir=tmp_path
    )
    assert built.document.organisation == "Regionstyrelsen"  # the tree's top unit
    settings.STYRA_ORGANISATION_NAME = "Region Norr"
    built = report_build(
        round_=report_region.round,
        unit=report_region.rs,
        formats=["docx", "html"],
        out_dir=tmp_path / "norr",
    )
    assert open_docx(built.files["docx"]).core_properties.author == "Region Norr"
    assert "<p>Region Norr</p>" in built.files["html"].read_text(encoding="utf-8")


def test_outcome_and_target_chart_gives_each_indicator_its_own_axis(built):
    """Issue 13: the chart put unrelated percentages (a change of −0,6 % beside a share of
    95 %) on one axis and cut the indicators' names. Each indicator is a panel of its own
    with its own value axis, headed by its whole name, its bars named with their values."""
    from styra.reports.charts import chart_svg

    chart = next(c for _s, c in built.document.charts() if c.key == "nyckeltal-diagram")
    spec = chart.spec
    assert spec["resolve"]["scale"]["x"] == "independent"
    values = (
        spec["datasets"][spec["data"]["name"]] if "datasets" in spec else spec["data"]["values"]
    )
    headings = {v["heading"].replace("\n", " ") for v in values}
    assert "Skuldsättningstak (RJH totalt)" in headings
    assert all("…" not in h for h in headings)
    assert {v["bar"] for v in values if v["label"] == "Skuldsättningstak (RJH totalt)"} == {
        f"Utfall 14{NB}%",
        f"Mål 16{NB}%",
    }
    svg = chart_svg(spec)
    assert "Skuldsättningstak (RJH" in svg and f"Utfall 14{NB}%" in svg


def test_chart_specs_are_checked_against_the_schema_where_the_settings_say(settings):
    """The suite checks every chart spec it builds (settings.test); production skips the
    check, which cost a sixth of a report preview (base.py STYRA_CHECK_CHART_SPECS)."""
    import altair as alt
    from altair.utils.schemapi import SchemaValidationError

    from styra.reports.charts import _finish

    broken = alt.Chart(alt.Data(values=[{"a": 1}])).mark_bar()
    broken.width = "bred"  # not a width: Vega-Lite wants a number, "container" or a step
    assert settings.STYRA_CHECK_CHART_SPECS is True
    with pytest.raises(SchemaValidationError):
        _finish(broken)
    settings.STYRA_CHECK_CHART_SPECS = False
    assert _finish(broken)["width"] == "bred"
