"""The texts a round's report template asks a unit to write (answers
`styra.followup.report_hooks.text_sections`).

Every section with a `text_key` declares a text: its heading, the instruction to the
writer, who writes it (`written_by`) and the drafted text it offers. A `goal_areas`
section with a `comment_key` declares one comment per goal area the unit reports in.
The reporting screens offer exactly these texts, in template order, and refuse others.
"""

from __future__ import annotations

from styra.followup.models import Round
from styra.followup.report_hooks import TextSection
from styra.org.models import Unit
from styra.plans.models import ItemKind, PlanItem

from . import drafts
from .builders.common import period_label
from .selectors import subtree_writers, writes
from .templates import ReportTemplate, SectionSpec, template_for_round


def _fill(text: str, round_: Round, unit_name: str, **extra: str) -> str:
    values = {
        "unit_name": unit_name,
        "round_name": round_.name,
        "round_code": round_.code,
        "period_label": period_label(round_),
        "year": str(round_.period_end.year),
        **extra,
    }
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def _areas_of(round_: Round, unit: Unit, spec: SectionSpec) -> list[PlanItem]:
    """The goal areas a `goal_areas` section prints for `unit`: on the section's area
    level (or the plan's top areas), for a sub-unit only those holding its items.

    The plan's items are read as plain rows (a plan has hundreds; the unit's reporting
    page shows this on every visit) and only the chosen areas as items."""
    plan = round_.plan
    rows = PlanItem.objects.filter(plan=plan).order_by("order", "pk")
    items = list(rows.values_list("pk", "kind", "code", "parent_id", "owner_id", "level__code"))
    parent_of = {pk: parent for pk, _kind, _code, parent, _owner, _level in items}
    areas = [(pk, code, level) for pk, kind, code, _p, _o, level in items if kind == ItemKind.AREA]
    if spec.area:
        areas = [a for a in areas if a[1] == spec.area]
    elif (spec.options or {}).get("area_level"):
        areas = [a for a in areas if a[2] == spec.options["area_level"]]
    else:
        # Areas that hold items of their own, or no areas under them (the lowest areas).
        area_ids = {pk for pk, _code, _level in areas}
        holds_items = {parent for pk, kind, _c, parent, _o, _l in items if kind != ItemKind.AREA}
        holds_areas = {parent for pk, _k, _c, parent, _o, _l in items if pk in area_ids}
        areas = [a for a in areas if a[0] in holds_items or a[0] not in holds_areas]
    chosen = [pk for pk, _code, _level in areas]
    if unit.pk != plan.unit_id:
        holding: set[int] = set()
        for pk, kind, _code, _parent, owner, _level in items:
            if owner == unit.pk and kind != ItemKind.AREA:
                current = parent_of[pk]
                while current is not None:
                    holding.add(current)
                    current = parent_of[current]
        chosen = [pk for pk in chosen if pk in holding]
    found = PlanItem.objects.select_related("level").in_bulk(chosen)
    return [found[pk] for pk in chosen]


def declared_texts(
    template: ReportTemplate, round_: Round, unit: Unit, *, with_drafts: bool = True
) -> list[TextSection]:
    writers = subtree_writers(unit, round_.period_end)
    writer = writers[0] if writers else None
    unit_name = writer.name if writer else unit.code
    found: dict[str, TextSection] = {}
    sources = drafts.DraftSources(round_, unit)  # read once for every draft

    for spec in template.sections:
        if spec.kind == "goal_areas" and spec.comment_key:
            for area in _areas_of(round_, unit, spec):
                key = spec.comment_key.replace("{area_code}", area.code.lower())
                heading = _fill(
                    spec.comment_heading or "Kommentar till {area_title}",
                    round_,
                    unit_name,
                    area_title=area.title,
                    area_code=area.code,
                )
                draft = (
                    drafts.area_draft(round_, unit, area, sources.data())
                    if with_drafts and spec.comment_draft
                    else ""
                )
                found.setdefault(
                    key,
                    TextSection(
                        key,
                        heading,
                        spec.comment_instruction,
                        draft,
                        offers_draft=bool(spec.comment_draft),
                    ),
                )
            continue
        if not spec.text_key or spec.text_key in found:
            continue
        if writer is not None and not writes(writer, spec.written_by):
            continue
        draft = (
            drafts.section_draft(spec.draft, round_, unit, sources)
            if with_drafts and spec.draft
            else ""
        )
        found[spec.text_key] = TextSection(
            key=spec.text_key,
            heading=_fill(spec.heading or spec.text_key, round_, unit_name),
            instruction=spec.instruction,
            draft=draft,
            offers_draft=bool(spec.draft),
        )
    return list(found.values())


def text_sections(round_: Round, unit: Unit, *, drafts: bool = False) -> list[TextSection]:
    """What the reporting screens offer `unit` in `round_`: its round's template's texts,
    with the drafted texts when `drafts` is set."""
    return declared_texts(template_for_round(round_), round_, unit, with_drafts=drafts)
