"""Plausibility warnings on a forecast: the wrong sign, tkr typed into mkr (issue 13)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from styra.access.models import Role, UnitRole
from styra.economy.registers import services
from styra.economy.registers.models import Forecast
from styra.economy.registers.plausibility import MAGNITUDE, SIGN, warnings_for
from styra.followup.models import ReportState, UnitReport

MKR = Decimal(1_000_000)
BUDGET = Decimal("-655.3") * MKR


def test_a_forecast_close_to_its_references_is_plausible():
    assert warnings_for(Decimal("-650.0") * MKR, {"budget": BUDGET, "last_year": None}) == []


def test_tkr_typed_into_mkr_is_flagged_with_the_factor():
    (warning,) = warnings_for(Decimal("-655300") * MKR, {"budget": BUDGET})
    assert warning.kind == MAGNITUDE
    assert warning.message == (
        "Prognosen \u2212655\xa0300,0 mkr är 1\xa0000 gånger så stor som budgeten "
        "(\u2212655,3 mkr). Är den angiven i tkr i stället för mkr?"
    )


def test_a_forecast_far_too_small_is_flagged():
    (warning,) = warnings_for(Decimal("-0.6553") * MKR, {"budget": BUDGET})
    assert warning.kind == MAGNITUDE and "1\xa0000-del av budgeten" in warning.message


def test_last_years_outcome_of_the_other_sign_is_no_sign_warning():
    assert warnings_for(Decimal("-39.2") * MKR, {"last_year": Decimal("13.1") * MKR}) == []


def test_the_wrong_sign_is_flagged_once():
    found = warnings_for(Decimal("655.3") * MKR, {"budget": BUDGET, "previous": BUDGET})
    assert [w.kind for w in found] == [SIGN]
    assert "motsatt tecken mot budgeten" in found[0].message


@pytest.fixture
def writer(client, region):
    user = get_user_model().objects.create_user("kalle", password="x")
    UnitRole.objects.create(user=user, unit=region.rs, role=Role.REPORTER)
    client.force_login(user)
    services.forecast_set(
        round=region.feb, unit=region.hr, amount=Decimal("-60.1") * MKR, user=region.controller
    )
    return user


def url(region):
    return f"/ekonomi/register/prognos/{region.t1.code}/{region.hr.code}/"


def test_an_implausible_forecast_waits_for_confirmation(client, region, writer):
    post = {"amount": "-59 012,5", "scale": "mkr", "comment": "Vakans"}

    held = client.post(url(region), post)

    html = held.content.decode()
    assert held.status_code == 200
    assert "Kontrollera prognosen innan den sparas" in html
    assert "gånger så stor som föregående prognos" in html
    assert "Prognosen är sparad." not in html
    assert not Forecast.objects.filter(round=region.t1).exists()

    # Confirming another amount than the one warned about does not save it either.
    other = client.post(url(region), {**post, "amount": "-99 999", "confirmed": "-59012500000"})
    assert "Kontrollera prognosen" in other.content.decode()
    assert not Forecast.objects.filter(round=region.t1).exists()

    saved = client.post(url(region), {**post, "confirmed": "-59012500000.00"})
    assert saved.status_code == 302
    assert Forecast.objects.get(round=region.t1, unit=region.hr).amount == Decimal("-59012500000")


def test_the_wrong_sign_is_held_over_htmx_too(client, region, writer):
    response = client.post(url(region), {"amount": "59,0", "scale": "mkr"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="prognos"')
    assert "motsatt tecken mot föregående prognos" in html and "Spara ändå" in html
    assert not Forecast.objects.filter(round=region.t1).exists()


def test_a_plausible_forecast_saves_at_once(client, region, writer):
    response = client.post(url(region), {"amount": "-59,0", "scale": "mkr"})
    assert response.status_code == 302
    assert Forecast.objects.get(round=region.t1, unit=region.hr).amount == Decimal("-59") * MKR


def test_a_submitted_report_refuses_even_a_confirmed_forecast(client, region, writer):
    UnitReport.objects.create(round=region.t1, unit=region.hr, state=ReportState.SUBMITTED)
    response = client.post(
        url(region), {"amount": "59,0", "scale": "mkr", "confirmed": "59000000.00"}
    )
    assert not Forecast.objects.filter(round=region.t1).exists()
    assert response.status_code in (200, 400, 403)


def test_the_report_check_flags_an_implausible_forecast(region):
    from styra.reports.check import check_forecasts

    services.forecast_set(
        round=region.feb, unit=region.hr, amount=Decimal("-60.1") * MKR, user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.hr, amount=Decimal("60.1") * MKR, user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=Decimal("-55.5") * MKR, user=region.controller
    )

    findings = check_forecasts(region.t1, region.stab)

    assert [(f.severity, f.place) for f in findings] == [("warning", "Helårsprognos RS-HR")]
    assert "motsatt tecken" in findings[0].message
