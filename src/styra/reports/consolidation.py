"""The consolidated report: a region's texts written from its boards' and committees' own
rounds (issue 12 item 6).

The region's template names whose reports feed it (`consolidates:` unit codes or unit
type codes, e.g. `namnd`). For each such unit under the report's unit, its *own* round
of the same period is the round of a plan of that unit with the same period start and
end (the board's delårsrapport beside the region's); a unit without one is read in the
region's round itself (a text the template asks it to write there). For every text
section of the region's template the page shows each unit's text with the same key,
and the controller picks, merges (`merge_texts`) and edits them into the region's text,
which `followup.services.section_text_consolidate` saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from styra.followup.models import ReportState, Round, SectionText, UnitReport
from styra.org.models import Unit
from styra.org.selectors import unit_name_on

from .selectors import Writer, subtree_writers, writes
from .templates import ReportTemplate


@dataclass(frozen=True)
class SourceUnit:
    """A unit whose own report feeds the consolidated one, and the round it is read in."""

    unit_id: int
    code: str
    name: str
    type_code: str
    round: Round
    state: str  # ReportState value
    state_label: str


@dataclass(frozen=True)
class SourceText:
    source: SourceUnit
    body: str


@dataclass
class ConsolidatedSection:
    key: str
    heading: str
    current: SectionText | None
    texts: list[SourceText] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.current.version if self.current else 0


@dataclass
class Consolidation:
    round: Round
    unit: Unit
    unit_name: str
    template: ReportTemplate
    report_state: str
    report_state_label: str
    sources: list[SourceUnit]
    sections: list[ConsolidatedSection]

    def section(self, key: str) -> ConsolidatedSection | None:
        return next((s for s in self.sections if s.key == key), None)


def source_units(round_: Round, unit: Unit, consolidates: Sequence[str]) -> list[SourceUnit]:
    """The units under `unit` that `consolidates` names, in tree order, each with its own
    round of `round_`'s period (else `round_`) and its report's state; four queries."""
    if not consolidates:
        return []
    writers: list[Writer] = [
        w for w in subtree_writers(unit, round_.period_end)[1:] if writes(w, tuple(consolidates))
    ]
    # A budget-only unit (finansförvaltning, förtroendemannabudget) writes no report.
    budget_only = set(
        Unit.objects.filter(pk__in=[w.unit_id for w in writers], budget_only=True).values_list(
            "pk", flat=True
        )
    )
    writers = [w for w in writers if w.unit_id not in budget_only]
    ids = [w.unit_id for w in writers]
    own: dict[int, Round] = {}
    for candidate in (
        Round.objects.filter(
            plan__unit_id__in=ids,
            period_start=round_.period_start,
            period_end=round_.period_end,
        )
        .select_related("plan")
        .order_by("plan__unit_id", "code")
    ):
        best = own.get(candidate.plan.unit_id)
        # Of several rounds of the period, the one of the region's kind wins.
        if best is None or (best.kind != round_.kind and candidate.kind == round_.kind):
            own[candidate.plan.unit_id] = candidate
    rounds = {w.unit_id: own.get(w.unit_id, round_) for w in writers}
    pairs = Q(pk__in=[])
    for unit_id, source_round in rounds.items():
        pairs |= Q(unit_id=unit_id, round_id=source_round.pk)
    states = {
        (r.unit_id, r.round_id): r.state
        for r in UnitReport.objects.filter(pairs).only("state", "unit_id", "round_id")
    }
    labels = dict(ReportState.choices)
    found = []
    for w in writers:
        state = states.get((w.unit_id, rounds[w.unit_id].pk), ReportState.NOT_STARTED)
        found.append(
            SourceUnit(
                unit_id=w.unit_id,
                code=w.code,
                name=w.name,
                type_code=w.type_code,
                round=rounds[w.unit_id],
                state=state,
                state_label=str(labels[state]),
            )
        )
    return found


def consolidation(round_: Round, unit: Unit, template: ReportTemplate) -> Consolidation:
    """Every text section of `template` with the region's current text and each source
    unit's text of the same key; a fixed number of queries, whatever the units."""
    sources = source_units(round_, unit, template.consolidates)
    specs = [s for s in template.sections if s.text_key]
    keys = list(dict.fromkeys(s.text_key for s in specs))
    pairs = Q(pk__in=[])
    for source in sources:
        pairs |= Q(unit_id=source.unit_id, round_id=source.round.pk)
    theirs = {(t.unit_id, t.key): t for t in SectionText.objects.filter(pairs, key__in=keys)}
    ours = {t.key: t for t in SectionText.objects.filter(round=round_, unit=unit, key__in=keys)}
    report = UnitReport.objects.filter(round=round_, unit=unit).only("state").first()
    state = report.state if report else ReportState.NOT_STARTED
    unit_name = unit_name_on(unit, round_.period_end)
    sections = []
    seen: set[str] = set()
    for spec in specs:
        if spec.text_key in seen:
            continue
        seen.add(spec.text_key)
        texts = []
        for source in sources:
            text = theirs.get((source.unit_id, spec.text_key))
            if text is not None and text.body.strip():
                texts.append(SourceText(source=source, body=text.body))
        heading = (spec.heading or spec.text_key).replace("{unit_name}", unit_name)
        sections.append(
            ConsolidatedSection(
                key=spec.text_key, heading=heading, current=ours.get(spec.text_key), texts=texts
            )
        )
    return Consolidation(
        round=round_,
        unit=unit,
        unit_name=unit_name,
        template=template,
        report_state=state,
        report_state_label=str(dict(ReportState.choices)[state]),
        sources=sources,
        sections=sections,
    )


def merge_texts(texts: Sequence[SourceText]) -> str:
    """The chosen texts in the chosen order: one alone as written, several each under
    its unit's name ("Regionstyrelsen: …") so the reader knows whose text it is."""
    bodies = [t for t in texts if t.body.strip()]
    if len(bodies) == 1:
        return bodies[0].body.strip()
    return "\n\n".join(f"{t.source.name}: {t.body.strip()}" for t in bodies)
