"""Template filters for Swedish numbers: ``{% load numformat %}{{ x|tkr }}``.

All of them delegate to ``styra.formats.numbers``; see there for the conventions.
"""

from __future__ import annotations

from django import template

from styra.formats import numbers as numformat

register = template.Library()


def _safe(fn, value, *args):
    if value in (None, ""):
        return numformat.MISSING
    try:
        return fn(value, *args)
    except (TypeError, ValueError):
        return value


@register.filter
def tkr(value):
    """Kronor → '1 278' (thousands, no decimals)."""
    return _safe(numformat.format_tkr, value)


@register.filter
def mkr(value):
    """Kronor → '−1 918,3' (millions, one decimal)."""
    return _safe(numformat.format_mkr, value)


@register.filter
def percent(value, decimals=1):
    """A value in percent → '5,1 %'."""
    return _safe(numformat.format_percent, value, int(decimals))


@register.filter
def share(value, decimals=0):
    """A ratio → '32 %'."""
    return _safe(numformat.format_share, value, int(decimals))


@register.filter
def number(value, decimals=0):
    """Any number → '1 234,5' with `decimals` places."""
    return _safe(numformat.format_number, value, int(decimals))
