"""User text made safe to store and to print: the one cleaning function.

Text reaches Styra from forms, imports (CSV, XLSX, SIE, YAML) and the admin, and leaves
it through four renderers (PDF, Word, HTML, Excel). Characters that have no glyph and
no meaning in a report — control characters, Unicode non-characters, lone surrogates —
break those renderers (an ESC makes Typst's PDF/UA check and python-docx fail; a lone
surrogate cannot even be encoded as UTF-8), so they are removed where text comes in
(`clean_text` in every service, form field and import) and again where it goes out
(every renderer), so that text stored before this rule cannot stop a report either.

What `clean_text` does, and only this:

* line breaks of every kind (CR LF, CR, VT, FF, NEL, U+2028, U+2029) become "\\n";
  a single-line text (`multiline=False`) gets a space instead;
* a tab stays in multi-line text and becomes a space in a single line;
* every other control character (C0, DEL, C1), every non-character (U+FDD0–U+FDEF,
  U+xFFFE, U+xFFFF), every lone surrogate and U+FEFF (a byte-order mark inside text,
  which the PDF/UA check refuses) is removed;
* so are the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069): one U+202E in a comment prints the rest of the line, figures
  included, backwards ("Trojan source"). Right-to-left scripts need none of them; the
  marks U+200E and U+200F stay.

Everything else is kept as written — letters of every script, combining marks, emoji,
formatting characters: whether a font can draw them is the renderer's question (the
PDF falls back to another font, or replaces the glyph), not a reason to change what
someone wrote. Cleaning twice gives the same text as cleaning once.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import CharField, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import limits

# Line breaks other than "\n"; "\r\n" first so that it becomes one break, not two.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls except tab and newline, DEL, C1 controls, bidirectional embeddings,
# overrides and isolates, the byte-order mark, non-characters, surrogates.
_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


def clean_text(text: object, *, multiline: bool = True) -> str:
    """`text` without characters that cannot be stored or printed (see the module doc)."""
    if text is None:
        return ""
    text = str(text)
    if text.isascii() and text.isprintable():
        return text  # the common case, untouched
    text = _BREAKS.sub("\n", text)
    text = _REMOVED.sub("", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def clean_line(text: object) -> str:
    """A single-line text (a name, a title, a code): `clean_text` without line breaks."""
    return clean_text(text, multiline=False)


def column_max_length(model: type[Model], name: str) -> int:
    """The `max_length` of the text column `name` of `model`."""
    field = model._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None, name
    return field.max_length


def check_length(text: str, maximum: int, field: str) -> None:
    """Raise a `ValidationError` for `field` if `text` is longer than `maximum` characters."""
    from django.core.exceptions import ValidationError

    if len(text) > maximum:
        raise ValidationError(
            {
                field: _("Texten är %(length)s tecken; högst %(maximum)s tecken får plats.")
                % {"length": len(text), "maximum": maximum}
            },
            code="max_length",
        )


def clean_comment(text: object, *, field: str = "comment") -> str:
    """A comment as the services store it: cleaned, at most `limits.COMMENT_MAX_CHARS`."""
    cleaned = clean_text(text)
    check_length(cleaned, limits.COMMENT_MAX_CHARS, field)
    return cleaned


class CleanTextField(forms.CharField):
    """A form field for free text: cleaned by `clean_text`, with a length limit.

    `max_length` defaults to `limits.COMMENT_MAX_CHARS`; the browser is told the same
    through the textarea's `maxlength`.
    """

    default_error_messages = {
        "max_length": gettext_lazy("Högst %(limit_value)d tecken får plats (nu %(show_value)d)."),
    }

    def __init__(self, *, multiline: bool = True, **kwargs: Any) -> None:
        self.multiline = multiline
        kwargs.setdefault("max_length", limits.COMMENT_MAX_CHARS)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return clean_text(super().to_python(value), multiline=self.multiline)
