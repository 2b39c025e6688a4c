"""The API's JSON and query parsing: ninja's, refusing the NUL character.

A NUL cannot be stored in a PostgreSQL text column and is never part of a code, a name
or a comment; refused here (422) it can reach no query, on any database.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from .errors import ApiProblem, Problem


def _nul_paths(value: Any, path: str = "") -> list[str]:
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                found.append(where)
            found.extend(_nul_paths(item, where))
        return found
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _nul_paths(item, f"{path}[{index}]")]
    return []


def refuse_nul(data: Any) -> None:
    where = _nul_paths(data)
    if where:
        raise ApiProblem(
            422,
            _("Anropet innehåller tecknet NUL (\\u0000), som inte får förekomma; inget sparades."),
            problems=[Problem(message=_("otillåtet tecken (NUL)"), field=w) for w in where[:20]],
        )


class NoNulParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        refuse_nul(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        refuse_nul(result)
        return result
