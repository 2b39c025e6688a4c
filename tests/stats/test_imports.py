"""Importing statistics values: long and wide layouts, all or nothing, replacement."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from styra.formats.problems import ImportFailed
from styra.stats.imports.mapping import Mapping
from styra.stats.models import StatImport, StatValue
from styra.stats.services import stat_values_import

from .conftest import write

SICK_LEAVE = """serie;enhet;period;periodtyp;intervall;kon;värde;orsak
sjukfranvaro;RS-HR;2026-03;ack;dag 1-14;kvinnor;2,4;
sjukfranvaro;RS-HR;2026-03;ack;dag 15-59;kvinnor;1,1;
sjukfranvaro;RS-HR;2026-03;ack;dag 60-;kvinnor;2,6;
sjukfranvaro;RS-HR;2026-03;ack;dag 1-14;män;1,9;
sjukfranvaro;RS-HR;2026-03;ack;dag 15-59;män;0,8;
sjukfranvaro;RS-HR;2026-03;ack;dag 60-;män;;saknas data
sjukfranvaro;RS-HR;2026-03;ack;;;5,7;
"""


def test_long_file_is_imported_with_periods_cells_and_missing_reasons(region, tmp_path):
    result = stat_values_import(
        path=write(tmp_path / "sjuk.csv", SICK_LEAVE), user=region.controller
    )
    assert (result.value_count, result.added, result.changed, result.removed) == (7, 7, 0, 0)
    values = StatValue.objects.select_related("cell").order_by("pk")
    assert values.count() == 7
    first = values.first()
    assert first.unit == region.hr
    assert (first.period_kind, str(first.period_start), str(first.period_end)) == (
        "ytd",
        "2026-01-01",
        "2026-03-31",
    )
    assert first.cell.key == "intervall=1-14;kon=K"
    assert first.value == Decimal("2.4")
    missing = values.get(cell__key="intervall=60-;kon=M")
    assert (missing.value, missing.missing_reason) == (None, "no_data")
    assert values.get(cell__key="").value == Decimal("5.7")
    record = StatImport.objects.get()
    assert (record.file_name, record.imported_by, record.value_count) == (
        "sjuk.csv",
        region.controller,
        7,
    )


def test_reimport_of_a_period_replaces_it_and_dry_run_shows_the_changes(region, tmp_path):
    path = write(tmp_path / "sjuk.csv", SICK_LEAVE)
    stat_values_import(path=path, user=region.controller)
    edited = SICK_LEAVE.replace(";kvinnor;2,4;", ";kvinnor;2,5;").replace(
        "sjukfranvaro;RS-HR;2026-03;ack;;;5,7;\n", ""
    )
    dry = stat_values_import(
        path=write(tmp_path / "sjuk2.csv", edited), user=region.controller, dry_run=True
    )
    assert dry.dry_run
    assert (dry.added, dry.changed, dry.unchanged, dry.removed) == (0, 1, 5, 1)
    assert dry.changes[0].line == 2
    assert dry.changes[0].old == "2,4" and dry.changes[0].new == "2,5"
    assert "Kvinnor" in dry.changes[0].what and "jan–mar 2026" in dry.changes[0].what
    assert StatValue.objects.count() == 7 and StatImport.objects.count() == 1  # nothing written

    stat_values_import(path=tmp_path / "sjuk2.csv", user=region.controller)
    assert StatValue.objects.count() == 6
    assert StatValue.objects.get(cell__key="intervall=1-14;kon=K").value == Decimal("2.5")


def test_every_problem_is_named_with_line_and_column_and_nothing_is_written(region, tmp_path):
    bad = """serie;enhet;period;periodtyp;intervall;kon;värde;orsak
sjukfranvaro;RS-XX;2026-03;ack;dag 1-14;kvinnor;2,4;
sjukfranvaro;RS-HR;2026-13;ack;dag 1-14;kvinnor;2,4;
sjukfranvaro;RS-HR;2026-03;ack;dag 1-15;kvinnor;2,4;
sjukfranvaro;RS-HR;2026-03;ack;dag 1-14;män;två;
sjukfranvaro;RS-HR;2026-03;ack;dag 15-59;män;;
okand;RS-HR;2026-03;ack;;;1;
sjukfranvaro;RS-HR;2026-03;vecka;;;1;
sjukfranvaro;RS-HR;2026-03;ack;dag 60-;män;1,0;ej publicerad
"""
    with pytest.raises(ImportFailed) as failed:
        stat_values_import(path=write(tmp_path / "fel.csv", bad), user=region.controller)
    messages = [str(p) for p in failed.value.problems]
    assert messages == [
        "fel.csv, rad 2, kolumn enhet: okänd enhet ”RS-XX”",
        "fel.csv, rad 3, kolumn period: ”2026-13” är ingen period (skriv ÅÅÅÅ-MM)",
        "fel.csv, rad 4, kolumn intervall: ”dag 1-15” är inget värde för "
        "sjukfrånvarointervall; använd Dag 1–14, Dag 15–59, Dag 60– eller Totalt",
        "fel.csv, rad 5, kolumn värde: ”två” är inget tal",
        "fel.csv, rad 6, kolumn värde: värde saknas; ange ett värde eller en orsak i kolumnen orsak",
        "fel.csv, rad 7, kolumn serie: okänd serie ”okand”",
        "fel.csv, rad 8, kolumn periodtyp: ”vecka” är ingen periodtyp; använd månad, ack, r12, "
        "tidpunkt eller år",
        "fel.csv, rad 9, kolumn orsak: ange antingen ett värde eller en orsak",
    ]
    assert not StatValue.objects.exists() and not StatImport.objects.exists()


def test_a_value_given_twice_and_a_total_beside_its_parts_are_refused(region, tmp_path):
    twice = """serie;enhet;period;kontakttyp;vardform;värde
lakarbesok;HSN-A;2026-03;fysisk;somatik;100
lakarbesok;HSN-A;2026-03;fysiska besök;somatisk vård;101
"""
    with pytest.raises(ImportFailed) as failed:
        stat_values_import(path=write(tmp_path / "dubbel.csv", twice), user=region.controller)
    assert [str(p) for p in failed.value.problems] == [
        "dubbel.csv, rad 3: samma värde (serie, enhet, uppdelning och period) som rad 2"
    ]
    total = """serie;enhet;period;kontakttyp;vardform;värde
lakarbesok;HSN-A;2026-03;fysisk;somatik;100
lakarbesok;HSN-A;2026-03;digital;somatik;20
lakarbesok;HSN-A;2026-03;totalt;somatik;120
"""
    with pytest.raises(ImportFailed) as failed:
        stat_values_import(path=write(tmp_path / "summa.csv", total), user=region.controller)
    assert "räknas ut av Styra" in str(failed.value.problems[0])
    assert failed.value.problems[0].line == 4
    monthly_only = "serie;enhet;period;periodtyp;värde\nvardtillfallen;HSN-A;2026-03;ack;5\n"
    with pytest.raises(ImportFailed) as failed:
        stat_values_import(path=write(tmp_path / "ack.csv", monthly_only), user=region.controller)
    assert "läses in per månad" in str(failed.value.problems[0])
    assert not StatValue.objects.exists()


def test_wide_layouts_through_a_mapping(region, tmp_path):
    periods_wide = """Enhet;Kontakt;Vårdform;2026-01;2026-02;2026-03
HSN-A;fysisk;somatik;100;110;120
HSN-A;digital;somatik;10;12;;
"""
    mapping = Mapping.parse(
        """
format: styra-stats-mapping/1
columns: {Kontakt: kontakttyp}
fixed: {serie: lakarbesok, periodtyp: månad}
wide: {into: period}
"""
    )
    with pytest.raises(ImportFailed) as failed:
        stat_values_import(
            path=write(tmp_path / "bred.csv", periods_wide), user=region.controller, mapping=mapping
        )
    # The empty March cell of the digital row names the file's own column.
    assert [str(p) for p in failed.value.problems] == [
        "bred.csv, rad 3, kolumn 2026-03: värde saknas; ange ett värde eller en orsak i "
        "kolumnen orsak"
    ]
    fixed = periods_wide.replace("10;12;;", "10;12;14")
    result = stat_values_import(
        path=write(tmp_path / "bred.csv", fixed), user=region.controller, mapping=mapping
    )
    assert result.value_count == 6
    assert StatValue.objects.filter(period_kind="month", period_end="2026-03-31").count() == 2

    members_wide = "Enhet;Kön;Dag 1-14;Dag 15-59;Dag 60-\nRS-HR;Kvinnor;2,4;1,1;2,6\n"
    mapping = Mapping.parse(
        """
format: styra-stats-mapping/1
fixed: {serie: sjukfranvaro, periodtyp: ack, period: 2026-03}
wide:
  into: intervall
  columns: {"Dag 1-14": "1-14", "Dag 15-59": "15-59", "Dag 60-": "60-"}
"""
    )
    result = stat_values_import(
        path=write(tmp_path / "sjuk-bred.csv", members_wide),
        user=region.controller,
        mapping=mapping,
    )
    assert result.value_count == 3
    assert StatValue.objects.get(cell__key="intervall=15-59;kon=K").value == Decimal("1.1")


def test_xlsx_with_numbers_and_dates_from_excel(region, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["serie", "enhet", "period", "periodtyp", "kon", "värde"])
    sheet.append(["anstallda", "RS-HR", datetime(2026, 4, 30), "tidpunkt", "Kvinnor", 41])
    sheet.append(["anstallda", "RS-HR", datetime(2026, 4, 30), "tidpunkt", "Män", 12.0])
    book.save(tmp_path / "personal.xlsx")
    result = stat_values_import(path=tmp_path / "personal.xlsx", user=region.controller)
    assert result.value_count == 2
    value = StatValue.objects.get(cell__key="kon=M")
    assert (value.value, str(value.period_end), value.period_kind) == (
        Decimal("12"),
        "2026-04-30",
        "point",
    )


def test_only_controllers_of_every_unit_in_the_file_may_import(region, tmp_path):
    path = write(tmp_path / "sjuk.csv", SICK_LEAVE)
    with pytest.raises(PermissionDenied):
        stat_values_import(path=path, user=region.reader)
    stat_values_import(path=path, user=region.hr_controller)  # controller of RS-HR
    other = SICK_LEAVE.replace("RS-HR", "RS-DIG")
    with pytest.raises(PermissionDenied, match="RS-DIG"):
        stat_values_import(path=write(tmp_path / "dig.csv", other), user=region.hr_controller)
    riket = "serie;område;period;steg;värde\nvardgaranti;riket;2026-03;0;88\n"
    with pytest.raises(PermissionDenied):
        stat_values_import(path=write(tmp_path / "riket.csv", riket), user=region.hr_controller)
    assert StatValue.objects.count() == 7
    stat_values_import(path=tmp_path / "riket.csv", user=region.controller)
    assert StatValue.objects.filter(area__code="riket").count() == 1
