"""Reading a target as printed ("Minst 70 %", "Högst 5,3 %", "Genomförd aktivitet").

A printed target is read by a small grammar: an optional comparison word, a Swedish
number, an optional unit; or one of the phrases plans use for targets that are not a
number. What the grammar cannot read is a finding of the plan check, as is a target
that can be read only after forgiving its typography ("Minst41 %", "100%", "200kWh/m2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.formats.numbers import parse_number

_NUMBER = r"[−–-]?\d{1,3}(?:[  \u202f]\d{3})+(?:,\d+)?|[−–-]?\d+(?:,\d+)?"
_OPERATORS = (
    "minst",
    "högst",
    "mindre än",
    "större än",
    "lägre än",
    "högre än",
    "över",
    "under",
    "max",
    "<",
    ">",
    "≤",
    "≥",
)
_OPERATOR = "|".join(re.escape(op) for op in sorted(_OPERATORS, key=len, reverse=True))

# "Minst 70 %", "4,5", "-20 %", "Minst 3 st aktiviteter ska genomföras …", "<250 rec/TIN"
_NUMERIC = re.compile(
    rf"^(?:(?P<op>{_OPERATOR})\s*)?(?P<num>{_NUMBER})(?:(?P<space>\s*)(?P<unit>\S.*))?$",
    re.IGNORECASE,
)
# "4,67 (RJH)": one value per organisational level
_SCOPED = re.compile(rf"^(?P<num>{_NUMBER})(?:\s*(?P<unit>%))?\s*\((?P<scope>[^)]+)\)$")
_PHRASES = [
    re.compile(r"^genomförd(?:a)? aktivitet(?:er)?$", re.IGNORECASE),
    re.compile(
        r"^(?:större|högre|lägre|mindre)(?: andel| antal)? än (?:\d{4}|föregående år)$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:ökad|minskad|ökning|minskning) jämfört med (?:\d{4}|föregående år)$", re.I),
    re.compile(r"^i nivå med .+$", re.IGNORECASE),
    re.compile(r"^målvärde kompletteras\b.*$", re.IGNORECASE),
]
_GLUED_WORD = re.compile(r"^(?P<word>[^\W\d_]+)(?P<num>\d)", re.UNICODE)


@dataclass
class ReadTarget:
    """What the printed text says; `problems` are (severity, message) for the check."""

    text: str
    readable: bool
    value: Decimal | None = None
    operator: str = ""
    unit: str = ""
    scope: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)


def _number(text: str) -> Decimal:
    return parse_number(text.replace("–", "-"))


def _one(text: str) -> ReadTarget:
    result = ReadTarget(text=text, readable=False)
    for phrase in _PHRASES:
        if phrase.match(text):
            result.readable = True
            return result
    scoped = _SCOPED.match(text)
    if scoped:
        result.readable = True
        result.value = _number(scoped["num"])
        result.unit = scoped["unit"] or ""
        result.scope = scoped["scope"].strip()
        return result
    match = _NUMERIC.match(text)
    if not match:
        return result
    op = match["op"] or ""
    if op and op[-1].isalpha() and text[len(op) : len(op) + 1].isdigit():
        # "Minst41 %": a word glued to the number is no target the grammar accepts.
        return result
    result.readable = True
    result.operator = op.lower()
    result.value = _number(match["num"])
    result.unit = (match["unit"] or "").strip()
    if result.unit and not match["space"]:
        result.problems.append(
            (
                "warning",
                _("Mellanslag saknas mellan talet och enheten i målvärdet ”%(text)s”.")
                % {"text": text},
            )
        )
    return result


def read_target(text: str) -> ReadTarget:
    """Read one printed target; several values per level ("4,8 % (RJH) 4,8 % (RS)") too."""
    raw = text
    text = " ".join((text or "").split())
    problems: list[tuple[str, str]] = []
    stripped = text.lstrip(".,;:–- ")
    if stripped != text and not re.match(rf"^{_NUMBER}", text):
        problems.append(
            (
                "warning",
                _("Målvärdet ”%(text)s” börjar med ett tecken som inte hör dit.") % {"text": raw},
            )
        )
        text = stripped
    if not text:
        return ReadTarget(text=raw, readable=False)
    parts = re.findall(r"[^()]+\([^)]+\)", text)
    result = None
    if len(parts) > 1 and "".join(parts).replace(" ", "") == text.replace(" ", ""):
        # One value per organisational level: "4,8 % (RJH) 4,8 % (RS)".
        scoped = [_one(part.strip()) for part in parts]
        if all(p.readable for p in scoped):
            result = scoped[0]
    if result is None:
        result = _one(text)
    result.text = raw
    result.problems = problems + result.problems
    if not result.readable:
        glued = _GLUED_WORD.match(text)
        if glued:
            message = _(
                "Målvärdet ”%(text)s” kan inte tolkas: mellanslag saknas mellan ”%(word)s” och talet."
            ) % {"text": raw, "word": glued["word"]}
        else:
            message = _("Målvärdet ”%(text)s” kan inte tolkas.") % {"text": raw}
        result.problems.append(("error", message))
    return result
