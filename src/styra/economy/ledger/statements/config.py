"""Statement sets: the financial statements, key ratios and financial goals as data.

A statement set (YAML, `statement_sets/*.yaml`, or a region's own file) names its
statements (resultaträkning, balansräkning, kassaflödesanalys, balanskravsutredning …),
their rows in order, the key ratios and the financial goals. Rows are either a formula
(`value`, see `formula.py`), a sum of other rows (`sum`, a minus before a code
subtracts it) or a heading (no value). Each statement may list equalities that must
hold (`checks`: the balance sheet balances, the cash flow equals the change in liquid
assets); the report check reports those that do not. A problem names the file, the
line and the field, in Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from styra.formats.yamlfile import YamlLimitError, check_yaml, read_yaml_text

from .formula import Formula, FormulaError, parse_formula

SETS_DIR = Path(__file__).resolve().parent.parent / "statement_sets"
BASES = ("flow", "balance")
DIRECTIONS = ("higher", "lower")


class StatementSetError(ValueError):
    """A statement set that cannot be used; `str()` is 'file:line: field: message'."""


@dataclass(frozen=True)
class StatementRow:
    code: str
    label: str
    value: Formula | None = None
    sum: tuple[tuple[str, int], ...] = ()  # (row code, +1 or −1)
    kind: str = "data"  # data, subtotal, total, heading
    note: str = ""
    indent: int = 0

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


@dataclass(frozen=True)
class Equality:
    label: str
    left: str
    right: str


@dataclass(frozen=True)
class Statement:
    code: str
    title: str
    basis: str  # "flow": amounts of the period; "balance": amounts at its end
    rows: tuple[StatementRow, ...]
    checks: tuple[Equality, ...] = ()
    description: str = ""

    def row(self, code: str) -> StatementRow | None:
        return next((r for r in self.rows if r.code == code), None)


@dataclass(frozen=True)
class Ratio:
    code: str
    label: str
    value: Formula
    unit: str = ""
    decimals: int = 1
    definition: str = ""
    basis: str = "flow"


@dataclass(frozen=True)
class Goal:
    code: str
    label: str
    ratio: str
    target: float
    direction: str = "higher"
    tolerance: float | None = None  # within this of the target: "delvis uppfyllt"
    description: str = ""


@dataclass(frozen=True)
class StatementSet:
    code: str
    name: str
    statements: tuple[Statement, ...]
    ratios: tuple[Ratio, ...] = ()
    goals: tuple[Goal, ...] = ()
    description: str = ""
    path: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    def statement(self, code: str) -> Statement:
        for statement in self.statements:
            if statement.code == code:
                return statement
        raise StatementSetError(
            f"{self.path or self.code}: uppsättningen har ingen rapport med koden {code}"
        )

    def ratio(self, code: str) -> Ratio | None:
        return next((r for r in self.ratios if r.code == code), None)


ROW_KEYS = frozenset({"code", "label", "value", "sum", "kind", "note", "indent"})
STATEMENT_KEYS = frozenset({"code", "title", "basis", "rows", "checks", "description"})
SET_KEYS = frozenset({"code", "name", "description", "statements", "ratios", "goals", "notes"})
RATIO_KEYS = frozenset({"code", "label", "value", "unit", "decimals", "definition", "basis"})
GOAL_KEYS = frozenset({"code", "label", "ratio", "target", "direction", "tolerance", "description"})
CHECK_KEYS = frozenset({"label", "left", "right"})
NOTE_KEYS = frozenset({"code", "text"})


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def known(self, node, keys: frozenset[str]) -> None:
        """Refuse a key the format does not have (e.g. a label split by an unquoted comma)."""
        for key in node:
            if key not in keys:
                self.fail(
                    node,
                    str(key),
                    "okänt fält (sätt citattecken runt text med komma i en {…}-rad)",
                )

    def fail(self, node, key, message: str):
        line = None
        lc = getattr(node, "lc", None)
        if lc is not None:
            try:
                line = (lc.key(key)[0] if isinstance(key, str) else lc.item(key)[0]) + 1
            except (KeyError, IndexError, TypeError):
                line = lc.line + 1
        where = f"{self.source}:{line or 1}"
        raise StatementSetError(
            f"{where}: {key}: {message}" if key is not None else f"{where}: {message}"
        )

    def text(self, node, key, *, required: bool = True, default: str = "") -> str:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            if required:
                self.fail(node, key, "fältet saknas")
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(node, key, "ska vara en text")
        return str(value).strip()

    def mapping(self, node, key) -> dict:
        if not isinstance(node, dict):
            self.fail(node, key, "ska vara en mappning (nyckel: värde)")
        return node

    def items(self, node, key) -> list:
        value = node.get(key) if isinstance(node, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(node, key, "ska vara en lista")
        return value

    def formula(self, node, key) -> Formula:
        try:
            return parse_formula(self.text(node, key))
        except FormulaError as exc:
            self.fail(node, key, str(exc))
            raise  # unreachable: fail raises

    def number(self, node, key, *, required: bool = True) -> float | None:
        value = node.get(key)
        if value is None:
            if required:
                self.fail(node, key, "fältet saknas")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, key, f"ska vara ett tal, inte {value!r}")
        return float(value)


def statement_set_parse(text: str, *, source: str = "<uppsättning>") -> StatementSet:
    try:
        check_yaml(text)
    except YamlLimitError as exc:
        raise StatementSetError(f"{source}:{exc.line or 1}: {exc.message}") from None
    try:
        data = YAML(typ="rt").load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise StatementSetError(
            f"{source}:{mark.line + 1 if mark else 1}: ogiltig YAML: "
            f"{getattr(exc, 'problem', None) or exc}"
        ) from None
    r = _Reader(source)
    if not isinstance(data, dict):
        raise StatementSetError(f"{source}:1: filen ska vara en YAML-mappning")
    r.known(data, SET_KEYS)
    statements = []
    seen: set[str] = set()
    for node in r.items(data, "statements"):
        r.mapping(node, "statements")
        statement = _statement(r, node)
        if statement.code in seen:
            r.fail(node, "code", f"koden {statement.code} finns redan")
        seen.add(statement.code)
        statements.append(statement)
    if not statements:
        r.fail(data, "statements", "uppsättningen har inga rapporter")
    ratios = []
    for node in r.items(data, "ratios"):
        r.mapping(node, "ratios")
        r.known(node, RATIO_KEYS)
        basis = r.text(node, "basis", required=False, default="flow")
        if basis not in BASES:
            r.fail(node, "basis", "ska vara flow eller balance")
        decimals = r.number(node, "decimals", required=False)
        ratios.append(
            Ratio(
                code=r.text(node, "code"),
                label=r.text(node, "label"),
                value=r.formula(node, "value"),
                unit=r.text(node, "unit", required=False),
                decimals=1 if decimals is None else int(decimals),  # 0 is a choice
                definition=r.text(node, "definition", required=False),
                basis=basis,
            )
        )
    ratio_codes = {ratio.code for ratio in ratios}
    goals = []
    for node in r.items(data, "goals"):
        r.mapping(node, "goals")
        r.known(node, GOAL_KEYS)
        ratio = r.text(node, "ratio")
        if ratio not in ratio_codes:
            r.fail(node, "ratio", f"nyckeltalet {ratio} finns inte under ratios")
        direction = r.text(node, "direction", required=False, default="higher")
        if direction not in DIRECTIONS:
            r.fail(node, "direction", "ska vara higher eller lower")
        goals.append(
            Goal(
                code=r.text(node, "code"),
                label=r.text(node, "label"),
                ratio=ratio,
                target=r.number(node, "target") or 0.0,
                direction=direction,
                tolerance=r.number(node, "tolerance", required=False),
                description=r.text(node, "description", required=False),
            )
        )
    notes = {}
    for node in r.items(data, "notes"):
        r.mapping(node, "notes")
        r.known(node, NOTE_KEYS)
        notes[r.text(node, "code")] = r.text(node, "text")
    result = StatementSet(
        code=r.text(data, "code"),
        name=r.text(data, "name"),
        description=r.text(data, "description", required=False),
        statements=tuple(statements),
        ratios=tuple(ratios),
        goals=tuple(goals),
        path=source,
        notes=notes,
    )
    _check_references(r, data, result)
    return result


def _statement(r: _Reader, node) -> Statement:
    r.known(node, STATEMENT_KEYS)
    code = r.text(node, "code")
    basis = r.text(node, "basis", required=False, default="flow")
    if basis not in BASES:
        r.fail(node, "basis", "ska vara flow eller balance")
    rows: list[StatementRow] = []
    codes: set[str] = set()
    for row_node in r.items(node, "rows"):
        r.mapping(row_node, "rows")
        r.known(row_node, ROW_KEYS)
        label = r.text(row_node, "label")
        row_code = r.text(row_node, "code", required=False)
        has_value, has_sum = "value" in row_node, "sum" in row_node
        if has_value and has_sum:
            r.fail(row_node, "sum", "en rad har antingen value eller sum, inte båda")
        kind = r.text(row_node, "kind", required=False)
        if has_sum:
            members = []
            for member in r.items(row_node, "sum"):
                if not isinstance(member, str) or not member.strip("-"):
                    r.fail(row_node, "sum", "ska vara en lista av radkoder")
                sign = -1 if member.startswith("-") else 1
                member_code = member.lstrip("-").strip()
                if member_code not in codes:
                    r.fail(row_node, "sum", f"raden {member_code} finns inte ovanför")
                members.append((member_code, sign))
            row = StatementRow(
                code=row_code or "", label=label, sum=tuple(members), kind=kind or "total"
            )
        elif has_value:
            row = StatementRow(
                code=row_code or "",
                label=label,
                value=r.formula(row_node, "value"),
                kind=kind or "data",
            )
        else:
            row = StatementRow(code=row_code or "", label=label, kind="heading")
        if row.kind not in ("data", "subtotal", "total", "heading"):
            r.fail(row_node, "kind", "ska vara data, subtotal eller total")
        if not row.is_heading:
            if not row_code:
                r.fail(row_node, "code", "fältet saknas")
            if row_code in codes:
                r.fail(row_node, "code", f"koden {row_code} finns redan")
            codes.add(row_code)
        rows.append(
            StatementRow(
                code=row.code,
                label=row.label,
                value=row.value,
                sum=row.sum,
                kind=row.kind,
                note=r.text(row_node, "note", required=False),
                indent=int(r.number(row_node, "indent", required=False) or 0),
            )
        )
    if not rows:
        r.fail(node, "rows", "rapporten har inga rader")
    checks = []
    for check in r.items(node, "checks"):
        r.mapping(check, "checks")
        r.known(check, CHECK_KEYS)
        left, right = r.text(check, "left"), r.text(check, "right")
        for key, value in (("left", left), ("right", right)):
            if value not in codes:
                r.fail(check, key, f"raden {value} finns inte i rapporten")
        checks.append(Equality(label=r.text(check, "label"), left=left, right=right))
    return Statement(
        code=code,
        title=r.text(node, "title"),
        basis=basis,
        rows=tuple(rows),
        checks=tuple(checks),
        description=r.text(node, "description", required=False),
    )


def _check_references(r: _Reader, data, result: StatementSet) -> None:
    """Every row()/ratio() names something that exists."""
    rows = {s.code: {row.code for row in s.rows if not row.is_heading} for s in result.statements}
    ratio_codes = {ratio.code for ratio in result.ratios}

    def check(formula: Formula, own: str | None, node, key) -> None:
        for function, name in formula.references():
            if function == "ratio":
                ok = name in ratio_codes
            elif "." in name:
                statement, _, row = name.partition(".")
                ok = row in rows.get(statement, set())
            else:
                ok = own is not None and name in rows[own]
            if not ok:
                r.fail(node, key, f'{function}("{name}") finns inte')

    for statement_node, statement in zip(
        r.items(data, "statements"), result.statements, strict=True
    ):
        for row_node, row in zip(r.items(statement_node, "rows"), statement.rows, strict=True):
            if row.value is not None:
                check(row.value, statement.code, row_node, "value")
    for ratio_node, ratio in zip(r.items(data, "ratios"), result.ratios, strict=True):
        check(ratio.value, None, ratio_node, "value")


def statement_set_load(path: Path | str) -> StatementSet:
    path = Path(path)
    try:
        text = read_yaml_text(path)
    except YamlLimitError as exc:
        raise StatementSetError(f"{path}:1: {exc.message}") from None
    except UnicodeDecodeError:
        raise StatementSetError(f"{path}:1: filen är inte kodad i UTF-8") from None
    except OSError as exc:
        raise StatementSetError(f"{path}:1: kan inte läsas: {exc.strerror}") from None
    return statement_set_parse(text, source=str(path))


def statement_set_dirs() -> list[Path]:
    from django.conf import settings

    extra = [Path(p) for p in settings.STYRA_STATEMENT_SET_DIRS]
    return [*extra, SETS_DIR]


@cache
def _shipped(path: str, mtime: float) -> StatementSet:
    return statement_set_load(path)


def statement_set_get(code_or_path: str) -> StatementSet:
    """A set by code (a region's folder wins over the shipped one) or by file path."""
    if code_or_path.endswith((".yaml", ".yml")) or "/" in code_or_path:
        return statement_set_load(code_or_path)
    for directory in statement_set_dirs():
        path = directory / f"{code_or_path}.yaml"
        if path.is_file():
            return _shipped(str(path), path.stat().st_mtime)
    raise StatementSetError(
        f"{code_or_path}:1: det finns ingen uppsättning med koden {code_or_path}"
    )
