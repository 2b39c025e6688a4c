"""Records every request made with an API token: which token, what, when, the answer."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from styra.access.tokens import api_token_use_record

from .auth import current_token


class TokenUseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
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
