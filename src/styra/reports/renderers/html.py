"""HTML: the same Document as a web page fragment, a preview page, or a standalone file.

The standalone file has its charts as inline SVG (no script needed offline); the web
preview draws them interactively with vega-embed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from styra.reports.charts import FORMAT_LOCALE, chart_svg
from styra.reports.document import (
    BulletList,
    Chart,
    Document,
    Paragraph,
    Table,
    document_cleaned,
)


@dataclass
class HtmlBlock:
    kind: str
    block: object
    svg: str = ""
    spec_json: str = ""


def _blocks(document: Document, *, inline_svg: bool):
    sections = []
    for index, section in enumerate(document.sections):
        blocks = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                blocks.append(HtmlBlock("paragraph", block))
            elif isinstance(block, BulletList):
                blocks.append(HtmlBlock("list", block))
            elif isinstance(block, Table):
                blocks.append(HtmlBlock("table", block))
            elif isinstance(block, Chart):
                blocks.append(
                    HtmlBlock(
                        "chart",
                        block,
                        svg=mark_safe(chart_svg(block.spec)) if inline_svg else "",  # noqa: S308 - our own renderer's SVG
                        spec_json=json.dumps(block.spec),
                    )
                )
        sections.append({"section": section, "blocks": blocks, "anchor": f"avsnitt-{index + 1}"})
    return sections


def html_context(document: Document, *, inline_svg: bool) -> dict:
    # Control characters and lone surrogates cannot be encoded or shown (see formats.text).
    document = document_cleaned(document)
    return {
        "document": document,
        "sections": _blocks(document, inline_svg=inline_svg),
        "format_locale_json": json.dumps(FORMAT_LOCALE),
    }


CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"


def render_html_standalone(document: Document) -> str:
    context = html_context(document, inline_svg=True)
    context["inline_css"] = mark_safe(CSS_PATH.read_text(encoding="utf-8"))  # noqa: S308 - our file
    return render_to_string("reports/standalone.html", context)
