"""A plan item changed in the browser's administration: title, owner, a target's value
and text; never once a round of the plan is locked, never by a reporter (issue 13)."""

from decimal import Decimal

from django.urls import reverse

from styra.followup.models import RoundState
from styra.plans.models import PlanItem


def item_url(region, item=None):
    item = item or region.sick
    return reverse("administration:item_edit", args=[region.plan.code, item.code])


def target_url(region):
    target = region.sick.targets.get()
    return reverse("administration:target_edit", args=[region.plan.code, "N1", target.pk])


def stored(region):
    item = PlanItem.objects.get(pk=region.sick.pk)
    target = item.targets.get()
    return item.title, item.owner_id, target.value, target.text


def test_the_item_page_links_to_the_edit_page_for_the_controller_only(client, region):
    detail = reverse("web:item_detail", args=[region.plan.code, "N1"])
    client.force_login(region.carl)
    assert item_url(region) in client.get(detail).content.decode()
    client.force_login(region.anna)
    assert item_url(region) not in client.get(detail).content.decode()


def test_the_controller_changes_title_and_owner(client, region):
    client.force_login(region.carl)
    page = client.get(item_url(region)).content.decode()
    assert 'value="5,5"' in page  # the target as people type it
    response = client.post(
        item_url(region), {"post-title": "Sjukfrånvaro, alla", "post-owner": "RS-HR"}
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(pk=region.sick.pk)
    assert item.title == "Sjukfrånvaro, alla" and item.owner == region.hr
    assert item.history.latest().history_user == region.carl
    # no owner of its own: the plan's unit reports it
    client.post(item_url(region), {"post-title": "Sjukfrånvaro", "post-owner": ""})
    assert PlanItem.objects.get(pk=region.sick.pk).owner is None


def test_the_controller_changes_a_targets_value_and_text(client, region):
    client.force_login(region.carl)
    response = client.post(
        target_url(region),
        {
            f"mal-{region.sick.targets.get().pk}-value": "5,0",
            f"mal-{region.sick.targets.get().pk}-text": "Högst 5,0 %",
        },
    )
    assert response.status_code == 302
    assert stored(region)[2:] == (Decimal("5.0"), "Högst 5,0 %")


def test_a_value_that_is_not_a_number_is_named_on_its_field(client, region):
    client.force_login(region.carl)
    before = stored(region)
    pk = region.sick.targets.get().pk
    response = client.post(target_url(region), {f"mal-{pk}-value": "fem", f"mal-{pk}-text": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv ett tal, till exempel 5,7." in html and f'id="id_mal-{pk}-value_fel"' in html
    assert stored(region) == before


def test_an_empty_title_is_refused_and_hostile_text_is_printed_as_text(client, region):
    client.force_login(region.carl)
    before = stored(region)
    assert client.post(item_url(region), {"post-title": "  ", "post-owner": ""}).status_code == 400
    assert stored(region) == before
    hostile = "<script>alert(1)</script>\u202e"
    assert (
        client.post(item_url(region), {"post-title": hostile, "post-owner": "RS-DIG"}).status_code
        == 302
    )
    assert stored(region)[0] == "<script>alert(1)</script>"
    html = client.get(item_url(region)).content.decode()
    assert "<script>alert(1)" not in html


def test_nothing_changes_once_a_round_of_the_plan_is_locked(client, region, builder):
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    client.force_login(region.carl)
    before = stored(region)
    page = client.get(item_url(region)).content.decode()
    assert "Uppföljningstillfället 2025-T3 i planen är fastställt" in page
    response = client.post(item_url(region), {"post-title": "Ändrad", "post-owner": "RS-DIG"})
    assert response.status_code == 400
    pk = region.sick.targets.get().pk
    response = client.post(target_url(region), {f"mal-{pk}-value": "1", f"mal-{pk}-text": "x"})
    assert response.status_code == 400
    assert "är fastställt" in response.content.decode()
    assert stored(region) == before


def test_a_reporter_and_a_controller_of_another_plan_may_not(client, region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    before = stored(region)
    pk = region.sick.targets.get().pk
    for user in (region.anna, outsider):
        client.force_login(user)
        assert client.get(item_url(region)).status_code == 403
        assert client.post(item_url(region), {"post-title": "x"}).status_code == 403
        assert client.post(target_url(region), {f"mal-{pk}-value": "1"}).status_code == 403
    assert stored(region) == before
