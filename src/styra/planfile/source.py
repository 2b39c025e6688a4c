"""Reading YAML so that every error can name its file, line and field.

The round-trip loader keeps the position of every key and list item. We turn the
document into plain data (dicts, lists, str, int, Decimal, bool) and keep a map from
field path to line, so schema and semantic errors can point at the line to fix.
Numbers become `Decimal` straight from their text (no float detour) and dates stay
ISO strings, so a value is read exactly as it was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.text import clean_text
from styra.formats.yamlfile import YamlLimitError, check_yaml, read_yaml_text

Path_ = tuple[str | int, ...]


def format_path(path: Path_) -> str:
    """`("items", 3, "kind")` → `items[3].kind`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def import_failed(problems: Iterable[ImportProblem]) -> ImportFailed:
    """`ImportFailed` with `problems` in file order (file, line, field)."""
    return ImportFailed(sorted(problems, key=lambda p: (p.file, p.line or 0, p.field)))


def _construct_decimal(constructor, node) -> Decimal | str:
    text = node.value.replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return node.value
    # .inf and .nan are no figures a plan can hold; keep them as text so the schema says so.
    return value if value.is_finite() else node.value


def _construct_text(constructor, node) -> str:
    return node.value


class _Constructor(RoundTripConstructor):
    pass


_Constructor.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


@dataclass
class Document:
    """One YAML document: plain data plus the line of every field."""

    filename: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path_, message: str) -> ImportProblem:
        return ImportProblem(
            file=self.filename,
            line=self.line(path),
            column="",
            message=message,
            field=format_path(path),
        )


def _plain(node, path: Path_, lines: dict[Path_, int]):
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            child = (*path, str(key))
            position = node.lc.key(key)
            if position is not None:
                lines[child] = position[0] + 1
            result[str(key)] = _plain(value, child, lines)
        return result
    if isinstance(node, CommentedSeq):
        result = []
        for index, value in enumerate(node):
            child = (*path, index)
            position = node.lc.item(index)
            if position is not None:
                lines[child] = position[0] + 1
            result.append(_plain(value, child, lines))
        return result
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, Decimal):
        return node
    if isinstance(node, str):
        return clean_text(node)
    return node


def read_documents(*, text: str, filename: str) -> list[Document]:
    """Every YAML document in `text`; a syntax error becomes an `ImportFailed`.

    The text is checked against the YAML limits first (`styra.formats.yamlfile`: size,
    nesting, alias expansion), and every string is cleaned (`formats.text.clean_text`).
    """
    try:
        check_yaml(text)
    except YamlLimitError as exc:
        raise ImportFailed([ImportProblem(filename, exc.line, "", exc.message)]) from None
    try:
        raw = list(_yaml().load_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = (exc.problem or exc.context or "").strip()
        message = _("YAML-syntaxfel: %(detail)s") % {"detail": detail}
        raise ImportFailed([ImportProblem(filename, line, "", message)]) from exc
    except ReaderError as exc:
        # A character YAML does not allow in a file (a control character, say).
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        message = _("Tecknet U+%(code)04X får inte finnas i en YAML-fil.") % {
            "code": exc.character if isinstance(exc.character, int) else ord(exc.character)
        }
        raise ImportFailed([ImportProblem(filename, line, "", message)]) from exc
    documents = []
    for node in raw:
        if node is None:
            continue
        lines: dict[Path_, int] = {(): 1}
        data = _plain(node, (), lines)
        if isinstance(node, CommentedMap | CommentedSeq) and node.lc.line is not None:
            lines[()] = node.lc.line + 1
        documents.append(Document(filename=filename, data=data, lines=lines))
    return documents


def read_file(path: Path | str) -> tuple[str, str]:
    """The text of `path` and the name to show in errors."""
    path = Path(path)
    try:
        return read_yaml_text(path), path.name
    except YamlLimitError as exc:
        raise ImportFailed([ImportProblem(path.name, None, "", exc.message)]) from None
    except FileNotFoundError as exc:
        raise ImportFailed(
            [ImportProblem(path.name, None, "", _("filen finns inte: %(path)s") % {"path": path})]
        ) from exc
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [ImportProblem(path.name, None, "", _("filen är inte kodad i UTF-8"))]
        ) from exc
