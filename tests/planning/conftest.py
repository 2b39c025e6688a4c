"""A small region for the planning tests: a board with two departments and a committee.

RS (the plan's unit) → RS-A (cost centre 100), RS-B (cost centre 200); HSN beside RS.
`controller` manages RS; `reporter` reports for RS-A; a 2022 plan with the frame line
types and an empty budget.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from styra.orgadmin import services as org_services
from styra.planning import services
from tests.builders import system_admin

MKR = Decimal(1_000_000)


def mkr(text: str) -> Decimal:
    return Decimal(text) * MKR


LINE_TYPES = [
    # code, label, section, account, pharmaceuticals
    ("intakter", "Externa intäkter", "operations", "3100", False),
    ("personal", "Personalkostnader", "operations", "5000", False),
    ("lakemedel", "Läkemedel", "operations", "4600", True),
    ("ovrigt", "Övriga externa omkostnader", "operations", "6300", False),
    ("skatt", "Skatteintäkter", "finance", "", False),
]


@pytest.fixture
def world(builder):
    region = builder.unit("REG", "Region", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=region)
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    b = builder.unit("RS-B", "Avdelning B", parent=rs)
    hsn = builder.unit("HSN", "Hälso- och sjukvårdsnämnden", parent=region)
    start = date(2020, 1, 1)
    cc_a = org_services.cost_centre_create(
        code="100", name="A", unit=a, valid_from=start, user=system_admin()
    )
    cc_b = org_services.cost_centre_create(
        code="200", name="B", unit=b, valid_from=start, user=system_admin()
    )
    plan = builder.plan("vp-2022", rs, year=2022)
    controller = builder.user("controller", (rs, "controller"))
    reporter = builder.user("reporter", (a, "reporter"))
    for order, (code, label, section, account, pharma) in enumerate(LINE_TYPES):
        services.budget_line_type_save(
            plan=plan,
            code=code,
            label=label,
            section=section,
            account=account,
            pharmaceuticals=pharma,
            order=order,
            user=controller,
        )
    budget = services.budget_save(plan=plan, total_label="Total nettobudget", user=controller)
    ops = services.frame_group_save(
        budget=budget,
        code="tjm",
        label="Tjänstemannabudget",
        sum_label="Summa tjänstemannabudget",
        user=controller,
    )
    fin = services.frame_group_save(
        budget=budget,
        code="fin",
        label="Finansförvaltning",
        sum_label="Summa finansiering",
        section="finance",
        user=controller,
    )
    return SimpleNamespace(
        region=region,
        rs=rs,
        a=a,
        b=b,
        hsn=hsn,
        cc_a=cc_a,
        cc_b=cc_b,
        plan=plan,
        controller=controller,
        reporter=reporter,
        budget=budget,
        ops=ops,
        fin=fin,
    )


@pytest.fixture
def frames(world):
    """A: opening −100 mkr (of which läkemedel −20); B: opening −50 mkr; finance 300 mkr."""
    w = world
    w.frame_a = services.frame_save(
        budget=w.budget,
        group=w.ops,
        unit=w.a,
        label="Avdelning A",
        opening_net=mkr("-100"),
        opening_pharmaceuticals=mkr("-20"),
        lines={
            "intakter": mkr("10"),
            "personal": mkr("-80"),
            "lakemedel": mkr("-20"),
            "ovrigt": mkr("-10"),
        },
        user=w.controller,
    )
    w.frame_b = services.frame_save(
        budget=w.budget,
        group=w.ops,
        unit=w.b,
        label="Avdelning B",
        opening_net=mkr("-50"),
        lines={"personal": mkr("-40"), "ovrigt": mkr("-10")},
        user=w.controller,
    )
    w.frame_fin = services.frame_save(
        budget=w.budget,
        group=w.fin,
        unit=w.rs,
        label="Finansförvaltning",
        lines={"skatt": mkr("300")},
        user=w.controller,
    )
    return w
