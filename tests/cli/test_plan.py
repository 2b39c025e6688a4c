"""`styra plan import|export|list` through the console script, on the demo database."""

from __future__ import annotations

import pytest

from tests.entry_point import run_styra

pytestmark = pytest.mark.xdist_group("demo-home")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def round_state(home) -> str:
    result = run_styra("round", "status", "--round", "2026-T1", home=home)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0]


def test_export_list_and_import_as_the_acting_user(demo_home):
    exported = run_styra("plan", "export", "--plan", "rs-2026", "--out", "rs.yaml", home=demo_home)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == "Planen rs-2026 skriven till rs.yaml.\n"
    listed = run_styra("plan", "list", home=demo_home)
    assert listed.returncode == 0 and "rs-2026" in listed.stdout and "rs-vp-2022" in listed.stdout

    plan_file = demo_home / "rs.yaml"
    text = plan_file.read_text(encoding="utf-8")
    assert "    state: open\n" in text
    locked = "    state: locked\n    lock_reason: Fastställd av styrelsen trots utkast\n"
    plan_file.write_text(text.replace("    state: open\n", locked), "utf-8")

    nobody = run_styra("plan", "import", "rs.yaml", home=demo_home)
    assert nobody.returncode == 1
    assert nobody.stderr == (
        "styra: rs.yaml, rad 2: en plan-, organisations- eller planeringsfil importeras av "
        "en användare; ange --user\n"
    )
    reporter = run_styra("plan", "import", "rs.yaml", "--user", "rapportor", home=demo_home)
    assert reporter.returncode == 3
    assert reporter.stderr.startswith("styra: rs.yaml: Endast controller eller administratör")
    assert "Traceback" not in reporter.stderr
    assert round_state(demo_home) == "Tertialrapport 1 2026 (2026-T1): Öppen"

    controller = run_styra(
        "plan", "import", "rs.yaml", home=demo_home, env={"STYRA_USER": "controller"}
    )
    assert controller.returncode == 0, controller.stderr
    assert "Importerad: plan rs-2026 (uppdaterad): 0 nya, 0 ändrade, 0 borttagna poster." in (
        controller.stdout
    )
    status = run_styra("round", "status", "--round", "2026-T1", home=demo_home).stdout
    assert status.splitlines()[0] == "Tertialrapport 1 2026 (2026-T1): Fastställd"
    assert "Utkast" not in status  # the unit reports were locked with the round


def test_a_forbidden_transition_is_one_line_naming_file_line_and_field(demo_home):
    run_styra("plan", "export", "--plan", "rs-2026", "--out", "rs.yaml", home=demo_home)
    plan_file = demo_home / "rs.yaml"
    text = plan_file.read_text(encoding="utf-8").replace(
        "    state: open\n", "    state: planned\n"
    )
    plan_file.write_text(text, encoding="utf-8")
    result = run_styra("plan", "import", "rs.yaml", "--user", "controller", home=demo_home)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"styra: rs.yaml:{line_of(text, 'state: planned')}: rounds[0].state: uppföljningen "
        "2026-T1 har status ”Öppen” och kan inte få status ”Planerad”"
    )
    assert round_state(demo_home) == "Tertialrapport 1 2026 (2026-T1): Öppen"
