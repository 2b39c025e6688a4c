"""Plausibility of a full-year forecast: the wrong sign, or far from what it compares with.

A forecast typed in tkr into an mkr field (−655 300 mkr for −655,3 mkr) or with the
wrong sign (a net cost entered positive) is valid input, so the form accepts it; these
rules say why it looks wrong, so that the writer confirms it before it is saved and the
report check can flag it afterwards. They warn; they never refuse.

The comparisons are the year's budget, last year's outcome and the previous round's
forecast, whichever exist. A forecast more than `FACTOR` times larger or smaller (in
size) than one of them is flagged; a sign opposite to the budget's or the previous
forecast's is flagged (last year's outcome may rightly have had the other sign).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from styra.followup.models import Round
from styra.formats.numbers import format_mkr, format_number
from styra.org.models import Unit

from . import ledger
from .models import Forecast
from .selectors import previous_rounds

FACTOR = Decimal(5)

SIGN, MAGNITUDE = "sign", "magnitude"
SIGN_REFERENCES = frozenset({"budget", "previous"})
REFERENCE_LABELS = {
    "budget": gettext_lazy("budgeten"),
    "last_year": gettext_lazy("förra årets utfall"),
    "previous": gettext_lazy("föregående prognos"),
}


@dataclass(frozen=True)
class PlausibilityWarning:
    kind: str  # SIGN or MAGNITUDE
    reference: str  # a key of REFERENCE_LABELS
    amount: Decimal
    reference_amount: Decimal

    @property
    def message(self) -> str:
        values = {
            "amount": format_mkr(self.amount),
            "what": REFERENCE_LABELS[self.reference],
            "reference": format_mkr(self.reference_amount),
        }
        if self.kind == SIGN:
            return (
                _(
                    "Prognosen %(amount)s mkr har motsatt tecken mot %(what)s (%(reference)s mkr). "
                    "Nettokostnader anges negativa."
                )
                % values
            )
        ratio = abs(self.amount) / abs(self.reference_amount)
        if ratio >= 1:
            values["times"] = format_number(ratio, 0 if ratio >= 10 else 1)
            return (
                _(
                    "Prognosen %(amount)s mkr är %(times)s gånger så stor som %(what)s "
                    "(%(reference)s mkr). Är den angiven i tkr i stället för mkr?"
                )
                % values
            )
        values["times"] = format_number(1 / ratio, 0 if ratio <= Decimal("0.1") else 1)
        return (
            _(
                "Prognosen %(amount)s mkr är bara en %(times)s-del av %(what)s "
                "(%(reference)s mkr). Stämmer enheten (mkr eller tkr)?"
            )
            % values
        )


def warnings_for(
    amount: Decimal, references: dict[str, Decimal | None]
) -> list[PlausibilityWarning]:
    """The warnings for `amount` against each named reference amount (kronor)."""
    found: list[PlausibilityWarning] = []
    sign_warned = False
    for key, reference in references.items():
        if reference is None or reference == 0 or amount == 0:
            continue
        # A unit's outcome may change sign from one year to the next (a credit, a moved
        # cost): only the budget and the previous forecast say which sign is expected.
        if key in SIGN_REFERENCES and (amount > 0) != (reference > 0) and not sign_warned:
            found.append(PlausibilityWarning(SIGN, key, amount, reference))
            sign_warned = True
        ratio = abs(amount) / abs(reference)
        if ratio > FACTOR or ratio < 1 / FACTOR:
            found.append(PlausibilityWarning(MAGNITUDE, key, amount, reference))
    return found


def forecast_references(
    *, round: Round, unit: Unit, row_set_code: str | None = None
) -> dict[str, Decimal | None]:
    """Budget of the year, last year's outcome and the previous forecast of `unit`.

    Budget and outcome are the sum of every row of the row set `row_set_code` (the
    default one when None): a report that sets the forecast beside the result of
    another row set (a finance administration's result with taxes, say) compares with
    that one, as its reader does.
    """
    year = round.period_end.year
    earlier = previous_rounds(round).first()
    previous = (
        Forecast.objects.filter(round=earlier, unit=unit).values_list("amount", flat=True).first()
        if earlier
        else None
    )
    return {
        "budget": ledger.year_budget(unit, year, row_set_code),
        "last_year": ledger.ytd_outcome(unit, date(year - 1, 12, 31), row_set_code),
        "previous": previous,
    }


def forecast_warnings(
    *, round: Round, unit: Unit, amount: Decimal, row_set_code: str | None = None
) -> list[PlausibilityWarning]:
    return warnings_for(
        amount, forecast_references(round=round, unit=unit, row_set_code=row_set_code)
    )
