"""Mina uppgifter, and the in-app notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from styra.followup import selectors, services
from styra.followup.models import Notification


@login_required
def my_tasks(request):
    return render(request, "followup/my_tasks.html", {"tasks": selectors.my_tasks(request.user)})


@login_required
def notifications(request):
    return render(
        request,
        "followup/notifications.html",
        {"notifications": selectors.notifications_for(request.user)},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read and follow its link (only links within Styra)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(notification=notification, user=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("followup:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    for notification in selectors.notifications_for(request.user, unread_only=True):
        services.notification_mark_read(notification=notification, user=request.user)
    return redirect("followup:notifications")
