"""In-app notifications, and e-mail when STYRA_NOTIFY_EMAIL is on and the user has one."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.followup.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def notify(
    *, users: Iterable[User], text: str, link: str = "", exclude: User | None = None
) -> list[Notification]:
    """Create one notification per user (once each) and queue the e-mails for commit."""
    created: list[Notification] = []
    seen: set[int] = set()
    for user in users:
        if user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        created.append(Notification.objects.create(user=user, text=text[:500], link=link))
    if settings.STYRA_NOTIFY_EMAIL:
        recipients = [n.user.email for n in created if n.user.email]
        for address in recipients:
            transaction.on_commit(partial(_mail, address, text, link))
    return created


def _mail(address: str, text: str, link: str) -> None:
    body = f"{text}\n\n{link}" if link else text
    # A mail server that is down must not undo a report that was already saved.
    send_mail(_("Styra: %(text)s") % {"text": text[:80]}, body, None, [address], fail_silently=True)


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    from django.core.exceptions import PermissionDenied

    if notification.user_id != user.pk:
        raise PermissionDenied(_("Notisen är inte din."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
