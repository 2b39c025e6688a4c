"""Sections of other units' own reports, printed in the consolidated one (issue 12 item 6).

A `unit_sections` section names units under the report's unit (`options.units`: unit
codes or unit type codes, e.g. `namnd` or `bolag`) and a section key of their own
reports (`options.section`). For each such unit that has its own round of the report's
period (a board's delårsrapport, a company's annual round; see
`styra.reports.selectors.source_units`), the section is built from that unit's
round, plan and template exactly as the unit's own report prints it, under a heading with the unit's
name. A unit without its own round, or whose template has no section with that key,
prints nothing here.
"""

from __future__ import annotations

from dataclasses import replace

from styra.org.models import Unit
from styra.reports.document import Section
from styra.reports.selectors import report_data, source_units
from styra.reports.templates import SectionSpec, template_for_round

from .common import BuildContext


def build_unit_sections(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    from .document import BUILDERS  # the dispatch table lists this builder too

    options = spec.options or {}
    sources = [
        s
        for s in source_units(ctx.round, ctx.data.unit, tuple(options["units"]))
        if s.round.pk != ctx.round.pk
    ]
    units = Unit.objects.in_bulk([s.unit_id for s in sources])
    pulled: list[Section] = []
    for source in sources:
        template = template_for_round(source.round)
        theirs = next((s for s in template.sections if s.key == options["section"]), None)
        if theirs is None or theirs.kind == "unit_sections":
            continue
        unit_ctx = BuildContext(
            data=report_data(source.round, units[source.unit_id]), template=template
        )
        built = BUILDERS[theirs.kind](unit_ctx, theirs)
        if not built:
            continue
        for section in built:
            section.kind = section.kind or theirs.kind
        # The unit's name, then its sections at their own depths below it.
        pulled.append(
            Section(
                heading=source.name,
                level=min(spec.level + 1, 4),
                key=f"{spec.key}:{source.code}",
                source_unit=source.code,
            )
        )
        top = min(section.level for section in built)
        for section in built:
            pulled.append(
                replace(
                    section,
                    level=min(spec.level + 2 + section.level - top, 4),
                    key=f"{spec.key}:{source.code}:{section.key}",
                    source_unit=source.code,
                )
            )
    if not pulled:
        return []
    head = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    head.blocks.extend(ctx.intro(spec))
    return [head, *pulled]
