"""Free-text and heading sections.

A text section prints the report unit's own text with the section's key. When the
template says the text is written by other units (`written_by`: unit codes or unit
types, e.g. the divisions under a committee, or the committees under the region), the
report prints each such unit's text under its name, in tree order — so a text can be
asked for at any level of the organisation, the top included.
"""

from __future__ import annotations

from styra.reports.document import Paragraph, Section
from styra.reports.selectors import subtree_writers, texts_of, writes
from styra.reports.templates import SectionSpec

from .common import BuildContext, text_blocks

#: Shown where a required text is missing; the report check reports it as an error.
MISSING_TEXT = "[Text saknas: {heading}]"


def build_text(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    heading = ctx.fill(spec.heading)
    section = Section(heading=heading, level=spec.level, key=spec.key, kind="text")
    section.blocks.extend(ctx.intro(spec))
    writers = subtree_writers(ctx.data.unit, ctx.round.period_end)
    own = not writers or writes(writers[0], spec.written_by)
    sections = [section]
    if own:
        text = ctx.data.texts.get(spec.text_key)
        if text and text.body.strip():
            section.blocks.extend(text_blocks(text.body))
            return sections
    else:
        others = [w for w in writers[1:] if writes(w, spec.written_by)]
        texts = texts_of(ctx.round, spec.text_key, [w.unit_id for w in others])
        for writer in others:
            text = texts.get(writer.unit_id)
            if text and text.body.strip():
                sections.append(
                    Section(
                        heading=writer.name,
                        level=min(spec.level + 1, 4),
                        key=f"{spec.key}:{writer.code}",
                        kind="text",
                        blocks=[*text_blocks(text.body)],
                    )
                )
    if len(sections) > 1:
        return sections
    if not spec.required:
        return []
    section.blocks.append(Paragraph(MISSING_TEXT.format(heading=heading), style="placeholder"))
    return sections


def build_heading(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    section.blocks.extend(ctx.intro(spec))
    return [section]
