"""Every request to the API: one whose address holds a NUL is answered 404 at once (it
names nothing, and PostgreSQL cannot compare with it); every request made with a token is
recorded: which token, what, when, the answer."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from styra.access.tokens import api_token_use_record

from .auth import current_token
from .errors import ApiProblem


class TokenUseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if "\x00" in request.path:
            problem = ApiProblem(404, _("Adressen finns inte i API:t."), code="not_found")
            return JsonResponse(problem.body(), status=404)
        reset = current_token.set(None)
        try:
            response = self.get_response(request)
            token = current_token.get()
            if token is not None:
                api_token_use_record(
                    token=token,
                    method=request.method or "",
                    path=request.get_full_path(),
                    status=response.status_code,
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            return response
        finally:
            current_token.reset(reset)
