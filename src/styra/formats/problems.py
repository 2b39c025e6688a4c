"""The one vocabulary every import uses for what is wrong with a file.

A problem names the file, the line and (where there is one) the column or field, and
says in Swedish what is wrong, so the person who made the file can fix it in one go.
An import collects its problems and raises `ImportFailed` before writing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass
class ImportProblem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("%(file)s, rad %(line)s, kolumn %(column)s: %(message)s") % {
                "file": self.file,
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("%(file)s, rad %(line)s: %(message)s") % {
            "file": self.file,
            "line": self.line,
            "message": self.message,
        }


class ImportFailed(Exception):
    """Nothing was written; `problems` says why."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
