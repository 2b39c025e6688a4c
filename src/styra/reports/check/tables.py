"""Tables: totals and subtotals, row totals, differences and changes in percent, shares,
and the same figure printed twice with different values.

Every table is checked the same way, the ones Styra computes and the ones imported as
they came (their printed totals included). Values are the exact ones the cells keep;
a figure printed in two places is compared as printed (rounded).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.formats.numbers import format_number, format_quantity, round_half_up
from styra.reports.document import Document, Row, Section, Table

from .findings import ERROR, Finding

EXACT = Decimal("0.000001")


def _value(row: Row, index: int) -> Decimal | None:
    return row.cells[index].value if 0 <= index < len(row.cells) else None


def _label(row: Row) -> str:
    return next((c.text for c in row.cells if c.text and c.value is None), "")


def _finding(
    section: Section,
    table: Table,
    row: Row,
    column: str,
    kind: str,
    message: str,
    stated: Decimal,
    expected: Decimal,
) -> Finding:
    return Finding(
        ERROR,
        kind,
        f"{section.heading} · {table.caption}",
        message,
        row.item_code,
        section=section.key,
        cell=f"{_label(row)} / {column}",
        stated=format_number(stated, 1),
        expected=format_number(expected, 1),
    )


def check_tables(document: Document, item_codes: frozenset[str] = frozenset()) -> list[Finding]:
    findings: list[Finding] = []
    for section, table in document.tables():
        for index, column in enumerate(table.columns):
            if column.summable:
                if any(row.members for row in table.rows):
                    findings.extend(_member_sums(section, table, index))
                else:
                    findings.extend(_sums(section, table, index))
                findings.extend(_equalities(section, table, index))
            if column.share:
                findings.extend(_shares(section, table, index))
            if column.row_total:
                findings.extend(_row_totals(section, table, index))
            if column.difference_of:
                findings.extend(_differences(section, table, index))
            if column.change_of:
                findings.extend(_changes(section, table, index))
        findings.extend(_share_rows(section, table))
    findings.extend(check_duplicates(document, item_codes))
    return findings


def _sums(section: Section, table: Table, index: int) -> list[Finding]:
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
            if value is not None and running and abs(sum(running) - value) > EXACT:
                findings.append(_sum_finding(section, table, row, column, value, sum(running)))
            if value is not None:
                subtotals.append(value)
            running = []
        elif row.kind == "total":
            uncovered.extend(running)
            expected = sum(subtotals) + sum(uncovered)
            if value is not None and (subtotals or uncovered) and abs(expected - value) > EXACT:
                findings.append(_sum_finding(section, table, row, column, value, expected))
            running, uncovered, subtotals = [], [], []
    return findings


def _member_sums(section: Section, table: Table, index: int) -> list[Finding]:
    """Sum rows that name their members (financial statements): each equals the signed
    sum of exactly those rows."""
    findings = []
    column = table.columns[index].label
    values = {row.item_code: _value(row, index) for row in table.rows if row.item_code}
    for row in table.rows:
        value = _value(row, index)
        if not row.members or value is None:
            continue
        known = [(values.get(code), sign) for code, sign in row.members]
        parts = [(v, sign) for v, sign in known if v is not None]
        if not parts:
            continue
        expected = sum((v * sign for v, sign in parts), Decimal(0))
        if abs(expected - value) >= EXACT:
            findings.append(_sum_finding(section, table, row, column, value, expected))
    return findings


def _equalities(section: Section, table: Table, index: int) -> list[Finding]:
    """Rows that must be equal (the balance sheet balances; the cash flow equals the
    change in liquid assets)."""
    findings = []
    column = table.columns[index].label
    values = {row.item_code: _value(row, index) for row in table.rows if row.item_code}
    for equality in table.equalities:
        left, right = values.get(equality.left), values.get(equality.right)
        # Exact: one krona off in a table in mkr is 0,000001, and still off.
        if left is None or right is None or abs(left - right) < EXACT:
            continue
        findings.append(
            Finding(
                ERROR,
                "statement_mismatch",
                f"{section.heading} · {table.caption}",
                _(
                    "%(label)s stämmer inte i kolumnen ”%(column)s”: %(left)s mot %(right)s "
                    "(skillnad %(difference)s)."
                )
                % {
                    "label": equality.label,
                    "column": column,
                    "left": format_number(left, 1),
                    "right": format_number(right, 1),
                    "difference": format_number(left - right, 1),
                },
                equality.left,
                section=section.key,
                cell=f"{equality.label} / {column}",
                stated=format_number(left, 1),
                expected=format_number(right, 1),
            )
        )
    return findings


def _sum_finding(section, table, row, column, stated, expected) -> Finding:
    return _finding(
        section, table, row, column, "total_mismatch",
        _(
            "Summan i raden ”%(row)s”, kolumnen ”%(column)s”, är %(stated)s men "
            "raderna ovanför summerar till %(expected)s."
        )
        % {
            "row": _label(row),
            "column": column,
            "stated": format_number(stated, 1),
            "expected": format_number(expected, 1),
        },
        stated, expected,
    )  # fmt: skip


def _row_totals(section: Section, table: Table, index: int) -> list[Finding]:
    parts = [i for i, c in enumerate(table.columns) if c.summable and i != index]
    findings = []
    for row in table.rows:
        stated = _value(row, index)
        values = [_value(row, i) for i in parts]
        if stated is None or row.kind == "share" or any(v is None for v in values):
            continue
        expected = sum((v for v in values if v is not None), Decimal(0))
        if abs(expected - stated) > EXACT:
            findings.append(
                _finding(
                    section,
                    table,
                    row,
                    table.columns[index].label,
                    "total_mismatch",
                    _(
                        "Radsumman i raden ”%(row)s” är %(stated)s men kolumnerna summerar till %(expected)s."
                    )
                    % {
                        "row": _label(row),
                        "stated": format_number(stated, 1),
                        "expected": format_number(expected, 1),
                    },
                    stated,
                    expected,
                )  # fmt: skip
            )
    return findings


def _differences(section: Section, table: Table, index: int) -> list[Finding]:
    first, second = table.columns[index].difference_of or (0, 0)
    findings = []
    for row in table.rows:
        stated, a, b = _value(row, index), _value(row, first), _value(row, second)
        if stated is None or a is None or b is None:
            continue
        expected = a - b
        if abs(expected - stated) > EXACT:
            findings.append(
                _finding(
                    section,
                    table,
                    row,
                    table.columns[index].label,
                    "difference_mismatch",
                    _(
                        "Skillnaden i raden ”%(row)s”, kolumnen ”%(column)s”, är %(stated)s men "
                        "”%(a)s” − ”%(b)s” är %(expected)s."
                    )
                    % {
                        "row": _label(row),
                        "column": table.columns[index].label,
                        "stated": format_number(stated, 1),
                        "a": table.columns[first].label,
                        "b": table.columns[second].label,
                        "expected": format_number(expected, 1),
                    },
                    stated,
                    expected,
                )  # fmt: skip
            )
    return findings


def _changes(section: Section, table: Table, index: int) -> list[Finding]:
    """A change in percent: (a − b) / b · 100, to the printed decimal (so a cost, which is
    negative, that grew shows a positive change, as domain guide §7.3 prints it)."""
    first, second = table.columns[index].change_of or (0, 0)
    findings = []
    for row in table.rows:
        stated, a, b = _value(row, index), _value(row, first), _value(row, second)
        if stated is None or a is None or b is None or b == 0:
            continue
        expected = (a - b) / b * 100
        if abs(round_half_up(expected, 1) - round_half_up(stated, 1)) > EXACT:
            findings.append(
                _finding(
                    section,
                    table,
                    row,
                    table.columns[index].label,
                    "difference_mismatch",
                    _(
                        "Förändringen i raden ”%(row)s” är %(stated)s men beräknas till %(expected)s."
                    )
                    % {
                        "row": _label(row),
                        "stated": format_quantity(stated, "%", 1),
                        "expected": format_quantity(expected, "%", 1),
                    },
                    stated,
                    expected,
                )  # fmt: skip
            )
    return findings


def _shares(section: Section, table: Table, index: int) -> list[Finding]:
    """A share column: each share is its count of the total (rounded on its own), and
    the printed shares add up to 100 within rounding.

    A table in groups (data rows, each group closed by its subtotal) has shares of each
    group's subtotal, adding up to 100 per group; otherwise of the total row.
    """
    findings: list[Finding] = []
    column = table.columns[index]
    counts_at = column.share_of
    group: list[Row] = []
    for row in table.rows:
        if row.kind == "data":
            group.append(row)
        elif row.kind in ("subtotal", "total") and group:
            total = _value(row, counts_at) if counts_at is not None else None
            findings.extend(_group_shares(section, table, index, group, total))
            group = []
    if group:
        findings.extend(_group_shares(section, table, index, group, None))
    return findings


def _printed_decimals(text: str) -> int:
    """How many decimals a printed share has: '27,8 %' → 1, '28 %' → 0."""
    match = re.search(r",(\d+)", text)
    return len(match[1]) if match else 0


def _group_shares(
    section: Section, table: Table, index: int, rows: list[Row], total: Decimal | None
) -> list[Finding]:
    findings: list[Finding] = []
    column = table.columns[index]
    counts_at = column.share_of
    shares: list[Decimal] = []
    for row in rows:
        share = _value(row, index)
        if share is None:
            continue
        shares.append(share)
        count = _value(row, counts_at) if counts_at is not None else None
        if count is not None and total:
            # Compared as printed: "28 %" for 27,8 is right, "27,8 %" needs the decimal.
            decimals = _printed_decimals(row.cells[index].text)
            expected = round_half_up(count * 100 / total, decimals)
            if abs(expected - round_half_up(share, decimals)) > EXACT:
                findings.append(
                    _finding(
                        section,
                        table,
                        row,
                        column.label,
                        "share_mismatch",
                        _(
                            "Andelen i raden ”%(row)s” är %(stated)s men %(count)s av %(total)s är %(expected)s."
                        )
                        % {
                            "row": _label(row),
                            "stated": format_quantity(share, "%"),
                            "count": format_number(count),
                            "total": format_number(total),
                            "expected": format_quantity(expected, "%"),
                        },
                        share,
                        expected,
                    )  # fmt: skip
                )
    if shares:
        printed = sum(shares, Decimal(0))
        slack = Decimal("0.5") * len(shares)
        if abs(printed - 100) > slack:
            findings.append(
                Finding(
                    ERROR,
                    "share_sum",
                    f"{section.heading} · {table.caption}",
                    _("Andelarna summerar till %(sum)s, vilket inte kan förklaras av avrundning.")
                    % {"sum": format_quantity(printed, "%")},
                    section=section.key,
                    cell=column.label,
                    stated=format_quantity(printed, "%"),
                    expected="100 %",
                )
            )
    return findings


def _share_rows(section: Section, table: Table) -> list[Finding]:
    """A row of shares under a total row: each is its column's total of the whole."""
    findings: list[Finding] = []
    total_row = next((r for r in table.rows if r.kind == "total"), None)
    whole_at = next((i for i, c in enumerate(table.columns) if c.row_total), None)
    if total_row is None or whole_at is None:
        return findings
    whole = _value(total_row, whole_at)
    for row in table.rows:
        if row.kind != "share" or not whole:
            continue
        printed: list[Decimal] = []
        for index, cell in enumerate(row.cells):
            count = _value(total_row, index)
            if cell.value is None or count is None or index == whole_at:
                continue
            printed.append(cell.value)
            expected = round_half_up(count * 100 / whole, 0)
            if abs(expected - cell.value) > EXACT:
                findings.append(
                    _finding(
                        section,
                        table,
                        row,
                        table.columns[index].label,
                        "share_mismatch",
                        _(
                            "Andelen i kolumnen ”%(column)s” är %(stated)s men %(count)s av %(total)s är %(expected)s."
                        )
                        % {
                            "column": table.columns[index].label,
                            "stated": format_quantity(cell.value, "%"),
                            "count": format_number(count),
                            "total": format_number(whole),
                            "expected": format_quantity(expected, "%"),
                        },
                        cell.value,
                        expected,
                    )  # fmt: skip
                )
        if printed and abs(sum(printed, Decimal(0)) - 100) > Decimal("0.5") * len(printed):
            findings.append(
                Finding(
                    ERROR,
                    "share_sum",
                    f"{section.heading} · {table.caption}",
                    _("Andelarna summerar till %(sum)s, vilket inte kan förklaras av avrundning.")
                    % {"sum": format_quantity(sum(printed, Decimal(0)), "%")},
                    section=section.key,
                    stated=format_quantity(sum(printed), "%"),
                    expected="100 %",
                )
            )
    return findings


# --- the same figure printed twice ---------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"[^a-zåäö0-9]+", " ", text.lower()).strip()


def _keys(
    section: Section,
    table: Table,
    row: Row,
    column_label: str,
    item_codes: frozenset[str],
    repeated: set[str],
) -> list[tuple[str, str, str]]:
    """The names a cell's figure goes by: in its own table (so a table printed twice is
    compared with its copy), by its plan item, by a long row label that names one row of
    its table (not a kind of row, such as "Prioritering" on several rows), by the
    table's caption for a total row. A section taken from another unit's report is
    compared only within that unit's figures."""
    label = _norm(_label(row))
    column = _norm(column_label)
    unit = f":{section.source_unit}" if section.source_unit else ""
    keys = [(_norm(table.caption) + unit, label, column)]
    if row.item_code in item_codes and not unit:
        keys.append(("item", row.item_code, column))
    has_status = any(c.status is not None for c in row.cells)
    if row.kind == "data" and not has_status and len(label) >= 10 and label not in repeated:
        keys.append(("*" + unit, label, column))
    if row.kind == "total":
        keys.append(("*" + unit, _norm(table.caption), column))
    return keys


def check_duplicates(document: Document, item_codes: frozenset[str] = frozenset()) -> list[Finding]:
    seen: dict[tuple[str, str, str], tuple[str, Decimal, Section, Table, Row]] = {}
    findings: list[Finding] = []
    reported: set[tuple] = set()
    for section, table in document.tables():
        labels = Counter(_norm(_label(r)) for r in table.rows if r.kind == "data")
        repeated = {label for label, count in labels.items() if count > 1}
        for row in table.rows:
            if row.kind == "share":
                continue
            for index, cell in enumerate(row.cells):
                if cell.value is None or index >= len(table.columns):
                    continue
                columns = table.columns[index].label
                for key in _keys(section, table, row, columns, item_codes, repeated):
                    if key not in seen:
                        seen[key] = (cell.text, cell.value, section, table, row)
                        continue
                    text, value, first_section, first_table, _first_row = seen[key]
                    if text == cell.text or _same_when_printed(text, cell.text):
                        continue
                    if id(first_table) == id(table) and key[0] != "item":
                        continue
                    if key[0].startswith("*") and _years(first_section, first_table) != _years(
                        section, table
                    ):
                        continue  # the same row in tables of different years
                    marker = (key, cell.text)
                    if marker in reported:
                        continue
                    reported.add(marker)
                    findings.append(
                        _finding(
                            section,
                            table,
                            row,
                            table.columns[index].label,
                            "duplicate_figure",
                            _(
                                "”%(row)s”, ”%(column)s” är %(stated)s här men %(other)s i "
                                "”%(where)s”."
                            )
                            % {
                                "row": _label(row),
                                "column": table.columns[index].label,
                                "stated": cell.text,
                                "other": text,
                                "where": f"{first_section.heading} · {first_table.caption}",
                            },
                            cell.value,
                            value,
                        )  # fmt: skip
                    )
    return findings


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _years(section: Section, table: Table) -> frozenset[str]:
    """The years a table's caption or section heading names (empty when none)."""
    return frozenset(_YEAR.findall(f"{section.heading} {table.caption}"))


def _same_when_printed(a: str, b: str) -> bool:
    """'2 813' and '2 813,0' print the same figure at different precision."""

    def number(text: str) -> str:
        return re.sub(r"[^\d,−-]", "", text).rstrip("0").rstrip(",")

    return number(a) == number(b) and number(a) != ""
