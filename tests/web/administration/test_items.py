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


# --- a new item, a move, targets added and removed (issue 13) ----------------------------


def new_url(region):
    return reverse("administration:item_new", args=[region.plan.code])


def move_url(region, item):
    return reverse("administration:item_move", args=[region.plan.code, item.code])


NEW = {
    "ny-parent": "A1",
    "ny-level": "post",
    "ny-kind": "goal",
    "ny-code": "M9",
    "ny-title": "Nytt mål",
    "ny-owner": "RS-HR",
}


def test_the_controller_creates_an_item_under_a_parent(client, region):
    client.force_login(region.carl)
    page = client.get(new_url(region) + "?under=A1").content.decode()
    assert 'value="A1" selected' in page and 'for="id_ny-code"' in page
    response = client.post(new_url(region), NEW)
    assert response.status_code == 302
    item = PlanItem.objects.get(plan=region.plan, code="M9")
    assert response["Location"] == item_url(region, item)
    assert (item.parent, item.owner, item.kind) == (region.area, region.hr, "goal")
    assert item.history.latest().history_user == region.carl
    under_area = reverse("administration:item_new", args=[region.plan.code]) + "?under=A1"
    assert under_area in client.get(item_url(region, region.area)).content.decode()
    assert "?under=" not in client.get(item_url(region, item)).content.decode()  # lowest level
    admin_index = client.get(reverse("administration:index")).content.decode()
    assert new_url(region) in admin_index


def test_a_taken_code_and_a_wrong_level_are_named_on_their_fields(client, region):
    client.force_login(region.carl)
    before = PlanItem.objects.count()
    response = client.post(new_url(region), {**NEW, "ny-code": "N1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Postkoden N1 finns redan i planen." in html
    assert 'id="id_ny-code_fel"' in html and 'aria-invalid="true"' in html
    response = client.post(new_url(region), {**NEW, "ny-parent": ""})
    assert response.status_code == 400 and 'id="id_ny-level_fel"' in response.content.decode()
    response = client.post(new_url(region), {**NEW, "ny-kind": "area"})
    assert response.status_code == 400 and 'id="id_ny-kind_fel"' in response.content.decode()
    assert PlanItem.objects.count() == before


def test_hostile_and_oversized_input_on_the_new_item_form(client, region):
    client.force_login(region.carl)
    before = PlanItem.objects.count()
    for changes in (
        {"ny-code": "<script>"},
        {"ny-code": "K" * 5000},
        {"ny-title": "x" * 100_000},
        {"ny-parent": "FINNS-INTE"},
        {"ny-level": "<b>"},
        {"ny-owner": "\x00"},
    ):
        response = client.post(new_url(region), {**NEW, **changes})
        assert response.status_code == 400, changes
        assert "<script>" not in response.content.decode().split("<main", 1)[-1]
    assert PlanItem.objects.count() == before
    response = client.post(new_url(region), {**NEW, "ny-title": "<img src=x onerror=alert(1)>\x00"})
    assert response.status_code == 302
    html = client.get(item_url(region, PlanItem.objects.get(code="M9"))).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_controller_moves_an_item_first_among_its_siblings(client, region):
    client.force_login(region.carl)
    page = client.get(item_url(region, region.hr_item)).content.decode()
    assert 'for="id_flytt-position"' in page
    response = client.post(
        move_url(region, region.hr_item), {"flytt-parent": "A1", "flytt-position": "1"}
    )
    assert response.status_code == 302
    first = region.area.children.order_by("order").first()
    assert first == region.hr_item


def test_a_move_under_itself_or_to_the_top_is_refused_on_the_field(client, region):
    client.force_login(region.carl)
    for data in (
        {"flytt-parent": "", "flytt-position": "1"},  # a "post" at the top
        {"flytt-parent": "N1", "flytt-position": "1"},  # a "post" under a "post"
        {"flytt-parent": "A1", "flytt-position": "0"},
        {"flytt-parent": "A1", "flytt-position": "ett"},
    ):
        response = client.post(move_url(region, region.task), data)
        html = response.content.decode()
        assert response.status_code == 400, data
        assert 'aria-invalid="true"' in html
    response = client.post(move_url(region, region.area), {"flytt-parent": "A1"})
    assert response.status_code == 400  # itself: not among the choices
    assert PlanItem.objects.get(pk=region.task.pk).parent == region.area


def test_targets_are_added_and_removed(client, region):
    client.force_login(region.carl)
    url = reverse("administration:target_new", args=[region.plan.code, "U1"])
    response = client.post(
        url, {"nytt-mal-kind": "completion", "nytt-mal-text": "Klart 2026", "nytt-mal-year": "2026"}
    )
    assert response.status_code == 302
    target = region.task.targets.get()
    assert (target.kind, target.text, target.year) == ("completion", "Klart 2026", 2026)
    response = client.post(url, {"nytt-mal-kind": "threshold", "nytt-mal-value": ""})
    assert response.status_code == 400
    assert 'id="id_nytt-mal-value_fel"' in response.content.decode()
    delete = reverse("administration:target_delete", args=[region.plan.code, "U1", target.pk])
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not region.task.targets.exists()


def test_another_items_target_cannot_be_removed_through_this_item(client, region):
    client.force_login(region.carl)
    target = region.sick.targets.get()
    delete = reverse("administration:target_delete", args=[region.plan.code, "U1", target.pk])
    assert client.post(delete).status_code == 404
    assert region.sick.targets.filter(pk=target.pk).exists()


def test_creating_moving_and_targets_wait_for_an_unlocked_plan(client, region, builder):
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    client.force_login(region.carl)
    before = stored(region)
    assert "är fastställt" in client.get(new_url(region)).content.decode()
    assert client.post(new_url(region), NEW).status_code == 400
    data = {"flytt-parent": "A1", "flytt-position": "1"}
    assert client.post(move_url(region, region.hr_item), data).status_code == 400
    pk = region.sick.targets.get().pk
    delete = reverse("administration:target_delete", args=[region.plan.code, "N1", pk])
    response = client.post(delete)
    assert response.status_code == 400 and "är fastställt" in response.content.decode()
    url = reverse("administration:target_new", args=[region.plan.code, "N1"])
    assert client.post(url, {"nytt-mal-kind": "completion"}).status_code == 400
    assert stored(region) == before and not PlanItem.objects.filter(code="M9").exists()


def test_a_reporter_and_another_plans_controller_may_not_create_or_move(client, region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    pk = region.sick.targets.get().pk
    delete = reverse("administration:target_delete", args=[region.plan.code, "N1", pk])
    add = reverse("administration:target_new", args=[region.plan.code, "N1"])
    for user in (region.anna, outsider):
        client.force_login(user)
        assert client.get(new_url(region)).status_code == 403
        assert client.post(new_url(region), NEW).status_code == 403
        data = {"flytt-parent": "A1", "flytt-position": "1"}
        assert client.post(move_url(region, region.hr_item), data).status_code == 403
        assert client.post(delete).status_code == 403
        assert client.post(add, {"nytt-mal-kind": "completion"}).status_code == 403
    assert not PlanItem.objects.filter(code="M9").exists()
    assert region.sick.targets.filter(pk=pk).exists()


# --- an item removed after the confirmation, co-owners (issue 13) ------------------------


def delete_url(region, item):
    return reverse("administration:item_delete", args=[region.plan.code, item.code])


def test_the_confirmation_lists_what_goes_and_a_post_without_it_does_nothing(client, region):
    client.force_login(region.carl)
    assert (
        delete_url(region, region.area)
        in client.get(item_url(region, region.area)).content.decode()
    )
    page = client.get(delete_url(region, region.area)).content.decode()
    for title in ("Sjukfrånvaro", "Inför e-tjänst", "Medarbetarindex", "Andel heltid"):
        assert title in page
    assert "Högst" in page or "5,5" in page or "Gränsvärde" in page  # the targets
    assert 'for="id_bort-confirm"' in page
    before = PlanItem.objects.count()
    response = client.post(delete_url(region, region.area))
    assert response.status_code == 400
    assert "Bekräfta borttagningen genom att kryssa i rutan." in response.content.decode()
    assert PlanItem.objects.count() == before
    assert (
        client.post(delete_url(region, region.area), {"bort-confirm": "false"}).status_code == 400
    )
    assert PlanItem.objects.count() == before


def test_the_controller_removes_an_item_after_confirming(client, region):
    client.force_login(region.carl)
    response = client.post(delete_url(region, region.task), {"bort-confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:plan_detail", args=[region.plan.code])
    assert not PlanItem.objects.filter(pk=region.task.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Posten U1 Inför e-tjänst är borttagen" in page
    assert client.get(delete_url(region, region.task)).status_code == 404


def test_an_item_reported_on_is_not_removed_and_the_page_says_why(client, region):
    from styra.followup.models import Assessment

    Assessment.objects.create(round=region.round, item=region.sick, comment="x")
    client.force_login(region.carl)
    page = client.get(delete_url(region, region.area)).content.decode()
    assert f"1 bedömning i {region.round.code} (1)" in page
    response = client.post(delete_url(region, region.area), {"bort-confirm": "on"})
    assert response.status_code == 400
    assert "Posten A1 kan inte tas bort" in response.content.decode()
    assert PlanItem.objects.filter(pk=region.area.pk).exists()


def test_no_removal_once_a_round_is_locked_or_by_a_reporter_or_another_units_controller(
    client, region, builder
):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    for user in (region.anna, outsider):
        client.force_login(user)
        assert client.get(delete_url(region, region.task)).status_code == 403
        assert (
            client.post(delete_url(region, region.task), {"bort-confirm": "on"}).status_code == 403
        )
    client.force_login(region.carl)
    missing = reverse("administration:item_delete", args=[region.plan.code, "FINNS-INTE"])
    assert client.post(missing, {"bort-confirm": "on"}).status_code == 404
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    assert "är fastställt" in client.get(delete_url(region, region.task)).content.decode()
    response = client.post(delete_url(region, region.task), {"bort-confirm": "on"})
    assert response.status_code == 400 and "är fastställt" in response.content.decode()
    assert PlanItem.objects.filter(pk=region.task.pk).exists()


def test_the_controller_sets_co_owners_on_the_item_form(client, region):
    client.force_login(region.carl)
    page = client.get(item_url(region)).content.decode()
    assert 'for="id_post-co_owners"' in page
    response = client.post(
        item_url(region),
        {"post-title": "Sjukfrånvaro", "post-owner": "RS-DIG", "post-co_owners": ["RS-HR"]},
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(pk=region.sick.pk)
    assert list(item.co_owners.values_list("code", flat=True)) == ["RS-HR"]
    assert '<option value="RS-HR" selected>' in client.get(item_url(region)).content.decode()
    # the owner as a co-owner too: named on the field, nothing changes
    response = client.post(
        item_url(region),
        {"post-title": "Sjukfrånvaro", "post-owner": "RS-DIG", "post-co_owners": ["RS-DIG"]},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "RS-DIG rapporterar posten och kan inte också vara medägare." in html
    assert 'id="id_post-co_owners_fel"' in html
    for hostile in ("<script>", "\x00", "FINNS-INTE"):
        response = client.post(
            item_url(region),
            {"post-title": "Sjukfrånvaro", "post-owner": "RS-DIG", "post-co_owners": [hostile]},
        )
        assert response.status_code == 400
    assert list(item.co_owners.values_list("code", flat=True)) == ["RS-HR"]
    # saving without the field clears them (an empty multiple select sends nothing)
    client.post(item_url(region), {"post-title": "Sjukfrånvaro", "post-owner": "RS-DIG"})
    assert not item.co_owners.exists()
