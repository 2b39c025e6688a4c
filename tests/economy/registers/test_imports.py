from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from styra.economy.registers import selectors, services
from styra.economy.registers.imports import forecast_import, investment_import, savings_import
from styra.economy.registers.models import Forecast, Investment, SavingsMeasure
from styra.followup.models import RoundState
from styra.formats.tabular import ImportFailed

MKR = Decimal(1_000_000)
TKR = Decimal(1000)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_forecast_csv_in_mkr_with_decimal_comma(region, tmp_path):
    path = write(
        tmp_path,
        "prognos.csv",
        "enhet;prognos_mkr;kommentar\nRS-EKO;-55,5;\nRS-HR;−59,0;Vakanser\n\nRS-DIG;-1 650,7;\n",
    )

    result = forecast_import(path=path, round=region.t1, user=region.controller)

    assert (result.created, result.updated) == (3, 0)
    amounts = dict(Forecast.objects.values_list("unit__code", "amount"))
    assert amounts == {
        "RS-EKO": Decimal("-55.5") * MKR,
        "RS-HR": Decimal("-59.0") * MKR,
        "RS-DIG": Decimal("-1650.7") * MKR,
    }
    assert Forecast.objects.get(unit=region.hr).comment == "Vakanser"


def test_forecast_csv_in_kronor_from_windows_excel(region, tmp_path):
    path = write(tmp_path, "prognos.csv", "Enhet;Prognos_kr\nRS-HR;-59000000\n", "cp1252")
    forecast_import(path=path, round=region.t1, user=region.controller)
    assert Forecast.objects.get().amount == Decimal(-59_000_000)


def test_forecast_import_names_file_line_and_column_and_writes_nothing(region, tmp_path):
    path = write(
        tmp_path,
        "fel.csv",
        "enhet;prognos_mkr\nRS-EKO;-55,5\nRS-XX;-1\nRS-HR;minus tre\nRS-EKO;-2\n",
    )

    with pytest.raises(ImportFailed) as failure:
        forecast_import(path=path, round=region.t1, user=region.controller)

    messages = [str(p) for p in failure.value.problems]
    assert messages == [
        "fel.csv, rad 3, kolumn enhet: okänd enhet ”RS-XX”",
        "fel.csv, rad 4, kolumn prognos_mkr: ”minus tre” är inget tal "
        "(skriv t.ex. −39,2 eller 1 918,3).",
        "fel.csv, rad 5, kolumn enhet: ”RS-EKO” finns redan på rad 2",
    ]
    assert not Forecast.objects.exists()


def test_forecast_import_needs_an_amount_column(region, tmp_path):
    path = write(tmp_path, "p.csv", "enhet;belopp\nRS-HR;1\n")
    with pytest.raises(ImportFailed, match="p.csv, rad 1, kolumn prognos_mkr: kolumnen saknas"):
        forecast_import(path=path, round=region.t1, user=region.controller)


def test_import_into_a_locked_round_is_refused(region, tmp_path):
    region.t1.state = RoundState.LOCKED
    region.t1.save()
    path = write(tmp_path, "p.csv", "enhet;prognos_mkr\nRS-HR;1\n")
    with pytest.raises(ImportFailed, match="fastställt"):
        forecast_import(path=path, round=region.t1, user=region.controller)
    assert not Forecast.objects.exists()


SAVINGS = (
    "kod;enhet;namn;typ;kategori;helarseffekt_mkr;utfall_mkr;utfall_fg_ar_mkr;status;kommentar\n"
    "flex;RS-STAB;Flexibel arbetsplats;åtgärd;Lokaler;3,3;-1,0;-2,0;Grön;\n"
    "fbtas;RS-STAB;FBTÅS;åtgärd;Inköp;4,0;-31,6;-35,5;gul;\n"
    "ovrigt;RS-STAB;Övrigt;;;8,2;-5,8;-9,5;;Flera beslut\n"
    "personal;RS-STAB;Personalkostnad;personalkostnad;;12,7;-163,6;-156,3;;\n"
)


def test_savings_csv_gives_the_computed_totals(region, tmp_path):
    savings_import(
        path=write(tmp_path, "atgarder.csv", SAVINGS), round=region.t1, user=region.controller
    )

    table = selectors.savings_table(round=region.t1)
    assert [m.code for m in table.measures] == ["flex", "fbtas", "ovrigt"]
    assert [m.status.label if m.status else None for m in table.measures] == [
        "Grön",
        "Gul",
        None,
    ]
    assert table.subtotal.outcome == Decimal("-38.4") * MKR
    assert table.total.outcome == Decimal("-202.0") * MKR
    assert table.total.outcome_previous == Decimal("-203.3") * MKR


def test_savings_errors_are_all_reported(region, tmp_path):
    bad = SAVINGS.replace("åtgärd;Lokaler", "besparing;Lokaler").replace(";gul;", ";lila;")
    with pytest.raises(ImportFailed) as failure:
        savings_import(path=write(tmp_path, "a.csv", bad), round=region.t1, user=region.controller)
    text = str(failure.value)
    assert "a.csv, rad 2, kolumn typ: ”besparing” är inget giltigt värde" in text
    assert "a.csv, rad 3, kolumn status: ”lila” är inget giltigt värde" in text
    assert not SavingsMeasure.objects.exists()


def _xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_investments_xlsx_with_numbers_dates_and_outcomes(region, tmp_path):
    path = _xlsx(
        tmp_path / "inv.xlsx",
        [
            [
                "kod",
                "enhet",
                "namn",
                "kategori",
                "typ",
                "budget_ar_tkr",
                "budget_total_tkr",
                "utfall_ar_tkr",
                "utfall_totalt_tkr",
                "upphandling_kontaktad",
                "upphandling_datum",
            ],
            [
                "hc",
                "RS-DIG",
                "Hälsocentral",
                3,
                "ny",
                98870,
                None,
                7908,
                None,
                "ja",
                date(2026, 2, 3),
            ],
            [
                "larm",
                "RS-STAB",
                "Larm",
                "carried_finished",
                "re",
                3600,
                3231,
                3399,
                3399,
                "nej",
                None,
            ],
            [
                "pott",
                "RS-STAB",
                "Oförutsett",
                "Beviljat ur potten för oförutsedda investeringar",
                None,
                "8 689,0",
                None,
                784.0,
                None,
                None,
                None,
            ],
        ],
    )

    result = investment_import(path=path, round=region.t1, user=region.controller)

    assert result.created == 3
    hc = Investment.objects.get(code="hc")
    assert (hc.category.code, hc.kind, hc.procurement_contacted_on) == (
        "granted_ongoing",
        "new",
        date(2026, 2, 3),
    )
    summary = selectors.investment_summary(round=region.t1)
    sums = {g.category: (g.outcome_year, g.budget_year) for g in summary.groups}
    assert sums["granted_ongoing"] == (7908 * TKR, 98870 * TKR)
    assert sums["carried_finished"] == (3399 * TKR, 3600 * TKR)
    assert sums["unforeseen"] == (784 * TKR, 8689 * TKR)
    assert (summary.outcome_year, summary.budget_year) == (12091 * TKR, 111159 * TKR)


def test_investment_errors_name_the_column(region, tmp_path):
    path = _xlsx(
        tmp_path / "inv.xlsx",
        [
            ["kod", "enhet", "namn", "kategori", "budget_ar_tkr", "upphandling_datum"],
            ["hc", "RS-DIG", "Hälsocentral", 7, "mycket", "i våras"],
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        investment_import(path=path, round=region.t1, user=region.controller)
    columns = [(p.file, p.line, p.column) for p in failure.value.problems]
    assert columns == [
        ("inv.xlsx", 2, "kategori"),
        ("inv.xlsx", 2, "budget_ar_tkr"),
        ("inv.xlsx", 2, "upphandling_datum"),
    ]
    assert not Investment.objects.exists()


def test_workforce_csv(region, tmp_path):
    from styra.economy.registers.imports import workforce_import

    workforce_import(
        path=write(tmp_path, "oaa.csv", "enhet;oaa;oaa_fg_ar\nRS-STAB;567,0;565,5\n"),
        round=region.t1,
        user=region.controller,
    )
    assert selectors.savings_table(round=region.t1).workforce.change == Decimal("1.5")
    with pytest.raises(ImportFailed, match="oaa.csv, rad 2, kolumn oaa: värde saknas"):
        workforce_import(
            path=write(tmp_path, "oaa.csv", "enhet;oaa\nRS-HR;\n"),
            round=region.t1,
            user=region.controller,
        )


def test_an_import_touching_a_submitted_report_writes_nothing(region, tmp_path):
    from styra.followup.models import ReportState, UnitReport

    UnitReport.objects.create(round=region.t1, unit=region.hr, state=ReportState.SUBMITTED)
    path = write(tmp_path, "prognos.csv", "enhet;prognos_mkr\nRS-EKO;-55,5\nRS-HR;-59,0\n")

    with pytest.raises(ImportFailed) as failure:
        forecast_import(path=path, round=region.t1, user=region.controller)

    assert [str(p) for p in failure.value.problems] == [
        "prognos.csv, rad 3: Rapporten för RS-HR i 2026-T1 har status ”Inskickad”; dess "
        "prognos, åtgärder och investeringar kan inte ändras."
    ]
    assert not Forecast.objects.exists()  # RS-EKO's row (line 2) was undone too


def test_investment_import_takes_the_organisations_categories(region, tmp_path):
    """By code, by number in the organisation's order or by name; an unknown one (a
    category of the T1 set the municipality does not have, an empty cell) is named by
    file, line and column, and nothing is written."""
    config = write(
        tmp_path,
        "kategorier.yaml",
        "categories:\n"
        "  - {code: skatt, name: Skattefinansierat, subtotal: Summa skatt}\n"
        "  - {code: va, name: VA-investeringar}\n",
    )
    services.investment_categories_load(path=config, user=region.controller)
    bad = write(
        tmp_path,
        "investeringar.csv",
        "kod;enhet;namn;kategori;budget_ar_tkr\n"
        "a;RS-DIG;Skola;skatt;100\n"
        "b;RS-DIG;Pumpstation;granted_ongoing;50\n"
        "c;RS-DIG;Gata;;10\n"
        "d;RS-DIG;Bro;3;10\n",
    )
    with pytest.raises(ImportFailed) as failure:
        investment_import(path=bad, round=region.t1, user=region.controller)
    messages = [str(p) for p in failure.value.problems]
    assert messages == [
        "investeringar.csv, rad 3, kolumn kategori: okänd investeringskategori "
        "”granted_ongoing”; ange kod, nummer (1–2) eller namn på en av organisationens "
        "kategorier: skatt, va",
        "investeringar.csv, rad 4, kolumn kategori: värde saknas",
        "investeringar.csv, rad 5, kolumn kategori: okänd investeringskategori ”3”; ange "
        "kod, nummer (1–2) eller namn på en av organisationens kategorier: skatt, va",
    ]
    assert not Investment.objects.exists()

    good = write(
        tmp_path,
        "investeringar.csv",
        "kod;enhet;namn;kategori;budget_ar_tkr\n"
        "a;RS-DIG;Skola;SKATT;100\n"
        "b;RS-DIG;Pumpstation;2;50\n"
        "c;RS-DIG;Gata;va-investeringar;10\n",
    )
    investment_import(path=good, round=region.t1, user=region.controller)
    assert dict(Investment.objects.values_list("code", "category__code")) == {
        "a": "skatt",
        "b": "va",
        "c": "va",
    }
