"""The demo ledger reproduces every published economic figure of the T1 2026 report."""

from __future__ import annotations

import io
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from styra.demo import ledger_file as demo_ledger
from styra.demo.ledger_targets import load_figures
from styra.economy.ledger import selectors
from styra.org.models import Unit

APRIL = date(2026, 4, 30)


def tkr(kronor: Decimal) -> int:
    return int((kronor / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_the_demo_ledger_reproduces_the_published_figures(region):
    """One load, three published tables (loading the ledger is the slow part)."""
    figures = load_figures()

    # Ekonomisk analys: 19 rows × 6 columns, rounded to tkr and 0,1 %.
    table = selectors.economic_table(unit=Unit.objects.get(code="RS"), period_end=APRIL)
    assert [r.code for r in table.rows] == list(figures["economic_table"])
    assert table.unmapped == []
    for row in table.rows:
        printed = figures["economic_table"][row.code]
        shown = [
            tkr(row.outcome),
            tkr(row.budget),
            tkr(row.budget_diff),
            tkr(row.outcome_prev),
            tkr(row.prev_diff),
            one_decimal(row.prev_diff_percent),
        ]
        assert shown == [*printed[:5], Decimal(str(printed[5]))], row.label
    ratios = {r.code: one_decimal(r.value) for r in table.ratios}
    assert ratios["nettokostnadsutveckling"] == Decimal("5.1")

    # Prognos table: each department's Budget 2026, exactly the printed mkr.
    for dept in region.departments:
        unit = Unit.objects.get(code=dept.unit_code)
        budget = selectors.unit_year_budget(unit, 2026)
        assert budget == Decimal(str(figures["prognosis_budget_mkr"][dept.name])) * 1_000_000
    total = selectors.unit_year_budget(Unit.objects.get(code="RS"), 2026)
    departments = sum(Decimal(str(v)) for v in figures["prognosis_budget_mkr"].values())
    assert departments == Decimal(str(figures["prognosis_budget_total_mkr"]))
    assert total != departments * 1_000_000  # the table's scope also holds regiongemensamt

    # Förtroendemannabudget per cost centre (tkr).
    rows = selectors.cost_centre_table(
        unit=Unit.objects.get(code=region.elected_unit), period_end=APRIL
    )
    shown = {r.name: [tkr(r.outcome), tkr(r.budget), tkr(r.deviation)] for r in rows}
    assert shown == figures["elected_members"]


def test_the_file_is_deterministic(tmp_path):
    first = demo_ledger.write_sie(tmp_path / "a.se", demo_ledger.default_structure())
    second = demo_ledger.write_sie(tmp_path / "b.se", demo_ledger.default_structure())
    assert first.read_bytes() == second.read_bytes()


def test_the_demo_region_gets_the_same_figures(demo, tmp_path):
    """With the demo organisation (org.yaml), not the test's own structure."""
    from styra.demo import ledger as finance_demo
    from styra.economy.ledger.models import LedgerFact

    if not LedgerFact.objects.exists():
        from django.contrib.auth import get_user_model

        controller = get_user_model().objects.get(username="controller")
        finance_demo.load(stdout=io.StringIO(), directory=tmp_path, user=controller)
    figures = load_figures()
    table = selectors.economic_table(unit=demo.rs, period_end=APRIL)
    for row in table.rows:
        printed = figures["economic_table"][row.code]
        assert [tkr(row.outcome), tkr(row.budget), tkr(row.outcome_prev)] == [
            printed[0],
            printed[1],
            printed[3],
        ], row.label
    structure = demo_ledger.structure_from_org()
    for dept in structure.departments:
        budget = selectors.unit_year_budget(Unit.objects.get(code=dept.unit_code), 2026)
        assert budget == Decimal(str(figures["prognosis_budget_mkr"][dept.name])) * 1_000_000
    for name, (code, _) in structure.elected.items():
        unit = Unit.objects.get(cost_centre_mappings__cost_centre__code=code)
        rows = selectors.cost_centre_table(unit=unit, period_end=APRIL)
        assert [[tkr(r.outcome), tkr(r.budget), tkr(r.deviation)] for r in rows] == [
            figures["elected_members"][name]
        ]
