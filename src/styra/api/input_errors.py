"""pydantic's complaints about a request, as Swedish problems naming row and field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .errors import Problem

# Where in the request a field is: ninja's first `loc` element.
WHERE = {"body": "", "query": "", "path": ""}


def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("värde saknas")
    if kind == "string_too_long":
        return _("för lång text (högst %(n)s tecken)") % {"n": ctx.get("max_length", "?")}
    if kind == "string_too_short":
        return _("för kort text (minst %(n)s tecken)") % {"n": ctx.get("min_length", "?")}
    if kind == "too_long":
        return _("för många (högst %(n)s)") % {"n": ctx.get("max_length", "?")}
    if kind == "too_short":
        return _("för få (minst %(n)s)") % {"n": ctx.get("min_length", "?")}
    if kind == "string_pattern_mismatch":
        return _('skrivs som ett tal med punkt, t.ex. "-1234.5"')
    if kind.startswith("int_") or kind.startswith("greater_than") or kind.startswith("less_than"):
        return _("ska vara ett heltal inom tillåtna gränser")
    if kind.startswith("bool"):
        return _("ska vara true eller false")
    if kind.startswith("date"):
        return _("ska vara ett datum, ÅÅÅÅ-MM-DD")
    if kind in ("string_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("fel typ av värde")
    if kind == "json_invalid":
        return _("inte giltig JSON")
    return _("ogiltigt värde")


def input_problems(errors: list[dict[str, Any]]) -> list[Problem]:
    """Each error with the row (1 = the first element of the list) and the field path."""
    problems = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if str(part) not in WHERE]
        row = None
        path: list[str] = []
        for index, part in enumerate(loc):
            if isinstance(part, int) and row is None and index > 0:
                row = part + 1
            elif part not in ("payload",):
                path.append(str(part))
        problems.append(Problem(message=_message(error), row=row, field=".".join(path)))
    return problems
