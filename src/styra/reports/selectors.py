"""Reads that reports need: the items, assessments and texts of one unit in one round."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q

from styra.economy.ledger.selectors import units_with_facts
from styra.followup.models import (
    Assessment,
    AssessmentValue,
    ReportState,
    Round,
    SectionText,
    UnitReport,
)
from styra.followup.summary import ItemStatuses, item_statuses
from styra.memo import remembered
from styra.org.models import Unit
from styra.org.selectors import TREE, subtree_unit_ids, unit_name_on, unit_versions_on
from styra.planning.models import PlanText
from styra.plans.models import ItemKind, Plan, PlanItem, StatusLevel
from styra.plans.selectors import PlanScales, plan_scales

if TYPE_CHECKING:
    from .templates import ReportTemplate


@dataclass
class ReportData:
    round: Round
    unit: Unit
    unit_name: str
    items: list[PlanItem]  # the plan's items in plan order, filtered to the unit
    children: dict[int | None, list[PlanItem]]
    assessments: dict[int, Assessment]
    # A round's section texts, or a plan's own texts (a plan printed before the year).
    texts: Mapping[str, SectionText | PlanText]
    scales: PlanScales
    # What each item counts as, and which items the round asks for (followup.summary,
    # followup.due): a yearly indicator is not due in a tertial round; it "följs upp på
    # helår" and stays out of tables and counts.
    statuses: ItemStatuses

    def is_due(self, item: PlanItem) -> bool:
        return item.pk in self.statuses.due

    def descendants(
        self, item: PlanItem, kind: str | None = None, *, include_later: bool = False
    ) -> list[PlanItem]:
        """`item`'s descendants (of `kind`) that the round asks for, or all of them."""
        found: list[PlanItem] = []
        for child in self.children.get(item.pk, []):
            if (kind is None or child.kind == kind) and (include_later or self.is_due(child)):
                found.append(child)
            found.extend(self.descendants(child, kind, include_later=include_later))
        return found

    def of_kind(self, kind: str, *, include_later: bool = False) -> list[PlanItem]:
        """Items of `kind` the round asks for (all of them with `include_later`)."""
        return [i for i in self.items if i.kind == kind and (include_later or self.is_due(i))]

    def later(self, kind: str) -> list[PlanItem]:
        """Items of `kind` the round does not ask for (followed up in a later round)."""
        return [i for i in self.items if i.kind == kind and not self.is_due(i)]

    def roots(self) -> list[PlanItem]:
        return self.children.get(None, [])

    def level_for(self, kind: str, meaning: str) -> StatusLevel | None:
        for level in self.scales.for_kind(kind):
            if level.meaning == meaning:
                return level
        return None


def round_get(code: str) -> Round:
    return Round.objects.select_related("plan", "plan__unit").get(code=code)


def _plan_items(plan: Plan, unit: Unit, day: date) -> list[PlanItem]:
    """The plan's items in plan order, filtered to `unit`'s own items and their ancestors."""
    base = (
        PlanItem.objects.filter(plan=plan)
        .select_related("level", "owner", "indicator")
        .prefetch_related("targets", "co_owners")
        .order_by("order", "pk")
    )
    if unit.pk == plan.unit_id:
        items = list(base)
    else:
        # Only the unit's own items and their ancestors: a region of hundreds of units
        # must not load the whole plan for each unit's report.
        unit_ids = subtree_unit_ids(unit, day)
        own_ids = set(
            PlanItem.objects.filter(plan=plan)
            .exclude(kind=ItemKind.AREA)
            .filter(Q(owner_id__in=unit_ids) | Q(co_owners__in=unit_ids))
            .values_list("pk", flat=True)
        )
        wanted, frontier = set(own_ids), set(own_ids)
        while frontier:
            parents = set(
                PlanItem.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                    "parent_id", flat=True
                )
            )
            frontier = parents - wanted
            wanted |= frontier
        items = list(base.filter(pk__in=wanted))
    return items


def report_data(round_: Round, unit: Unit) -> ReportData:
    """The unit's items, assessments, statuses and texts in the round: read once per
    request (a preview builds the report and checks it against the same data)."""
    return remembered(("report_data", round_.pk, unit.pk), lambda: _report_data(round_, unit))


def _report_data(round_: Round, unit: Unit) -> ReportData:
    plan = round_.plan
    day = round_.period_end
    items = _plan_items(plan, unit, day)
    children: dict[int | None, list[PlanItem]] = defaultdict(list)
    ids = {i.pk for i in items}
    for item in items:
        children[item.parent_id if item.parent_id in ids else None].append(item)
    assessments = {
        a.item_id: a
        for a in Assessment.objects.filter(round=round_, item_id__in=ids)
        .select_related("status")
        .prefetch_related(Prefetch("values", queryset=AssessmentValue.objects.order_by("order")))
    }
    texts = {t.key: t for t in SectionText.objects.filter(round=round_, unit=unit)}
    scales = plan_scales(plan)
    return ReportData(
        round=round_,
        unit=unit,
        unit_name=unit_name_on(unit, day),
        items=items,
        children=children,
        assessments=assessments,
        texts=texts,
        scales=scales,
        statuses=item_statuses(
            round_,
            items,
            {a.item_id: a.status for a in assessments.values() if a.status is not None},
            scales,
        ),
    )


def plan_period(plan: Plan) -> Round:
    """The period a plan document covers: the plan's own years, as an unsaved round.

    A plan printed before the year (a verksamhetsplan) has no follow-up round; the
    document's title, period label and year come from this stand-in, which is never
    saved and has nothing reported in it (`plan_report_data`).
    """
    return Round(
        plan=plan,
        code=plan.code,
        name=plan.name,
        kind="",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )


def plan_report_data(plan: Plan, unit: Unit) -> ReportData:
    """What a plan document needs: every item of the plan (filtered to `unit`), no
    assessments, the plan's own texts; every item counts as asked for."""
    day = plan.period_end
    items = _plan_items(plan, unit, day)
    children: dict[int | None, list[PlanItem]] = defaultdict(list)
    ids = {i.pk for i in items}
    for item in items:
        children[item.parent_id if item.parent_id in ids else None].append(item)
    scales = plan_scales(plan)
    return ReportData(
        round=plan_period(plan),
        unit=unit,
        unit_name=unit_name_on(unit, day),
        items=items,
        children=children,
        assessments={},
        texts={t.key: t for t in PlanText.objects.filter(plan=plan)},
        scales=scales,
        statuses=ItemStatuses(scales=scales, due={i.pk for i in items if i.kind != ItemKind.AREA}),
    )


def report_units(round_: Round) -> list[Unit]:
    """Units that have something to report in `round_`: owned items or ledger facts."""
    plan = round_.plan
    owner_ids = set(
        PlanItem.objects.filter(plan=plan)
        .exclude(kind=ItemKind.AREA)
        .filter(Q(owner__isnull=False))
        .values_list("owner_id", flat=True)
    )
    owner_ids |= set(
        PlanItem.co_owners.through.objects.filter(planitem__plan=plan).values_list(
            "unit_id", flat=True
        )
    )
    owner_ids.add(plan.unit_id)
    # Units with ledger figures in the round's period, within the plan's part of the tree.
    in_plan = set(subtree_unit_ids(plan.unit, round_.period_end))
    owner_ids |= units_with_facts(round_.period_start, round_.period_end) & in_plan
    return list(Unit.objects.filter(pk__in=owner_ids).order_by("code"))


@dataclass(frozen=True)
class Writer:
    """A unit that writes a text, as the template's `written_by` names it."""

    unit_id: int
    code: str
    name: str
    type_code: str


def writes(writer: Writer, written_by: tuple[str, ...] | list[str]) -> bool:
    """Every unit writes a text unless `written_by` lists unit codes or unit type codes."""
    return not written_by or writer.code in written_by or writer.type_code in written_by


def subtree_writers(unit: Unit, day: date) -> list[Writer]:
    """`unit` and every unit under it on `day`, in tree order (the unit first); one query,
    once per request (a report's texts, sections and checks each ask)."""
    return list(
        remembered(
            ("subtree_writers", unit.pk, day),
            lambda: _subtree_writers(unit, day),
            depends_on=(*TREE, "org.UnitType"),
        )
    )


def _subtree_writers(unit: Unit, day: date) -> list[Writer]:
    # The columns the walk needs, not the versions as models: a region has hundreds.
    rows = unit_versions_on(day).values_list(
        "unit_id", "parent_id", "order", "unit__code", "name", "unit_type__code"
    )
    versions = {row[0]: row for row in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id, *_ in sorted(versions.values(), key=lambda row: (row[2], row[3])):
        children[parent_id].append(unit_id)
    ordered: list[Writer] = []

    def walk(unit_id: int) -> None:
        row = versions.get(unit_id)
        if row is None:
            return
        ordered.append(Writer(unit_id, row[3], row[4], row[5]))
        for child in children.get(unit_id, []):
            walk(child)

    walk(unit.pk)
    return ordered


def texts_of(round_: Round, key: str, unit_ids: list[int]) -> dict[int, SectionText]:
    """The text `key` of each of `unit_ids` in `round_`; one query."""
    return {
        t.unit_id: t
        for t in SectionText.objects.filter(round=round_, key=key, unit_id__in=unit_ids)
    }


# --- the consolidated report (reports/consolidation.py) --------------------------------------


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
