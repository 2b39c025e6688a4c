"""`styra stats …` through the real entry point (main(argv)) and the console script."""

from styra.cli.main import main
from styra.demo.stats import KOLADA_DIR as KOLADA_DEMO
from styra.stats.models import StatValue
from tests.entry_point import run_styra

from .conftest import write
from .test_imports import SICK_LEAVE


def test_import_dry_run_then_import_then_list_and_show(region, tmp_path, capsys):
    path = write(tmp_path / "sjuk.csv", SICK_LEAVE)
    assert main(["stats", "import", str(path), "--dry-run", "--user", "carl"]) == 0
    out = capsys.readouterr().out
    assert "Provkörning – ingenting har sparats: sjuk.csv, 7 värden: 7 nya" in out
    assert "Sjukfrånvaro, jan–mar 2026: 7 nya, 0 ändrade" in out
    assert not StatValue.objects.exists()

    assert main(["stats", "import", str(path), "--user", "carl"]) == 0
    assert "Inläst: sjuk.csv, 7 värden" in capsys.readouterr().out
    assert main(["stats", "list"]) == 0
    assert "sjukfranvaro" in capsys.readouterr().out

    assert (
        main(
            [
                "stats",
                "show",
                "--series",
                "sjukfranvaro",
                "--unit",
                "RS-HR",
                "--period",
                "ack:2026-03",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    lines = {line.split("  ")[1].strip(): line for line in out.splitlines()[1:] if line.strip()}
    # Women's total over the intervals is their sum (the intervals add up); men's is
    # missing because one interval is.
    assert "6,1" in lines["Totalt, Kvinnor"]
    assert "Saknas data" in lines["Dag 60–, Män"]
    assert "5,7" in lines["Totalt, Totalt"]


def test_errors_are_clear_lines_and_exit_one(region, tmp_path, capsys):
    bad = write(
        tmp_path / "fel.csv",
        SICK_LEAVE.replace("RS-HR;2026-03;ack;dag 1-14", "RS-HR;2026-3x;ack;dag 1-14"),
    )
    assert main(["stats", "import", str(bad), "--user", "carl"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("styra: filen har fel och ingenting har lästs in:\n")
    assert "fel.csv, rad 2, kolumn period: ”2026-3x” är ingen period (skriv ÅÅÅÅ-MM)" in err
    assert main(["stats", "import", str(bad)]) == 1
    assert "ange vem som gör ändringen med --user" in capsys.readouterr().err
    assert main(["stats", "import", str(tmp_path / "saknas.csv"), "--user", "carl"]) == 1
    assert "saknas.csv: filen kan inte läsas" in capsys.readouterr().err
    good = write(tmp_path / "sjuk.csv", SICK_LEAVE)
    assert main(["stats", "import", str(good), "--user", "rut"]) == 1
    assert "Du får inte läsa in statistik för RS-HR." in capsys.readouterr().err
    assert not StatValue.objects.exists()


def test_export_edit_and_import_back(region, tmp_path, capsys):
    main(["stats", "import", str(write(tmp_path / "sjuk.csv", SICK_LEAVE)), "--user", "carl"])
    capsys.readouterr()
    out = tmp_path / "export.csv"
    assert main(["stats", "export", "--series", "sjukfranvaro", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "serie;enhet;område;period;periodtyp;intervall;kon;värde;orsak"
    assert "sjukfranvaro;RS-HR;;2026-03;ack;Dag 1–14;Kvinnor;2,4;" in text
    assert "sjukfranvaro;RS-HR;;2026-03;ack;Dag 60–;Män;;Saknas data" in text
    capsys.readouterr()
    # Unchanged: the import finds nothing to change.
    assert main(["stats", "import", str(out), "--dry-run", "--user", "carl"]) == 0
    assert "7 värden: 0 nya, 0 ändrade, 7 oförändrade, 0 borttagna" in capsys.readouterr().out
    # Edited: exactly the edit.
    write(out, text.replace("Kvinnor;2,4;", "Kvinnor;2,2;"))
    assert main(["stats", "import", str(out), "--user", "carl"]) == 0
    assert "0 nya, 1 ändrade, 6 oförändrade" in capsys.readouterr().out

    xlsx = tmp_path / "export.xlsx"
    assert (
        main(
            [
                "stats",
                "export",
                "--series",
                "sjukfranvaro",
                "--unit",
                "RS-HR",
                "--from",
                "2026-01",
                "--to",
                "2026-12",
                "--out",
                str(xlsx),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["stats", "import", str(xlsx), "--dry-run", "--user", "carl"]) == 0
    assert "7 värden: 0 nya, 0 ändrade, 7 oförändrade" in capsys.readouterr().out


def test_config_load_and_show(region, tmp_path, capsys):
    config = write(
        tmp_path / "egen.yaml",
        """format: styra-stats/1
areas:
  - {code: region-norr, name: Region Norr, kind: region, kolada: "0025"}
kolada_units:
  - {unit: REG, kolada: "0023"}
series:
  - code: vardgaranti
    name: Vårdgarantin (0-3-90-90)
    note: "Källa: väntetider i vården"
""",
    )
    assert main(["stats", "config", "load", str(config), "--user", "carl"]) == 0
    assert "1 serier, 1 jämförelseområden, 1 Kolada-id" in capsys.readouterr().out
    assert main(["stats", "config", "show"]) == 0
    out = capsys.readouterr().out
    assert "region-norr  Region Norr (Kolada 0025)" in out
    broken = write(
        tmp_path / "fel.yaml",
        "format: styra-stats/1\nseries:\n  - code: x\n    name: X\n    dimensions: [okand]\n",
    )
    assert main(["stats", "config", "load", str(broken), "--user", "carl"]) == 1
    assert (
        "fel.yaml, rad 5, kolumn series[0].dimensions[0]: okänd dimension okand"
        in capsys.readouterr().err
    )


def test_console_script_on_the_demo(demo_home):
    """The real `styra` in a fresh process on the database `styra demo` built."""
    result = run_styra("stats", "list", home=demo_home)
    assert result.returncode == 0, result.stderr
    assert "sjukfranvaro" in result.stdout and "8064 värden" in result.stdout
    result = run_styra(
        "stats", "show", "--series", "sjukfranvaro", "--unit", "RS", "--period", "ack:2026-03",
        home=demo_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Totalt, Totalt" in result.stdout and "5,7" in result.stdout
    result = run_styra("stats", "import", "saknas.csv", "--user", "admin", home=demo_home)
    assert result.returncode == 1 and result.stderr.startswith("styra: filen har fel")
    result = run_styra(
        "kolada", "sync", "--years", "2019-2025", "--recorded", KOLADA_DEMO, "--dry-run",
        "--user", "admin", home=demo_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Provkörning – ingenting har sparats: 105 värden" in result.stdout
    assert "0 nya, 0 ändrade, 105 oförändrade" in result.stdout


def test_assess_writes_linked_indicators_from_the_series(region, builder, tmp_path, capsys):
    from datetime import date
    from decimal import Decimal

    from styra.followup.models import Assessment
    from styra.plans.models import Indicator, Target

    plan = builder.plan("rs-2026", region.rs)
    level = builder.level(plan, "nyckeltal", ["indicator"])
    builder.use_scale(plan, builder.scale())
    item = builder.item(plan, level, "indicator", "N15", title="Sjukfrånvaro", owner=region.hr)
    Indicator.objects.create(item=item, unit="%", decimals=1, direction="lower")
    Target.objects.create(item=item, kind="threshold", value=Decimal("5.5"), direction="lower")
    builder.round(plan, code="2026-T1", end=date(2026, 4, 30))
    builder.user("ada", (region.reg, "admin"))
    main(["stats", "import", str(write(tmp_path / "sjuk.csv", SICK_LEAVE)), "--user", "carl"])
    link = write(
        tmp_path / "koppling.yaml",
        "format: styra-stats/1\nindicator_links:\n"
        "  - {plan: rs-2026, item: N15, series: sjukfranvaro, period: ytd, lag_months: 1}\n",
    )
    main(["stats", "config", "load", str(link), "--user", "carl"])
    capsys.readouterr()
    assert main(["stats", "assess", "--round", "2026-T1", "--dry-run", "--user", "ada"]) == 0
    assert "N15: 5,70 (jan–mar 2026) – skulle skrivas" in capsys.readouterr().out
    assert not Assessment.objects.exists()
    assert main(["stats", "assess", "--round", "2026-T1", "--user", "ada"]) == 0
    assert "N15: 5,70 (jan–mar 2026) – skrivet" in capsys.readouterr().out
    assessment = Assessment.objects.get(item=item)
    assert assessment.total_value().value == Decimal("5.7")
    assert assessment.status.meaning == "not_fulfilled"
    # A reader may not write assessments: one clear line.
    assert main(["stats", "assess", "--round", "2026-T1", "--user", "rut"]) == 1
    assert capsys.readouterr().err.startswith("styra: Du får inte rapportera för N15.")
