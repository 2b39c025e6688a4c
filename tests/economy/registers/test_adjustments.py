"""One-off items (jämförelsestörande poster, §7.9) and the corrected result beside the
booked one: records with amount, reason and source; `styra register adjustments`; the
unit-results section's "Justerat resultat" column, read back from PDF, DOCX and XLSX;
the report check of booked − adjustments = corrected.

Proven on a municipality (tests.builders.municipality) and on the demo region's
årsredovisning 2025.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as WordDocument
from pypdf import PdfReader

from styra.cli.main import main
from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import FactRow, ledger_facts_replace, row_set_load
from styra.economy.registers import services
from styra.economy.registers.imports import result_adjustment_import
from styra.economy.registers.models import ResultAdjustment
from styra.economy.registers.selectors import unit_results
from styra.followup.models import Round, RoundState
from styra.formats import limits
from styra.formats.problems import ImportFailed
from styra.org.models import Unit
from styra.reports.check import report_check
from styra.reports.services import report_build
from styra.reports.templates import template_parse
from tests.builders import municipality, system_admin, xlsx_table

D = Decimal

TEMPLATE = """
code: kom-delar
name: Delårsrapport kommunen
title: Delårsrapport {year}
sections:
  - kind: unit_results
    key: resultat-per-namnd
    heading: Resultat per nämnd
    options:
      rows: kommun-bas
      row: resultat
      unit: tkr
      groups:
        - {label: Summa nämnder, units: [KS, SN, BUN]}
      total_label: Kommunen totalt
      corrected: true
"""

ADJUSTMENTS = (
    "enhet;kod;manad;belopp_tkr;orsak;kalla\n"
    "SN;pandemi;2026-03;-1 500;Pandemikostnader (engångs);Beslut KF 2026-02-10 § 12\n"
    "BUN;omfakturering;2026-06;250,5;Omfakturering av skolskjuts 2025;Faktura 2026-06-14\n"
    "SN;sent;2026-10;-99;Efter perioden;Verifikation 2026-10\n"
)


@pytest.fixture
def kommun(builder):
    """The municipality with a ledger for January–August 2026 and an interim round."""
    org = municipality(builder)
    row_set_load(path=MAPPINGS_DIR / "kommun-bas.yaml", make_default=True, user=system_admin())
    rows = []
    for month in range(1, 9):
        day = date(2026, month, 1)
        rows += [
            FactRow("1100", "5010", day, "outcome", D(-100_000)),
            FactRow("7100", "5010", day, "outcome", D(-400_000)),
            FactRow("7200", "4010", day, "outcome", D(-100_000)),
            FactRow("4100", "5010", day, "outcome", D(-300_000)),
            FactRow("8000", "8010", day, "outcome", D(1_000_000)),
            FactRow("7100", "5010", day, "budget", D(-450_000)),
        ]
    ledger_facts_replace(
        source="kommun", file_name="kommun.csv", kind="csv", fiscal_year=2026, rows=rows,
        user=system_admin(),
    )  # fmt: skip
    plan = builder.plan("kom-2026", org.top)
    org.round = builder.round(plan, "KOM-2026-D", kind="interim", end=date(2026, 8, 31))
    return org


def _csv(tmp_path, text=ADJUSTMENTS, name="justeringar.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_import_and_the_corrected_column_in_every_format(kommun, tmp_path, capsys):
    path = _csv(tmp_path)
    args = ["register", "adjustments", "import", str(path), "--year", "2026"]
    assert main([*args, "--user", "kerstin"]) == 0
    assert "3 jämförelsestörande poster inlästa (3 nya, 0 ändrade)" in capsys.readouterr().out
    pandemic = ResultAdjustment.objects.get(code="pandemi")
    assert (pandemic.unit, pandemic.amount, pandemic.month) == (
        kommun.sn,
        D(-1_500_000),
        date(2026, 3, 1),
    )
    assert pandemic.source == "Beslut KF 2026-02-10 § 12"
    assert pandemic.history.first().history_user.username == "kerstin"
    assert main(["register", "adjustments", "list", "--year", "2026", "--unit", "KOM"]) == 0
    listed = capsys.readouterr().out
    assert "Pandemikostnader (engångs)" in listed and "−1,5" in listed

    rows = {
        r.code or r.name: r
        for r in unit_results(
            round=kommun.round,
            unit=kommun.top,
            groups=[("Summa nämnder", ["KS", "SN", "BUN"])],
            row_set_code="kommun-bas",
            row_code="resultat",
        )
    }
    # SN: booked −4 000 000 (Jan–Aug); the October item is outside the period.
    assert rows["SN"].outcome == D(-4_000_000) and rows["SN"].adjustment == D(-1_500_000)
    assert rows["SN"].corrected == D(-2_500_000)
    assert rows["BUN"].corrected == D(-2_400_000) - D("250500")
    assert rows["Summa nämnder"].adjustment == D(-1_249_500)
    assert rows["KOM"].corrected == rows["KOM"].outcome + D(1_249_500)

    template = template_parse(TEMPLATE, source="kom.yaml")
    built = report_build(
        round_=kommun.round,
        unit=kommun.top,
        formats=["pdf", "docx", "xlsx"],
        out_dir=tmp_path / "out",
        template=template,
    )
    sheet = xlsx_table(built, "resultat-per-namnd")
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    by_label = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    booked = header.index("Utfall ack")
    one_off = header.index("Jämförelse­störande poster")
    corrected = header.index("Justerat resultat")
    sn = by_label["Socialnämnden"]
    assert D(str(sn[booked].value)) == D(-4000)
    assert D(str(sn[one_off].value)) == D(-1500)
    assert D(str(sn[corrected].value)) == D(-2500)
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    pdf = pdf.replace("\xa0", " ").replace("\u202f", " ").replace("\u00ad", "")
    assert "Socialnämnden −4 000 −3 600 −400 −1 500 −2 500" in pdf  # booked, …, corrected
    assert "Pandemikostnader" in pdf
    assert "Beslut KF 2026-02-10 §" in pdf and "Efter perioden" not in pdf
    word = WordDocument(built.files["docx"])
    texts = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    sn_row = next(r for r in texts if r[0] == "Socialnämnden")
    assert sn_row[1:6] == ["−4\xa0000", "−3\xa0600", "−400", "−1\xa0500", "−2\xa0500"]

    findings = report_check(round_=kommun.round, unit=kommun.top, document=built.document)
    assert not [f for f in findings if f.severity == "error"], findings
    # A corrected figure that is not booked − adjustments is found by the check.
    table = next(t for _s, t in built.document.tables() if t.key == "resultat-per-namnd")
    row = next(r for r in table.rows if r.cells[0].text == "Socialnämnden")
    row.cells[5].value += 1
    findings = report_check(round_=kommun.round, unit=kommun.top, document=built.document)
    found = {(f.kind, f.cell) for f in findings if f.severity == "error"}
    assert ("difference_mismatch", "Socialnämnden / Justerat resultat") in found


def test_the_same_code_again_changes_the_item(kommun, tmp_path):
    result_adjustment_import(path=_csv(tmp_path), user=kommun.kerstin)
    again = ADJUSTMENTS.replace("-1 500;", "-1 600;")
    result = result_adjustment_import(path=_csv(tmp_path, again), user=kommun.kerstin)
    assert (result.created, result.updated) == (0, 3)
    assert ResultAdjustment.objects.get(code="pandemi").amount == D(-1_600_000)
    assert ResultAdjustment.objects.count() == 3


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak\nSN;a;2026-01;1;x\n",
            1,
            "kalla",
            "kolumnen saknas",
            id="missing-column",
        ),
        pytest.param(
            "enhet;kod;manad;summa;orsak;kalla\nSN;a;2026-01;1;x;y\n",
            1,
            "belopp_mkr",
            "kolumnen saknas",
            id="wrong-amount-column",
        ),
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak;kalla\nSN;a;mars;1;x;y\n",
            2,
            "manad",
            "ingen månad",
            id="month",
        ),
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak;kalla\nSN;a;2025-12;1;x;y\n",
            2,
            "manad",
            "inte år 2026",
            id="other-year",
        ),
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak;kalla\nSN;a;2026-01;ett;x;y\n",
            2,
            "belopp_tkr",
            "inget tal",
            id="amount",
        ),
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak;kalla\nXX;a;2026-01;1;x;y\n",
            2,
            "enhet",
            "okänd enhet",
            id="unit",
        ),
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak;kalla\nSN;A B;2026-01;1;x;y\n",
            2,
            "kod",
            "gemener",
            id="code",
        ),
        pytest.param(
            "enhet;kod;manad;belopp_tkr;orsak;kalla\nSN;a;2026-01;1;;y\n",
            2,
            "orsak",
            "värde saknas",
            id="no-reason",
        ),
    ],
)
def test_bad_files_name_line_and_column_and_write_nothing(
    kommun, tmp_path, text, line, column, message
):
    with pytest.raises(ImportFailed) as failed:
        result_adjustment_import(path=_csv(tmp_path, text), year=2026, user=kommun.kerstin)
    problem = failed.value.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert message in problem.message
    assert not ResultAdjustment.objects.exists()


def test_an_oversized_file_is_refused(kommun, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "TABLE_MAX_FILE_BYTES", 100)
    with pytest.raises(ImportFailed, match="högst"):
        result_adjustment_import(path=_csv(tmp_path), user=kommun.kerstin)
    assert not ResultAdjustment.objects.exists()


def test_another_units_items_are_refused(kommun, tmp_path, capsys):
    # Sune controls SN: SN's items are his, BUN's are not; the file is refused whole.
    path = _csv(tmp_path)
    assert main(["register", "adjustments", "import", str(path), "--user", "sune"]) == 1
    err = capsys.readouterr().err
    assert "justeringar.csv, rad 3" in err and "BUN" in err
    assert not ResultAdjustment.objects.exists()
    with pytest.raises(PermissionDenied):
        services.result_adjustment_save(
            unit=kommun.sn, code="x", month=date(2026, 1, 1), amount=D(1), reason="r",
            source="s", user=kommun.rut,
        )  # fmt: skip
    sn_only = "\n".join(ADJUSTMENTS.splitlines()[:2]) + "\n"
    assert main(["register", "adjustments", "import", str(_csv(tmp_path, sn_only)),
                 "--user", "sune"]) == 0  # fmt: skip
    assert ResultAdjustment.objects.count() == 1


def test_items_of_a_locked_period_do_not_change(kommun, tmp_path, capsys):
    result_adjustment_import(path=_csv(tmp_path), user=kommun.kerstin)
    Round.objects.filter(pk=kommun.round.pk).update(state=RoundState.LOCKED)
    pandemic = ResultAdjustment.objects.get(code="pandemi")
    for attempt in (
        lambda: services.result_adjustment_save(
            unit=kommun.sn, code="pandemi", month=date(2026, 3, 1), amount=D(1), reason="r",
            source="s", user=kommun.kerstin,
        ),
        lambda: services.result_adjustment_save(  # moved out of the period: still refused
            unit=kommun.sn, code="pandemi", month=date(2026, 11, 1), amount=D(1), reason="r",
            source="s", user=kommun.kerstin,
        ),
        lambda: services.result_adjustment_delete(adjustment=pandemic, user=kommun.kerstin),
    ):  # fmt: skip
        with pytest.raises(ValidationError, match="fastställt: KOM-2026-D"):
            attempt()
    path = _csv(tmp_path, ADJUSTMENTS.replace("-1 500;", "-1 600;"))
    assert main(["register", "adjustments", "import", str(path), "--user", "kerstin"]) == 1
    assert "rad 2" in capsys.readouterr().err
    assert ResultAdjustment.objects.get(code="pandemi").amount == D(-1_500_000)
    # A month after the locked period is open.
    services.result_adjustment_save(
        unit=kommun.sn, code="sent", month=date(2026, 10, 1), amount=D(-5), reason="r",
        source="s", user=kommun.kerstin,
    )  # fmt: skip
    assert ResultAdjustment.objects.get(code="sent").amount == D(-5)


def test_the_demo_annual_report_shows_the_corrected_results(demo, tmp_path):
    region = Unit.objects.get(code="REG")
    round_ = Round.objects.get(code="REG-2025-B")
    built = report_build(round_=round_, unit=region, formats=["xlsx", "pdf"], out_dir=tmp_path)
    sheet = xlsx_table(built, "driftredovisning")
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    by_label = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    booked = header.index("Utfall ack")
    one_off = header.index("Jämförelse­störande poster")
    corrected = header.index("Justerat resultat")
    hsn = next(row for label, row in by_label.items() if label and "Hälso" in label)
    assert D(str(hsn[one_off].value)) == D("-45")
    assert D(str(hsn[corrected].value)) == D(str(hsn[booked].value)) + 45
    total = by_label["Regionen totalt"]
    assert D(str(total[one_off].value)) == D("-45") + D("12.5") + D("3.2")
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    pdf = pdf.replace("\xa0", " ").replace("\u202f", " ").replace("\u00ad", "")
    assert "Jämförelsestörande poster (mkr)" in pdf and "pandemiberedskap" in pdf
    findings = report_check(round_=round_, unit=region, document=built.document)
    assert not [f for f in findings if f.severity == "error"], findings
