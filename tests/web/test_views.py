"""The read-only pages through Django's test client."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/", "/planer/", "/planer/rs-2026/", "/planer/rs-2026/poster/N01/"],
)
def test_every_page_requires_login(client, small_plan, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_login_page_is_swedish_and_labelled(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert '<label for="id_username">Användarnamn</label>' in html
    assert '<label for="id_password">Lösenord</label>' in html


def test_wrong_password_shows_a_swedish_error(client, reader):
    response = client.post(reverse("login"), {"username": "lasare", "password": "fel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "korrekt användarnamn och lösenord" in html
    assert 'aria-invalid="true"' in html


def test_login_then_start_page_lists_plans_and_rounds(client, reader, small_plan):
    response = client.post(
        reverse("login"), {"username": "lasare", "password": "hemligt-lösen-1"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "Välkommen, Lisa Läsare" in html
    assert "Plan rs-2026" in html
    assert "Regionstyrelsen" in html
    assert "/planer/rs-2026/?omgang=2026-T1" in html
    assert "Tertial 2 2026" in html


def test_base_layout_has_landmarks_nav_and_logout(reader_client, small_plan):
    html = reader_client.get("/").content.decode()
    assert 'class="skip-link" href="#innehall"' in html
    assert '<main id="innehall"' in html
    assert "Region Exempel" in html  # the organisation's name in the header
    assert f'action="{reverse("logout")}"' in html
    assert "htmx" in html and "X-CSRFToken" in html


def test_main_nav_marks_the_current_section(reader_client, small_plan):
    html = reader_client.get("/planer/rs-2026/").content.decode()
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    assert '<a href="/planer/" aria-current="page">Planer</a>' in nav
    assert '<a href="/uppfoljning/mina-uppgifter/">Mina uppgifter</a>' in nav


def test_logout_is_a_post(reader_client):
    response = reader_client.post(reverse("logout"))
    assert response.status_code == 302
    assert reader_client.get("/").status_code == 302


def test_plan_page_shows_tree_with_status_values_and_targets(reader_client, small_plan):
    response = reader_client.get("/planer/rs-2026/?omgang=2026-T1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2" in html and "Ledningsprocesser" in html and "Hälso- och sjukvård" in html
    assert "Ledning och uppföljning av beslut." in html
    assert "Andel närproducerade livsmedel" in html
    assert "/planer/rs-2026/poster/N01/" in html
    assert "Delvis uppfyllt" in html and "Ej uppfyllt" in html
    assert "Pågående enligt plan" in html
    assert "Minst 35 % / Minst 30 % (RS)" in html
    assert "31,4\u00a0%" in html
    assert '<option value="2026-T1" selected>' in html


def test_plan_page_summary_counts_per_status_and_area(reader_client, small_plan):
    response = reader_client.get("/planer/rs-2026/?omgang=2026-T1")
    tables = {t.level_code: t for t in response.context["summary_tables"]}
    indicators = tables["nyckeltal"]
    # The scale's levels, and "year end", which every summary shows even when the scale
    # has no level for it.
    assert [status.label for status in indicators.statuses] == [
        "Helt uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
        "Ej rapporterat",
        "Följs upp på helår",
    ]
    total = indicators.rows[-1]
    assert total.label == "Totalt"
    assert [c.count for c in total.counts] == [0, 1, 1, 0, 0]
    assert total.total == 2
    assert [row.label for row in indicators.rows[:-1]] == [
        "1 Ledningsprocesser",
        "2 Hälso- och sjukvård",
    ]
    assert [c.count for c in tables["uppdrag"].rows[-1].counts] == [1, 0, 0, 0]
    html = response.content.decode()
    assert "Nyckeltal: antal per status, Tertial 1 2026" in html
    assert 'data-label="Delvis uppfyllt">1 <span class="share">(50\u00a0%)</span></td>' in html


def test_plan_page_without_round_choice_uses_the_open_round(reader_client, small_plan):
    response = reader_client.get("/planer/rs-2026/")
    assert response.context["round"] == small_plan.round


def test_plan_page_in_a_round_without_assessments_shows_not_reported(reader_client, small_plan):
    response = reader_client.get("/planer/rs-2026/?omgang=2026-T2")
    html = response.content.decode()
    assert "Delvis uppfyllt</span></span></td>" not in html
    total = response.context["summary_tables"][0].rows[-1]
    assert {c.status.label: c.count for c in total.counts if c.count} == {"Ej rapporterat": 2}


def test_unknown_plan_or_round_or_item_is_404(reader_client, small_plan):
    assert reader_client.get("/planer/finns-inte/").status_code == 404
    assert reader_client.get("/planer/rs-2026/?omgang=1999-T1").status_code == 404
    assert reader_client.get("/planer/rs-2026/poster/X99/").status_code == 404


def test_item_page_shows_indicator_targets_and_values(reader_client, small_plan):
    response = reader_client.get("/planer/rs-2026/poster/N01/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Andel närproducerade livsmedel</h1>" in html
    assert "Högre är bättre" in html
    assert "28,0\u00a0%" in html and "2024" in html  # baseline
    assert "Minst 35 %" in html and "Minst 30 %" in html
    assert 'data-label="Nivå">RS</td>' in html  # the scope of the second target
    assert "Tertial 1 2026" in html
    assert "jan–mar 2026" in html
    assert "31,4\u00a0%" in html
    assert "Kök Birka" in html and "40,2\u00a0%" in html
    assert "Ökar i tre av fyra kök." in html
    assert "Delvis uppfyllt" in html
    assert "Ledningsprocesser" in html  # breadcrumb to the parent goal area


def test_an_item_not_due_in_the_round_says_when_it_is_followed_up(reader_client, small_plan):
    from styra.plans.models import PlanItem

    PlanItem.objects.filter(code="N02").update(frequency="yearly")
    response = reader_client.get("/planer/rs-2026/?omgang=2026-T2")
    html = response.content.decode()
    # N01 is due and not reported yet; N02 waits for year end, in the tree and the summary.
    n02_row = html.split("/planer/rs-2026/poster/N02/")[1].split("</tr>")[0]
    assert '<span class="status-badge__label">Följs upp på helår</span>' in n02_row
    total = response.context["summary_tables"][0].rows[-1]
    assert {c.status.label: c.count for c in total.counts if c.count} == {
        "Ej rapporterat": 1,
        "Följs upp på helår": 1,
    }


def test_start_page_lists_the_reporters_tasks(client, reader, small_plan):
    from styra.access.models import UnitRole
    from styra.org.models import Unit

    UnitRole.objects.create(user=reader, unit=Unit.objects.get(code="RS"), role="reporter")
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert "Rapportera för Regionstyrelsen" in html
    assert 'href="/uppfoljning/2026-T1/enheter/RS/"' in html
    assert "3 av 3" in html  # the three items RS owns are due in T1, all assessed


def test_start_page_without_roles_has_no_tasks(reader_client, small_plan):
    assert "Du har inga uppgifter just nu." in reader_client.get("/").content.decode()


def test_plan_page_query_count_does_not_grow_with_the_plan(
    reader_client, small_plan, builder, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/planer/rs-2026/?omgang=2026-T1"
    with CaptureQueriesContext(connection) as before:
        reader_client.get(url)
    plan = small_plan.plan
    area = plan.items.get(code="LED")
    level = plan.levels.get(code="nyckeltal")
    for n in range(10):
        builder.item(plan, level, "indicator", f"X{n}", parent=area, title=f"Extra {n}")
    with django_assert_num_queries(len(before.captured_queries)):
        reader_client.get(url)


def test_item_page_query_count_does_not_grow_with_rounds(
    reader_client, small_plan, django_assert_num_queries
):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from styra.followup.models import Assessment, Round

    url = "/planer/rs-2026/poster/N01/"
    with CaptureQueriesContext(connection) as before:
        reader_client.get(url)
    item = small_plan.plan.items.get(code="N01")
    for n in range(3):
        extra = Round.objects.create(
            plan=small_plan.plan,
            code=f"2027-T{n}",
            name=f"R{n}",
            kind="tertial",
            period_start=date(2027, 1, 1),
            period_end=date(2027, 4, 30),
        )
        Assessment.objects.create(round=extra, item=item, comment=f"Runda {n}")
    with django_assert_num_queries(len(before.captured_queries)):
        reader_client.get(url)


def test_header_names_the_organisation_from_the_setting(reader_client, small_plan, settings):
    settings.STYRA_ORGANISATION_NAME = "Region Norr"
    html = reader_client.get("/").content.decode()
    assert '<span class="brand__org">Region Norr</span>' in html
    assert "Region Exempel" not in html
