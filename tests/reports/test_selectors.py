"""Which units have a report in a round: item owners, the plan's unit, and every unit of
the plan with ledger figures in the round's period (issue 8: they were missing)."""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth import get_user_model

from styra.cli.main import main
from styra.economy.ledger.models import LedgerFact
from styra.org.models import CostCentreMapping, Unit
from styra.org.selectors import subtree_unit_ids
from styra.reports.selectors import report_units


def ledger_units(round_) -> set[str]:
    """Worked out here from the tables: the units that own, on the round's last day, a
    cost centre with facts in the round's months, and the units above them, within the
    plan's unit."""
    day = round_.period_end
    centres = set(
        LedgerFact.objects.filter(month__gte=date(day.year, 1, 1), month__lte=day).values_list(
            "cost_centre_id", flat=True
        )
    )
    owners = {
        m.unit
        for m in CostCentreMapping.objects.filter(cost_centre_id__in=centres).select_related("unit")
        if m.valid_from <= day and (m.valid_to is None or m.valid_to >= day)
    }
    in_plan = set(subtree_unit_ids(round_.plan.unit, day))
    result = set()
    for unit in owners:
        current = unit
        while current is not None and current.pk in in_plan:
            result.add(current.code)
            version = current.versions.filter(valid_from__lte=day).order_by("-valid_from").first()
            current = version.parent if version else None
    return result


def test_every_demo_unit_with_ledger_facts_has_a_report(demo):
    expected = ledger_units(demo.round)
    # Departments and units that own no plan item but have cost centres in the ledger.
    assert {"RS-FAST", "RS-RSV", "RS-DIG-DA", "RS-FRF", "RS-FRS"} <= expected
    codes = {unit.code for unit in report_units(demo.round)}
    assert expected <= codes
    assert not {"HSN", "REG"} & codes  # ledger facts outside the board's plan
    assert "RS-LOB-IFE" not in codes  # dissolved at new year; its cost centre moved


def test_the_report_index_lists_every_unit_with_ledger_facts(demo, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/rapporter/").content.decode()
    listed = set(re.findall(r'href="/rapporter/2026-T1/([^/"]+)/"', page))
    assert ledger_units(demo.round) <= listed


def test_report_batch_builds_every_unit_with_ledger_facts(demo, tmp_path, capsys):
    code = main(
        [
            "report",
            "batch",
            "--round",
            "2026-T1",
            "--format",
            "html",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert code == 0, capsys.readouterr().err
    built = {path.name for path in tmp_path.iterdir()}
    assert ledger_units(demo.round) <= built
    assert f"{len(built)} av {len(built)} rapporter" in capsys.readouterr().out
    assert Unit.objects.filter(code__in=built).count() == len(built)
