"""The API's errors: JSON `{"detail", "code", "problems"}` with Swedish messages.

- 401 `unauthenticated`: no token, or an unknown, revoked or expired one;
- 403 `forbidden` / `scope`: the owner's roles do not allow it, or the token's scopes;
- 404 `not_found`: no such round, item, unit, plan or job (or not one you may see);
- 409 `conflict` / `locked` / `closed` / `not_open` / `report_state`: someone saved
  since the version you sent, or the round or report is in a state that allows no
  change;
- 413 `too_large`: the body is larger than the server accepts;
- 422 `invalid`: the input is wrong; `problems` names each row and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from styra.followup.services import RoundLockedError
from styra.formats.problems import ImportProblem

#: Django ValidationError codes the follow-up guards use for a state that allows no change.
STATE_CODES = frozenset({"locked", "closed", "not_open", "report_state"})


@dataclass
class Problem:
    message: str
    row: int | None = None
    field: str = ""


@dataclass
class ApiProblem(Exception):
    status: int
    detail: str
    code: str = "invalid"
    problems: list[Problem] = field(default_factory=list)
    #: Seconds to wait before asking again (a `Retry-After` header), for 429.
    retry_after: int | None = None

    def body(self) -> dict[str, object]:
        return {
            "detail": self.detail,
            "code": self.code,
            "problems": [
                {"row": p.row, "field": p.field, "message": p.message} for p in self.problems
            ],
        }


def not_found(detail: str) -> ApiProblem:
    return ApiProblem(404, detail, code="not_found")


def from_validation_error(exc: ValidationError, *, row: int | None = None) -> ApiProblem:
    """A service's ValidationError: 409 for a locked round or a closed report, else 422."""
    if isinstance(exc, RoundLockedError) or exc_codes(exc) & STATE_CODES:
        code = (
            "locked"
            if isinstance(exc, RoundLockedError)
            else next(iter(sorted(exc_codes(exc) & STATE_CODES)))
        )
        return ApiProblem(409, " ".join(exc.messages), code=code)
    return ApiProblem(
        422,
        _("Uppgifterna kunde inte sparas."),
        problems=validation_problems(exc, row=row),
    )


def exc_codes(exc: ValidationError) -> set[str]:
    return (
        {e.code for e in exc.error_list if e.code}
        if not hasattr(exc, "error_dict")
        else {e.code for errors in exc.error_dict.values() for e in errors if e.code}
    )


def validation_problems(exc: ValidationError, *, row: int | None = None) -> list[Problem]:
    if hasattr(exc, "error_dict"):
        return [
            Problem(message=message, row=row, field=name if name != "__all__" else "")
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [Problem(message=message, row=row) for message in exc.messages]


def import_problems(problems: list[ImportProblem], columns: dict[str, str]) -> list[Problem]:
    """An import's problems with the rows and fields of the request body (`columns`:
    the import's column name → the JSON field it came from)."""
    return [
        Problem(
            message=p.message,
            row=p.line,
            field=columns.get(p.column, p.column) or p.field,
        )
        for p in problems
    ]


def only_parameters(given: Iterable[str], *known: str) -> None:
    """422 for a query parameter the endpoint does not know: a feed's misspelt `?enhet=`
    must not silently give every unit."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ApiProblem(
            422,
            _("Okänd parameter: %(names)s.") % {"names": ", ".join(unknown)},
            problems=[Problem(message=_("okänd parameter"), field=name) for name in unknown],
        )
