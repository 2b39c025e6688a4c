"""Colour arithmetic for presentation: which text colour is readable on a status colour.

WCAG 2.1 relative luminance and contrast ratio (success criterion 1.4.3).
"""

from __future__ import annotations

DARK = "#000000"  # pure black: with white, always reaches 4.5:1 on any colour
LIGHT = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text_colour(background: str) -> str:
    """Dark or white text, whichever contrasts more with `background`."""
    try:
        dark, light = contrast_ratio(background, DARK), contrast_ratio(background, LIGHT)
    except ValueError:
        return DARK
    return DARK if dark >= light else LIGHT
