"""Forms of the season pages; they parse input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styra.formats.text import CleanTextField


class LockForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jag har gått igenom det som är öppet och vill fastställa uppföljningstillfället."),
        error_messages={"required": _("Bekräfta att du vill fastställa.")},
    )
    reason = CleanTextField(
        label=_("Skäl till att fastställa trots det som är öppet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
