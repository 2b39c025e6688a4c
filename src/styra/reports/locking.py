"""Locking a round after a look at what is still open (issue 13).

Before a round is locked (fastställd) the controller sees every unit whose report is not
approved and every error the report check still finds; locking with anything open needs
a reason, which the round keeps. The follow-up service enforces the unit part for every
door; this layer adds the report check, which lives above follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Round
from styra.followup.selectors import UnitProgress, round_unsettled
from styra.followup.services import round_lock
from styra.org.models import Unit

from .check import ERROR, Finding, report_check


@dataclass
class UnitFindings:
    unit: Unit
    errors: list[Finding]


@dataclass
class LockReview:
    round: Round
    unsettled: list[UnitProgress] = field(default_factory=list)
    check_errors: list[UnitFindings] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(len(entry.errors) for entry in self.check_errors)

    @property
    def anything_open(self) -> bool:
        return bool(self.unsettled or self.check_errors)


def round_lock_review(round_: Round) -> LockReview:
    """What locking `round_` would cut short: unapproved reports and report-check errors.

    The report checked is the plan unit's, the one that is published: it holds every
    item of the plan, so every missing assessment and contradiction shows there. (One
    document instead of one per unit keeps the confirmation page quick in a region of
    many units; each unit's own report check is a link away.)
    """
    review = LockReview(round=round_, unsettled=round_unsettled(round_))
    unit = round_.plan.unit
    errors = [f for f in report_check(round_=round_, unit=unit) if f.severity == ERROR]
    if errors:
        review.check_errors.append(UnitFindings(unit=unit, errors=errors))
    return review


@transaction.atomic
def round_lock_checked(*, round: Round, user, reason: str = "") -> Round:
    """Lock `round` unless something is open and no reason is given."""
    permissions.require(
        permissions.can_manage_round(user, round.plan),
        _("Endast controller eller administratör för planens enhet får fastställa."),
    )
    reason = (reason or "").strip()
    review = round_lock_review(round)
    if review.check_errors and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Rapportkontrollen hittar %(count)s fel. Ange ett skäl för att fastställa ändå."
                )
                % {"count": review.error_count}
            },
            code="reason_required",
        )
    return round_lock(round=round, user=user, reason=reason)
