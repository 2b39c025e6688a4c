"""Status badges: symbol, label and a readable symbol colour on every status colour."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from styra.plans.models import StatusLevel
from styra.web.colours import contrast_ratio, readable_text_colour


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_symbol_text_is_readable_on_any_status_colour(colour):
    # The better of black and white always reaches at least 4.5:1 against any colour.
    assert contrast_ratio(colour, readable_text_colour(colour)) >= 4.5


def test_yellow_gets_dark_text_and_dark_green_gets_white():
    assert readable_text_colour("#f9a825") == "#000000"
    assert readable_text_colour("#1b5e20") == "#ffffff"


def _render(level):
    return Template("{% load styra_web %}{% status_badge level %}").render(
        Context({"level": level})
    )


def test_badge_shows_symbol_and_label_never_colour_alone():
    level = StatusLevel(code="delvis", label="Delvis uppfyllt", colour="#f9a825", symbol="◐")
    html = _render(level)
    assert '<span class="status-badge__symbol" aria-hidden="true">◐</span>' in html
    assert '<span class="status-badge__label">Delvis uppfyllt</span>' in html
    assert "--status-colour: #f9a825; --status-text: #000000" in html


def test_badge_refuses_anything_but_a_hex_colour_in_the_style_attribute():
    level = StatusLevel(label="X", colour="red;x:y", symbol="●")
    assert "--status-colour: #6b6b6b" in _render(level)


def test_badge_without_level_says_not_judged():
    assert "Ej bedömd" in _render(None)
