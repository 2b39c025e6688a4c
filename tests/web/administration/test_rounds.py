"""A plan's rounds in the browser's administration: create one with its deadlines, change
the deadlines, never in a locked round, and only as the plan unit's controller (issue 13)."""

from datetime import date

from django.urls import reverse

from styra.followup.models import Round, RoundState

HOSTILE = '<script>alert("x")</script>\u202eT2'


def rounds_url(region):
    return reverse("administration:rounds", args=[region.plan.code])


def new_round(**changes):
    data = {
        "ny-code": "2026-T2",
        "ny-name": "Tertial 2 2026",
        "ny-kind": "tertial",
        "ny-period_start": "2026-05-01",
        "ny-period_end": "2026-08-31",
        "ny-reporting_deadline": "2026-09-10",
        "ny-review_deadline": "2026-09-20",
        "ny-publication_date": "",
    }
    data.update({f"ny-{k}": v for k, v in changes.items()})
    return data


def test_the_controller_sees_the_rounds_with_links_to_the_round_and_its_lock(client, region):
    client.force_login(region.carl)
    page = client.get(rounds_url(region))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("followup:round", args=[region.round.code]) in html
    assert reverse("season:round_lock", args=[region.round.code]) in html
    assert reverse("administration:round_edit", args=[region.round.code]) in html
    assert 'name="ny-code"' in html
    # The tertial round asks for the three tertial items, not the yearly one.
    assert '<td data-label="Poster att rapportera">3</td>' in html


def test_the_controller_creates_a_round_with_deadlines(client, region):
    client.force_login(region.carl)
    response = client.post(rounds_url(region), new_round())
    assert response.status_code == 302
    created = Round.objects.get(code="2026-T2")
    assert created.plan == region.plan and created.state == RoundState.PLANNED
    assert created.reporting_deadline == date(2026, 9, 10)
    assert created.review_deadline == date(2026, 9, 20)
    assert created.history.latest().history_user == region.carl
    page = client.get(response["Location"]).content.decode()
    assert "Uppföljningstillfället Tertial 2 2026 är skapat." in page


def test_a_duplicate_code_is_a_swedish_error_on_the_field_and_nothing_changes(client, region):
    client.force_login(region.carl)
    before = list(Round.objects.values_list("code", "name"))
    response = client.post(rounds_url(region), new_round(code=region.round.code, name="Ny"))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Koden {region.round.code} används redan." in html
    # tied to the field for a screen reader
    assert 'id="id_ny-code_fel"' in html
    assert 'aria-describedby="id_ny-code_fel id_ny-code_helptext"' in html
    assert 'aria-invalid="true"' in html
    assert list(Round.objects.values_list("code", "name")) == before


def test_a_period_that_ends_before_it_starts_is_refused_on_its_field(client, region):
    client.force_login(region.carl)
    response = client.post(rounds_url(region), new_round(period_end="2026-04-01"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Perioden slutar innan den börjar." in html
    assert 'id="id_ny-period_end_fel"' in html
    assert not Round.objects.filter(code="2026-T2").exists()


def test_malformed_dates_and_codes_are_named_in_swedish(client, region):
    client.force_login(region.carl)
    response = client.post(
        rounds_url(region), new_round(code="T2 med mellanslag", period_start="31/13/2026")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Koden får bara innehålla bokstäver a–z, siffror, - och _." in html
    assert "Fyll i ett giltigt datum." in html
    assert Round.objects.count() == 1


def test_hostile_text_in_the_name_is_cleaned_and_escaped(client, region):
    client.force_login(region.carl)
    response = client.post(rounds_url(region), new_round(name=HOSTILE))
    assert response.status_code == 302
    created = Round.objects.get(code="2026-T2")
    assert "\u202e" not in created.name
    html = client.get(rounds_url(region)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_reporter_may_neither_see_nor_post(client, region):
    client.force_login(region.anna)
    assert client.get(rounds_url(region)).status_code == 403
    assert client.post(rounds_url(region), new_round()).status_code == 403
    url = reverse("administration:round_edit", args=[region.round.code])
    assert client.post(url, {"tid-name": "x"}).status_code == 403
    assert not Round.objects.filter(code="2026-T2").exists()
    assert client.get(reverse("administration:index")).status_code == 403


def test_a_controller_of_another_unit_may_not_create_rounds_in_this_plan(client, region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    client.force_login(outsider)
    assert client.get(reverse("administration:index")).status_code == 200
    assert client.post(rounds_url(region), new_round()).status_code == 403
    assert not Round.objects.filter(code="2026-T2").exists()
    index = client.get(reverse("administration:index")).content.decode()
    assert rounds_url(region) not in index


def test_the_controller_changes_the_deadlines(client, region):
    client.force_login(region.carl)
    url = reverse("administration:round_edit", args=[region.round.code])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "tid-name": "Tertial 1 2026",
            "tid-reporting_deadline": "2026-05-15",
            "tid-review_deadline": "2026-05-25",
        },
    )
    assert response.status_code == 302
    region.round.refresh_from_db()
    assert region.round.reporting_deadline == date(2026, 5, 15)
    assert region.round.name == "Tertial 1 2026"
    assert region.round.history.latest().history_user == region.carl


def test_a_review_deadline_before_the_reporting_deadline_is_refused(client, region):
    client.force_login(region.carl)
    url = reverse("administration:round_edit", args=[region.round.code])
    response = client.post(
        url,
        {
            "tid-name": "T1",
            "tid-reporting_deadline": "2026-05-15",
            "tid-review_deadline": "2026-05-01",
        },
    )
    assert response.status_code == 400
    assert (
        "Granskningen kan inte sluta före sista dag för rapportering." in response.content.decode()
    )
    region.round.refresh_from_db()
    assert region.round.reporting_deadline is None


def test_a_locked_rounds_deadline_cannot_change(client, region, builder):
    locked = builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    client.force_login(region.carl)
    url = reverse("administration:round_edit", args=[locked.code])
    page = client.get(url).content.decode()
    assert "Uppföljningstillfället är fastställt." in page
    response = client.post(url, {"tid-name": "Ändrat", "tid-reporting_deadline": "2026-05-15"})
    assert response.status_code == 409
    assert "är fastställt och kan inte ändras" in response.content.decode()
    locked.refresh_from_db()
    assert locked.reporting_deadline is None and locked.name != "Ändrat"


def test_the_menu_shows_administration_to_controllers_only(client, region):
    client.force_login(region.carl)
    nav = client.get("/").content.decode().split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert f'<a href="{reverse("administration:index")}">Administration</a>' in nav
    client.force_login(region.anna)
    nav = client.get("/").content.decode().split('aria-label="Huvudmeny"')[1].split("</nav>")[0]
    assert "Administration" not in nav
