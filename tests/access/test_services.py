"""Giving and taking away roles through the one door every caller uses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.access.models import UnitRole
from styra.access.services import unit_role_grant, unit_role_revoke
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)


def test_a_controller_gives_a_role_on_a_unit_under_theirs_with_history(region):
    role = unit_role_grant(holder=region.lisa, unit=region.hr, role="reporter", user=region.carl)
    assert role.inherit
    assert role.history.get().history_user == region.carl


def test_a_controller_gives_no_administrator_role_not_even_to_themselves(region):
    with pytest.raises(PermissionDenied):
        unit_role_grant(holder=region.carl, unit=region.rs, role="admin", user=region.carl)
    assert not UnitRole.objects.filter(role="admin").exists()


def test_a_reviewer_gives_no_role_at_all(region):
    with pytest.raises(PermissionDenied):
        unit_role_grant(holder=region.lisa, unit=region.dig, role="reader", user=region.greta)


def test_an_inactive_account_gets_no_role(region):
    region.lisa.is_active = False
    region.lisa.save()
    with pytest.raises(ValidationError) as caught:
        unit_role_grant(holder=region.lisa, unit=region.hr, role="reader", user=region.carl)
    assert caught.value.message_dict == {"holder": ["Kontot lisa är inaktiverat."]}


def test_a_role_is_taken_away_only_by_whom_may_give_it(region):
    role = region.anna.unit_roles.get()
    with pytest.raises(PermissionDenied):
        unit_role_revoke(unit_role=role, user=region.bertil)
    unit_role_revoke(unit_role=role, user=region.carl)
    assert not UnitRole.objects.filter(pk=role.pk).exists()
    assert UnitRole.history.filter(id=role.pk).latest().history_user == region.carl


# --- accounts ----------------------------------------------------------------------------

from django.contrib.auth import get_user_model  # noqa: E402

from styra.access.services import (  # noqa: E402
    user_create,
    user_deactivate,
    user_password_link,
    user_reactivate,
    user_update,
)

HOSTILE = '<script>alert("x")</script> Ö\u202eö'


def _create(user, username="nora", **extra):
    names = {"first_name": "Nora", "last_name": "Nyberg", "email": "nora@example.se"}
    return user_create(username=username, user=user, **{**names, **extra})


def test_a_controller_adds_an_account_without_a_password_with_history(region):
    account = _create(region.carl)
    assert account.is_active and not account.has_usable_password()
    assert (account.first_name, account.last_name, account.email) == (
        "Nora",
        "Nyberg",
        "nora@example.se",
    )
    created = account.history.get()
    assert created.history_type == "+" and created.history_user == region.carl
    assert not hasattr(created, "password")  # the hash is never copied


def test_a_reporter_or_reviewer_adds_no_account(region):
    for user in (region.anna, region.greta):
        with pytest.raises(PermissionDenied):
            _create(user)
    assert not get_user_model().objects.filter(username="nora").exists()


def test_a_username_is_unique_whatever_the_case_and_the_field_is_named(region):
    _create(region.carl)
    with pytest.raises(ValidationError) as caught:
        _create(region.admin, username="NORA")
    assert caught.value.message_dict == {
        "username": ["Användarnamnet NORA finns redan (stora och små bokstäver räknas som samma)."]
    }


def test_a_bad_username_and_missing_names_are_refused_together_by_field(region):
    before = get_user_model().objects.count()
    with pytest.raises(ValidationError) as caught:
        _create(region.carl, username="nora nyberg", first_name=" ", email="inte-en-adress")
    assert caught.value.message_dict == {
        "username": [
            "Användarnamnet får bara innehålla bokstäver, siffror och tecknen @ . + - _ "
            "(inga mellanslag)."
        ],
        "first_name": ["Ange förnamnet."],
        "email": ["E-postadressen inte-en-adress är inte en giltig adress."],
    }
    assert get_user_model().objects.count() == before


def test_hostile_text_in_a_name_is_stored_as_text(region):
    account = _create(region.carl, first_name=HOSTILE)
    account.refresh_from_db()
    # Kept as written, except the right-to-left override that would print it backwards.
    assert account.first_name == '<script>alert("x")</script> Öö'


def test_an_account_is_changed_by_whom_may_give_its_roles(region):
    # Anna reports for RS-DIG, under the controller Carl's RS: he may change her account.
    user_update(target=region.anna, first_name="Anna", last_name="Ek", email="", user=region.carl)
    region.anna.refresh_from_db()
    assert region.anna.last_name == "Ek"
    assert region.anna.history.latest().history_user == region.carl
    # A reviewer may not; nor may anyone change their own account or a superuser's.
    with pytest.raises(PermissionDenied):
        user_update(target=region.anna, first_name="A", last_name="B", email="", user=region.greta)
    with pytest.raises(PermissionDenied):
        user_update(target=region.carl, first_name="C", last_name="D", email="", user=region.carl)
    with pytest.raises(PermissionDenied):
        user_deactivate(target=region.admin, user=region.carl)


def test_a_controller_changes_no_account_with_a_role_above_their_reach(region, builder):
    # The region's administrator role is given only by an administrator: nor is its
    # holder's account changed by a controller.
    boss = builder.user("boss", (region.rs, "admin"))
    with pytest.raises(PermissionDenied):
        user_deactivate(target=boss, user=region.carl)
    assert get_user_model().objects.get(pk=boss.pk).is_active


def test_deactivating_keeps_roles_and_history_and_can_be_undone(region):
    roles = list(region.anna.unit_roles.values_list("unit__code", "role"))
    user_deactivate(target=region.anna, user=region.carl)
    region.anna.refresh_from_db()
    assert not region.anna.is_active
    assert list(region.anna.unit_roles.values_list("unit__code", "role")) == roles
    with pytest.raises(ValidationError) as caught:
        user_deactivate(target=region.anna, user=region.carl)
    assert caught.value.messages == ["Kontot anna är redan inaktiverat."]
    user_reactivate(target=region.anna, user=region.admin)
    region.anna.refresh_from_db()
    assert region.anna.is_active
    assert [h.is_active for h in region.anna.history.order_by("history_date")][-2:] == [
        False,
        True,
    ]


def test_the_one_time_link_works_once(region, client):
    account = _create(region.carl)
    link = user_password_link(target=account, user=region.carl)
    assert link.startswith("/konto/valj-losenord/")
    page = client.get(link, follow=True)
    assert "Välj lösenordet till ditt konto" in page.content.decode()
    mismatch = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Ett-Långt-Lösen-2026", "new_password2": "Ett-Annat-Lösen-2026"},
    )
    assert mismatch.status_code == 200
    assert "Lösenordet sparades inte." in mismatch.content.decode()
    chosen = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Ett-Långt-Lösen-2026", "new_password2": "Ett-Långt-Lösen-2026"},
    )
    assert chosen.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Ett-Långt-Lösen-2026")
    again = client.get(link, follow=True)
    assert "Länken fungerar inte längre" in again.content.decode()
