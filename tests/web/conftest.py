"""A small plan for the page tests: two goal areas, indicators and an assignment, one round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from styra.followup.models import Assessment, AssessmentValue, Round
from styra.plans.models import Indicator, Plan, PlanScale, StatusScale, Target


@dataclass
class SmallPlan:
    plan: Plan
    round: Round
    scale: StatusScale


@pytest.fixture
def small_plan(builder) -> SmallPlan:
    region = builder.unit("REX", "Region Exempel", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=region)
    plan = builder.plan("rs-2026", rs)
    scale = builder.scale("nyckeltal")
    uscale = builder.scale(
        "uppdrag",
        levels=[
            ("gron", "Pågående enligt plan", "#2e7d32", "●", "fulfilled"),
            ("gul", "Försenat", "#f9a825", "◐", "partly"),
        ],
    )
    PlanScale.objects.create(plan=plan, kind="indicator", scale=scale)
    PlanScale.objects.create(plan=plan, kind="assignment", scale=uscale)
    area_level = builder.level(plan, "malomrade", ["area"])
    ind_level = builder.level(plan, "nyckeltal", ["indicator"], parent=area_level)
    ass_level = builder.level(plan, "uppdrag", ["assignment"], parent=area_level)
    led = builder.item(
        plan,
        area_level,
        "area",
        "LED",
        number="1",
        title="Ledningsprocesser",
        subtitle="Ledning och uppföljning av beslut.",
    )
    hsv = builder.item(plan, area_level, "area", "HSV", number="2", title="Hälso- och sjukvård")
    n01 = builder.item(
        plan,
        ind_level,
        "indicator",
        "N01",
        parent=led,
        number="1.1",
        title="Andel närproducerade livsmedel",
        owner=rs,
    )
    Indicator.objects.create(
        item=n01,
        unit="%",
        decimals=1,
        direction="higher",
        baseline_value=Decimal("28.0"),
        baseline_year=2024,
    )
    Target.objects.create(item=n01, kind="threshold", value=Decimal("35"), text="Minst 35 %")
    Target.objects.create(
        item=n01, kind="threshold", value=Decimal("30"), text="Minst 30 %", scope="RS", order=1
    )
    n02 = builder.item(
        plan,
        ind_level,
        "indicator",
        "N02",
        parent=hsv,
        number="2.1",
        title="Sjukfrånvaro",
        owner=rs,
    )
    Indicator.objects.create(item=n02, unit="%", decimals=1, direction="lower")
    Target.objects.create(item=n02, kind="threshold", value=Decimal("5.3"), text="Högst 5,3 %")
    u01 = builder.item(
        plan,
        ass_level,
        "assignment",
        "U01",
        parent=led,
        number="1.2",
        title="Budget i balans",
        owner=rs,
    )

    round_ = Round.objects.create(
        plan=plan,
        code="2026-T1",
        name="Tertial 1 2026",
        kind="tertial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 4, 30),
        state="open",
    )
    Round.objects.create(
        plan=plan,
        code="2026-T2",
        name="Tertial 2 2026",
        kind="tertial",
        period_start=date(2026, 5, 1),
        period_end=date(2026, 8, 31),
        state="planned",
    )
    levels = {lv.code: lv for lv in scale.levels.all()}
    a1 = Assessment.objects.create(
        round=round_,
        item=n01,
        status=levels["delvis"],
        comment="Ökar i tre av fyra kök.",
    )
    AssessmentValue.objects.create(
        assessment=a1, value=Decimal("31.4"), period_label="jan–mar 2026"
    )
    AssessmentValue.objects.create(
        assessment=a1, dimension="subunit", member="Kök Birka", value=Decimal("40.2"), order=1
    )
    a2 = Assessment.objects.create(round=round_, item=n02, status=levels["ej"])
    AssessmentValue.objects.create(assessment=a2, value=Decimal("6.1"))
    Assessment.objects.create(
        round=round_, item=u01, status=uscale.levels.get(code="gron"), comment="Enligt plan."
    )
    return SmallPlan(plan=plan, round=round_, scale=scale)


@pytest.fixture
def reader(django_user_model, small_plan):
    """A reader of Regionstyrelsen, the plan's unit: reads every item of the plan."""
    from styra.access.models import Role, UnitRole

    user = django_user_model.objects.create_user(
        username="lasare", password="hemligt-lösen-1", first_name="Lisa", last_name="Läsare"
    )
    UnitRole.objects.create(user=user, unit=small_plan.plan.unit, role=Role.READER)
    return user


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
