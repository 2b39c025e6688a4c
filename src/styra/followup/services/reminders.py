"""Reminders of the report season: before and after a round's reporting deadline.

Once a day (the scheduled job `season_reminders`) every reporter of a unit whose report
is still with the reporter (not started, draft, returned) gets at most one digest: one
e-mail and one in-app notification listing each such unit and round, STYRA_REMINDER_DAYS
before the deadline and again once it has passed. Each (person, round, unit, kind) is
reminded once: `ReminderSent` remembers it, so a second run the same day, or a worker
that runs the job twice, sends nothing more.

Once a deadline has passed, the controllers of each late unit (directly or inherited
from a unit above it) get their own digest the same way: the units that have not
submitted, each named once, with a link to the round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styra.access import permissions
from styra.access.selectors import users_with_role
from styra.followup.models import (
    Notification,
    ReminderKind,
    ReminderSent,
    Round,
    RoundState,
)
from styra.followup.selectors import UnitProgress, round_progress
from styra.org.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class Reminder:
    round: Round
    progress: UnitProgress
    kind: str
    days: int  # days left (before) or days late (late)

    @property
    def line(self) -> str:
        deadline = self.round.reporting_deadline
        values = {
            "unit": self.progress.name,
            "round": self.round.name,
            "deadline": deadline.isoformat() if deadline else "",
            "days": self.days,
        }
        if self.kind in (ReminderKind.LATE, ReminderKind.LATE_UNITS):
            return (
                ngettext(
                    "%(unit)s, %(round)s: sista dag var %(deadline)s, %(days)s dag sedan.",
                    "%(unit)s, %(round)s: sista dag var %(deadline)s, %(days)s dagar sedan.",
                    self.days,
                )
                % values
            )
        return (
            ngettext(
                "%(unit)s, %(round)s: sista dag är %(deadline)s, om %(days)s dag.",
                "%(unit)s, %(round)s: sista dag är %(deadline)s, om %(days)s dagar.",
                self.days,
            )
            % values
        )

    @property
    def link(self) -> str:
        return reverse("followup:unit_report", args=[self.round.code, self.progress.code])


@dataclass
class ReminderRun:
    digests: dict[int, list[Reminder]] = field(default_factory=dict)  # user id → reminders
    #: user id → the late units of a controller's digest
    controller_digests: dict[int, list[Reminder]] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return len(set(self.digests) | set(self.controller_digests))

    @property
    def reminders(self) -> int:
        return sum(len(r) for r in self.digests.values()) + sum(
            len(r) for r in self.controller_digests.values()
        )


def due_reminders(round_: Round, today: date) -> list[Reminder]:
    """The reminders `round_` calls for on `today`, before any is checked as sent."""
    deadline = round_.reporting_deadline
    if round_.state != RoundState.OPEN or deadline is None:
        return []
    days_before = settings.STYRA_REMINDER_DAYS_BEFORE
    found = []
    for progress in round_progress(round_):
        if not progress.with_reporter:
            continue
        if today > deadline:
            found.append(Reminder(round_, progress, ReminderKind.LATE, (today - deadline).days))
        elif deadline - timedelta(days=days_before) <= today:
            found.append(Reminder(round_, progress, ReminderKind.BEFORE, (deadline - today).days))
    return found


def reminders_send(*, today: date, user: User | None = None) -> ReminderRun:
    """Send today's reminders, one digest per person; `user` None is the scheduler.

    A person asking by hand (the CLI) must be a superuser; the scheduled job runs as
    the system.
    """
    if user is not None:
        permissions.require(
            permissions.is_superuser(user),
            _("Endast administratören får skicka påminnelser för hand."),
        )
    wanted: dict[int, list[Reminder]] = defaultdict(list)
    late: dict[int, list[Reminder]] = defaultdict(list)
    people: dict[int, User] = {}
    for round_ in Round.objects.filter(state=RoundState.OPEN).select_related("plan"):
        for reminder in due_reminders(round_, today):
            unit = Unit(pk=reminder.progress.unit_id)
            for person in users_with_role(unit, {"reporter"}, round_.period_end):
                people[person.pk] = person
                wanted[person.pk].append(reminder)
            if reminder.kind == ReminderKind.LATE:
                for person in users_with_role(unit, {"controller"}, round_.period_end):
                    people[person.pk] = person
                    late[person.pk].append(
                        Reminder(round_, reminder.progress, ReminderKind.LATE_UNITS, reminder.days)
                    )
    run = ReminderRun()
    for digests, deliver, store in (
        (wanted, _deliver, run.digests),
        (late, _deliver_to_controller, run.controller_digests),
    ):
        for person_id, reminders in digests.items():
            with transaction.atomic():
                fresh = [r for r in reminders if _claim(people[person_id], r)]
                if fresh:
                    deliver(people[person_id], fresh)
                    store[person_id] = fresh
    return run


def _claim(person: User, reminder: Reminder) -> bool:
    """Record the reminder as sent; False when it already was (by this or another run)."""
    try:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(
                user=person,
                round=reminder.round,
                unit_id=reminder.progress.unit_id,
                kind=reminder.kind,
            )
    except IntegrityError:
        return False
    return created


def _deliver(person: User, reminders: list[Reminder]) -> None:
    count = len(reminders)
    subject = ngettext(
        "Styra: %(n)s rapport väntar på dig", "Styra: %(n)s rapporter väntar på dig", count
    ) % {"n": count}
    lines = "\n".join(f"– {r.line}" for r in reminders)
    body = _(
        "Dessa rapporter väntar på dig i Styra:\n\n%(lines)s\n\nSe Mina uppgifter: %(link)s"
    ) % {
        "lines": lines,
        "link": settings.STYRA_SITE_URL + reverse("followup:my_tasks"),
    }
    link = reminders[0].link if count == 1 else reverse("followup:my_tasks")
    Notification.objects.create(user=person, text=subject[:500], link=link)
    if person.email:
        # A mail server that is down must not undo the reminders already recorded.
        transaction.on_commit(
            partial(send_mail, subject, body, None, [person.email], fail_silently=True)
        )


def _deliver_to_controller(person: User, reminders: list[Reminder]) -> None:
    count = len(reminders)
    subject = ngettext(
        "Styra: %(n)s enhet har inte rapporterat i tid",
        "Styra: %(n)s enheter har inte rapporterat i tid",
        count,
    ) % {"n": count}
    lines = "\n".join(f"– {r.line}" for r in reminders)
    rounds = list(dict.fromkeys(r.round for r in reminders))
    link = reverse("followup:round", args=[rounds[0].code])
    body = _(
        "Sista dag har passerat för dessa enheter, som inte har skickat in sin rapport:"
        "\n\n%(lines)s\n\nSe uppföljningstillfället: %(link)s"
    ) % {"lines": lines, "link": settings.STYRA_SITE_URL + link}
    Notification.objects.create(user=person, text=subject[:500], link=link)
    if person.email:
        transaction.on_commit(
            partial(send_mail, subject, body, None, [person.email], fail_silently=True)
        )
