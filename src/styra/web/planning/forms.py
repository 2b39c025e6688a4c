"""Forms of the planning pages. Amounts are typed in mkr (needs) or tkr (investments)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styra.economy.registers.forms import AmountField
from styra.economy.registers.models import InvestmentKind


def _year_fields(form: forms.Form, years: list[int], scale: str) -> None:
    for year in years:
        form.fields[f"amount_{year}"] = AmountField(
            scale=scale,
            required=False,
            label=_("%(year)s (%(scale)s)") % {"year": year, "scale": scale},
        )


class YearAmountsForm(forms.Form):
    scale = "tkr"

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        _year_fields(self, years, self.scale)

    def amounts(self) -> dict:
        return {
            year: self.cleaned_data[f"amount_{year}"]
            for year in self.years
            if self.cleaned_data.get(f"amount_{year}") is not None
        }

    def year_fields(self):
        return [self[f"amount_{year}"] for year in self.years]


class NeedForm(YearAmountsForm):
    scale = "mkr"
    title = forms.CharField(label=_("Behov eller satsning"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


RISK_CHOICES = [("", _("Ej angivet")), ("ja", _("Ja")), ("nej", _("Nej"))]


class RequestForm(YearAmountsForm):
    scale = "tkr"
    name = forms.CharField(label=_("Investeringsobjekt"), max_length=400)
    kind = forms.ChoiceField(
        label=_("Ny- eller reinvestering"),
        choices=[("", _("Ej angivet")), *InvestmentKind.choices],
        required=False,
    )
    running_cost_effect = forms.CharField(
        label=_("Hur påverkas nuvarande driftkostnad?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    follow_on_risk = forms.ChoiceField(
        label=_("Risk för övervältringskostnader?"), choices=RISK_CHOICES, required=False
    )
    follow_on_risk_text = forms.CharField(
        label=_("Om risken"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    consequence = forms.CharField(
        label=_("Konsekvenser om investeringen inte görs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def risk(self) -> bool | None:
        return {"ja": True, "nej": False}.get(self.cleaned_data.get("follow_on_risk") or "")


class RenewForm(YearAmountsForm):
    scale = "tkr"


class TextForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till återremiss"), widget=forms.Textarea(attrs={"rows": 3})
    )
