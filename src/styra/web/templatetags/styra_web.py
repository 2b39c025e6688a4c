"""Template tags of the web pages: the header, the main navigation and status badges."""

from __future__ import annotations

import functools
import re

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from styra.access import permissions
from styra.formats import numbers as numformat
from styra.org import selectors as org_selectors
from styra.web.colours import readable_text_colour

register = template.Library()

# A colour from the database goes into a style attribute, so only plain hex passes.
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
FALLBACK_COLOUR = "#6b6b6b"

# The main navigation: (label, URL name).
MAIN_NAV = [
    (_("Planer"), "web:plan_list"),
    (_("Måltavla"), "dashboard:index"),
    (_("Planering"), "planning:index"),
    (_("Uppföljning"), "followup:index"),
    (_("Mina uppgifter"), "followup:my_tasks"),
    (_("Ekonomi"), "finance:index"),
    (_("Prognoser och register"), "economy:index"),
    (_("Rapporter"), "reports:index"),
    (_("Läs in filer"), "uploads:index"),
    (_("Jobb"), "jobs:list"),
]
# Shown only to whom the page is for: (label, URL name, who may use it).
ROLE_NAV = [
    (_("Administration"), "administration:index", permissions.may_administer_anything),
]


@register.simple_tag
def organisation_name() -> str:
    return org_selectors.organisation_name(timezone.localdate())


@functools.cache
def _nav_urls(script_prefix: str, urlconf: str) -> dict[str, str]:
    """The navigation's URLs, reversed once per process: they change only with the prefix
    the site is served under and the URL configuration, which are the key."""
    return {
        name: reverse(name) for name in [n for _l, n in MAIN_NAV] + [n for _l, n, _m in ROLE_NAV]
    }


@register.simple_tag(takes_context=True)
def main_nav_items(context) -> list[dict]:
    request = context.get("request")
    path = request.path if request else ""
    entries = []
    reversed_urls = _nav_urls(get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    urls = [(label, reversed_urls[url_name]) for label, url_name in MAIN_NAV]
    user = getattr(request, "user", None)
    urls += [(label, reversed_urls[name]) for label, name, may in ROLE_NAV if user and may(user)]
    # The longest matching prefix is the current entry (/uppfoljning/mina-uppgifter/ is
    # Mina uppgifter, not Uppföljning).
    current = max((url for _label, url in urls if path.startswith(url)), key=len, default=None)
    for label, url in urls:
        entries.append({"label": label, "url": url, "current": url == current})
    return entries


@register.inclusion_tag("web/includes/status_badge.html")
def status_badge(level, empty_label: str = "") -> dict:
    """A status level as symbol, label and colour together (never colour alone).

    `level` is a StatusLevel or None (no assessment yet); `empty_label` names that case.
    """
    if level is None:
        return {"level": None, "empty_label": empty_label or _("Ej bedömd")}
    colour = level.colour if HEX_COLOUR.match(level.colour or "") else FALLBACK_COLOUR
    return {"level": level, "colour": colour, "symbol_colour": readable_text_colour(colour)}


def _heading_level(depth: int) -> int:
    # The page title is h1 and top-level items are h2; HTML has no h7.
    return min(int(depth) + 2, 6)


@register.simple_tag
def heading_open(depth: int) -> SafeString:
    return mark_safe(f"<h{_heading_level(depth)}>")


@register.simple_tag
def heading_close(depth: int) -> SafeString:
    return mark_safe(f"</h{_heading_level(depth)}>")


@register.simple_tag
def quantity(value, unit: str = "", decimals: int = 0) -> str:
    """A number with its unit, formatted by `styra.formats.numbers`: '31,4 %'."""
    if value in (None, ""):
        return numformat.MISSING
    return numformat.format_quantity(value, unit or "", int(decimals or 0))


@register.filter
def minus(text) -> str:
    """A hyphen typed as minus sign printed as one: '-41 %' → '−41 %'."""
    return numformat.typographic_minus(str(text))
