"""Locking a round through the browser's door: a confirmation that names what is open
(unapproved reports, report-check errors) and a reason when anything is (issue 13)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styra.followup.models import ReportState, Round, RoundState, UnitReport
from styra.followup.services import round_lock, unit_report_approve, unit_report_submit
from styra.reports.locking import round_lock_review


def lock_url(region):
    return reverse("season:round_lock", args=[region.round.code])


def state(region):
    return Round.objects.get(pk=region.round.pk).state


def test_the_page_names_what_is_open_and_locks_nothing(client, region):
    client.force_login(region.carl)

    page = client.get(lock_url(region))

    text = page.content.decode()
    assert page.status_code == 200
    assert "2 enheters rapporter är inte godkända" in text
    assert "Digitaliseringsavdelningen" in text and "HR-avdelningen" in text
    assert "Ej påbörjad" in text
    # The report check's errors: the missing assessments of the due items.
    assert "Bedömning saknas för nyckeltalet ”Sjukfrånvaro”" in text
    assert 'name="reason"' in text
    assert state(region) == RoundState.OPEN


def test_the_round_page_links_to_the_confirmation_instead_of_locking(client, region):
    client.force_login(region.carl)
    page = client.get(reverse("followup:round", args=[region.round.code])).content.decode()
    assert lock_url(region) in page

    # The old one-click door no longer locks: it leads to the confirmation.
    response = client.post(
        reverse("followup:round_action", args=[region.round.code]), {"action": "lock"}
    )
    assert response.status_code == 302 and response["Location"] == lock_url(region)
    assert state(region) == RoundState.OPEN


def test_locking_needs_the_confirmation(client, region):
    client.force_login(region.carl)
    response = client.post(lock_url(region), {"reason": "Beslut i styrelsen"})
    assert response.status_code == 400
    assert "Bekräfta att du vill fastställa." in response.content.decode()
    assert state(region) == RoundState.OPEN


def test_locking_with_open_reports_needs_a_reason(client, region):
    client.force_login(region.carl)
    response = client.post(lock_url(region), {"confirm": "on", "reason": "   "})
    assert response.status_code == 400
    assert "Ange ett skäl för att fastställa ändå." in response.content.decode()
    assert state(region) == RoundState.OPEN


def test_locking_with_a_reason_keeps_it_in_the_round_and_its_history(client, region):
    client.force_login(region.carl)
    UnitReport.objects.create(round=region.round, unit=region.dig, state=ReportState.DRAFT)

    response = client.post(
        lock_url(region),
        {"confirm": "on", "reason": "<script>alert(1)</script> Styrelsen beslutade 12 maj"},
    )

    assert response.status_code == 302
    locked = Round.objects.get(pk=region.round.pk)
    assert locked.state == RoundState.LOCKED
    assert locked.lock_reason.endswith("Styrelsen beslutade 12 maj")
    latest = locked.history.first()
    assert latest.history_user == region.carl and latest.lock_reason == locked.lock_reason
    assert UnitReport.objects.get(round=region.round, unit=region.dig).state == ReportState.LOCKED
    page = client.get(reverse("followup:round", args=[region.round.code])).content.decode()
    assert "Skäl till fastställande" in page
    assert "Fel i rapportkontrollen vid fastställandet" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    # A locked round has nothing left to lock.
    again = client.get(lock_url(region))
    assert again.status_code == 302


@pytest.mark.parametrize("username", ["anna", "greta", "lisa", "bertil"])
def test_only_the_controller_may_open_or_use_the_page(client, region, username):
    client.force_login(getattr(region, username))
    assert client.get(lock_url(region)).status_code == 403
    response = client.post(lock_url(region), {"confirm": "on", "reason": "Jag vill"})
    assert response.status_code == 403
    assert "Endast controller" in response.content.decode()
    assert state(region) == RoundState.OPEN


def test_unknown_round_is_404(client, region):
    client.force_login(region.carl)
    assert client.get(reverse("season:round_lock", args=["finns-inte"])).status_code == 404


def test_report_check_errors_alone_need_a_reason(region):
    """Every report approved, but the report check still finds errors."""
    for unit, reporter in ((region.dig, region.anna), (region.hr, region.bertil)):
        unit_report_submit(round=region.round, unit=unit, user=reporter)
        unit_report_approve(round=region.round, unit=unit, user=region.greta)

    review = round_lock_review(region.round)
    assert review.unsettled == [] and review.error_count > 0
    with pytest.raises(ValidationError) as refused:
        round_lock(round=region.round, user=region.carl, reason="")
    messages = refused.value.message_dict["reason"]
    assert "Rapportkontrollen hittar" in messages[0] and "inte godkänd" not in " ".join(messages)
    assert state(region) == RoundState.OPEN

    round_lock(round=region.round, user=region.carl, reason="Kompletteras i T2")
    locked = Round.objects.get(pk=region.round.pk)
    assert locked.state == RoundState.LOCKED and locked.lock_reason == "Kompletteras i T2"
    # The errors as they stood, one line each, the same the confirmation page showed.
    assert len(locked.lock_findings) == review.error_count
    assert any("Sjukfrånvaro" in line for line in locked.lock_findings)
