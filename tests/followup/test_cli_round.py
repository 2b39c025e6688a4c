"""`styra round …` through the real entry point: same checks as the web, one-line errors."""

from decimal import Decimal

import pytest

from styra.cli.main import main
from styra.followup.models import Assessment, ReportState, Round, RoundState, UnitReport
from tests.followup.scenario import LOCK_REASON


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_saves_through_the_service(region, capsys):
    code, out, err = run(
        capsys,
        "round",
        "report",
        "--round",
        "2026-T1",
        "--item",
        "N1",
        "--value",
        "5,7",
        "--comment",
        "Vintertopp",
        "--user",
        "anna",
    )
    assert (code, err) == (0, "")
    assert out.strip() == "2026-T1 N1: Delvis uppfyllt (version 1)"
    assessment = Assessment.objects.get(item=region.sick)
    assert assessment.values.get().value == Decimal("5.7")
    assert assessment.history.first().history_user == region.anna


def test_override_without_comment_is_a_one_line_error(region, capsys):
    code, out, err = run(
        capsys,
        "round",
        "report",
        "--round",
        "2026-T1",
        "--item",
        "N1",
        "--value",
        "5,7",
        "--status",
        "helt",
        "--user",
        "anna",
    )
    assert code == 1
    assert err.startswith("styra: Skriv en kommentar") and err.count("\n") == 1
    assert not Assessment.objects.exists()


def test_reporter_of_another_unit_is_refused(region, capsys):
    code, _out, err = run(
        capsys,
        "round",
        "report",
        "--round",
        "2026-T1",
        "--item",
        "N1",
        "--value",
        "5",
        "--user",
        "bertil",
    )
    assert code == 3 and "får inte rapportera" in err
    assert not Assessment.objects.exists()


def test_status_lists_progress(region, capsys):
    run(
        capsys,
        "round",
        "report",
        "--round",
        "2026-T1",
        "--item",
        "N1",
        "--value",
        "5",
        "--user",
        "anna",
    )
    code, out, _ = run(capsys, "round", "status", "--round", "2026-T1")
    assert code == 0
    assert (
        "RS-DIG\tDigitaliseringsavdelningen\tUtkast\t1 av 1 nyckeltal, 0 av 1 uppdrag rapporterade"
        in out
    )
    assert "RS-HR\tHR-avdelningen\tEj påbörjad\t0 av 1 nyckeltal rapporterade" in out


def test_lock_and_then_every_cli_write_is_refused(region, capsys, tmp_path):
    run(
        capsys,
        "round",
        "report",
        "--round",
        "2026-T1",
        "--item",
        "N1",
        "--value",
        "5",
        "--comment",
        "före",
        "--user",
        "anna",
    )
    code, _, err = run(capsys, "round", "lock", "--round", "2026-T1", "--user", "anna")
    assert code == 3  # only controllers lock
    code, _, err = run(capsys, "round", "lock", "--round", "2026-T1", "--user", "carl")
    # unapproved reports and unreported items: a reason is required
    assert code != 0 and "Rapportkontrollen hittar" in err and "inte godkänd" in err
    code, out, _ = run(
        capsys, "round", "lock", "--round", "2026-T1", "--user", "carl", "--reason", LOCK_REASON
    )
    assert (code, out.strip()) == (0, "2026-T1: Fastställd")
    assert Round.objects.get(code="2026-T1").lock_reason == LOCK_REASON
    assert UnitReport.objects.get(unit=region.dig).state == ReportState.LOCKED

    code, _, err = run(
        capsys,
        "round",
        "report",
        "--round",
        "2026-T1",
        "--item",
        "N1",
        "--value",
        "9",
        "--comment",
        "efter",
        "--user",
        "admin",
    )
    assert code == 1 and "fastställt" in err
    code, _, err = run(capsys, "round", "open", "--round", "2026-T1", "--user", "admin")
    assert code == 1 and "fastställt" in err

    csv_file = tmp_path / "in.csv"
    csv_file.write_text("item;value;status;comment\nN1;9;;efter\n", encoding="utf-8")
    code, _, err = run(
        capsys, "round", "import", str(csv_file), "--round", "2026-T1", "--user", "admin"
    )
    assert code == 1 and "rad 2" in err and "fastställt" in err

    assessment = Assessment.objects.get(item=region.sick)
    assert (assessment.comment, assessment.values.get().value) == ("före", Decimal(5))
    assert Round.objects.get(code="2026-T1").state == RoundState.LOCKED


def test_import_is_all_or_nothing(region, capsys, tmp_path):
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(
        "item;value;status;comment\nN1;5,2;;Bra\nU1;;delvis;Pågår\nN3;80;;fel enhet\n",
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "round", "import", str(csv_file), "--round", "2026-T1", "--user", "anna"
    )
    assert code == 3 and "rad 4" in err
    assert not Assessment.objects.exists()

    csv_file.write_text(
        "item;value;status;comment\nN1;5,2;;Bra\nU1;;delvis;Pågår\n", encoding="utf-8"
    )
    code, out, _ = run(
        capsys, "round", "import", str(csv_file), "--round", "2026-T1", "--user", "anna"
    )
    assert (code, out.strip()) == (0, "2 bedömningar inlästa i 2026-T1")
    assert Assessment.objects.get(item=region.task).status.code == "delvis"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--round", "2099-X", "--item", "N1", "--value", "1", "--user", "anna"], "finns inte"),
        (["--round", "2026-T1", "--item", "NOPE", "--value", "1", "--user", "anna"], "posten NOPE"),
        (
            ["--round", "2026-T1", "--item", "N1", "--value", "abc", "--user", "anna"],
            "ogiltigt tal",
        ),
        (["--round", "2026-T1", "--item", "N1", "--value", "1", "--user", "nobody"], "användaren"),
    ],
)
def test_bad_input_gives_clean_errors(region, capsys, argv, message):
    code, _, err = run(capsys, "round", "report", *argv)
    assert code == 1 and message in err and "Traceback" not in err


def test_list(region, capsys):
    code, out, _ = run(capsys, "round", "list", "--plan", "rs-2026")
    assert code == 0 and out.startswith("2026-T1\trs-2026\t2026-01-01–2026-04-30\tÖppen")
