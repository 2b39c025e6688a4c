"""Template tags of the dashboard, where one page shows hundreds of rows.

{% load styra_dashboard %}
{% dashboard_badge status %}          `styra_web.status_badge`, rendered once per status and language
{% outcome row.total_value indicator %} an indicator's value as `web/includes/value.html` shows it
{% targets_text row.targets indicator %} the targets as `web/includes/targets_inline.html`
{% dashboard_rows rows item_base %}     a goal area's item rows, all of them in one pass
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from styra.followup.summary import StatusKey
from styra.formats import numbers as numformat
from styra.plans.models import Target, TargetKind

from .styra_web import status_badge

register = template.Library()


@lru_cache(maxsize=256)
def _badge(status: StatusKey | None, language: str) -> SafeString:
    html = render_to_string("web/includes/status_badge.html", status_badge(status))
    return mark_safe(html)  # the badge template's own escaped output


@register.simple_tag
def dashboard_badge(status: StatusKey | None) -> SafeString:
    """The status badge of `status` (symbol, label, colour; never colour alone)."""
    return _badge(status, get_language() or "")


@register.simple_tag
def outcome(value, indicator) -> SafeString:
    """`web/includes/value.html` for one row, without an include per row."""
    if value is None:
        return format_html('<span class="muted">{}</span>', _("Inget värde"))
    if value.value is None:
        reason = value.get_missing_reason_display() or _("Saknas")
        return format_html('<span class="muted">{}</span>', reason)
    text = numformat.format_quantity(
        value.value, indicator.unit if indicator else "", indicator.decimals if indicator else 0
    )
    if value.period_label:
        return format_html('{} <span class="period">({})</span>', text, value.period_label)
    return format_html("{}", text)


def _target(target: Target, indicator) -> str:
    if target.text:
        text = target.text
    elif target.kind == TargetKind.NOT_SET:
        text = str(_("Målvärde ej fastställt"))
    elif target.value is not None:
        text = numformat.format_quantity(
            target.value,
            target.unit or (indicator.unit if indicator else ""),
            indicator.decimals if indicator else 0,
        )
    else:
        text = target.get_kind_display()
    return f"{text} ({target.scope})" if target.scope else text


@register.simple_tag
def targets_text(targets: list[Target], indicator) -> SafeString:
    """`web/includes/targets_inline.html` for one row, without includes per target."""
    if not targets:
        return format_html('<span class="muted">{}</span>', _("Inget mål"))
    return format_html("{}", " / ".join(_target(t, indicator) for t in targets))


@register.simple_tag
def dashboard_rows(rows, item_base: str) -> SafeString:
    """The item rows of one goal area's table: number, status, item (linked to its page,
    with its level), owner, outcome and target — as the template would write them, in
    one pass, since a whole organisation's dashboard has hundreds of rows."""
    labels = (_("Nr"), _("Status"), _("Post"), _("Ägare"), _("Utfall"), _("Mål"))
    return format_html_join(
        "\n",
        '<tr><td class="col-number" data-label="{}">{}</td>'
        '<td class="col-status" data-label="{}">{}</td>'
        '<th scope="row" data-label="{}"><a href="{}{}/">{}</a> <span class="muted">({})</span></th>'
        '<td data-label="{}">{}</td>'
        '<td class="num" data-label="{}">{}</td>'
        '<td class="col-target" data-label="{}">{}</td></tr>',
        (
            (
                labels[0],
                row.number,
                labels[1],
                dashboard_badge(row.status),
                labels[2],
                item_base,
                quote(row.item.code, safe=""),
                row.item.title,
                row.item.level.name,
                labels[3],
                row.owner_name,
                labels[4],
                outcome(row.total_value, row.indicator) if row.item.kind == "indicator" else "",
                labels[5],
                targets_text(row.targets, row.indicator),
            )
            for row in rows
        ),
    )
