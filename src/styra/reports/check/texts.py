"""The texts of a report as the check reads them: every paragraph, list item and text
cell, with the section it is in and the part of the plan it talks about (its scope).

A text in a goal area's section talks about that area ("44 framgångsfaktorer" in a
perspective's text counts that perspective's), a text in a goal's section about that
goal, a text a division writes about the division's items; any other text about the
whole report. Numbers are read the Swedish way: "1 918,3", "−48,3", "5,1 %".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from styra.plans.models import ItemKind, PlanItem
from styra.reports.document import BulletList, Document, Paragraph, Section, Table
from styra.reports.selectors import ReportData


@dataclass
class Scope:
    """The part of the plan a text talks about."""

    label: str
    items: list[PlanItem] = field(default_factory=list)  # every item in it, due or not
    whole: bool = True


@dataclass(frozen=True)
class TextPiece:
    section: Section
    place: str
    item_code: str  # set for a table cell: the row's item (its comment talks about it)
    text: str
    scope: Scope
    paragraph: Paragraph | None = None  # the block, for mutations and messages
    table: Table | None = None

    @property
    def states_figures(self) -> bool:
        """Whether the text states figures about the data: a status scale's definitions
        ("inom 10 procent av målvärdet") are rules, not statements."""
        return self.section.kind != "status_definitions"


def scope_of(section: Section, data: ReportData, cache: dict[str, Scope]) -> Scope:
    """By the section's key suffix: 'malomraden:LED' → the area LED and its items."""
    suffix = section.key.split(":", 1)[1] if ":" in section.key else ""
    if suffix in cache:
        return cache[suffix]
    item = next((i for i in data.items if i.code == suffix), None) if suffix else None
    if item is not None:
        below = data.descendants(item, include_later=True)
        scope = Scope(item.title, [i for i in below if i.kind != ItemKind.AREA], whole=False)
    elif suffix:
        owned = [i for i in data.items if i.owner is not None and i.owner.code == suffix]
        scope = Scope(suffix, [i for i in owned if i.kind != ItemKind.AREA], whole=False)
    else:
        scope = Scope(data.unit_name, [i for i in data.items if i.kind != ItemKind.AREA])
    cache[suffix] = scope
    return scope


def text_pieces(document: Document, data: ReportData) -> Iterator[TextPiece]:
    """(section, place, item, text, scope) of every text a reader sees."""
    cache: dict[str, Scope] = {}
    for section in document.sections:
        scope = scope_of(section, data, cache)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield TextPiece(section, section.heading, "", block.text, scope, paragraph=block)
            elif isinstance(block, BulletList):
                for item in block.items:
                    yield TextPiece(section, section.heading, "", item, scope)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        if cell.text and cell.value is None and cell.status is None:
                            yield TextPiece(
                                section,
                                f"{section.heading} · {block.caption}",
                                row.item_code,
                                cell.text,
                                scope,
                                table=block,
                            )


SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9−-])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of a text, split at ". " before a capital or a digit."""
    found, start = [], 0
    for match in SENTENCE.finditer(text):
        found.append((start, text[start : match.start()]))
        start = match.end()
    found.append((start, text[start:]))
    return found


_SPACES = "[ \u00a0\u202f]"
NUMBER = r"(?<![\d,.])(?P<num>[−–-]?\s?(?:\d{1,3}(?:" + _SPACES + r"\d{3})+|\d+)(?:,\d+)?)(?![\d])"

WORD_NUMBERS = {
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
}


def to_decimal(text: str) -> Decimal | None:
    """'1 918,3' → 1918.3, '−48,3' → -48.3, 'fem' → 5."""
    lowered = text.strip().lower()
    if lowered in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[lowered])
    cleaned = re.sub(_SPACES, "", lowered).replace(",", ".").replace("−", "-").replace("–", "-")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def decimals_of(text: str) -> int:
    """How many decimals a printed number has: '48,3' → 1."""
    return len(text.split(",", 1)[1]) if "," in text else 0


def half_unit(text: str) -> Decimal:
    """The rounding a printed number allows: half a unit of its last digit."""
    return Decimal("0.5") * Decimal(10) ** -decimals_of(text)


def stem(word: str) -> str:
    """A Swedish noun without its plural or definite ending: 'personalkostnaderna' →
    'personalkostnad', 'sjukfrånvaron' → 'sjukfrånvaro'."""
    word = word.lower()
    endings = ("ernas", "arnas", "erna", "arna", "orna", "ens", "ets", "en", "et", "er", "ar")
    for ending in (*endings, "or", "na", "n"):
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word
