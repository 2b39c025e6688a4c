"""The account page: who I am, and my personal API tokens (docs/api.md).

A new token is shown once, in the answer to the form that made it (never stored, never
put in the session or a redirect); the page lists the tokens with their scopes and
status, revokes them, and shows the latest requests made with them.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from styra.access.models import ApiToken, TokenScope
from styra.access.selectors import api_token_uses, api_tokens_of
from styra.access.tokens import MAX_DAYS, api_token_create, api_token_revoke
from styra.formats.text import CleanTextField


def _signed_in(request: HttpRequest) -> User:
    """The signed-in user (the views are behind `login_required`)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


class TokenForm(forms.Form):
    name = CleanTextField(
        label=gettext_lazy("Namn"),
        multiline=False,
        max_length=100,
        help_text=gettext_lazy("Vad nyckeln används till, t.ex. systemet som ska använda den."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Behörigheter"),
        choices=TokenScope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[TokenScope.READ],
    )
    valid_days = forms.IntegerField(
        label=gettext_lazy("Giltig i antal dagar"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        help_text=gettext_lazy("Tomt: tills du återkallar den."),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    form = TokenForm(request.POST or None)
    new_token, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, raw = api_token_create(
                    owner=user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    user=user,
                    valid_days=form.cleaned_data["valid_days"],
                )
            except ValidationError as exc:
                status = 400
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                new_token = {"token": token, "raw": raw}
                form = TokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": api_tokens_of(user),
        "uses": api_token_uses(user, limit=30),
    }
    return render(request, "web/account.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id)
    api_token_revoke(token=token, user=_signed_in(request))
    messages.success(request, _("API-nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
    return redirect("web:account")
