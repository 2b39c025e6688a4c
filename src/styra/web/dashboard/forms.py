"""The dashboard's filters: GET parameters checked against what the dashboard holds."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import Choice, Filters


def _choices(options: list[Choice], everything: object) -> list[tuple[str, object]]:
    return [("", everything), *((c.value, c.label) for c in options)]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    niva = forms.ChoiceField(label=_("Nivå"), required=False)
    agare = forms.ChoiceField(label=_("Ägare"), required=False)

    def __init__(self, data, *, statuses: list[Choice], levels: list[Choice], owners: list[Choice]):
        super().__init__(data)
        for name, options, everything in (
            ("status", statuses, _("Alla statusar")),
            ("niva", levels, _("Alla nivåer")),
            ("agare", owners, _("Alla ägare")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = _choices(options, everything)

    def filters(self) -> Filters:
        """The filters asked for; none when the form is not valid."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(status=data["status"], level=data["niva"], owner=data["agare"])


PARAMETERS = ("status", "niva", "agare")
