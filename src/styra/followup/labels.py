"""Swedish words the follow-up screens need that are not model labels."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from styra.plans.models import Frequency, ItemKind

NOT_DUE_NOTE = {
    Frequency.YEARLY: _("Följs upp på helår"),
    Frequency.INTERIM: _("Följs upp i delårsrapport och på helår"),
    Frequency.TERTIAL: _("Följs upp per tertial"),
    Frequency.MONTHLY: _("Följs upp månadsvis"),
}


def kind_count(kind: str, count: int) -> str:
    """ "31 uppdrag", "1 nyckeltal", "2 aktiviteter"."""
    words: dict[str, str] = {
        ItemKind.GOAL: ngettext("%(n)s mål", "%(n)s mål", count),
        ItemKind.INDICATOR: ngettext("%(n)s nyckeltal", "%(n)s nyckeltal", count),
        ItemKind.ASSIGNMENT: ngettext("%(n)s uppdrag", "%(n)s uppdrag", count),
        ItemKind.ACTIVITY: ngettext("%(n)s aktivitet", "%(n)s aktiviteter", count),
    }
    return words.get(kind, ngettext("%(n)s post", "%(n)s poster", count)) % {"n": count}
