"""Findings of issue 13 in the reporting screens, each through the service or HTTP."""

from decimal import Decimal

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
        + "?historik=visa"
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


def test_an_outcome_is_explained_with_the_decimals_it_was_entered_with(client, region):
    """Issue 13: an outcome entered as 38,5 for an indicator shown without decimals was
    explained as "Utfallet 39 …"; the explanation repeats what was typed."""
    indicator = region.sick.indicator
    indicator.decimals = 0
    indicator.save()
    assessment_save(
        round=region.round,
        item=region.sick,
        values=[ValueInput(value=Decimal("38.5"))],
        comment="",
        user=region.anna,
        expected_version=0,
    )
    client.force_login(region.anna)
    html = client.get(
        reverse("followup:item_report", args=[region.round.code, region.sick.code])
    ).content.decode()
    why = html.split('id="varfor">')[1].split("<")[0]
    assert why.startswith("Utfallet 38,5 är högre än målet 5,5 "), why
    assert "Utfallet 39 " not in html


def test_a_value_followed_up_at_year_end_is_saved_with_that_status(client, region):
    """Issue 13: the suggested status "Följs upp på helår" was saved as "Ej rapporterat"."""
    from styra.followup.models import Assessment
    from styra.followup.suggestion import scale_levels
    from styra.plans.models import StatusLevel

    scale = scale_levels(region.sick)[0].scale
    StatusLevel.objects.create(
        scale=scale, code="helar", label="Följs upp på helår", colour="#1565c0", symbol="◷",
        meaning="year_end", order=9,
    )  # fmt: skip
    client.force_login(region.anna)
    url = reverse("followup:item_report", args=[region.round.code, region.sick.code])
    form = {
        "version": 0,
        "value": "",
        "period_label": "",
        "missing_reason": "year_end",
        "status_code": "",
        "comment": "Mäts vid årsskiftet.",
    }
    page = client.post(url, form).content.decode()
    assessment = Assessment.objects.get(item=region.sick)
    assert assessment.status is not None, page.split('id="varfor">')[1][:200]
    assert assessment.status.meaning == "year_end"
    assert str(assessment.status.label) == "Följs upp på helår"


def test_an_unlikely_outcome_is_saved_only_once_the_writer_confirms_it(client, region):
    """Issue 13: plausibility warnings at entry — 55 where the target is 5,5 % (a decimal
    comma forgotten) is held until confirmed; the report check lists it by the same rule."""
    from styra.followup.models import Assessment

    client.force_login(region.anna)
    url = reverse("followup:item_report", args=[region.round.code, region.sick.code])
    form = {
        "version": 0,
        "value": "55",
        "period_label": "",
        "missing_reason": "",
        "status_code": "",
        "comment": "",
    }
    held = client.post(url, form).content.decode()
    assert "Kontrollera utfallet innan det sparas" in held
    assert "55 är osannolikt: långt från tidigare värden och målvärdet (5,5)." in held
    assert not Assessment.objects.filter(item=region.sick).exists()

    corrected = client.post(url, {**form, "value": "5,5"}).content.decode()
    assert "Kontrollera utfallet" not in corrected and "Sparat." in corrected
    assessment = Assessment.objects.get(item=region.sick)
    confirmed = client.post(url, {**form, "value": "55", "version": 1, "confirmed": "55"})
    assert "Sparat." in confirmed.content.decode()
    assessment.refresh_from_db()
    assert assessment.total_value().value == Decimal("55")
