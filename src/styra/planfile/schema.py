"""Validate a plan or organisation document against the committed JSON Schema.

jsonschema's own messages are English and technical; we translate each failure into
one Swedish line naming the field, using the schema's `title` (what an enum holds) and
`x-hint` (what a pattern expects).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from importlib import resources

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from styra.formats.problems import ImportProblem

from .source import Document

TYPE_NAMES = {
    "string": "text",
    "number": "tal",
    "integer": "heltal",
    "array": "lista",
    "object": "objekt (nyckel: värde)",
    "boolean": "true eller false",
}


@cache
def plan_schema() -> dict:
    text = resources.files("styra.planfile").joinpath("plan.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def planning_schema() -> dict:
    text = resources.files("styra.planfile").joinpath("planning.schema.json").read_text("utf-8")
    return json.loads(text)


PLANNING_FORMAT = "styra-planning/1"


@cache
def _validator(planning: bool = False) -> Draft202012Validator:
    schema = planning_schema() if planning else plan_schema()
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _show(value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict | list):
        return _("(%(type)s)") % {
            "type": TYPE_NAMES["object" if isinstance(value, dict) else "array"]
        }
    return repr(value) if isinstance(value, str) else str(value)


def swedish_message(error: ValidationError) -> str:
    """One Swedish line for a JSON Schema failure (also used by the report templates)."""
    schema, value = error.schema, error.instance
    validator = error.validator
    if validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return _("%(value)s är inte en giltig %(what)s (%(choices)s)") % {
            "value": _show(value),
            "what": schema.get("title", _("värde")),
            "choices": choices,
        }
    if validator == "const":
        return _("ska vara %(value)s") % {"value": error.validator_value}
    if validator == "required":
        missing = [name for name in error.validator_value if name not in value]
        return _("obligatoriskt fält saknas: %(field)s") % {"field": ", ".join(missing)}
    if validator == "additionalProperties":
        known = set(schema.get("properties", {}))
        extra = sorted(str(k) for k in value if k not in known)
        return _("okänt fält: %(field)s (tillåtna: %(known)s)") % {
            "field": ", ".join(extra),
            "known": ", ".join(sorted(known)),
        }
    if validator == "type":
        expected = error.validator_value
        names = [
            TYPE_NAMES.get(t, t) for t in (expected if isinstance(expected, list) else [expected])
        ]
        return _("ska vara %(type)s, inte %(value)s") % {
            "type": _(" eller ").join(names),
            "value": _show(value),
        }
    if validator == "pattern":
        return _("%(value)s har fel form (väntat: %(hint)s)") % {
            "value": _show(value),
            "hint": schema.get("x-hint", error.validator_value),
        }
    if validator == "format":
        return _("%(value)s är inget giltigt datum (ÅÅÅÅ-MM-DD)") % {"value": _show(value)}
    if validator == "minLength":
        return _("får inte vara tomt")
    if validator == "maxLength":
        return _("är för långt (högst %(n)s tecken)") % {"n": error.validator_value}
    if validator == "minItems":
        return _("ska ha minst %(n)s element") % {"n": error.validator_value}
    if validator == "uniqueItems":
        return _("innehåller samma värde flera gånger")
    if validator == "minimum":
        return _("ska vara minst %(n)s") % {"n": error.validator_value}
    if validator == "maximum":
        return _("ska vara högst %(n)s") % {"n": error.validator_value}
    if validator == "propertyNames":
        return _("ogiltigt nyckelnamn")
    return error.message


def _leaves(error: ValidationError):
    """The most specific failures: `if/then`, `$ref` and friends wrap the real ones."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def validate_document(document: Document) -> list[ImportProblem]:
    problems = []
    data = document.data
    planning = isinstance(data, dict) and data.get("format") == PLANNING_FORMAT
    for error in _validator(planning).iter_errors(data):
        for leaf in _leaves(error):
            path = tuple(leaf.absolute_path)
            if leaf.validator == "propertyNames" and isinstance(leaf.instance, str):
                continue
            problems.append(document.problem(path, swedish_message(leaf)))
    # A file can fail the same way through two branches; say it once.
    unique = {(p.line, p.field, p.message): p for p in problems}
    return list(unique.values())
