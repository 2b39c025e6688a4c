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
