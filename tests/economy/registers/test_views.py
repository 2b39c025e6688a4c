import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from styra.access.models import Role, UnitRole
from styra.economy.registers import services
from styra.economy.registers.models import (
    Forecast,
    Investment,
    InvestmentCategory,
    InvestmentOutcome,
    SavingsMeasure,
)
from styra.followup.models import ReportState, RoundState, UnitReport

MKR = Decimal(1_000_000)


def login(client, region, code="kalle", role=Role.REPORTER, unit=None):
    user = get_user_model().objects.create_user(code, password="x")
    UnitRole.objects.create(user=user, unit=unit or region.rs, role=role)
    client.force_login(user)
    return user


def url(round_, unit):
    return f"/ekonomi/register/prognos/{round_.code}/{unit.code}/"


def test_forecast_page_shows_the_children_with_total(client, region):
    login(client, region, role=Role.READER)
    services.forecast_set(
        round=region.feb, unit=region.hr, amount=Decimal("-60.1") * MKR, user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.hr, amount=Decimal("-59.0") * MKR, user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=Decimal("-55.5") * MKR, user=region.controller
    )

    page = client.get(url(region.t1, region.stab)).content.decode()

    assert "<h1>Helårsprognos – Regionstaben</h1>" in page
    assert "<caption>Regionstaben (mkr)</caption>" in page
    assert '<td class="num">\u2212114,5</td>' in page  # Totalt
    assert '<td class="num">1,1</td>' in page  # HR: better than the February forecast
    assert "Spara prognos" not in page  # a reader cannot edit


def test_forecast_post_in_tkr_with_decimal_comma_and_redirect(client, region):
    user = login(client, region)
    response = client.post(
        url(region.t1, region.hr), {"amount": "-59 012,5", "scale": "tkr", "comment": "Vakans"}
    )
    assert response.status_code == 302
    forecast = Forecast.objects.get(round=region.t1, unit=region.hr)
    assert (forecast.amount, forecast.comment, forecast.updated_by) == (
        Decimal("-59012500"),
        "Vakans",
        user,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Prognosen är sparad." in page
    assert 'value="\u221259,0125"' in page  # the form shows the exact value in mkr


def test_forecast_htmx_post_returns_the_panel(client, region):
    login(client, region)
    response = client.post(
        url(region.t1, region.hr), {"amount": "-59,0", "scale": "mkr"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="prognos"')
    assert "<html" not in html
    assert "Prognosen är sparad." in html and "\u221259,0 mkr" in html


def test_forecast_form_errors_are_shown_and_nothing_saved(client, region):
    login(client, region)
    response = client.post(url(region.t1, region.hr), {"amount": "mycket", "scale": "mkr"})
    assert response.status_code == 200
    assert "”mycket” är inget tal" in response.content.decode()
    assert not Forecast.objects.exists()


def test_reporter_of_another_unit_may_not_save(client, region):
    login(client, region, unit=region.eko)
    response = client.post(url(region.t1, region.hr), {"amount": "-1", "scale": "mkr"})
    assert response.status_code == 403
    assert not Forecast.objects.exists()


def test_locked_round_refuses_forecast_changes_on_the_web(client, region):
    login(client, region, role=Role.ADMIN)
    region.t1.state = RoundState.LOCKED
    region.t1.save()
    page = client.get(url(region.t1, region.hr)).content.decode()
    assert "Spara prognos" not in page and "fastställt" in page
    response = client.post(url(region.t1, region.hr), {"amount": "-1", "scale": "mkr"})
    assert "är fastställt och kan inte ändras" in response.content.decode()
    assert not Forecast.objects.exists()


def test_anonymous_is_sent_to_login(client, region):
    response = client.get(url(region.t1, region.hr))
    assert response.status_code == 302 and "logga-in" in response["Location"]


@pytest.fixture
def measure(region):
    scale = services.savings_scale_ensure()
    return services.savings_measure_save(
        round=region.t1,
        code="flex",
        unit=region.stab,
        name="Flexibel arbetsplats",
        planned_effect=Decimal("3.3") * MKR,
        outcome=Decimal("-1.0") * MKR,
        outcome_previous=Decimal("-2.0") * MKR,
        status=scale.levels.get(code="gron"),
        user=region.controller,
    )


def test_savings_list_and_edit(client, region, measure):
    login(client, region)
    page = client.get("/ekonomi/register/atgarder/2026-T1/").content.decode()
    assert "Flexibel arbetsplats" in page and "Grön" in page
    assert "Målet kommer att nås under året." in page

    form = client.get("/ekonomi/register/atgarder/2026-T1/flex/").content.decode()
    assert 'value="3,3"' in form
    gul = measure.status.scale.levels.get(code="gul")
    response = client.post(
        "/ekonomi/register/atgarder/2026-T1/flex/",
        {
            "unit": region.stab.pk,
            "name": "Flexibel arbetsplats",
            "kind": "measure",
            "planned_effect": "3,3",
            "outcome": "-1,4",
            "outcome_previous": "-2,0",
            "status": gul.pk,
            "comment": "Hyresavtal sägs upp",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.outcome, measure.status.code, measure.code) == (
        Decimal("-1400000"),
        "gul",
        "flex",
    )


def test_new_savings_measure_with_an_existing_code_is_refused(client, region, measure):
    login(client, region)
    response = client.post(
        "/ekonomi/register/atgarder/2026-T1/ny/",
        {
            "code": "flex",
            "unit": region.hr.pk,
            "name": "Annan",
            "kind": "measure",
        },
    )
    assert "finns redan en åtgärd" in response.content.decode()
    assert SavingsMeasure.objects.get().name == "Flexibel arbetsplats"


def test_investment_create_list_and_edit(client, region):
    login(client, region)
    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/ny/",
        {
            "code": "hc",
            "unit": region.dig.pk,
            "name": "Hälsocentral",
            "kind": "new",
            "category": "granted_ongoing",
            "status": "ongoing",
            "budget_year": "98 870",
            "outcome_year": "7 908",
            "procurement_contacted": "true",
            "procurement_contacted_on": "2026-02-03",
        },
    )
    assert response.status_code == 302
    investment = Investment.objects.get(code="hc")
    assert investment.budget_year == Decimal(98_870_000)
    assert investment.procurement_contacted is True
    assert InvestmentOutcome.objects.get().outcome_year == Decimal(7_908_000)

    page = client.get("/ekonomi/register/investeringar/2026-T1/").content.decode()
    assert "Hälsocentral" in page
    assert '<td class="num">7\u00a0908</td>' in page
    assert page.count("<caption>") == 7  # six categories and the grand total


def test_admin_lists_the_registers(admin_client, region, measure):
    page = admin_client.get("/admin/economy/savingsmeasure/").content.decode()
    assert "Flexibel arbetsplats" in page
    assert (
        admin_client.get(f"/admin/economy/savingsmeasure/{measure.pk}/history/").status_code == 200
    )


def test_a_reporter_sees_edit_links_for_their_units_rows_only(client, region, measure):
    services.savings_measure_save(
        round=region.t1, code="dig", unit=region.dig, name="Digital post", user=region.controller
    )
    user = login(client, region, unit=region.dig)
    UnitRole.objects.create(user=user, unit=region.rs, role=Role.READER)
    page = client.get("/ekonomi/register/atgarder/2026-T1/").content.decode()
    assert 'href="/ekonomi/register/atgarder/2026-T1/dig/"' in page
    assert 'href="/ekonomi/register/atgarder/2026-T1/flex/"' not in page
    assert "Ny åtgärd" not in page  # new rows are the plan unit's


# --- Attacks through HTTP with a logged-in session and CSRF (issue 9, items 1 and 2) -----

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def session(builder, username, unit, role=Role.REPORTER, superuser=False):
    """A browser-like client of a logged-in user, with CSRF checks on, and its token."""
    user = builder.user(username, (unit, role), superuser=superuser)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(f"/ekonomi/register/prognos/2026-T1/{unit.code}/").content.decode()
    return client, FORM_TOKEN.search(page).group(1)


def measure_post(token, unit, **changes):
    data = {
        "csrfmiddlewaretoken": token,
        "code": "board",
        "unit": unit.pk,
        "name": "Styrelsens åtgärd",
        "kind": "measure",
        "planned_effect": "999",
    }
    data.update(changes)
    return data


def investment_post(token, unit, **changes):
    data = {
        "csrfmiddlewaretoken": token,
        "code": "board-inv",
        "unit": unit.pk,
        "name": "Styrelsens investering",
        "kind": "new",
        "category": "granted_ongoing",
        "status": "ongoing",
        "budget_year": "999 000",
    }
    data.update(changes)
    return data


@pytest.fixture
def board_rows(region):
    """The board's own measure and investment (created directly: the fixture is the same
    on the code before the fix, where the attacks succeeded)."""
    SavingsMeasure.objects.create(
        round=region.t1,
        code="board",
        unit=region.rs,
        name="Styrelsens åtgärd",
        planned_effect=Decimal("4.0") * MKR,
    )
    return Investment.objects.create(
        year=2026,
        code="board-inv",
        unit=region.rs,
        name="Styrelsens investering",
        category=InvestmentCategory.objects.get(code="granted_ongoing"),
        budget_year=Decimal(1000),
    )


def test_attack_a_reporter_moves_the_boards_measure_to_their_unit(builder, region, board_rows):
    client, token = session(builder, "rasmus", region.dig)
    response = client.post(
        "/ekonomi/register/atgarder/2026-T1/board/", measure_post(token, region.dig)
    )
    assert response.status_code == 403
    measure = SavingsMeasure.objects.get(code="board")
    assert (measure.unit, measure.planned_effect) == (region.rs, Decimal("4.0") * MKR)


def test_attack_a_reporter_moves_the_boards_investment_to_their_unit(builder, region, board_rows):
    client, token = session(builder, "rasmus", region.dig)
    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/board-inv/", investment_post(token, region.dig)
    )
    assert response.status_code == 403
    investment = Investment.objects.get(code="board-inv")
    assert (investment.unit, investment.budget_year) == (region.rs, Decimal(1000))


def test_attack_a_post_to_new_is_refused_as_the_get_is(builder, region):
    client, token = session(builder, "rasmus", region.dig)
    assert client.get("/ekonomi/register/atgarder/2026-T1/ny/").status_code == 403
    response = client.post(
        "/ekonomi/register/atgarder/2026-T1/ny/", measure_post(token, region.dig, code="mine")
    )
    assert response.status_code == 403
    assert client.get("/ekonomi/register/investeringar/2026-T1/ny/").status_code == 403
    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/ny/",
        investment_post(token, region.dig, code="mine"),
    )
    assert response.status_code == 403
    assert not SavingsMeasure.objects.exists() and not Investment.objects.exists()


def test_attack_an_investment_saved_in_a_locked_round_is_not_committed(builder, region):
    client, token = session(builder, "root", region.rs, role=Role.ADMIN, superuser=True)
    region.t1.state = RoundState.LOCKED
    region.t1.save()
    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/ny/",
        investment_post(token, region.dig, outcome_year="5"),
    )
    assert response.status_code == 200
    assert "är fastställt och kan inte ändras" in response.content.decode()
    assert not Investment.objects.exists() and not InvestmentOutcome.objects.exists()


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.APPROVED])
def test_attack_rows_of_a_submitted_or_approved_report_do_not_change(
    builder, region, board_rows, state
):
    client, token = session(builder, "root", region.rs, role=Role.ADMIN, superuser=True)
    services.forecast_set(round=region.t1, unit=region.rs, amount=-MKR, user=region.controller)
    UnitReport.objects.filter(round=region.t1, unit=region.rs).update(state=state)

    forecast = client.post(
        "/ekonomi/register/prognos/2026-T1/RS/",
        {"csrfmiddlewaretoken": token, "amount": "-2", "scale": "mkr"},
        HTTP_HX_REQUEST="true",
    )
    measure = client.post(
        "/ekonomi/register/atgarder/2026-T1/board/", measure_post(token, region.rs)
    )
    investment = client.post(
        "/ekonomi/register/investeringar/2026-T1/board-inv/", investment_post(token, region.rs)
    )
    for response in (forecast, measure, investment):
        assert response.status_code == 200
        assert "Rapporten för RS i 2026-T1 har status" in response.content.decode()
    assert Forecast.objects.get().amount == -MKR
    assert SavingsMeasure.objects.get().planned_effect == Decimal("4.0") * MKR
    assert Investment.objects.get().budget_year == Decimal(1000)
    assert not InvestmentOutcome.objects.exists()


# --- The organisation's investment categories through the form (issue 12, item 5) --------

KOMMUN = (
    "categories:\n"
    "  - {code: skatt, name: Skattefinansierat, subtotal: Summa skatt}\n"
    "  - {code: va-klar, name: VA avslutat, subtotal: Summa VA}\n"
    "  - {code: va-pag, name: VA pågående, subtotal: Summa VA}\n"
)


@pytest.fixture
def kommun_categories(region, tmp_path):
    path = tmp_path / "kategorier.yaml"
    path.write_text(KOMMUN, encoding="utf-8")
    services.investment_categories_load(path=path, user=region.controller)


def test_the_form_offers_and_takes_the_organisations_categories(builder, region, kommun_categories):
    client, token = session(builder, "cecilia2", region.rs, role=Role.CONTROLLER)
    page = client.get("/ekonomi/register/investeringar/2026-T1/ny/").content.decode()
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', page)
    categories = [(v, t) for v, t in options if v in ("skatt", "va-klar", "va-pag")]
    assert categories == [
        ("skatt", "Skattefinansierat"),
        ("va-klar", "VA avslutat"),
        ("va-pag", "VA pågående"),
    ]
    assert 'value="granted_ongoing"' not in page

    refused = client.post(
        "/ekonomi/register/investeringar/2026-T1/ny/",
        investment_post(token, region.dig, category="granted_ongoing"),
    )
    assert refused.status_code == 200
    assert "Välj ett giltigt alternativ" in refused.content.decode()
    assert not Investment.objects.exists()

    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/ny/",
        investment_post(token, region.dig, category="va-pag", name="Ny " + "lång " * 60),
    )
    assert response.status_code == 302
    investment = Investment.objects.get(code="board-inv")
    assert investment.category.code == "va-pag"
    assert len(investment.name) > 200  # names are not cut at the old 200 characters

    listing = client.get("/ekonomi/register/investeringar/2026-T1/").content.decode()
    assert listing.count("<caption>") == 4  # three categories and the totals
    assert '<th scope="row">Summa VA</th>' in listing
    assert '<th scope="row">Summa skatt</th>' in listing


def test_attack_a_reporter_of_another_unit_changes_the_category(builder, region, kommun_categories):
    """A reporter of RS-DIG may not move an object of RS-HR to another category."""
    hr_row = services.investment_save(
        round=region.t1,
        code="hr-inv",
        unit=region.hr,
        name="HR-system",
        category="skatt",
        user=region.controller,
    )
    client, token = session(builder, "rasmus", region.dig)
    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/hr-inv/",
        investment_post(token, region.hr, code="hr-inv", name="HR-system", category="va-klar"),
    )
    assert response.status_code == 403
    hr_row.refresh_from_db()
    assert hr_row.category.code == "skatt"


def test_attack_a_locked_round_refuses_a_category_change(builder, region, kommun_categories):
    row = services.investment_save(
        round=region.t1,
        code="hc",
        unit=region.dig,
        name="HC",
        category="skatt",
        user=region.controller,
    )
    client, token = session(builder, "root", region.rs, role=Role.ADMIN, superuser=True)
    region.t1.state = RoundState.LOCKED
    region.t1.save()
    response = client.post(
        "/ekonomi/register/investeringar/2026-T1/hc/",
        investment_post(token, region.dig, code="hc", name="HC", category="va-pag"),
    )
    assert response.status_code == 200
    assert "är fastställt och kan inte ändras" in response.content.decode()
    row.refresh_from_db()
    assert row.category.code == "skatt"
