"""Reading the columns of a statistics file: the long layout, and wide layouts through a
documented mapping (YAML, `format: styra-stats-mapping/1`, docs/statistics.md).

The long layout has one value per row:

    serie;enhet;period;periodtyp;intervall;kon;värde;orsak
    sjukfranvaro;RS-HR;2026-03;ack;dag 1-14;kvinnor;2,4;

A wide layout has periods or the members of one dimension as columns; the mapping names
which, renames the file's other columns and fixes values the file leaves out:

    format: styra-stats-mapping/1
    columns: {Organisation: enhet, Kön: kon}
    fixed: {serie: sjukfranvaro, periodtyp: ack, period: 2026-03}
    wide:
      into: intervall
      columns: {"Dag 1-14": "1-14", "Dag 15-59": "15-59", "Dag 60-": "60-"}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from styra.formats.problems import ImportFailed, ImportProblem

#: Styra's columns of the long layout (besides one column per dimension code).
COLUMNS = ("serie", "enhet", "omrade", "period", "periodtyp", "varde", "orsak")
ALIASES = {
    "värde": "varde",
    "value": "varde",
    "område": "omrade",
    "jamforelse": "omrade",
    "jämförelse": "omrade",
    "saknas": "orsak",
    "series": "serie",
    "unit": "enhet",
}
MAPPING_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["format"],
    "properties": {
        "format": {"const": "styra-stats-mapping/1"},
        "name": {"type": "string"},
        "columns": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        "fixed": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
        "wide": {
            "type": "object",
            "additionalProperties": False,
            "required": ["into"],
            "properties": {
                "into": {"type": "string", "minLength": 1},
                "columns": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "number"]},
                },
            },
        },
    },
}


def normalise(name: object) -> str:
    """A column name as Styra compares it: lower case, å/ä/ö-less, trimmed."""
    text = unicodedata.normalize("NFKD", str(name if name is not None else "").strip().lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return ALIASES.get(str(name).strip().lower(), ALIASES.get(text, text))


def _header_text(value: str) -> str:
    """A wide column's header as a value: Excel turns '2026-01' into a date and '2026' into
    a number, which the reader gives as '2026-01-01 00:00:00' and '2026.0'."""
    text = str(value).strip()
    if text.endswith(" 00:00:00"):
        text = text[: -len(" 00:00:00")]
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


@dataclass
class Mapping:
    name: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # normalised file column → Styra's
    fixed: dict[str, str] = field(default_factory=dict)
    wide_into: str = ""
    wide_columns: dict[str, str] = field(default_factory=dict)  # normalised header → value

    @classmethod
    def parse(cls, text: str, *, source: str = "mappning.yaml") -> Mapping:
        try:
            node = YAML(typ="safe").load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ImportFailed(
                [
                    ImportProblem(
                        source,
                        mark.line + 1 if mark else 1,
                        "",
                        _("ogiltig YAML: %(p)s") % {"p": getattr(exc, "problem", None) or exc},
                    )
                ]
            ) from None
        errors = list(jsonschema.Draft202012Validator(MAPPING_SCHEMA).iter_errors(node))
        if errors:
            raise ImportFailed(
                [
                    ImportProblem(source, 1, "/".join(str(p) for p in e.absolute_path), e.message)
                    for e in errors
                ]
            )
        wide = node.get("wide") or {}
        return cls(
            name=str(node.get("name", "")),
            columns={normalise(k): normalise(v) for k, v in (node.get("columns") or {}).items()},
            fixed={normalise(k): _header_text(v) for k, v in (node.get("fixed") or {}).items()},
            wide_into=normalise(wide.get("into", "")),
            wide_columns={
                normalise(_header_text(k)): _header_text(v)
                for k, v in (wide.get("columns") or {}).items()
            },
        )

    @classmethod
    def read(cls, path: Path | str) -> Mapping:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportFailed(
                [ImportProblem(path.name, 0, "", _("filen kan inte läsas (%(e)s)") % {"e": exc})]
            ) from None
        return cls.parse(text, source=path.name)


LONG = Mapping()


@dataclass
class Shaper:
    """Turns one row of the file into the long rows it holds.

    Each long row is (column → raw value, column → the file's column it came from),
    so that a problem names the column the person sees in their file.
    """

    named: list[tuple[str, str]]  # (file header, Styra column) of the named columns
    fixed: dict[str, str]
    wide: list[tuple[str, str]]  # (file header, value) of the wide columns
    wide_into: str
    origin: dict[str, str]

    def rows(self, values: dict[str, object]) -> Iterator[tuple[dict[str, object], dict[str, str]]]:
        base: dict[str, object] = dict(self.fixed)
        for header, column in self.named:
            base[column] = values.get(header)
        if not self.wide:
            yield base, self.origin
            return
        for header, member in self.wide:
            row = dict(base)
            row[self.wide_into] = member
            row["varde"] = values.get(header)
            yield row, {**self.origin, "varde": header, self.wide_into: header}

    def columns(self) -> set[str]:
        found = {column for _h, column in self.named} | set(self.fixed)
        if self.wide:
            found |= {self.wide_into, "varde"}
        return found


def shaper_for(header: list[str], mapping: Mapping, known: set[str]) -> Shaper:
    """How to read a file with `header` under `mapping`; `known` are Styra's column names
    (the long layout's and the dimension codes). Unknown columns are ignored unless the
    mapping makes them wide columns."""
    named, origin, wide = [], {}, []
    for raw in header:
        if not raw:
            continue
        key = normalise(raw)
        column = mapping.columns.get(key) or (key if key in known else "")
        if mapping.wide_into:
            if mapping.wide_columns and key in mapping.wide_columns:
                wide.append((raw, mapping.wide_columns[key]))
                continue
            if not mapping.wide_columns and not column:
                wide.append((raw, _header_text(raw)))
                continue
        if column:
            named.append((raw, column))
            origin[column] = raw
    return Shaper(
        named=named,
        fixed=dict(mapping.fixed),
        wide=wide,
        wide_into=mapping.wide_into,
        origin=origin,
    )
