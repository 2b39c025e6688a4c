"""What an import, a sync or a report needs to know about the configuration, read once:
series, dimensions and their members (with the spellings files use), areas, units and
the cells of dimension members.

A cell is a combination of dimension members written as one canonical key: the
members sorted by dimension code, `intervall=1-14;kon=K`. A dimension that is not in
the key is summed over (its total); the empty key is the series' total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from styra.org.models import Unit

from .models import Area, Dimension, Series, StatCell

TOTAL_WORDS = frozenset({"", "totalt", "total", "samtliga", "alla", "t"})


def cell_key(members: dict[str, str]) -> str:
    return ";".join(f"{dim}={member}" for dim, member in sorted(members.items()))


def cell_members(key: str) -> dict[str, str]:
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split(";"))


@dataclass
class DimensionInfo:
    code: str
    name: str
    total_label: str
    labels: dict[str, str]  # member code → label, in order
    spellings: dict[str, str]  # lower-case spelling → member code

    def member(self, text: str) -> str | None:
        """The member code a file's text names; '' for the total; None when unknown."""
        spelling = str(text).strip().lower()
        if spelling in TOTAL_WORDS or spelling == self.total_label.lower():
            return ""
        return self.spellings.get(spelling)

    def label(self, code: str) -> str:
        return self.labels.get(code, self.total_label) if code else self.total_label


@dataclass
class Catalogue:
    series: dict[str, Series] = field(default_factory=dict)
    dimensions: dict[str, DimensionInfo] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)  # unit code → id
    unit_codes: dict[int, str] = field(default_factory=dict)
    cells: dict[str, int] = field(default_factory=dict)  # cell key → id

    @classmethod
    def load(cls) -> Catalogue:
        catalogue = cls()
        catalogue.series = {s.code: s for s in Series.objects.all()}
        for dimension in Dimension.objects.prefetch_related("members"):
            members = list(dimension.members.all())
            spellings: dict[str, str] = {}
            for member in members:
                for spelling in (member.code, member.label, *member.aliases):
                    spellings.setdefault(str(spelling).strip().lower(), member.code)
            catalogue.dimensions[dimension.code] = DimensionInfo(
                code=dimension.code,
                name=dimension.name,
                total_label=dimension.total_label,
                labels={m.code: m.label for m in members},
                spellings=spellings,
            )
        for area in Area.objects.all():
            catalogue.areas[area.code] = area
        catalogue.units = dict(Unit.objects.values_list("code", "id"))
        catalogue.unit_codes = {pk: code for code, pk in catalogue.units.items()}
        catalogue.cells = dict(StatCell.objects.values_list("key", "id"))
        return catalogue

    def area(self, text: str) -> Area | None:
        """An area by its code, name or Kolada id ('riket', 'Riket', '0000')."""
        spelling = str(text).strip()
        found = self.areas.get(spelling.lower())
        if found:
            return found
        for area in self.areas.values():
            if spelling.lower() == area.name.lower() or (
                area.kolada_id and spelling == area.kolada_id
            ):
                return area
        return None

    def cell_ids(self, keys) -> dict[str, int]:
        """Ids of the cells `keys`, creating the missing ones (one query for them all)."""
        missing = sorted({k for k in keys if k not in self.cells})
        if missing:
            StatCell.objects.bulk_create(
                [StatCell(key=k) for k in missing], batch_size=500, ignore_conflicts=True
            )
            self.cells.update(StatCell.objects.filter(key__in=missing).values_list("key", "id"))
        return self.cells
