"""User accounts: add one, change its names and e-mail, deactivate and reactivate it.

A new account has no password. The page that confirms it says how its owner signs in:
with the organisation's sign-in (OpenID Connect) where that is on, else on a one-time
link where they choose a password, shown here once (never stored, never put in the
session or a redirect) and, if asked, mailed to them. Who may do what is
`permissions.can_change_account`, asked by the services again on every write.
"""

from __future__ import annotations

import smtplib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from styra.access import permissions
from styra.access import services as access_services

from .common import form_saved
from .forms import AccountCreateForm, AccountForm


def _require_managers(user) -> None:
    permissions.require(
        permissions.may_manage_accounts(user),
        _("Bara administratörer och controller får lägga upp och ändra användare."),
    )


def _account(username: str):
    return get_object_or_404(get_user_model(), username=username)


def _link_page(request, account, *, created: bool, mailed: bool = False, status: int = 200):
    """The answer that shows how `account` signs in (and its one-time link, once)."""
    oidc = access_services.signs_in_with_oidc()
    link = None
    if not oidc and account.is_active:
        path = access_services.user_password_link(target=account, user=request.user)
        link = request.build_absolute_uri(path)
    return render(
        request,
        "administration/user_created.html",
        {
            "account": account,
            "created": created,
            "oidc": oidc,
            "link": link,
            "mailed": mailed,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def user_new(request):
    """GET: the form. POST: add the account, then show how its owner signs in."""
    _require_managers(request.user)
    form = AccountCreateForm(request.POST or None, prefix="konto")
    if access_services.signs_in_with_oidc():
        del form.fields["send_link"]
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 400
        return render(request, "administration/user_new.html", {"form": form}, status=status)
    data = form.cleaned_data
    if data.get("send_link") and not data["email"].strip():
        form.add_error("email", _("Ange en e-postadress för att skicka länken."))
        return render(request, "administration/user_new.html", {"form": form}, status=400)
    try:
        account = access_services.user_create(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            user=request.user,
        )
    except ValidationError as exc:
        form.add_service_error(exc)
        return render(request, "administration/user_new.html", {"form": form}, status=400)
    mailed = False
    if data.get("send_link"):
        path = access_services.user_password_link(target=account, user=request.user)
        try:
            access_services.user_password_link_mail(
                target=account, url=request.build_absolute_uri(path), user=request.user
            )
        except (OSError, smtplib.SMTPException):
            # The account is there; the link is shown below, to be given another way.
            messages.error(
                request,
                _("E-posten kunde inte skickas. Ge användaren länken på annat sätt."),
            )
        else:
            mailed = True
    return _link_page(request, account, created=True, mailed=mailed)


@never_cache
@login_required
@require_POST
def user_link(request, username: str):
    """A new one-time link for an account whose owner has not chosen a password (or
    has forgotten it); shown once, like the first."""
    _require_managers(request.user)
    account = _account(username)
    return _link_page(request, account, created=False)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request, username: str):
    """GET: the account's names, e-mail, roles and history. POST: change them."""
    _require_managers(request.user)
    account = _account(username)
    day = timezone.localdate()
    may_change = permissions.can_change_account(request.user, account, day)
    initial = {f: getattr(account, f) for f in ("first_name", "last_name", "email")}
    form = AccountForm(request.POST or None, initial=initial, prefix="konto")
    status = 200
    if request.method == "POST":
        permissions.require(may_change, _("Du får inte ändra det här kontot."))
        saved = form_saved(
            request,
            form,
            lambda data: access_services.user_update(target=account, user=request.user, **data),
            success=_("Kontot %(user)s är ändrat.") % {"user": account.get_username()},
            to=reverse("administration:user_edit", kwargs={"username": account.get_username()}),
        )
        if saved:
            return saved
        status = 400
    roles = account.unit_roles.select_related("unit").order_by("unit__code", "role")
    history = _changes(account.history.select_related("history_user").order_by("-history_date"))
    return render(
        request,
        "administration/user_edit.html",
        {
            "account": account,
            "form": form,
            "may_change": may_change,
            "roles": roles,
            "history": history,
            "oidc": access_services.signs_in_with_oidc(),
        },
        status=status,
    )


#: What the account's history shows; a sign-in saves only `last_login`, no change here.
SHOWN = ("username", "first_name", "last_name", "email", "is_active")


def _changes(rows, limit: int = 50) -> list:
    """The history rows that changed something shown (newest first)."""
    rows = list(rows[: limit * 4])
    kept = []
    for newer, older in zip(rows, [*rows[1:], None], strict=True):
        if older is None or any(getattr(newer, f) != getattr(older, f) for f in SHOWN):
            kept.append(newer)
    return kept[:limit]


def _set_active(request, username: str, active: bool):
    _require_managers(request.user)
    account = _account(username)
    change = access_services.user_reactivate if active else access_services.user_deactivate
    try:
        change(target=account, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        text = (
            _("Kontot %(user)s är aktiverat igen, med de roller det hade.")
            if active
            else _("Kontot %(user)s är inaktiverat; dess roller och historik finns kvar.")
        )
        messages.success(request, text % {"user": account.get_username()})
    return redirect("administration:user_edit", username=account.get_username())


@login_required
@require_POST
def user_deactivate(request, username: str):
    return _set_active(request, username, False)


@login_required
@require_POST
def user_reactivate(request, username: str):
    return _set_active(request, username, True)
