"""The reporting screens offer exactly the texts the round's report template declares:
heading, instruction, who writes it, and a drafted text the writer can accept."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from styra.followup import report_hooks
from styra.followup.models import Round, SectionText
from styra.org.models import Unit


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def page(client, round_code: str, unit_code: str) -> str:
    response = client.get(reverse("followup:unit_report", args=[round_code, unit_code]))
    assert response.status_code == 200
    return response.content.decode()


def post_text(client, round_code, unit_code, key, body, version=0):
    return client.post(
        reverse("followup:section_text", args=[round_code, unit_code, key]),
        {"body": body, "version": version},
    )


def test_the_unit_page_offers_the_templates_texts_with_instructions_and_drafts(admin_client):
    html = page(admin_client, "2026-T1", "RS")
    for heading in (
        "Sammanfattning",
        "Händelser av väsentlig betydelse",
        "Ekonomiskt utfall mot föregående år",
        "Ekonomiskt utfall jämfört med budget",
        "Orsaker till ändrad/lagd prognos",
        "Väsentliga personalförhållanden",
        "Investeringar per kategori",
        "Kommentar till målområdet Ledningsprocesser",
    ):
        assert f">{heading}</h3>" in html, heading
    assert "Förklara de största avvikelserna mot budget för perioden." in html
    # The drafts are offered, not written: writing them reads the economic table and the
    # report's data, which the page itself does not need.
    assert "Verksamhetens nettokostnader ökade med" not in html
    for key in ("ekonomi-fg-ar", "prognos", "omrade-led"):
        url = reverse("followup:section_draft", args=["2026-T1", "RS", key])
        assert f'href="{url}" hx-get="{url}" hx-target="#forslag-{key}"' in html, key
    # Asked for, each is written from the ledger, the forecasts and the plan.
    drafts = {
        "ekonomi-fg-ar": "Verksamhetens nettokostnader ökade med 28,8\xa0mkr, 5,1\xa0%",
        "prognos": "Helårsprognosen för Regionstyrelsen är −1\xa0918,3\xa0mkr, 4,4\xa0mkr bättre",
        "omrade-led": "Inom Ledningsprocesser följs 5 uppdrag upp i tertialrapport 1 2026",
    }
    for key, text in drafts.items():
        url = reverse("followup:section_draft", args=["2026-T1", "RS", key])
        fragment = admin_client.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert fragment.strip().startswith(f'<div class="draft" id="forslag-{key}"'), key
        assert text in fragment and "<textarea" not in fragment, key
        # Without JavaScript the link opens the text on a page of its own, with the draft.
        full = admin_client.get(url).content.decode()
        assert text in full and f'<textarea name="body" id="text-{key}"' in full, key


def test_a_draft_is_not_shown_to_a_reviewer_nor_for_an_unknown_text(client, demo):
    client.force_login(get_user_model().objects.get(username="granskare"))  # reads, not writes
    url = reverse("followup:section_draft", args=["2026-T1", "RS-DIG", "sammanfattning"])
    assert client.get(url, HTTP_HX_REQUEST="true").content.decode().strip() == ""
    client.force_login(get_user_model().objects.get(username="admin"))
    missing = reverse("followup:section_draft", args=["2026-T1", "RS", "egen-rubrik"])
    assert client.get(missing).status_code == 404


def test_a_declared_text_is_saved_and_an_undeclared_one_refused(admin_client, demo):
    # `ekonomi-budget` used to be refused: the shipped template's own text.
    response = post_text(admin_client, "2026-T1", "RS", "ekonomi-budget", "Ny text.", 1)
    assert response.status_code == 302
    text = SectionText.objects.get(round=demo.round, unit=demo.rs, key="ekonomi-budget")
    assert text.body == "Ny text." and text.title == "Ekonomiskt utfall jämfört med budget"
    refused = post_text(admin_client, "2026-T1", "RS", "egen-rubrik", "Text.")
    assert refused.status_code == 403


def test_the_writer_accepts_the_draft_and_the_report_prints_it(admin_client, demo):
    sections = {s.key: s for s in report_hooks.text_sections(demo.round, demo.rs, drafts=True)}
    draft = sections["ekonomi-fg-ar"].draft
    assert draft.startswith("Verksamhetens nettokostnader ökade med 28,8")
    current = SectionText.objects.get(round=demo.round, unit=demo.rs, key="ekonomi-fg-ar")
    response = post_text(admin_client, "2026-T1", "RS", "ekonomi-fg-ar", draft, current.version)
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.body == draft


def test_texts_written_by_the_divisions_are_offered_to_them_only(admin_client):
    assert "Divisionernas kommentarer" not in page(admin_client, "HSN-2026-T1", "HSN")
    division = page(admin_client, "HSN-2026-T1", "HSN-MED")
    assert ">Divisionernas kommentarer</h3>" in division
    assert "Divisionens viktigaste resultat" in division
    assert (
        post_text(admin_client, "HSN-2026-T1", "HSN", "division-kommentar", "x").status_code == 403
    )
    saved = post_text(admin_client, "HSN-2026-T1", "HSN-PV", "division-kommentar", "Text.", 1)
    assert saved.status_code == 302


def test_the_strategy_comments_follow_the_health_boards_template(admin_client):
    html = page(admin_client, "HSN-2026-T1", "HSN")
    assert ">Kommentar till strategin Tillgänglig och jämlik vård</h3>" in html
    assert "Kommentar till målområdet" not in html
    hsn = Unit.objects.get(code="HSN")
    round_ = Round.objects.select_related("plan").get(code="HSN-2026-T1")
    keys = [s.key for s in report_hooks.text_sections(round_, hsn)]
    assert keys[:2] == ["sammanfattning", "handelser"]
    assert {"strategi-til", "strategi-kva", "strategi-med", "strategi-eko", "personal"} <= set(keys)


def test_asking_before_the_reports_app_answered_fails_loudly(monkeypatch, demo):
    monkeypatch.setattr(report_hooks, "_text_sections", [])
    with pytest.raises(ImproperlyConfigured):
        report_hooks.text_sections(demo.round, demo.rs)
