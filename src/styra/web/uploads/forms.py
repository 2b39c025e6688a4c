"""The upload forms: a file of the kind's format, checked only or imported, and for the
registers and assessments the round it belongs to.

A form refuses what can be seen without reading the file (a wrong suffix, a file past
the size limit); everything in the file is checked by the import service in the job.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from styra.followup.models import Round
from styra.formats import limits

YAML_SUFFIXES = (".yaml", ".yml")
TABLE_SUFFIXES = (".csv", ".xlsx", ".txt")


def _check_file(form: forms.Form, field: str, suffixes: tuple[str, ...], limit: int) -> None:
    upload = form.cleaned_data.get(field)
    if upload is None:
        return
    if not upload.name.lower().endswith(suffixes):
        form.add_error(
            field,
            _("%(name)s har inte en filändelse för formatet (%(suffixes)s).")
            % {"name": upload.name, "suffixes": ", ".join(suffixes)},
        )
    if upload.size > limit:
        form.add_error(
            field,
            _("%(name)s är för stor (högst %(mib)s MiB).")
            % {"name": upload.name, "mib": max(1, limit // limits.MIB)},
        )


class UploadForm(forms.Form):
    """A file and whether to check it only; subclasses set the suffixes and the limit."""

    suffixes: tuple[str, ...] = TABLE_SUFFIXES

    file = forms.FileField(label=_("Fil"))
    dry_run = forms.BooleanField(
        label=_("Kontrollera bara (provkörning): visa vad som skulle ändras, spara inget"),
        required=False,
        initial=True,
    )

    def max_bytes(self) -> int:
        # Read at call time, so that a test can lower the limit.
        return limits.TABLE_MAX_FILE_BYTES

    def clean(self):
        super().clean()
        _check_file(self, "file", self.suffixes, self.max_bytes())
        return self.cleaned_data


class PlanUploadForm(UploadForm):
    suffixes = YAML_SUFFIXES

    def max_bytes(self) -> int:
        return limits.YAML_MAX_FILE_BYTES


class StatisticsUploadForm(UploadForm):
    mapping = forms.FileField(
        label=_("Mappning för brett format (valfri)"),
        required=False,
        help_text=_(
            "En YAML-fil som beskriver kolumnerna i en fil i brett format (docs/statistics.md). "
            "Utan mappning läses filen i långt format."
        ),
    )

    field_order = ["file", "mapping", "dry_run"]

    def clean(self):
        super().clean()
        _check_file(self, "mapping", YAML_SUFFIXES, limits.YAML_MAX_FILE_BYTES)
        return self.cleaned_data


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        # Each plan has its "Tertial 1": the code tells them apart.
        return f"{obj.code} – {obj.name}"


def _round_field() -> forms.ModelChoiceField:
    return RoundChoiceField(
        label=_("Uppföljningstillfälle"),
        queryset=Round.objects.select_related("plan").order_by("-period_end", "code"),
        to_field_name="code",
        empty_label=None,
    )


class RegisterUploadForm(UploadForm):
    register = forms.ChoiceField(
        label=_("Register"),
        choices=[
            ("forecast", _("Helårsprognoser (enhet, prognos_mkr, kommentar)")),
            ("savings", _("Resultatförbättrande åtgärder (kod, enhet, namn, typ, …)")),
            ("workforce", _("Omräknad årsarbetskraft, OÅA (enhet, oaa, oaa_fg_ar)")),
            ("investments", _("Investeringar (kod, enhet, namn, kategori, …)")),
        ],
    )
    round = _round_field()

    field_order = ["register", "round", "file", "dry_run"]


class AssessmentUploadForm(UploadForm):
    round = _round_field()

    field_order = ["round", "file", "dry_run"]
