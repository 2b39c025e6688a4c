"""Template filters for Swedish numbers: ``{% load numformat %}{{ x|tkr }}``.

All of them delegate to ``styra.formats.numbers``; see there for the conventions.
"""

from __future__ import annotations

from collections.abc import Callable

from django import template

from styra.formats import numbers as numformat

register = template.Library()


def _safe(fn: Callable[..., str], value: object, *args: int) -> object:
    """`fn(value, *args)`; a missing value prints as MISSING, a non-number as itself."""
    if value in (None, ""):
        return numformat.MISSING
    try:
        return fn(value, *args)
    except (TypeError, ValueError):
        return value


@register.filter
def tkr(value: object) -> object:
    """Kronor → '1 278' (thousands, no decimals)."""
    return _safe(numformat.format_tkr, value)


@register.filter
def mkr(value: object) -> object:
    """Kronor → '−1 918,3' (millions, one decimal)."""
    return _safe(numformat.format_mkr, value)


@register.filter
def percent(value: object, decimals: int | str = 1) -> object:
    """A value in percent → '5,1 %'."""
    return _safe(numformat.format_percent, value, int(decimals))


@register.filter
def share(value: object, decimals: int | str = 0) -> object:
    """A ratio → '32 %'."""
    return _safe(numformat.format_share, value, int(decimals))


@register.filter
def number(value: object, decimals: int | str = 0) -> object:
    """Any number → '1 234,5' with `decimals` places."""
    return _safe(numformat.format_number, value, int(decimals))
