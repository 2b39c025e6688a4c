"""Formulas of financial statements and key ratios: a small, safe expression language.

A formula is a Python-like expression over amounts (kronor, `Decimal`):

    flow("3000-3999")             outcome (or budget, forecast) of the accounts in the period
    balance("1000-1999")          balance at the period's end (debit positive)
    opening("1930")               balance at the start of the year (#IB)
    change("1500-1799")           balance − opening
    row("arets-resultat")         another row of the same statement
    row("resultatrakning.arets-resultat")   a row of another statement of the set
    previous("verksamhetens-nettokostnader")  a row, the same months one year back
    ratio("soliditet")            a key ratio of the set
    record("liquid_assets")       a figure kept as a record on the period's last day
                                  (economy.registers: FinancialRecordKind); only outcome
    record("credit_facility", 0)  the same, 0 when there is no record (a default)
    days()                        the days of the period: 1 January … its last day
    abs(x), min(x, y), max(x, y), numbers, + − * / and parentheses

Account lists are ranges ("3000-3999"), single accounts ("3010") or both, separated by
commas ("3000-3499, 3600"). A range compares the first digits of an account with its
bounds, so "3010" also takes the sub-account "30101". Anything else (names, attributes,
other calls) is refused when the file is loaded, with its line. A value that cannot be
computed (division by zero, a balance in a budget column) is None and makes the whole
formula None.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ACCOUNT_FUNCTIONS = frozenset({"flow", "balance", "opening", "change"})
REFERENCE_FUNCTIONS = frozenset({"row", "ratio", "previous"})
PLAIN_FUNCTIONS = frozenset({"abs", "min", "max"})
RECORD_FUNCTIONS = frozenset({"record"})
PERIOD_FUNCTIONS = frozenset({"days"})


class FormulaError(ValueError):
    """A formula that cannot be used; the message is Swedish and names the problem."""


AccountRange = tuple[str, str]


def parse_accounts(text: str) -> tuple[AccountRange, ...]:
    """'3000-3499, 3600' -> (('3000', '3499'), ('3600', '3600'))."""
    ranges = []
    for part in text.split(","):
        part = part.strip()
        low, _, high = part.partition("-")
        low, high = low.strip(), (high.strip() or low.strip())
        if not (low.isdigit() and high.isdigit()) or len(low) != len(high) or low > high:
            raise FormulaError(f'ogiltigt kontointervall {part!r} (skriv t.ex. "3000-3999")')
        ranges.append((low, high))
    if not ranges:
        raise FormulaError("kontointervall saknas")
    return tuple(ranges)


def in_ranges(account: str, ranges: tuple[AccountRange, ...]) -> bool:
    for low, high in ranges:
        head = account[: len(low)]
        if len(head) == len(low) and low <= head <= high and head.isdigit():
            return True
    return False


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.Expression

    def references(self) -> list[tuple[str, str]]:
        """(function, argument) of every row()/ratio()/previous() call, for validation."""
        return [
            (node.func.id, _text_argument(node))
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in REFERENCE_FUNCTIONS
        ]


def _text_argument(node: ast.Call) -> str:
    """The one text argument of a checked account or reference call."""
    argument = node.args[0]
    assert isinstance(argument, ast.Constant) and isinstance(argument.value, str)
    return argument.value


def parse_formula(text: str) -> Formula:
    """Parse and check `text`; raise `FormulaError` on anything outside the language."""
    text = str(text).strip()
    if len(text) > 2000:
        raise FormulaError("formeln är för lång (högst 2 000 tecken)")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"formeln går inte att tolka: {exc.msg}") from None
    for node in ast.walk(tree):
        _check_node(node)
    return Formula(text=text, tree=tree)


def _check_node(node: ast.AST) -> None:
    allowed = (
        ast.Expression,
        ast.BinOp,
        ast.UnaryOp,
        ast.Add,
        ast.Sub,
        ast.Mult,
        ast.Div,
        ast.USub,
        ast.UAdd,
        ast.Constant,
        ast.Call,
        ast.Name,
        ast.Load,
    )
    if not isinstance(node, allowed):
        raise FormulaError(f"otillåtet i formel: {type(node).__name__}")
    if isinstance(node, ast.Constant) and not isinstance(node.value, int | float | str):
        raise FormulaError(f"otillåtet värde i formel: {node.value!r}")
    if isinstance(node, ast.Name) and node.id not in (
        ACCOUNT_FUNCTIONS
        | REFERENCE_FUNCTIONS
        | PLAIN_FUNCTIONS
        | RECORD_FUNCTIONS
        | PERIOD_FUNCTIONS
    ):
        raise FormulaError(f"okänt namn i formel: {node.id}")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise FormulaError("otillåtet funktionsanrop i formel")
        name = node.func.id
        if name in ACCOUNT_FUNCTIONS | REFERENCE_FUNCTIONS:
            if len(node.args) != 1 or not (
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            ):
                raise FormulaError(f"{name}() tar en text inom citattecken")
            if name in ACCOUNT_FUNCTIONS:
                parse_accounts(node.args[0].value)
        elif name in RECORD_FUNCTIONS:
            _check_record(node)
        elif name in PERIOD_FUNCTIONS:
            if node.args:
                raise FormulaError(f"{name}() tar inga argument")
        elif not node.args:
            raise FormulaError(f"{name}() saknar argument")


def _check_record(node: ast.Call) -> None:
    """record("kind") or record("kind", number): the kind a text of letters and "_"."""
    args = node.args
    kind = args[0] if args else None
    if not (
        1 <= len(args) <= 2
        and isinstance(kind, ast.Constant)
        and isinstance(kind.value, str)
        and kind.value.replace("_", "").isalpha()
    ):
        raise FormulaError(
            'record() tar uppgiftens slag inom citattecken, t.ex. record("liquid_assets")'
        )
    if len(args) == 2 and not _is_number(args[1]):
        raise FormulaError("record():s andra argument (värdet när uppgiften saknas) är ett tal")


def _is_number(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    )


class Evaluator:
    """Evaluates formulas given the functions of one column (scenario)."""

    def __init__(
        self,
        *,
        accounts: Callable[[str, tuple[AccountRange, ...]], Decimal | None],
        reference: Callable[[str, str], Decimal | None],
        record: Callable[[str, bool], Decimal | None] | None = None,
        days: Callable[[], Decimal | None] | None = None,
    ):
        """`record(kind, optional)` gives a figure kept as a record (None: none, or none
        for this column; `optional` when the formula gives a value for a missing one);
        `days()` the days of the column's period. Without them both are None."""
        self.accounts = accounts
        self.reference = reference
        self.record = record
        self.days = days
        self._ranges: dict[str, tuple[AccountRange, ...]] = {}

    def __call__(self, formula: Formula) -> Decimal | None:
        try:
            return self._eval(formula.tree.body)
        except (ZeroDivisionError, InvalidOperation):
            return None

    def _eval(self, node: ast.AST) -> Decimal | None:
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.UnaryOp):
            value = self._eval(node.operand)
            return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left), self._eval(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if right == 0:
                return None
            return left / right
        assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        name = node.func.id
        if name in ACCOUNT_FUNCTIONS:
            text = _text_argument(node)
            if text not in self._ranges:
                self._ranges[text] = parse_accounts(text)
            return self.accounts(name, self._ranges[text])
        if name in REFERENCE_FUNCTIONS:
            return self.reference(name, _text_argument(node))
        if name in RECORD_FUNCTIONS:
            optional = len(node.args) == 2
            value = self.record(_text_argument(node), optional) if self.record else None
            if value is None and optional:
                return self._eval(node.args[1])
            return value
        if name in PERIOD_FUNCTIONS:
            return self.days() if self.days else None
        values = [self._eval(arg) for arg in node.args]
        known = [v for v in values if v is not None]
        if len(known) != len(values):
            return None
        if name == "abs":
            return abs(known[0])
        return min(known) if name == "min" else max(known)
