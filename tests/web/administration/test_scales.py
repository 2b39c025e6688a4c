"""A status scale's levels changed and added in the browser's administration: errors on
their fields, never once a round is locked, never by a reporter or a controller of
another unit (issue 13)."""

from django.urls import reverse

from styra.followup.models import RoundState
from styra.plans.models import StatusLevel


def scale_url(region):
    return reverse("administration:scale_edit", args=[region.scale.code])


def level(region):
    return region.scale.levels.get(code="delvis")


def level_url(region):
    return reverse("administration:status_level_edit", args=[region.scale.code, level(region).pk])


def new_url(region):
    return reverse("administration:status_level_new", args=[region.scale.code])


def edit_data(region, **changes):
    prefix = f"niva-{level(region).pk}-"
    data = {
        "label": "Delvis",
        "symbol": "◑",
        "colour": "#f9a825",
        "meaning": "partly",
        "definition": "Mer än hälften.",
        **changes,
    }
    return {prefix + k: v for k, v in data.items()}


NEW = {
    "ny-niva-code": "helar",
    "ny-niva-label": "Följs upp på helår",
    "ny-niva-symbol": "◷",
    "ny-niva-colour": "#1565c0",
    "ny-niva-meaning": "year_end",
    "ny-niva-definition": "",
}


def stored(region):
    return list(StatusLevel.objects.order_by("pk").values_list("code", "label", "symbol", "colour"))


def test_the_index_links_the_scales_of_the_controllers_plans(client, region):
    client.force_login(region.carl)
    assert scale_url(region) in client.get(reverse("administration:index")).content.decode()


def test_the_controller_changes_a_level_and_adds_one(client, region):
    client.force_login(region.carl)
    page = client.get(scale_url(region)).content.decode()
    assert f'for="id_niva-{level(region).pk}-symbol"' in page and 'for="id_ny-niva-code"' in page
    response = client.post(level_url(region), edit_data(region))
    assert response.status_code == 302
    changed = level(region)
    assert (changed.label, changed.symbol, changed.definition) == ("Delvis", "◑", "Mer än hälften.")
    assert changed.history.latest().history_user == region.carl
    assert client.post(new_url(region), NEW).status_code == 302
    added = region.scale.levels.get(code="helar")
    assert added.meaning == "year_end" and added.order == max(
        region.scale.levels.values_list("order", flat=True)
    )


def test_errors_are_named_on_their_fields(client, region):
    client.force_login(region.carl)
    before = stored(region)
    response = client.post(level_url(region), edit_data(region, symbol="", colour="röd"))
    html = response.content.decode()
    assert response.status_code == 400
    pk = level(region).pk
    assert f'id="id_niva-{pk}-symbol_fel"' in html and f'id="id_niva-{pk}-colour_fel"' in html
    assert "Ange färgen som #rrggbb" in html
    response = client.post(new_url(region), {**NEW, "ny-niva-code": "helt"})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="id_ny-niva-code_fel"' in html
    assert "Nivåkoden helt finns redan i skalan." in html
    assert stored(region) == before


def test_hostile_and_oversized_input(client, region):
    client.force_login(region.carl)
    before = stored(region)
    for changes in (
        {"label": "x" * 100_000},
        {"symbol": "<script>x"},  # longer than 8
        {"meaning": "<b>"},
        {"colour": "#fff\x00fff"},
    ):
        response = client.post(level_url(region), edit_data(region, **changes))
        assert response.status_code == 400, changes
    assert stored(region) == before
    response = client.post(level_url(region), edit_data(region, label="<img src=x>\x00"))
    assert response.status_code == 302
    html = client.get(scale_url(region)).content.decode()
    assert "<img src=x>" not in html and "&lt;img src=x&gt;" in html


def test_nothing_changes_once_a_round_is_locked(client, region, builder):
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    client.force_login(region.carl)
    before = stored(region)
    assert "är fastställt" in client.get(scale_url(region)).content.decode()
    assert client.post(level_url(region), edit_data(region)).status_code == 400
    assert client.post(new_url(region), NEW).status_code == 400
    assert stored(region) == before


def test_a_reporter_and_another_units_controller_may_not(client, region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    before = stored(region)
    for user in (region.anna, outsider):
        client.force_login(user)
        assert client.get(scale_url(region)).status_code == 403
        assert client.post(level_url(region), edit_data(region)).status_code == 403
        assert client.post(new_url(region), NEW).status_code == 403
    assert stored(region) == before


def test_a_level_of_another_scale_is_not_found_through_this_one(client, region, builder):
    other = builder.scale("annan")
    client.force_login(region.admin)
    foreign = other.levels.first()
    url = reverse("administration:status_level_edit", args=[region.scale.code, foreign.pk])
    assert client.post(url, edit_data(region)).status_code == 404


# --- the scale's name; a level removed after a confirmation (issue 13) -------------------


def test_the_controller_renames_the_scale(client, region):
    from styra.plans.models import StatusScale

    client.force_login(region.carl)
    url = reverse("administration:scale_rename", args=[region.scale.code])
    assert (
        url
        in client.get(
            reverse("administration:scale_edit", args=[region.scale.code])
        ).content.decode()
    )
    response = client.post(url, {"skala-name": "<b>Måluppfyllelse</b>"})
    assert response.status_code == 302
    assert StatusScale.objects.get(pk=region.scale.pk).name == "<b>Måluppfyllelse</b>"
    page = client.get(response["Location"]).content.decode()
    assert "<b>Måluppfyllelse" not in page and "&lt;b&gt;Måluppfyllelse" in page
    response = client.post(url, {"skala-name": "  "})
    assert response.status_code == 400 and 'id="id_skala-name_fel"' in response.content.decode()
    assert client.get(url).status_code == 405


def _level_delete_url(region, code="delvis"):
    level = region.scale.levels.get(code=code)
    return level, reverse("administration:status_level_delete", args=[region.scale.code, level.pk])


def test_a_level_is_removed_only_after_the_confirmation(client, region):
    from styra.plans.models import StatusLevel

    client.force_login(region.carl)
    level, url = _level_delete_url(region)
    scale_page = client.get(reverse("administration:scale_edit", args=[region.scale.code]))
    assert url in scale_page.content.decode()
    page = client.get(url).content.decode()
    assert "Ingen bedömning och inget statusförslag använder nivån." in page
    response = client.post(url)
    assert response.status_code == 400
    assert StatusLevel.objects.filter(pk=level.pk).exists()
    response = client.post(url, {"bort-confirm": "on"})
    assert response.status_code == 302
    assert not StatusLevel.objects.filter(pk=level.pk).exists()
    assert (
        "Nivån Delvis uppfyllt är borttagen." in client.get(response["Location"]).content.decode()
    )


def test_a_level_in_use_is_not_removed_and_the_page_says_why(client, region):
    from styra.followup.models import Assessment
    from styra.plans.models import StatusLevel

    level, url = _level_delete_url(region)
    Assessment.objects.create(round=region.round, item=region.sick, status_suggested=level)
    client.force_login(region.carl)
    assert "1 bedömning har den som statusförslag" in client.get(url).content.decode()
    response = client.post(url, {"bort-confirm": "on"})
    assert response.status_code == 400
    assert "används och kan inte tas bort" in response.content.decode()
    assert StatusLevel.objects.filter(pk=level.pk).exists()


def test_a_reporter_or_another_units_controller_may_not_rename_or_remove(client, region, builder):
    from styra.plans.models import StatusLevel, StatusScale

    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    level, url = _level_delete_url(region)
    rename = reverse("administration:scale_rename", args=[region.scale.code])
    for user in (region.anna, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"bort-confirm": "on"}).status_code == 403
        assert client.post(rename, {"skala-name": "x"}).status_code == 403
    client.force_login(region.carl)
    foreign = builder.scale("annan")
    other_level = foreign.levels.first()
    wrong = reverse("administration:status_level_delete", args=[region.scale.code, other_level.pk])
    assert client.post(wrong, {"bort-confirm": "on"}).status_code == 404
    assert StatusLevel.objects.filter(pk__in=[level.pk, other_level.pk]).count() == 2
    assert StatusScale.objects.get(pk=region.scale.pk).name == region.scale.name


def test_no_rename_or_removal_once_a_round_is_locked(client, region, builder):
    from styra.plans.models import StatusLevel

    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    client.force_login(region.carl)
    level, url = _level_delete_url(region)
    assert "är fastställt" in client.get(url).content.decode()
    assert client.post(url, {"bort-confirm": "on"}).status_code == 400
    rename = reverse("administration:scale_rename", args=[region.scale.code])
    assert client.post(rename, {"skala-name": "x"}).status_code == 400
    assert StatusLevel.objects.filter(pk=level.pk).exists()
