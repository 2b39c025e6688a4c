"""The report's own history: every step with who, when, old and new state and reason."""

from django.urls import reverse

from styra.followup.selectors import unit_report_history
from styra.followup.services import (
    ValueInput,
    assessment_save,
    round_lock,
    unit_report_approve,
    unit_report_return,
    unit_report_submit,
)


def test_every_step_of_the_report_is_in_its_history_and_on_the_page(client, region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=None, missing_reason="no_data", period_label="")],
        status_code=None,
        comment="Data saknas.",
        completed=None,
        expected_version=0,
    )
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    unit_report_return(
        round=region.round, unit=region.dig, reason="Förklara varför data saknas.", user=region.carl
    )
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    unit_report_approve(round=region.round, unit=region.dig, user=region.carl)
    round_lock(round=region.round, user=region.carl, reason="Fastställs med öppna rapporter")

    steps = [
        (e.who, e.old, e.new)
        for e in unit_report_history(region.round, region.dig)
        if e.field == "status"
    ]
    reasons = [
        (e.who, e.new) for e in unit_report_history(region.round, region.dig) if e.field != "status"
    ]

    assert [(who, str(old) if old else None, str(new)) for who, old, new in steps] == [
        ("Anna", None, "Ej påbörjad"),
        ("Anna", "Ej påbörjad", "Utkast"),
        ("Anna", "Utkast", "Inskickad"),
        ("Carl", "Inskickad", "Återremitterad"),
        ("Anna", "Återremitterad", "Inskickad"),
        ("Carl", "Inskickad", "Godkänd"),
        ("Carl", "Godkänd", "Fastställd"),
    ]
    assert ("Carl", "Förklara varför data saknas.") in reasons
    client.force_login(region.carl)
    page = client.get(reverse("followup:unit_report", args=[region.round.code, region.dig.code]))
    html = page.content.decode()
    assert "Rapportens historik" in html
    assert "Förklara varför data saknas." in html
    assert "Återremitterad" in html and "Fastställd" in html
