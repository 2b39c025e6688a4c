"""Amounts as people type them ("-39,2" mkr, "2 813" tkr) turned into kronor.

Parsing belongs to the edges (forms, imports, CLI); everything behind them works in
kronor. Number syntax is Styra's one Swedish number parser
(`styra.formats.numbers.parse_number`).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from styra.formats.numbers import parse_number, to_decimal

#: The scales an amount may be given in, and how many kronor one of them is.
SCALES: dict[str, Decimal] = {
    "kr": Decimal(1),
    "tkr": Decimal(1000),
    "mkr": Decimal(1_000_000),
}
_ORE = Decimal("0.01")


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
