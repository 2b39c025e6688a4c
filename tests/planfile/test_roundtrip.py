"""Export → import → export gives the same bytes, for any plan Hypothesis can think of."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styra.followup.models import Round
from styra.planfile.services import plan_export, plan_import
from styra.plans.models import (
    Indicator,
    Plan,
    PlanItem,
    PlanLevel,
    PlanScale,
    StatusScale,
    Target,
)
from tests.builders import system_admin

pytestmark = pytest.mark.django_db

_chars = st.characters(
    codec="utf-8",
    categories=["L", "N", "P", "S", "Zs"],
    exclude_characters="\x85\u2028\u2029\ufeff",
)
line = st.text(_chars, min_size=1, max_size=25)
title = line.map(str.strip).filter(bool)
multiline = (
    st.lists(line, min_size=1, max_size=3).map("\n".join)
    | st.just("")
    | title.map(lambda t: t + "\n")
)
decimal = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)
small = st.decimals(  # tolerance fields hold 12 digits, 4 of them decimals
    min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False
)
maybe = lambda s: st.none() | s  # noqa: E731
day = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))

target = st.fixed_dictionaries(
    {
        "kind": st.sampled_from([c for c, _ in Target._meta.get_field("kind").choices]),
        "value": maybe(decimal),
        "direction": st.sampled_from(["higher", "lower", "closer"]),
        "strict": st.booleans(),
        "baseline_year": maybe(st.integers(1990, 2030)),
        "baseline_value": maybe(decimal),
        "comparison": st.just("") | title.map(lambda t: t[:60]),
        "scope": st.sampled_from(["", "RJH", "RS"]),
        "text": st.just("") | title,
        "tolerance_kind": st.sampled_from(["", "relative", "absolute"]),
        "tolerance_value": maybe(small),
    }
)
indicator = st.fixed_dictionaries(
    {
        "unit": st.sampled_from(["", "%", "kr", "index (skala 1–6)"]),
        "decimals": st.integers(0, 6),
        "direction": st.sampled_from(["higher", "lower", "closer"]),
        "definition": multiline,
        "scope": st.just("") | title,
        "baseline_value": maybe(decimal),
        "baseline_year": maybe(st.integers(1990, 2030)),
        "baseline_label": st.sampled_from(["", "20/21", "feb 2021"]),
        "breakdowns": st.sampled_from([[], ["sex"], ["subunit", "sex"]]),
        "breakdown_labels": st.lists(title, max_size=3),
    }
)
item = st.fixed_dictionaries(
    {
        "title": title,
        "number": st.just("") | st.from_regex(r"[0-9]{1,2}(\.[0-9])?", fullmatch=True),
        "subtitle": st.just("") | title,
        "description": multiline,
        "owner": st.sampled_from([None, "RS", "RUN"]),
        "co_owners": st.sampled_from([[], ["RUN"], ["HSN", "RUN"]]),
        "frequency": st.sampled_from(["monthly", "tertial", "interim", "yearly"]),
        "start_date": maybe(day),
        "targets": st.lists(target, max_size=2),
        "indicator": maybe(indicator),
        "children": st.integers(0, 2),
    }
)
plan_spec = st.fixed_dictionaries(
    {
        "name": title,
        "description": multiline,
        "tolerance": st.sampled_from([("none", None), ("relative", "15"), ("absolute", "0.5")]),
        "items": st.lists(item, min_size=1, max_size=4),
        "rounds": st.integers(0, 2),
    }
)


def build(spec: dict) -> Plan:
    from tests.builders import Builder

    builder = Builder()
    units = {code: builder.unit(code) for code in ("RS", "RUN", "HSN")}
    scale = builder.scale("rt-scale")
    from decimal import Decimal

    plan = Plan.objects.create(
        code="rt-plan",
        name=spec["name"],
        unit=units["RS"],
        description=spec["description"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        tolerance_kind=spec["tolerance"][0],
        tolerance_value=Decimal(spec["tolerance"][1]) if spec["tolerance"][1] else None,
    )
    PlanScale.objects.create(plan=plan, kind="indicator", scale=scale)
    top = PlanLevel.objects.create(plan=plan, code="top", name="Topp", kinds=["area", "goal"])
    leaf = PlanLevel.objects.create(
        plan=plan,
        code="leaf",
        name="Löv",
        name_plural="Löv",
        parent=top,
        kinds=["indicator", "goal", "activity"],
        order=1,
    )
    counter = iter(range(10_000))

    def make(entry: dict, level, parent):
        n = next(counter)
        if level is leaf:
            kind = "indicator" if entry["indicator"] is not None else "goal"
        else:
            kind = "area"
        obj = PlanItem.objects.create(
            plan=plan,
            parent=parent,
            level=level,
            kind=kind,
            code=f"I{n}",
            order=n,
            number=entry["number"],
            title=entry["title"],
            subtitle=entry["subtitle"],
            description=entry["description"],
            owner=units[entry["owner"]] if entry["owner"] else None,
            frequency=entry["frequency"],
            start_date=entry["start_date"],
            end_date=entry["start_date"],
        )
        obj.co_owners.set([units[c] for c in entry["co_owners"]])
        if kind == "indicator":
            Indicator.objects.create(item=obj, **entry["indicator"])
        for order, t in enumerate(entry["targets"]):
            if t["kind"] in ("threshold", "count", "relative_baseline") and t["value"] is None:
                continue
            if t["tolerance_kind"] and t["tolerance_value"] is None:
                t = {**t, "tolerance_value": Decimal("1")}
            if not t["tolerance_kind"]:
                t = {**t, "tolerance_value": None}
            Target.objects.create(item=obj, order=order, **t)
        return obj

    for entry in spec["items"]:
        parent = make(entry, top, None)
        for _ in range(entry["children"]):
            make({**entry, "title": entry["title"] + " (del)"}, leaf, parent)
    for n in range(spec["rounds"]):
        Round.objects.create(
            plan=plan,
            code=f"rt-T{n + 1}",
            name=f"Tertial {n + 1}",
            kind="tertial",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 4 * (n + 1), 28),
            state="open",
        )
    return plan


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(spec=plan_spec)
def test_any_plan_survives_the_round_trip(spec):
    from django.db import transaction

    with transaction.atomic():
        plan = build(spec)
        first = plan_export(plan=plan)
        # Into an empty database: nothing can survive from the first plan but the file.
        Round.objects.all().delete()
        plan.items.all().delete()
        plan.delete()
        StatusScale.objects.all().delete()
        plan_import(text=first, filename="rt.yaml", user=system_admin())
        assert plan_export(plan=Plan.objects.get(code="rt-plan")) == first
        transaction.set_rollback(True)
