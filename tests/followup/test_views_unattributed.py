"""Rows saved by no one (loaded by the demo or an import without a user) still render."""

from django.urls import reverse

from styra.followup.models import Assessment, SectionText
from styra.followup.services import ValueInput, assessment_save, section_text_save


def test_item_and_unit_pages_render_rows_without_an_author(client, region):
    assessment = assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=None, missing_reason="", period_label="")],
        status_code=None,
        comment="Inläst utan användare.",
        completed=None,
        expected_version=0,
    )
    text = section_text_save(
        round=region.round,
        unit=region.dig,
        key="sammanfattning",
        title="Sammanfattning",
        body="Inläst text.",
        user=region.anna,
        expected_version=0,
    )
    Assessment.objects.filter(pk=assessment.pk).update(updated_by=None)
    SectionText.objects.filter(pk=text.pk).update(updated_by=None)
    client.force_login(region.anna)

    item_page = client.get(
        reverse("followup:item_report", args=[region.round.code, region.sick.code])
    )
    unit_page = client.get(
        reverse("followup:unit_report", args=[region.round.code, region.dig.code])
    )

    assert item_page.status_code == 200
    assert "Senast sparad" in item_page.content.decode()
    assert unit_page.status_code == 200
    assert "Inläst text." in unit_page.content.decode()
