"""Writes of the plan's texts, follow-up plan and meeting calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styra.plans.models import Plan

from ..models import FollowUpArea, Meeting, MeetingItem, PlanText
from .common import delete, require_manage, save

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def plan_text_save(
    *,
    plan: Plan,
    key: str,
    title: str,
    body: str,
    user: User,
    expected_version: int | None = None,
) -> PlanText:
    """Save one of the plan's texts; `expected_version` guards against overwriting."""
    require_manage(plan, user)
    if not key or slugify(key) != key:
        raise ValidationError({"key": _("Ogiltig nyckel för texten.")})
    text = PlanText.objects.select_for_update().filter(plan=plan, key=key).first()
    current = text.version if text else 0
    if expected_version is not None and expected_version != current:
        raise ValidationError(
            _("Texten har ändrats av någon annan sedan du öppnade den."), code="conflict"
        )
    if text is None:
        text = PlanText(plan=plan, key=key, version=1)
    else:
        text.version += 1
    text.title = title
    text.body = body
    text.updated_by = user if getattr(user, "pk", None) else None
    save(text, user)
    return text


@transaction.atomic
def follow_up_areas_set(*, plan: Plan, titles: Sequence[str], user: User) -> list[FollowUpArea]:
    """The areas the board follows up during the year, in order (replaces the list)."""
    require_manage(plan, user)
    wanted = [t.strip() for t in titles if t.strip()]
    if len(set(wanted)) != len(wanted):
        raise ValidationError({"titles": _("Samma uppföljningsområde står två gånger.")})
    existing = {a.title: a for a in FollowUpArea.objects.filter(plan=plan)}
    for title, area in existing.items():
        if title not in wanted:
            delete(area, user)
    areas = []
    for order, title in enumerate(wanted):
        area = existing.get(title) or FollowUpArea(plan=plan, title=title)
        area.order = order
        save(area, user)
        areas.append(area)
    return areas


@dataclass(frozen=True)
class MeetingItemInput:
    kind: str
    title: str
    presenter: str = ""
    period_kind: str = ""
    period_year: int | None = None
    period_month: int | None = None


@transaction.atomic
def meeting_save(
    *,
    plan: Plan,
    day: date,
    items: Sequence[MeetingItemInput],
    end_date: date | None = None,
    title: str = "",
    note: str = "",
    user: User,
) -> Meeting:
    """Create or replace the meeting on `day` with its items (the check looks at years)."""
    require_manage(plan, user)
    meeting = Meeting.objects.filter(plan=plan, date=day).first() or Meeting(plan=plan, date=day)
    meeting.end_date = end_date
    meeting.title = title
    meeting.note = note
    save(meeting, user)
    for old in meeting.items.all():
        delete(old, user)
    for order, spec in enumerate(items):
        save(
            MeetingItem(
                meeting=meeting,
                kind=spec.kind,
                title=spec.title,
                presenter=spec.presenter,
                period_kind=spec.period_kind,
                period_year=spec.period_year,
                period_month=spec.period_month,
                order=order,
            ),
            user,
        )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, user: User) -> None:
    require_manage(meeting.plan, user)
    for item in meeting.items.all():
        delete(item, user)
    delete(meeting, user)
