"""Section texts of a unit in a round: Sammanfattning, Händelser av väsentlig betydelse …"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Round, SectionText
from styra.formats import limits
from styra.formats.text import check_length, clean_line, clean_text, column_max_length
from styra.org.models import Unit

from .assessments import _user_label
from .errors import ConflictError
from .guards import EDITABLE_REPORT_STATES, ensure_report_editable, ensure_round_editable
from .unit_reports import unit_report_for_update, unit_report_mark_edited

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _conflict(text: SectionText | None) -> ConflictError:
    if text is None:
        return ConflictError(current_version=0, updated_by="", updated_at=None)
    return ConflictError(
        current_version=text.version,
        updated_by=_user_label(text.updated_by),
        updated_at=text.updated_at,
        title=text.title,
        body=text.body,
    )


@transaction.atomic
def section_text_save(
    *,
    round: Round,
    unit: Unit,
    key: str,
    title: str,
    body: str,
    user: User,
    expected_version: int | None = None,
) -> SectionText:
    """Save one text; `expected_version` works as for `assessment_save`."""
    key, title, body = _checked(key, title, body)
    permissions.require(
        permissions.can_report_unit(user, unit, round),
        _("Du får inte skriva texter för denna enhet."),
    )
    report = unit_report_for_update(round_=round, unit=unit, user=user)
    ensure_report_editable(round, report)
    text = _write(round, unit, key, title, body, user, expected_version)
    unit_report_mark_edited(report=report, user=user)
    return text


@transaction.atomic
def section_text_consolidate(
    *,
    round: Round,
    unit: Unit,
    key: str,
    title: str,
    body: str,
    user: User,
    expected_version: int | None = None,
) -> SectionText:
    """Save the text `key` of `unit`'s report as its controller wrote it from the texts
    of the units under it (picked, merged and edited on the consolidation page).

    Controllers of `unit` only; refused once the round is locked or the report has been
    submitted (returned, it may change again). The round may be closed for reporting:
    the region's texts are written after the boards have reported.
    """
    key, title, body = _checked(key, title, body)
    permissions.require(
        permissions.can_consolidate(user, unit, round),
        _("Du får inte sammanställa texter för denna enhet."),
    )
    ensure_round_editable(round)
    report = unit_report_for_update(round_=round, unit=unit, user=user)
    if report.state not in EDITABLE_REPORT_STATES:
        raise ValidationError(
            _("Rapporten har status ”%(state)s” och kan inte ändras.")
            % {"state": report.get_state_display()},
            code="report_state",
        )
    text = _write(round, unit, key, title, body, user, expected_version)
    unit_report_mark_edited(report=report, user=user)
    return text


def _checked(key: str, title: str, body: str) -> tuple[str, str, str]:
    if not key or slugify(key) != key:
        raise ValidationError({"key": _("Ogiltig nyckel för avsnittet.")})
    title = clean_line(title).strip()
    check_length(title, column_max_length(SectionText, "title"), "title")
    body = clean_text(body)
    check_length(body, limits.SECTION_TEXT_MAX_CHARS, "body")
    return key, title, body


def _write(
    round: Round,
    unit: Unit,
    key: str,
    title: str,
    body: str,
    user: User,
    expected_version: int | None,
) -> SectionText:
    """Write the text under a row lock, checking the version the writer started from."""
    text = (
        SectionText.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(round=round, unit=unit, key=key)
        .first()
    )
    current_version = text.version if text else 0
    if expected_version is not None and expected_version != current_version:
        raise _conflict(text)
    if text is None:
        text = SectionText(round=round, unit=unit, key=key, version=1)
    else:
        text.version += 1
    text.title = title or text.title or key
    text.body = body or ""
    text.updated_by = user
    text._history_user = user
    try:
        with transaction.atomic():
            text.save()
    except IntegrityError as exc:
        raise _conflict(
            SectionText.objects.select_related("updated_by")
            .filter(round=round, unit=unit, key=key)
            .first()
        ) from exc
    return text
