"""Reads of the organisation tree as of a date."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from styra.memo import active as memo_active
from styra.memo import remembered

from .models import CostCentre, CostCentreMapping, Unit, UnitVersion


def _valid_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


@dataclass
class TreeNode:
    unit_id: int
    code: str
    name: str
    short_name: str
    type_name: str
    parent_id: int | None
    order: int
    depth: int = 0
    children: list[TreeNode] = field(default_factory=list)

    def walk(self) -> Iterator[TreeNode]:
        yield self
        for child in self.children:
            yield from child.walk()


def unit_versions_on(day: date) -> QuerySet[UnitVersion]:
    return UnitVersion.objects.filter(_valid_on(day)).select_related("unit", "unit_type")


def unit_get(code: str) -> Unit:
    return Unit.objects.get(code=code)


def unit_version_on(unit: Unit, day: date) -> UnitVersion | None:
    return unit_versions_on(day).filter(unit=unit).first()


def unit_name_on(unit: Unit, day: date) -> str:
    """The unit's name on `day` (its code when it has no version then). In a request it
    comes from the tree read once for the day (`unit_parents_on`), not a query per name."""
    if memo_active():
        _parent, name = _unit_rows_on(day).get(unit.pk, (None, ""))
        return name or unit.code
    names = UnitVersion.objects.filter(_valid_on(day), unit=unit).values_list("name", flat=True)
    return names.first() or unit.code


def organisation_name(day: date) -> str:
    """The organisation's name, the one source for the web header and every report.

    `STYRA_ORGANISATION_NAME` when set, otherwise the name of the top unit of the tree
    on `day` (the first root, by order and code); "" before any unit exists.
    """
    from django.conf import settings

    if settings.STYRA_ORGANISATION_NAME:
        return settings.STYRA_ORGANISATION_NAME

    def read() -> str:
        # On every page's header (and a report's title page): the name alone, not the
        # version with its unit and type.
        root = UnitVersion.objects.filter(_valid_on(day), parent__isnull=True)
        return root.order_by("order", "unit__code").values_list("name", flat=True).first() or ""

    return remembered(("organisation_name", day), read, depends_on=TREE)


def tree_as_of(day: date) -> list[TreeNode]:
    """The organisation as it stood on `day`: the root nodes with their children, in order."""
    nodes = {
        v.unit_id: TreeNode(
            unit_id=v.unit_id,
            code=v.unit.code,
            name=v.name,
            short_name=v.short_name or v.name,
            type_name=v.unit_type.name,
            parent_id=v.parent_id,
            order=v.order,
        )
        for v in unit_versions_on(day)
    }
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)

    def sort_and_depth(items: list[TreeNode], depth: int) -> None:
        items.sort(key=lambda n: (n.order, n.code))
        for item in items:
            item.depth = depth
            sort_and_depth(item.children, depth + 1)

    sort_and_depth(roots, 0)
    return roots


#: The models the tree on a day is read from (styra.memo).
TREE = ("org.Unit", "org.UnitVersion")


def _unit_rows_on(day: date) -> dict[int, tuple[int | None, str]]:
    """unit id -> (parent unit id, name) in the tree on `day`, read once per request."""

    def read() -> dict[int, tuple[int | None, str]]:
        rows = UnitVersion.objects.filter(_valid_on(day)).values_list(
            "unit_id", "parent_id", "name"
        )
        return {unit_id: (parent_id, name) for unit_id, parent_id, name in rows}

    return remembered(("unit_rows", day), read, depends_on=TREE)


def unit_parents_on(day: date) -> dict[int, int | None]:
    """unit id -> parent unit id in the tree on `day`: read once per request (the
    permission checks, the reports and the economy all walk the tree)."""
    return remembered(
        ("unit_parents", day),
        lambda: {unit_id: parent for unit_id, (parent, _name) in _unit_rows_on(day).items()},
        depends_on=TREE,
    )


def _children_on(day: date) -> dict[int | None, list[int]]:
    """parent unit id -> its children's ids on `day`, from `unit_parents_on`."""

    def derive() -> dict[int | None, list[int]]:
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id in unit_parents_on(day).items():
            children.setdefault(parent_id, []).append(unit_id)
        return children

    return remembered(("unit_children", day), derive, depends_on=TREE)


def subtree_unit_ids(unit: Unit, day: date) -> list[int]:
    """The unit and every unit under it on `day` (itself first)."""
    children = _children_on(day)
    result, stack = [], [unit.pk]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(children.get(current, []))
    return result


def cost_centres_under(unit: Unit, day: date) -> QuerySet[CostCentre]:
    """All cost centres mapped, on `day`, to the unit or any unit under it."""
    mapped = CostCentreMapping.objects.filter(
        _valid_on(day), unit_id__in=subtree_unit_ids(unit, day)
    ).values("cost_centre_id")
    return CostCentre.objects.filter(pk__in=mapped).order_by("code")


def cost_centre_units_on(day: date) -> dict[int, int]:
    """cost centre id -> unit id on `day`; used to roll ledger facts up the tree."""
    return dict(
        CostCentreMapping.objects.filter(_valid_on(day)).values_list("cost_centre_id", "unit_id")
    )
