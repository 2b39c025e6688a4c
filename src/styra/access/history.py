"""Who did it: writes that record the acting user in the history (django-simple-history).

A model with `history = HistoricalRecords()` keeps every version of its rows with the
user who made the change. The web's middleware names that user for requests; services
name it for every door (CLI, imports, admin) by saving through these two functions.
"""

from __future__ import annotations

from django.db import models


def save_as(instance: models.Model, user, **kwargs) -> None:
    """`instance.save(**kwargs)`, recorded in its history as `user`'s change."""
    setattr(instance, "_history_user", user)  # noqa: B010 - the name simple-history reads
    instance.save(**kwargs)


def delete_as(instance: models.Model, user) -> None:
    """`instance.delete()`, recorded in its history as `user`'s change."""
    setattr(instance, "_history_user", user)  # noqa: B010 - the name simple-history reads
    instance.delete()
