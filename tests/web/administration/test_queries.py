"""The administration's pages read in a fixed number of queries, however many users,
roles, units and cost centres there are."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styra.orgadmin.services import cost_centre_create
from tests.builders import system_admin


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def grow(builder, region, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        unit = builder.unit(f"RS-X{i}", f"Enhet {i}", parent=region.dig)
        builder.user(f"person{i}", (unit, "reporter"), (region.hr, "reader"))
        cost_centre_create(
            code=f"9{i:03}",
            name=f"Kst {i}",
            unit=unit,
            valid_from=date(2020, 1, 1),
            user=system_admin(),
        )


def test_users_organisation_and_rounds_pages_do_not_grow_with_the_data(client, region, builder):
    client.force_login(region.carl)
    urls = [
        reverse("administration:users"),
        reverse("administration:organisation"),
        reverse("administration:rounds", args=[region.plan.code]),
        reverse("administration:index"),
    ]
    grow(builder, region, 1)
    before = [count(client, url) for url in urls]
    grow(builder, region, 5, start=1)
    after = [count(client, url) for url in urls]
    assert after == before


def test_item_and_scale_pages_do_not_grow_with_the_plan(client, region, builder):
    """The new-item page, an item's page (its targets, the parents to move it to), the
    page that confirms an item's removal (the items below, their targets), a scale's page
    (its levels) and the page that confirms a level's removal read in a fixed number of
    queries (issue 13)."""
    from styra.plans.models import PlanLevel, StatusLevel

    client.force_login(region.carl)
    urls = [
        reverse("administration:item_new", args=[region.plan.code]),
        reverse("administration:item_edit", args=[region.plan.code, region.sick.code]),
        reverse("administration:scale_edit", args=[region.scale.code]),
        reverse("administration:item_delete", args=[region.plan.code, region.area.code]),
        reverse(
            "administration:status_level_delete",
            args=[region.scale.code, region.scale.levels.get(code="delvis").pk],
        ),
    ]
    level = PlanLevel.objects.get(plan=region.plan, code="post")

    def more(start: int, n: int) -> None:
        for i in range(start, start + n):
            builder.item(region.plan, level, "goal", f"G{i}", parent=region.area, title=f"Mål {i}")
            region.sick.targets.create(kind="threshold", value=i, order=10 + i)
            StatusLevel.objects.create(
                scale=region.scale,
                code=f"x{i}",
                label=f"Nivå {i}",
                colour="#000000",
                symbol="x",
                meaning="not_judged",
                order=10 + i,
            )

    more(0, 1)
    before = [count(client, url) for url in urls]
    more(1, 5)
    after = [count(client, url) for url in urls]
    assert after == before
