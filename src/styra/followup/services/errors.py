"""Errors the follow-up services raise beyond Django's own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError


class RoundLockedError(ValidationError):
    """The round is locked (fastställd): nothing in it may change, by any path."""


@dataclass
class ConflictError(Exception):
    """Someone else saved since the editor loaded the form; nothing was written.

    Carries what is stored now, so the editor can compare it with their own text.
    """

    current_version: int
    updated_by: str
    updated_at: datetime | None
    comment: str = ""
    status_label: str = ""
    values: list[tuple[str, str, Decimal | None, str]] = field(default_factory=list)
    title: str = ""
    body: str = ""

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        return _("%(user)s har sparat en ändring medan du skrev. Ingenting skrevs över.") % {
            "user": self.updated_by or _("Någon annan")
        }
