"""Word (.docx) with python-docx: real headings and real tables, so the file can be edited.

With an organisation's own .docx template its styles, headers, footers and logo are
kept: the template is opened, its body emptied (the section properties stay), and the
report is written into it.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as open_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from styra.reports.charts import chart_png
from styra.reports.document import (
    BulletList,
    Chart,
    Document,
    Paragraph,
    Table,
    document_cleaned,
)

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "center": WD_ALIGN_PARAGRAPH.CENTER}  # fmt: skip
HEADER_FILL = "E4EAF1"


CORE_PROPERTY_LIMIT = 255


def _core_text(text: str) -> str:
    """`text` cut to what a core property holds, with an ellipsis when it was cut."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def _style(doc, name: str, fallback: str | None = None):
    # Looking a style up by name walks every style; a report asks hundreds of times.
    cache = getattr(doc, "_styra_styles", None)
    if cache is None:
        cache = {s.name: s for s in doc.styles}
        doc._styra_styles = cache
    for candidate in (name, fallback):
        if candidate and candidate in cache:
            return cache[candidate]
    return None


def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_language(doc, lang: str = "sv-SE") -> None:
    rpr_default = doc.styles.element.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Sida ")
    for code in ("PAGE",):
        run = paragraph.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = code
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(instr)
        run._r.append(end)


def _table(doc, table: Table) -> None:
    caption_style = _style(doc, "Caption")
    caption = table.caption + (f" ({table.unit})" if table.unit else "")
    doc.add_paragraph(caption, style=caption_style)
    ncols = len(table.columns)
    out = doc.add_table(rows=1, cols=ncols)
    grid = _style(doc, "Table Grid", "Light List")
    if grid is not None:
        out.style = grid
    out.alignment = WD_TABLE_ALIGNMENT.LEFT
    total_width = sum(c.width for c in table.columns)
    header = out.rows[0]
    _repeat_header(header)
    for i, column in enumerate(table.columns):
        cell = header.cells[i]
        label = column.label + (f" ({column.unit})" if column.unit and column.unit != "%" else "")
        paragraph = cell.paragraphs[0]
        paragraph.alignment = ALIGN[column.align]
        run = paragraph.add_run(label)
        run.bold = True
        _shade(cell, HEADER_FILL)
    for row in table.rows:
        cells = out.add_row().cells
        for i, cell in enumerate(row.cells[:ncols]):
            paragraph = cells[i].paragraphs[0]
            paragraph.alignment = ALIGN[table.columns[i].align]
            if cell.indent:
                paragraph.paragraph_format.left_indent = Cm(0.4 * cell.indent)
            if cell.status is not None:
                symbol = paragraph.add_run(cell.status.symbol + " ")
                symbol.font.color.rgb = RGBColor.from_string(cell.status.colour.lstrip("#").upper())
                paragraph.add_run(cell.status.label)
            else:
                run = paragraph.add_run(cell.text)
                run.bold = row.kind in ("total", "subtotal")
                if row.kind == "group":
                    run.font.size = Pt(8)
    # Widths go on the grid too: LibreOffice lays a table out by its grid columns,
    # Word by the cells; with autofit off both keep the relative widths.
    out.autofit = False
    widths = [Cm(16 * c.width / total_width) for c in table.columns]
    for i, column in enumerate(out.columns):
        column.width = widths[i]
    for row in out.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    if run.font.size is None:
                        run.font.size = Pt(9)
    for note in table.footnotes:
        paragraph = doc.add_paragraph(note.line)
        for run in paragraph.runs:
            run.font.size = Pt(8)
    # Air before what follows (the next table's caption would otherwise touch it).
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(4)


def _chart(doc, chart: Chart) -> None:
    doc.add_paragraph(chart.caption, style=_style(doc, "Caption"))
    doc.add_picture(io.BytesIO(chart_png(chart.spec)), width=Cm(16))
    # The picture's text alternative (Word: "Alternativ text").
    inline = doc.paragraphs[-1]._p.xpath(".//wp:docPr")
    for doc_pr in inline:
        doc_pr.set("descr", chart.alt)
        doc_pr.set("title", chart.caption)


def render_docx(document: Document, *, template_path: Path | str | None = None) -> bytes:
    # XML 1.0 has no place for control characters: python-docx refuses them.
    document = document_cleaned(document)
    if template_path:
        doc = open_docx(str(template_path))
        _clear_body(doc)
    else:
        doc = open_docx()
        section = doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.3)
        _page_number_footer(section)
        header = section.header.paragraphs[0]
        header.text = f"{document.title} – {document.unit_name}\t\t{document.period_label}"
    _set_language(doc)
    props = doc.core_properties
    # The core properties hold at most 255 characters each (python-docx refuses more);
    # a longer title is shortened there, the document's own title page keeps it whole.
    props.title = _core_text(
        document.title + (f" – {document.subtitle}" if document.subtitle else "")
    )
    props.author = _core_text(document.organisation or document.unit_name)
    props.language = "sv-SE"
    props.keywords = _core_text(f"{document.unit_code} {document.round_code}")

    doc.add_paragraph(document.title, style=_style(doc, "Title"))
    if document.subtitle:
        doc.add_paragraph(document.subtitle, style=_style(doc, "Subtitle"))
    doc.add_paragraph(f"Period: {document.period_label}")
    for section in document.sections:
        doc.add_heading(section.heading, level=min(section.level, 3))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraph = doc.add_paragraph(block.text)
                if block.style == "lead":
                    for run in paragraph.runs:
                        run.italic = True
                elif block.style == "note":
                    for run in paragraph.runs:
                        run.bold = True
            elif isinstance(block, BulletList):
                for item in block.items:
                    doc.add_paragraph(item, style=_style(doc, "List Bullet"))
            elif isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Chart):
                _chart(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
