"""`styra ledger …` through the console script, in a fresh process, on the demo's
database and the demo's own SIE file (`var/demo/region-exempel-huvudbok.se`)."""

from __future__ import annotations

import pytest

from styra.economy.ledger.mapping import MAPPINGS_DIR
from tests.entry_point import run_styra


def run(*args, home):
    result = run_styra(*args, home=home)
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture
def sie(demo_home):
    return demo_home / "var" / "demo" / "region-exempel-huvudbok.se"


def test_import_sie_again_replaces_and_a_dry_run_needs_no_user(demo_home, sie):
    dry = run("ledger", "import", "sie", sie, "--year", "2026", "--dry-run", home=demo_home)
    assert dry.returncode == 0, dry.stderr
    assert "Provkörning – inget skrevs: källa 'SIE Region Exempel', år 2026" in dry.stdout
    done = run(
        "ledger", "import", "sie", sie, "--year", "2026", "--user", "controller", home=demo_home
    )
    assert done.returncode == 0, done.stderr
    assert "Importerat: källa 'SIE Region Exempel', år 2026" in done.stdout


def test_import_without_the_right_is_refused(demo_home, sie):
    result = run(
        "ledger", "import", "sie", sie, "--year", "2026", "--user", "rapportor", home=demo_home
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "styra: Endast controller eller administratör får läsa in huvudbok."
    )
    result = run("ledger", "import", "sie", sie, "--year", "2026", home=demo_home)
    assert result.returncode == 1 and "--user" in result.stderr


def test_import_csv_of_another_year_and_the_table(demo_home, tmp_path):
    path = tmp_path / "budget-2027.csv"
    path.write_text("kostnadsställe;konto;månad;typ;belopp\n1510;5010;2027;budget;-1 200 000\n")
    result = run(
        "ledger", "import", "csv", path, "--year", "2027", "--user", "controller", home=demo_home
    )
    assert result.returncode == 0, result.stderr
    assert "fakta: 1 (ersätter 0)" in result.stdout
    table = run("ledger", "table", "--unit", "RS", "--period", "2026-04", home=demo_home)
    assert table.returncode == 0, table.stderr
    assert "Ekonomisk analys, Regionstyrelsen (RS), 2026-01–2026-04, tkr" in table.stdout
    assert "Verksamhetens nettokostnader" in table.stdout


def test_mapping_load(demo_home):
    yaml = MAPPINGS_DIR / "kommun-bas.yaml"
    result = run("ledger", "mapping", "load", yaml, "--user", "controller", home=demo_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Raduppsättningen kommun-bas har 11 rader."
    result = run("ledger", "mapping", "load", yaml, "--user", "rapportor", home=demo_home)
    assert result.returncode == 1 and "hela organisationen" in result.stderr


def test_a_locked_period_is_refused_and_later_months_still_go_in(demo_home, tmp_path, sie):
    locked = run(
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
    assert locked.returncode == 0, locked.stderr
    again = run(
        "ledger", "import", "sie", sie, "--year", "2026", "--user", "controller", home=demo_home
    )
    assert again.returncode == 0, again.stderr  # the same figures: nothing changes

    march = tmp_path / "rattelse.csv"
    march.write_text("kostnadsställe;konto;månad;typ;belopp\n1510;5010;2026-03;utfall;-1 000\n")
    result = run(
        "ledger", "import", "csv", march, "--year", "2026", "--user", "controller", home=demo_home
    )
    assert result.returncode == 1
    assert "fastställt: 2026-T1" in result.stderr
    assert "kostnadsställe 1510, konto 5010, 2026-03 (utfall)" in result.stderr
    assert "Inget importerades" in result.stderr

    may = tmp_path / "maj.csv"
    may.write_text("kostnadsställe;konto;månad;typ;belopp\n1510;5010;2026-05;utfall;-1 000\n")
    result = run(
        "ledger", "import", "csv", may, "--year", "2026", "--user", "controller", home=demo_home
    )
    assert result.returncode == 0, result.stderr


def test_import_balances_from_csv(demo_home, tmp_path):
    path = tmp_path / "balanser.csv"
    path.write_text(
        "konto;enhet;period;typ;belopp\n1930;REG;2027;IB;1 000 000\n1930;REG;2027-01;period;-5,50\n",
        encoding="utf-8",
    )
    dry = run("ledger", "import", "balances", path, "--year", "2027", "--dry-run", home=demo_home)
    assert dry.returncode == 0, dry.stderr
    assert "balansposter (klass 1–2) för REG: 2" in dry.stdout
    done = run(
        "ledger", "import", "balances", path, "--year", "2027", "--user", "controller",
        home=demo_home,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Importerat: källa 'balanser', år 2027" in done.stdout
    path.write_text("konto;period;typ;belopp\n3010;2027-01;period;1\n", encoding="utf-8")
    bad = run("ledger", "import", "balances", path, "--year", "2027", "--dry-run", home=demo_home)
    assert bad.returncode == 1
    assert "balanser.csv, rad 2, kolumn konto: konto 3010 är inget balanskonto" in bad.stderr
