"""Reads remembered for one request: once inside a scope, every time outside, forgotten
when what they read from is written, never carried from one request to the next."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styra.access import selectors
from styra.access.models import Role, UnitRole
from styra.economy.ledger.models import ReportRowSet
from styra.economy.ledger.selectors import row_set_get
from styra.followup.models import Assessment
from styra.memo import forget, remembered, request_scope
from styra.org.models import Unit, UnitVersion
from styra.org.selectors import organisation_name, unit_name_on, unit_parents_on

DAY = date(2026, 4, 30)


def test_outside_a_scope_every_call_reads():
    reads = []
    assert remembered("k", lambda: reads.append(1) or len(reads)) == 1
    assert remembered("k", lambda: reads.append(1) or len(reads)) == 2


def test_inside_a_scope_a_key_is_read_once_and_the_scope_ends_with_its_block():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    with request_scope():
        assert [remembered("k", read), remembered("k", read), remembered("j", read)] == [1, 1, 2]
        forget()
        assert remembered("k", read) == 3
    with request_scope():  # a new request remembers nothing of the last
        assert remembered("k", read) == 4
    assert remembered("k", read) == 5


def _role_reads(queries) -> list[dict]:
    """The reads of a user's roles (access.selectors._role_rows) among `queries`."""
    return [
        q
        for q in queries
        if 'FROM "access_unitrole"' in q["sql"] and '"access_unitrole"."inherit"' in q["sql"]
    ]


def _tree_reads(queries) -> list[dict]:
    """The reads of the tree's units, parents and names (org.selectors.unit_parents_on)."""
    return [
        q
        for q in queries
        if q["sql"].startswith(
            'SELECT "org_unitversion"."unit_id" AS "unit_id", '
            '"org_unitversion"."parent_id" AS "parent_id", "org_unitversion"."name" AS "name" FROM'
        )
    ]


@pytest.mark.django_db
def test_roles_are_read_once_per_scope_and_a_new_role_is_seen_at_once(demo):
    user = get_user_model().objects.create(username="minnet")
    dig, hr = Unit.objects.get(code="RS-DIG"), Unit.objects.get(code="RS-HR")
    UnitRole.objects.create(user=user, unit=Unit.objects.get(code="RS"), role=Role.READER)
    with request_scope():
        with CaptureQueriesContext(connection) as first:
            assert selectors.roles_on_unit(user, dig, DAY) == {Role.READER}
        with CaptureQueriesContext(connection) as again:
            assert selectors.roles_on_unit(user, hr, DAY) == {Role.READER}
            assert selectors.roles_on_unit(user, dig, DAY) == {Role.READER}
        assert len(first) == 2 and len(again) == 0
        # Written during the request (a save sends a signal): the next read sees it.
        UnitRole.objects.create(user=user, unit=dig, role=Role.REPORTER)
        assert selectors.roles_on_unit(user, dig, DAY) == {Role.READER, Role.REPORTER}
        UnitRole.objects.filter(user=user, unit=dig).get().delete()
        assert selectors.roles_on_unit(user, dig, DAY) == {Role.READER}
    # Inherited roles stop where `inherit` is off; other users' roles never count.
    UnitRole.objects.filter(user=user).update(inherit=False)
    assert selectors.roles_on_unit(user, dig, DAY) == set()


@pytest.mark.django_db
def test_each_web_request_reads_roles_once_however_often_the_page_asks(client, demo):
    """The unit report page asks for the user's roles for the page, each text and each
    button; the roles and the tree are read once (before, twice per question)."""
    client.force_login(get_user_model().objects.get(username="rapportor"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/uppfoljning/2026-T1/enheter/RS-DIG/")
    assert response.status_code == 200
    assert len(_tree_reads(queries)) == 1
    assert len(_role_reads(queries)) == 1


@pytest.mark.django_db
def test_a_write_forgets_the_reads_of_its_model_and_the_reads_that_name_none(demo):
    rs = Unit.objects.get(code="RS")
    reads: list[str] = []

    def read(name):
        def go():
            reads.append(name)
            return len(reads)

        return go

    def ask():
        return [
            remembered("roles", read("roles"), depends_on=("access.UnitRole",)),
            remembered("tree", read("tree"), depends_on=("org.Unit", "org.UnitVersion")),
            remembered("anything", read("anything")),
        ]

    with request_scope():
        ask()
        user = get_user_model().objects.create(username="minne2")  # neither roles nor tree
        ask()
        assert reads == ["roles", "tree", "anything", "anything"]
        UnitRole.objects.create(user=user, unit=rs, role=Role.READER)
        ask()
        assert reads[4:] == ["roles", "anything"]
        rs.save()
        ask()
        assert reads[6:] == ["tree", "anything"]
        forget()  # no model named: everything
        ask()
        assert reads[8:] == ["roles", "tree", "anything"]
        group = Group.objects.create(name="minnesgrupp")
        reads.clear()
        ask()  # the group is neither roles nor tree
        user.groups.add(group)  # a many-to-many change: everything
        ask()
        assert reads == ["anything", "roles", "tree", "anything"]


@pytest.mark.django_db
def test_a_save_reads_roles_and_the_tree_once_though_it_writes(client, demo):
    """Saving an assessment writes the assessment, its values, their history and the
    unit's report; none of them is a role or the tree, so the page after the save asks
    the roles and the tree it read before the save."""
    client.force_login(get_user_model().objects.get(username="rapportor"))
    url = "/uppfoljning/2026-T1/poster/N11/"
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    before = Assessment.objects.get(round__code="2026-T1", item__code="N11").comment
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url,
            {"version": version, "value": "47,5", "comment": before + " Ny mening."},
            HTTP_HX_REQUEST="true",
        )
    assert "Sparat." in response.content.decode()
    assert len(_role_reads(queries)) == 1 and len(_tree_reads(queries)) == 1


@pytest.mark.django_db
def test_a_units_name_in_a_request_comes_from_the_tree_read_once(demo):
    """A page names its unit (and reports name many): in a request the name comes from
    the tree read for the day, with no query of its own, and a rename is seen at once;
    outside a request it is read alone, the same name."""
    dig = Unit.objects.get(code="RS-DIG")
    outside = unit_name_on(dig, DAY)
    assert outside == UnitVersion.objects.get(unit=dig, valid_from__lte=DAY, valid_to=None).name
    with request_scope():
        unit_parents_on(DAY)
        with CaptureQueriesContext(connection) as queries:
            assert unit_name_on(dig, DAY) == outside
        assert len(queries) == 0
        version = UnitVersion.objects.get(unit=dig, valid_from__lte=DAY, valid_to=None)
        version.name = "Digitaliseringsenheten (ny)"
        version.save()
        assert unit_name_on(dig, DAY) == "Digitaliseringsenheten (ny)"
        # A unit with no version on the day is named by its code, as before.
        assert unit_name_on(dig, date(1990, 1, 1)) == "RS-DIG"
    assert unit_name_on(dig, DAY) == "Digitaliseringsenheten (ny)"


@pytest.mark.django_db
def test_the_default_row_set_and_the_organisations_name_are_read_once_per_request(demo):
    """A report asks for the default row set once per table, forecast and year budget,
    and names the organisation on its title page as the header does: in a request each
    is read once, and a new default set or a renamed top unit is seen at once."""
    day = date(2026, 12, 7)
    default = row_set_get()
    name = organisation_name(day)
    with request_scope():
        with CaptureQueriesContext(connection) as queries:
            assert [row_set_get(), row_set_get(), row_set_get()] == [default] * 3
            assert [organisation_name(day), organisation_name(day)] == [name] * 2
        assert len(queries) == 2
        # A bulk update sends no signal; the new set's save that follows it does.
        ReportRowSet.objects.update(is_default=False)
        other = ReportRowSet.objects.create(code="ANNAN", name="Annan", is_default=True)
        assert row_set_get() == other
        top = UnitVersion.objects.get(parent=None, valid_from__lte=day, valid_to=None)
        top.name = "Region Annat"
        top.save()
        assert organisation_name(day) == "Region Annat"
