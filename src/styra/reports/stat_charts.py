"""Charts of statistics series: one Vega-Lite spec (Altair) for the browser and documents.

- `column_spec`: vertical grouped columns, e.g. sick leave per interval (columns) for
  this year and last year (colours), with the value printed on each column;
- `line_spec`: one line per series over ordered x values (months, years), e.g. visits
  per month this year and the two before, or the region against riket, with an optional
  dashed target line.

The dashboards draw the same specs with vega-embed; the PDF and Word documents draw
them through `styra.reports.charts.chart_svg/chart_png`. Colours come from the shared
palette and each series also differs by its stroke (lines) so that no series is told
apart by colour alone.
"""

from __future__ import annotations

import json
from decimal import Decimal

import altair as alt

from .charts import PALETTE, _finish, _num, kept_spec

DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]


def _format(decimals: int) -> str:
    return f",.{decimals}f"


def wrap(text: str, width: int = 16) -> list[str]:
    """A label as lines of at most about `width` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [text]


def wrapped_labels(labels: list[str], width: int = 16) -> str | None:
    """A Vega label expression that prints long labels on several lines (None if none is
    long): a lookup from each label to its lines."""
    long = {label: wrap(label, width) for label in labels if len(label) > width}
    if not long:
        return None
    return f"{json.dumps(long, ensure_ascii=False)}[datum.label] || datum.label"


@kept_spec
def column_spec(
    rows: list[dict],
    *,
    title: str,
    value_title: str,
    decimals: int = 1,
    width: int = 520,
    height: int = 240,
) -> dict:
    """Rows are {'category', 'series', 'value'}; categories and series in given order."""
    data = alt.Data(values=[{**r, "value": _num(r["value"])} for r in rows])
    categories = list(dict.fromkeys(r["category"] for r in rows))
    series = list(dict.fromkeys(r["series"] for r in rows))
    number = _format(decimals)
    expression = wrapped_labels(categories)
    axis = (
        alt.Axis(labelAngle=0, labelExpr=expression, labelLimit=0)
        if expression
        else alt.Axis(labelAngle=0)
    )
    base = alt.Chart(data, title=title).encode(
        x=alt.X("category:N", sort=categories, title=None, axis=axis),
        xOffset=alt.XOffset("series:N", sort=series),
        y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=number, titlePadding=8)),
        tooltip=[
            alt.Tooltip("category:N", title="Del"),
            alt.Tooltip("series:N", title="Serie"),
            alt.Tooltip("value:Q", title=value_title, format=number),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "series:N",
            sort=series,
            title=None,
            scale=alt.Scale(domain=series, range=PALETTE[: len(series)]),
        )
    )
    labels = base.mark_text(dy=-5, fontSize=10, color="#222222").encode(
        text=alt.Text("value:Q", format=number)
    )
    chart = (bars + labels).properties(width=width, height=height)
    return _finish(chart)


@kept_spec
def line_spec(
    rows: list[dict],
    *,
    title: str,
    value_title: str,
    decimals: int = 1,
    target: Decimal | None = None,
    target_label: str = "Mål",
    width: int = 520,
    height: int = 240,
) -> dict:
    """Rows are {'x', 'series', 'value'}; x values and series in the given order."""
    data = alt.Data(values=[{**r, "value": _num(r["value"])} for r in rows])
    xs = list(dict.fromkeys(r["x"] for r in rows))
    series = list(dict.fromkeys(r["series"] for r in rows))
    number = _format(decimals)
    lines = (
        alt.Chart(data, title=title)
        .mark_line(point=alt.OverlayMarkDef(size=45, filled=True), strokeWidth=2)
        .encode(
            x=alt.X(
                "x:N",
                sort=xs,
                title=None,
                axis=alt.Axis(
                    labelAngle=-40 if len(xs) > 8 else 0,
                    labelAlign="right" if len(xs) > 8 else "center",
                ),
            ),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=number, titlePadding=8)),
            color=alt.Color(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series, range=PALETTE[: len(series)]),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series, range=DASHES[: len(series)]),
            ),
            shape=alt.Shape(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series, range=SHAPES[: len(series)]),
            ),
            tooltip=[
                alt.Tooltip("x:N", title="Period"),
                alt.Tooltip("series:N", title="Serie"),
                alt.Tooltip("value:Q", title=value_title, format=number),
            ],
        )
    )
    layers = [lines]
    if target is not None:
        rule_data = alt.Data(values=[{"target": float(target), "label": target_label}])
        rule = (
            alt.Chart(rule_data)
            .mark_rule(color="#5b5b5b", strokeDash=[4, 4], strokeWidth=1.5)
            .encode(y="target:Q")
        )
        text = (
            alt.Chart(rule_data)
            .mark_text(align="left", dx=4, dy=-6, fontSize=10, color="#3b3b3b")
            .encode(y="target:Q", x=alt.value(0), text="label:N")
        )
        layers += [rule, text]
    chart = alt.layer(*layers).properties(width=width, height=height)
    return _finish(chart)
