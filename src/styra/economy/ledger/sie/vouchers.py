"""Vouchers in the general path: #VER, `{`, #TRANS/#RTRANS/#BTRANS, `}`, and months.

A mixin of `RecordReader` (records.py); the state it uses is `ReaderState` (state.py). Transaction
amounts go to `prefix_sums`: for each raw `#TRANS` prefix (the text up to the object
list's `}`, parsed once per distinct prefix into account and object code) a list of
sums in öre, one per month slot; a slot is a (year index, yyyymm) pair, and each date
text is mapped to its slot once. The fast path in reader.py needs one dictionary
look-up per row because of this; `fold_prefix_sums` turns the lists into facts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from styra.formats.numbers import format_number

from .model import FACT_OUTCOME, UnbalancedVoucher
from .state import EXPECT_OPEN, INSIDE, INSIDE_PENDING, OUTSIDE, ReaderState, TransRow
from .tokenizer import (
    ObjectList,
    Objects,
    Token,
    UnclosedObjectList,
    field_at,
    object_pairs,
    optional_at,
    parse_amount,
    parse_date,
    tokenize,
)

SLOTS_PER_PREFIX = 24  # months a prefix's list has room for before it grows

_MISSING = object()


def format_kronor(ore: int) -> str:
    """Öre as kronor the Swedish way, e.g. -50 -> "−0,50" (Styra's one number formatter)."""
    return format_number(Decimal(ore).scaleb(-2), 2)


class VoucherRecords(ReaderState):
    """#VER and its rows."""

    def voucher_number_seen(self, slot: int | None, date_text: str, lineno: int) -> None:
        """Report a voucher whose series, number and date came before (`VoucherNumbers`)."""
        if slot is None or not self.vnumber:
            return  # an invalid date (already reported), or an import file's new voucher
        year = self.slot_months[slot][0]
        day = int(date_text)
        before = self.voucher_numbers.add(year, self.vseries, self.vnumber, day)
        if not before:
            return
        name = " ".join(part for part in (self.vseries, self.vnumber) if part)
        if before == day:
            self.error(
                lineno,
                f"verifikation {name} med datum {date_text} finns redan tidigare i filen "
                "(en kopia räknas inte två gånger)",
            )
        else:
            self.warn_once(
                f"reused-number {self.vseries}",
                lineno,
                f"verifikationsnummer i serie {self.vseries or '(utan serie)'} återkommer med "
                f"olika datum (t.ex. {name})",
            )

    def _voucher(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#VER series number date [text] [regdate] [sign]."""
        if self.state != OUTSIDE:
            self.error(lineno, f"verifikationen på rad {self.vline} saknar avslutande }}")
            self.close_voucher()
        self.result.counts["vouchers"] += 1
        self.state = EXPECT_OPEN
        self.vsum = 0
        self.vline = lineno
        self.vseries = optional_at(tokens, 1) or ""
        self.vnumber = optional_at(tokens, 2) or ""
        self.vslot = None
        date_text = field_at(tokens, 3, "verifikationsdatum")
        self.vslot = self.slot_for_date(date_text, lineno, "#VER")
        self.voucher_number_seen(self.vslot, date_text, lineno)

    def _open_brace(self, lineno: int) -> None:
        if self.state == EXPECT_OPEN:
            self.state = INSIDE
        else:
            self.error(lineno, "{ utan föregående #VER")

    def _close_brace(self, lineno: int) -> None:
        if self.state == OUTSIDE:
            self.error(lineno, "} utan öppnande {")
            return
        if self.state == EXPECT_OPEN:
            self.error(self.vline, "#VER följs inte av {")
        self.close_voucher()

    def close_voucher(self) -> None:
        """End the current voucher: apply a waiting #RTRANS, then check the balance."""
        if self.state == INSIDE_PENDING:
            self._flush_pending()
        if self.vsum:
            self._unbalanced(self.vsum)
        self.state = OUTSIDE
        self.vsum = 0

    def _unbalanced(self, difference: int) -> None:
        name = " ".join(part for part in (self.vseries, self.vnumber) if part) or "utan nummer"
        self.error(
            self.vline,
            f"verifikation {name} balanserar inte: differens {format_kronor(difference)} kr",
        )
        self.unbalanced(UnbalancedVoucher(self.vseries, self.vnumber, self.vline, difference))

    def _transaction(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#TRANS / #RTRANS / #BTRANS account {objects} amount [date] [text] [qty] [sign].

        #BTRANS is a removed row: checked, never counted. #RTRANS is an added row that
        the SIE rules follow with the same row as #TRANS for older readers, so the
        pair counts once; an #RTRANS without its copy counts on its own.
        """
        label = field_at(tokens, 0, "etikett").upper()
        if self.state == OUTSIDE:
            raise ValueError("raden står utanför en verifikation")
        if self.state == EXPECT_OPEN:
            self.error(self.vline, "#VER följs inte av {")
            self.state = INSIDE
        row = self._parse_transaction(tokens)
        if label == "#BTRANS":
            return
        if label == "#RTRANS":
            if self.state == INSIDE_PENDING:
                self._flush_pending()
            self.pending = (row, lineno, line)
            self.state = INSIDE_PENDING
            return
        if self.state == INSIDE_PENDING:
            assert self.pending is not None, "a pending #RTRANS is kept while INSIDE_PENDING"
            pending_row = self.pending[0]
            if pending_row[:3] != row[:3]:  # not the copy: the #RTRANS counts by itself
                self._flush_pending()
            self.pending = None
            self.state = INSIDE
        self._apply(row, lineno, line)

    def _flush_pending(self) -> None:
        assert self.pending is not None, "a pending #RTRANS is kept while INSIDE_PENDING"
        row, lineno, line = self.pending
        self.pending = None
        self.state = INSIDE
        self._apply(row, lineno, line)

    def _parse_transaction(self, tokens: list[Token]) -> TransRow:
        account = field_at(tokens, 1, "kontonummer")
        if not account:
            raise ValueError("kontonummer saknas")
        position = 2
        objects: Objects = ()
        token = tokens[position] if position < len(tokens) else None
        if isinstance(token, ObjectList):
            objects = object_pairs(token)
            position += 1
        ore = parse_amount(field_at(tokens, position, "belopp"))
        return account, objects, ore, optional_at(tokens, position + 1)

    def _apply(self, row: TransRow, lineno: int, line: str) -> None:
        """Count a transaction row and add it to the voucher's sum and its month."""
        account, objects, ore, date_text = row
        self.vsum += ore
        self.result.counts["transactions"] += 1
        if account not in self.first_account_use:
            self.first_account_use[account] = lineno
        slot = self.vslot
        if date_text is not None:
            own_slot = self.slot_for_date(date_text, lineno, "#TRANS")
            if own_slot is not None:  # an invalid date was reported; use the voucher's
                slot = own_slot
        if slot is None:
            return  # the voucher's date was invalid, already reported
        prefix = self.fast_key(line) if line.startswith("#TRANS") else None
        if prefix is None:  # e.g. an #RTRANS row: straight into the facts
            year_index, month = self.slot_months[slot]
            key = (FACT_OUTCOME, year_index, month, self._code_in_dimension(objects), account)
            self.result.facts[key] = self.result.facts.get(key, 0) + ore
            return
        sums = self.prefix_sums.get(prefix)
        if sums is None:
            sums = self.prefix_sums[prefix] = [0] * SLOTS_PER_PREFIX
        if slot >= len(sums):
            sums.extend([0] * (slot + SLOTS_PER_PREFIX - len(sums)))
        sums[slot] += ore

    def fast_key(self, line: str) -> str | None:
        """The raw prefix the fast path uses as key, if this line has a valid one.

        The prefix is the text up to the first `}`; it is valid when it reads as exactly
        a #TRANS label, an account and a closed object list. Each distinct prefix is
        parsed once and remembered.
        """
        end = line.find("}")
        if end < 0:
            return None
        key = line[:end]
        info = self.key_info.get(key, _MISSING)
        if info is _MISSING:
            info = self.key_info[key] = self._parse_key(key)
        return key if info is not None else None

    def _parse_key(self, key: str) -> tuple[str, str | None] | None:
        tokens = tokenize(key + "}")
        if len(tokens) != 3 or tokens[0] != "#TRANS" or not isinstance(tokens[1], str):
            return None
        if not tokens[1] or not isinstance(tokens[2], ObjectList):
            return None
        if isinstance(tokens[2], UnclosedObjectList):
            return None
        try:
            objects = object_pairs(tokens[2])
        except ValueError:
            return None
        return tokens[1], self._code_in_dimension(objects)

    def slot_for_date(self, text: str, lineno: int, label: str) -> int | None:
        """The month slot of a YYYYMMDD date, remembered per date text.

        Reports an invalid date (on a row with `label`) and returns None.
        """
        slot = self.date_slots.get(text)
        if slot is not None:
            return slot
        try:
            day = parse_date(text)
        except ValueError as exc:
            self.error(lineno, f"{label}: {exc}")
            return None
        month = (self._year_index(day, lineno), day.year * 100 + day.month)
        slot = self.slots.get(month)
        if slot is None:
            slot = self.slots[month] = len(self.slot_months)
            self.slot_months.append(month)
        self.date_slots[text] = slot
        return slot

    def _year_index(self, day: date, lineno: int) -> int:
        for year in self.result.fiscal_years:
            if year.start <= day <= year.end:
                return year.index
        current = next((year for year in self.result.fiscal_years if year.index == 0), None)
        if current is None:
            self.warn_once(
                "no-rar", lineno, "filen saknar #RAR 0; verifikationerna räknas till år 0"
            )
            return 0
        months = (day.year - current.start.year) * 12 + day.month - current.start.month
        index = months // 12
        if index not in self.years_outside:
            self.years_outside.add(index)
            self.warning(
                lineno,
                f"datumet {day:%Y%m%d} ligger utanför räkenskapsåren i #RAR; "
                f"räknas till år {index}",
            )
        return index

    def fold_prefix_sums(self) -> None:
        """Turn the per-prefix month sums into outcome facts; drop outcome sums of zero.

        Prefixes are taken off one by one so that the sums and the facts are not both
        held in full at the same time.
        """
        facts = self.result.facts
        months = self.slot_months
        while self.prefix_sums:
            prefix, sums = self.prefix_sums.popitem()
            info = self.key_info[prefix]
            assert info is not None, "a prefix has sums only when it parsed (fast_key)"
            account, code = info
            for (year_index, month), ore in zip(months, sums, strict=False):  # sums has spare room
                if ore:
                    fact = (FACT_OUTCOME, year_index, month, code, account)
                    facts[fact] = facts.get(fact, 0) + ore
        for fact in [fact for fact, ore in facts.items() if not ore and fact[0] == FACT_OUTCOME]:
            del facts[fact]

    def _check_accounts(self) -> None:
        """Warn about accounts used in vouchers but missing from a given chart."""
        accounts = self.result.accounts
        if not accounts:
            return  # an import file (4I) need not carry the chart of accounts
        # Every distinct #TRANS shape passes the general path once, so this is complete.
        for account, lineno in sorted(self.first_account_use.items()):
            if account not in accounts:
                self.warning(lineno, f"kontot {account} saknas i kontoplanen (#KONTO)")
