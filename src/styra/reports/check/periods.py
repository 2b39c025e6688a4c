"""Placeholders left in a text, and periods that look copied from an earlier report.

A period named as a comparison is not stale: "jämfört med tertial 1 2020", "samma
period föregående år", "sedan 2019", "än under tertial 2 2025".
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from styra.followup.models import Round

from .findings import ERROR, WARNING, Finding
from .texts import TextPiece

PLACEHOLDERS = [
    (re.compile(r"\bx{2,}\b", re.IGNORECASE), "”{match}”"),
    (re.compile(r"text\s+skall\s+in|text\s+ska\s+in", re.IGNORECASE), "”{match}”"),
    (re.compile(r"\bTODO\b|\bTBD\b|\bFIXME\b"), "”{match}”"),
    (re.compile(r"\[\s*(?:…|\.\.\.)\s*\]"), "”{match}”"),
    (re.compile(r"\[Text saknas: [^\]]*\]"), "{match}"),
    (re.compile(r"lorem ipsum", re.IGNORECASE), "”{match}”"),
]


def check_placeholders(pieces: list[TextPiece]) -> list[Finding]:
    findings = []
    for piece in pieces:
        for pattern, shown in PLACEHOLDERS:
            for match in pattern.finditer(piece.text):
                findings.append(
                    Finding(
                        ERROR,
                        "placeholder",
                        piece.place,
                        _("Platshållaren %(placeholder)s står kvar i texten.")
                        % {"placeholder": shown.format(match=match[0])},
                        piece.item_code,
                        section=piece.section.key,
                        stated=match[0],
                    )
                )
    return findings


_TERTIAL = re.compile(
    r"\b(?:tertial|T)\s?([1-3])(?:\s+|\s*[-/]\s*)((?:19|20)\d{2})\b", re.IGNORECASE
)
_REPORT_YEAR = re.compile(
    r"\b(delårsrapport(?:en)?|årsredovisning(?:en)?|tertialrapport(?:en)?|verksamhetsplan(?:en)?)"
    r"\s+((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
# Words that make a period mentioned after them a comparison, not the report's own.
_COMPARISON = re.compile(
    r"\b(?:jämfört\s+(?:med|mot)|jämförelse\s+med|i\s+förhållande\s+till|mot|än|sedan|"
    r"från|till\s+skillnad\s+från|liksom)\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)


def round_tertial(round_: Round) -> tuple[int, int] | None:
    match = re.search(r"(\d{4})-T([1-3])", round_.code)
    if match:
        return int(match[2]), int(match[1])
    if round_.kind == "tertial":
        return {4: 1, 8: 2, 12: 3}.get(round_.period_end.month, 0), round_.period_end.year
    return None


def _compared(text: str, start: int) -> bool:
    """True when the words just before `start` name the period as a comparison."""
    before = text[max(0, start - 40) : start]
    return bool(_COMPARISON.search(before))


def check_periods(pieces: list[TextPiece], round_: Round) -> list[Finding]:
    findings = []
    tertial = round_tertial(round_)
    year = round_.period_end.year
    for piece in pieces:
        text = piece.text
        for match in _TERTIAL.finditer(text):
            number, mentioned_year = int(match[1]), int(match[2])
            if not tertial or (number, mentioned_year) == tertial:
                continue
            if (mentioned_year, number) > (tertial[1], tertial[0]):
                continue  # a later period: a plan or a promise, not a stale copy
            if _compared(text, match.start()):
                continue
            findings.append(
                Finding(
                    ERROR,
                    "stale_period",
                    piece.place,
                    _("Texten nämner ”%(text)s” men rapporten gäller tertial %(tertial)s %(year)s.")
                    % {"text": match[0], "tertial": tertial[0], "year": tertial[1]},
                    piece.item_code,
                    section=piece.section.key,
                    stated=match[0],
                    expected=f"tertial {tertial[0]} {tertial[1]}",
                )
            )
        for match in _REPORT_YEAR.finditer(text):
            if (
                int(match[2]) == year - 1
                and match[1].lower().startswith(("tertialrapport", "delårsrapport"))
                and not _compared(text, match.start())
            ):
                findings.append(
                    Finding(
                        WARNING,
                        "stale_period",
                        piece.place,
                        _(
                            "Texten nämner ”%(text)s”: kontrollera att det inte är kvar från "
                            "föregående år (rapporten gäller %(year)s)."
                        )
                        % {"text": match[0], "year": year},
                        piece.item_code,
                        section=piece.section.key,
                        stated=match[0],
                        expected=str(year),
                    )
                )
    return findings
