"""The bad-request and server-error pages.

The server-error page: the request id to quote, and a clear word when the database is away.

Django calls `server_error` for any unhandled exception (after `django.request` has
logged it with its traceback and request id). It reads nothing from the database, so it
works when the database is the problem. A database that does not answer (restarted,
unreachable) gives 503 and says that nothing was saved: every write is one transaction,
so an interrupted save leaves the data as it was. An HTMX request gets the message as a
fragment for the page's message area (`#serverfel`, in `web/base.html`).
"""

from __future__ import annotations

import sys

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.views import defaults

from styra.logs import request_id_var


def _database_unavailable() -> bool:
    exc = sys.exc_info()[1]
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    database = _database_unavailable()
    context = {"request_id": request_id_var.get(), "database": database}
    status = 503 if database else 500
    if request.headers.get("HX-Request") == "true":
        body = loader.render_to_string("web/errors/server_error_message.html", context)
        response = HttpResponse(body, status=status)
        # Shown in the page's message area instead of the form that was posted.
        response["HX-Retarget"] = "#serverfel"
        response["HX-Reswap"] = "innerHTML"
    else:
        response = HttpResponse(
            loader.render_to_string("web/errors/server_error.html", context), status=status
        )
    if database:
        response["Retry-After"] = "10"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A `BadRequest` of ours: 400 in the site's layout, with its reason. Anything else
    Django calls 400 (a host not allowed, a broken upload) gets Django's plain page: the
    layout would read the very request that was refused."""
    if not isinstance(exception, BadRequest):
        return defaults.bad_request(request, exception)
    context = {"exception": str(exception)}
    return HttpResponseBadRequest(loader.render_to_string("400.html", context, request))
