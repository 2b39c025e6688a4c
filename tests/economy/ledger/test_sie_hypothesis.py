"""Generated SIE files: round trips through the writer, and broken files never crash.

The fast path of the reader must give exactly what the general path gives, for valid
and for broken files alike; `read_general_only` runs every line through the general
path so the two can be compared.
"""

import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styra.economy.ledger.sie import SieError, SieWriter, VoucherRow, read_sie
from styra.economy.ledger.sie.records import RecordReader

# Each ledger example writes and reads a file twice; 100 of them keep the SIE tests
# under 30 s in all, the cheap garbage-bytes test runs 200.
SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
YEAR_START = date(2025, 1, 1)
ACCOUNTS = ["1930", "2440", "3010", "4010", "5010", "6110", "7010"]
# Names: Swedish letters, quotes and backslashes to escape, but not byte pairs that
# happen to form UTF-8, which the reader would (on purpose) read as UTF-8.
NAMES = st.text(alphabet='abcåäöÅÄÖ XYZ019-/"\\', max_size=12)
CODES = st.text(alphabet="ABC0129 -", min_size=1, max_size=5)


def read_general_only(path: Path, dimension: int = 1):
    reader = RecordReader(path, dimension=dimension, aggregate=True)
    with open(path, encoding="cp437") as lines:
        for lineno, line in enumerate(lines, 1):
            reader.general_line(lineno, line.lstrip())
    return reader.finish()


@st.composite
def ledgers(draw):
    codes = draw(st.lists(CODES, min_size=1, max_size=4, unique=True))
    object_lists = [()] + [((1, code),) for code in codes] + [((6, "P1"), (1, codes[0]))]
    objects = st.sampled_from(object_lists)
    days = st.integers(-400, 364).map(lambda offset: YEAR_START + timedelta(days=offset))
    amounts = st.integers(-(10**9), 10**9)
    rows = st.builds(
        VoucherRow,
        st.sampled_from(ACCOUNTS),
        amounts,
        objects,
        st.none() | days,
        st.sampled_from([None, "", 'Hyra "mars"']),
    )
    vouchers = []
    for number, (series, day, voucher_rows) in enumerate(
        draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["A", "B", "LÖN"]), days, st.lists(rows, min_size=1, max_size=5)
                ),
                max_size=12,
            )
        )
    ):
        voucher_rows.append(VoucherRow("1930", -sum(row.amount_ore for row in voucher_rows)))
        vouchers.append((series, str(number + 1), day, voucher_rows))
    budgets = draw(
        st.lists(
            st.tuples(st.integers(1, 3), st.sampled_from(ACCOUNTS[:3]), amounts, objects),
            max_size=20,
        )
    )
    return {
        "company": draw(NAMES),
        "accounts": {account: draw(NAMES) for account in ACCOUNTS},
        "objects": {code: draw(NAMES) for code in codes},
        "vouchers": vouchers,
        "budgets": budgets,
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
    }


def write_ledger(path: Path, ledger) -> None:
    with SieWriter(path, company=ledger["company"], newline=ledger["newline"]) as sie:
        sie.fiscal_year(0, YEAR_START, date(2025, 12, 31))
        sie.fiscal_year(-1, date(2024, 1, 1), date(2024, 12, 31))
        for account, name in ledger["accounts"].items():
            sie.account(account, name)
        sie.dimension(1, "Kostnadsställe")
        sie.dimension(6, "Projekt")
        for code, name in ledger["objects"].items():
            sie.object(1, code, name)
        for month, account, amount, objects in ledger["budgets"]:
            sie.period_budget(0, 202500 + month, account, amount, objects)
        for series, number, day, rows in ledger["vouchers"]:
            sie.voucher(series, number, day, "Verifikation", rows)


def expected_facts(ledger) -> dict:
    def year_index(day):
        return day.year - 2025  # within the generated range, #RAR years are calendar years

    facts = Counter()
    for _series, _number, voucher_day, rows in ledger["vouchers"]:
        for row in rows:
            day = row.date or voucher_day
            code = dict(row.objects).get(1)
            key = ("outcome", year_index(day), day.year * 100 + day.month, code, row.account)
            facts[key] += row.amount_ore
    for month, account, amount, objects in ledger["budgets"]:
        if objects and 1 not in dict(objects):
            continue
        facts[("budget", 0, 202500 + month, dict(objects).get(1), account)] += amount
    # An outcome that sums to zero is no fact; a budget row of zero is one.
    return {key: ore for key, ore in facts.items() if ore or key[0] == "budget"}


@SETTINGS
@given(ledger=ledgers())
def test_writer_round_trip_keeps_names_counts_and_sums(tmp_path, ledger):
    path = tmp_path / "ledger.se"
    write_ledger(path, ledger)

    result = read_sie(path)

    assert result.errors == []
    assert result.company == ledger["company"]
    assert result.accounts == ledger["accounts"]
    assert result.objects == {(1, code): name for code, name in ledger["objects"].items()}
    assert result.counts == {
        "vouchers": len(ledger["vouchers"]),
        "transactions": sum(len(rows) for *_, rows in ledger["vouchers"]),
        "period_balances": len(ledger["budgets"]),
    }
    assert result.facts == expected_facts(ledger)
    assert result == read_general_only(path)


MUTATION_CHARS = [
    '"',
    "{",
    "}",
    " ",
    "\t",
    ".",
    ",",
    "-",
    "_",
    "0",
    "9",
    "x",
    "\\",
    "\r",
    "\n",
    "#",
]


def mutate(text: str, rng: random.Random, count: int) -> str:
    """Small edits where they hurt: a character, a line deleted, duplicated or cut."""
    lines = text.split("\n")
    for _ in range(count):
        index = rng.randrange(len(lines))
        line = lines[index]
        action = rng.randrange(5)
        if action == 0 and line:
            position = rng.randrange(len(line))
            lines[index] = line[:position] + rng.choice(MUTATION_CHARS) + line[position + 1 :]
        elif action == 1 and line:
            position = rng.randrange(len(line) + 1)
            lines[index] = line[:position] + rng.choice(MUTATION_CHARS) + line[position:]
        elif action == 2:
            del lines[index]
        elif action == 3:
            lines.insert(index, line)
        else:
            lines[index] = line[: rng.randrange(len(line) + 1)]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@SETTINGS
@given(ledger=ledgers(), seed=st.integers(0, 2**32), count=st.integers(1, 8))
def test_mutated_files_give_issues_not_crashes_and_both_paths_agree(tmp_path, ledger, seed, count):
    path = tmp_path / "ledger.se"
    write_ledger(path, ledger)
    text = path.read_bytes().decode("cp437")
    path.write_bytes(mutate(text, random.Random(seed), count).encode("cp437"))

    try:
        fast = read_sie(path)
    except SieError:
        fast = None
    try:
        general = read_general_only(path)
    except SieError:
        general = None
    assert fast == general


@settings(SETTINGS, max_examples=200)
@given(
    data=st.binary(max_size=2000),
    prefix=st.sampled_from([b"", b"#FLAGGA 0\n#VER A 1 20250101\n{\n"]),
)
def test_garbage_bytes_raise_sie_error_or_give_issues(tmp_path, data, prefix):
    path = tmp_path / "garbage.se"
    path.write_bytes(prefix + data)
    try:
        result = read_sie(path)
    except SieError as exc:
        assert str(exc).startswith("garbage.se ")
        return
    assert isinstance(result.counts["transactions"], int)
    assert result == read_general_only(path)
