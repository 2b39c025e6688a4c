"""The dashboard's trends as Vega-Lite specs, from the report charts' own definitions
(`styra.reports.stat_charts.line_spec`): a trend looks the same on the dashboard as in a
report's PDF, Word or preview."""

from __future__ import annotations

from django.utils.translation import gettext as _

from styra.formats import numbers as nf
from styra.reports import charts, stat_charts

from .selectors import ChartData

AXIS_TITLES = {"%": "Procent", "tkr": "Tusental kronor", "mkr": "Miljoner kronor", "kr": "Kronor"}


def value_title(data: ChartData) -> str:
    return AXIS_TITLES.get(data.unit, data.unit) if data.unit else _("Värde")


def target_label(data: ChartData) -> str:
    if data.target is None:
        return ""
    return _("Mål %(value)s") % {"value": nf.format_number(data.target, data.decimals)}


def spec(data: ChartData) -> dict:
    return stat_charts.line_spec(
        data.points,
        title=data.title,
        value_title=value_title(data),
        decimals=data.decimals,
        target=data.target,
        target_label=target_label(data),
    )


def alt_text(data: ChartData) -> str:
    """The chart in words for screen readers: every period with each series' value."""
    suffix = f" {data.unit}" if data.unit else ""
    pairs = [
        (
            x,
            "; ".join(
                f"{name} {nf.format_number(value, data.decimals)}{suffix}"
                for name, value in zip(data.series, values, strict=True)
                if value is not None
            ),
        )
        for x, values in data.table()
    ]
    if data.target is not None:
        pairs.append((_("Mål"), f"{nf.format_number(data.target, data.decimals)}{suffix}"))
    return charts.alt_text_pairs(_("Linjediagram: %(title)s") % {"title": data.title}, pairs)
