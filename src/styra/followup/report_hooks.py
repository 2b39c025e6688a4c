"""What the rounds app asks of the reports: which texts a unit writes, and whether a
round's report still has errors when a controller locks it.

The answers live in the report templates and the report check (`styra.reports`), a
layer above this app. Rather than import upward, the follow-up app declares the two
questions here and the reports app answers them once, in `ReportsConfig.ready()`:

- `text_sections(round_, unit, drafts=False)`: the texts the round's report template
  asks `unit` to write, with heading, instruction and whether the template offers a
  text drafted from the data; with `drafts=True` also the drafted texts (they read the
  economic table and the report's data, so the reporting page asks for them only when
  the writer opens a draft). The reporting screens offer exactly these texts and refuse
  any other key.
- `lock_findings(round_)`: the errors the report check finds in the round's reports;
  `round_lock` refuses while there are any unless the controller confirms with a
  reason, which is recorded on the round (and so in its history).

Asking before the reports app has answered is a programming error and fails loudly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from styra.org.models import Unit

from .models import Round


@dataclass(frozen=True)
class TextSection:
    """A text a unit writes in a round, as its report template declares it."""

    key: str
    heading: str
    instruction: str = ""
    draft: str = ""  # Swedish sentences drafted from the data, for the writer to accept
    offers_draft: bool = False  # the template drafts this text (`draft` only when asked)


@dataclass(frozen=True)
class LockFinding:
    """An error the report check finds in a round's report, in one line."""

    unit_code: str
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.unit_code} · {self.place}: {self.message}"


class TextSectionSource(Protocol):
    def __call__(self, round_: Round, unit: Unit, *, drafts: bool = False) -> list[TextSection]: ...


LockFindingSource = Callable[[Round], list[LockFinding]]

_text_sections: list[TextSectionSource] = []
_lock_findings: list[LockFindingSource] = []


def answer(*, text_sections: TextSectionSource, lock_findings: LockFindingSource) -> None:
    """Called once by the reports app when Django starts."""
    _text_sections[:] = [text_sections]
    _lock_findings[:] = [lock_findings]


def _source(sources: list):
    if not sources:
        raise ImproperlyConfigured(
            "styra.reports is not installed or has not answered styra.followup.report_hooks"
        )
    return sources[0]


def text_sections(round_: Round, unit: Unit, *, drafts: bool = False) -> list[TextSection]:
    source: TextSectionSource = _source(_text_sections)
    return source(round_, unit, drafts=drafts)


def lock_findings(round_: Round) -> list[LockFinding]:
    return _source(_lock_findings)(round_)
