"""Findings of issue 13 in the reporting screens, each through the service or HTTP."""

from django.urls import reverse

from styra.followup.services import ValueInput, assessment_save


def test_the_history_names_a_missing_reason_in_swedish(client, region):
    assessment_save(
        round=region.round,
        item=region.sick,
        values=[ValueInput(missing_reason="year_end")],
        comment="Mäts vid årsskiftet.",
        user=region.anna,
        expected_version=0,
    )
    client.force_login(region.anna)
    html = client.get(
        reverse("followup:item_report", args=[region.round.code, region.sick.code])
    ).content.decode()
    history = html.split('id="historik"')[1]
    assert "Följs upp på helår" in history
    assert "year_end" not in history


def test_a_target_typed_with_a_hyphen_prints_a_minus_sign(client, region):
    target = region.sick.targets.first()
    target.text = "-41 %"
    target.save()
    client.force_login(region.anna)
    html = client.get(
        reverse("followup:item_report", args=[region.round.code, region.sick.code])
    ).content.decode()
    assert "\u221241 %" in html and "-41 %" not in html
    review = client.get(
        reverse("followup:unit_review", args=[region.round.code, region.dig.code])
    ).content.decode()
    assert "\u221241 %" in review
