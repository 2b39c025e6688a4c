"""The Django admin gives and takes away roles through the services, as every door does."""

import pytest
from django.urls import reverse

from styra.access.models import UnitRole
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)


def test_the_admin_gives_and_takes_away_a_role_through_the_services(client, region):
    client.force_login(region.admin)
    added = client.post(
        reverse("admin:access_unitrole_add"),
        {"user": region.lisa.pk, "unit": region.hr.pk, "role": "reporter", "inherit": "on"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    role = UnitRole.objects.get(user=region.lisa, unit=region.hr, role="reporter")
    assert role.history.get().history_user == region.admin

    # A role is not edited in place (take it away, give the new one): the page is read-only.
    change = reverse("admin:access_unitrole_change", args=[role.pk])
    refused = client.post(change, {"user": region.lisa.pk, "unit": region.hr.pk, "role": "admin"})
    assert refused.status_code == 403
    assert UnitRole.objects.get(pk=role.pk).role == "reporter"

    deleted = client.post(reverse("admin:access_unitrole_delete", args=[role.pk]), {"post": "yes"})
    assert deleted.status_code == 302
    assert not UnitRole.objects.filter(pk=role.pk).exists()
    gone = UnitRole.history.filter(id=role.pk).latest("history_date")
    assert gone.history_type == "-" and gone.history_user == region.admin


def test_a_duplicate_role_in_the_admin_is_a_form_error_and_changes_nothing(client, region):
    client.force_login(region.admin)
    existing = UnitRole.objects.filter(user=region.carl).first()
    before = UnitRole.objects.count()
    response = client.post(
        reverse("admin:access_unitrole_add"),
        {"user": existing.user_id, "unit": existing.unit_id, "role": existing.role},
    )
    assert response.status_code == 200  # the form again, with its error
    assert UnitRole.objects.count() == before
