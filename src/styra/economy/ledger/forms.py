"""The ledger upload form: a file, its format and year, checked-only or imported."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from styra.formats import limits

TABLE_SUFFIXES = (".csv", ".xlsx", ".txt")
SIE_SUFFIXES = (".se", ".si", ".sie", ".txt")


class LedgerUploadForm(forms.Form):
    file = forms.FileField(label=_("Fil"))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("sie", _("SIE (typ 1–4, från ekonomisystemet)")),
            (
                "table",
                _("Tabell (CSV eller XLSX med kostnadsställe, konto, månad, typ och belopp)"),
            ),
            (
                "balances",
                _(
                    "Balanser (CSV eller XLSX med konto, enhet, objekt, period, IB/UB/period och belopp)"
                ),
            ),
        ],
        initial="sie",
    )
    year = forms.IntegerField(
        label=_("Räkenskapsår"), min_value=1900, max_value=2999, initial=date.today().year
    )
    dry_run = forms.BooleanField(
        label=_("Kontrollera bara (provkörning): visa vad som skulle läsas in, spara inget"),
        required=False,
        initial=True,
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        fmt = data.get("format")
        if upload is None or fmt is None:
            return data
        name = upload.name.lower()
        suffixes = SIE_SUFFIXES if fmt == "sie" else TABLE_SUFFIXES
        if not name.endswith(suffixes):
            self.add_error(
                "file",
                _("%(name)s har inte en filändelse för formatet (%(suffixes)s).")
                % {"name": upload.name, "suffixes": ", ".join(suffixes)},
            )
        limit = limits.SIE_MAX_FILE_BYTES if fmt == "sie" else limits.TABLE_MAX_FILE_BYTES
        if upload.size > limit:
            self.add_error(
                "file",
                _("%(name)s är för stor (högst %(mib)s MiB).")
                % {"name": upload.name, "mib": limit // limits.MIB},
            )
        return data
