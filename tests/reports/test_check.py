"""The report check finds each planted problem, and nothing in a clean report."""

from decimal import Decimal

from styra.followup.models import Assessment, SectionText
from styra.reports.check import check_tables, report_check
from styra.reports.document import Cell, Column, Document, Row, Section, Table


def _kinds(region, kind=None):
    findings = report_check(round_=region.round, unit=region.rs)
    return [f for f in findings if kind is None or f.kind == kind]


def test_clean_report_has_no_errors_or_warnings(report_region):
    findings = _kinds(report_region)
    assert [f for f in findings if f.severity != "info"] == []


def test_missing_assessment(report_region):
    Assessment.objects.filter(item=report_region.items["U02"]).delete()
    found = _kinds(report_region, "missing_assessment")
    assert len(found) == 1 and found[0].item_code == "U02" and found[0].severity == "error"


def test_status_contradicting_value_and_target(report_region):
    from styra.plans.models import StatusLevel

    ej = StatusLevel.objects.get(scale__code="nyckeltal-2026", code="ej")
    Assessment.objects.filter(item=report_region.items["N01"]).update(status=ej)
    found = _kinds(report_region, "status_contradiction")
    assert [f.item_code for f in found] == ["N01"]
    assert "uppfyllt" in found[0].message


def _set_text(region, body, key="sammanfattning"):
    SectionText.objects.filter(round=region.round, key=key).update(body=body)


def test_counts_in_text_that_disagree(report_region):
    _set_text(
        report_region,
        "Totalt har styrelsen 31 uppdrag och 18 kortsiktiga nyckeltal. "
        "Av dem är 5 nyckeltal helt uppfyllda.",
    )
    counts = {(f.stated, f.expected) for f in _kinds(report_region, "text_count")}
    assert ("31 uppdrag", "3") in counts
    assert ("18 kortsiktiga nyckeltal", "5") in counts
    statuses = _kinds(report_region, "text_status_count")
    assert [(f.stated, f.expected) for f in statuses] == [("5 nyckeltal helt uppfyllda", "2")]
    assert all(f.section == "sammanfattning" for f in statuses)


def test_counts_in_text_that_agree_are_fine(report_region):
    _set_text(
        report_region,
        "Totalt 3 uppdrag och 5 kortsiktiga nyckeltal; 2 nyckeltal helt "
        "uppfyllda och 1 som inte rapporterats.",
    )
    assert _kinds(report_region, "text_count") == []


def test_placeholders(report_region):
    _set_text(report_region, "Vi når xx mål. Text skall in här. TODO: siffror [...]")
    found = _kinds(report_region, "placeholder")
    assert len(found) == 4 and all(f.severity == "error" for f in found)


def test_stale_periods(report_region):
    _set_text(report_region, "Som i tertial 2 2025 ökade kostnaderna; T1 2026 var bättre.")
    found = _kinds(report_region, "stale_period")
    assert len(found) == 1 and "tertial 2 2025" in found[0].message


def test_missing_required_text(report_region):
    SectionText.objects.filter(key="sammanfattning").delete()
    found = _kinds(report_region, "placeholder")
    assert found and "Text saknas" in found[0].message


def _table(rows, share=False):
    return Document(
        title="t",
        sections=[
            Section(
                heading="S",
                blocks=[
                    Table(
                        key="t",
                        caption="T",
                        columns=[Column("Rad"), Column("Belopp", summable=not share, share=share)],
                        rows=rows,
                    )
                ],
            )
        ],
    )


def _row(label, value, kind="data"):
    return Row(cells=[Cell(text=label), Cell(text=str(value), value=Decimal(value))], kind=kind)


def test_totals_that_do_not_add_up():
    doc = _table(
        [
            _row("A", "-38.4"),
            _row("Delsumma", "-38.4", "subtotal"),
            _row("Personal", "-163.6"),
            _row("Totalt", "-171.5", "total"),
        ]
    )
    found = check_tables(doc)
    assert len(found) == 1 and found[0].kind == "total_mismatch"
    assert "\u2212202,0" in found[0].message


def test_shares_beyond_rounding():
    assert (
        check_tables(_table([_row("a", 33), _row("b", 33), _row("c", 40)], share=True))[0].severity
        == "error"
    )
    # Within rounding the report's own footnote says it; the check raises nothing.
    assert check_tables(_table([_row("a", 34), _row("b", 33), _row("c", 34)], share=True)) == []


def _long_term_indicator(region, builder):
    """A yearly indicator on a level of its own, with no assessment in T1."""
    from styra.plans.models import Indicator, PlanLevel

    area_level = PlanLevel.objects.get(plan=region.plan, code="malomrade")
    level = PlanLevel.objects.create(
        plan=region.plan,
        code="langsiktiga",
        name="Långsiktigt nyckeltal",
        name_plural="Långsiktiga nyckeltal",
        kinds=["indicator"],
        parent=area_level,
        order=9,
    )
    item = builder.item(
        region.plan,
        level,
        "indicator",
        "L01",
        parent=region.areas["LED"],
        title="Nettokostnadernas andel av skatteintäkterna",
        owner=region.rs,
        frequency="yearly",
    )
    Indicator.objects.create(item=item, unit="%", decimals=1, direction="lower")
    return item


def test_yearly_indicator_is_not_due_in_a_tertial_round(report_region, builder):
    from styra.reports.services import report_document

    _long_term_indicator(report_region, builder)
    assert _kinds(report_region, "missing_assessment") == []
    document = report_document(round_=report_region.round, unit=report_region.rs)
    texts = [b.text for s in document.sections for b in s.blocks if hasattr(b, "text")]
    assert (
        "Totalt har Regionstyrelsen 3 uppdrag och 5 kortsiktiga nyckeltal att redovisa i "
        "tertial 1 2026. Ytterligare 1 långsiktigt nyckeltal följs upp på helår." in texts
    )
    codes = {row.item_code for _s, table in document.tables() for row in table.rows}
    assert "L01" not in codes and "N01" in codes
    summary = next(t for _s, t in document.tables() if t.key == "maluppfyllelse-indicator")
    assert summary.rows[-1].cells[1].value == 5
    assert all("helår" not in row.cells[0].text for row in summary.rows)


def test_counts_distinguish_short_and_long_term_indicators(report_region, builder):
    _long_term_indicator(report_region, builder)
    _set_text(
        report_region,
        "Styrelsen följer upp 3 uppdrag och 5 kortsiktiga nyckeltal; 1 långsiktiga "
        "nyckeltal följs upp på helår.",  # the plural after "1" is a typo, the count right
    )
    assert _kinds(report_region, "text_count") == []
    _set_text(report_region, "Styrelsen följer upp 6 kortsiktiga nyckeltal och 2 långsiktiga.")
    found = _kinds(report_region, "text_count")
    assert [(f.stated, f.expected) for f in found] == [("6 kortsiktiga nyckeltal", "5")]
