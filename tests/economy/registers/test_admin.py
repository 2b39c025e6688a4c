"""The admin door: registers are read-only there, and deletes go through the services."""

from decimal import Decimal

import pytest
from django.urls import reverse

from styra.economy.registers import services
from styra.economy.registers.models import Forecast, Investment, SavingsMeasure
from styra.followup.models import ReportState, RoundState, UnitReport


@pytest.fixture
def admin(builder):
    return builder.user("root", superuser=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def rows(region, admin):
    forecast = services.forecast_set(
        round=region.t1, unit=region.hr, amount=Decimal(-1), user=admin
    )
    measure = services.savings_measure_save(
        round=region.t1, code="flex", unit=region.hr, name="Flex", user=admin
    )
    investment = services.investment_save(
        round=region.t1, code="i1", unit=region.hr, name="Larm", category="unforeseen", user=admin
    )
    return forecast, measure, investment


def change_url(obj):
    return reverse(f"admin:economy_{obj._meta.model_name}_change", args=[obj.pk])


def delete_url(obj):
    return reverse(f"admin:economy_{obj._meta.model_name}_delete", args=[obj.pk])


def lock(round_):
    round_.state = RoundState.LOCKED
    round_.save()


def test_registers_are_read_only_in_the_admin(admin_client, region, rows):
    forecast, measure, investment = rows
    lock(region.t1)
    for obj in rows:
        page = admin_client.get(change_url(obj))
        assert page.status_code == 200 and b'name="_save"' not in page.content
    response = admin_client.post(
        change_url(forecast),
        {"round": region.t1.pk, "unit": region.hr.pk, "amount": "-999", "comment": ""},
    )
    assert response.status_code == 403
    response = admin_client.post(
        change_url(measure),
        {
            "round": region.t1.pk,
            "unit": region.rs.pk,
            "code": "flex",
            "name": "Flex",
            "kind": "measure",
            "planned_effect": "999000000",
            "order": 0,
        },
    )
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:economy_forecast_add")).status_code == 403
    assert Forecast.objects.get().amount == Decimal(-1)
    assert SavingsMeasure.objects.get().unit == region.hr
    assert Investment.objects.get().budget_year == 0


def test_a_locked_rounds_rows_cannot_be_deleted_in_the_admin(admin_client, region, rows):
    forecast, measure, investment = rows
    lock(region.t1)
    for obj in rows:
        assert admin_client.post(delete_url(obj), {"post": "yes"}).status_code == 403
    assert Forecast.objects.count() == SavingsMeasure.objects.count() == 1
    assert Investment.objects.count() == 1


def test_a_submitted_reports_rows_cannot_be_deleted_in_the_admin(admin_client, region, rows):
    forecast, measure, _investment = rows
    UnitReport.objects.filter(round=region.t1, unit=region.hr).update(state=ReportState.SUBMITTED)
    assert admin_client.post(delete_url(forecast), {"post": "yes"}).status_code == 403
    changelist = reverse("admin:economy_savingsmeasure_changelist")
    response = admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [measure.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Forecast.objects.count() == SavingsMeasure.objects.count() == 1


def test_delete_in_an_open_round_goes_through_the_service(admin_client, admin, region, rows):
    forecast, measure, _investment = rows
    assert admin_client.post(delete_url(forecast), {"post": "yes"}).status_code == 302
    assert admin_client.post(delete_url(measure), {"post": "yes"}).status_code == 302
    assert not Forecast.objects.exists() and not SavingsMeasure.objects.exists()
    deleted = Forecast.history.filter(history_type="-").get()
    assert deleted.history_user == admin


def test_reverting_from_history_is_refused(admin_client, region, rows):
    forecast = rows[0]
    version = forecast.history.first()
    url = reverse("admin:economy_forecast_simple_history", args=[forecast.pk, version.pk])
    assert admin_client.post(url, {}).status_code == 403


def test_categories_are_read_only_and_one_in_use_is_not_deleted(admin_client, region, rows):
    from styra.economy.registers.models import InvestmentCategory

    unforeseen = InvestmentCategory.objects.get(code="unforeseen")
    page = admin_client.get(change_url(unforeseen))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    listing = admin_client.get(reverse("admin:economy_investmentcategory_changelist"))
    assert "Beviljat ur potten för oförutsedda investeringar" in listing.content.decode()

    # A category in use is protected: the admin refuses (in Swedish) and keeps every
    # selected row.
    unused = InvestmentCategory.objects.get(code="outside_frame")
    response = admin_client.post(
        reverse("admin:economy_investmentcategory_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [unforeseen.pk, unused.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert "Kan inte ta bort investeringskategorier" in response.content.decode()
    assert InvestmentCategory.objects.filter(pk__in=[unforeseen.pk, unused.pk]).count() == 2

    admin_client.post(delete_url(unused), {"post": "yes"})
    assert not InvestmentCategory.objects.filter(pk=unused.pk).exists()
    assert InvestmentCategory.history.filter(code="outside_frame", history_type="-").exists()
