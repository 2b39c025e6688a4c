"""`styra sie inspect` through the real `styra` entry point, as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.paths import SIE_SAMPLES

SAMPLES = SIE_SAMPLES
STYRA = Path(sys.executable).parent / "styra"

UNBALANCED = """\
#FLAGGA 0
#FORMAT PC8
#SIETYP 4
#FNAMN "Obalans AB"
#RAR 0 20250101 20251231
#KONTO 1930 Bank
#KONTO 5010 Lokalhyra
#VER A 1 20250110 "ok"
{
#TRANS 5010 {} 100.00
#TRANS 1930 {} -100.00
}
#VER A 2 20250111 "fel"
{
#TRANS 5010 {} 100.00
#TRANS 1930 {} -100.50
}
"""


def styra(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(STYRA), "sie", "inspect", *args], capture_output=True, text=True, timeout=60
    )


def test_valid_file_gives_json_and_exit_0():
    run = styra(str(SAMPLES / "transaktioner_ovnbolag.se"), "--json")

    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["sietyp"] == 4
    assert report["program"] == "Avendo"
    assert report["company"] == "Övningsbolaget AB (Ekonomi 60)"
    assert report["fiscal_years"] == [
        {"index": 0, "start": "2011-01-01", "end": "2011-12-31"},
        {"index": -1, "start": "2010-01-01", "end": "2010-12-31"},
    ]
    assert (report["accounts"], report["dimensions"], report["objects"]) == (567, 3, 14)
    assert (report["vouchers"], report["transactions"], report["period_balances"]) == (
        163,
        671,
        1953,
    )
    assert (report["unbalanced_vouchers"], report["errors"], report["warnings"]) == ([], [], [])


def test_unbalanced_voucher_gives_exit_1_with_line_and_difference(tmp_path):
    path = tmp_path / "obalans.se"
    path.write_bytes(UNBALANCED.encode("cp437"))

    run = styra(str(path), "--json")

    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["vouchers"] == 2 and report["transactions"] == 4
    assert report["unbalanced_vouchers"] == [
        {"series": "A", "number": "2", "line": 13, "difference": -0.5, "difference_ore": -50}
    ]
    assert report["errors"] == [
        {"line": 13, "message": "verifikation A 2 balanserar inte: differens −0,50 kr"}
    ]


def test_readable_summary_is_swedish_and_names_file_and_line(tmp_path):
    path = tmp_path / "obalans.se"
    path.write_bytes(UNBALANCED.encode("cp437"))

    run = styra(str(path))

    assert run.returncode == 1
    assert "Verifikationer: 2, transaktioner: 4" in run.stdout
    assert "obalans.se:13: verifikation A 2 balanserar inte" in run.stdout
    assert "Resultat: filen har 1 fel." in run.stdout


def test_not_sie_gives_exit_2_and_one_line_without_traceback():
    run = styra(str(SAMPLES / "BokSald.SE"), "--json")

    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr == (
        "styra: BokSald.SE är ingen SIE-fil: ingen rad börjar med #FLAGGA, #SIETYP eller #VER\n"
    )


def test_missing_file_gives_exit_2(tmp_path):
    run = styra(str(tmp_path / "finns-inte.se"))

    assert run.returncode == 2
    assert run.stderr == "styra: finns-inte.se kunde inte läsas: filen finns inte\n"


def test_help_is_swedish():
    run = styra("--help")

    assert run.returncode == 0
    assert "kontrollerar att varje verifikation balanserar" in run.stdout
    assert "skriv resultatet som ett JSON-objekt" in run.stdout
