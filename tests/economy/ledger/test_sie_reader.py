"""The SIE reader on small hand-written files: each test is one rule of the format."""

from datetime import date

import pytest

from styra.economy.ledger.sie import FiscalYear, Issue, SieError, read_sie
from styra.economy.ledger.sie.tokenizer import (
    ObjectList,
    UnclosedObjectList,
    parse_amount,
    parse_date,
    tokenize,
)

HEADER = (
    "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#PROGRAM Test 1.0\n#FNAMN Testbolaget\n"
    "#RAR 0 20250101 20251231\n#RAR -1 20240101 20241231\n"
    "#KONTO 1930 Bank\n#KONTO 5010 Lokalhyra\n#DIM 1 Kostnadsställe\n"
    "#OBJEKT 1 100 Vården\n#OBJEKT 1 200 Skolan\n"
)


def write_sie(tmp_path, body: str, *, name="test.se", header=HEADER, newline="\n") -> str:
    path = tmp_path / name
    path.write_bytes((header + body).replace("\n", newline).encode("cp437"))
    return path


def messages(issues) -> list[str]:
    return [issue.message for issue in issues]


# --- fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("-1234.5", -123450),
        ("1234", 123400),
        ("0.05", 5),
        ("-0.50", -50),
        ("1234,56", 123456),
        ("+12.30", 1230),
        (".5", 50),
        ("100.500", 10050),
    ],
)
def test_amounts_are_exact_ore(text, ore):
    assert parse_amount(text) == ore


@pytest.mark.parametrize("text", ["", "-", "1.234", "12a", "1_000", "1.2.3", "٣"])
def test_amounts_that_are_not_exact_are_rejected(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_dates_are_yyyymmdd():
    assert parse_date("20250228") == date(2025, 2, 28)
    for bad in ("20250230", "2025-02-28", "2025022", "２０２５０２２８"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_tokenizer_handles_quotes_escapes_tabs_and_object_lists():
    line = '#TRANS\t5010 {1 "100" 6 "P 12"}  -1.00 20250105 "Hyra \\"mars\\"" 2'
    assert tokenize(line) == [
        "#TRANS",
        "5010",
        ObjectList(["1", "100", "6", "P 12"]),
        "-1.00",
        "20250105",
        'Hyra "mars"',
        "2",
    ]
    assert tokenize("#TRANS 1930 {} 5") == ["#TRANS", "1930", ObjectList(), "5"]
    assert isinstance(tokenize('#TRANS 1930 {1 "100"')[2], UnclosedObjectList)


# --- a whole file -----------------------------------------------------------------------

VOUCHERS = """\
#VER A 1 20250110 "Hyra januari" 20250111
{
#TRANS 5010 {1 "100"} 1000.00
#TRANS 5010 {1 200} 500.50 20250110 "halva"
#TRANS 1930 {} -1500.50
}
#VER A 2 20250215 ""
{
\t#TRANS 5010 {} 10 20250215
\t#TRANS 1930 {} -10
}
"""


def test_header_chart_counts_and_facts(tmp_path):
    result = read_sie(write_sie(tmp_path, VOUCHERS))

    assert (result.sietyp, result.program, result.company) == (4, "Test", "Testbolaget")
    assert result.fiscal_years == [
        FiscalYear(0, date(2025, 1, 1), date(2025, 12, 31)),
        FiscalYear(-1, date(2024, 1, 1), date(2024, 12, 31)),
    ]
    assert result.accounts == {"1930": "Bank", "5010": "Lokalhyra"}
    assert result.objects == {(1, "100"): "Vården", (1, "200"): "Skolan"}
    assert result.counts == {"vouchers": 2, "transactions": 5, "period_balances": 0}
    assert result.errors == [] and result.warnings == []
    assert result.facts == {
        ("outcome", 0, 202501, "100", "5010"): 100000,
        ("outcome", 0, 202501, "200", "5010"): 50050,
        ("outcome", 0, 202501, None, "1930"): -150050,
        ("outcome", 0, 202502, None, "5010"): 1000,
        ("outcome", 0, 202502, None, "1930"): -1000,
    }


def test_crlf_and_lf_give_the_same_result(tmp_path):
    lf = read_sie(write_sie(tmp_path, VOUCHERS, name="lf.se"))
    crlf = read_sie(write_sie(tmp_path, VOUCHERS, name="crlf.se", newline="\r\n"))
    assert (crlf.counts, crlf.facts, crlf.errors) == (lf.counts, lf.facts, lf.errors)


def test_cp437_text_and_text_before_flagga(tmp_path):
    path = write_sie(tmp_path, VOUCHERS, header="Exporterad av X\n" + HEADER)
    result = read_sie(path)
    assert result.objects[(1, "100")] == "Vården"  # 'å' is byte 0x86 in cp437
    assert result.warnings == []


def test_another_dimension_keys_facts_by_its_objects(tmp_path):
    body = '#VER A 1 20250110 ""\n{\n#TRANS 5010 {1 100 6 P1} 7\n#TRANS 1930 {} -7\n}\n'
    result = read_sie(write_sie(tmp_path, body), dimension=6)
    assert result.facts[("outcome", 0, 202501, "P1", "5010")] == 700


def test_unbalanced_voucher_is_an_error_with_line_and_difference(tmp_path):
    body = VOUCHERS + '#VER B 7 20250301 "Fel"\n{\n#TRANS 5010 {} 10.00\n#TRANS 1930 {} -9.50\n}\n'
    result = read_sie(write_sie(tmp_path, body))
    [voucher] = result.unbalanced_vouchers
    assert (voucher.series, voucher.number, voucher.difference_ore) == ("B", "7", 50)
    assert voucher.line == HEADER.count("\n") + VOUCHERS.count("\n") + 1
    assert [issue.line for issue in result.errors] == [voucher.line]
    assert "balanserar inte" in result.errors[0].message


def test_rtrans_with_its_copy_counts_once_and_btrans_not_at_all(tmp_path):
    body = """\
#VER A 1 20250110 ""
{
#TRANS 5010 {} 100
#BTRANS 1930 {} -100 20250120 "" "" "Anna"
#RTRANS 1930 {} -60 20250120 "" "" "Anna"
#TRANS 1930 {} -60 20250110
#RTRANS 2440 {} -40 20250120
#TRANS 2440 {} -40
}
"""
    result = read_sie(write_sie(tmp_path, body))
    assert result.counts["transactions"] == 3
    assert result.errors == []
    assert result.facts[("outcome", 0, 202501, None, "1930")] == -6000
    assert result.facts[("outcome", 0, 202501, None, "2440")] == -4000


def test_rtrans_without_copy_counts_by_itself(tmp_path):
    body = '#VER A 1 20250110 ""\n{\n#TRANS 5010 {} 100\n#RTRANS 1930 {} -100\n}\n'
    result = read_sie(write_sie(tmp_path, body))
    assert result.counts["transactions"] == 2
    assert result.errors == []


def test_period_rows_keep_totals_and_objects_apart(tmp_path):
    body = """\
#PSALDO 0 202501 5010 {} 300.00
#PSALDO 0 202501 5010 {1 "100"} 100.00
#PSALDO 0 202501 5010 {6 "P1"} 50.00
#PBUDGET 0 202502 5010 {1 200} 99,50 3
"""
    result = read_sie(write_sie(tmp_path, body))
    assert result.counts["period_balances"] == 4
    assert result.facts == {
        ("outcome_psaldo", 0, 202501, None, "5010"): 30000,
        ("outcome_psaldo", 0, 202501, "100", "5010"): 10000,
        ("budget", 0, 202502, "200", "5010"): 9950,
    }


def test_dates_outside_the_fiscal_years_are_warned_and_placed_by_calendar(tmp_path):
    body = '#VER A 1 20220315 ""\n{\n#TRANS 5010 {} 1\n#TRANS 1930 {} -1\n}\n'
    result = read_sie(write_sie(tmp_path, body))
    assert ("outcome", -3, 202203, None, "5010") in result.facts
    assert messages(result.warnings) == [
        "datumet 20220315 ligger utanför räkenskapsåren i #RAR; räknas till år -3"
    ]


def test_underdim_ksumma_and_missing_optional_fields(tmp_path):
    body = (
        "#KSUMMA\n#UNDERDIM 21 Avdelning 1\n#ORGNR\n"
        "#VER A 1 20250110\n{\n#TRANS 5010 {} 1\n#TRANS 1930 {} -1\n}\n#KSUMMA 12345\n"
    )
    result = read_sie(write_sie(tmp_path, body))
    assert result.dimensions == {1: "Kostnadsställe", 21: "Avdelning"}
    assert result.orgnr is None
    assert result.errors == []
    assert messages(result.warnings) == ["filens kontrollsumma (#KSUMMA) har inte kontrollerats"]


def test_import_file_is_recognised_by_type_or_extension(tmp_path):
    body = '#VER A "" 20250110\n{\n#TRANS 5010 {} 1\n#TRANS 1930 {} -1\n}\n'
    by_type = read_sie(write_sie(tmp_path, body, header=HEADER.replace("#SIETYP 4", "#SIETYP 4I")))
    by_name = read_sie(write_sie(tmp_path, body, name="import.SI"))
    assert (by_type.sietyp, by_type.is_import_file) == (4, True)
    assert (by_name.sietyp, by_name.is_import_file) == (4, True)


def test_an_import_file_with_an_empty_fiscal_year_is_read_with_a_warning(tmp_path):
    # Import files (4I) from some programs carry "#RAR 0" without dates: the vouchers are
    # whole, so the file is read; a full export (type 4) is still refused for it.
    header = HEADER.replace("#RAR 0 20250101 20251231\n", "#RAR 0\n")
    body = '#VER A "" 20250110\n{\n#TRANS 5010 {} 1\n#TRANS 1930 {} -1\n}\n'
    line = header.count("\n") - header.split("#RAR 0\n")[1].count("\n")
    imported = read_sie(
        write_sie(
            tmp_path, body, name="import.si", header=header.replace("#SIETYP 4", "#SIETYP 4I")
        )
    )
    assert imported.errors == []
    assert "#RAR: startdatum saknas; raden hoppas över (frivillig i en importfil)" in messages(
        imported.warnings
    )
    assert [w.line for w in imported.warnings if w.message.startswith("#RAR")] == [line]
    exported = read_sie(write_sie(tmp_path, body, header=header))
    assert messages(exported.errors) == ["#RAR: startdatum saknas"]


def test_structural_problems_are_errors_with_line_numbers(tmp_path):
    first = HEADER.count("\n") + 1
    body = """\
#TRANS 1930 {} 5
#VER A 1 20250110 ""
{
#TRANS 5010 {} 12.345
#TRANS 5010 {1 100 6} 1
#TRANS 1930 {} 1 20251399
#VER A 2 2025011
{
}
}
"""
    result = read_sie(write_sie(tmp_path, body))
    assert [(issue.line - first) for issue in result.errors] == [0, 3, 4, 5, 6, 1, 6, 9]
    assert messages(result.errors) == [
        "#TRANS: raden står utanför en verifikation",
        "#TRANS: beloppet 12.345 har fler än två decimaler",
        "#TRANS: objektlistan har ett udda antal fält",
        "#TRANS: ogiltigt datum: '20251399'",
        f"verifikationen på rad {first + 1} saknar avslutande }}",
        "verifikation A 1 balanserar inte: differens 1,00 kr",
        "#VER: ogiltigt datum: '2025011'",
        "} utan öppnande {",
    ]


def test_not_sie_is_one_clear_sentence(tmp_path):
    path = tmp_path / "fil.txt"
    path.write_text("<html><body>404 Not Found</body></html>\n")
    with pytest.raises(SieError) as raised:
        read_sie(path)
    assert str(raised.value) == (
        "fil.txt är ingen SIE-fil: ingen rad börjar med #FLAGGA, #SIETYP eller #VER"
    )


def test_a_file_that_cannot_be_read_raises_sie_error(tmp_path):
    with pytest.raises(SieError, match="saknas.se kunde inte läsas: filen finns inte"):
        read_sie(tmp_path / "saknas.se")


def test_utf8_written_as_pc8_is_read_as_utf8_with_a_warning(tmp_path):
    path = tmp_path / "utf8.se"
    path.write_bytes((HEADER + VOUCHERS).encode("utf-8"))
    result = read_sie(path)
    assert result.objects[(1, "100")] == "Vården"
    assert messages(result.warnings) == [
        "filen är UTF-8-kodad fast SIE kräver PC8; texterna läses som UTF-8"
    ]


def test_aggregate_false_checks_and_counts_only(tmp_path):
    result = read_sie(write_sie(tmp_path, VOUCHERS), aggregate=False)
    assert result.facts == {}
    assert result.counts["transactions"] == 5


def test_issue_lists_are_bounded_for_a_file_of_any_size(tmp_path):
    body = "".join(
        f'#VER A {number} 20250110 ""\n{{\n#TRANS 5010 {{}} 1\n}}\n' for number in range(1, 1201)
    )
    result = read_sie(write_sie(tmp_path, body))
    assert result.counts["vouchers"] == 1200
    assert len(result.unbalanced_vouchers) == 1000
    assert result.errors[-2:] == [
        Issue(None, "ytterligare 200 fel visas inte"),
        Issue(None, "totalt 1200 obalanserade verifikationer; de första 1000 listas"),
    ]
