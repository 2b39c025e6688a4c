"""The NinjaAPI: authentication, the JSON errors, and the routers of each area.

Every endpoint is thin: it parses, asks `require_scope` for the acting user, calls the
same selector or service as the web, and shapes the answer. Permission and state are
the services' (`styra.access.permissions`, `styra.followup.services.guards`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from styra.followup.services import ConflictError
from styra.formats.problems import ImportFailed
from styra.jobs.registry import JobFailed

from . import economy, followup, organisation, plans, reports, statistics
from .auth import TokenAuth
from .errors import ApiProblem, Problem, from_validation_error
from .input_errors import input_problems
from .parser import NoNulParser

api = NinjaAPI(
    title="Styra API",
    version="1",
    description=(
        "Styras JSON-API: organisation, planer, uppföljningstillfällen, bedömningar, "
        "värden, statistik, ekonomiska tabeller och rapportjobb, med samma regler som "
        "webben. Autentisering med en personlig API-nyckel (`Authorization: Bearer sty_…`) "
        "med behörigheterna read, write och reports; nyckeln agerar som sin ägare, med "
        "ägarens roller. Fel ges som JSON med `detail`, `code` och `problems`. Se docs/api.md."
    ),
    auth=TokenAuth(),
    parser=NoNulParser(),
    urls_namespace="api",
    docs_url=None,
)


def _answer(request: HttpRequest, problem: ApiProblem) -> HttpResponse:
    response = api.create_response(request, problem.body(), status=problem.status)
    if problem.retry_after is not None:
        response["Retry-After"] = str(problem.retry_after)
    return response


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return _answer(request, exc)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _answer(
        request,
        ApiProblem(
            401,
            _(
                "Ange en giltig API-nyckel: Authorization: Bearer sty_… (nyckeln saknas, "
                "är okänd, har gått ut eller är återkallad)."
            ),
            code="unauthenticated",
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="Styra"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own (e.g. a body that is not JSON): the status it chose, a Swedish text.
    if isinstance(exc.__cause__, ApiProblem):  # refused by NoNulParser while parsing
        return _answer(request, exc.__cause__)
    if exc.status_code == 400:
        return _answer(
            request,
            ApiProblem(422, _("Anropets innehåll är inte giltig JSON."), code="invalid"),
        )
    return _answer(request, ApiProblem(exc.status_code, str(exc.message), code="invalid"))


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _answer(
        request,
        ApiProblem(
            422,
            _("Anropet har fel; inget sparades."),
            code="invalid",
            problems=input_problems(exc.errors),
        ),
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _answer(
        request,
        ApiProblem(403, str(exc) or _("Du saknar behörighet för detta."), code="forbidden"),
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _answer(request, ApiProblem(404, _("Adressen finns inte i API:t."), code="not_found"))


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return _answer(
        request,
        ApiProblem(
            409,
            str(exc)
            + " "
            + _("Nuvarande version är %(version)s; hämta bedömningen och försök igen.")
            % {"version": exc.current_version},
            code="conflict",
        ),
    )


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _answer(request, from_validation_error(exc))


@api.exception_handler(ImportFailed)
def _import_failed(request: HttpRequest, exc: ImportFailed) -> HttpResponse:
    return _answer(
        request,
        ApiProblem(
            422,
            _("Inget sparades: %(n)s fel.") % {"n": len(exc.problems)},
            problems=[Problem(message=str(p)) for p in exc.problems],
        ),
    )


@api.exception_handler(JobFailed)
def _job_failed(request: HttpRequest, exc: JobFailed) -> HttpResponse:
    return _answer(request, ApiProblem(422, str(exc), code="invalid"))


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _answer(request, too_large())


def too_large() -> ApiProblem:
    return ApiProblem(
        413,
        _("Anropet är för stort; dela upp det i flera anrop (se docs/api.md)."),
        code="too_large",
    )


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any address under /api/ that is not an endpoint."""
    problem = ApiProblem(404, _("Adressen finns inte i API:t."), code="not_found")
    return JsonResponse(problem.body(), status=404)


api.add_router("/v1/organisation", organisation.router)
api.add_router("/v1/plans", plans.router)
api.add_router("/v1/rounds", followup.router)
api.add_router("/v1/statistics", statistics.router)
api.add_router("/v1/economy", economy.router)
api.add_router("/v1", reports.router)
