"""The report check: what Styra cannot compute and a controller must look at (spec §11).

Each finding has a severity (error, warning, info), a place (section and item) and a
Swedish message. Errors block a clean publication: `styra report check` exits 1.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styra.economy.registers.models import Forecast
from styra.economy.registers.plausibility import forecast_warnings
from styra.followup.models import Round
from styra.followup.summary import tally
from styra.formats.numbers import format_number, format_quantity
from styra.org.models import Unit
from styra.org.selectors import subtree_unit_ids
from styra.plans.models import ItemKind, PlanItem, StatusMeaning, TargetKind
from styra.plans.status import TargetRule, compute_status

from .builders.goals import item_noun, item_target
from .document import BulletList, Document, Paragraph, Table
from .selectors import ReportData, report_data

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {
    ERROR: gettext_lazy("Fel"),
    WARNING: gettext_lazy("Varning"),
    INFO: gettext_lazy("Information"),
}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    severity: str
    kind: str
    place: str
    message: str
    item_code: str = ""

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    def as_dict(self) -> dict:
        return asdict(self)


# --- walking the document's texts --------------------------------------------------


def _texts(document: Document):
    """(place, item code, text) of every text a reader sees."""
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield section.heading, "", block.text
            elif isinstance(block, BulletList):
                for item in block.items:
                    yield section.heading, "", item
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        if cell.text and cell.value is None and cell.status is None:
                            yield f"{section.heading} · {block.caption}", row.item_code, cell.text


PLACEHOLDERS = [
    (re.compile(r"\bx{2,}\b", re.IGNORECASE), "”{match}”"),
    (re.compile(r"text\s+skall\s+in|text\s+ska\s+in", re.IGNORECASE), "”{match}”"),
    (re.compile(r"\bTODO\b|\bTBD\b|\bFIXME\b"), "”{match}”"),
    (re.compile(r"\[\s*(?:…|\.\.\.)\s*\]"), "”{match}”"),
    (re.compile(r"\[Text saknas: [^\]]*\]"), "{match}"),
    (re.compile(r"lorem ipsum", re.IGNORECASE), "”{match}”"),
]


def check_placeholders(document: Document) -> list[Finding]:
    findings = []
    for place, code, text in _texts(document):
        for pattern, shown in PLACEHOLDERS:
            for match in pattern.finditer(text):
                findings.append(
                    Finding(
                        ERROR,
                        "placeholder",
                        place,
                        _("Platshållaren %(placeholder)s står kvar i texten.")
                        % {"placeholder": shown.format(match=match[0])},
                        code,
                    )
                )
    return findings


# --- stale periods ---------------------------------------------------------------------

_TERTIAL = re.compile(
    r"\b(?:tertial|T)\s?([1-3])(?:\s+|\s*[-/]\s*)((?:19|20)\d{2})\b", re.IGNORECASE
)
_REPORT_YEAR = re.compile(
    r"\b(delårsrapport(?:en)?|årsredovisning(?:en)?|tertialrapport(?:en)?|verksamhetsplan(?:en)?)"
    r"\s+((?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def round_tertial(round_: Round) -> tuple[int, int] | None:
    match = re.search(r"(\d{4})-T([1-3])", round_.code)
    if match:
        return int(match[2]), int(match[1])
    if round_.kind == "tertial":
        return {4: 1, 8: 2, 12: 3}.get(round_.period_end.month, 0), round_.period_end.year
    return None


def check_periods(document: Document, round_: Round) -> list[Finding]:
    findings = []
    tertial = round_tertial(round_)
    year = round_.period_end.year
    for place, code, text in _texts(document):
        for match in _TERTIAL.finditer(text):
            mentioned = (int(match[1]), int(match[2]))
            if tertial and mentioned != tertial:
                findings.append(
                    Finding(
                        ERROR,
                        "stale_period",
                        place,
                        _(
                            "Texten nämner ”%(text)s” men rapporten gäller tertial "
                            "%(tertial)s %(year)s."
                        )
                        % {"text": match[0], "tertial": tertial[0], "year": tertial[1]},
                        code,
                    )
                )
        for match in _REPORT_YEAR.finditer(text):
            if int(match[2]) == year - 1 and match[1].lower().startswith(
                ("tertialrapport", "delårsrapport")
            ):
                findings.append(
                    Finding(
                        WARNING,
                        "stale_period",
                        place,
                        _(
                            "Texten nämner ”%(text)s”: kontrollera att det inte är kvar från "
                            "föregående år (rapporten gäller %(year)s)."
                        )
                        % {"text": match[0], "year": year},
                        code,
                    )
                )
    return findings


# --- counts stated in texts --------------------------------------------------------------

_NUM = r"(\d{1,4})"
_STATUS_WORDS = {
    StatusMeaning.FULFILLED: r"helt\s+uppfyllda?",
    StatusMeaning.PARTLY: r"delvis\s+uppfyllda?",
    StatusMeaning.NOT_FULFILLED: r"ej\s+uppfyllda?|inte\s+uppfyllda?",
    StatusMeaning.NOT_REPORTED: r"(?:som\s+)?(?:inte|ej)\s+rapporterats?|ej\s+rapporterade?",
}
_INDICATOR_NOUN = r"(?:kortsiktiga\s+|långsiktiga\s+)?nyckeltal"
# The bare nouns: "31 uppdrag", "18 nyckeltal" count the items the report follows up.
_BARE_NOUNS = {
    ItemKind.ASSIGNMENT: "uppdrag",
    ItemKind.INDICATOR: "nyckeltal",
    ItemKind.ACTIVITY: "aktiviteter",
}
_ANY_COUNT = re.compile(r"\b" + _NUM + r"\s+(?:st\.?\s+)?([a-zåäö]{5,})\b", re.IGNORECASE)
_OF = re.compile(
    r"\b" + _NUM + r"\s+av\s+" + _NUM + r"\s+([a-zåäö ]{3,40}?)\b(?=[\s.,;:]|$)", re.IGNORECASE
)


def _meaning_counts(data: ReportData, kind: str) -> dict[str, int]:
    """Items of `kind` per status meaning, as the report's summary counts them."""
    counted = tally(data.of_kind(kind), data.statuses)
    counts: dict[str, int] = {}
    for c in counted.counts:
        counts[c.status.meaning] = counts.get(c.status.meaning, 0) + c.count
    return counts


@dataclass(frozen=True)
class CountNoun:
    """A noun a text may state a count of, and the count Styra computes for it."""

    label: str  # "kortsiktiga nyckeltal"
    pattern: str  # regex matching the noun
    count: int
    # Other counts the noun may truthfully state: a level's items due in the round, or
    # those followed up later ("5 mätetal mäts vid årsskiftet").
    also: frozenset[int] = frozenset()


def count_nouns(data: ReportData) -> list[CountNoun]:
    """The nouns whose counts a text may state, longest first.

    A plan level's plural ("kortsiktiga nyckeltal", "långsiktiga nyckeltal") counts the
    unit's items at that level, due in the round or not ("3 långsiktiga nyckeltal följs
    upp på helår"); a bare noun ("uppdrag", "nyckeltal") counts the items the report
    follows up; the report's own noun for a kind (item_noun) counts those too.
    """
    nouns: dict[str, CountNoun] = {}

    def add(label: str, count: int, also: frozenset[int] = frozenset()) -> None:
        if label not in nouns:
            pattern = r"\s+".join(re.escape(word) for word in label.split())
            nouns[label] = CountNoun(label, pattern, count, also)

    for kind in _BARE_NOUNS:
        every = data.of_kind(kind, include_later=True)
        by_level: dict[str, list[PlanItem]] = {}
        for item in every:
            if item.level and item.level.name_plural and list(item.level.kinds) == [kind]:
                by_level.setdefault(item.level.name_plural.lower(), []).append(item)
        for label, members in by_level.items():
            due_count = sum(1 for i in members if data.is_due(i))
            add(label, len(members), frozenset({due_count, len(members) - due_count}))
        due = data.of_kind(kind)
        for item in due[:1]:
            add(item_noun(item), len(due))
        if every:
            add(_BARE_NOUNS[kind], len(due))
    return sorted(nouns.values(), key=lambda n: -len(n.label))


def _stated(noun: CountNoun, stated_text: str, place: str, code: str) -> Finding:
    return Finding(
        ERROR,
        "comment_count",
        place,
        _("Texten anger ”%(text)s”, men rapporten innehåller %(count)s %(noun)s.")
        % {"text": stated_text, "count": noun.count, "noun": noun.label},
        code,
    )


def check_stated_counts(document: Document, data: ReportData) -> list[Finding]:
    findings = []
    nouns = count_nouns(data)
    indicator_counts = _meaning_counts(data, ItemKind.INDICATOR)
    table_rows = _table_row_counts(document)
    status_words = "|".join(_STATUS_WORDS.values())
    for place, code, text in _texts(document):
        if code:  # an item's own comment talks about its own subject, not the report's
            continue
        seen: set[tuple[int, int]] = set()
        for noun in nouns:
            for match in re.finditer(
                r"\b" + _NUM + r"\s+" + noun.pattern + r"\b", text, re.IGNORECASE
            ):
                if match.span(1) in seen:
                    continue  # a longer noun already claimed this number
                following = text[match.end() : match.end() + 30].lower()
                if re.match(r"\s*(?:" + status_words + ")", following):
                    continue  # "5 nyckeltal helt uppfyllda" is a status count, checked below
                preceding = text[max(0, match.start() - 6) : match.start()].lower()
                if re.search(r"\bav\s*$", preceding):
                    continue  # "5 av 18 nyckeltal": the 18 is checked as a total below
                seen.add(match.span(1))
                if int(match[1]) != noun.count and int(match[1]) not in noun.also:
                    findings.append(_stated(noun, match[0], place, code))
        for match in _OF.finditer(text):
            total, stated_noun = int(match[2]), match[3].lower()
            for noun in nouns:
                if re.match(noun.pattern, stated_noun):
                    if total != noun.count and total not in noun.also:
                        findings.append(_stated(noun, match[0], place, code))
                    break
        if re.search(_INDICATOR_NOUN, text, re.IGNORECASE):
            for meaning, words in _STATUS_WORDS.items():
                for match in re.finditer(
                    r"\b"
                    + _NUM
                    + r"\s+(?:"
                    + _INDICATOR_NOUN
                    + r"\s+)?(?:som\s+)?(?:är\s+|bedöms\s+som\s+)?(?:"
                    + words
                    + r")",
                    text,
                    re.IGNORECASE,
                ):
                    stated, actual = int(match[1]), indicator_counts.get(meaning, 0)
                    if stated != actual:
                        findings.append(
                            Finding(
                                ERROR,
                                "comment_count",
                                place,
                                _(
                                    "Texten anger ”%(text)s”, men %(count)s nyckeltal har "
                                    "statusen %(status)s."
                                )
                                % {
                                    "text": match[0],
                                    "count": actual,
                                    "status": str(StatusMeaning(meaning).label).lower(),
                                },
                                code,
                            )
                        )
        for match in _ANY_COUNT.finditer(text):
            noun_word = match[2].lower()
            rows = table_rows.get(place, {}).get(noun_word[:6])
            if rows is not None and int(match[1]) != rows and match.span(1) not in seen:
                findings.append(
                    Finding(
                        ERROR,
                        "comment_count",
                        place,
                        _("Texten anger ”%(text)s”, men tabellen i avsnittet har %(rows)s rader.")
                        % {"text": match[0], "rows": rows},
                        code,
                    )
                )
    return findings


def _table_row_counts(document: Document) -> dict[str, dict[str, int]]:
    """Per section heading: a table's data-row count by the first 6 letters of its subject."""
    found: dict[str, dict[str, int]] = {}
    for section in document.sections:
        for block in section.blocks:
            if not isinstance(block, Table) or any(c.share for c in block.columns):
                continue  # a status summary counts levels, not the things named
            rows = sum(1 for r in block.rows if r.kind == "data")
            words = re.findall(r"[a-zåäö]{5,}", block.caption.lower())
            if block.columns:
                words += re.findall(r"[a-zåäö]{5,}", block.columns[0].label.lower())
            for word in words:
                found.setdefault(section.heading, {})[word[:6]] = rows
    return found


# --- tables: totals and shares -------------------------------------------------------------


def check_tables(document: Document) -> list[Finding]:
    findings = []
    for section, table in document.tables():
        place = f"{section.heading} · {table.caption}"
        for index, column in enumerate(table.columns):
            if column.summable:
                findings.extend(_check_sums(table, index, place))
            if column.share:
                findings.extend(_check_shares(table, index, place))
    return findings


def _value(row, index) -> Decimal | None:
    return row.cells[index].value if index < len(row.cells) else None


def _check_sums(table: Table, index: int, place: str) -> list[Finding]:
    findings = []
    running: list[Decimal] = []  # data rows since the last subtotal
    uncovered: list[Decimal] = []  # data rows no subtotal covers
    subtotals: list[Decimal] = []
    column = table.columns[index].label
    for row in table.rows:
        value = _value(row, index)
        if row.kind == "data":
            if value is not None:
                running.append(value)
        elif row.kind == "subtotal":
            if value is not None and running and not _close(sum(running), value):
                findings.append(_sum_finding(place, row, column, value, sum(running)))
            if value is not None:
                subtotals.append(value)
            running = []
        elif row.kind == "total":
            uncovered.extend(running)
            expected = sum(subtotals) + sum(uncovered)
            if value is not None and (subtotals or uncovered) and not _close(expected, value):
                findings.append(_sum_finding(place, row, column, value, expected))
            running, uncovered, subtotals = [], [], []
    return findings


def _close(a: Decimal, b: Decimal) -> bool:
    return abs(Decimal(a) - Decimal(b)) < Decimal("0.000001")


def _sum_finding(place, row, column, stated, expected) -> Finding:
    label = row.cells[0].text or row.cells[1].text if len(row.cells) > 1 else row.cells[0].text
    return Finding(
        ERROR,
        "total_mismatch",
        place,
        _(
            "Summan i raden ”%(row)s”, kolumnen ”%(column)s”, är %(stated)s men "
            "raderna ovanför summerar till %(expected)s."
        )
        % {
            "row": label,
            "column": column,
            "stated": format_number(stated, 1),
            "expected": format_number(expected, 1),
        },
        row.item_code,
    )


def _check_shares(table: Table, index: int, place: str) -> list[Finding]:
    shares = [_value(r, index) for r in table.rows if r.kind == "data"]
    shares = [s for s in shares if s is not None]
    if not shares:
        return []
    printed = sum(shares)
    # Each printed share is off by at most half a unit of its last digit.
    slack = Decimal("0.5") * len(shares)
    if abs(printed - 100) > slack:
        return [
            Finding(
                ERROR,
                "share_sum",
                place,
                _("Andelarna summerar till %(sum)s, vilket inte kan förklaras av avrundning.")
                % {"sum": format_quantity(printed, "%")},
            )
        ]
    if printed != 100:
        return [
            Finding(
                INFO,
                "share_sum",
                place,
                _(
                    "Andelarna summerar till %(sum)s på grund av avrundning; "
                    "rapporten har en fotnot om det."
                )
                % {"sum": format_quantity(printed, "%")},
            )
        ]
    return []


# --- assessments -------------------------------------------------------------------------------


def check_assessments(data: ReportData) -> list[Finding]:
    findings = []
    year = data.round.period_end.year
    for item in data.items:
        if item.kind not in (ItemKind.INDICATOR, ItemKind.ASSIGNMENT) or not data.is_due(item):
            continue
        place = f"{item.code} {item.title}"
        assessment = data.assessments.get(item.pk)
        if assessment is None or assessment.status_id is None:
            findings.append(
                Finding(
                    ERROR,
                    "missing_assessment",
                    place,
                    (
                        _("Bedömning saknas för nyckeltalet ”%(title)s”.")
                        if item.kind == ItemKind.INDICATOR
                        else _("Bedömning saknas för uppdraget ”%(title)s”.")
                    )
                    % {"title": item.title},
                    item.code,
                )
            )
            continue
        if item.kind != ItemKind.INDICATOR:
            continue
        total = assessment.total_value()
        target = item_target(item, year)
        if target is None or target.kind in (TargetKind.COMPLETION, TargetKind.NOT_SET):
            continue
        value = total.value if total else None
        comparison = total.comparison_value if total else None
        result = compute_status(
            TargetRule.from_target(target, data.round.plan), value, comparison_value=comparison
        )
        judged = {StatusMeaning.FULFILLED, StatusMeaning.PARTLY, StatusMeaning.NOT_FULFILLED}
        if result.meaning in judged and assessment.status.meaning != result.meaning:
            computed = str(StatusMeaning(result.meaning).label).lower()
            reported = assessment.status.label
            if assessment.status_overridden and assessment.comment.strip():
                findings.append(
                    Finding(
                        INFO,
                        "status_contradiction",
                        place,
                        _(
                            "Statusen ”%(status)s” är satt manuellt med motivering; utfall och "
                            "mål ger %(computed)s."
                        )
                        % {"status": reported, "computed": computed},
                        item.code,
                    )
                )
            else:
                findings.append(
                    Finding(
                        WARNING,
                        "status_contradiction",
                        place,
                        _(
                            "Statusen ”%(status)s” stämmer inte med utfall och mål, som ger "
                            "%(computed)s. Ändra statusen eller motivera avvikelsen i "
                            "kommentaren."
                        )
                        % {"status": reported, "computed": computed},
                        item.code,
                    )
                )
        if value is None and not (total and total.missing_reason):
            findings.append(
                Finding(
                    WARNING,
                    "missing_value",
                    place,
                    _("Utfall saknas för nyckeltalet ”%(title)s” utan angiven orsak.")
                    % {"title": item.title},
                    item.code,
                )
            )
    return findings


# --- forecasts ----------------------------------------------------------------------------------


def check_forecasts(round_: Round, unit: Unit) -> list[Finding]:
    """The forecasts of the unit and its sub-units by the rules the forecast form warns with."""
    unit_ids = subtree_unit_ids(unit, round_.period_end)
    findings = []
    for forecast in Forecast.objects.filter(round=round_, unit_id__in=unit_ids).select_related(
        "unit"
    ):
        for warning in forecast_warnings(round=round_, unit=forecast.unit, amount=forecast.amount):
            findings.append(
                Finding(
                    WARNING,
                    "implausible_forecast",
                    _("Helårsprognos %(unit)s") % {"unit": forecast.unit.code},
                    warning.message,
                )
            )
    return findings


def report_check(*, round_: Round, unit: Unit, document: Document | None = None) -> list[Finding]:
    """All findings for `unit`'s report in `round_`, errors first."""
    if document is None:
        from .services import report_document

        document = report_document(round_=round_, unit=unit)
    data = report_data(round_, unit)
    findings = [
        *check_assessments(data),
        *check_tables(document),
        *check_stated_counts(document, data),
        *check_placeholders(document),
        *check_periods(document, round_),
        *check_forecasts(round_, unit),
    ]
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
