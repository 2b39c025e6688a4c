"""What locking a round would cut short, for the confirmation page (issue 13).

Before a round is locked (fastställd) the controller sees every unit whose report is not
approved and every error the report check still finds. Locking itself, and the rule
that anything open needs a reason, is `styra.followup.services.round_lock`, the one
write every door goes through; this read only shows what that service will weigh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from styra.followup.models import Round
from styra.followup.selectors import UnitProgress, round_unsettled
from styra.org.models import Unit

from .check import Finding, round_errors


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

    The report checked is the plan unit's, the one that is published, exactly as
    `round_lock` checks it (`reports.check.round_errors`); each unit's own report check
    is a link away.
    """
    review = LockReview(round=round_, unsettled=round_unsettled(round_))
    errors = round_errors(round_)
    if errors:
        review.check_errors.append(UnitFindings(unit=round_.plan.unit, errors=errors))
    return review
