"""Reminders before and after the reporting deadline: one digest per person, each once."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from styra.followup.models import (
    Notification,
    ReminderKind,
    ReminderSent,
    ReportState,
    RoundState,
    UnitReport,
)
from styra.followup.services.reminders import reminders_send
from styra.jobs.models import Job
from styra.jobs.services import jobs_schedule

DEADLINE = date(2026, 5, 8)


@pytest.fixture
def season(region, builder):
    region.anna.email = "anna@example.se"
    region.anna.save()
    region.round.reporting_deadline = DEADLINE
    region.round.save()
    # Anna reports for HR as well: her digest must hold both units.
    builder.user("x", (region.hr, "reader"))
    from styra.access.models import UnitRole

    UnitRole.objects.create(user=region.anna, unit=region.hr, role="reporter")
    return region


def test_nothing_is_sent_long_before_the_deadline(season, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(today=date(2026, 4, 20))
    assert run.reminders == 0 and mail.outbox == []


def test_before_the_deadline_one_digest_per_person(season, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(today=date(2026, 5, 6))

    assert run.people == 2  # anna (two units) and bertil (HR, no e-mail address)
    (message,) = mail.outbox
    assert message.to == ["anna@example.se"]
    assert message.subject == "Styra: 2 rapporter väntar på dig"
    assert "Digitaliseringsavdelningen, Tertial 2026-T1: sista dag är 2026-05-08, om 2 dagar." in (
        message.body
    )
    assert "HR-avdelningen" in message.body
    assert Notification.objects.get(user=season.anna).text == "Styra: 2 rapporter väntar på dig"
    assert Notification.objects.get(user=season.bertil).link.endswith("/enheter/RS-HR/")


def test_each_reminder_is_sent_once(season, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=date(2026, 5, 6))
        again = reminders_send(today=date(2026, 5, 7))
    assert again.reminders == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(kind=ReminderKind.BEFORE).count() == 3


def test_after_the_deadline_only_units_still_with_the_reporter(
    season, django_capture_on_commit_callbacks
):
    UnitReport.objects.create(round=season.round, unit=season.hr, state=ReportState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(today=date(2026, 5, 11))

    (message,) = [m for m in mail.outbox if m.to == ["anna@example.se"]]
    assert message.subject == "Styra: 1 rapport väntar på dig"
    assert "sista dag var 2026-05-08, 3 dagar sedan." in message.body
    assert "HR-avdelningen" not in message.body
    assert list(run.digests) == [season.anna.pk]  # bertil's only unit is submitted
    assert list(run.controller_digests) == [season.carl.pk]


def test_a_round_that_is_not_open_reminds_nobody(season):
    season.round.state = RoundState.CLOSED
    season.round.save()
    assert reminders_send(today=date(2026, 5, 11)).reminders == 0


def test_only_an_administrator_may_send_by_hand(season):
    with pytest.raises(PermissionDenied):
        reminders_send(today=date(2026, 5, 11), user=season.carl)
    assert not ReminderSent.objects.exists()
    assert reminders_send(today=date(2026, 5, 11), user=season.admin).people == 3  # and carl


def test_the_daily_schedule_queues_the_reminder_job(season, settings):
    from django.utils import timezone

    created = jobs_schedule(now=timezone.now())
    assert "season_reminders" in [job.kind for job in created]
    assert Job.objects.filter(kind="season_reminders").count() == 1
    jobs_schedule(now=timezone.now())
    assert Job.objects.filter(kind="season_reminders").count() == 1


def test_the_job_kind_sends_the_reminders(season, django_capture_on_commit_callbacks):
    from styra.followup.jobs import season_reminders
    from styra.jobs.progress import Progress

    job = Job.objects.create(kind="season_reminders", label="Påminnelser")
    with django_capture_on_commit_callbacks(execute=True):
        result = season_reminders(job, Progress(job))
    assert set(result) == {"people", "reminders"}


def test_after_the_deadline_the_controllers_get_one_digest_of_the_late_units(
    season, django_capture_on_commit_callbacks
):
    """Issue 13: the controller's digest — every late unit under them in one message, once."""
    UnitReport.objects.create(round=season.round, unit=season.hr, state=ReportState.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(today=date(2026, 5, 11))
        again = reminders_send(today=date(2026, 5, 12))

    assert list(run.controller_digests) == [season.carl.pk]  # controller of RS, inherited
    to_carl = [m for m in mail.outbox if m.to == ["carl@example.se"]]
    (message,) = to_carl
    assert message.subject == "Styra: 1 enhet har inte rapporterat i tid"
    assert "Digitaliseringsavdelningen, Tertial 2026-T1: sista dag var 2026-05-08" in message.body
    assert "HR-avdelningen" not in message.body  # submitted
    assert message.body.rstrip().endswith(f"/uppfoljning/{season.round.code}/")
    notice = Notification.objects.get(user=season.carl)
    assert notice.link == f"/uppfoljning/{season.round.code}/"
    assert again.reminders == 0
    assert ReminderSent.objects.filter(kind=ReminderKind.LATE_UNITS).count() == 1


def test_before_the_deadline_the_controllers_get_nothing(
    season, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders_send(today=date(2026, 5, 6))
    assert run.controller_digests == {}
    assert not Notification.objects.filter(user=season.carl).exists()
