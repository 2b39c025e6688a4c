"""The round overview: progress per unit, and open/close/lock for the controller."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styra.access import permissions
from styra.access.selectors import unit_ids_with_role
from styra.followup import selectors, services
from styra.followup.models import Round
from styra.followup.services.rounds import ROUND_TRANSITIONS

from .common import get_round


@login_required
def round_list(request):
    """Every follow-up round, newest first, with its state and deadline."""
    rounds = Round.objects.select_related("plan").order_by("-period_end", "code")
    return render(request, "followup/round_list.html", {"rounds": rounds})


@login_required
def round_overview(request, round_code: str):
    round_ = get_round(round_code)
    user = request.user
    visible = None
    if not permissions.is_superuser(user):
        visible = unit_ids_with_role(user, permissions.VIEW_ROLES, round_.period_end)
    progress = selectors.round_progress(round_, unit_ids=visible)
    today = timezone.localdate()
    rows = [(p, p.days_late(round_.reporting_deadline, today)) for p in progress]
    late = [p for p, days in rows if days is not None]
    can_manage = permissions.can_manage_round(user, round_.plan)
    actions = (
        [
            (action, label)
            for action, label in (
                ("open", _("Öppna för rapportering")),
                ("close", _("Stäng för rapportering")),
                ("lock", _("Fastställ (lås)")),
            )
            if round_.state in ROUND_TRANSITIONS[action][0]
        ]
        if can_manage
        else []
    )
    return render(
        request,
        "followup/round.html",
        {
            "round": round_,
            "progress": progress,
            "rows": rows,
            "late": late,
            "can_manage": can_manage,
            "actions": actions,
            "totals": (sum(p.reported for p in progress), sum(p.due for p in progress)),
        },
    )


@login_required
@require_POST
def round_action(request, round_code: str):
    round_ = get_round(round_code)
    action = request.POST.get("action")
    if action == "lock":
        # Locking asks for confirmation first (and a reason when anything is open).
        return redirect("season:round_lock", round_.code)
    service = {"open": services.round_open, "close": services.round_close}.get(action)
    if service is None:
        messages.error(request, _("Okänd åtgärd."))
        return redirect("followup:round", round_.code)
    try:
        updated = service(round=round_, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(round)s har nu status ”%(state)s”.")
            % {"round": updated.name, "state": updated.get_state_display()},
        )
    return redirect("followup:round", round_.code)
