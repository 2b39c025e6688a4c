"""The report check, measured: errors of every kind are planted into the demo reports of
both organisations (RS and HSN) and the check must find at least 95 % of them, while
raising nothing on the clean reports and on true statements that look like errors.

Each report is built once; every mutation alters the built document (a text, a cell)
in place, is checked against the same data without a database query, and is undone.
The table of kinds × planted × caught is printed and written to docs/report-check.md.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest

from styra.demo.reports import DEMO_REPORTS
from styra.followup.models import Round
from styra.formats import numbers as nf
from styra.org.models import Unit
from styra.plans.models import ItemKind
from styra.reports.check import ERROR, WARNING, check_document
from styra.reports.check.plausibility import indicator_history
from styra.reports.check.statements import colour_name
from styra.reports.document import Cell, Document, Paragraph, Table
from styra.reports.selectors import report_data
from styra.reports.services import report_document
from tests.paths import REPO_ROOT

DOC = REPO_ROOT / "docs" / "report-check.md"
START, END = "<!-- mutation-table -->", "<!-- /mutation-table -->"

KINDS = {
    "text_count": "Antal i text (per avsnitt)",
    "text_status_count": "Antal per status- eller färgord i text",
    "text_share": "Andel i text",
    "text_amount": "Belopp och procent i text",
    "table_total": "Summa/delsumma i tabell",
    "imported_total": "Summa i importerad tabell",
    "table_difference": "Differens/förändring i tabell",
    "table_share": "Andel i tabell",
    "duplicate_figure": "Samma uppgift två gånger",
    "plausibility_sign": "Prognos med fel tecken",
    "plausibility_factor": "Faktor ~1 000 (tkr/mkr)",
    "plausibility_history": "Värde långt från historik och mål",
    "stale_period": "Inaktuell period",
    "placeholder": "Platshållare",
}
# Which finding kinds count as catching a planted error of each kind.
CATCHES = {
    "text_count": {"text_count", "text_status_count"},  # "3 … följs upp på helår" is both
    "text_status_count": {"text_status_count"},
    "text_share": {"text_share"},
    "text_amount": {"text_amount"},
    "table_total": {"total_mismatch"},
    "imported_total": {"total_mismatch"},
    "table_difference": {"difference_mismatch"},
    "table_share": {"share_mismatch", "share_sum"},
    "duplicate_figure": {"duplicate_figure"},
    # A forecast printed beside its deviation (prognossäkerhet: outcome − forecast) is
    # caught by the deviation's check as well.
    "plausibility_sign": {"plausibility", "difference_mismatch"},
    "plausibility_factor": {"plausibility", "difference_mismatch"},
    "plausibility_history": {"plausibility"},
    "stale_period": {"stale_period"},
    "placeholder": {"placeholder"},
}


@dataclass
class Mutation:
    kind: str
    report: str
    where: str
    apply: object  # () -> undo
    found: list = field(default_factory=list)


# --- the reports, built once ---------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(_demo_loaded, django_db_blocker):
    built = {}
    with django_db_blocker.unblock():
        for round_code, unit_code in DEMO_REPORTS:
            round_ = Round.objects.select_related("plan", "plan__unit").get(code=round_code)
            unit = Unit.objects.get(code=unit_code)
            document = report_document(round_=round_, unit=unit)
            data = report_data(round_, unit)
            history = indicator_history(data)
            baseline = check_document(document, data, history=history)
            built[unit_code] = SimpleNamespace(
                document=document, data=data, history=history, baseline=baseline
            )
    return built


def _signature(finding) -> tuple:
    return (finding.kind, finding.place, finding.message, finding.item_code)


# --- where to plant ---------------------------------------------------------------------------


def _paragraphs(document: Document):
    """(section, paragraph) of the texts people write (not table cells, not notes)."""
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.style == "body" and len(block.text) > 40:
                yield section, block


def _set_text(paragraph: Paragraph, text: str):
    old = paragraph.text
    paragraph.text = text

    def undo():
        paragraph.text = old

    return undo


def _append(paragraph: Paragraph, sentence: str):
    return lambda: _set_text(paragraph, f"{paragraph.text} {sentence}")


def _replace_at(paragraph: Paragraph, start: int, end: int, new: str):
    return lambda: _set_text(paragraph, paragraph.text[:start] + new + paragraph.text[end:])


def _set_cell(cell: Cell, value: Decimal, text: str | None = None):
    def apply():
        old = (cell.value, cell.text)
        cell.value = value
        cell.text = text if text is not None else nf.format_number(value, 1)

        def undo():
            cell.value, cell.text = old

        return undo

    return apply


def _tables(document: Document):
    yield from document.tables()


def _number_cells(table: Table, *, kinds=("data",), columns=None):
    for row in table.rows:
        if row.kind not in kinds:
            continue
        for index, cell in enumerate(row.cells):
            if cell.value is None or index >= len(table.columns):
                continue
            column = table.columns[index]
            if columns is None or columns(column):
                yield row, index, cell


def _scope_paragraph(document, scope_key):
    for section, paragraph in _paragraphs(document):
        if section.key.split(":", 1)[-1] == scope_key or (not scope_key and ":" not in section.key):
            return section, paragraph
    return None


# --- the mutations ---------------------------------------------------------------------------


def mutations(name: str, report, rng: random.Random) -> list[Mutation]:
    document, data = report.document, report.data
    planted: list[Mutation] = []

    def add(kind, where, apply):
        planted.append(Mutation(kind, name, where, apply))

    first = next(_paragraphs(document))[1]
    items = [i for i in data.items if i.kind != ItemKind.AREA]

    # Counts in texts: change each count a text states; plant wrong counts per scope.
    nouns = sorted(
        {(i.level.name_plural.lower(), i.level_id) for i in items}, key=lambda n: -len(n[0])
    )
    for section, paragraph in _paragraphs(document):
        for noun, level_id in nouns:
            for match in re.finditer(r"\b(\d{1,3}) " + re.escape(noun) + r"\b", paragraph.text):
                level_items = [i for i in items if i.level_id == level_id]
                true = {
                    len(level_items),
                    sum(data.is_due(i) for i in level_items),
                    sum(not data.is_due(i) for i in level_items),
                }
                wrong = next(n for n in (int(match[1]) + d for d in (1, 2, 3, 4)) if n not in true)
                add(
                    "text_count",
                    f"{section.key}: ”{match[0]}” → {wrong}",
                    _replace_at(paragraph, match.start(1), match.end(1), str(wrong)),
                )
    areas = [i for i in data.items if i.kind == ItemKind.AREA]
    for area in areas:
        target = _scope_paragraph(document, area.code)
        if target is None:
            continue
        section, paragraph = target
        every_below = [
            i for i in data.descendants(area, include_later=True) if i.kind != ItemKind.AREA
        ]
        by_level = Counter(i.level.name_plural.lower() for i in every_below if data.is_due(i))
        for noun, count in by_level.items():
            of_noun = [i for i in every_below if i.level.name_plural.lower() == noun]
            true = {count, len(of_noun), len(of_noun) - count}
            whole = sum(1 for i in items if i.level.name_plural.lower() == noun and data.is_due(i))
            wrong_near = next(n for n in range(count + 1, count + 10) if n not in true)
            for wrong in {wrong_near, whole if whole not in true else wrong_near + 1}:
                add(
                    "text_count",
                    f"{section.key}: {wrong} {noun} (området har {count})",
                    _append(paragraph, f"Området följer upp {wrong} {noun} i år."),
                )

    # Counts by status or colour word, and shares, per noun in the whole report.
    due_by_level: dict[str, list] = {}
    for item in items:
        if data.is_due(item):
            due_by_level.setdefault(item.level.name_plural.lower(), []).append(item)
    for noun, level_items in due_by_level.items():
        keys = Counter(data.statuses.of(i) for i in level_items)
        colours = Counter(colour_name(k.colour) for k in keys.elements() if k)
        definite = noun + ("en" if not noun.endswith(("al", "g", "l")) else "en")
        for key, count in keys.items():
            if key is None:
                continue
            label = key.label.lower()
            add(
                "text_status_count",
                f"{noun}: {count + 1} {label} (är {count})",
                _append(first, f"Av {noun} är {count + 1} {label}."),
            )
            share = nf.round_half_up(Decimal(count) * 100 / len(level_items), 0)
            wrong_share = share + (4 if share < 90 else -4)
            add(
                "text_share",
                f"{noun}: {wrong_share} % {label} (är {share} %)",
                _append(first, f"Av {noun} är {wrong_share} procent {label}."),
            )
        for colour, count in colours.items():
            word = {"green": "gröna", "yellow": "gula", "red": "röda"}.get(colour)
            if word:
                add(
                    "text_status_count",
                    f"{noun}: {count + 2} {word} (är {count})",
                    _append(first, f"Av {noun} är {count + 2} {word}."),
                )
        del definite
    for section, paragraph in _paragraphs(document):
        for match in re.finditer(
            r"\b(\d{1,3}) (?:är |var )?(?:helt |delvis |ej |inte )?(?:uppfyllda|uppfyllt)\b",
            paragraph.text,
        ):
            add(
                "text_status_count",
                f"{section.key}: ”{match[0]}”",
                _replace_at(paragraph, match.start(1), match.end(1), str(int(match[1]) + 1)),
            )

    # Amounts and percentages in texts: change the figures texts state about table rows
    # and indicators; plant wrong ones for every economic row and every indicator.
    for section, paragraph in _paragraphs(document):
        for match in re.finditer(r"(\d+,\d) (mkr|procent)", paragraph.text):
            value = Decimal(match[1].replace(",", "."))
            wrong = nf.format_number(value * Decimal("1.5") + Decimal("1.3"), 1)
            add(
                "text_amount",
                f"{section.key}: ”{match[0]}” → {wrong}",
                _replace_at(paragraph, match.start(1), match.end(1), wrong),
            )
    for _section, table in _tables(document):
        if table.unit != "tkr" or not table.caption.startswith("Ekonomisk analys"):
            continue
        for row in table.rows:
            if row.kind != "data" or row.cells[5].value in (None, Decimal(0)):
                continue
            change = abs(row.cells[5].value) / 1000
            if change < Decimal("0.5"):
                continue
            printed = [abs(c.value) / 1000 for c in row.cells if c.value is not None]
            wrong_value = next(
                change + step
                for step in (Decimal("2.3"), Decimal("5.7"), Decimal("13.1"), Decimal("31.9"))
                if all(abs(change + step - p) > Decimal("0.2") for p in printed)
            )
            wrong = nf.format_number(wrong_value, 1)
            label = row.cells[0].text
            add(
                "text_amount",
                f"{label}: {wrong} mkr (är {nf.format_number(change, 1)})",
                _append(first, f"{label} förändrades med {wrong} mkr jämfört med föregående år."),
            )
    for item in items:
        indicator = getattr(item, "indicator", None)
        assessment = data.assessments.get(item.pk)
        total = assessment.total_value() if assessment else None
        if indicator is None or total is None or total.value is None or indicator.unit != "%":
            continue
        wrong = nf.format_number(abs(total.value) + Decimal("3.3"), 1)
        add(
            "text_amount",
            f"{item.code}: {wrong} procent (är {total.value})",
            _append(first, f"{item.title.split(' (')[0]} var {wrong} procent under perioden."),
        )

    # Tables: totals, imported totals, differences, shares, duplicates.
    for _section, table in _tables(document):
        imported = table.key.startswith("vardplatser")
        for column in table.columns:
            if column.summable:
                cells = list(_number_cells(table, columns=lambda c, col=column: c is col))
                for row, _i, cell in cells[:: max(1, len(cells) // 3)][:3]:
                    add(
                        "imported_total" if imported else "table_total",
                        f"{table.caption}: {row.cells[0].text} / {column.label}",
                        _set_cell(cell, cell.value + 7),
                    )
            if column.difference_of or column.change_of:
                cells = list(_number_cells(table, kinds=("data", "subtotal", "total"),
                                           columns=lambda c, col=column: c is col))  # fmt: skip
                for row, _i, cell in cells[:: max(1, len(cells) // 4)][:4]:
                    add(
                        "table_difference",
                        f"{table.caption}: {row.cells[0].text} / {column.label}",
                        _set_cell(cell, cell.value + Decimal("11.3")),
                    )
            if column.share:
                for row, _i, cell in list(
                    _number_cells(table, columns=lambda c, col=column: c is col)
                )[:3]:
                    add(
                        "table_share",
                        f"{table.caption}: {row.cells[0].text} / {column.label}",
                        _set_cell(cell, cell.value + 3, f"{cell.value + 3} %"),
                    )
        for row in table.rows:
            if row.kind == "share":
                for index, cell in enumerate(row.cells):
                    if cell.value is not None and index % 2:
                        add(
                            "table_share",
                            f"{table.caption}: Andel / {table.columns[index].label}",
                            _set_cell(cell, cell.value + 5, f"{cell.value + 5} %"),
                        )
    captions = Counter(t.caption for _s, t in _tables(document))
    for _section, table in _tables(document):
        if captions[table.caption] > 1 and table.caption.startswith("Måluppfyllelse per mål"):
            # the copy printed in the strategy's own section (the second one)
            captions[table.caption] = 0
            for row, index, cell in list(_number_cells(table))[1:4]:
                add(
                    "duplicate_figure",
                    f"{table.caption}: {row.cells[0].text} / {table.columns[index].label}",
                    _set_cell(cell, cell.value + 1, nf.format_number(cell.value + 1)),
                )
        if table.key.startswith("inv-") and table.key != "inv-totalt":
            for row in table.rows:
                if row.kind == "total":
                    cell = row.cells[1]
                    add(
                        "duplicate_figure",
                        f"{table.caption}: Summa / {table.columns[1].label}",
                        _set_cell(cell, cell.value + 40, nf.format_number(cell.value + 40)),
                    )

    # Plausibility: forecasts with the wrong sign or a thousandfold, outcomes a
    # thousandfold, indicator values far from their history and target.
    for _section, table in _tables(document):
        labels = [c.label.lower() for c in table.columns]
        forecast = next((i for i, label in enumerate(labels) if label.startswith("prognos")), None)
        outcome = next((i for i, label in enumerate(labels) if "utfall" in label and "diff" not in label and "fg" not in label), None)  # fmt: skip
        if forecast is not None:
            for row in table.rows:
                cell = row.cells[forecast]
                if cell.value:
                    add("plausibility_sign", f"{table.caption}: {row.cells[0].text}",
                        _set_cell(cell, -cell.value))  # fmt: skip
                    add("plausibility_factor", f"{table.caption}: {row.cells[0].text}",
                        _set_cell(cell, cell.value * 1000))  # fmt: skip
        if (
            outcome is not None
            and table.unit in ("tkr", "mkr")
            and any("budget" in lb for lb in labels)
        ):
            budget = next(i for i, label in enumerate(labels) if "budget" in label)
            for row in table.rows[:6]:
                cell, reference = row.cells[outcome], row.cells[budget]
                if cell.value and reference.value and abs(reference.value) >= 1:
                    add("plausibility_factor", f"{table.caption}: {row.cells[0].text}",
                        _set_cell(cell, cell.value * 1000))  # fmt: skip
    seen: set[str] = set()
    indicators = {i.code for i in items if i.kind == ItemKind.INDICATOR}
    for _section, table in _tables(document):
        at = next(
            (i for i, c in enumerate(table.columns) if c.label.lower().startswith("utfall")), None
        )
        if at is None:
            continue
        for row in table.rows:
            cell = row.cells[at] if at < len(row.cells) else None
            if row.item_code not in indicators or row.item_code in seen:
                continue
            if cell is None or not cell.value or row.kind != "data":
                continue
            seen.add(row.item_code)
            factor = rng.choice([Decimal(20), Decimal(1) / 20, Decimal(100)])
            add(
                "plausibility_history",
                f"{row.item_code}: {cell.text} × {factor.normalize()}",
                _set_cell(cell, cell.value * factor),
            )

    # Stale periods and placeholders.
    stale = ["tertial 2 2025", "tertial 3 2025", "T2 2025", "tertial 1 2025", "delårsrapport 2025"]
    holders = ["xx", "XXX", "TODO", "Text skall in", "[…]", "Lorem ipsum"]
    for number, (section, paragraph) in enumerate(list(_paragraphs(document))[:8]):
        period = stale[number % len(stale)]
        add("stale_period", f"{section.key}: ”{period}”",
            _append(paragraph, f"Under {period} minskade kostnaderna."))  # fmt: skip
        holder = holders[number % len(holders)]
        add("placeholder", f"{section.key}: ”{holder}”",
            _append(paragraph, f"Här kommer {holder} att stå."))  # fmt: skip
    return planted


# --- the measurement -----------------------------------------------------------------------------


def test_planted_errors_are_found_and_clean_reports_raise_nothing(
    demo, reports, django_assert_num_queries, record_property
):
    for name, report in reports.items():
        raised = [f for f in report.baseline]
        assert raised == [], f"{name}: the clean report raises {raised}"
    rng = random.Random(2026)
    results: list[Mutation] = []
    for name, report in reports.items():
        before = {_signature(f) for f in report.baseline}
        for mutation in mutations(name, report, rng):
            undo = mutation.apply()
            try:
                with django_assert_num_queries(0):
                    findings = check_document(report.document, report.data, history=report.history)
            finally:
                undo()
            mutation.found = [
                f
                for f in findings
                if f.severity in (ERROR, WARNING)
                and f.kind in CATCHES[mutation.kind]
                and _signature(f) not in before
            ]
            results.append(mutation)
    table = _table(results)
    print("\n" + table)
    record_property("summary_table", table)  # printed in the run's summary (tests/conftest.py)
    _write_doc(table)
    missed = [m for m in results if not m.found]
    caught = len(results) - len(missed)
    print("\n".join(f"missed: {m.kind} {m.report} {m.where}" for m in missed))
    assert len(results) >= 200
    assert {m.kind for m in results} == set(KINDS)
    assert caught / len(results) >= 0.95, "\n".join(
        f"{m.kind} {m.report} {m.where}" for m in missed
    )


def _table(results: list[Mutation]) -> str:
    lines = [
        "| Fel som planterats | Typ | RS | HSN | Planterade | Hittade | Andel |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    total = found = 0
    for kind, label in KINDS.items():
        of_kind = [m for m in results if m.kind == kind]
        hits = sum(1 for m in of_kind if m.found)
        per = {r: sum(1 for m in of_kind if m.report == r) for r in ("RS", "HSN")}
        share = f"{hits * 100 // len(of_kind)} %" if of_kind else "–"
        lines.append(
            f"| {label} | `{kind}` | {per['RS']} | {per['HSN']} | {len(of_kind)} | {hits} | {share} |"
        )
        total, found = total + len(of_kind), found + hits
    lines.append(
        f"| **Totalt** | | | | **{total}** | **{found}** | **{found * 1000 // total / 10} %** |"
    )
    return "\n".join(lines)


def _write_doc(table: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    updated = text[:start] + "\n" + table + "\n" + text[end:]
    if updated != text:
        DOC.write_text(updated, encoding="utf-8")


# --- true statements that look like errors ---------------------------------------------------------


TRUE_STATEMENTS = [
    "Kostnaderna är lägre jämfört med tertial 1 2025.",
    "Resultatet är bättre än under tertial 2 2025.",
    "Sjukfrånvaron har minskat sedan tertial 3 2024.",
    "Det är fler än i delårsrapporten jämfört med delårsrapport 2025.",
    "Nästa uppföljning görs i tertial 2 2026.",
    "Utsläppen ska minska med 50 procent jämfört med 2019.",
    "Antalet besök ökade med 12 procent.",
    "Målet har följts upp i flera år.",
]


def test_true_statements_raise_nothing(demo, reports):
    for name, report in reports.items():
        before = {_signature(f) for f in report.baseline}
        paragraph = next(_paragraphs(report.document))[1]
        for statement in TRUE_STATEMENTS:
            undo = _set_text(paragraph, f"{paragraph.text} {statement}")
            try:
                new = [
                    f
                    for f in check_document(report.document, report.data, history=report.history)
                    if _signature(f) not in before
                ]
            finally:
                undo()
            assert new == [], (name, statement, new)


def test_a_scopes_own_count_is_not_compared_with_the_whole(demo, reports):
    """'Området följer upp 3 kortsiktiga nyckeltal' in an area's text is the area's count."""
    report = reports["RS"]
    data = report.data
    before = {_signature(f) for f in report.baseline}
    for area in [i for i in data.items if i.kind == ItemKind.AREA]:
        target = _scope_paragraph(report.document, area.code)
        if target is None:
            continue
        _section, paragraph = target
        below = [i for i in data.descendants(area) if i.kind == ItemKind.INDICATOR]
        if not below:
            continue
        noun = below[0].level.name_plural.lower()
        undo = _set_text(paragraph, f"{paragraph.text} Området följer upp {len(below)} {noun}.")
        try:
            new = [
                f
                for f in check_document(report.document, data, history=report.history)
                if _signature(f) not in before
            ]
        finally:
            undo()
        assert new == [], (area.code, new)


# --- every document the demo builds --------------------------------------------------------------


def test_every_demo_document_is_clean(demo):
    """The check raises nothing on the demo's documents: the T1 reports of both
    organisations (with their statistics) and the inspel document; on the
    verksamhetsplan exactly the error its demo data keeps on purpose ("xx mål", as the
    published plan had it) and nothing else."""
    from styra.demo.planning import INSPEL_CODE
    from styra.demo.reports import DEMO_PLANS
    from styra.plans.models import Plan
    from styra.reports.check import plan_document_check, report_check

    documents = [*DEMO_REPORTS, (INSPEL_CODE, "RS")]
    for round_code, unit_code in documents:
        round_ = Round.objects.select_related("plan", "plan__unit").get(code=round_code)
        found = report_check(round_=round_, unit=Unit.objects.get(code=unit_code))
        assert found == [], (round_code, unit_code, [f.message for f in found])
    for plan_code, unit_code in DEMO_PLANS:
        plan = Plan.objects.get(code=plan_code)
        found = plan_document_check(plan=plan, unit=Unit.objects.get(code=unit_code))
        assert [(f.kind, f.section, f.stated) for f in found] == [
            ("placeholder", "inledning", "xx")
        ], (plan_code, unit_code, [f.message for f in found])
