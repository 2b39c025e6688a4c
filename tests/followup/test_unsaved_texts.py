"""Submitting with empty texts names them; text forms are marked for the unsaved-text guard."""

from django.urls import reverse

from styra.followup.services import section_text_save


def unit_url(region):
    return reverse("followup:unit_report", args=[region.round.code, region.dig.code])


def test_the_page_lists_empty_texts_and_marks_the_forms(client, region):
    section_text_save(
        round=region.round,
        unit=region.dig,
        key="sammanfattning",
        title="Sammanfattning",
        body="Allt går bra.",
        user=region.anna,
        expected_version=0,
    )
    client.force_login(region.anna)

    html = client.get(unit_url(region)).content.decode()

    assert "Tomma texter:" in html
    empty = html.split("Tomma texter:")[1].split("</p>")[0]
    assert "Händelser av väsentlig betydelse" in empty and "Sammanfattning" not in empty
    assert 'data-unsaved="Väsentliga personalförhållanden"' in html
    assert "data-confirm-unsaved=" in html


def test_submitting_names_the_empty_texts(client, region):
    client.force_login(region.anna)
    response = client.post(
        reverse("followup:unit_report_action", args=[region.round.code, region.dig.code, "submit"]),
        follow=True,
    )
    html = response.content.decode()
    assert "Rapporten är inskickad." in html
    assert "Dessa texter är tomma i den inskickade rapporten: Sammanfattning" in html


def test_a_reader_gets_no_text_forms(client, region):
    client.force_login(region.lisa)
    html = client.get(unit_url(region)).content.decode()
    assert "data-unsaved" not in html and "Tomma texter" not in html
