"""Reads of the follow-up workflow: what is due, my tasks, progress, previous comments, history.

Each read runs a fixed number of queries, whatever the number of items or units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import F, Field, Model, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from styra.access import permissions
from styra.access.selectors import unit_ids_with_role
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import ItemKind, PlanItem, StatusLevel

from .due import frequency_is_due, is_due
from .models import (
    Assessment,
    AssessmentValue,
    ItemReturnNote,
    MissingReason,
    Notification,
    ReportState,
    Round,
    RoundState,
    SectionText,
    UnitReport,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

REPORTED_KINDS = (ItemKind.GOAL, ItemKind.INDICATOR, ItemKind.ASSIGNMENT, ItemKind.ACTIVITY)


def _owner_q(unit: Unit, plan_unit_id: int) -> Q:
    q = Q(owner=unit)
    if unit.pk == plan_unit_id:
        q |= Q(owner__isnull=True)
    return q


@dataclass
class RoundItem:
    item: PlanItem
    assessment: Assessment | None
    due: bool
    note: ItemReturnNote | None = None  # the reviewer's comment of the last return

    @property
    def reported(self) -> bool:
        return self.assessment is not None and self.assessment.status_id is not None


def round_items_for_unit(round_: Round, unit: Unit) -> list[RoundItem]:
    """Every reported item the unit owns in the round's plan, due or not, in plan order."""
    items = list(
        PlanItem.objects.filter(
            _owner_q(unit, round_.plan.unit_id), plan=round_.plan, kind__in=REPORTED_KINDS
        )
        .select_related("parent", "level")
        .order_by("order", "pk")
    )
    assessments = {
        a.item_id: a
        for a in Assessment.objects.filter(round=round_, item__in=items).select_related(
            "status", "updated_by"
        )
    }
    return [RoundItem(item, assessments.get(item.pk), is_due(item, round_)) for item in items]


def open_return_notes(round_: Round, unit: Unit) -> dict[int, ItemReturnNote]:
    """The reviewer's comments of the last return, not yet answered by a submission;
    by item id (one query)."""
    notes = ItemReturnNote.objects.filter(round=round_, unit=unit, resolved_at__isnull=True)
    return {note.item_id: note for note in notes.select_related("created_by")}


@dataclass
class ReviewRow:
    item: PlanItem
    assessment: Assessment | None
    total: AssessmentValue | None  # the value without breakdown
    breakdown: list[AssessmentValue]
    target: Any  # plans.models.Target | None
    note: ItemReturnNote | None


def review_rows(round_: Round, unit: Unit) -> list[ReviewRow]:
    """Every due item of the unit with value, target, status, suggestion, comment and the
    open return note: what a reviewer reads on one page. Six queries whatever the size."""
    items = list(
        PlanItem.objects.filter(
            _owner_q(unit, round_.plan.unit_id), plan=round_.plan, kind__in=REPORTED_KINDS
        )
        .select_related("parent", "level", "plan__unit", "indicator")
        .prefetch_related("targets")
        .order_by("order", "pk")
    )
    items = [item for item in items if is_due(item, round_)]
    assessments = {
        a.item_id: a
        for a in Assessment.objects.filter(round=round_, item__in=items)
        .select_related("status", "status_suggested", "updated_by")
        .prefetch_related("values")
    }
    notes = open_return_notes(round_, unit)
    rows = []
    for item in items:
        assessment = assessments.get(item.pk)
        values = list(assessment.values.all()) if assessment else []
        total = next((v for v in values if not v.dimension and not v.member), None)
        targets = list(item.targets.all())
        scope = item.plan.unit.code
        target = next((t for t in targets if t.scope == scope), targets[0] if targets else None)
        rows.append(
            ReviewRow(
                item=item,
                assessment=assessment,
                total=total,
                breakdown=[v for v in values if v is not total],
                target=target,
                note=notes.get(item.pk),
            )
        )
    return rows


def due_items(round_: Round, unit: Unit) -> list[RoundItem]:
    return [row for row in round_items_for_unit(round_, unit) if row.due]


SETTLED_STATES = frozenset({ReportState.APPROVED, ReportState.LOCKED})


@dataclass
class UnitProgress:
    unit_id: int
    code: str
    name: str
    state: str
    due_by_kind: dict[str, int] = field(default_factory=dict)
    reported_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def due(self) -> int:
        return sum(self.due_by_kind.values())

    @property
    def reported(self) -> int:
        return sum(self.reported_by_kind.values())

    @property
    def state_label(self) -> str:
        return str(ReportState(self.state).label)

    @property
    def settled(self) -> bool:
        """Approved (or locked): nothing left for reporter or reviewer."""
        return self.state in SETTLED_STATES

    @property
    def with_reporter(self) -> bool:
        """Not submitted yet: the reporter still has to act (returned counts too)."""
        return self.state in (ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED)

    def days_late(self, deadline: date | None, today: date) -> int | None:
        """Days past the reporting deadline while the reporter still has to act, else None."""
        if deadline is None or today <= deadline or not self.with_reporter:
            return None
        return (today - deadline).days

    @property
    def kinds(self) -> list[tuple[str, int, int]]:
        """(kind, reported, due) in the plan's kind order."""
        return [
            (kind, self.reported_by_kind.get(kind, 0), self.due_by_kind[kind])
            for kind in REPORTED_KINDS
            if kind in self.due_by_kind
        ]


def round_progress(round_: Round, unit_ids: set[int] | None = None) -> list[UnitProgress]:
    """Per reporting unit: items due and reported per kind, and the report's state.

    Four queries whatever the size of the plan.
    """
    plan = round_.plan
    rows = PlanItem.objects.filter(plan=plan, kind__in=REPORTED_KINDS).values_list(
        "pk", "owner_id", "kind", "frequency"
    )
    reported = set(
        Assessment.objects.filter(round=round_, status__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    states = dict(UnitReport.objects.filter(round=round_).values_list("unit_id", "state"))
    names = {v.unit_id: (v.unit.code, v.name, v.order) for v in unit_versions_on(round_.period_end)}
    progress: dict[int, UnitProgress] = {}
    for pk, owner_id, kind, frequency in rows:
        unit_id = owner_id or plan.unit_id
        if unit_ids is not None and unit_id not in unit_ids:
            continue
        if not frequency_is_due(frequency, round_.kind):
            continue
        if unit_id not in progress:
            code, name, _order = names.get(unit_id, (str(unit_id), str(unit_id), 0))
            progress[unit_id] = UnitProgress(
                unit_id, code, name, states.get(unit_id, ReportState.NOT_STARTED)
            )
        entry = progress[unit_id]
        entry.due_by_kind[kind] = entry.due_by_kind.get(kind, 0) + 1
        if pk in reported:
            entry.reported_by_kind[kind] = entry.reported_by_kind.get(kind, 0) + 1
    return sorted(progress.values(), key=lambda p: (names.get(p.unit_id, ("", "", 0))[2], p.code))


def round_unsettled(round_: Round) -> list[UnitProgress]:
    """The units whose report in `round_` is not approved: what locking would cut short."""
    return [p for p in round_progress(round_) if not p.settled]


@dataclass
class Task:
    round: Round
    progress: UnitProgress
    action: str  # "report", "review", or "late" (the controller follows up a late unit)

    @property
    def days_late(self) -> int | None:
        return self.progress.days_late(self.round.reporting_deadline, timezone.localdate())

    @property
    def deadline(self) -> date | None:
        if self.action == "review":
            return self.round.review_deadline or self.round.reporting_deadline
        return self.round.reporting_deadline


def my_tasks(user: User | AnonymousUser, today: date | None = None) -> list[Task]:
    """What is due for `user`: reports to write or fix, reports to review, and for the
    controller the units that are late; by deadline."""
    today = today or timezone.localdate()
    rounds = list(
        Round.objects.filter(state__in=[RoundState.OPEN, RoundState.CLOSED]).select_related(
            "plan", "plan__unit"
        )
    )
    tasks: list[Task] = []
    for round_ in rounds:
        day = round_.period_end
        superuser = permissions.is_superuser(user)
        report_units = unit_ids_with_role(user, permissions.REPORT_ROLES, day)
        review_units = unit_ids_with_role(user, permissions.REVIEW_ROLES, day)
        manages = permissions.can_manage_round(user, round_.plan)
        if not (report_units or review_units or superuser or manages):
            continue
        for entry in round_progress(round_):
            if manages and entry.days_late(round_.reporting_deadline, today) is not None:
                tasks.append(Task(round_, entry, "late"))
                continue
            writable = {ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED}
            if round_.state == RoundState.CLOSED:
                writable = {ReportState.RETURNED}
            if entry.unit_id in report_units and entry.state in writable:
                tasks.append(Task(round_, entry, "report"))
            elif entry.state == ReportState.SUBMITTED and (
                superuser or entry.unit_id in review_units
            ):
                tasks.append(Task(round_, entry, "review"))
    far = date.max
    return sorted(tasks, key=lambda t: (t.deadline or far, t.round.code, t.progress.code))


def previous_assessment(round_: Round, item: PlanItem) -> Assessment | None:
    """The item's assessment in the latest earlier round of the plan that has one."""
    return (
        Assessment.objects.filter(
            item=item, round__plan_id=round_.plan_id, round__period_end__lt=round_.period_end
        )
        .select_related("round", "status")
        .order_by("-round__period_end")
        .first()
    )


def unit_sections(round_: Round, unit: Unit) -> dict[str, SectionText]:
    return {t.key: t for t in SectionText.objects.filter(round=round_, unit=unit)}


def unit_report(round_: Round, unit: Unit) -> UnitReport | None:
    return (
        UnitReport.objects.filter(round=round_, unit=unit)
        .select_related("submitted_by", "decided_by")
        .first()
    )


def notifications_for(
    user: User | AnonymousUser, *, unread_only: bool = False, limit: int = 100
) -> list[Notification]:
    if not user.is_authenticated:
        return []
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return list(qs[:limit])


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- history -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    field: str
    old: Any
    new: Any
    order: int = 0


def _who(record: Any) -> str:
    user: User | None = record.history_user
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _diff(
    records: Iterable[Any],
    fields: dict[str, str],
    suffix: str = "",
    display: Callable[[str, Any], Any] | None = None,
    *,
    from_base: bool = False,
) -> list[HistoryEntry]:
    """Entries for each change of `fields` between consecutive historical `records`;
    `suffix` follows each field's label. With `from_base` the first record is only what
    the second is compared with (the records are the latest few of a longer history).

    The records are django-simple-history's, which has no type hints.
    """
    display = display or (lambda name, value: value)
    entries: list[HistoryEntry] = []
    previous: Any = None
    records = iter(records)
    if from_base:
        base = next(records, None)
        previous = None if base is None or base.history_type == "-" else base
    for record in records:
        deleted = record.history_type == "-"
        for name, label in fields.items():
            old = getattr(previous, name) if previous is not None else None
            new = None if deleted else getattr(record, name)
            if old in ("", None) and new in ("", None):
                continue
            if old != new:
                entries.append(
                    HistoryEntry(
                        when=record.history_date,
                        who=_who(record),
                        field=f"{label}{suffix}",
                        old=display(name, old),
                        new=display(name, new),
                        order=record.history_id,
                    )
                )
        previous = None if deleted else record
    return entries


def assessment_history(round_: Round, item: PlanItem) -> list[HistoryEntry]:
    """Every change of status, comment, completion and values, with who, when, old, new."""
    entries, _more = _assessment_history(
        Assessment.history.filter(round_id=round_.pk, item_id=item.pk)
    )
    return entries


def latest_assessment_history(
    round_: Round, item: PlanItem, count: int
) -> tuple[list[HistoryEntry], bool]:
    """The latest `count` changes (at most), oldest first, and whether there are earlier
    ones: reads at most `count` + 1 records of each history however long it is (an item
    saved by a feed every day has thousands)."""
    return _assessment_history(
        Assessment.history.filter(round_id=round_.pk, item_id=item.pk), latest=count
    )


def item_history(item: PlanItem) -> list[HistoryEntry]:
    """The item's changes in every round, oldest first; three queries however many rounds."""
    entries, _more = _assessment_history(Assessment.history.filter(item_id=item.pk))
    return entries


def _verbose_name(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field), f"{model.__name__}.{name} is a field, not a relation"
    return str(field.verbose_name)


def _value_display(name: str, value: Any) -> Any:
    """A stored value as people read it: a missing value's reason by its Swedish label."""
    if name == "missing_reason" and value:
        return str(MissingReason(value).label) if value in MissingReason.values else value
    return value


def _newest(history_qs: QuerySet[Any], latest: int | None) -> tuple[list[Any], bool]:
    """The records oldest first: all, or the newest `latest` + 1 (the first of them only a
    base to compare with) and whether older ones were left out."""
    records = history_qs.select_related("history_user")
    if latest is None:
        return list(records.order_by("history_date", "history_id")), False
    newest = list(records.order_by("-history_date", "-history_id")[: latest + 1])
    return newest[::-1], len(newest) > latest


def _value_records(assessment_ids: set[int], since: datetime | None) -> list[Any]:
    """The values' records oldest first: all, or those after `since` and, as bases, each
    cell's last record until then (one query each, however long the history)."""
    records = AssessmentValue.history.filter(assessment_id__in=assessment_ids).select_related(
        "history_user"
    )
    if since is None:
        return list(records.order_by("history_date", "history_id"))
    cell = [F("assessment_id"), F("dimension"), F("member")]
    bases = (
        records.filter(history_date__lte=since)
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=cell,
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(newest=1)
    )
    later = records.filter(history_date__gt=since)
    return sorted([*bases, *later], key=lambda r: (r.history_date, r.history_id))


def _assessment_history(
    history_qs: QuerySet[Any], latest: int | None = None
) -> tuple[list[HistoryEntry], bool]:
    """The history's entries oldest first, all or (with `latest`) the latest that many,
    and whether earlier ones were left out."""
    records, cut = _newest(history_qs, latest)
    if not records:
        return [], False
    # Cut short, the entries are complete after the first record (a base): every save
    # writes the assessment's record (its version), so no value changed without one.
    since = records[0].history_date if cut else None
    status_ids = {r.status_id for r in records if r.status_id}
    labels = dict(StatusLevel.objects.filter(pk__in=status_ids).values_list("pk", "label"))
    gone = status_ids - set(labels)
    if gone:  # a level removed since (`status_level_delete`): its last label in its history
        for pk, label in (
            StatusLevel.history.filter(id__in=gone)
            .order_by("history_date", "history_id")
            .values_list("id", "label")
        ):
            labels[pk] = label

    def show(name: str, value: Any) -> Any:
        if name == "status_id":
            return labels.get(value, "") if value else None
        return value

    fields = {
        "status_id": _verbose_name(Assessment, "status"),
        "comment": _verbose_name(Assessment, "comment"),
        "completed": _verbose_name(Assessment, "completed"),
    }
    by_assessment: defaultdict[int, list[Any]] = defaultdict(list)
    for record in records:
        by_assessment[record.id].append(record)
    entries: list[HistoryEntry] = []
    for assessment_records in by_assessment.values():
        from_base = since is not None and assessment_records[0].history_date <= since
        entries.extend(_diff(assessment_records, fields, display=show, from_base=from_base))

    value_fields = {
        name: _verbose_name(AssessmentValue, name)
        for name in ("value", "missing_reason", "period_label", "comparison_value")
    }
    by_cell: defaultdict[tuple[int, str, str], list[Any]] = defaultdict(list)
    for record in _value_records(set(by_assessment), since):
        by_cell[(record.assessment_id, record.dimension, record.member)].append(record)
    for (_assessment, _dimension, member), cell_records in by_cell.items():
        suffix = f" ({member})" if member else ""
        from_base = since is not None and cell_records[0].history_date <= since
        entries.extend(
            _diff(
                cell_records,
                value_fields,
                suffix=suffix,
                display=_value_display,
                from_base=from_base,
            )
        )
    entries.sort(key=lambda e: (e.when, e.order))
    if latest is not None and len(entries) > latest:
        return entries[-latest:], True
    return entries, cut


def section_text_history(round_: Round, unit: Unit, key: str) -> list[HistoryEntry]:
    records = (
        SectionText.history.filter(round_id=round_.pk, unit_id=unit.pk, key=key)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    return _diff(records, {name: _verbose_name(SectionText, name) for name in ("title", "body")})


def unit_report_history(round_: Round, unit: Unit) -> list[HistoryEntry]:
    """The report's steps (submitted, returned with reason, approved, locked): who, when."""
    records = (
        UnitReport.history.filter(round_id=round_.pk, unit_id=unit.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    labels = dict(ReportState.choices)
    return _diff(
        records,
        {name: _verbose_name(UnitReport, name) for name in ("state", "returned_reason")},
        display=lambda name, value: labels.get(value, value) if name == "state" else value,
    )


# --- what removing a plan item takes with it ---------------------------------------------


@dataclass(frozen=True)
class ItemUse:
    """Rows elsewhere that refer to the items and keep them from being removed."""

    what: str  # the rows' name, Swedish: "bedömningar", "kommentarer vid återremiss"
    count: int
    where: list[tuple[str, int]] = field(default_factory=list)  # (round code, count)


@dataclass(frozen=True)
class ItemDeletion:
    """What removing `item` takes with it, and what keeps it from being removed."""

    item: PlanItem
    below: list[PlanItem]  # the items under it, in the plan's order (depth first)
    targets: list[Any]  # the targets of the item and of those below
    uses: list[ItemUse]  # empty: it may be removed
    inherited: list[PlanItem]  # items elsewhere inherited from these; they lose the link


def item_deletion(item: PlanItem) -> ItemDeletion:
    """The item's subtree, its targets and the rows that refer to any of them (in every
    round); five queries however large the subtree or however many rounds."""
    from django.db.models import Count
    from django.db.models.deletion import PROTECT

    from styra.plans.models import Target

    items = list(
        PlanItem.objects.filter(plan_id=item.plan_id)
        .select_related("level")
        .order_by("order", "pk")
    )
    children: defaultdict[int | None, list[PlanItem]] = defaultdict(list)
    for candidate in items:
        children[candidate.parent_id].append(candidate)
    below: list[PlanItem] = []
    stack = list(reversed(children[item.pk]))
    while stack:
        current = stack.pop()
        below.append(current)
        stack.extend(reversed(children[current.pk]))
    ids = [item.pk, *(i.pk for i in below)]
    targets = list(
        Target.objects.filter(item_id__in=ids).select_related("item").order_by("item_id", "order")
    )
    uses: list[ItemUse] = []
    rounds = list(
        Assessment.objects.filter(item_id__in=ids)
        .values_list("round__code")
        .annotate(n=Count("pk"))
        .order_by("round__period_end", "round__code")
    )
    if rounds:
        uses.append(
            ItemUse(
                str(Assessment._meta.verbose_name_plural),
                sum(n for _, n in rounds),
                [(code, n) for code, n in rounds],
            )
        )
    # Every other row that protects an item (whatever app it is in): a return note …
    for relation in PlanItem._meta.related_objects:
        if relation.on_delete is not PROTECT or relation.related_model is Assessment:
            continue
        model = relation.related_model
        found = model._default_manager.filter(**{f"{relation.field.name}__in": ids}).count()
        if found:
            name = model._meta.verbose_name if found == 1 else model._meta.verbose_name_plural
            uses.append(ItemUse(str(name), found))
    inherited = list(
        PlanItem.objects.filter(inherited_from_id__in=ids)
        .exclude(pk__in=ids)
        .select_related("plan")
        .order_by("plan__code", "code")
    )
    return ItemDeletion(item, below, targets, uses, inherited)
