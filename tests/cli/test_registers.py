"""`styra register …` through the console script, in a fresh process, on the demo's
database and the demo's own register files (`src/styra/demo/data/registers/`).

The demo users: `controller` (controller for the whole region) and `rapportor`
(reporter for RS-DIG only).
"""

from __future__ import annotations

import pytest

from tests.entry_point import run_styra
from tests.paths import REPO_ROOT

FILES = REPO_ROOT / "src" / "styra" / "demo" / "data" / "registers"
ROUND = ("--round", "2026-T1")


def ok(*args, home):
    result = run_styra(*args, home=home)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(*args, home):
    result = run_styra(*args, home=home)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "register, action, name, what",
    [
        ("forecast", "import", "prognoser-2026-T1.csv", "7 prognoser inlästa (0 nya, 7 ändrade)"),
        ("savings", "import", "atgarder-2026-T1.csv", "åtgärder inlästa (0 nya"),
        (
            "savings",
            "oaa-import",
            "oaa-2026-T1.csv",
            "1 enheter med OÅA inlästa (0 nya, 1 ändrade)",
        ),
        ("investments", "import", "investeringar-2026-T1.csv", "investeringar inlästa (0 nya"),
    ],
)
def test_imports_run_as_the_named_user(demo_home, register, action, name, what):
    out = ok(
        "register", register, action, FILES / name, *ROUND, "--user", "controller", home=demo_home
    )
    assert f"{name}: " in out and what in out and "för 2026-T1" in out


def test_forecast_set_and_list(demo_home):
    out = ok(
        "register",
        "forecast",
        "set",
        *ROUND,
        "--unit",
        "RS-HR",
        "--amount",
        "-58,5",
        "--user",
        "controller",
        home=demo_home,
    )
    assert out.strip() == "2026-T1 RS-HR: helårsprognos \u221258,5 mkr"
    rows = ok("register", "forecast", "list", *ROUND, "--unit", "RS", home=demo_home).splitlines()
    assert rows[0].split()[:3] == ["Enhet", "(mkr)", "Prognos"]
    assert rows[-1].split()[0] == "Totalt"


def test_savings_oaa_and_list(demo_home):
    out = ok(
        "register",
        "savings",
        "oaa",
        *ROUND,
        "--unit",
        "RS",
        "--value",
        "570,0",
        "--previous",
        "565,5",
        "--user",
        "controller",
        home=demo_home,
    )
    assert out.strip() == "2026-T1 RS: OÅA 570,0"
    lines = ok("register", "savings", "list", *ROUND, home=demo_home).splitlines()
    assert any(line.split()[:2] == ["OÅA", "570,0"] for line in lines)
    assert any(line.startswith("Delsumma") for line in lines)


def test_investments_list(demo_home):
    last = ok("register", "investments", "list", *ROUND, home=demo_home).splitlines()[-1]
    assert last.split()[0] == "Totalt" and "18\u00a0371" in last and "280\u00a0601" in last


def test_a_write_without_the_right_is_refused(demo_home):
    base = ("register", "forecast", "set", *ROUND, "--unit", "RS-HR", "--amount", "-1")
    assert "ange vem som gör ändringen med --user" in refused(*base, home=demo_home)
    assert refused(*base, "--user", "rapportor", home=demo_home).strip() == (
        "styra: Du får inte ändra prognos, åtgärder eller investeringar för RS-HR."
    )
    err = refused(
        "register",
        "savings",
        "import",
        FILES / "atgarder-2026-T1.csv",
        *ROUND,
        "--user",
        "rapportor",
        home=demo_home,
    )
    assert "ingenting inläst" in err and "atgarder-2026-T1.csv, rad 2:" in err


def test_a_locked_round_refuses_every_register_write(demo_home):
    ok(
        "round",
        "lock",
        *ROUND,
        "--user",
        "controller",
        "--reason",
        "Fastställs med öppna rapporter",
        home=demo_home,
    )
    err = refused(
        "register",
        "forecast",
        "set",
        *ROUND,
        "--unit",
        "RS-HR",
        "--amount",
        "-1",
        "--user",
        "controller",
        home=demo_home,
    )
    assert err.strip() == "styra: Uppföljningstillfället 2026-T1 är fastställt och kan inte ändras."
    err = refused(
        "register",
        "investments",
        "import",
        FILES / "investeringar-2026-T1.csv",
        *ROUND,
        "--user",
        "controller",
        home=demo_home,
    )
    assert "är fastställt och kan inte ändras" in err
    err = refused(
        "register",
        "savings",
        "oaa",
        *ROUND,
        "--unit",
        "RS",
        "--value",
        "1",
        "--user",
        "admin",
        home=demo_home,
    )
    assert "är fastställt" in err


CATEGORIES = REPO_ROOT / "src" / "styra" / "economy" / "registers" / "config"


def test_investment_categories_load_and_list(demo_home, tmp_path):
    """The shipped T1 2026 file is the demo's configuration: loading it changes nothing;
    another set that drops categories in use is refused whole, as is a broken file or a
    user who is not the whole organisation's controller."""
    t1 = CATEGORIES / "investeringskategorier-t1-2026.yaml"
    out = ok(
        "register", "investment-categories", "load", t1, "--user", "controller", home=demo_home
    )
    assert "investeringskategorier-t1-2026.yaml: investeringskategorierna inlästa" in out
    assert "(0 nya, 0 ändrade, 0 borttagna)" in out

    listed = ok("register", "investment-categories", "list", home=demo_home).splitlines()
    assert [line.split(":")[0].split()[-1] for line in listed] == [
        "decided_finished",
        "carried_finished",
        "granted_ongoing",
        "carried_ongoing",
        "unforeseen",
        "outside_frame",
    ]
    assert "beslutade objekt i investeringsplanen" in listed[2]

    kommun = CATEGORIES / "investeringskategorier-kommun-exempel.yaml"
    err = refused(
        "register", "investment-categories", "load", kommun, "--user", "controller", home=demo_home
    )
    assert "ingenting inläst" in err
    assert "investeringskategorier-kommun-exempel.yaml: kategorin ”granted_ongoing”" in err
    assert "används av" in err and "kan inte tas bort" in err
    err = refused(
        "register", "investment-categories", "load", t1, "--user", "rapportor", home=demo_home
    )
    assert "Endast controller eller administratör för hela organisationen" in err

    broken = tmp_path / "kategorier.yaml"
    broken.write_text(
        "categories:\n  - code: a\n    name: A\n  - code: Fel kod\n    name: B\n",
        encoding="utf-8",
    )
    err = refused(
        "register", "investment-categories", "load", broken, "--user", "controller", home=demo_home
    )
    assert "kategorier.yaml:4: categories[1].code: koden ”Fel kod” får bara innehålla" in err
    assert ok("register", "investment-categories", "list", home=demo_home).splitlines() == listed
    last = ok("register", "investments", "list", *ROUND, home=demo_home).splitlines()[-1]
    assert "18\u00a0371" in last and "280\u00a0601" in last


def test_adjustments_and_records_import_and_list(demo_home):
    """One-off items and pension/liquidity figures: the demo's own files again (each
    item changed, none new), the list, and a reporter refused."""
    out = ok(
        "register", "adjustments", "import", FILES / "justeringar-REG.csv", "--user",
        "controller", home=demo_home,
    )  # fmt: skip
    assert "justeringar-REG.csv: 4 jämförelsestörande poster inlästa (0 nya, 4 ändrade)" in out
    rows = ok("register", "adjustments", "list", "--year", "2025", "--unit", "REG",
              home=demo_home).splitlines()  # fmt: skip
    assert rows[0].split()[:4] == ["Enhet", "Kod", "Månad", "Mkr"]
    assert any(r.startswith("HSN") and "pandemiberedskap-2025" in r for r in rows)
    assert len(rows) == 4  # the header and the three items of 2025
    err = refused(
        "register", "adjustments", "import", FILES / "justeringar-REG.csv", "--user",
        "rapportor", home=demo_home,
    )  # fmt: skip
    assert "justeringar-REG.csv, rad 2" in err
    out = ok(
        "register", "records", "import", FILES / "uppgifter-REG.csv", "--user", "controller",
        home=demo_home,
    )  # fmt: skip
    assert "uppgifter-REG.csv: 10 ekonomiska uppgifter inlästa (0 nya, 10 ändrade)" in out
