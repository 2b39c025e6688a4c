"""The statistics configuration file (YAML, `format: styra-stats/1`): dimensions,
comparison areas, the organisation's Kolada ids, series and links to plan indicators.

The file is validated against `config_schema.json`; every problem names the file, the
line and the field, in Swedish, before anything is written (docs/statistics.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema
from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from styra.formats.problems import ImportFailed, ImportProblem

SCHEMA_PATH = Path(__file__).parent / "config_schema.json"
#: The shipped configuration: the common dimensions and series of a Swedish region.
STANDARD_CONFIG = Path(__file__).parent / "config" / "standard.yaml"
MAX_CONFIG_BYTES = 2_000_000

PathParts = tuple[str | int, ...]


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _plain(node):
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _lines(node, path: PathParts, into: dict[PathParts, int]) -> None:
    """Record the 1-based line of every key and list item (ruamel keeps them)."""
    lc = getattr(node, "lc", None)
    if isinstance(node, dict):
        for key, value in node.items():
            if lc is not None:
                into[(*path, str(key))] = lc.key(key)[0] + 1
            _lines(value, (*path, str(key)), into)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if lc is not None:
                into[(*path, index)] = lc.item(index)[0] + 1
            _lines(value, (*path, index), into)


def field_path(path: PathParts) -> str:
    """('series', 2, 'unit') → 'series[2].unit'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class ConfigDocument:
    source: str  # the file name as the user gave it
    data: dict
    lines: dict[PathParts, int]

    def line(self, path: PathParts) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def problem(self, path: PathParts, message: str) -> ImportProblem:
        return ImportProblem(self.source, self.line(path), field_path(path), message)


def config_parse(text: str, *, source: str = "statistik.yaml") -> ConfigDocument:
    """Parse and validate a configuration; raise `ImportFailed` naming file and line."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ImportFailed([ImportProblem(source, 0, "", _("filen är för stor"))])
    try:
        node = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise ImportFailed(
            [ImportProblem(source, line, "", _("ogiltig YAML: %(p)s") % {"p": problem})]
        ) from None
    if not isinstance(node, dict):
        raise ImportFailed([ImportProblem(source, 1, "", _("filen måste vara en YAML-mappning"))])
    lines: dict[PathParts, int] = {}
    _lines(node, (), lines)
    document = ConfigDocument(source=source, data=_plain(node), lines=lines)
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(document.data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ImportFailed(
            [document.problem(tuple(e.absolute_path), e.message) for e in errors[:50]]
        )
    return document


def config_read(path: Path | str) -> ConfigDocument:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ImportFailed([ImportProblem(path.name, 0, "", _("filen är för stor"))])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailed(
            [ImportProblem(path.name, 0, "", _("filen kan inte läsas (%(e)s)") % {"e": exc})]
        ) from None
    return config_parse(text, source=path.name)
