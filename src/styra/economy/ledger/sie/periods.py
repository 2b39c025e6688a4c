"""#PSALDO and #PBUDGET rows in the general path, and what the fast path learns from them.

A mixin of `RecordReader` (records.py); the state it uses is `ReaderState` (state.py).
"""

from __future__ import annotations

from .model import FACT_BUDGET, FACT_OUTCOME_PSALDO
from .state import ReaderState
from .tokenizer import (
    ObjectList,
    Objects,
    Token,
    UnclosedObjectList,
    field_at,
    object_pairs,
    parse_amount,
    parse_int,
    parse_period,
    tokenize,
)

NOT_AGGREGATED = "\x00not aggregated"  # an object list with nothing in the dimension


class PeriodRecords(ReaderState):
    """Period balances and budgets."""

    def _period_balance(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#PSALDO / #PBUDGET yearno period account {objects} amount [quantity].

        A row with `{}` becomes a fact with object None, a row with an object in the
        chosen dimension a fact with that code; rows whose objects are all in other
        dimensions are counted but not aggregated.
        """
        self.result.counts["period_balances"] += 1
        label = field_at(tokens, 0, "etikett").upper()
        year_index = parse_int(field_at(tokens, 1, "årsnummer"))
        period = parse_period(field_at(tokens, 2, "period"))
        account = field_at(tokens, 3, "kontonummer")
        position = 4
        objects: Objects = ()
        token = tokens[position] if position < len(tokens) else None
        if isinstance(token, ObjectList):
            objects = object_pairs(token)
            position += 1
        ore = parse_amount(field_at(tokens, position, "belopp"))
        self._learn_period_prefix(line)  # the row is valid: the fast path may take its like
        code = self._code_in_dimension(objects)
        if objects and code is None:
            return
        if len(objects) > 1:
            self.warn_once(
                "combinations",
                lineno,
                f"{label} har rader med flera objekt; de summeras per objekt i dimension "
                f"{self.dimension}, kontrollera att raderna inte överlappar",
            )
        if not self.aggregate:
            return
        kind = FACT_OUTCOME_PSALDO if label == "#PSALDO" else FACT_BUDGET
        key = (kind, year_index, period, code, account)
        facts = self.result.facts
        facts[key] = facts.get(key, 0) + ore

    def _object_balance(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#OIB / #OUB yearno account {objects} amount [quantity]: a year balance per object.

        Kept under "#IB" / "#UB" with the object's code in the chosen dimension; rows
        whose objects are all in other dimensions are ignored.
        """
        label = field_at(tokens, 0, "etikett").upper()
        year_index = parse_int(field_at(tokens, 1, "årsnummer"))
        account = field_at(tokens, 2, "kontonummer")
        token = tokens[3] if len(tokens) > 3 else None
        if not isinstance(token, ObjectList):
            raise ValueError("objektlista saknas")
        ore = parse_amount(field_at(tokens, 4, "belopp"))
        code = self._code_in_dimension(object_pairs(token))
        if code is None:
            return
        key = ("#IB" if label == "#OIB" else "#UB", year_index, account, code)
        balances = self.result.object_balances
        balances[key] = balances.get(key, 0) + ore

    def _learn_period_prefix(self, line: str) -> None:
        """Remember the parts of a valid #PSALDO/#PBUDGET line for the fast path.

        The text before the `{` (label, year, period, account: without quotes) and the
        text inside the object list are parsed once each and kept: there are few
        distinct ones, although nearly every row combines them differently.
        """
        prefix = line.partition("}")[0]
        brace = prefix.find("{")
        head, inner = prefix[:brace], prefix[brace + 1 :]
        if brace < 0 or '"' in head or "\\" in head:
            return
        if head not in self.period_heads:
            tokens = tokenize(head)
            if len(tokens) == 4 and tokens[0] in ("#PSALDO", "#PBUDGET"):
                kind = FACT_OUTCOME_PSALDO if tokens[0] == "#PSALDO" else FACT_BUDGET
                try:
                    parsed = (
                        kind,
                        parse_int(field_at(tokens, 1, "årsnummer")),
                        parse_period(field_at(tokens, 2, "period")),
                        field_at(tokens, 3, "kontonummer"),
                    )
                except ValueError:
                    return
                self.period_heads[head] = parsed
        if inner not in self.object_codes:
            tokens = tokenize("{" + inner + "}")
            token = tokens[0] if len(tokens) == 1 else None
            if not isinstance(token, ObjectList) or isinstance(token, UnclosedObjectList):
                return
            try:
                objects = object_pairs(token)
            except ValueError:
                return
            code = self._code_in_dimension(objects)
            self.object_codes[inner] = NOT_AGGREGATED if objects and code is None else code
