"""Amounts and percentages stated in texts against the figures the report prints.

"Verksamhetens nettokostnader ökade med 28,8 mkr, 5,1 %" names a table row; the check
looks up that row's figures in every table (and the indicators' values, which carry
their unit) and accepts the stated figure when one of them rounds to it. A sentence
that names no row, table or indicator is not checked: the check only compares what it
can tell the text is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.formats import numbers as nf
from styra.plans.models import ItemKind
from styra.reports.document import Document, Paragraph
from styra.reports.selectors import ReportData

from .findings import ERROR, Finding
from .texts import NUMBER, TextPiece, decimals_of, half_unit, sentences, stem, to_decimal

THOUSAND, MILLION, BILLION = Decimal(1000), Decimal(1_000_000), Decimal(1_000_000_000)
MONEY_UNITS = {
    "kr": Decimal(1),
    "kronor": Decimal(1),
    "tkr": THOUSAND,
    "tusen kronor": THOUSAND,
    "mkr": MILLION,
    "miljoner kronor": MILLION,
    "miljoner": MILLION,
    "miljarder kronor": BILLION,
    "mdkr": BILLION,
}
AMOUNT = re.compile(
    NUMBER
    + r"\s?(?P<unit>miljarder kronor|miljoner kronor|tusen kronor|miljoner|mdkr|mkr|tkr|kronor|kr|procentenheter|procent|%)(?![a-zåäö])",
    re.IGNORECASE,
)
# Words too general to tell which figure a sentence is about.
GENERIC = {
    "verksamhet", "verksamhetens", "totalt", "summa", "delsumma", "region", "regionen",
    "perioden", "period", "andel", "antal", "kostnad", "kostnader", "utfall", "budget",
    "jämfört", "förändring", "avvikelse", "övriga", "övrigt", "enligt",
}  # fmt: skip
SYNONYMS = {"resultat": ("resultat", "nettokostnad"), "prognos": ("prognos",)}


@dataclass
class Figure:
    """A figure the report prints: what it is called, its exact value and unit."""

    names: frozenset[str]  # stems a sentence may name it by
    label: str
    column: str
    value: Decimal  # exact, in `scale` (kronor for money)
    kind: str  # "money" or "percent" or "number"
    needs: int = 1  # how many of its names a sentence must use (an indicator's title: two)


def _names(*labels: str) -> frozenset[str]:
    names = set()
    for label in labels:
        words = re.findall(r"[a-zåäö]{5,}", label.lower())
        for word in words:
            if word not in GENERIC:
                names.add(stem(word))
    return frozenset(names)


def _scale(unit: str) -> Decimal | None:
    return MONEY_UNITS.get(unit.strip().lower())


# "Nettokostnadsutveckling: 5,1 %." — a figure the report prints in a sentence of its own.
LABELLED = re.compile(r"^(?P<label>[^:.]{3,60}):\s+" + NUMBER + r"\s?(?P<unit>%|mkr|tkr)")


def figures(document: Document, data: ReportData) -> list[Figure]:
    found: list[Figure] = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                match = LABELLED.match(block.text)
                value = to_decimal(match["num"]) if match else None
                if match and value is not None:
                    unit = match["unit"]
                    scale = _scale(unit)
                    found.append(
                        Figure(
                            _names(match["label"]),
                            match["label"],
                            match["label"],
                            value * scale if scale else value,
                            "money" if scale else "percent",
                        )
                    )
    for _section, table in document.tables():
        table_scale = _scale(table.unit)
        caption_names = _names(table.caption)
        for row in table.rows:
            label = row.cells[0].text if row.cells else ""
            row_names = _names(label) | caption_names
            if row.kind == "total":
                row_names |= {"resultat", "nettokostnad"} if table_scale else set()
            for index, cell in enumerate(row.cells):
                if cell.value is None or index >= len(table.columns):
                    continue
                column = table.columns[index]
                unit = column.unit or ""
                if unit == "%" or "%" in column.label:
                    found.append(Figure(row_names, label, column.label, cell.value, "percent"))
                elif table_scale is not None:
                    found.append(
                        Figure(row_names, label, column.label, cell.value * table_scale, "money")
                    )
                else:
                    found.append(Figure(row_names, label, column.label, cell.value, "number"))
    for item in data.items:
        if item.kind != ItemKind.INDICATOR:
            continue
        indicator = getattr(item, "indicator", None)
        assessment = data.assessments.get(item.pk)
        if indicator is None or assessment is None:
            continue
        unit = (indicator.unit or "").split("(")[0].strip()
        scale = _scale(unit)
        kind = "money" if scale else "percent" if unit == "%" else "number"
        names = _names(item.title.split(" - ")[0].split("(")[0])
        needs = min(2, len(names))
        for entry in assessment.values.all():
            if entry.value is None:
                continue
            amount = entry.value * scale if scale else entry.value
            found.append(Figure(names, item.title, entry.member or "utfall", amount, kind, needs))
    return found


def check_amounts(pieces: list[TextPiece], document: Document, data: ReportData) -> list[Finding]:
    every = figures(document, data)
    # The report's own unit ("Regionstyrelsen har fått …") names the whole report, not
    # one of its figures, even where a caption repeats it.
    own = {stem(w) for w in re.findall(r"[a-zåäö]{5,}", data.unit_name.lower())}
    findings: list[Finding] = []
    for piece in pieces:
        if piece.item_code or not piece.states_figures:
            continue
        for _offset, sentence in sentences(piece.text):
            lowered = sentence.lower()
            words = {stem(w) for w in re.findall(r"[a-zåäö]{5,}", lowered)} - own
            named = [f for f in every if f.names and len(f.names & words) >= f.needs]
            if not named:
                continue
            for match in AMOUNT.finditer(sentence):
                findings.extend(_amount(piece, sentence, match, named))
    return findings


def _amount(piece: TextPiece, sentence: str, match, named: list[Figure]) -> list[Finding]:
    number = match["num"].replace(" ", "").replace("\u00a0", " ").strip()
    unit = match["unit"].lower()
    stated = to_decimal(number)
    if stated is None:
        return []
    if unit in ("%", "procent", "procentenheter"):
        candidates = [f for f in named if f.kind == "percent"]
        tolerance = half_unit(number)
        target = abs(stated)
        values = [abs(f.value) for f in candidates]
        shown = f"{nf.format_number(stated, decimals_of(number))} %"
    else:
        scale = MONEY_UNITS[unit]
        candidates = [f for f in named if f.kind == "money"]
        tolerance = half_unit(number) * scale
        target = abs(stated) * scale
        values = [abs(f.value) for f in candidates]
        shown = f"{number} {unit}"
    if not candidates:
        return []
    if any(abs(v - target) <= tolerance + Decimal("0.000001") for v in values):
        return []
    closest = min(candidates, key=lambda f: abs(abs(f.value) - target))
    if unit in ("%", "procent", "procentenheter"):
        expected = f"{nf.format_number(abs(closest.value), decimals_of(number))} %"
    else:
        expected = f"{nf.format_number(abs(closest.value) / MONEY_UNITS[unit], decimals_of(number))} {unit}"
    return [
        Finding(
            ERROR,
            "text_amount",
            piece.place,
            _(
                "Texten anger ”%(stated)s” om %(label)s, men rapporten visar %(expected)s "
                "(%(column)s)."
            )
            % {
                "stated": shown,
                "label": closest.label,
                "expected": expected,
                "column": closest.column,
            },
            section=piece.section.key,
            cell=closest.label,
            stated=shown,
            expected=expected,
        )
    ]
