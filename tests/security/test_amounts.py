"""Finding 4: an amount out of range corrupted the SQLite database.

A balanced voucher of 1e36, or a spreadsheet cell of 1e300, was committed; SQLite
stored it as a float that no later read could turn back into a Decimal, so every later
import and report build failed until the database was repaired by hand (PostgreSQL
rolled back, with a raw traceback). Every amount is now checked against its column's
range before anything is written, with a message naming the file and the line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from styra.cli.main import main
from styra.economy.ledger.models import LedgerFact, LedgerImport
from styra.followup.models import Assessment, AssessmentValue

HUGE = "1" + "0" * 36  # 1e36 kronor
CENTRE = "1010"  # a cost centre of the demo region


def _state():
    return (
        LedgerImport.objects.count(),
        LedgerFact.objects.count(),
        sorted(LedgerFact.objects.values_list("amount", flat=True))[-1:],
    )


def _still_healthy(demo, tmp_path, capsys):
    """What used to fail after the bad import: a report build and the next import."""
    assert main(["report", "build", "--round", demo.round.code, "--unit", "RS",
                 "--format", "html", "--out", str(tmp_path / "ut")]) == 0  # fmt: skip
    good = tmp_path / "bra.csv"
    good.write_text(f"kostnadsställe;konto;månad;typ;belopp\n{CENTRE};5010;2026-01;utfall;10\n")
    assert main(["ledger", "import", "csv", str(good), "--year", "2026", "--dry-run"]) == 0
    capsys.readouterr()


def test_a_balanced_sie_voucher_of_1e36_is_refused_with_its_line(demo, tmp_path, capsys):
    before = _state()
    path = tmp_path / "jatte.se"
    path.write_text(
        "#FLAGGA 0\n#SIETYP 4\n#RAR 0 20260101 20261231\n"
        "#KONTO 5010 Löner\n#KONTO 1930 Bank\n#DIM 1 Kostnadsställe\n"
        f"#VER A 1 20260115\n{{\n"
        f"#TRANS 5010 {{1 {CENTRE}}} {HUGE}.00\n"
        f"#TRANS 1930 {{}} -{HUGE}.00\n}}\n",
        encoding="cp437",
    )
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert "jatte.se:9: #TRANS: beloppet" in err and "är för stort" in err
    assert "Traceback" not in err
    assert _state() == before
    _still_healthy(demo, tmp_path, capsys)


def test_a_spreadsheet_cell_of_1e300_is_refused_with_file_line_and_column(demo, tmp_path, capsys):
    before = _state()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kostnadsställe", "konto", "månad", "typ", "belopp"])
    sheet.append([CENTRE, "5010", "2026-01", "utfall", 10])
    sheet.append([CENTRE, "5010", "2026-02", "utfall", 1e300])
    path = tmp_path / "utfall.xlsx"
    workbook.save(path)
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert "utfall.xlsx, rad 3, kolumn belopp: Talet är för stort" in err
    assert _state() == before
    _still_healthy(demo, tmp_path, capsys)


def test_a_csv_amount_of_37_digits_is_refused(demo, tmp_path, capsys):
    path = tmp_path / "stor.csv"
    path.write_text(f"kostnadsställe;konto;månad;typ;belopp\n{CENTRE};5010;2026-01;utfall;{HUGE}\n")
    before = _state()
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--user", "admin"]) == 1
    assert "stor.csv, rad 2, kolumn belopp: Talet är för stort" in capsys.readouterr().err
    assert _state() == before


def test_rows_that_fit_but_sum_past_the_column_are_refused(demo, tmp_path, capsys):
    """Each row fits DECIMAL(18, 2); their sum for one month and account does not."""
    nine = "9" * 16
    path = tmp_path / "summa.csv"
    path.write_text(
        "kostnadsställe;konto;månad;typ;belopp\n"
        f"{CENTRE};5010;2026-01;utfall;{nine}\n{CENTRE};5010;2026-01;utfall;{nine}\n"
    )
    before = _state()
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--user", "admin"]) == 1
    err = capsys.readouterr().err
    assert f"Summan för {CENTRE}/5010 2026-01: Talet är för stort" in err
    assert _state() == before


def test_a_register_spreadsheet_cell_of_1e300_is_refused(demo, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STYRA_USER", "admin")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["enhet", "prognos_kr", "kommentar"])
    sheet.append(["RS-DIG", 1e300, "Stor"])
    path = tmp_path / "prognoser.xlsx"
    workbook.save(path)
    code = main(["register", "forecast", "import", str(path), "--round", demo.round.code])
    assert code == 1
    assert "prognoser.xlsx, rad 2, kolumn prognos_kr: Talet är för stort" in (
        capsys.readouterr().err
    )


def test_an_assessment_value_too_large_for_its_column_is_a_form_error(demo, browser):
    item = "N09"  # an indicator of RS-DIG
    assessment = Assessment.objects.filter(round=demo.round, item__code=item).first()
    values_before = list(AssessmentValue.objects.values_list("pk", "value"))
    reporter = browser("rapportor")
    response = reporter.post(
        f"/uppfoljning/{demo.round.code}/poster/{item}/",
        {
            "version": assessment.version if assessment else 0,
            "value": "1 000 000 000 000 000 000",
            "period_label": "jan–mar 2026",
            "missing_reason": "",
            "status_code": "",
            "comment": "",
        },
    )
    assert response.status_code == 400
    assert "Talet är för stort" in response.content.decode()
    assert list(AssessmentValue.objects.values_list("pk", "value")) == values_before
    controller = browser("controller")
    assert controller.get(f"/rapporter/{demo.round.code}/RS-DIG/").status_code == 200


def test_amounts_that_fit_still_import(demo, tmp_path, capsys):
    path = tmp_path / "max.csv"
    path.write_text(
        "kostnadsställe;konto;månad;typ;belopp\n"
        f"{CENTRE};5010;2026-01;utfall;-9 999 999 999 999,99\n"
    )
    assert (
        main(
            [
                "ledger",
                "import",
                "csv",
                str(path),
                "--year",
                "2026",
                "--source",
                "max",
                "--user",
                "admin",
            ]
        )
        == 0
    )
    fact = LedgerFact.objects.get(source__source="max")
    assert (fact.amount, fact.month) == (Decimal("-9999999999999.99"), date(2026, 1, 1))
