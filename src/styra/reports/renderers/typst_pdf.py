"""PDF through Typst: tagged PDF/UA-1 with title, language, bookmarks and a contents page.

The Document is written out as Typst code in which every piece of text is a Typst
*string literal*: text is never parsed as markup, so '#', '*', '_', '$', '@', '<' or
'[' in a comment print as themselves and cannot inject code.

PDF/UA requires a glyph for every character. Text is cleaned of control characters
first (`document_cleaned`); a character that no font on the machine can draw (Chinese
or Thai where no such font is installed, an emoji) falls back to the next font in
`FONTS` and then to any installed font that has it (Typst's font fallback); if none
has it, it is printed as U+FFFD (`REPLACEMENT`), so one unusual character never stops
a report. Installing e.g. Debian's fonts-noto-cjk makes those characters print.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from styra.reports.charts import chart_svg
from styra.reports.document import (
    BulletList,
    Cell,
    Chart,
    Document,
    Paragraph,
    Row,
    Section,
    Table,
    document_cleaned,
)

# The first font that has a glyph draws it; the Noto families cover Chinese, Japanese,
# Korean, Thai and emoji where they are installed (Debian: fonts-noto-core,
# fonts-noto-cjk, fonts-noto-color-emoji).
FONTS = (
    '("Liberation Sans", "DejaVu Sans", "Noto Sans", "Noto Sans CJK SC", "Noto Sans Thai", '
    '"Noto Sans Symbols 2", "Noto Color Emoji", "Libertinus Serif")'
)
#: Printed for a character no installed font can draw.
REPLACEMENT = "\ufffd"
#: Printed instead when not even U+FFFD can be drawn.
LAST_RESORT = "?"
ACCENT = "#1f4e79"
KEEP_TOGETHER_ROWS = 12


def lit(text: str) -> str:
    """`text` as a Typst string literal."""
    escaped = (
        str(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\r", "")
        .replace("\n", "\\n")
        .replace("\t", " ")
    )
    return f'"{escaped}"'


def _preamble(doc: Document) -> str:
    keywords = ", ".join(lit(k) for k in [doc.unit_code, doc.round_code] if k)
    running = lit(f"{doc.title} – {doc.unit_name}")
    return f"""
#set document(title: {lit(doc.title + (" – " + doc.subtitle if doc.subtitle else ""))},
  author: {lit(doc.organisation or doc.unit_name)}, keywords: ({keywords},))
#set text(lang: "sv", region: "se", font: {FONTS}, size: 10pt, fill: rgb("#1a1a1a"))
#set par(leading: 0.62em, spacing: 1.05em)
#set page(paper: "a4", margin: (left: 2.3cm, right: 2.3cm, top: 2.6cm, bottom: 2.4cm),
  header: context {{
    if counter(page).get().first() > 1 {{
      set text(size: 8pt, fill: rgb("#555555"))
      grid(columns: (1fr, auto), {running}, {lit(doc.period_label)})
      v(-4pt)
      line(length: 100%, stroke: 0.4pt + rgb("#9aa9b8"))
    }}
  }},
  footer: context {{
    if counter(page).get().first() > 1 {{
      set text(size: 8pt, fill: rgb("#555555"))
      grid(columns: (1fr, auto), {lit(doc.organisation or doc.unit_name)},
        [Sida #counter(page).display() av #counter(page).final().first()])
    }}
  }},
)
#set heading(numbering: none)
#show heading: set text(fill: rgb("{ACCENT}"))
#show heading.where(level: 1): it => {{ pagebreak(weak: true); v(0.4em); text(size: 17pt, it); v(0.5em) }}
#show heading.where(level: 2): it => {{ v(0.6em); text(size: 13pt, it); v(0.25em) }}
#show heading.where(level: 3): it => {{ v(0.4em); text(size: 11pt, it) }}
#show figure: set block(breakable: true)
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.caption: it => align(left, text(size: 9pt, weight: "bold", fill: rgb("#333333"), it.body))
#set table(stroke: (x, y) => (top: if y == 0 {{ 0pt }} else {{ 0.4pt + rgb("#c9d1da") }},
  bottom: 0.4pt + rgb("#c9d1da")), inset: (x: 5pt, y: 4pt))
#show table.cell: set text(size: 8.6pt)
#show table.cell: set par(justify: false)
"""


def _title_page(doc: Document) -> str:
    generated = datetime.now(UTC).strftime("%Y-%m-%d")
    return f"""
#page(header: none, footer: none, margin: 0cm)[
  #block(width: 100%, fill: rgb("{ACCENT}"), inset: (x: 2.3cm, top: 3.4cm, bottom: 1.8cm))[
    #set text(fill: white)
    #text(size: 11pt, tracking: 0.5pt, upper({lit(doc.organisation or doc.unit_name)}))
    #v(1.4cm)
    #text(size: 30pt, weight: "bold", {lit(doc.title)})
    #v(0.3cm)
    #text(size: 15pt, {lit(doc.subtitle)})
  ]
  #pad(x: 2.3cm, top: 1cm)[
    #grid(columns: (auto, 1fr), column-gutter: 1.2em, row-gutter: 0.7em,
      text(fill: rgb("#555555"), "Period"), {lit(doc.period_label)},
      text(fill: rgb("#555555"), "Enhet"), {lit(f"{doc.unit_name} ({doc.unit_code})")},
      text(fill: rgb("#555555"), "Uppföljning"), {lit(doc.round_name)},
      text(fill: rgb("#555555"), "Framtagen"), {lit(generated)},
    )
  ]
  #v(1fr)
  #pad(x: 2.3cm, bottom: 2.2cm, text(size: 8pt, fill: rgb("#666666"),
    "Tabellernas belopp avrundas var för sig; summor och andelar beräknas av oavrundade värden."))
]
"""


def _cell(cell: Cell, column_align: str, row: Row) -> str:
    if cell.status is not None:
        mark = cell.status
        body = (
            f'box(text(fill: rgb({lit(mark.colour)}), size: 10pt, {lit(mark.symbol)})) + " " + '
            f"text({lit(mark.label)})"
        )
    else:
        body = f"text({lit(cell.text)})"
        if cell.indent:
            body = f"pad(left: {cell.indent * 10}pt, {body})"
    if row.kind in ("total", "subtotal"):
        body = f"strong({body})"
    elif row.kind == "group":
        body = f'text(fill: rgb("#444444"), size: 8pt, {body})'
    return f"table.cell(align: {column_align} + top, {body})"


WIDE_TABLE_COLUMNS = 10


def _table(table: Table) -> str:
    widths = ", ".join(f"{c.width}fr" for c in table.columns)
    aligns = [c.align for c in table.columns]
    headers = []
    for extra in table.header_rows:
        headers.extend(f"table.cell(align: left, strong({lit(text)}))" for text in extra)
    for column in table.columns:
        label = column.label + (f" ({column.unit})" if column.unit and column.unit != "%" else "")
        # A long header word (Personalkostnader over a narrow number column) is
        # hyphenated by Swedish rules rather than run into its neighbour.
        headers.append(
            f"table.cell(align: {column.align} + bottom, "
            f"strong(text(hyphenate: true, {lit(label)})))"
        )
    # A short table moves whole to the next page rather than leave a few rows behind.
    keep = len(table.rows) <= KEEP_TOGETHER_ROWS
    lines = [
        ("#block(breakable: false, " if keep else "#")
        + 'figure(kind: table, supplement: "Tabell",',
        f"  caption: {lit(table.caption + (f' ({table.unit})' if table.unit else ''))},",
        "  table(",
        f"    columns: ({widths},),",
        '    fill: (x, y) => if y == 0 { rgb("#e4eaf1") },',
        f"    table.header(repeat: true, {', '.join(headers)}),",
    ]
    for row in table.rows:
        cells = [
            _cell(c, aligns[i] if i < len(aligns) else "left", row) for i, c in enumerate(row.cells)
        ]
        if row.kind == "total":
            cells = [
                c.replace("table.cell(", 'table.cell(fill: rgb("#f1f4f8"), ', 1) for c in cells
            ]
        lines.append("    " + ", ".join(cells) + ",")
    lines.append("  ),")
    lines.append("))" if keep else ")")
    for note in table.footnotes:
        lines.append(f"#text(size: 8pt, {lit(note.line)})")
    if len(table.columns) >= WIDE_TABLE_COLUMNS:
        # Ten or more columns do not fit a portrait page at the body size: a smaller
        # type, in this table only, keeps each figure clear of its neighbour.
        return (
            "#[\n#show table.cell: set text(size: 7.4pt)\n#set table(inset: (x: 3pt, y: 4pt))\n"
            + "\n".join(lines)
            + "\n]"
        )
    return "\n".join(lines)


def _chart(chart: Chart) -> str:
    svg = chart_svg(chart.spec)
    return (
        f'#figure(kind: image, supplement: "Diagram", caption: {lit(chart.caption)},\n'
        f'  image(bytes({lit(svg)}), format: "svg", width: 100%, alt: {lit(chart.alt)}))\n'
        f'#text(size: 8pt, fill: rgb("#444444"), {lit(chart.alt)})'
    )


def _paragraph(par: Paragraph) -> str:
    if par.style == "lead":
        return f'#text(size: 11pt, style: "italic", {lit(par.text)})'
    if par.style == "note":
        return f'#text(weight: "bold", {lit(par.text)})'
    if par.style == "placeholder":
        return f'#text(fill: rgb("#b00020"), {lit(par.text)})'
    return f"#par({lit(par.text)})"


def _section(section: Section) -> str:
    parts = [f"#heading(level: {section.level}, {lit(section.heading)})"]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        elif isinstance(block, BulletList):
            items = ", ".join(lit(i) for i in block.items)
            parts.append(f"#list({items},)")
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Chart):
            parts.append(_chart(block))
    return "\n\n".join(parts)


def typst_source(doc: Document, *, toc: bool = True) -> str:
    parts = [_preamble(doc), _title_page(doc)]
    if toc:
        parts.append('#outline(title: "Innehåll", depth: 2)')
    parts.extend(_section(s) for s in doc.sections)
    return "\n\n".join(parts) + "\n"


# "the text `"中"` could not be displayed with font `"DejaVu Sans"`" (one per glyph).
_MISSING_GLYPH = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')
_TYPST_ESCAPE = re.compile(r"\\(u\{([0-9a-fA-F]+)\}|.)")


def _typst_unescape(text: str) -> str:
    def one(match: re.Match) -> str:
        if match[2]:
            return chr(int(match[2], 16))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(match[1], match[1])

    return _TYPST_ESCAPE.sub(one, text)


def missing_glyphs(error: Exception) -> set[str]:
    """The characters Typst's PDF/UA check found no glyph for (empty: another error).

    Typst names the whole cluster it could not draw: a letter with a combining mark the
    font lacks ("x" + U+1AB0) is reported as one text. Replacing the letter too would
    replace it everywhere — in the Typst code as well ("text" → "te�t") — so of a
    cluster with marks only the marks are taken, and never a space or a Latin letter
    (below U+0250: ASCII, Latin-1, Latin Extended-A and B, Swedish and Sami
    included), which every font Styra uses can draw; Typst may name such a letter in a
    second message about the same cluster."""
    diagnostic = getattr(error, "diagnostic", "") or str(error)
    found: set[str] = set()
    for text in _MISSING_GLYPH.findall(diagnostic):
        cluster = _typst_unescape(text)
        marks = {ch for ch in cluster if unicodedata.category(ch).startswith("M")}
        found |= marks or set(cluster)
    return {ch for ch in found if ord(ch) >= LATIN_END and not ch.isspace()}


#: Characters below this are never replaced: every font Styra uses draws them.
LATIN_END = 0x250

#: Replacement passes: U+FFFD twice (a mark replaced may leave its base letter without a
#: glyph), then "?" for a font without U+FFFD; after them the error stands.
_PASSES = (REPLACEMENT, REPLACEMENT, LAST_RESORT)


def compile_pdf(source: str) -> bytes:
    """Typst source → PDF/UA-1; characters without a glyph are replaced (module doc)."""
    import typst

    for attempt in range(len(_PASSES) + 1):
        try:
            return typst.compile(source.encode("utf-8"), format="pdf", pdf_standards=["ua-1"])
        except typst.TypstError as exc:
            missing = missing_glyphs(exc)
            if not missing or attempt == len(_PASSES):
                raise
            source = source.translate({ord(ch): _PASSES[attempt] for ch in missing})
    raise AssertionError("unreachable")


def render_pdf(doc: Document, *, toc: bool = True) -> bytes:
    return compile_pdf(typst_source(document_cleaned(doc), toc=toc))
