"""`styra round …` through the console script, on the demo database."""

from __future__ import annotations

import pytest

from tests.entry_point import run_styra

pytestmark = pytest.mark.xdist_group("demo-home")


def test_list_and_status(demo_home):
    listed = run_styra("round", "list", "--plan", "rs-2026", home=demo_home)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == (
        "2026-T1\trs-2026\t2026-01-01–2026-04-30\tÖppen\n"
        "inspel-2027-2029\trs-2026\t2026-01-01–2026-05-31\tÖppen\n"
        "RS-2026-D\trs-2026\t2026-01-01–2026-08-31\tÖppen\n"
    )
    status = run_styra("round", "status", "--round", "2026-T1", home=demo_home)
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0] == "Tertialrapport 1 2026 (2026-T1): Öppen"
    assert any(line.startswith("RS-DIG\t") and "rapporterade" in line for line in lines[1:])


def test_report_and_import_as_the_reporter(demo_home):
    reported = run_styra(
        "round", "report", "--round", "2026-T1", "--item", "N10", "--value", "45,5",
        "--comment", "Sorteringen har kommit igång.", "--user", "rapportor", home=demo_home,
    )  # fmt: skip
    assert reported.returncode == 0, reported.stderr
    assert reported.stdout.startswith("2026-T1 N10: ")
    (demo_home / "bedomningar.csv").write_text(
        "item;value;status;comment\nN11;12,5;;HVO-andelen ökar.\n", encoding="utf-8"
    )
    imported = run_styra(
        "round", "import", "bedomningar.csv", "--round", "2026-T1", "--user", "rapportor",
        home=demo_home,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "1 bedömningar inlästa i 2026-T1\n"
    other_unit = run_styra(
        "round", "report", "--round", "2026-T1", "--item", "N01", "--value", "1",
        "--user", "rapportor", home=demo_home,
    )  # fmt: skip
    assert other_unit.returncode == 3 and "Traceback" not in other_unit.stderr


def test_close_open_and_lock_as_the_controller(demo_home):
    refused = run_styra(
        "round", "close", "--round", "2026-T1", "--user", "rapportor", home=demo_home
    )
    assert refused.returncode == 3
    assert refused.stderr.startswith("styra: Endast controller eller administratör")
    for action, state in (("close", "Stängd för rapportering"), ("open", "Öppen")):
        result = run_styra(
            "round", action, "--round", "2026-T1", "--user", "controller", home=demo_home
        )
        assert (result.returncode, result.stdout) == (0, f"2026-T1: {state}\n"), result.stderr
    no_reason = run_styra(
        "round", "lock", "--round", "2026-T1", "--user", "controller", home=demo_home
    )
    assert no_reason.returncode == 1 and "inte godkända" in no_reason.stderr
    assert "Ange ett skäl" in no_reason.stderr and "Traceback" not in no_reason.stderr
    locked = run_styra(
        "round",
        "lock",
        "--round",
        "2026-T1",
        "--user",
        "controller",
        "--reason",
        "Fastställs med öppna rapporter",
        home=demo_home,
    )
    assert (locked.returncode, locked.stdout) == (0, "2026-T1: Fastställd\n"), locked.stderr
    late = run_styra(
        "round", "report", "--round", "2026-T1", "--item", "N10", "--value", "50",
        "--user", "rapportor", home=demo_home,
    )  # fmt: skip
    assert late.returncode == 1
    assert (
        late.stderr == "styra: Uppföljningstillfället 2026-T1 är fastställt och kan inte ändras.\n"
    )
