import re
from decimal import Decimal

from styra.cli.main import main
from styra.economy.registers.models import Forecast, Workforce
from styra.followup.models import RoundState


def test_forecast_set_accepts_a_negative_amount_with_decimal_comma(region, capsys):
    code = main(
        [
            "register",
            "forecast",
            "set",
            "--round",
            "2026-T1",
            "--unit",
            "RS-HR",
            "--amount",
            "-59,0",
            "--in",
            "mkr",
            "--user",
            "cecilia",
        ]
    )

    assert code == 0
    assert Forecast.objects.get(unit=region.hr).amount == Decimal(-59_000_000)
    assert "RS-HR: helårsprognos \u221259,0 mkr" in capsys.readouterr().out


def test_forecast_set_in_tkr(region):
    assert (
        main(
            [
                "register",
                "forecast",
                "set",
                "--round",
                "2026-T1",
                "--unit",
                "RS-EKO",
                "--amount",
                "-55 512,4",
                "--in",
                "tkr",
                "--user",
                "cecilia",
            ]
        )
        == 0
    )
    assert Forecast.objects.get(unit=region.eko).amount == Decimal("-55512400")


def test_forecast_set_on_a_locked_round_fails_with_one_line(region, capsys):
    region.t1.state = RoundState.LOCKED
    region.t1.save()
    code = main(
        [
            "register",
            "forecast",
            "set",
            "--round",
            "2026-T1",
            "--unit",
            "RS-HR",
            "--amount",
            "-1",
            "--user",
            "cecilia",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == [
        "styra: Uppföljningstillfället 2026-T1 är fastställt och kan inte ändras."
    ]
    assert not Forecast.objects.exists()


def test_unknown_unit_and_bad_amount(region, capsys):
    assert (
        main(
            [
                "register",
                "forecast",
                "set",
                "--round",
                "2026-T1",
                "--unit",
                "NOPE",
                "--amount",
                "1",
                "--user",
                "cecilia",
            ]
        )
        == 1
    )
    assert "okänd enhet: NOPE" in capsys.readouterr().err
    assert (
        main(
            [
                "register",
                "forecast",
                "set",
                "--round",
                "2026-T1",
                "--unit",
                "RS-HR",
                "--amount",
                "tre",
                "--user",
                "cecilia",
            ]
        )
        == 1
    )
    assert "--amount: ”tre” är inget tal" in capsys.readouterr().err


def test_forecast_import_and_list(region, tmp_path, capsys):
    path = tmp_path / "prognos.csv"
    path.write_text("enhet;prognos_mkr\nRS-EKO;-55,5\nRS-HR;-59,0\nRS-DIG;-650,7\n")

    assert (
        main(
            ["register", "forecast", "import", str(path), "--round", "2026-T1", "--user", "cecilia"]
        )
        == 0
    )
    assert "prognos.csv: 3 prognoser inlästa (3 nya, 0 ändrade)" in capsys.readouterr().out

    assert main(["register", "forecast", "list", "--round", "2026-T1", "--unit", "RS-STAB"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["Enhet", "(mkr)", "Prognos"]
    assert lines[-1].split()[:2] == ["Totalt", "\u2212765,2"]


def test_import_errors_are_listed_and_nothing_is_written(region, tmp_path, capsys):
    path = tmp_path / "p.csv"
    path.write_text("enhet;prognos_mkr\nRS-EKO;-55,5\nRS-XX;1\n")
    assert (
        main(
            ["register", "forecast", "import", str(path), "--round", "2026-T1", "--user", "cecilia"]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "ingenting inläst" in err and "p.csv, rad 3, kolumn enhet: okänd enhet" in err
    assert not Forecast.objects.exists()


def test_savings_import_oaa_and_list(region, tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text(
        "kod;enhet;namn;typ;helarseffekt_mkr;utfall_mkr;utfall_fg_ar_mkr;status\n"
        "flex;RS-STAB;Flexibel arbetsplats;;3,3;-1,0;-2,0;grön\n"
        "personal;RS-STAB;Personalkostnad;personalkostnad;12,7;-163,6;-156,3;\n"
    )
    assert (
        main(
            ["register", "savings", "import", str(path), "--round", "2026-T1", "--user", "cecilia"]
        )
        == 0
    )
    assert (
        main(
            [
                "register",
                "savings",
                "oaa",
                "--round",
                "2026-T1",
                "--unit",
                "RS-STAB",
                "--value",
                "567,0",
                "--previous",
                "565,5",
                "--user",
                "cecilia",
            ]
        )
        == 0
    )
    assert Workforce.objects.get().fte == Decimal("567.0")
    capsys.readouterr()

    assert main(["register", "savings", "list", "--round", "2026-T1"]) == 0
    out = {
        line.split("  ")[0].strip(): line.split() for line in capsys.readouterr().out.splitlines()
    }
    assert out["Delsumma"][1:5] == ["3,3", "\u22121,0", "\u22122,0", "1,0"]
    assert out["Totalt"][1:5] == ["16,0", "\u2212164,6", "\u2212158,3", "\u22126,3"]
    assert out["OÅA"][1:4] == ["567,0", "565,5", "1,5"]


def test_investments_import_and_list(region, tmp_path, capsys):
    path = tmp_path / "inv.csv"
    path.write_text(
        "kod;enhet;namn;kategori;budget_ar_tkr;utfall_ar_tkr\n"
        "hc;RS-DIG;Hälsocentral;3;98 870;7 908\n"
        "pott;RS-STAB;Oförutsett;5;8 689,0;784,0\n"
    )
    assert (
        main(
            [
                "register",
                "investments",
                "import",
                str(path),
                "--round",
                "2026-T1",
                "--user",
                "cecilia",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["register", "investments", "list", "--round", "2026-T1"]) == 0
    last = re.split(" {2,}", capsys.readouterr().out.splitlines()[-1])
    assert last == ["Totalt", "8\u00a0692", "107\u00a0559"]


def test_a_write_without_user_or_with_the_wrong_user_is_refused(region, builder, tmp_path, capsys):
    args = ["register", "forecast", "set", "--round", "2026-T1", "--unit", "RS-HR"]
    assert main([*args, "--amount", "-1"]) == 1
    assert "ange vem som gör ändringen med --user" in capsys.readouterr().err

    builder.user("rasmus", (region.eko, "reporter"))
    assert main([*args, "--amount", "-1", "--user", "rasmus"]) == 1
    assert capsys.readouterr().err.strip() == (
        "styra: Du får inte ändra prognos, åtgärder eller investeringar för RS-HR."
    )

    path = tmp_path / "oaa.csv"
    path.write_text("enhet;oaa\nRS-EKO;12\nRS-HR;14\n")
    command = ["register", "savings", "oaa-import", str(path), "--round", "2026-T1"]
    assert main([*command, "--user", "rasmus"]) == 1
    err = capsys.readouterr().err
    assert "ingenting inläst" in err and "oaa.csv, rad 3: Du får inte ändra" in err
    assert not Forecast.objects.exists() and not Workforce.objects.exists()
