"""Forms of the administration pages: they parse input, the services decide.

`AccessibleForm` ties each error to its field for assistive technology: the field gets
`aria-invalid` and `aria-describedby` naming its error text (`<id>_fel`, rendered by
`administration/_field.html`) and its help text, also for errors a service reported.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from styra.access.models import Role
from styra.followup.forms import SwedishDecimalField
from styra.followup.models import Round, RoundKind
from styra.followup.services.scales import COLOUR
from styra.formats.text import CleanTextField, column_max_length
from styra.org.models import CostCentre, Unit, UnitType, UnitVersion
from styra.plans.models import (
    ItemKind,
    PlanItem,
    StatusLevel,
    StatusMeaning,
    StatusScale,
    Target,
    TargetKind,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required: bool = True, help_text=None) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, help_text=help_text)


def _line(label, model, name: str, required: bool = True) -> CleanTextField:
    return CleanTextField(
        label=label,
        multiline=False,
        required=required,
        max_length=column_max_length(model, name),
        widget=forms.TextInput,
    )


class AccessibleForm(forms.Form):
    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            ids = [f"{bound.auto_id}_fel"]
            if self.fields[name].help_text:
                ids.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": " ".join(ids)}
            )

    def add_service_error(self, exc: ValidationError, fields_by_code: dict | None = None) -> None:
        """A service's refusal as the form's errors: a message for a field goes to that
        field (by the error's key, or its `code` through `fields_by_code`), the rest
        above the form."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                target = name if name in self.fields else None
                for error in errors:
                    self.add_error(target, error.messages)
            return
        for error in exc.error_list:
            field = (fields_by_code or {}).get(error.code)
            self.add_error(field if field in self.fields else None, error.messages)


# --- rounds ------------------------------------------------------------------------------


class DeadlineForm(AccessibleForm):
    name = _line(_("Namn"), Round, "name")
    reporting_deadline = _date(_("Sista dag för rapportering"), required=False)
    review_deadline = _date(_("Sista dag för granskning"), required=False)
    publication_date = _date(_("Publiceringsdatum"), required=False)

    def clean(self):
        data = super().clean() or {}
        reporting, review = data.get("reporting_deadline"), data.get("review_deadline")
        if reporting and review and review < reporting:
            self.add_error(
                "review_deadline",
                _("Granskningen kan inte sluta före sista dag för rapportering."),
            )
        return data


class RoundForm(DeadlineForm):
    code = forms.SlugField(
        label=_("Kod"),
        max_length=column_max_length(Round, "code"),
        help_text=_("Till exempel 2026-T2: bokstäver, siffror, bindestreck."),
        error_messages={"invalid": _("Koden får bara innehålla bokstäver a–z, siffror, - och _.")},
    )
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=RoundKind.choices,
        help_text=_(
            "Typen avgör vilka poster som ska rapporteras: en månadsrapport de månatliga, "
            "en tertialrapport även de tertialvisa, en delårsrapport även de delårsvisa, "
            "en årsredovisning alla."
        ),
    )
    period_start = _date(_("Perioden börjar"))
    period_end = _date(_("Perioden slutar"))
    field_order = [
        "code",
        "name",
        "kind",
        "period_start",
        "period_end",
        "reporting_deadline",
        "review_deadline",
        "publication_date",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Lämnas tomt blir namnet typen och koden.")


# --- users and roles ---------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen by its code, shown as the tree names it on the page's day."""

    def __init__(self, *, names: dict[int, str], **kwargs):
        self.names = names
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {self.names.get(obj.pk, '')}".strip()


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Units chosen by their codes, shown as the tree names them on the page's day."""

    def __init__(self, *, names: dict[int, str], **kwargs):
        self.names = names
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {self.names.get(obj.pk, '')}".strip()


def unit_field(label, units, names: dict[int, str], empty_label) -> UnitChoiceField:
    return UnitChoiceField(label=label, queryset=units, names=names, empty_label=empty_label)


class RoleGrantForm(AccessibleForm):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    inherit = forms.BooleanField(label=_("Gäller även underenheter"), required=False, initial=True)

    field_order = ["holder", "unit", "role", "inherit"]

    def __init__(self, *args, users, units, names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"] = forms.ModelChoiceField(
            label=_("Användare"),
            queryset=users,
            to_field_name="username",
            empty_label=_("Välj användare"),
        )
        self.fields["unit"] = unit_field(_("Enhet"), units, names, _("Välj enhet"))
        self.order_fields(self.field_order)


class AccountForm(AccessibleForm):
    """An account's names and e-mail; `access.services` checks them again."""

    first_name = forms.CharField(
        label=_("Förnamn"),
        max_length=150,
        error_messages={"required": _("Ange förnamnet.")},
    )
    last_name = forms.CharField(
        label=_("Efternamn"),
        max_length=150,
        error_messages={"required": _("Ange efternamnet.")},
    )
    email = forms.CharField(
        label=_("E-post"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class AccountCreateForm(AccountForm):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_(
            "Det som användaren loggar in med, med organisationens inloggning samma som där. "
            "Bokstäver, siffror och tecknen @ . + - _."
        ),
        error_messages={"required": _("Ange ett användarnamn.")},
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )
    send_link = forms.BooleanField(
        label=_("Skicka inloggningslänken med e-post till användaren"),
        required=False,
    )
    field_order = ["username", "first_name", "last_name", "email", "send_link"]


# --- organisation ------------------------------------------------------------------------


class UnitCreateForm(AccessibleForm):
    code = forms.CharField(
        label=_("Enhetskod"),
        max_length=column_max_length(Unit, "code"),
        help_text=_("En stabil kod som användarna känner igen, till exempel RS-DIG."),
    )
    name = _line(_("Namn"), UnitVersion, "name")
    unit_type = forms.ModelChoiceField(
        label=_("Enhetstyp"),
        queryset=UnitType.objects.all(),
        to_field_name="code",
        empty_label=_("Välj enhetstyp"),
    )
    valid_from = _date(_("Gäller från"))
    field_order = ["code", "name", "unit_type", "parent", "valid_from"]

    def __init__(self, *args, units, names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = unit_field(
            _("Överordnad enhet"), units, names, _("Välj överordnad enhet")
        )
        self.order_fields(self.field_order)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code or any(c.isspace() for c in code):
            raise ValidationError(_("Koden får inte innehålla mellanslag."))
        return code


class CostCentreCreateForm(AccessibleForm):
    code = forms.CharField(
        label=_("Kod för kostnadsstället"), max_length=column_max_length(CostCentre, "code")
    )
    name = _line(_("Namn"), CostCentre, "name")
    valid_from = _date(_("Gäller från"))
    field_order = ["code", "name", "unit", "valid_from"]

    def __init__(self, *args, units, names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(_("Enhet"), units, names, _("Välj enhet"))
        self.order_fields(self.field_order)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code or any(c.isspace() for c in code):
            raise ValidationError(_("Koden får inte innehålla mellanslag."))
        return code


class CostCentreAssignForm(AccessibleForm):
    cost_centre = forms.ModelChoiceField(
        label=_("Kostnadsställe"),
        queryset=CostCentre.objects.all(),
        to_field_name="code",
        empty_label=_("Välj kostnadsställe"),
    )
    effective = _date(
        _("Från och med"),
        help_text=_("Den tidigare kopplingen slutar dagen innan; historiken behålls."),
    )
    field_order = ["cost_centre", "unit", "effective"]

    def __init__(self, *args, units, names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(_("Till enhet"), units, names, _("Välj enhet"))
        self.order_fields(self.field_order)


# --- plan items --------------------------------------------------------------------------


class PlanItemForm(AccessibleForm):
    title = _line(_("Rubrik"), PlanItem, "title")

    def __init__(self, *args, units, names: dict[int, str], plan_unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = unit_field(
            _("Ägare"),
            units,
            names,
            _("Ingen egen ägare: planens enhet (%(unit)s) rapporterar") % {"unit": plan_unit},
        )
        self.fields["owner"].required = False
        self.fields["co_owners"] = UnitMultipleChoiceField(
            label=_("Medägare"),
            queryset=units,
            names=names,
            required=False,
            help_text=_(
                "Enheter som följer posten tillsammans med ägaren och ser den i sina "
                "rapporter. Håll ned Ctrl (Cmd på Mac) för att välja flera; inte ägaren."
            ),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )


class ConfirmForm(AccessibleForm):
    """A removal's confirmation: nothing is removed unless the box is ticked."""

    confirm = forms.BooleanField(
        label=_("Jag har läst vad som tas bort och vill ta bort det."),
        error_messages={"required": _("Bekräfta borttagningen genom att kryssa i rutan.")},
    )


class ScaleNameForm(AccessibleForm):
    name = _line(_("Namn"), StatusScale, "name")


class TargetForm(AccessibleForm):
    value = SwedishDecimalField(
        label=_("Målvärde"),
        required=False,
        help_text=_("Ett tal, till exempel 70 eller 5,3. Tomt om målet inte har något tal."),
    )
    text = _line(_("Målvärde som text"), Target, "text", required=False)


class UnitMoveForm(AccessibleForm):
    effective = _date(
        _("Från och med"),
        help_text=_("Enhetens tidigare placering gäller till dagen innan; historiken behålls."),
    )
    field_order = ["unit", "new_parent", "effective"]

    def __init__(self, *args, units, names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(_("Enhet"), units, names, _("Välj enhet"))
        self.fields["new_parent"] = unit_field(
            _("Ny överordnad enhet"), units, names, _("Välj överordnad enhet")
        )
        self.order_fields(self.field_order)


class UnitRenameForm(AccessibleForm):
    name = _line(_("Nytt namn"), UnitVersion, "name")
    short_name = _line(_("Nytt kortnamn"), UnitVersion, "short_name", required=False)
    effective = _date(
        _("Från och med"),
        help_text=_("Det tidigare namnet gäller till dagen innan; historiken behålls."),
    )
    field_order = ["unit", "name", "short_name", "effective"]

    def __init__(self, *args, units, names: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["short_name"].help_text = _(
            "Används i smala tabeller. Lämnas tomt har enheten inget kortnamn från datumet."
        )
        self.fields["unit"] = unit_field(_("Enhet"), units, names, _("Välj enhet"))
        self.order_fields(self.field_order)


class PlanItemChoiceField(forms.ModelChoiceField):
    """An item of the plan chosen by its code, shown as "1.1 Sjukfrånvaro (N1)"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(**kwargs)

    def label_from_instance(self, obj) -> str:
        return f"{obj.number or obj.code} {obj.title} ({obj.code})"


def _parent_field(items) -> PlanItemChoiceField:
    return PlanItemChoiceField(
        label=_("Överordnad post"),
        queryset=items,
        required=False,
        empty_label=_("Ingen: överst i planen"),
        help_text=_("Den överordnade postens nivå ska vara nivån ovanför postens nivå."),
    )


class PlanItemCreateForm(AccessibleForm):
    code = forms.CharField(
        label=_("Kod"),
        max_length=column_max_length(PlanItem, "code"),
        help_text=_("Unik i planen, till exempel N12: bokstäver, siffror, punkt, - och _."),
    )
    title = _line(_("Rubrik"), PlanItem, "title")
    kind = forms.ChoiceField(label=_("Typ"), choices=ItemKind.choices)
    field_order = ["parent", "level", "kind", "code", "title", "owner"]

    def __init__(self, *args, items, levels, units, names: dict[int, str], plan_unit: str, **kw):
        super().__init__(*args, **kw)
        self.fields["parent"] = _parent_field(items)
        self.fields["level"] = forms.ModelChoiceField(
            label=_("Nivå"), queryset=levels, to_field_name="code", empty_label=_("Välj nivå")
        )
        self.fields["owner"] = unit_field(
            _("Ägare"),
            units,
            names,
            _("Ingen egen ägare: planens enhet (%(unit)s) rapporterar") % {"unit": plan_unit},
        )
        self.fields["owner"].required = False
        self.order_fields(self.field_order)


class PlanItemMoveForm(AccessibleForm):
    position = forms.IntegerField(
        label=_("Plats bland syskonen"),
        min_value=1,
        help_text=_("1 är först; ett större tal än antalet syskon lägger posten sist."),
        error_messages={"invalid": _("Ange ett heltal, till exempel 1.")},
    )
    field_order = ["parent", "position"]

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _parent_field(items)
        self.order_fields(self.field_order)


class TargetCreateForm(AccessibleForm):
    kind = forms.ChoiceField(label=_("Måltyp"), choices=TargetKind.choices)
    value = SwedishDecimalField(
        label=_("Målvärde"),
        required=False,
        help_text=_("Ett tal, till exempel 70 eller 5,3. Tomt om målet inte har något tal."),
    )
    text = _line(_("Målvärde som text"), Target, "text", required=False)
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1900,
        max_value=2200,
        error_messages={"invalid": _("Ange ett årtal, till exempel 2026.")},
    )
    scope = _line(_("Organisatorisk nivå"), Target, "scope", required=False)


# --- status scales -----------------------------------------------------------------------


class StatusLevelForm(AccessibleForm):
    label = _line(_("Benämning"), StatusLevel, "label")
    symbol = _line(_("Symbol"), StatusLevel, "symbol")
    colour = forms.CharField(
        label=_("Färg"),
        max_length=7,
        validators=[
            RegexValidator(
                f"^{COLOUR.pattern}$", _("Ange färgen som #rrggbb, till exempel #2e7d32.")
            )
        ],
        help_text=_(
            "Som #rrggbb, till exempel #2e7d32. Statusen visas alltid även med symbol och text."
        ),
    )
    meaning = forms.ChoiceField(
        label=_("Innebörd"),
        choices=StatusMeaning.choices,
        help_text=_("Vad nivån betyder för sammanställningar och statusförslag."),
    )
    definition = CleanTextField(
        label=_("Definition"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusLevelCreateForm(StatusLevelForm):
    code = forms.CharField(
        label=_("Kod"),
        max_length=column_max_length(StatusLevel, "code"),
        help_text=_("Unik i skalan, till exempel helar: bokstäver, siffror, - och _."),
    )
    field_order = ["code", "label", "symbol", "colour", "meaning", "definition"]
