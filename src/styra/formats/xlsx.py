"""Writing user text into an Excel workbook as text, never as a formula.

openpyxl stores a string that starts with "=" as a formula, and Excel (or LibreOffice)
evaluates a cell that starts with "=", "+", "-" or "@" once someone edits it — so a
comment "=HYPERLINK(…)" or "=cmd|' /C calc'!A0" would become live in the report's
workbook (formula injection, OWASP "CSV injection"). Every XLSX Styra writes puts
text through `write_text`: the cell is typed as a string, and a text that looks like a
formula gets Excel's quote prefix (the cell shows the text as written and stays text
when edited; nothing is added to the text itself).
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import Cell

from .text import clean_text

#: First characters that make a spreadsheet treat a typed cell as a formula (ASCII and
#: their full-width forms, which some spreadsheet programs also accept).
FORMULA_STARTS = tuple("=+-@\uff1d\uff0b\uff0d\uff20")


def looks_like_formula(text: str) -> bool:
    """True for "=1+1", "+46…", "-2", "@SUM(…)", also after blanks, tabs or line breaks."""
    return text.lstrip().startswith(FORMULA_STARTS)


def write_text(cell: Cell, text: object) -> None:
    """Put `text` in the openpyxl `cell` as a plain string (cleaned, see formats.text)."""
    value = clean_text(text)
    cell.value = value
    cell.data_type = "s"  # openpyxl would otherwise type "=…" as a formula
    if looks_like_formula(value):
        cell.quotePrefix = True


#: Characters Excel does not allow in a sheet's name.
SHEET_NAME_INVALID = re.compile(r"[\[\]\*\?/\\:]")


def sheet_title(caption: str, used: set[str], fallback: str = "Tabell") -> str:
    """A table's caption as a sheet name people read: within Excel's 31 characters (cut at
    a word, with an ellipsis) and unique in the workbook (`used`, lower case, is updated);
    `fallback` when there is no caption."""
    text = SHEET_NAME_INVALID.sub("-", " ".join(str(caption).split())).strip("'")
    text = text or SHEET_NAME_INVALID.sub("-", fallback) or "Tabell"
    if len(text) > 31:
        cut = text[:30]
        if " " in cut:
            cut = cut[: cut.rindex(" ")]
        text = cut.rstrip(" ,;–-") + "…"
    name, n = text, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = text[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    used.add(name.lower())
    return name
