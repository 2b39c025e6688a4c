"""The report season's pages for the controller: locking after a look at what is open."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from styra.access import permissions
from styra.access.selectors import unit_ids_with_role
from styra.followup import selectors as followup_selectors
from styra.followup import services as followup_services
from styra.followup.models import Round
from styra.reports.locking import round_lock_review
from styra.reports.renderers import MEDIA_TYPES
from styra.reports.renderers import render as render_document

from .exports import round_progress_document
from .forms import LockForm


def _round(code: str) -> Round:
    return get_object_or_404(Round.objects.select_related("plan", "plan__unit"), code=code)


@login_required
@require_http_methods(["GET", "POST"])
def round_lock(request, round_code: str):
    """GET: what locking would cut short, and the confirmation. POST: lock."""
    round_ = _round(round_code)
    permissions.require(
        permissions.can_manage_round(request.user, round_.plan),
        _("Endast controller eller administratör för planens enhet får fastställa."),
    )
    if round_.is_locked:
        messages.info(request, _("Uppföljningstillfället är redan fastställt."))
        return redirect("followup:round", round_.code)
    form = LockForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                locked = followup_services.round_lock(
                    round=round_, user=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                for field, errors in (
                    exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
                ).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(
                    request,
                    _("%(round)s har nu status ”%(state)s”.")
                    % {"round": locked.name, "state": locked.get_state_display()},
                )
                return redirect("followup:round", locked.code)
        status = 400
    review = round_lock_review(round_)
    return render(
        request,
        "season/lock.html",
        {"round": round_, "review": review, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def round_excel(request, round_code: str):
    """The round page's table (units, reported, status, deadline, days late) as Excel."""
    round_ = _round(round_code)
    visible = None
    if not permissions.is_superuser(request.user):
        visible = unit_ids_with_role(request.user, permissions.VIEW_ROLES, round_.period_end)
    progress = followup_selectors.round_progress(round_, unit_ids=visible)
    document = round_progress_document(round_, progress, timezone.localdate())
    response = HttpResponse(render_document(document, "xlsx"), content_type=MEDIA_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="rapporteringslage-{round_.code}.xlsx"'
    return response
