"""The one vocabulary every import uses for what is wrong with a file.

A problem names the file, the line and (where there is one) the column or field, and
says in Swedish what is wrong, so the person who made the file can fix it in one go.
An import collects its problems and raises `ImportFailed` before writing anything.

Two kinds of place, shown the way the person who made the file looks for them:

- a table (CSV, XLSX) names its *column*: ``prognoser.csv, rad 3, kolumn belopp: …``;
- a structured text file (YAML plan and organisation files) names the *field* by its
  path, in the editor's ``file:line`` form: ``plan.yaml:42: items[3].kind: …``.

A problem of the whole file has no line: ``plan.yaml: filen finns inte``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    column: str
    message: str
    field: str = ""

    def __str__(self) -> str:
        if self.column:
            return _("%(file)s, rad %(line)s, kolumn %(column)s: %(message)s") % {
                "file": self.file,
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.field:
            where = f"{self.file}:{self.line}" if self.line else self.file
            return f"{where}: {self.field}: {self.message}"
        if self.line is None:
            return f"{self.file}: {self.message}"
        return _("%(file)s, rad %(line)s: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


#: Problems listed in an `ImportFailed` message; a broken file of any size gives a
#: message of bounded length (the list itself keeps every problem).
MAX_LISTED = 50


class ImportFailed(Exception):
    """Nothing was written; `problems` says why."""

    def __init__(self, problems: Sequence[ImportProblem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(_("… och %(n)s fel till") % {"n": len(self.problems) - MAX_LISTED})
        super().__init__("\n".join(lines))

    def summary(self) -> str:
        """The first problem on one line, and how many more there are."""
        first = str(self.problems[0]) if self.problems else ""
        rest = len(self.problems) - 1
        if rest > 0:
            return first + " " + _("(och %(n)d fel till)") % {"n": rest}
        return first
