"""A finding of the report check: where, what was stated, what the data says."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_LABELS = {
    ERROR: gettext_lazy("Fel"),
    WARNING: gettext_lazy("Varning"),
    INFO: gettext_lazy("Information"),
}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One thing the check found.

    `place` is the section (and table) as a reader finds it; `item_code` the plan item
    or table row; `cell` the column or the words of the text; `stated` what the report
    says and `expected` what the data says (both as printed, empty when not a figure).
    """

    severity: str
    kind: str
    place: str
    message: str
    item_code: str = ""
    section: str = ""  # the template's section key
    cell: str = ""
    stated: str = ""
    expected: str = ""

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.severity])

    def as_dict(self) -> dict:
        return asdict(self)
