"""Amounts as people type them ("-39,2" mkr, "2 813" tkr) turned into kronor.

Parsing belongs to the edges (forms, imports, CLI); everything behind them works in
kronor. Number syntax is Styra's one Swedish number parser
(`styra.formats.numbers.parse_number`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Model
from django.utils.translation import gettext as _

from styra.formats.numbers import parse_number, to_decimal

#: The scales an amount may be given in, and how many kronor one of them is.
SCALES: dict[str, Decimal] = {
    "kr": Decimal(1),
    "tkr": Decimal(1000),
    "mkr": Decimal(1_000_000),
}
_ORE = Decimal("0.01")
#: Every amount column in kronor is DECIMAL(18, 2): 16 digits of kronor and the öre
#: (`AMOUNT_FIELD` is spread into the models' DecimalFields).
AMOUNT_MAX_DIGITS = 18
AMOUNT_DECIMAL_PLACES = 2


class DecimalDigits(TypedDict):
    """A `DecimalField`'s digits as keyword arguments, typed so that `**AMOUNT_FIELD` checks."""

    max_digits: int
    decimal_places: int


AMOUNT_FIELD: DecimalDigits = {
    "max_digits": AMOUNT_MAX_DIGITS,
    "decimal_places": AMOUNT_DECIMAL_PLACES,
}


class AmountError(ValueError):
    """An amount that cannot be read; the message is Swedish and meant for the user."""


def parse_number_sv(text: str) -> Decimal:
    try:
        return parse_number(text)
    except ValueError:
        raise AmountError(
            _("”%(text)s” är inget tal (skriv t.ex. −39,2 eller 1 918,3).") % {"text": text}
        ) from None


def to_kronor(value: Decimal | int | float | str, scale: str) -> Decimal:
    """`value` given in `scale` (kr, tkr or mkr) as kronor, exact to the öre."""
    if scale not in SCALES:
        raise AmountError(
            _("Okänd enhet ”%(scale)s”; använd kr, tkr eller mkr.") % {"scale": scale}
        )
    number = parse_number_sv(value) if isinstance(value, str) else to_decimal(value)
    kronor = number * SCALES[scale]
    if not kronor.is_finite() or kronor.adjusted() >= AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES:
        raise AmountError(amount_range_error(kronor))
    if kronor != kronor.quantize(_ORE):
        raise AmountError(_("Beloppet har fler decimaler än hela ören."))
    return kronor.quantize(_ORE)


def parse_amount(text: str, scale: str) -> Decimal | None:
    """A typed amount in `scale` as kronor; an empty field is None."""
    text = (text or "").strip()
    if not text:
        return None
    return to_kronor(text, scale)


def input_text(kronor: Decimal, scale: str) -> str:
    """Kronor as the exact text a person would type in `scale`: −39200000 → "−39,2" (mkr).

    A value for a form field, not a printed figure: nothing is rounded or grouped.
    """
    number = (kronor / SCALES[scale]).normalize()
    text = format(number, "f")
    return text.replace("-", "\u2212").replace(".", ",")


# --- what a database column can hold ------------------------------------------------------


def decimal_range_error(
    value: Decimal, max_digits: int, decimal_places: int, *, exact: bool = True
) -> str | None:
    """Why `value` does not fit a DECIMAL(`max_digits`, `decimal_places`) column, or None.

    Every number is checked against its column before it is written: SQLite would
    store an amount of 1e36 as a float that no later read can turn back into a Decimal
    (every report and import after it fails), and PostgreSQL refuses it mid-transaction.
    With `exact=False` only the size is checked; more decimals are rounded by the
    database, as a computed sum's may be.
    """
    if not value.is_finite():
        return _("Talet måste vara ett ändligt tal.")
    whole_digits = max_digits - decimal_places
    quantum = Decimal(1).scaleb(-decimal_places)
    if value.adjusted() >= whole_digits:
        return _("Talet är för stort: högst %(digits)s siffror före decimaltecknet får plats.") % {
            "digits": whole_digits
        }
    if exact and value != value.quantize(quantum):
        return _("Talet har för många decimaler: högst %(places)s får plats.") % {
            "places": decimal_places
        }
    return None


def amount_range_error(kronor: Decimal, *, exact: bool = True) -> str | None:
    """`decimal_range_error` for an amount in kronor (`AMOUNT_FIELD`)."""
    return decimal_range_error(kronor, AMOUNT_MAX_DIGITS, AMOUNT_DECIMAL_PLACES, exact=exact)


def check_decimal_field(value: Decimal | None, model: type[Model], name: str) -> None:
    """Raise a `ValidationError` for `name` if `value` does not fit the column `name` of
    `model` (a `DecimalField`: its `max_digits` and `decimal_places` are used)."""
    if value is None:
        return
    field = model._meta.get_field(name)
    assert isinstance(field, DecimalField) and field.max_digits is not None, name
    assert field.decimal_places is not None, name
    message = decimal_range_error(to_decimal(value), field.max_digits, field.decimal_places)
    if message:
        raise ValidationError({name: message}, code="out_of_range")
