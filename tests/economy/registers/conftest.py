"""A small region for the economy registers: Regionstaben with three departments."""

from datetime import date
from types import SimpleNamespace

import pytest

from styra.access.models import Role
from styra.followup.models import Round


def make_round(plan, code: str, period_end: date, state: str = "open") -> Round:
    return Round.objects.create(
        plan=plan,
        code=code,
        name=code,
        kind="tertial",
        period_start=date(period_end.year, 1, 1),
        period_end=period_end,
        state=state,
    )


@pytest.fixture
def region(builder):
    """Regionstaben's tree under RS, plan rs-2026 with rounds 2026-M02 and 2026-T1, and
    `controller`, a controller of RS who may write every register row of the plan."""
    rs = builder.unit("RS", "Regionstyrelsen")
    stab = builder.unit("RS-STAB", "Regionstaben", parent=rs)
    eko = builder.unit("RS-EKO", "Ekonomiavdelningen", parent=stab)
    hr = builder.unit("RS-HR", "HR-avdelningen", parent=stab)
    dig = builder.unit("RS-DIG", "Digitalisering och service", parent=stab)
    dig_it = builder.unit("RS-DIG-IT", "IT-enheten", parent=dig)
    dig_srv = builder.unit("RS-DIG-SRV", "Regionservice", parent=dig)
    plan = builder.plan("rs-2026", rs)
    feb = make_round(plan, "2026-M02", date(2026, 2, 28))
    t1 = make_round(plan, "2026-T1", date(2026, 4, 30))
    controller = builder.user("cecilia", (rs, Role.CONTROLLER))
    return SimpleNamespace(
        controller=controller,
        rs=rs,
        stab=stab,
        eko=eko,
        hr=hr,
        dig=dig,
        dig_it=dig_it,
        dig_srv=dig_srv,
        plan=plan,
        feb=feb,
        t1=t1,
    )
