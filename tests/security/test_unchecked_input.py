"""Finding 10: unchecked input.

`/ekonomi/valj/?enhet=a/b` answered 500; a SIE file with a very large chart of accounts
ended in "too many SQL variables"; account codes with NUL or separators were accepted;
50 000 copies of one voucher were accepted and counted; a round import of 20 000 rows
for one item took 142 s and made 20 000 versions; a CSV with only a header silently
emptied its source; comments had no length limit.
"""

from __future__ import annotations

from styra.cli.main import main
from styra.economy.ledger.models import Account, LedgerFact, LedgerImport
from styra.followup.models import Assessment, SectionText
from styra.formats import limits

CENTRE = "1010"  # a cost centre of the demo region
SIE = ["ledger", "import", "sie", "--user", "controller"]
CSV = ["ledger", "import", "csv", "--user", "controller"]


def _sie(path, accounts: int = 0, vouchers: int = 1, extra: str = "") -> None:
    with path.open("w", encoding="cp437") as out:
        out.write("#FLAGGA 0\n#SIETYP 4\n#RAR 0 20260101 20261231\n#DIM 1 Kostnadsställe\n")
        out.write("#KONTO 5010 Löner\n#KONTO 1930 Bank\n")
        for number in range(accounts):
            out.write(f'#KONTO {100000 + number} "Konto {number}"\n')
        out.write(extra)
        for _ in range(vouchers):
            out.write(
                f"#VER A 1 20260115\n{{\n#TRANS 5010 {{1 {CENTRE}}} 100.00\n"
                "#TRANS 1930 {} -100.00\n}\n"
            )


def test_choosing_a_unit_code_that_cannot_be_in_a_url_is_404(demo, browser):
    controller = browser("controller")
    for query in (
        "enhet=a/b&ar=2026&manad=4",
        "enhet=RS&ar=-1&manad=4",
        "enhet=RS&ar=2026&manad=13",
    ):
        assert controller.get(f"/ekonomi/valj/?{query}").status_code == 404, query
    response = controller.get("/ekonomi/valj/?enhet=RS&ar=2026&manad=4&rader=x%26y%3Dz")
    assert response.status_code == 302
    assert response["Location"] == "/ekonomi/RS/2026/4/?rader=x%26y%3Dz"


def test_a_sie_file_with_40_000_accounts_imports(demo, tmp_path, capsys):
    path = tmp_path / "kontoplan.se"
    _sie(path, accounts=40_000)
    assert main([*SIE, str(path), "--year", "2026", "--source", "stor"]) == 0, (
        capsys.readouterr().err
    )
    numbers = set(Account.objects.values_list("number", flat=True))
    assert {str(100000 + n) for n in range(40_000)} <= numbers


def test_a_sie_file_with_more_accounts_than_the_limit_is_refused(
    demo, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr(limits, "SIE_MAX_ACCOUNTS", 1000)
    path = tmp_path / "for-manga.se"
    _sie(path, accounts=1500)
    assert main([*SIE, str(path), "--year", "2026"]) == 1
    assert "filen har fler än 1000 konton (#KONTO)" in capsys.readouterr().err


def test_fifty_thousand_copies_of_one_voucher_are_refused(demo, tmp_path, capsys):
    before = LedgerImport.objects.count()
    path = tmp_path / "kopior.se"
    _sie(path, vouchers=50_000)
    assert main([*SIE, str(path), "--year", "2026"]) == 1
    err = capsys.readouterr().err
    assert "kopior.se:12: verifikation A 1 med datum 20260115 finns redan tidigare i filen" in err
    assert LedgerImport.objects.count() == before


def test_account_codes_with_separators_are_refused_and_nul_is_removed(demo, tmp_path, capsys):
    path = tmp_path / "koder.csv"
    path.write_text(
        "kostnadsställe;konto;månad;typ;belopp\n"
        f'{CENTRE};"50;10";2026-01;utfall;1\n'
        f"{CENTRE};50 10;2026-01;utfall;1\n"
        f"1010,1;5010;2026-01;utfall;1\n",
        encoding="utf-8",
    )
    assert main([*CSV, str(path), "--year", "2026"]) == 1
    err = capsys.readouterr().err
    assert "koder.csv, rad 2, kolumn konto: ”50;10” är ingen giltig kod" in err
    assert "koder.csv, rad 3, kolumn konto: ”50 10” är ingen giltig kod" in err
    assert "koder.csv, rad 4, kolumn kostnadsställe: ”1010,1” är ingen giltig kod" in err

    path.write_text(
        f"kostnadsställe;konto;månad;typ;belopp\n{CENTRE};50\x0010;2026-01;utfall;1\n",
        encoding="utf-8",
    )
    assert main([*CSV, str(path), "--year", "2026", "--source", "nul"]) == 0
    assert list(
        LedgerFact.objects.filter(source__source="nul").values_list("account", flat=True)
    ) == ["5010"]


def test_a_csv_with_only_a_header_does_not_empty_its_source(demo, tmp_path, capsys):
    path = tmp_path / "budget.csv"
    path.write_text(f"kostnadsställe;konto;månad;typ;belopp\n{CENTRE};5010;2026;budget;-1200\n")
    assert main([*CSV, str(path), "--year", "2026", "--source", "budget"]) == 0
    facts = LedgerFact.objects.filter(source__source="budget").count()
    assert facts
    path.write_text("kostnadsställe;konto;månad;typ;belopp\n")
    assert main([*CSV, str(path), "--year", "2026", "--source", "budget"]) == 1
    err = capsys.readouterr().err
    assert "budget.csv, rad 2: filen innehåller inga rader" in err
    assert "kör importen igen med --allow-empty" in err
    assert LedgerFact.objects.filter(source__source="budget").count() == facts

    # on purpose
    command = [*CSV, str(path), "--year", "2026", "--source", "budget"]
    assert main([*command, "--allow-empty"]) == 0, capsys.readouterr().err
    assert not LedgerFact.objects.filter(source__source="budget").exists()


def test_a_round_import_of_20_000_rows_for_one_item_is_refused_at_once(demo, tmp_path, capsys):
    before = list(Assessment.history.values_list("pk", flat=True))
    path = tmp_path / "bedomningar.csv"
    path.write_text(
        "item;value;status;comment\n" + "U02;;;Samma post igen\n" * 20_000, encoding="utf-8"
    )
    code = main(["round", "import", str(path), "--round", demo.round.code, "--user", "rapportor"])
    err = capsys.readouterr().err
    assert code == 1
    assert "bedomningar.csv, rad 3, kolumn item: posten U02 står redan på rad 2" in err
    assert "… och 19949 fel till" in err  # the message stays short
    assert list(Assessment.history.values_list("pk", flat=True)) == before


def test_comments_and_texts_have_a_length_limit_in_form_and_service(demo, browser, capsys):
    reporter = browser("rapportor")
    assessment = Assessment.objects.get(round=demo.round, item__code="U02")
    too_long = "x" * (limits.COMMENT_MAX_CHARS + 1)
    response = reporter.post(
        f"/uppfoljning/{demo.round.code}/poster/U02/",
        {"version": assessment.version, "status_code": "", "completed": "", "comment": too_long},
    )
    assert response.status_code == 400
    assert f"Högst {limits.COMMENT_MAX_CHARS} tecken får plats" in response.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).comment == assessment.comment

    code = main(
        [
            "round",
            "report",
            "--round",
            demo.round.code,
            "--item",
            "U02",
            "--comment",
            too_long,
            "--user",
            "rapportor",
        ]  # fmt: skip
    )
    assert code == 1
    assert f"högst {limits.COMMENT_MAX_CHARS} tecken får plats" in capsys.readouterr().err

    url = f"/uppfoljning/{demo.round.code}/enheter/RS-DIG/texter/sammanfattning/"
    text = SectionText.objects.filter(round=demo.round, unit__code="RS-DIG", key="sammanfattning")
    version = text.first().version if text.exists() else 0
    response = reporter.post(
        url, {"version": version, "body": "y" * (limits.SECTION_TEXT_MAX_CHARS + 1)}
    )
    assert response.status_code == 400


def test_importing_the_same_assessments_again_makes_no_new_versions(demo, tmp_path, capsys):
    path = tmp_path / "bedomningar.csv"
    path.write_text("item;value;status;comment\nU02;;;Läget oförändrat\n", encoding="utf-8")
    command = ["round", "import", str(path), "--round", demo.round.code, "--user", "rapportor"]
    assessment = Assessment.objects.filter(round=demo.round, item__code="U02")

    assert main(command) == 0, capsys.readouterr().err
    version, versions = assessment.get().version, Assessment.history.count()
    assert main(command) == 0, capsys.readouterr().err
    assert assessment.get().version == version
    assert Assessment.history.count() == versions


def test_register_comments_are_cleaned_and_limited_in_the_service(demo, capsys):
    from styra.economy.registers.models import Forecast

    command = ["register", "forecast", "set", "--round", demo.round.code, "--unit", "RS-DIG"]
    command += ["--amount", "-1,5", "--user", "rapportor", "--comment"]
    too_long = "x" * (limits.COMMENT_MAX_CHARS + 1)
    before = list(Forecast.objects.filter(round=demo.round).values_list("amount", "comment"))

    assert main([*command, too_long]) == 1
    assert f"högst {limits.COMMENT_MAX_CHARS} tecken får plats" in capsys.readouterr().err
    assert list(Forecast.objects.filter(round=demo.round).values_list("amount", "comment")) == (
        before
    )

    assert main([*command, "Före\x1b\x07\u202eefter"]) == 0, capsys.readouterr().err
    forecast = Forecast.objects.get(round=demo.round, unit__code="RS-DIG")
    assert forecast.comment == "Föreefter"
