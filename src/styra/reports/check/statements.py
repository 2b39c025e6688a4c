"""Counts and shares stated in texts, against the items of the text's scope.

"31 uppdrag och 18 kortsiktiga nyckeltal", "14 är uppfyllda, 9 delvis uppfyllda",
"9 gröna, 9 gula", "39 procent av mätetalen är uppfyllda": each is compared with what
`followup.summary` counts in the scope the text talks about (texts.scope_of), so a goal
area's own count is never compared with the whole report's. A count may truthfully
name the items the round follows up, those followed up later, or all of them.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.followup.summary import StatusKey
from styra.formats import numbers as nf
from styra.plans.models import ItemKind, PlanItem, StatusMeaning
from styra.reports.selectors import ReportData

from .findings import ERROR, Finding
from .texts import WORD_NUMBERS, Scope, TextPiece, half_unit, sentences, to_decimal

KIND_NOUNS: dict[str, tuple[str, str]] = {
    ItemKind.ASSIGNMENT: ("uppdrag", "uppdrag"),
    ItemKind.INDICATOR: ("nyckeltal", "nyckeltal"),
    ItemKind.ACTIVITY: ("aktivitet", "aktiviteter"),
    ItemKind.GOAL: ("mål", "mål"),
}

MEANING_WORDS = {
    StatusMeaning.FULFILLED: r"(?:helt\s+)?(?:uppfyllda?|uppfyllt|uppnådda?|uppnått|genomförda?)",
    StatusMeaning.PARTLY: r"delvis\s+(?:uppfyllda?|uppfyllt|uppnådda?|uppnått)",
    StatusMeaning.NOT_FULFILLED: r"(?:ej|inte)\s+(?:uppfyllda?|uppfyllt|uppnådda?|uppnått)",
    StatusMeaning.NOT_REPORTED: r"(?:som\s+)?(?:ej|inte)\s+(?:rapporterade?|rapporterats?)",
}
COLOUR_WORDS = {"green": r"gröna?|grönt", "yellow": r"gula?|gult", "red": r"röda?|rött"}


def colour_name(hex_colour: str) -> str:
    """'#2e7d32' → 'green': the colour word a text may use for a status."""
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        return ""
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, _light, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25:
        return ""
    degrees = hue * 360
    if degrees < 20 or degrees >= 330:
        return "red"
    if degrees < 75:
        return "yellow"
    if degrees < 170:
        return "green"
    return ""


def label_pattern(label: str) -> str:
    """A status label and its inflections: 'Helt uppfyllt' also as 'helt uppfyllda'."""
    words = []
    for word in label.lower().split():
        escaped = re.escape(word)
        if word.endswith("t") and len(word) > 4:
            escaped = re.escape(word[:-1]) + "(?:t|da|d|de)"
        elif word.endswith("d") and len(word) > 4:
            escaped = re.escape(word) + "(?:a|e)?"
        words.append(escaped)
    return r"\s+".join(words)


@dataclass
class Population:
    """Items a noun names in a scope: those the round asks for and the others."""

    noun: str
    due: list[PlanItem]
    later: list[PlanItem]

    @property
    def counts(self) -> set[int]:
        return {len(self.due), len(self.later), len(self.due) + len(self.later)}


def populations(scope: Scope, data: ReportData) -> list[tuple[str, Population]]:
    """(noun pattern, population) for the nouns a text in `scope` may count, longest first."""
    found: dict[str, Population] = {}

    def add(words: tuple[str, ...], items: list[PlanItem]) -> None:
        due = [i for i in items if data.is_due(i)]
        later = [i for i in items if not data.is_due(i)]
        for word in words:
            if word and word not in found:
                found[word] = Population(word, due, later)

    by_level: dict[int, list[PlanItem]] = {}
    by_kind: dict[str, list[PlanItem]] = {}
    for item in scope.items:
        by_level.setdefault(item.level_id, []).append(item)
        by_kind.setdefault(item.kind, []).append(item)
    for items in by_level.values():
        level = items[0].level
        add((level.name_plural.lower(), level.name.lower()), items)
    for kind, items in by_kind.items():
        add(KIND_NOUNS.get(kind, ("", "")), items)
    ordered = sorted(found.items(), key=lambda pair: -len(pair[0]))
    return [(r"\s+".join(re.escape(w) for w in noun.split()), pop) for noun, pop in ordered]


def status_patterns(keys: list[StatusKey]) -> list[tuple[str, object]]:
    """(regex, matcher) for the status words of a population's scale(s): the labels,
    the generic meaning words, the colour words. The matcher picks counted keys."""
    patterns: list[tuple[str, object]] = []
    seen: set[str] = set()
    for key in keys:
        pattern = label_pattern(key.label)
        if pattern not in seen:
            seen.add(pattern)
            patterns.append((pattern, ("label", key.label.lower())))
    for meaning, words in MEANING_WORDS.items():
        patterns.append((words, ("meaning", meaning)))
    for colour, words in COLOUR_WORDS.items():
        patterns.append((words, ("colour", colour)))
    return sorted(patterns, key=lambda p: -len(p[0]))


def _count_with(population: Population, data: ReportData, how) -> int:
    kind, value = how
    count = 0
    for item in population.due + population.later:
        key = data.statuses.of(item)
        if key is None:
            continue
        if kind == "label" and key.label.lower() == value:
            count += 1
        elif kind == "meaning" and key.meaning == value:
            count += 1
        elif kind == "colour" and colour_name(key.colour) == value:
            count += 1
    return count


def _finding(piece: TextPiece, kind: str, stated: str, expected: str, message: str) -> Finding:
    return Finding(
        ERROR,
        kind,
        piece.place,
        message,
        piece.item_code,
        section=piece.section.key,
        cell=piece.scope.label,
        stated=stated,
        expected=expected,
    )


_NUM = r"(?P<n>\d{1,5}|" + "|".join(WORD_NUMBERS) + r")"
_LINK = r"(?:\s+(?:som|av\s+dem))?(?:\s+(?:är|var|blev|bedöms(?:\s+som)?|har\s+status(?:en)?))?"


def check_statements(pieces: list[TextPiece], data: ReportData) -> list[Finding]:
    findings: list[Finding] = []
    cache: dict[str, list] = {}
    for piece in pieces:
        if piece.item_code or not piece.states_figures:
            continue  # an item's own comment talks about its own subject
        key = piece.section.key.split(":", 1)[1] if ":" in piece.section.key else ""
        if key not in cache:
            cache[key] = populations(piece.scope, data)
        nouns = cache[key]
        if not nouns:
            continue
        for _offset, sentence in sentences(piece.text):
            findings.extend(_sentence(piece, sentence, nouns, data))
    return findings


def _term(population: Population, term: str) -> Population:
    """'kortsiktiga' indicators are those followed up during the year, 'långsiktiga' the
    yearly ones (domain guide §12)."""
    yearly = term == "långsiktiga"

    def keep(items: list[PlanItem]) -> list[PlanItem]:
        return [i for i in items if (i.frequency == "yearly") == yearly]

    return Population(f"{term} {population.noun}", keep(population.due), keep(population.later))


def _population_near(sentence: str, position: int, nouns) -> Population | None:
    """The population the nearest noun before `position` names, else the only one."""
    best = None
    for pattern, population in nouns:
        for match in re.finditer(r"\b" + pattern + r"(?:en|na|erna)?\b", sentence[:position], re.I):
            if best is None or match.start() > best[0]:
                best = (match.start(), population)
    if best is not None:
        return best[1]
    judged = {id(p): p for _pat, p in nouns if p.due}
    return next(iter(judged.values())) if len(judged) == 1 else None


def _sentence(piece: TextPiece, sentence: str, nouns, data: ReportData) -> list[Finding]:
    findings: list[Finding] = []
    claimed: set[int] = set()
    # "31 uppdrag", "18 kortsiktiga nyckeltal", "5 av 18 nyckeltal"
    for pattern, population in nouns:
        regex = (
            r"\b"
            + _NUM
            + r"\s+(?:av\s+(?:de\s+|dessa\s+)?(?P<of>\d{1,5})\s+)?"
            + r"(?:(?P<term>kortsiktiga|långsiktiga)\s+)?"  # "18 kortsiktiga nyckeltal"
            + pattern
            + r"\b"
        )
        for match in re.finditer(regex, sentence, re.I):
            if match.start("n") in claimed:
                continue
            claimed.add(match.start("n"))
            total_text = match["of"] or match["n"]
            total = int(to_decimal(total_text) or 0)
            if match["term"]:
                population = _term(population, match["term"].lower())
            following = sentence[match.end() : match.end() + 60]
            status_after = _status_match(following, population, data)
            stated_text = match[0] + (following[: status_after[1]] if status_after else "")
            if match["of"]:
                claimed.add(match.start("of"))
                if total not in population.counts:
                    findings.append(_count_finding(piece, match[0], total, population))
                if status_after is not None:
                    stated = int(to_decimal(match["n"]) or 0)
                    findings.extend(
                        _status_check(piece, stated_text, stated, status_after, population, data)
                    )
                continue
            if status_after is not None and status_after[0] == 0:
                # "5 nyckeltal helt uppfyllda": a status count, not the total
                stated = int(to_decimal(match["n"]) or 0)
                findings.extend(
                    _status_check(piece, stated_text, stated, status_after, population, data)
                )
                continue
            if total not in population.counts:
                findings.append(_count_finding(piece, match[0], total, population))
    # "14 är uppfyllda", "9 gröna", "1 som inte rapporterats"
    for match in re.finditer(r"\b" + _NUM + r"(?=\s)", sentence, re.I):
        if match.start("n") in claimed:
            continue
        population = _population_near(sentence, match.start(), nouns)
        if population is None:
            continue
        found = _status_match(sentence[match.end() :], population, data, leading=True)
        if found is None:
            continue
        stated = int(to_decimal(match["n"]) or 0)
        claimed.add(match.start("n"))
        findings.extend(
            _status_check(
                piece,
                match[0] + sentence[match.end() :][: found[1]],
                stated,
                found,
                population,
                data,
            )
        )
    # "39 procent av mätetalen är uppfyllda", "32 % uppnådda"
    for match in re.finditer(
        r"(?<![\d,])(?P<p>\d{1,3}(?:,\d+)?)\s?(?:%|procent)(?P<rest>[^.;:]{0,80})", sentence
    ):
        population = _population_near(sentence, match.end(), nouns)
        if population is None or not population.due:
            continue
        rest = match["rest"]
        rest = re.sub(
            r"^\s+av\s+(?:de\s+|alla\s+)?[a-zåäö ]{0,40}?(?=\s+(?:är|var|bedöms)\b)", "", rest
        )
        found = _status_match(rest, population, data, leading=True)
        if found is None:
            continue
        stated_text = match["p"]
        stated_share = to_decimal(stated_text) or Decimal(0)
        count = found[2]
        computed = Decimal(count) * 100 / len(population.due)
        if abs(computed - stated_share) > half_unit(stated_text) + Decimal("0.000001"):
            findings.append(
                _finding(
                    piece,
                    "text_share",
                    f"{stated_text} %",
                    nf.format_percent(computed, 0 if "," not in stated_text else 1),
                    _(
                        "Texten anger ”%(text)s”, men %(count)s av %(total)s %(noun)s "
                        "(%(share)s) har den statusen."
                    )
                    % {
                        "text": match[0].strip(),
                        "count": count,
                        "total": len(population.due),
                        "noun": population.noun,
                        "share": nf.format_percent(computed, 0 if "," not in stated_text else 1),
                    },
                )
            )
    return findings


def _status_match(text: str, population: Population, data: ReportData, *, leading: bool = False):
    """(0, end, count) when `text` starts with a status word of the population's items."""
    keys = []
    for item in population.due + population.later:
        key = data.statuses.of(item)
        if key is not None and key not in keys:
            keys.append(key)
    for levels in {
        id(data.statuses.levels_for(i)): data.statuses.levels_for(i) for i in population.due
    }.values():
        for level in levels:
            key = StatusKey.of(level)
            if key not in keys:
                keys.append(key)
    for pattern, how in status_patterns(keys):
        match = re.match(
            r"\s*"
            + (_LINK if leading else r"(?:\s+[a-zåäö]+){0,2}?" + _LINK)
            + r"\s+(?:"
            + pattern
            + r")\b",
            " " + text,
            re.I,
        )
        if match:
            return (0, match.end() - 1, _count_with(population, data, how))
    return None


def _status_check(piece, stated_text, stated, found, population, data) -> list[Finding]:
    actual = found[2]
    if stated == actual:
        return []
    return [
        _finding(
            piece,
            "text_status_count",
            stated_text.strip(),
            str(actual),
            _("Texten anger ”%(text)s”, men %(count)s %(noun)s har den statusen i %(scope)s.")
            % {
                "text": stated_text.strip(),
                "count": actual,
                "noun": population.noun,
                "scope": piece.scope.label,
            },
        )
    ]


def _count_finding(
    piece: TextPiece, stated_text: str, stated: int, population: Population
) -> Finding:
    due, total = len(population.due), len(population.due) + len(population.later)
    expected = str(due) if due == total else f"{due} ({total} med dem som följs upp senare)"
    return _finding(
        piece,
        "text_count",
        stated_text,
        expected,
        _("Texten anger ”%(text)s”, men %(scope)s har %(expected)s %(noun)s.")
        % {
            "text": stated_text,
            "scope": piece.scope.label,
            "expected": expected,
            "noun": population.noun,
        },
    )


def check_table_row_counts(pieces: list[TextPiece], document) -> list[Finding]:
    """ "16 handlingsplaner" in a text beside a table listing 17: a count stated in a
    section against the number of rows of the section's table about the same thing."""
    rows_by_section: dict[str, dict[str, set[int]]] = {}
    for section, table in document.tables():
        if any(c.share or c.summable for c in table.columns):
            continue  # summaries count statuses; economic tables are not lists of things
        rows = sum(1 for r in table.rows if r.kind == "data")
        words = re.findall(r"[a-zåäö]{5,}", table.caption.lower())
        if table.columns:
            words += re.findall(r"[a-zåäö]{5,}", table.columns[0].label.lower())
        for word in words:
            rows_by_section.setdefault(section.key, {}).setdefault(word[:6], set()).add(rows)
    findings = []
    for piece in pieces:
        counts = rows_by_section.get(piece.section.key)
        if not counts or piece.item_code or not piece.states_figures:
            continue
        for match in re.finditer(r"\b(\d{1,4})\s+(?:st\.?\s+)?([a-zåäö]{5,})\b", piece.text, re.I):
            listed = counts.get(match[2].lower()[:6])
            if listed is not None and int(match[1]) not in listed:
                findings.append(
                    _finding(
                        piece,
                        "text_count",
                        match[0],
                        " / ".join(str(r) for r in sorted(listed)),
                        _("Texten anger ”%(text)s”, men tabellen i avsnittet har %(rows)s rader.")
                        % {"text": match[0], "rows": " / ".join(str(r) for r in sorted(listed))},
                    )
                )
    return findings
