"""`styra stats`, `styra kolada` and `styra job` through the console script, in a fresh
process on a copy of the database `styra demo` built (the commands' other tests call
`main(argv)` on small regions; these prove the installed entry point)."""

from __future__ import annotations

from styra.demo.stats import KOLADA_DIR
from tests.entry_point import run_styra

DEMO_STATS = KOLADA_DIR.parent / "statistik-demo.yaml"


def run(*args, home):
    result = run_styra(*args, home=home)
    assert "Traceback" not in result.stderr
    return result


def test_stats_config_export_and_assess(demo_home, tmp_path):
    shown = run("stats", "config", "show", home=demo_home)
    assert shown.returncode == 0, shown.stderr
    assert "kon          Kön: Kvinnor, Män, Okänt (Totalt)" in shown.stdout

    loaded = run("stats", "config", "load", DEMO_STATS, "--user", "admin", home=demo_home)
    assert loaded.returncode == 0, loaded.stderr
    assert "13 serier, 2 jämförelseområden" in loaded.stdout
    refused = run("stats", "config", "load", DEMO_STATS, "--user", "rapportor", home=demo_home)
    assert refused.returncode == 1 and refused.stderr.startswith("styra: ")

    out = tmp_path / "sjukfranvaro.csv"
    exported = run(
        "stats", "export", "--series", "sjukfranvaro", "--unit", "RS",
        "--from", "2026-01", "--to", "2026-03", "--out", out, home=demo_home,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == f"54 värden skrivna till {out}"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "serie;enhet;område;period;periodtyp;intervall;kon;värde;orsak"
    assert "sjukfranvaro;RS;;2026-01;månad;Dag 1–14;Kvinnor;2,85;" in lines

    assessed = run(
        "stats", "assess", "--round", "HSN-2026-T1", "--dry-run", "--user", "admin",
        home=demo_home,
    )  # fmt: skip
    assert assessed.returncode == 0, assessed.stderr
    assert "1.1.5: 97,00 (jan–apr 2026, jämförelse 90,00) – skulle skrivas" in assessed.stdout


def test_kolada_kpi_from_recorded_responses(demo_home):
    result = run("kolada", "kpi", "N00945", "--recorded", KOLADA_DIR, home=demo_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("N00945: Invånare totalt, antal\n")
    missing = run("kolada", "kpi", "N99999", "--recorded", KOLADA_DIR, home=demo_home)
    assert missing.returncode == 1 and missing.stderr.startswith("styra: ")


def test_job_reports_queued_then_listed(demo_home):
    empty = run("job", "list", home=demo_home)
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.strip() == "Inga jobb."
    queued = run(
        "job", "reports", "--round", "2026-T1", "--unit", "RS", "--format", "html",
        "--user", "controller", home=demo_home,
    )  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    assert queued.stdout.strip() == "Jobb 1 köat: Rapport för RS, Tertialrapport 1 2026"
    listed = run("job", "list", home=demo_home)
    assert "1  Väntar" in listed.stdout and "Rapport för RS" in listed.stdout
    refused = run(
        "job", "reports", "--round", "2026-T1", "--unit", "RS", "--user", "rapportor",
        home=demo_home,
    )  # fmt: skip
    assert refused.returncode == 1 and refused.stderr.startswith("styra: ")
