"""Forms of the reporting screens; they parse input, the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from styra.formats import limits
from styra.formats.numbers import parse_number
from styra.formats.text import CleanTextField

from .models import MissingReason


class SwedishDecimalField(forms.CharField):
    """A number as people type it: "5,7", "1 234,5", "−3"."""

    def to_python(self, value) -> Decimal | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError:
            raise forms.ValidationError(
                _("Skriv ett tal, till exempel 5,7."), code="invalid"
            ) from None


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, required=False, **kwargs)


def cells_of(indicator) -> list[tuple[str, str]]:
    """The breakdown rows an indicator reports: (dimension, member)."""
    if indicator is None:
        return []
    cells: list[tuple[str, str]] = []
    for dimension in indicator.breakdowns or []:
        if dimension == "sex":
            cells += [("sex", "kvinnor"), ("sex", "män")]
        else:
            cells += [(dimension, label) for label in indicator.breakdown_labels or []]
    return cells


COMPLETED_CHOICES = [("", _("Inte angivet")), ("ja", _("Ja")), ("nej", _("Nej"))]


class AssessmentForm(forms.Form):
    version = VersionField()
    value = SwedishDecimalField(label=_("Utfall"), required=False)
    missing_reason = forms.ChoiceField(
        label=_("Om värde saknas: orsak"),
        choices=[("", "–"), *MissingReason.choices],
        required=False,
    )
    period_label = CleanTextField(
        multiline=False,
        label=_("Mätperiod"),
        required=False,
        max_length=60,
        help_text=_("Värdets egen period, t.ex. ”jan–mar 2026” eller ”30 april”."),
    )
    completed = forms.ChoiceField(label=_("Genomförd"), choices=COMPLETED_CHOICES, required=False)
    status_code = forms.ChoiceField(label=_("Status"), required=False)
    comment = CleanTextField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, levels=(), indicator=None, show_completed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_code"].choices = [
            ("", _("Föreslagen status")),
            *[(level.code, f"{level.symbol} {level.label}") for level in levels],
        ]
        self.cells = cells_of(indicator)
        for index, (_dimension, member) in enumerate(self.cells):
            self.fields[f"cell_{index}"] = SwedishDecimalField(label=member, required=False)
        if indicator is None:
            for name in ("value", "missing_reason", "period_label"):
                del self.fields[name]
        if not show_completed:
            del self.fields["completed"]

    def cell_fields(self):
        return [self[f"cell_{index}"] for index in range(len(self.cells))]

    def completed_value(self) -> bool | None:
        answer = self.cleaned_data.get("completed")
        return None if not answer else answer == "ja"


class SectionTextForm(forms.Form):
    version = VersionField()
    body = CleanTextField(
        label=_("Text"),
        required=False,
        max_length=limits.SECTION_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReturnForm(forms.Form):
    reason = CleanTextField(
        label=_("Skäl till återremiss"), widget=forms.Textarea(attrs={"rows": 3})
    )
