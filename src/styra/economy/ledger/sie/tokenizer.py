"""Splitting a SIE line into fields, and parsing amounts, dates and periods exactly.

This is the general, forgiving path used for every line that the reader's fast path
does not take. Real files differ in small ways (tabs or spaces, quoted or bare values,
`{ "1" "1010"}` with odd spacing), so the rules here are lenient where the meaning is
still clear and strict where a guess could change an amount or a date.
"""

from __future__ import annotations

import re
from datetime import date

from styra.formats.amounts import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS

# One field: a quoted string (`\"` escapes a quote; an unterminated quote runs to the
# end of the line), an opening or closing brace, or a bare run of non-blank characters.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"?|(\{)|(\})|([^\s"{}]+)')
_ESCAPE = re.compile(r'\\(["\\])')
_AMOUNT = re.compile(r"([+-]?)(\d*)(?:[.,](\d*))?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
#: Kronor digits an amount column holds (DECIMAL(18, 2)): a larger amount is an error
#: with its line, not a number that breaks the database later.
MAX_WHOLE_DIGITS = AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES


class ObjectList(tuple[str, ...]):
    """The raw fields between `{` and `}`: dimension, code, dimension, code, …"""

    __slots__ = ()


class UnclosedObjectList(ObjectList):
    """An object list whose `}` never came before the end of the line."""

    __slots__ = ()


Token = str | ObjectList
Objects = tuple[tuple[int, str], ...]  # (dimension, code) pairs


def tokenize(line: str) -> list[Token]:
    """Split one line into fields; an object list becomes one `ObjectList` token.

    Stray braces (a `{` inside a list, a `}` outside one) are skipped, so that the
    fields around them keep their positions as far as possible.
    """
    tokens: list[Token] = []
    current: list[str] | None = None
    for quoted, opening, closing, bare in _TOKEN.findall(line.strip()):
        if opening:
            if current is None:
                current = []
            continue
        if closing:
            if current is not None:
                tokens.append(ObjectList(current))
                current = None
            continue
        if bare:
            value = bare
        else:
            value = _ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted
        if current is None:
            tokens.append(value)
        else:
            current.append(value)
    if current is not None:
        tokens.append(UnclosedObjectList(current))
    return tokens


def object_pairs(items: ObjectList) -> tuple[tuple[int, str], ...]:
    """Pair an object list's fields as (dimension, code); raise ValueError if malformed."""
    if isinstance(items, UnclosedObjectList):
        raise ValueError("objektlistan saknar avslutande }")
    if len(items) % 2:
        raise ValueError("objektlistan har ett udda antal fält")
    return tuple((parse_int(items[i]), items[i + 1]) for i in range(0, len(items), 2))


def parse_int(text: str) -> int:
    """An integer field such as a year index or a dimension number."""
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"ogiltigt heltal: {text!r}")
    return int(text)


def parse_amount(text: str) -> int:
    """An amount in kronor as integer öre, exactly: "-1234.5" -> -123450.

    A comma is accepted as the decimal sign. More than two decimals are accepted only
    when the extra ones are zeros, because anything else cannot be stored in öre.
    """
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise ValueError(f"ogiltigt belopp: {text!r}")
    sign, whole, decimals = match.groups()
    decimals = decimals or ""
    if not whole and not decimals:
        raise ValueError(f"ogiltigt belopp: {text!r}")
    if decimals[2:].strip("0"):
        raise ValueError(f"beloppet {text} har fler än två decimaler")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(
            f"beloppet {text[:40]} är för stort (högst {MAX_WHOLE_DIGITS} siffror före decimaltecknet)"
        )
    ore = int(whole or "0") * 100 + int(decimals[:2].ljust(2, "0"))
    return -ore if sign == "-" else ore


def parse_date(text: str) -> date:
    """A date written YYYYMMDD."""
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise ValueError(f"ogiltigt datum: {text!r}")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValueError(f"ogiltigt datum: {text!r}") from None


def parse_period(text: str) -> int:
    """A period written YYYYMM, returned as the integer yyyymm."""
    if len(text) != 6 or not (text.isascii() and text.isdigit()) or not 1 <= int(text[4:]) <= 12:
        raise ValueError(f"ogiltig period: {text!r}")
    return int(text)


def repair_utf8(text: str) -> str | None:
    """The text as UTF-8 if a cp437-decoded field really held UTF-8 bytes, else None.

    Some programs write UTF-8 although the file says `#FORMAT PC8`. Swedish text in
    real cp437 practically never forms valid multi-byte UTF-8, so this is safe to use
    for names.
    """
    if text.isascii():
        return None
    try:
        repaired = text.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return repaired if repaired != text else None


def field_at(tokens: list[Token], index: int, name: str) -> str:
    """The plain field at `index`, or ValueError naming the missing field."""
    if index >= len(tokens):
        raise ValueError(f"{name} saknas")
    value = tokens[index]
    if isinstance(value, ObjectList):
        raise ValueError(f"{name} saknas (en objektlista står på dess plats)")
    return value


def optional_at(tokens: list[Token], index: int) -> str | None:
    """An optional trailing field: None when absent, empty or an object list."""
    if index < len(tokens):
        value = tokens[index]
        if isinstance(value, str) and value:
            return value
    return None
