"""Balances from CSV/XLSX (`styra ledger import balances`) and per object from SIE.

Proven on a municipality built here (Kommunen with a kommunstyrelse, a socialnämnd and
an owned housing company, each its own balance sheet) and on the demo region; through
`main(argv)` and the upload page, with the attacks: a malformed and an oversized file,
a wrong column, another unit's balance sheet, a locked round.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import Workbook

from styra.cli.main import main
from styra.economy.ledger.models import BalanceFact, BalanceKind
from styra.economy.ledger.services import LedgerImportError
from styra.economy.ledger.services.balance_import import ledger_import_balances
from styra.economy.ledger.services.sie_import import ledger_import_sie
from styra.economy.ledger.statements import statement_evaluation, statement_set_get
from styra.followup.models import Round, RoundState
from styra.formats import limits
from styra.formats.problems import ImportFailed
from tests.builders import municipality

D = Decimal


@pytest.fixture
def kommun(builder):
    """The municipality of `tests.builders.municipality` (KOM, KS, SN, BUN, BOST)."""
    org = municipality(builder)
    return {
        "top": org.top,
        "sn": org.sn,
        "bolag": org.bolag,
        "kerstin": org.kerstin,
        "sune": org.sune,
    }


CSV = (
    "Konto;Enhet;Objekt;Period;Typ;Belopp\n"
    "1930;;;2026;IB;1 000 000,00\n"
    "1930;;;2026-01;period;-250 000,50\n"
    "1930;;;2026-02;period;100 000,50\n"
    "1510;;7100;2026;IB;40 000\n"
    "1510;;7200;2026;IB;60 000\n"
    "1510;;7100;2026-02-28;UB;45 000\n"
    "1510;;7100;2026-04;UB;30 000\n"
    "2010;;;2026-01-01;IB;-1 100 000\n"
    "2010;;;2026-02;period;150 000,50\n"
    "1110;BOST;9000;2026;IB;5 000 000\n"
    "2350;BOST;;2026;ib;-5 000 000\n"
)


def _sum(**filters) -> Decimal:
    return BalanceFact.objects.filter(**filters).aggregate(s=Sum("amount"))["s"] or D(0)


def test_cli_imports_balances_per_entity_and_object(kommun, tmp_path, capsys):
    path = tmp_path / "balanser-2026.csv"
    path.write_text(CSV, encoding="utf-8")
    args = ["ledger", "import", "balances", str(path), "--year", "2026"]
    assert main([*args, "--dry-run"]) == 0
    assert "Provkörning – inget skrevs" in capsys.readouterr().out
    assert not BalanceFact.objects.exists()

    assert main([*args, "--user", "kerstin"]) == 0
    out = capsys.readouterr().out
    assert "balansposter (klass 1–2) för BOST, KOM: 11" in out
    top, bolag = kommun["top"], kommun["bolag"]
    assert _sum(entity=top, account="1930") == D("850000.00")  # 1 000 000 − 250 000,50 + 100 000,50
    assert _sum(entity=top, account="1930", kind=BalanceKind.MOVEMENT) == D("-150000.00")
    # UB rows without period rows become the changes: 7100 40 000 → 45 000 (Feb) → 30 000 (Apr).
    c7100 = {
        (f.month, f.kind): f.amount
        for f in BalanceFact.objects.filter(account="1510", cost_centre__code="7100")
    }
    assert c7100 == {
        (date(2026, 1, 1), BalanceKind.OPENING): D("40000.00"),
        (date(2026, 2, 1), BalanceKind.MOVEMENT): D("5000.00"),
        (date(2026, 4, 1), BalanceKind.MOVEMENT): D("-15000.00"),
    }
    assert _sum(entity=top, account="1510") == D("90000.00")
    assert _sum(entity=bolag) == 0 and _sum(entity=bolag, account="1110") == D(5_000_000)
    # The kommun's balance sheet (Kommun-BAS statement set) reads them: 1930 and 1510.
    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"), unit=top, period_end=date(2026, 4, 30)
    )
    lines = {
        line.code: line.values
        for line in evaluation.statement_table("balansrakning", ["outcome"]).lines
    }
    assert lines["kassa-bank"] == [D("850000.00")]

    # The same file again replaces (no doubling).
    assert main([*args, "--user", "kerstin"]) == 0
    assert _sum(entity=top, account="1930") == D("850000.00")


def test_xlsx_with_dates_and_numbers(kommun, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["konto", "objekt", "datum", "typ", "belopp"])
    sheet.append(["1930", None, date(2026, 1, 1), "IB", 1000.5])
    sheet.append([1930, None, date(2026, 3, 31), "UB", 1500])
    sheet.append([1510, 7100, "2026-03", "period", "−2 000,25"])
    path = tmp_path / "balanser.xlsx"
    workbook.save(path)
    report = ledger_import_balances(path=path, year=2026, user=kommun["kerstin"])
    assert report.balance_count == 3
    assert _sum(account="1930") == D("1500.00")
    assert _sum(account="1510", cost_centre__code="7100") == D("-2000.25")


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            "konto;period;belopp\n1930;2026;1\n", 1, "typ", "kolumnen saknas", id="no-kind-column"
        ),
        pytest.param(
            "konto;period;typ;summa\n1930;2026;IB;1\n", 1, "belopp", "kolumnen saknas", id="wrong"
        ),
        pytest.param(
            "konto;period;typ;belopp\n1930;2026;IB;1\n1930;2026-02;period;ett\n",
            3,
            "belopp",
            "inget tal",
            id="amount",
        ),
        pytest.param(
            "konto;period;typ;belopp\n3010;2026-01;period;1\n",
            2,
            "konto",
            "inget balanskonto",
            id="income-account",
        ),
        pytest.param(
            "konto;period;typ;belopp\n1930;2025-12;period;1\n",
            2,
            "period",
            "inte år 2026",
            id="other-year",
        ),
        pytest.param(
            "konto;period;typ;belopp\n1930;2026-02;saldo;1\n", 2, "typ", "IB, UB", id="kind"
        ),
        pytest.param(
            "konto;enhet;period;typ;belopp\n1930;XYZ;2026-02;period;1\n",
            2,
            "enhet",
            "enheten XYZ finns inte",
            id="unknown-unit",
        ),
        pytest.param(
            "konto;objekt;period;typ;belopp\n1930;4711;2026-02;period;1\n",
            2,
            "objekt",
            "kostnadsstället 4711 finns inte",
            id="unknown-object",
        ),
        pytest.param(
            "konto;period;typ;belopp\n1930;2026;IB;100\n1930;2026-01;period;5\n"
            "1930;2026-01;UB;104\n",
            4,
            "belopp",
            "stämmer inte",
            id="ub-disagrees",
        ),
        pytest.param("konto;period;typ;belopp\n", 2, "", "inga rader", id="empty"),
    ],
)
def test_bad_files_name_file_line_and_column_and_write_nothing(
    kommun, tmp_path, capsys, text, line, column, message
):
    path = tmp_path / "fel.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        ledger_import_balances(path=path, year=2026, user=kommun["kerstin"])
    problem = failed.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("fel.csv", line, column)
    assert message in problem.message
    # The command says the same and exits 1.
    assert main(["ledger", "import", "balances", str(path), "--year", "2026", "--dry-run"]) == 1
    assert f"fel.csv, rad {line}" in capsys.readouterr().err
    assert not BalanceFact.objects.exists()


def test_a_malformed_or_oversized_file_is_refused(kommun, tmp_path, monkeypatch):
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFailed, match="XLSX"):
        ledger_import_balances(path=broken, year=2026, user=kommun["kerstin"])
    big = tmp_path / "stor.csv"
    big.write_text("konto;period;typ;belopp\n" + "1930;2026-01;period;1\n" * 200)
    monkeypatch.setattr(limits, "TABLE_MAX_FILE_BYTES", 1000)
    with pytest.raises(ImportFailed, match="högst"):
        ledger_import_balances(path=big, year=2026, user=kommun["kerstin"])
    assert not BalanceFact.objects.exists()


def test_another_units_balance_sheet_is_refused(kommun, tmp_path, capsys):
    path = tmp_path / "sn.csv"
    path.write_text("konto;enhet;period;typ;belopp\n1930;SN;2026;IB;10\n", encoding="utf-8")
    # Sune controls Socialnämnden: its own balance sheet is his to import …
    ledger_import_balances(path=path, year=2026, user=kommun["sune"])
    assert _sum(entity=kommun["sn"]) == D(10)
    # … the company's (and the kommun's, the default entity) are not.
    path.write_text("konto;enhet;period;typ;belopp\n1930;BOST;2026;IB;10\n", encoding="utf-8")
    args = ["ledger", "import", "balances", str(path), "--year", "2026", "--source", "b"]
    assert main([*args, "--user", "sune"]) == 1
    assert "för BOST får läsa in dess balansräkning" in capsys.readouterr().err
    assert not BalanceFact.objects.filter(entity=kommun["bolag"]).exists()


def test_balances_of_a_locked_round_do_not_change(kommun, builder, tmp_path, capsys):
    plan = builder.plan("kom-2026", kommun["top"])
    rnd = builder.round(plan, "2026-T1", end=date(2026, 4, 30))
    path = tmp_path / "balanser.csv"
    path.write_text(CSV, encoding="utf-8")
    ledger_import_balances(path=path, year=2026, user=kommun["kerstin"])
    Round.objects.filter(pk=rnd.pk).update(state=RoundState.LOCKED)
    before = list(BalanceFact.objects.values_list("account", "month", "kind", "amount"))

    # The same file again and a later month go through …
    ledger_import_balances(path=path, year=2026, user=kommun["kerstin"])
    path.write_text(CSV + "1930;;;2026-05;period;7\n", encoding="utf-8")
    ledger_import_balances(path=path, year=2026, user=kommun["kerstin"])
    assert _sum(account="1930", month=date(2026, 5, 1)) == D(7)

    # … a change in January–April is refused, dry run or not, naming the round.
    path.write_text(CSV.replace("2026-02;period;100 000", "2026-02;period;100 001"))
    for dry_run in (True, False):
        with pytest.raises(LedgerImportError) as refused:
            ledger_import_balances(
                path=path, year=2026, user=None if dry_run else kommun["kerstin"], dry_run=dry_run
            )
        message = str(refused.value)
        assert "fastställt: 2026-T1" in message
        assert "enhet KOM, konto 1930, 2026-02 (periodens förändring)" in message
    args = ["ledger", "import", "balances", str(path), "--year", "2026", "--user", "kerstin"]
    assert main(args) == 1
    assert "fastställt: 2026-T1" in capsys.readouterr().err
    after = list(
        BalanceFact.objects.exclude(month=date(2026, 5, 1)).values_list(
            "account", "month", "kind", "amount"
        )
    )
    assert sorted(after) == sorted(before)


SIE_PER_OBJECT = """#FLAGGA 0
#SIETYP 3
#FNAMN "Kommunen"
#RAR 0 20260101 20261231
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "7100" "Äldreomsorg"
#OBJEKT 1 "7200" "Individ- och familjeomsorg"
#KONTO 1510 "Kundfordringar"
#KONTO 1930 "Bank"
#IB 0 1510 100000.00
#OIB 0 1510 {1 "7100"} 40000.00
#OIB 0 1510 {1 "7200"} 60000.00
#UB 0 1510 90000.00
#OUB 0 1510 {1 "7100"} 30000.00
#OUB 0 1510 {1 "7200"} 60000.00
#IB 0 1930 500.00
#UB 0 1930 800.00
#PSALDO 0 202602 1510 {} 5000.00
#PSALDO 0 202602 1510 {1 "7100"} 5000.00
#PSALDO 0 202604 1510 {} -15000.00
#PSALDO 0 202604 1510 {1 "7100"} -15000.00
#PSALDO 0 202603 1930 {} 300.00
#PSALDO 0 202603 1930 {1 "7200"} 200.00
"""


def test_sie_balances_per_object(kommun, tmp_path):
    path = tmp_path / "kommun.se"
    path.write_text(SIE_PER_OBJECT, encoding="cp437")
    ledger_import_sie(path=path, year=2026, user=kommun["kerstin"])
    per_object = {
        (f.account, f.cost_centre.code if f.cost_centre else "", f.month.month, f.kind): f.amount
        for f in BalanceFact.objects.select_related("cost_centre")
    }
    assert per_object == {
        ("1510", "7100", 1, "opening"): D("40000.00"),
        ("1510", "7200", 1, "opening"): D("60000.00"),
        ("1510", "7100", 2, "movement"): D("5000.00"),
        ("1510", "7100", 4, "movement"): D("-15000.00"),
        ("1930", "", 1, "opening"): D("500.00"),
        ("1930", "7200", 3, "movement"): D("200.00"),  # the object's part of the total …
        ("1930", "", 3, "movement"): D("100.00"),  # … and the rest, on no object
    }
    assert _sum(account="1510") == D(90000) and _sum(account="1930") == D(800)


def test_sie_balances_on_an_unknown_object_are_refused(kommun, tmp_path):
    path = tmp_path / "kommun.se"
    path.write_text(SIE_PER_OBJECT.replace('"7200"', '"7300"'), encoding="cp437")
    with pytest.raises(LedgerImportError, match="7300"):
        ledger_import_sie(path=path, year=2026, user=kommun["kerstin"])
    assert not BalanceFact.objects.exists()


def test_demo_balances_from_csv(demo, tmp_path, capsys):
    before = _sum(entity=demo.rs, account="1930")
    path = tmp_path / "rs-balanser.csv"
    path.write_text(
        "konto;enhet;period;typ;belopp\n1930;RS;2027;IB;2 500 000\n1930;RS;2027-01;period;-1\n",
        encoding="utf-8",
    )
    args = ["ledger", "import", "balances", str(path), "--year", "2027"]
    assert main([*args, "--user", "rapportor"]) == 1
    assert "controller" in capsys.readouterr().err
    assert main([*args, "--user", "controller"]) == 0
    assert "balansposter (klass 1–2) för RS: 2" in capsys.readouterr().out
    assert _sum(entity=demo.rs, account="1930", month__year=2027) == D("2499999.00")
    assert _sum(entity=demo.rs, account="1930") - before == D("2499999.00")


@pytest.mark.django_db(transaction=True)
def test_balances_through_the_upload_page(kommun, client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from styra.jobs.models import Job, JobStatus
    from styra.jobs.worker import run_worker

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(kommun["kerstin"])
    page = client.get("/ekonomi/las-in/").content.decode()
    assert "Balanser (CSV eller XLSX" in page

    def post(text: str, **fields):
        data = {"format": "balances", "year": "2026", **fields}
        data["file"] = SimpleUploadedFile("balanser.csv", text.encode())
        response = client.post("/ekonomi/las-in/", data)
        assert response.status_code == 302, response.content.decode()[:500]
        run_worker(batch=True, interval=0)
        return Job.objects.get(pk=response["Location"].split("/")[2])

    checked = post(CSV, dry_run="on")
    assert checked.status == JobStatus.SUCCEEDED
    assert "11 balansposter skulle importeras" in checked.result["summary"]
    assert not BalanceFact.objects.exists()
    done = post(CSV)
    assert (
        done.status == JobStatus.SUCCEEDED
        and "11 balansposter importerades" in (done.result["summary"])
    )
    failed = post("konto;period;typ;belopp\n1930;2026-02;period;ett\n")
    assert failed.status == JobStatus.FAILED
    assert BalanceFact.objects.count() == 11
