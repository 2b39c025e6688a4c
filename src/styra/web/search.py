"""Search across what a person may read: plan items, units and the units' texts.

Reads only (a selector module): every hit passes the same rules as the pages it links to
(`permissions.viewable_unit_ids`, `item_is_viewable`), so a search never shows a title
or a text of a unit the person may not read. A fixed number of queries per search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from styra.access import permissions
from styra.followup.models import SectionText
from styra.org.models import UnitVersion
from styra.org.selectors import unit_versions_on
from styra.plans.models import PlanItem

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT = 25
# Candidates read before the permission filter: enough for a page of hits.
CANDIDATES = 200


@dataclass
class SearchResults:
    query: str
    items: list[PlanItem] = field(default_factory=list)
    units: list[UnitVersion] = field(default_factory=list)
    texts: list[SectionText] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items) + len(self.units) + len(self.texts)


def search(
    user: User | AnonymousUser, query: str, *, day: date | None = None, limit: int = LIMIT
) -> SearchResults:
    text = " ".join(query.split())[:MAX_LENGTH]
    results = SearchResults(query=text)
    if len(text) < MIN_LENGTH:
        return results
    day = day or timezone.localdate()
    readable = permissions.viewable_unit_ids(user, day)

    items = (
        PlanItem.objects.filter(
            Q(title__icontains=text) | Q(code__iexact=text) | Q(description__icontains=text)
        )
        .select_related("plan", "owner")
        .prefetch_related("co_owners")
        .order_by("plan__code", "order", "pk")[:CANDIDATES]
    )
    results.items = [i for i in items if permissions.item_is_viewable(i, readable)][:limit]

    units = unit_versions_on(day).filter(Q(name__icontains=text) | Q(unit__code__iexact=text))
    if readable is not None:
        units = units.filter(unit_id__in=readable)
    results.units = list(units.select_related("unit").order_by("name")[:limit])

    texts = SectionText.objects.filter(Q(body__icontains=text) | Q(title__icontains=text))
    if readable is not None:
        texts = texts.filter(unit_id__in=readable)
    results.texts = list(
        texts.select_related("round", "unit").order_by("-round__period_end", "unit__code")[:limit]
    )
    return results
