"""An inspel: last year's result and goal fulfilment drawn from data, never typed.

Given a locked year-end round of 2025 with assessed goals and a ledger with the 2025
outcome and budget, an inspel in spring 2026 shows the year-end counts per status and
the budget deviation per area; the board's inspel document prints them with the units'
texts, needs and investment requests.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import FactRow, ledger_facts_replace, row_set_load
from styra.followup.models import Assessment
from styra.followup.services import round_lock, round_open, section_text_save, unit_report_submit
from styra.planning import services
from styra.planning.models import InspelNeed
from styra.planning.selectors.inspel import year_result
from styra.reports.builders.document import document_build
from styra.reports.document import Table
from styra.reports.templates import template_get

MKR = Decimal(1_000_000)


@pytest.fixture
def spring(world, builder):
    w = world
    admin = builder.user("ledger-admin", superuser=True)
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True, user=admin)
    scale = builder.scale("mal-2025")
    plan_2025 = builder.plan("vp-2025", w.rs, year=2025)
    builder.use_scale(plan_2025, scale)
    level = builder.level(plan_2025, "mal", ["goal"])
    goals = [
        builder.item(plan_2025, level, "goal", f"G{i}", owner=w.rs, frequency="yearly")
        for i in range(3)
    ]
    annual = builder.round(
        plan_2025,
        code="2025-helar",
        kind="annual",
        state="open",
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )
    levels = {lv.code: lv for lv in scale.levels.all()}
    for goal, code in zip(goals, ["helt", "helt", "ej"], strict=True):
        Assessment.objects.create(round=annual, item=goal, status=levels[code])
    # The ledger of 2025 is in before the annual report is adopted (locked).
    ledger_facts_replace(
        source="huvudbok",
        file_name="h.csv",
        kind="csv",
        fiscal_year=2025,
        rows=[
            FactRow("100", "5000", date(2025, 6, 1), "outcome", -95 * MKR),
            FactRow("100", "5000", date(2025, 1, 1), "budget", -100 * MKR, yearly=True),
            FactRow("200", "5000", date(2025, 6, 1), "outcome", -52 * MKR),
            FactRow("200", "5000", date(2025, 1, 1), "budget", -50 * MKR, yearly=True),
        ],
        user=w.controller,
    )
    # The annual report has no summary text and reports are not approved: the lock is
    # confirmed with a reason.
    round_lock(round=annual, user=w.controller, reason="Testdata utan sammanfattning.")
    plan_2026 = builder.plan("vp-2026", w.rs, year=2026)
    w.inspel = services.inspel_round_create(
        plan=plan_2026,
        code="inspel-2027",
        name="Inspel 2027–2029",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 5, 31),
        first_year=2027,
        last_year=2029,
        result_year=2025,
        user=w.controller,
    )
    w.round = round_open(round=w.inspel.round, user=w.controller)
    return w


def test_last_years_result_is_drawn_from_the_year_end_round_and_the_ledger(spring):
    w = spring
    result = year_result(w.inspel, w.rs)
    assert result.round.code == "2025-helar"
    (goals,) = result.fulfilment
    assert goals.total == 3
    assert goals.by_code()["helt"] == 2 and goals.by_code()["ej"] == 1
    by_code = {a.code: a for a in result.areas}
    assert by_code["RS-A"].deviation == 5 * MKR  # 5 mkr better than budget
    assert by_code["RS-B"].deviation == -2 * MKR
    assert result.total.deviation == 3 * MKR


def test_the_inspel_round_goes_through_the_follow_up_workflow(spring):
    w = spring
    section_text_save(
        round=w.round,
        unit=w.a,
        key="inspel-framtid",
        title="",
        body="Mer digitalt.",
        user=w.reporter,
    )
    services.inspel_need_save(
        round=w.round,
        unit=w.a,
        title="IT-finansiering",
        amounts={2027: Decimal("15.3") * MKR},
        user=w.reporter,
    )
    unit_report_submit(round=w.round, unit=w.a, user=w.reporter)
    with pytest.raises(ValidationError):  # submitted: no more changes
        services.inspel_need_save(round=w.round, unit=w.a, title="Sent", user=w.reporter)
    with pytest.raises(PermissionDenied):  # another unit's input
        services.inspel_need_save(round=w.round, unit=w.b, title="B", user=w.reporter)
    assert InspelNeed.objects.count() == 1


def test_needs_must_lie_in_the_plan_period(spring):
    w = spring
    with pytest.raises(ValidationError, match="2026"):
        services.inspel_need_save(
            round=w.round, unit=w.a, title="X", amounts={2026: MKR}, user=w.reporter
        )


def test_the_boards_inspel_document(spring):
    w = spring
    section_text_save(
        round=w.round,
        unit=w.a,
        key="inspel-framtid",
        title="",
        body="Mer digitalt.",
        user=w.reporter,
    )
    services.inspel_need_save(
        round=w.round,
        unit=w.a,
        title="IT-finansiering",
        amounts={2027: Decimal("15.3") * MKR},
        user=w.reporter,
    )
    services.investment_request_save(
        round=w.round,
        unit=w.a,
        object_code="lastbil",
        object_name="Lastbil",
        amounts={2027: Decimal(1500_000)},
        follow_on_risk=True,
        follow_on_risk_text="Gods kan inte levereras.",
        user=w.reporter,
    )
    document = document_build(template=template_get("inspel-rs"), round_=w.round, unit=w.rs)
    headings = [s.heading for s in document.sections]
    assert "Ekonomiskt resultat och måluppfyllelse 2025" in headings
    assert "Avdelning A" in headings  # its text under the board's Framtidsanalys
    tables = {t.key: t for _s, t in document.tables()}
    economy = tables["resultat-ekonomi"]
    assert [c.text for c in economy.rows[-1].cells] == ["Totalt", "−147,0", "−150,0", "3,0"]
    needs = tables["behov"]
    assert needs.rows[0].cells[-3].text == "15,3"
    requests = tables["investeringar"]
    assert requests.rows[0].cells[2].text == "Ja Gods kan inte levereras."
    assert requests.rows[0].cells[4].text == "1\u00a0500"
    assert isinstance(needs, Table)
