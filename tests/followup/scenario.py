"""A small region for workflow tests: two departments under the board, one plan, one round.

RS  Regionstyrelsen          carl: controller, greta: reviewer (inherited)
├── RS-DIG Digitalisering    anna: reporter, lisa: reader
└── RS-HR  HR-avdelningen    bertil: reporter
"""

from __future__ import annotations

from types import SimpleNamespace


def build_region(b) -> SimpleNamespace:
    rs = b.unit("RS", "Regionstyrelsen", type_code="styrelse")
    dig = b.unit("RS-DIG", "Digitaliseringsavdelningen", parent=rs)
    hr = b.unit("RS-HR", "HR-avdelningen", parent=rs)
    plan = b.plan("rs-2026", rs)
    scale = b.scale()
    b.use_scale(plan, scale)
    area_level = b.level(plan, "malomrade", ["area"])
    item_level = b.level(plan, "post", ["indicator", "assignment", "goal"], parent=area_level)
    area = b.item(plan, area_level, "area", "A1", title="God och jämlik vård")
    sick = b.indicator(
        plan,
        item_level,
        "N1",
        target="5.5",
        direction="lower",
        tolerance="15",
        parent=area,
        owner=dig,
        title="Sjukfrånvaro",
        number="1.1",
    )
    task = b.item(
        plan, item_level, "assignment", "U1", parent=area, owner=dig, title="Inför e-tjänst"
    )
    yearly = b.indicator(
        plan,
        item_level,
        "N2",
        target="80",
        parent=area,
        owner=dig,
        frequency="yearly",
        title="Medarbetarindex",
    )
    hr_item = b.indicator(
        plan,
        item_level,
        "N3",
        target="70",
        parent=area,
        owner=hr,
        title="Andel heltid",
    )
    round_ = b.round(plan, reporting_deadline=None)
    return SimpleNamespace(
        rs=rs,
        dig=dig,
        hr=hr,
        plan=plan,
        scale=scale,
        area=area,
        sick=sick,
        task=task,
        yearly=yearly,
        hr_item=hr_item,
        round=round_,
        anna=b.user("anna", (dig, "reporter")),
        bertil=b.user("bertil", (hr, "reporter")),
        lisa=b.user("lisa", (dig, "reader")),
        greta=b.user("greta", (rs, "reviewer")),
        carl=b.user("carl", (rs, "controller"), email="carl@example.se"),
        admin=b.user("admin", superuser=True),
    )


# The scenario's round has items nobody reported: the report check finds errors, so a
# controller locks it with a reason (round_lock records it).
LOCK_REASON = "Fastställs med kända luckor i testdata."
