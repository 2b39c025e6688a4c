"""Submit, return with a reason, approve: checked transitions and notifications."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from styra.followup.models import Notification, ReportState, UnitReport
from styra.followup.services import (
    ValueInput,
    assessment_save,
    unit_report_approve,
    unit_report_return,
    unit_report_submit,
)


def report_something(region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.2"))],
    )


def test_submit_return_resubmit_approve(region):
    report_something(region)

    report = unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    assert report.state == ReportState.SUBMITTED
    assert report.submitted_by == region.anna

    report = unit_report_return(
        round=region.round, unit=region.dig, user=region.greta, reason="Kommentar saknas."
    )
    assert (report.state, report.returned_reason) == (ReportState.RETURNED, "Kommentar saknas.")

    # A returned report can be edited and sent in again.
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.2"))],
        comment="Nu med kommentar.",
    )
    assert UnitReport.objects.get(unit=region.dig).state == ReportState.RETURNED
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)

    report = unit_report_approve(round=region.round, unit=region.dig, user=region.carl)
    assert report.state == ReportState.APPROVED
    assert report.decided_by == region.carl


def test_return_needs_a_reason(region):
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    with pytest.raises(ValidationError) as exc:
        unit_report_return(round=region.round, unit=region.dig, user=region.greta, reason=" ")
    assert "reason" in exc.value.message_dict
    assert UnitReport.objects.get(unit=region.dig).state == ReportState.SUBMITTED


def test_invalid_transitions_are_refused_in_swedish(region):
    with pytest.raises(ValidationError, match="kan inte godkännas"):
        unit_report_approve(round=region.round, unit=region.dig, user=region.greta)
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    with pytest.raises(ValidationError, match="Inskickad"):
        unit_report_submit(round=region.round, unit=region.dig, user=region.anna)


def test_submitted_report_cannot_be_edited(region):
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    with pytest.raises(ValidationError):
        report_something(region)


def test_reporters_cannot_review_and_reviewers_cannot_submit(region):
    with pytest.raises(PermissionDenied):
        unit_report_submit(round=region.round, unit=region.dig, user=region.greta)
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    with pytest.raises(PermissionDenied):
        unit_report_approve(round=region.round, unit=region.dig, user=region.anna)
    with pytest.raises(PermissionDenied):
        unit_report_approve(round=region.round, unit=region.dig, user=region.bertil)


def test_notifications_go_to_the_people_concerned(
    region, settings, django_capture_on_commit_callbacks
):
    settings.STYRA_NOTIFY_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        unit_report_submit(round=region.round, unit=region.dig, user=region.anna)

    # Reviewers and controllers of the unit (inherited from RS) hear about a submission.
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"greta", "carl"}
    assert "Digitaliseringsavdelningen" in Notification.objects.get(user=region.carl).text
    # Only carl has an e-mail address.
    assert [m.to for m in mail.outbox] == [["carl@example.se"]]

    with django_capture_on_commit_callbacks(execute=True):
        unit_report_return(round=region.round, unit=region.dig, user=region.greta, reason="Saknas")
    anna_notes = list(Notification.objects.filter(user=region.anna).values_list("text", flat=True))
    assert len(anna_notes) == 1 and "återremitterats: Saknas" in anna_notes[0]
    assert not Notification.objects.filter(user=region.bertil).exists()


def test_no_email_unless_switched_on(region, settings, django_capture_on_commit_callbacks):
    settings.STYRA_NOTIFY_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    assert mail.outbox == []
    assert Notification.objects.filter(user=region.carl).exists()
