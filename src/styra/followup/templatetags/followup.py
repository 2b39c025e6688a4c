"""Template tags other apps may use: an item's change history, unread notifications.

{% load followup %}
{% item_history item %}            every round of the item's plan
{% item_history item round %}      one round
{% unread_notifications as n %}
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from styra.followup import selectors
from styra.followup.explain import decimal_places
from styra.formats.numbers import format_number

register = template.Library()


@register.filter
def history_value(value):
    """A value of the history as stored: numbers in Swedish with every stored decimal."""
    if isinstance(value, Decimal):
        return format_number(value, decimal_places(value))
    return value


@register.inclusion_tag("followup/_history.html")
def item_history(item, round=None):  # noqa: A002 - the template names it so
    if round is not None:
        return {"history": selectors.assessment_history(round, item)}
    return {"history": selectors.item_history(item)}


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    return selectors.unread_count(request.user) if request else 0


@register.simple_tag
def progress_text(kind: str, reported: int, due: int) -> str:
    """ "12 av 31 uppdrag rapporterade"."""
    from django.utils.translation import gettext as _

    from styra.followup.labels import kind_count

    return _("%(reported)s av %(due)s rapporterade") % {
        "reported": reported,
        "due": kind_count(kind, due),
    }
