"""The pages on the demo region (Region Exempel, plan rs-2026, round 2026-T1)."""

from __future__ import annotations

import pytest

from styra.followup.models import Assessment, AssessmentValue
from styra.plans.models import ItemKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def controller_client(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="controller"))
    return client


def test_start_page_lists_the_demo_plan_and_its_rounds(controller_client, demo):
    html = controller_client.get("/").content.decode()
    assert demo.plan.name in html
    assert f"/planer/rs-2026/?omgang={demo.round.code}" in html
    assert "Region Exempel" in html


def test_plan_page_shows_six_goal_areas_and_the_t1_summary(controller_client, demo):
    response = controller_client.get("/planer/rs-2026/?omgang=2026-T1")
    assert response.status_code == 200
    areas = [node for node in response.context["tree"] if node.item.kind == ItemKind.AREA]
    assert len(areas) == 6
    html = response.content.decode()
    for area in areas:
        assert area.item.title in html
    summary = {t.title: t for t in response.context["summary_tables"]}
    total = summary["Kortsiktiga nyckeltal"].rows[-1]
    by_meaning = {cell.status.meaning: cell.count for cell in total.counts}
    assert by_meaning["fulfilled"] == 5
    assert by_meaning["partly"] == 6
    assert by_meaning["not_fulfilled"] == 6
    assert by_meaning["not_reported"] == 1
    assert total.total == 18
    assert by_meaning["year_end"] == 0
    assert summary["Uppdrag"].rows[-1].total == 31
    # The long-term indicators are measured at year end, and the summary says so.
    long_term = summary["Långsiktiga nyckeltal"].rows[-1]
    assert {c.status.meaning: c.count for c in long_term.counts if c.count} == {
        "year_end": long_term.total
    }


def test_plan_page_shows_each_indicator_with_its_status_label(controller_client, demo):
    html = controller_client.get("/planer/rs-2026/?omgang=2026-T1").content.decode()
    assessments = Assessment.objects.filter(
        round=demo.round, item__kind=ItemKind.INDICATOR
    ).select_related("item", "status")
    assert assessments.count() == 18
    for assessment in assessments:
        assert assessment.item.title in html
        assert f'<span class="status-badge__label">{assessment.status.label}</span>' in html


def test_indicator_page_shows_its_target_and_value(controller_client, demo):
    value = (
        AssessmentValue.objects.filter(
            assessment__round=demo.round, dimension="", value__isnull=False
        )
        .select_related("assessment__item__indicator")
        .first()
    )
    item = value.assessment.item
    response = controller_client.get(f"/planer/rs-2026/poster/{item.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{item.title}</h1>" in html
    from styra.formats.numbers import format_number, typographic_minus

    assert format_number(value.value, item.indicator.decimals) in html
    for target in item.targets.all():
        # A target typed with a hyphen prints the minus sign, as outcomes do.
        printed = typographic_minus(target.text) if target.text else ""
        assert (printed or format_number(target.value, item.indicator.decimals)) in html


def test_indicator_with_kitchens_shows_breakdown_rows(controller_client, demo):
    cell = (
        AssessmentValue.objects.filter(assessment__round=demo.round, dimension="subunit")
        .select_related("assessment__item")
        .first()
    )
    if cell is None:
        pytest.fail("the demo has an indicator broken down per kitchen (T1 2026)")
    html = controller_client.get(
        f"/planer/rs-2026/poster/{cell.assessment.item.code}/"
    ).content.decode()
    members = AssessmentValue.objects.filter(
        assessment=cell.assessment, dimension="subunit"
    ).values_list("member", flat=True)
    for member in members:
        assert member in html
