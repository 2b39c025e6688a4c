"""Free-text and heading sections."""

from __future__ import annotations

from styra.reports.document import Paragraph, Section
from styra.reports.templates import SectionSpec

from .common import BuildContext, text_blocks

#: Shown where a required text is missing; the report check reports it as an error.
MISSING_TEXT = "[Text saknas: {heading}]"


def build_text(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    heading = ctx.fill(spec.heading)
    text = ctx.data.texts.get(spec.text_key)
    body = text.body if text else ""
    section = Section(heading=heading, level=spec.level, key=spec.key, kind="text")
    if body.strip():
        section.blocks.extend(text_blocks(body))
    elif spec.required:
        section.blocks.append(Paragraph(MISSING_TEXT.format(heading=heading), style="placeholder"))
    else:
        return []
    return [section]


def build_heading(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    if spec.intro:
        section.blocks.append(Paragraph(ctx.fill(spec.intro)))
    return [section]
