"""Request ids, the access log and the load balancer's health check.

`HealthCheckMiddleware` comes first in MIDDLEWARE: `/health/` is answered before host
validation, the HTTPS redirect and the session, so a load balancer can probe a server by
its address over plain HTTP. `RequestLogMiddleware` gives every request an id (the
proxy's `X-Request-ID` when it sends a sane one), puts it on every log record of the
request and on the response, and writes one access-log line per request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from styra.logs import request_id_var
from styra.memo import request_scope

HEALTH_PATH = "/health/"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

access_log = logging.getLogger("styra.access")
health_log = logging.getLogger("styra.health")


def database_ok() -> bool:
    """True when the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        health_log.exception("Hälsokontrollen: databasen svarar inte")
        return False
    return True


class HealthCheckMiddleware:
    """`GET /health/`: 200 `{"status": "ok"}` when the database answers, else 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        ok = database_ok()
        response = JsonResponse(
            {"status": "ok" if ok else "error", "database": "ok" if ok else "error"},
            status=200 if ok else 503,
        )
        response["Cache-Control"] = "no-store"
        return response


class RequestMemoMiddleware:
    """Each request remembers its repeated reads (roles, the tree) until it ends
    (`styra.memo`); nothing is remembered from one request to the next."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)


class NulCharacterMiddleware:
    """A NUL character in a web address or its query: 404 or 400 at once, never a 500.

    A NUL is never part of a code, a name or a search, and PostgreSQL cannot even compare
    a text column with it (psycopg refuses the query). Form fields refuse it themselves
    (Django's `ProhibitNullCharactersValidator`); the API answers in JSON on its own
    (`styra.api.middleware`, `styra.api.parser`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            if "\x00" in request.path:
                raise Http404(_("Det finns ingen sida på den här adressen."))
            if any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            ):
                raise BadRequest(
                    _("Adressen innehåller tecknet NUL (\\u0000), som inte får förekomma.")
                )
        return self.get_response(request)


def request_id_from(header: str | None) -> str:
    """The proxy's request id when it is sane, else a new one."""
    if header and _SANE_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """A request id on every log record and response; one access-log line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.META.get("HTTP_X_REQUEST_ID"))
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)
