"""What the planning services share: the permission to change a plan, saving with history."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.plans.models import Plan

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def require_manage(plan: Plan, user: User) -> None:
    permissions.require(
        permissions.can_manage_plan(user, plan),
        _("Endast controller eller administratör för planens enhet får ändra planen."),
    )


def save(instance: models.Model, user: User) -> None:
    """Validate (fields, choices, unique constraints) and save, recording who did it."""
    instance.full_clean()
    # django-simple-history reads the acting user from this attribute when it records.
    setattr(instance, "_history_user", user)  # noqa: B010 - any model, one helper
    instance.save()


def delete(instance: models.Model, user: User) -> None:
    setattr(instance, "_history_user", user)  # noqa: B010 - any model, one helper
    instance.delete()


def next_order(rows: models.QuerySet[Any] | models.Manager[Any]) -> int:
    """The order of a row added after `rows`."""
    return rows.count()
