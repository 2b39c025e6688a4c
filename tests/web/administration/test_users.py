"""Users and their roles per unit in the browser's administration: give a role, take one
away, never more than the acting user holds, never outside their units (issue 13)."""

from django.urls import reverse

from styra.access.models import UnitRole

USERS = reverse("administration:users")


def grant(client, holder, unit, role, inherit=True):
    data = {"roll-holder": holder.username, "roll-unit": unit.code, "roll-role": role}
    if inherit:
        data["roll-inherit"] = "on"
    return client.post(USERS, data)


def roles_of(user):
    return set(UnitRole.objects.filter(user=user).values_list("unit__code", "role", "inherit"))


def test_the_controller_sees_each_users_roles_on_their_units(client, region):
    client.force_login(region.carl)
    page = client.get(USERS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "anna" in html and "Digitaliseringsavdelningen" in html and "Rapportör" in html
    assert "Enheten och dess underenheter" in html
    assert reverse("administration:role_revoke", args=[region.anna.unit_roles.get().pk]) in html


def test_the_controller_gives_a_role_and_the_history_names_them(client, region):
    client.force_login(region.carl)
    response = grant(client, region.lisa, region.dig, "reviewer")
    assert response.status_code == 302
    role = UnitRole.objects.get(user=region.lisa, role="reviewer")
    assert role.unit == region.dig and role.inherit
    assert role.history.latest().history_user == region.carl
    page = client.get(USERS).content.decode()
    assert "lisa har fått rollen Granskare på RS-DIG." in page


def test_nobody_gives_themselves_more_than_they_hold(client, region):
    client.force_login(region.carl)
    before = roles_of(region.carl)
    assert grant(client, region.carl, region.rs, "admin").status_code == 403
    assert grant(client, region.anna, region.dig, "admin").status_code == 403
    assert roles_of(region.carl) == before
    assert not UnitRole.objects.filter(role="admin").exists()


def test_a_role_held_on_one_unit_only_gives_nothing_that_reaches_below_it(client, region, builder):
    narrow = builder.user("nora", (region.rs, "controller", False))
    client.force_login(narrow)
    assert grant(client, region.lisa, region.rs, "reporter", inherit=True).status_code == 403
    assert not UnitRole.objects.filter(user=region.lisa, unit=region.rs).exists()
    assert grant(client, region.lisa, region.rs, "reporter", inherit=False).status_code == 302
    assert roles_of(region.lisa) == {("RS-DIG", "reader", True), ("RS", "reporter", False)}


def test_a_controller_of_another_unit_cannot_touch_these_roles(client, region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    client.force_login(outsider)
    page = client.get(USERS).content.decode()
    assert "Digitaliseringsavdelningen" not in page  # neither listed nor offered
    response = grant(client, region.lisa, region.dig, "reporter")
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    anna_role = region.anna.unit_roles.get()
    url = reverse("administration:role_revoke", args=[anna_role.pk])
    assert client.post(url).status_code == 403
    assert UnitRole.objects.filter(pk=anna_role.pk).exists()
    assert roles_of(region.lisa) == {("RS-DIG", "reader", True)}


def test_a_reporter_may_neither_see_nor_change_roles(client, region):
    client.force_login(region.anna)
    assert client.get(USERS).status_code == 403
    assert grant(client, region.anna, region.dig, "controller").status_code == 403
    url = reverse("administration:role_revoke", args=[region.lisa.unit_roles.get().pk])
    assert client.post(url).status_code == 403
    assert roles_of(region.anna) == {("RS-DIG", "reporter", True)}
    assert roles_of(region.lisa) == {("RS-DIG", "reader", True)}


def test_a_role_held_already_is_a_swedish_error_on_the_field(client, region):
    client.force_login(region.carl)
    response = grant(client, region.anna, region.dig, "reporter")
    html = response.content.decode()
    assert response.status_code == 400
    assert "anna har redan rollen Rapportör på RS-DIG." in html
    assert 'id="id_roll-role_fel"' in html and 'aria-invalid="true"' in html
    assert UnitRole.objects.filter(user=region.anna).count() == 1


def test_the_controller_takes_a_role_away_and_the_history_keeps_it(client, region):
    client.force_login(region.carl)
    role = region.anna.unit_roles.get()
    response = client.post(reverse("administration:role_revoke", args=[role.pk]))
    assert response.status_code == 302
    assert not UnitRole.objects.filter(pk=role.pk).exists()
    removed = UnitRole.history.filter(id=role.pk).latest()
    assert removed.history_type == "-" and removed.history_user == region.carl
    assert client.get(reverse("administration:role_revoke", args=[role.pk])).status_code == 405


def test_an_administrator_gives_the_administrator_role(client, region):
    client.force_login(region.admin)
    assert grant(client, region.carl, region.rs, "admin").status_code == 302
    assert ("RS", "admin", True) in roles_of(region.carl)


def test_hostile_names_are_printed_as_text(client, region, builder):
    mallory = builder.user("mallory", (region.dig, "reader"))
    mallory.first_name = '<img src=x onerror="alert(1)">'
    mallory.save()
    client.force_login(region.carl)
    html = client.get(USERS).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
