"""Forms of the economy registers. Amounts are typed in mkr or tkr, stored in kronor."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from styra.formats.amounts import SCALES, AmountError, input_text, parse_amount
from styra.formats.text import CleanTextField
from styra.org.models import Unit
from styra.plans.models import StatusLevel

from .models import (
    NAME_MAX_LENGTH,
    SAVINGS_SCALE_CODE,
    InvestmentCategory,
    InvestmentKind,
    InvestmentStatus,
    SavingsKind,
)


class AmountField(forms.Field):
    """A Swedish amount in a fixed scale ("−39,2" mkr) whose cleaned value is kronor."""

    widget = forms.TextInput

    def __init__(self, *, scale: str = "mkr", **kwargs):
        self.scale = scale
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return input_text(value, self.scale)
        return value

    def to_python(self, value) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = str(value or "").strip()
        try:
            return parse_amount(text, self.scale)
        except AmountError as exc:
            raise forms.ValidationError(str(exc), code="amount") from None


class ForecastForm(forms.Form):
    amount = forms.CharField(
        label=_("Helårsprognos"),
        max_length=40,
        help_text=_("Nettokostnad anges negativ, t.ex. −39,2. Decimalkomma går bra."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    scale = forms.ChoiceField(
        label=_("Anges i"),
        choices=[("mkr", _("miljoner kronor (mkr)")), ("tkr", _("tusen kronor (tkr)"))],
        initial="mkr",
    )
    comment = CleanTextField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        scale = data.get("scale") or "mkr"
        if "amount" in data and scale in SCALES:
            try:
                data["amount_kr"] = parse_amount(data["amount"], scale)
            except AmountError as exc:
                self.add_error("amount", str(exc))
            else:
                if data["amount_kr"] is None:
                    self.add_error("amount", _("Ange en prognos."))
        return data


def _units_under(unit_ids: list[int]):
    return Unit.objects.filter(pk__in=unit_ids).order_by("code")


class SavingsMeasureForm(forms.Form):
    code = forms.SlugField(label=_("Kod"), max_length=60)
    unit = forms.ModelChoiceField(label=_("Ägare"), queryset=Unit.objects.none())
    name = CleanTextField(multiline=False, label=_("Åtgärd"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Typ"), choices=SavingsKind.choices)
    category = CleanTextField(
        multiline=False, label=_("Kategori"), max_length=NAME_MAX_LENGTH, required=False
    )
    planned_effect = AmountField(label=_("Bedömd helårseffekt (mkr)"), required=False)
    outcome = AmountField(label=_("Utfall i år för perioden (mkr)"), required=False)
    outcome_previous = AmountField(
        label=_("Utfall föregående år för perioden (mkr)"), required=False
    )
    status = forms.ModelChoiceField(
        label=_("Stoppljus"),
        queryset=StatusLevel.objects.none(),
        required=False,
        empty_label=_("Ej bedömd"),
    )
    comment = CleanTextField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, unit_ids: list[int], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_under(unit_ids)
        self.fields["status"].queryset = StatusLevel.objects.filter(
            scale__code=SAVINGS_SCALE_CODE
        ).order_by("order")
        self.fields["status"].help_text = " ".join(
            f"{level.label}: {level.definition}" for level in self.fields["status"].queryset
        )
        if editing:
            self.fields["code"].disabled = True


class InvestmentForm(forms.Form):
    code = forms.SlugField(label=_("Kod"), max_length=60)
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    name = CleanTextField(
        multiline=False, label=_("Investeringsobjekt"), max_length=NAME_MAX_LENGTH
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=InvestmentKind.choices)
    # The organisation's categories (docs/registers.md); the cleaned value is the category.
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=InvestmentCategory.objects.none(), to_field_name="code"
    )
    status = forms.ChoiceField(label=_("Status"), choices=InvestmentStatus.choices)
    budget_year = AmountField(label=_("Budget för året (tkr)"), scale="tkr", required=False)
    budget_total = AmountField(
        label=_("Total budget sedan start (tkr)"), scale="tkr", required=False
    )
    outcome_year = AmountField(
        label=_("Utfall i år till och med perioden (tkr)"), scale="tkr", required=False
    )
    outcome_since_start = AmountField(
        label=_("Utfall sedan start (tkr)"), scale="tkr", required=False
    )
    forecast_total = AmountField(
        label=_("Prognos till färdigställande (tkr)"), scale="tkr", required=False
    )
    procurement_contacted = forms.NullBooleanField(
        label=_("Har kontakt tagits med upphandling?"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("Ej angivet")), ("true", _("Ja")), ("false", _("Nej"))]
        ),
    )
    procurement_contacted_on = forms.DateField(
        label=_("I så fall när"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status_detail = CleanTextField(
        label=_("Detaljerad status om ej avslutad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, unit_ids: list[int], editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_under(unit_ids)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = InvestmentCategory.objects.order_by("order", "code")
        if editing:
            self.fields["code"].disabled = True
