"""Automatic status for every target kind, and the properties that make it trustworthy."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styra.plans.status import TargetRule, compute_status

RANK = {"not_fulfilled": 0, "partly": 1, "fulfilled": 2}


def meaning(rule, value, **kw):
    return compute_status(rule, value, **kw).meaning


@pytest.mark.parametrize(
    ("rule", "value", "kw", "expected"),
    [
        (TargetRule("threshold", D(70)), D(70), {}, "fulfilled"),
        (TargetRule("threshold", D(70)), D("69.9"), {}, "not_fulfilled"),
        (TargetRule("threshold", D(16), "lower"), D(14), {}, "fulfilled"),
        (TargetRule("threshold", D(20), "lower", strict=True), D(20), {}, "not_fulfilled"),
        (TargetRule("threshold", D(20), "lower", strict=True), D("19.9"), {}, "fulfilled"),
        (
            TargetRule(
                "threshold", D(5), "closer", tolerance_kind="absolute", tolerance_value=D(1)
            ),
            D("5.5"),
            {},
            "fulfilled",
        ),
        (
            TargetRule("threshold", D(95), tolerance_kind="relative", tolerance_value=D(15)),
            D(82),
            {},
            "partly",
        ),  # 13 short of 95, band 14,25
        (
            TargetRule("threshold", D(55), tolerance_kind="relative", tolerance_value=D(15)),
            D("42.7"),
            {},
            "not_fulfilled",
        ),  # 12,3 short, band 8,25
        (TargetRule("count", D(3)), D(3), {}, "fulfilled"),
        (TargetRule("count", D(3)), D(2), {}, "not_fulfilled"),
        # −36 % against −41 % (lower is better), band 15 % of 41 = 6,15: partly
        (
            TargetRule(
                "relative_baseline",
                D(-41),
                "lower",
                tolerance_kind="relative",
                tolerance_value=D(15),
            ),
            D(-36),
            {},
            "partly",
        ),
        # with a baseline value the change is computed: 4,8 → 5,0 is +4,2 %, target > 0
        (
            TargetRule("relative_baseline", D(0), strict=True, baseline_value=D("4.8")),
            D(5),
            {},
            "fulfilled",
        ),
        (
            TargetRule("relative_baseline", D(0), strict=True, baseline_value=D("4.8")),
            D("4.8"),
            {},
            "not_fulfilled",
        ),
        (
            TargetRule("relative_comparison", None, "lower"),
            D("6.8"),
            {"comparison_value": D("8.8")},
            "fulfilled",
        ),
        (
            TargetRule("relative_comparison", None, "lower"),
            D("9.0"),
            {"comparison_value": D("8.8")},
            "not_fulfilled",
        ),
        (TargetRule("relative_comparison", None, "lower"), D("6.8"), {}, "not_judged"),
        (TargetRule("completion"), None, {"completed": True}, "fulfilled"),
        (TargetRule("completion"), None, {"completed": False}, "not_fulfilled"),
        (TargetRule("completion"), None, {}, "not_reported"),
        (TargetRule("not_set"), D(12), {}, "not_judged"),
        (TargetRule("threshold", D(42)), None, {}, "not_reported"),
        (TargetRule("threshold", None), D(1), {}, "not_judged"),
    ],
)
def test_every_target_kind(rule, value, kw, expected):
    assert meaning(rule, value, **kw) == expected


values = st.decimals(min_value=-1000, max_value=1000, places=2)
tolerances = st.decimals(min_value=0, max_value=50, places=1)
directions = st.sampled_from(["higher", "lower"])
kinds = st.sampled_from(["threshold", "count", "relative_baseline"])


@given(kinds, directions, values, tolerances, values, values)
def test_a_better_value_never_gets_a_worse_status(kind, direction, target, tol, a, b):
    rule = TargetRule(kind, target, direction, tolerance_kind="relative", tolerance_value=tol)
    worse, better = sorted((a, b)) if direction == "higher" else sorted((a, b), reverse=True)
    assert RANK[meaning(rule, worse)] <= RANK[meaning(rule, better)]


@given(kinds, directions, values, tolerances, tolerances, values)
def test_a_wider_tolerance_never_gets_a_worse_status(kind, direction, target, t1, t2, value):
    narrow, wide = sorted((t1, t2))
    rule = TargetRule(kind, target, direction, tolerance_kind="absolute", tolerance_value=narrow)
    wider = TargetRule(kind, target, direction, tolerance_kind="absolute", tolerance_value=wide)
    assert RANK[meaning(rule, value)] <= RANK[meaning(wider, value)]


@given(directions, values, values)
def test_reaching_the_target_is_fulfilled_and_no_tolerance_means_no_partly(direction, target, v):
    rule = TargetRule("threshold", target, direction)
    assert meaning(rule, target) == "fulfilled"
    assert meaning(rule, v) in ("fulfilled", "not_fulfilled")


@given(values, tolerances, values, values)
def test_closer_is_better(target, tol, a, b):
    rule = TargetRule("threshold", target, "closer", tolerance_kind="absolute", tolerance_value=tol)
    near, far = sorted((a, b), key=lambda v: abs(v - target))
    assert RANK[meaning(rule, far)] <= RANK[meaning(rule, near)]
