"""Swedish number formatting, in one place (domain spec §10).

Every number Styra prints goes through this module: the web pages (via the template
filters in ``styra.reports.templatetags.numformat``), the report renderers (PDF, Word,
HTML, Excel captions) and the command line. Domain code never formats numbers and this
module never computes them: it only rounds, once, for display.

Conventions:

* Thousands are separated by U+00A0 NO-BREAK SPACE (``THOUSANDS_SEP``). The narrow
  variant U+202F is typographically finer, but U+00A0 is present in every font we render
  with (Typst's bundled fonts, Word's Calibri/Arial, browsers' fallbacks), is what Vega's
  ``format_locale`` uses for the charts, and copy-pastes into Excel as a space, so one
  separator is used everywhere.
* The decimal separator is a comma.
* Negative numbers use the real minus sign U+2212, never a hyphen.
* Rounding is ROUND_HALF_UP (Swedish "avrundning"), done here once, from the exact value.
* A value that rounds to zero is printed without a sign: never "−0" or "−0,0".
* Percent has a no-break space before the sign: "5,1 %".
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

THOUSANDS_SEP = "\u00a0"
DECIMAL_SEP = ","
MINUS = "\u2212"
#: Printed for a value that does not exist (no outcome, no budget).
MISSING = "–"
PERCENT_SUFFIX = "\u00a0%"

Number = Decimal | int | float | str

_THOUSAND = Decimal(1000)
_MILLION = Decimal(1_000_000)
_HUNDRED = Decimal(100)


def to_decimal(value: Number) -> Decimal:
    """Exact Decimal of `value`; a float goes through its shortest repr, not its binary."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a number")
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def round_half_up(value: Number, decimals: int = 0) -> Decimal:
    """`value` rounded half away from zero to `decimals` places (the one rounding step)."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no negative zero
    return rounded


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS_SEP.join(parts)


def format_number(value: Number | None, decimals: int = 0, *, missing: str = MISSING) -> str:
    """'-1234567.891', 1 → '−1 234 567,9' (with no-break spaces)."""
    if value is None:
        return missing
    rounded = round_half_up(value, decimals)
    sign = MINUS if rounded < 0 else ""
    text = f"{abs(rounded):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    result = sign + _group(whole)
    if decimals > 0:
        result += DECIMAL_SEP + fraction
    return result


def format_tkr(kronor: Number | None, *, missing: str = MISSING) -> str:
    """Kronor shown in thousands without decimals: 1 277 600,50 kr → '1 278'."""
    if kronor is None:
        return missing
    return format_number(to_decimal(kronor) / _THOUSAND, 0)


def format_mkr(kronor: Number | None, *, missing: str = MISSING) -> str:
    """Kronor shown in millions with one decimal: −1 918 300 000 kr → '−1 918,3'."""
    if kronor is None:
        return missing
    return format_number(to_decimal(kronor) / _MILLION, 1)


def format_percent(value: Number | None, decimals: int = 1, *, missing: str = MISSING) -> str:
    """A value already in percent: 5.14 → '5,1 %'."""
    if value is None:
        return missing
    return format_number(value, decimals) + PERCENT_SUFFIX


def format_share(ratio: Number | None, decimals: int = 0, *, missing: str = MISSING) -> str:
    """A ratio shown as percent: 0.3226 → '32 %' (shares of a summary have no decimals)."""
    if ratio is None:
        return missing
    return format_percent(to_decimal(ratio) * _HUNDRED, decimals)


def format_quantity(
    value: Number | None, unit: str = "", decimals: int = 0, *, missing: str = MISSING
) -> str:
    """A number with its unit: (86, '%') → '86 %', (14, 'dagar') → '14 dagar'."""
    if value is None:
        return missing
    text = format_number(value, decimals)
    unit = (unit or "").strip()
    if not unit or unit.lower() in {"antal", "st.", "count"}:
        return text
    return text + "\u00a0" + unit


_SPACES = "\u00a0\u202f\u2009 "
_NUMBER_RE = re.compile(
    r"^(?P<sign>[-\u2212\u2013+]?)\s*(?P<int>\d{1,3}(?:[" + _SPACES + r"]\d{3})+|\d+)"
    r"(?:[,.](?P<frac>\d+))?$"
)


def parse_number(text: str) -> Decimal:
    """The inverse of the formatters: '−1 234,5 %' → Decimal('-1234.5').

    Accepts any of the usual space characters as thousands separator, a hyphen, an en
    dash or U+2212 as minus, a comma or point as decimal separator, and a trailing '%'.
    """
    cleaned = text.strip()
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip(_SPACES)
    match = _NUMBER_RE.match(cleaned)
    if not match:
        raise ValueError(f"not a Swedish number: {text!r}")
    digits = re.sub(f"[{_SPACES}]", "", match["int"])
    if match["frac"]:
        digits += "." + match["frac"]
    number = Decimal(digits)
    return -number if match["sign"] in ("-", MINUS, "\u2013") else number


# A hyphen-minus used as a minus sign: before a digit, not inside a word or a range.
_HYPHEN_AS_MINUS = re.compile(r"(?<![\w\-\u2212])-(?=\d)")


def typographic_minus(text: str) -> str:
    """Text typed with a hyphen as minus, as printed numbers have it: '-41 %' → '−41 %'.

    Targets and labels written by people ("-20 % jämfört med 2019") print beside
    formatted outcomes, which use U+2212; a range such as "2020-2021" is left alone.
    """
    return _HYPHEN_AS_MINUS.sub(MINUS, text)
