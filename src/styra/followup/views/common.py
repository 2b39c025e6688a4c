"""What the follow-up views share: lookups, permission guards, HTMX-aware rendering."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render

from styra.followup.explain import decimal_places
from styra.followup.models import Round
from styra.formats.numbers import format_number
from styra.org.models import Unit


def get_round(code: str) -> Round:
    return get_object_or_404(Round.objects.select_related("plan", "plan__unit"), code=code)


def get_unit(code: str) -> Unit:
    return get_object_or_404(Unit, code=code)


def error_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}


def render_form(request, full: str, fragment: str, context: dict, status: int = 200):
    """HTMX gets the fragment (always 200, so it is swapped in); a plain POST gets the page.

    A failed plain POST answers with `status` (400 invalid, 409 conflict).
    """
    if request.htmx:
        return render(request, fragment, context)
    return render(request, full, context, status=status)


def input_number(value) -> str:
    """A stored number as it goes back into an input: every stored decimal, Swedish style."""
    if value is None:
        return ""
    return format_number(value, decimal_places(value))
