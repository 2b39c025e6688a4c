"""Charts: one Vega-Lite spec (made with Altair) for every output.

The browser renders the spec interactively with vega-embed; PDF gets SVG and Word gets
PNG from the same spec through vl-convert. Numbers use the Swedish d3 locale (decimal
comma, no-break space as thousands separator, U+2212 minus) and every chart carries a
text alternative derived from its data.
"""

from __future__ import annotations

import functools
import json
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal
from functools import cache, lru_cache

import altair as alt

from styra.formats import numbers as nf

FORMAT_LOCALE = {
    "decimal": nf.DECIMAL_SEP,
    "thousands": nf.THOUSANDS_SEP,
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "minus": nf.MINUS,
}
# DejaVu Sans first: vl-convert measures the labels with the first font of this list it
# has (its own Liberation Sans is always there), while the PDF draws the SVG with the first
# one installed on the machine (Debian always has DejaVu). Liberation first made every
# label wider in the PDF than measured, and the left-most ones were cut.
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
#: Colours with enough contrast against white and against each other in grey scale.
PALETTE = ["#1f4e79", "#c2571a", "#5b8f29", "#7a4f9e", "#8c8c8c"]
CONFIG = {
    "font": FONT,
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "title": {"fontSize": 13, "anchor": "start"},
    "view": {"stroke": None},
}


KEPT_SPECS = 256


def _key_part(value: object) -> object:
    """What JSON cannot write (decimals, dates) by its type and text, so that a key never
    takes the number 1 for the text "1"."""
    return {"type": type(value).__name__, "text": str(value)}


def kept_spec(build: Callable[..., dict]) -> Callable[..., dict]:
    """A chart's spec is a pure function of its arguments, and Altair takes 5–15 ms of CPU
    to make one: the last KEPT_SPECS specs are kept (a report's preview, its PDF and the
    dashboards draw the same charts again and again). Kept as JSON, so that every caller
    gets a dict of its own; keyed on the arguments and on whether specs are checked."""
    kept: OrderedDict[str, str] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(build)
    def spec(*args: object, **kwargs: object) -> dict:
        from django.conf import settings

        key = json.dumps(
            [args, kwargs, settings.STYRA_CHECK_CHART_SPECS], default=_key_part, sort_keys=True
        )
        with lock:
            found = kept.get(key)
            if found is not None:
                kept.move_to_end(key)
        if found is None:
            found = json.dumps(build(*args, **kwargs))
            with lock:
                kept[key] = found
                while len(kept) > KEPT_SPECS:
                    kept.popitem(last=False)
        result: dict = json.loads(found)
        return result

    return spec


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@kept_spec
def small_multiples_spec(
    rows: list[dict], *, title: str, value_title: str, columns: int = 2, width: int = 230
) -> dict:
    """One small bar chart per label, each with its own value axis: rows are {'label',
    'series', 'value', 'text'} dicts ('text' the formatted value, e.g. "86 %"). Unrelated
    figures (a share of 95 % beside a change of −0,6 %) never share an axis that makes one
    look like nothing. The label heads its panel, wrapped over lines instead of cut; each
    bar is named with its value ("Utfall 86 %"), so no number sits on a bar."""
    series = list(dict.fromkeys(r["series"] for r in rows))
    series_order = {name: i for i, name in enumerate(series)}
    data = alt.Data(
        values=[
            {
                "heading": "\n".join(_wrap(r["label"], 34)),
                "label": r["label"],
                "series": r["series"],
                "bar": f"{r['series']} {r['text']}",
                "order": series_order[r["series"]],
                "value": _num(r["value"]),
            }
            for r in rows
        ]
    )
    headings = list(dict.fromkeys("\n".join(_wrap(r["label"], 34)) for r in rows))
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("bar:N", sort=alt.EncodingSortField("order"), title=None),
            x=alt.X("value:Q", title=None, axis=alt.Axis(format=",.1~f", tickCount=4)),
            color=alt.Color(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series, range=PALETTE[: len(series)]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Nyckeltal"),
                alt.Tooltip("series:N", title="Serie"),
                alt.Tooltip("value:Q", title=value_title, format=",.1~f"),
            ],
        )
        .properties(width=width, height=alt.Step(16))
        .facet(
            facet=alt.Facet(
                "heading:N",
                sort=headings,
                title=None,
                header=alt.Header(
                    labelAlign="left",
                    labelAnchor="start",
                    labelFontSize=11,
                    labelLimit=0,
                    labelExpr="split(datum.label, '\\n')",
                ),
            ),
            columns=columns,
            title=alt.TitleParams(text=title, subtitle=value_title),
            spacing={"row": 14, "column": 36},
        )
        .resolve_scale(x="independent", y="independent")
    )
    return _finish(chart)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False) or [text]


@kept_spec
def bar_spec(rows: list[dict], *, title: str, value_title: str, width: int = 520) -> dict:
    """Simple horizontal bars: rows are {'label', 'value'} dicts."""
    data = alt.Data(values=[{**r, "value": _num(r["value"])} for r in rows])
    labels = [r["label"] for r in rows]
    base = alt.Chart(data, title=title).encode(
        y=alt.Y("label:N", sort=labels, title=None),
        x=alt.X("value:Q", title=value_title, axis=alt.Axis(format=",.1~f")),
        tooltip=[
            alt.Tooltip("label:N", title="Del"),
            alt.Tooltip("value:Q", title=value_title, format=",.1~f"),
        ],
    )
    bars = base.mark_bar(color=PALETTE[0])
    text = base.mark_text(align="left", dx=3).encode(text=alt.Text("value:Q", format=",.1~f"))
    return _finish((bars + text).properties(width=width, height=alt.Step(22)))


@kept_spec
def line_spec(rows: list[dict], *, title: str, value_title: str, width: int = 520) -> dict:
    """A series over periods: rows are {'period', 'value'} dicts in order."""
    data = alt.Data(values=[{**r, "value": _num(r["value"])} for r in rows])
    periods = [r["period"] for r in rows]
    chart = (
        alt.Chart(data, title=title)
        .mark_line(point=True, color=PALETTE[0])
        .encode(
            x=alt.X("period:N", sort=periods, title=None),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=",.1~f")),
            tooltip=[
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("value:Q", format=",.1~f"),
            ],
        )
        .properties(width=width, height=220)
    )
    return _finish(chart)


def _finish(chart) -> dict:
    from django.conf import settings

    spec = chart.to_dict(validate=settings.STYRA_CHECK_CHART_SPECS)
    spec["config"] = {**CONFIG, **spec.get("config", {})}
    return spec


def chart_svg(spec: dict) -> str:
    return _svg(json.dumps(spec, sort_keys=True))


def chart_png(spec: dict, scale: float = 2.0) -> bytes:
    return _png(json.dumps(spec, sort_keys=True), scale)


# The preview and each download of one report draw the same charts: keep recent ones.
@lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(json.loads(spec_json), format_locale=FORMAT_LOCALE)


@lru_cache(maxsize=64)
def _png(spec_json: str, scale: float) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(json.loads(spec_json), scale=scale, format_locale=FORMAT_LOCALE)


@cache
def javascript_bundle() -> str:
    """vega, vega-lite and vega-embed as one script, from the vl-convert package.

    The libraries are BSD-3-Clause; taking them from the installed vl-convert wheel
    keeps them in step with the versions that render the PDF and Word charts and needs
    no vendored copy in the repository.
    """
    import vl_convert as vlc

    return vlc.javascript_bundle()


def alt_text_pairs(title: str, rows: list[tuple[str, str]]) -> str:
    """'Title. A: x; B: y.' — the data in words, for screen readers and the PDF's alt."""
    body = "; ".join(f"{label}: {value}" for label, value in rows)
    return f"{title}. {body}." if body else f"{title}. Inga värden."
