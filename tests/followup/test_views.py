"""The workflow screens through HTTP: the permission matrix, crafted requests, conflicts,
HTMX and plain POSTs, locked rounds."""

from decimal import Decimal

import pytest
from django.urls import reverse

from styra.followup.models import Assessment, ReportState, RoundState, SectionText, UnitReport
from styra.followup.services import (
    ValueInput,
    assessment_save,
    round_lock,
    unit_report_submit,
)
from tests.followup.scenario import LOCK_REASON

HTMX = {"HTTP_HX_REQUEST": "true"}


def item_url(region, item=None):
    return reverse("followup:item_report", args=[region.round.code, (item or region.sick).code])


def history_url(region, item=None):
    return reverse("followup:item_history", args=[region.round.code, (item or region.sick).code])


def unit_url(region, unit=None):
    return reverse("followup:unit_report", args=[region.round.code, (unit or region.dig).code])


def action_url(region, action, unit=None):
    return reverse(
        "followup:unit_report_action", args=[region.round.code, (unit or region.dig).code, action]
    )


def report_post(version=0, value="5,7", comment="", status=""):
    return {
        "version": version,
        "value": value,
        "period_label": "jan–mar 2026",
        "missing_reason": "",
        "status_code": status,
        "comment": comment,
    }


def state(region, unit=None):
    report = UnitReport.objects.filter(round=region.round, unit=unit or region.dig).first()
    return report.state if report else ReportState.NOT_STARTED


# --- the matrix: role × own/other unit × action, through HTTP -------------------------
# Users: anna reports RS-DIG, bertil reports RS-HR, lisa reads RS-DIG, greta reviews RS
# (inherited), carl controls RS (inherited), admin is a superuser.
# "own" = RS-DIG (the unit the item/report belongs to); each user's expected outcome.

ALLOWED = {
    #          view  report submit return approve lock
    "anna": (True, True, True, False, False, False),
    "bertil": (False, False, False, False, False, False),
    "lisa": (True, False, False, False, False, False),
    "greta": (True, False, False, True, True, False),
    "carl": (True, False, False, True, True, True),
    "admin": (True, True, True, True, True, True),
}
ACTIONS = ["view", "report", "submit", "return", "approve", "lock"]


def perform(client, region, action):
    """Do `action` on RS-DIG; return (response, did_it_take_effect)."""
    if action == "view":
        response = client.get(item_url(region))
        return response, response.status_code == 200
    if action == "report":
        response = client.post(item_url(region), report_post(comment="Via matrisen"))
        return response, Assessment.objects.filter(item=region.sick).exists()
    if action == "submit":
        response = client.post(action_url(region, "submit"))
        return response, state(region) == ReportState.SUBMITTED
    if action in ("return", "approve"):
        unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
        response = client.post(action_url(region, action), {"reason": "Komplettera"})
        target = ReportState.RETURNED if action == "return" else ReportState.APPROVED
        return response, state(region) == target
    if action == "lock":
        response = client.post(
            reverse("season:round_lock", args=[region.round.code]),
            {"confirm": "on", "reason": LOCK_REASON},
        )
        region.round.refresh_from_db()
        return response, region.round.state == RoundState.LOCKED
    raise AssertionError(action)


@pytest.mark.parametrize("username", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_permission_matrix_over_http(client, region, username, action):
    client.force_login(getattr(region, username))
    expected = ALLOWED[username][ACTIONS.index(action)]

    response, took_effect = perform(client, region, action)

    assert took_effect is expected, (username, action, response.status_code)
    if not expected and action in ("view", "report"):
        assert response.status_code == 403
    if not expected and action in ("submit", "return", "approve", "lock"):
        assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "username, unit_code, allowed",
    [
        ("bertil", "RS-HR", True),  # bertil on his own unit
        ("anna", "RS-HR", False),  # anna on the other unit
        ("lisa", "RS-HR", False),
        ("greta", "RS-HR", True),  # inherited from RS
    ],
)
def test_view_own_and_other_unit_page(client, region, username, unit_code, allowed):
    client.force_login(getattr(region, username))
    response = client.get(reverse("followup:unit_report", args=[region.round.code, unit_code]))
    assert response.status_code == (200 if allowed else 403)


def test_anonymous_is_sent_to_login(client, region):
    response = client.get(item_url(region))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_crafted_post_from_reporter_of_unit_a_to_item_of_unit_b_is_403_and_changes_nothing(
    client, region
):
    assessment_save(
        round=region.round,
        item=region.hr_item,
        user=region.bertil,
        values=[ValueInput(value=Decimal(75))],
        comment="Bertils",
    )
    client.force_login(region.anna)

    for htmx in ({}, HTMX):
        response = client.post(
            item_url(region, region.hr_item),
            report_post(version=1, value="1", comment="Annas intrång", status="ej"),
            **htmx,
        )
        assert response.status_code == 403
    text = client.post(
        reverse("followup:section_text", args=[region.round.code, "RS-HR", "sammanfattning"]),
        {"version": 0, "body": "Intrång"},
    )
    assert text.status_code == 403
    assert client.post(action_url(region, "submit", region.hr)).status_code == 403

    assessment = Assessment.objects.get(item=region.hr_item)
    assert (assessment.comment, assessment.version) == ("Bertils", 1)
    assert not SectionText.objects.exists()
    assert state(region, region.hr) == ReportState.DRAFT


# --- the reporting form ----------------------------------------------------------------


def test_form_shows_suggestion_and_why_and_previous_comment(client, region, builder):
    from datetime import date

    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.7"))],
        comment="T1-kommentaren",
    )
    t2 = builder.round(region.plan, code="2026-T2", kind="interim", end=date(2026, 8, 31))
    client.force_login(region.anna)

    page = client.get(item_url(region)).content.decode()
    assert "Delvis uppfyllt" in page
    assert "Utfallet 5,7 är högre än målet 5,5 men inom toleransen 15\u00a0%." in page
    assert 'name="value" value="5,7"' in page

    later = client.get(reverse("followup:item_report", args=[t2.code, "N1"])).content.decode()
    assert "Förra uppföljningens kommentar" in later and "T1-kommentaren" in later


def test_plain_post_without_javascript_saves_and_renders_the_page(client, region):
    client.force_login(region.anna)
    response = client.post(item_url(region), report_post(value="5,2", comment="Bra"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "Sparat." in page
    assessment = Assessment.objects.get()
    assert (assessment.status.code, assessment.comment, assessment.version) == ("helt", "Bra", 1)
    assert UnitReport.objects.get(unit=region.dig).state == ReportState.DRAFT


def test_htmx_post_returns_only_the_fragment(client, region):
    client.force_login(region.anna)
    response = client.post(item_url(region), report_post(value="5,2"), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="bedomning"') and "<html" not in page
    assert 'name="version" value="1"' in page
    # A second save shows what it saved (the service hands the assessment back; only its
    # values are read again): the new figure, the new version, the writer.
    again = client.post(
        item_url(region), report_post(version=1, value="6,1", comment="Ny"), **HTMX
    ).content.decode()
    assert 'name="value" value="6,1"' in again and 'name="version" value="2"' in again
    who = region.anna.get_full_name() or region.anna.get_username()
    assert f"Senast sparad av {who}" in again and "(version 2)" in again


def test_override_without_comment_shows_the_error_on_the_comment_field(client, region):
    client.force_login(region.anna)
    response = client.post(item_url(region), report_post(status="helt", comment=""))
    assert response.status_code == 400
    assert "Skriv en kommentar när du väljer en annan status" in response.content.decode()
    assert not Assessment.objects.exists()


def test_bad_number_is_a_form_error(client, region):
    client.force_login(region.anna)
    response = client.post(item_url(region), report_post(value="fem"), **HTMX)
    assert response.status_code == 200 and "Skriv ett tal" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("htmx", [{}, HTMX], ids=["plain", "htmx"])
def test_concurrent_edit_second_saver_sees_the_first_text_and_keeps_their_own(
    client, region, builder, htmx
):
    """Two reporters load version 1; the first saves; the second gets the conflict."""
    second = builder.user("sara", (region.dig, "reporter"))
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.7"))],
        comment="Utgångsläge",
    )
    client.force_login(region.anna)
    assert 'name="version" value="1"' in client.get(item_url(region)).content.decode()

    first = client.post(item_url(region), report_post(version=1, comment="Annas nya text"), **htmx)
    assert first.status_code == 200

    client.force_login(second)
    response = client.post(
        item_url(region), report_post(version=1, comment="Saras egen text"), **htmx
    )
    page = response.content.decode()

    assert response.status_code == (200 if htmx else 409)
    assert "har sparat en ändring medan du skrev" in page
    assert "Annas nya text" in page  # the other's text is shown
    assert "Saras egen text" in page  # and the editor's own text is kept in the form
    assert 'name="version" value="2"' in page
    assessment = Assessment.objects.get()
    assert (assessment.comment, assessment.version) == ("Annas nya text", 2)

    # Saving again after comparing is a deliberate replacement, and both stay in history.
    client.post(item_url(region), report_post(version=2, comment="Saras egen text"), **htmx)
    history = client.get(item_url(region) + "?historik=visa").content.decode()
    assert "Annas nya text" in history and "Saras egen text" in history


def test_section_text_conflict_over_http(client, region, builder):
    second = builder.user("sara", (region.dig, "reporter"))
    url = reverse("followup:section_text", args=[region.round.code, "RS-DIG", "sammanfattning"])
    client.force_login(region.anna)
    assert client.post(url, {"version": 0, "body": "Annas sammanfattning"}).status_code == 302
    client.force_login(second)
    response = client.post(url, {"version": 0, "body": "Saras sammanfattning"}, **HTMX)
    page = response.content.decode()
    assert "Annas sammanfattning" in page and "Saras sammanfattning" in page
    assert SectionText.objects.get().body == "Annas sammanfattning"


def test_history_on_the_item_page_shows_who_when_old_and_new(client, region):
    client.force_login(region.anna)
    client.post(item_url(region), report_post(value="5,7", comment="Första"))
    client.force_login(region.admin)
    client.post(item_url(region), report_post(version=1, value="5,2", comment="Rättad"))

    page = client.get(item_url(region) + "?historik=visa").content.decode()
    history = page[page.index('id="historik"') :]
    assert "Anna" in history and "Admin" in history
    assert "Första" in history and "Rättad" in history
    assert "5,7" in history and "5,2" in history
    assert "<time datetime=" in history


def test_the_item_page_shows_the_latest_changes_and_every_change_on_request(client, region):
    client.force_login(region.anna)
    client.post(item_url(region), report_post(value="5,2", comment="Första"))
    for version in range(1, 24):  # the first save sets four fields, then one change each
        response = client.post(
            item_url(region),
            report_post(version=version, value=f"5,{version % 2 + 1}", comment="K"),
        )
        assert "Sparat." in response.content.decode()
    page = client.get(item_url(region) + "?historik=visa").content.decode()
    history = page[page.index('id="historik"') :]
    assert "Visar de senaste ändringarna." in history
    assert f'href="{item_url(region)}?historik=alla#historik"' in history
    assert history.count("<time datetime=") == 20
    assert "Första" not in history  # the first save (its comment) is among the earlier
    every = client.get(item_url(region) + "?historik=alla").content.decode()
    every = every[every.index('id="historik"') :]
    assert every.count("<time datetime=") == 27 and "Visar de" not in every
    # A save through HTMX tells a history shown beside the form to read itself again.
    saved = client.post(
        item_url(region), report_post(version=24, value="5,9", comment="K"), HTTP_HX_REQUEST="true"
    )
    assert saved["HX-Trigger"] == "styra-history-changed"
    assert 'id="historik-innehall"' not in saved.content.decode()
    again = client.get(history_url(region), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="styra-history-changed from:body"' in again
    assert "Visar de senaste ändringarna." in again and "5,9" in again


def test_the_item_page_offers_its_history_and_reads_it_only_when_asked(client, region):
    client.force_login(region.anna)
    client.post(item_url(region), report_post(value="5,7", comment="Första"))
    page = client.get(item_url(region)).content.decode()
    history = page[page.index('id="historik"') :]
    assert "Första" not in history and "<time datetime=" not in history
    assert f'href="{item_url(region)}?historik=visa#historik"' in history
    shown = client.get(item_url(region) + "?historik=visa").content.decode()
    shown = shown[shown.index('id="historik"') :]
    assert "Första" in shown and "5,7" in shown
    assert f'hx-get="{history_url(region)}"' in shown  # it reads itself again after a save
    fragment = client.get(history_url(region), HTTP_HX_REQUEST="true").content.decode()
    assert "Första" in fragment and "5,7" in fragment and "<html" not in fragment
    # Without JavaScript the history's address leads to the page with the history shown.
    plain = client.get(history_url(region))
    assert plain.status_code == 302
    assert plain["Location"] == f"{item_url(region)}?historik=visa#historik"
    every = client.get(history_url(region) + "?historik=alla")
    assert every["Location"] == f"{item_url(region)}?historik=alla#historik"
    # Someone who may not see the item may not see its history.
    client.force_login(region.bertil)  # a reporter of another unit
    assert client.get(history_url(region), HTTP_HX_REQUEST="true").status_code == 403


# --- submit / return / approve, tasks, notifications ------------------------------------


def test_return_needs_a_reason_over_http(client, region):
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    client.force_login(region.greta)
    response = client.post(action_url(region, "return"), {"reason": ""}, follow=True)
    assert "Skriv varför rapporten återremitteras." in response.content.decode()
    assert state(region) == ReportState.SUBMITTED


def test_my_tasks_and_notifications_pages(client, region):
    client.force_login(region.anna)
    page = client.get(reverse("followup:my_tasks")).content.decode()
    assert "Rapportera för Digitaliseringsavdelningen" in page
    assert "0 av 1 nyckeltal rapporterade" in page and "0 av 1 uppdrag rapporterade" in page

    client.post(action_url(region, "submit"))
    client.force_login(region.greta)
    page = client.get(reverse("followup:my_tasks")).content.decode()
    assert "Granska Digitaliseringsavdelningen" in page and "1 oläst notis" in page
    notes = client.get(reverse("followup:notifications")).content.decode()
    assert "har skickat in sin rapport" in notes

    note = region.greta.notifications.get()
    response = client.post(reverse("followup:notification_read", args=[note.pk]))
    assert response["Location"] == unit_url(region)
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(region.anna)
    assert client.post(reverse("followup:notification_read", args=[note.pk])).status_code == 404


def test_round_page_shows_progress_and_management_only_to_controllers(client, region):
    client.force_login(region.carl)
    page = client.get(reverse("followup:round", args=[region.round.code])).content.decode()
    assert "Fastställ (lås)" in page and "HR-avdelningen" in page
    client.force_login(region.anna)
    page = client.get(reverse("followup:round", args=[region.round.code])).content.decode()
    assert "Fastställ (lås)" not in page
    assert "Digitaliseringsavdelningen" in page and "HR-avdelningen" not in page


def test_unit_page_lists_yearly_items_as_followed_up_at_year_end(client, region):
    client.force_login(region.anna)
    page = client.get(unit_url(region)).content.decode()
    assert "Medarbetarindex" in page and "följs upp på helår" in page
    assert "Händelser av väsentlig betydelse" in page
    assert "Kommentar till målområdet God och jämlik vård" in page


# --- a locked round refuses every web path --------------------------------------------


def test_locked_round_refuses_web_and_htmx_writes(client, region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.7"))],
        comment="Fastställd text",
    )
    round_lock(round=region.round, user=region.carl, reason=LOCK_REASON)
    client.force_login(region.admin)

    page = client.get(item_url(region)).content.decode()
    assert '<form method="post" action="' + item_url(region) not in page
    assert "fastställt" in page

    for htmx in ({}, HTMX):
        response = client.post(item_url(region), report_post(version=1, comment="Ändrad"), **htmx)
        assert "2026-T1 är fastställt och kan inte ändras" in response.content.decode()
        assert response.status_code == (200 if htmx else 400)
    text_url = reverse(
        "followup:section_text", args=[region.round.code, "RS-DIG", "sammanfattning"]
    )
    response = client.post(text_url, {"version": 0, "body": "Ny"}, **HTMX)
    assert "2026-T1 är fastställt och kan inte ändras" in response.content.decode()
    for action in ("submit", "return", "approve"):
        client.post(action_url(region, action), {"reason": "x"})
    client.post(reverse("followup:round_action", args=[region.round.code]), {"action": "open"})

    assessment = Assessment.objects.get()
    assert (assessment.comment, assessment.version) == ("Fastställd text", 1)
    assert not SectionText.objects.exists()
    assert state(region) == ReportState.LOCKED
    region.round.refresh_from_db()
    assert region.round.state == RoundState.LOCKED


def test_plan_item_page_includes_the_history_of_every_round(client, region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.7"))],
        comment="Från T1",
    )
    client.force_login(region.lisa)
    page = client.get(reverse("web:item_detail", args=[region.plan.code, "N1"])).content.decode()
    history = page[page.index('id="andringshistorik"') :]
    assert "Anna" in history and "Från T1" in history and "5,7" in history
