"""Reading the organisation's investment categories from a file (docs/registers.md).

A YAML file::

    categories:
      - code: fardiga
        name: Färdigställda investeringar
        subtotal: Summa avslutade        # optional: a subtotal row after the run
        plan_decisions: true            # optional: for objects decided in the plan

or a CSV/XLSX table with the columns `kod`, `namn` and optionally `delsumma` and
`beslutade` (ja/nej). The order of the file is the print order. Every problem names
the file, the line and the field or column, in Swedish; nothing is written by reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.tabular import RowReader, read_table
from styra.formats.text import clean_line
from styra.formats.yamlfile import YamlLimitError, check_yaml, read_yaml_text

from .models import NAME_MAX_LENGTH

#: The shipped category files: the T1 2026 report's six (the demo's) and an example.
CATEGORIES_DIR = Path(__file__).resolve().parent / "config"
CODE_MAX_LENGTH = 60
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_YAML_KEYS = {"code", "name", "subtotal", "plan_decisions"}
TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class CategorySpec:
    """One category as the file gives it; `line` is where it starts."""

    code: str
    name: str
    subtotal_label: str
    for_plan_decisions: bool
    line: int
    index: int  # its place in the file's list (YAML) or among the rows (table)


_COLUMNS = {"code": "kod", "name": "namn", "subtotal": "delsumma", "plan_decisions": "beslutade"}


@dataclass
class CategoryFile:
    name: str  # the file name as the user gave it
    categories: list[CategorySpec]
    is_table: bool = False  # CSV/XLSX: problems name columns, not YAML fields

    def problem(self, spec: CategorySpec, key: str, message: str) -> ImportProblem:
        """A problem of one category's `key` (the YAML field name)."""
        if self.is_table:
            return ImportProblem(self.name, spec.line, _COLUMNS[key], message)
        field = f"categories[{spec.index}].{key}"
        return ImportProblem(self.name, spec.line, "", message, field=field)


def read_categories_file(path: Path | str) -> CategoryFile:
    """The categories in `path` (YAML, or CSV/XLSX by its suffix); `ImportFailed` with
    every problem otherwise."""
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        result, problems = _read_table(path)
    else:
        result, problems = _read_yaml(path)
    problems.extend(_check_whole(result))
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: p.line or 0))
    return result


def _check_whole(result: CategoryFile) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    seen: dict[str, int] = {}
    marked: list[CategorySpec] = []
    for spec in result.categories:
        if spec.code and spec.code in seen:
            problems.append(
                result.problem(
                    spec,
                    "code",
                    _("koden ”%(code)s” finns redan på rad %(line)s")
                    % {"code": spec.code, "line": seen[spec.code]},
                )
            )
        seen.setdefault(spec.code, spec.line)
        if spec.for_plan_decisions:
            marked.append(spec)
    for spec in marked[1:]:
        problems.append(
            result.problem(
                spec,
                "plan_decisions",
                _("bara en kategori kan ta emot beslutade objekt (redan ”%(code)s”)")
                % {"code": marked[0].code},
            )
        )
    return problems


def _code_problem(code: str) -> str | None:
    if not code:
        return _("kod saknas")
    if len(code) > CODE_MAX_LENGTH:
        return _("koden är längre än %(n)s tecken") % {"n": CODE_MAX_LENGTH}
    if not _CODE.match(code):
        return _(
            "koden ”%(code)s” får bara innehålla gemena a–z, siffror, - och _ (t.ex. pagaende)"
        ) % {"code": code}
    return None


def _text_problem(text: str, *, required: bool) -> str | None:
    if required and not text:
        return _("värde saknas")
    if len(text) > NAME_MAX_LENGTH:
        return _("texten är längre än %(n)s tecken") % {"n": NAME_MAX_LENGTH}
    return None


# YAML --------------------------------------------------------------------------------


def _read_yaml(path: Path) -> tuple[CategoryFile, list[ImportProblem]]:
    name = path.name

    def failed(line: int | None, message: str, field: str = "") -> ImportFailed:
        return ImportFailed([ImportProblem(name, line, "", message, field=field)])

    try:
        text = read_yaml_text(path)
        check_yaml(text)
        node = YAML(typ="rt").load(text)
    except YamlLimitError as exc:
        raise failed(exc.line, exc.message) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise failed(None, _("filen kan inte läsas (%(e)s)") % {"e": exc}) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise failed(
            mark.line + 1 if mark else 1, _("ogiltig YAML: %(p)s") % {"p": problem}
        ) from None
    items = node.get("categories") if isinstance(node, CommentedMap) else None
    if not isinstance(node, CommentedMap) or not isinstance(items, CommentedSeq):
        raise failed(1, _("filen ska ha en lista categories: med kategorierna"), "categories")
    if not items:
        raise failed(node.lc.key("categories")[0] + 1, _("listan är tom"), "categories")
    problems: list[ImportProblem] = []
    specs: list[CategorySpec] = []
    for index, item in enumerate(items):
        line = items.lc.item(index)[0] + 1
        where = f"categories[{index}]"
        if not isinstance(item, CommentedMap):
            problems.append(
                ImportProblem(name, line, "", _("ska vara en mappning med code och name"), where)
            )
            continue

        def line_of(key: str, item=item, line=line) -> int:
            return item.lc.key(key)[0] + 1 if key in item else line

        for key in item:
            if str(key) not in _YAML_KEYS:
                problems.append(
                    ImportProblem(
                        name,
                        line_of(key),
                        "",
                        _("okänt fält; tillåtna är %(keys)s")
                        % {"keys": ", ".join(sorted(_YAML_KEYS))},
                        f"{where}.{key}",
                    )
                )
        code = clean_line(item.get("code") or "").strip()
        label = clean_line(item.get("name") or "").strip()
        subtotal = clean_line(item.get("subtotal") or "").strip()
        plan_decisions = item.get("plan_decisions", False)
        for key, message in (
            ("code", _code_problem(code)),
            ("name", _text_problem(label, required=True)),
            ("subtotal", _text_problem(subtotal, required=False)),
        ):
            if message:
                problems.append(ImportProblem(name, line_of(key), "", message, f"{where}.{key}"))
        if not isinstance(plan_decisions, bool):
            problems.append(
                ImportProblem(
                    name,
                    line_of("plan_decisions"),
                    "",
                    _("ska vara true eller false"),
                    f"{where}.plan_decisions",
                )
            )
            plan_decisions = False
        specs.append(CategorySpec(code, label, subtotal, plan_decisions, line, index))
    return CategoryFile(name=name, categories=specs), problems


# CSV / XLSX --------------------------------------------------------------------------


def _read_table(path: Path) -> tuple[CategoryFile, list[ImportProblem]]:
    table = read_table(path)
    table.require_columns("kod", "namn")
    table.raise_if_problems()
    specs: list[CategorySpec] = []
    for index, (line, values) in enumerate(table.rows):
        row = RowReader(table, line, values)
        code = row.text("kod")
        label = row.text("namn")
        subtotal = row.text("delsumma") if "delsumma" in table.header else ""
        plan_decisions = bool(row.boolean("beslutade")) if "beslutade" in table.header else False
        for column, message in (
            ("kod", _code_problem(code)),
            ("namn", _text_problem(label, required=True)),
            ("delsumma", _text_problem(subtotal, required=False)),
        ):
            if message:
                row.problem(column, message)
        specs.append(CategorySpec(code, label, subtotal, plan_decisions, line, index))
    return CategoryFile(name=table.name, categories=specs, is_table=True), table.problems
