"""The consolidated report: a region's texts written from its boards' and committees' own
rounds (issue 12 item 6).

The region's template names whose reports feed it (`consolidates:` unit codes or unit
type codes, e.g. `namnd`). For each such unit under the report's unit, its *own* round
of the same period is the round of a plan of that unit with the same period start and
end (the board's delårsrapport beside the region's); a unit without one is read in the
region's round itself (a text the template asks it to write there). For every text
section of the region's template the page shows each unit's text with the same key,
and the controller picks, merges (`merge_texts`) and edits them into the region's text,
which `followup.services.section_text_consolidate` saves. The reads are in
`selectors.py` (`source_units`, `consolidation`); this module adds the merge and
`consolidation_write`, which the command line (`styra report consolidate`) and the API
(`POST /api/v1/reports/{round}/{unit}/consolidation/{section}`) use to pick or merge
units' texts into a section — the same selector and service as the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.services import ensure_round_editable, section_text_consolidate

from .selectors import ConsolidatedSection, Consolidation, SourceText, consolidation
from .templates import template_for_round

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from styra.followup.models import Round, SectionText
    from styra.org.models import Unit


def merge_texts(texts: Sequence[SourceText]) -> str:
    """The chosen texts in the chosen order: one alone as written, several each under
    its unit's name ("Regionstyrelsen: …") so the reader knows whose text it is."""
    bodies = [t for t in texts if t.body.strip()]
    if len(bodies) == 1:
        return bodies[0].body.strip()
    return "\n\n".join(f"{t.source.name}: {t.body.strip()}" for t in bodies)


class UnknownSection(LookupError):
    """The round's template has no text section with that key; the message is Swedish."""


def consolidation_for(*, round: Round, unit: Unit, user: User) -> Consolidation:
    """The consolidation page's data for `user`: controllers of `unit` only (403)."""
    permissions.require(
        permissions.can_consolidate(user, unit, round),
        _("Bara controller för enheten får sammanställa rapportens texter."),
    )
    return consolidation(round, unit, template_for_round(round))


def picked_texts(section: ConsolidatedSection, codes: Sequence[str]) -> list[SourceText]:
    """The texts of the units `codes`, in that order; a unit named twice, or one without
    a text in the section, is refused naming the units that have one."""
    by_code = {t.source.code: t for t in section.texts}
    if not codes:
        raise ValidationError({"units": _("Välj minst en text att ta med.")}, code="required")
    doubled = sorted({c for c in codes if list(codes).count(c) > 1})
    if doubled:
        raise ValidationError(
            {"units": _("%(units)s är angiven mer än en gång.") % {"units": ", ".join(doubled)}},
            code="invalid",
        )
    missing = [c for c in codes if c not in by_code]
    if missing:
        raise ValidationError(
            {
                "units": _(
                    "%(units)s har ingen text i avsnittet %(key)s; texter finns från: "
                    "%(available)s."
                )
                % {
                    "units": ", ".join(missing),
                    "key": section.key,
                    "available": ", ".join(by_code) or _("ingen enhet"),
                }
            },
            code="invalid",
        )
    return [by_code[c] for c in codes]


def consolidation_write(
    *,
    round: Round,
    unit: Unit,
    key: str,
    user: User,
    sources: Sequence[str] | None = None,
    body: str | None = None,
    expected_version: int | None = None,
) -> SectionText:
    """Write the section `key` of `unit`'s report from the texts of the units `sources`
    (one taken as written, several merged in that order, `merge_texts`) or as `body`
    (the controller's own edited text): exactly one of them. Saved by
    `section_text_consolidate`, which checks permission, the round and the report."""
    data = consolidation_for(round=round, unit=unit, user=user)
    section = data.section(key)
    if section is None:
        raise UnknownSection(
            _("Rapportmallen för %(round)s har inget textavsnitt %(key)s (det finns: %(keys)s).")
            % {"round": round.code, "key": key, "keys": ", ".join(s.key for s in data.sections)}
        )
    ensure_round_editable(round)  # a locked round says so before anything else
    if (sources is None) == (body is None):
        raise ValidationError(
            _("Ange antingen vilka enheters texter som ska tas med eller en egen text."),
            code="invalid",
        )
    text = merge_texts(picked_texts(section, sources)) if sources is not None else body
    assert text is not None
    return section_text_consolidate(
        round=round,
        unit=unit,
        key=section.key,
        title=section.heading,
        body=text,
        user=user,
        expected_version=expected_version,
    )
