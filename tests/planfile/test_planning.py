"""Planning documents (`styra-planning/1`) through `styra plan import`: all or nothing,
errors with file, line and field, the acting user's permissions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from styra.cli.main import main
from styra.orgadmin import services as org_services
from styra.planning.models import Budget, BudgetFrameLine, FrameChange, InvestmentRequest
from tests.builders import system_admin

PLANNING = """\
format: styra-planning/1
plan: vp-2022
texts:
  - key: inledning
    title: Inledning
    body: Planen har 1 mål.
line_types:
  - {code: personal, label: Personalkostnader, account: '5000'}
  - {code: skatt, label: Skatteintäkter, section: finance}
budget:
  scale: mkr
  groups:
    - code: tjm
      label: Tjänstemannabudget
      frames:
        - unit: RS-A
          opening_net: -10
          lines: {personal: -10.5}
  changes:
    - {code: p1, kind: prioritisation, text: Satsning, unit: RS-A, amount: 0.5, case_number: RS/1/2021}
investment_requests:
  - source: Inspel 2021–2023
    scale: tkr
    first_year: 2021
    last_year: 2023
    requests:
      - {object: scanner, name: Scanner, unit: RS-A, amounts: {2021: 350}, status: not_granted}
"""


@pytest.fixture
def setup(builder, tmp_path):
    rs = builder.unit("RS", "Regionstyrelsen")
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    org_services.cost_centre_create(
        code="100", name="A", unit=a, valid_from=date(2020, 1, 1), user=system_admin()
    )
    builder.plan("vp-2022", rs, year=2022)
    builder.user("controller", (rs, "controller"))
    builder.user("reporter", (a, "reporter"))
    path = tmp_path / "planering.yaml"
    path.write_text(PLANNING, encoding="utf-8")
    return path


def test_import_writes_through_the_services_as_the_acting_user(setup, capsys):
    assert main(["plan", "import", str(setup), "--user", "controller"]) == 0
    out = capsys.readouterr().out
    assert "planering för vp-2022: 1 ramar, 1 ramförändringar" in out
    line = BudgetFrameLine.objects.get()
    assert line.amount == Decimal("-10500000")
    assert line.history.first().history_user.username == "controller"
    assert FrameChange.objects.get().amount == Decimal("500000")
    request = InvestmentRequest.objects.get()
    assert request.status == "not_granted" and request.amounts.get().amount == Decimal("350000")


def test_a_planning_document_needs_a_user(setup, capsys):
    assert main(["plan", "import", str(setup)]) == 1
    assert "--user" in capsys.readouterr().err
    assert not Budget.objects.exists()


def test_a_reporter_may_not_import_the_budget(setup, capsys):
    assert main(["plan", "import", str(setup), "--user", "reporter"]) == 1
    err = capsys.readouterr().err
    assert "planering.yaml:4: texts[0]:" in err and "controller" in err
    assert not Budget.objects.exists()


def test_a_refusal_names_the_line_and_nothing_is_written(setup, capsys):
    text = PLANNING.replace("unit: RS-A, amount: 0.5", "unit: RS-X, amount: 0.5")
    setup.write_text(text, encoding="utf-8")
    assert main(["plan", "import", str(setup), "--user", "controller"]) == 1
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "RS-X" in t)
    assert (
        f"planering.yaml:{line}: budget.changes[0].unit: okänd enhet RS-X"
        in capsys.readouterr().err
    )
    assert not Budget.objects.exists()


def test_schema_errors_are_swedish_and_name_the_field(setup, capsys):
    text = PLANNING.replace("kind: prioritisation", "kind: prio")
    setup.write_text(text, encoding="utf-8")
    assert main(["plan", "import", str(setup), "--user", "controller"]) == 1
    err = capsys.readouterr().err
    assert "budget.changes[0].kind: 'prio' är inte en giltig slag av ramförändring" in err


def test_amounts_finer_than_ore_are_refused(setup, capsys):
    text = PLANNING.replace("personal: -10.5", "personal: -10.500000001")
    setup.write_text(text, encoding="utf-8")
    assert main(["plan", "import", str(setup), "--user", "controller"]) == 1
    assert "budget.groups[0].frames[0].lines.personal" in capsys.readouterr().err
