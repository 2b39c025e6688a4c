"""The general path of the SIE reader: one method per label, for any line shape.

`RecordReader` holds all reading state and understands every line the reader cares
about. The fast path in `reader.py` handles the common `#TRANS`, `#VER`, `{` and `}`
shapes itself and hands everything else to `RecordReader.general_line`; both paths
put transaction amounts in the same place, so their results are identical.

That place is `prefix_sums`: for each raw `#TRANS` prefix (the text up to the object
list's `}`, parsed once per distinct prefix into account and object code) a list of
sums in öre, one per month slot; a slot is a (year index, yyyymm) pair and each date
text is mapped to its slot once. One dictionary look-up per row is all the fast path
needs. `fold_prefix_sums` turns the lists into facts at the end of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from styra.reports.numformat import format_number

from .model import (
    FACT_BUDGET,
    FACT_OUTCOME,
    FACT_OUTCOME_PSALDO,
    FiscalYear,
    Issue,
    SieError,
    SieResult,
    UnbalancedVoucher,
)
from .tokenizer import (
    ObjectList,
    Token,
    UnclosedObjectList,
    object_pairs,
    parse_amount,
    parse_date,
    parse_int,
    parse_period,
    repair_utf8,
    tokenize,
)

# Voucher states while reading.
OUTSIDE = 0  # not in a voucher
EXPECT_OPEN = 1  # a #VER was read, its `{` not yet
INSIDE = 2  # between `{` and `}`
INSIDE_PENDING = 3  # inside, and a #RTRANS waits to see whether its #TRANS copy follows

SLOTS_PER_PREFIX = 24  # months a prefix's list has room for before it grows
MAX_ISSUES = 1000  # per list, so that a broken file of any size gives a bounded report
MAX_LINES_BEFORE_LABEL = 1000  # a file with no identifying label by then is not SIE
IDENTIFYING_LABELS = frozenset({"#FLAGGA", "#SIETYP", "#VER"})

Objects = tuple[tuple[int, str], ...]
TransRow = tuple[str, Objects, int, str | None]  # account, objects, öre, date text
_MISSING = object()
NOT_AGGREGATED = "\x00not aggregated"  # an object list with nothing in the dimension


def not_sie_message(path: Path) -> str:
    return f"{path.name} är ingen SIE-fil: ingen rad börjar med #FLAGGA, #SIETYP eller #VER"


def format_kronor(ore: int) -> str:
    """Öre as kronor the Swedish way, e.g. -50 -> "−0,50" (Styra's one number formatter)."""
    return format_number(Decimal(ore).scaleb(-2), 2)


def _field(tokens: list[Token], index: int, name: str) -> str:
    """The plain field at `index`, or ValueError naming the missing field."""
    if index >= len(tokens):
        raise ValueError(f"{name} saknas")
    value = tokens[index]
    if isinstance(value, ObjectList):
        raise ValueError(f"{name} saknas (en objektlista står på dess plats)")
    return value


def _optional(tokens: list[Token], index: int) -> str | None:
    """An optional trailing field: None when absent, empty or an object list."""
    if index < len(tokens):
        value = tokens[index]
        if isinstance(value, str) and value:
            return value
    return None


class RecordReader:
    """Reading state plus the handler for every label the reader understands."""

    def __init__(self, path: Path, *, dimension: int, aggregate: bool):
        self.path = path
        self.dimension = dimension
        self.aggregate = aggregate
        self.result = SieResult(path=path, is_import_file=path.suffix.lower() == ".si")
        self.identified = False
        self.lines_before_label = 0
        self.suppressed = {"errors": 0, "warnings": 0, "unbalanced": 0}
        self.once: set[str] = set()  # warnings given once per file
        # Voucher state, mirrored by the fast path in local variables.
        self.state = OUTSIDE
        self.vsum = 0
        self.vslot: int | None = None  # month slot of the voucher's date
        self.vseries = ""
        self.vnumber = ""
        self.vline = 0
        self.pending: tuple[TransRow, int, str] | None = None
        # Aggregation state.
        self.slots: dict[tuple[int, int], int] = {}  # (year index, yyyymm) -> slot
        self.slot_months: list[tuple[int, int]] = []  # slot -> (year index, yyyymm)
        self.date_slots: dict[str, int] = {}
        self.prefix_sums: dict[str, list[int]] = {}
        # #PSALDO/#PBUDGET: text before `{` -> (kind, year index, period, account), and
        # text inside `{}` -> object code in the dimension, None, or NOT_AGGREGATED.
        self.period_heads: dict[str, tuple[str, int, int, str]] = {}
        self.object_codes: dict[str, str | None] = {}
        self.key_info: dict[str, tuple[str, str | None] | None] = {}
        self.first_account_use: dict[str, int] = {}
        self.years_outside: set[int] = set()
        self.handlers: dict[str, Callable[[int, list[Token], str], None]] = {
            "#FLAGGA": self._ignore,
            "#SIETYP": self._sietyp,
            "#PROGRAM": self._program,
            "#FORMAT": self._format,
            "#FNAMN": self._company,
            "#ORGNR": self._orgnr,
            "#RAR": self._fiscal_year,
            "#KONTO": self._account,
            "#DIM": self._dimension,
            "#UNDERDIM": self._dimension,
            "#OBJEKT": self._object,
            "#PSALDO": self._period_balance,
            "#PBUDGET": self._period_balance,
            "#VER": self._voucher,
            "#TRANS": self._transaction,
            "#RTRANS": self._transaction,
            "#BTRANS": self._transaction,
            "#KSUMMA": self._checksum,
        }

    # --- reporting -------------------------------------------------------------

    def error(self, line: int | None, message: str) -> None:
        if len(self.result.errors) < MAX_ISSUES:
            self.result.errors.append(Issue(line, message))
        else:
            self.suppressed["errors"] += 1

    def warning(self, line: int | None, message: str) -> None:
        if len(self.result.warnings) < MAX_ISSUES:
            self.result.warnings.append(Issue(line, message))
        else:
            self.suppressed["warnings"] += 1

    def warn_once(self, topic: str, line: int | None, message: str) -> None:
        if topic not in self.once:
            self.once.add(topic)
            self.warning(line, message)

    # --- dispatch --------------------------------------------------------------

    def general_line(self, lineno: int, line: str) -> None:
        """Handle any line; `line` has no leading blanks."""
        text = line.strip()
        if not text or text == "\x1a":  # blank, or a DOS end-of-file mark
            return
        if text[0] != "#":
            if text == "{":
                self._open_brace(lineno)
            elif text == "}":
                self._close_brace(lineno)
            else:
                self._stray_text(lineno)
            return
        tokens = tokenize(text)
        label = tokens[0].upper() if tokens and isinstance(tokens[0], str) else ""
        if label in IDENTIFYING_LABELS:
            self.identified = True
        elif not self.identified:
            self._count_unidentified(lineno)
        if self.state == INSIDE_PENDING and label != "#TRANS":
            self._flush_pending()
        handler = self.handlers.get(label)
        if handler is None:
            return  # the SIE rules say unknown labels are to be ignored
        try:
            handler(lineno, tokens, line)
        except ValueError as exc:
            self.error(lineno, f"{label}: {exc}")

    def _count_unidentified(self, lineno: int) -> None:
        self.lines_before_label += 1
        if self.lines_before_label > MAX_LINES_BEFORE_LABEL:
            raise SieError(not_sie_message(self.path))

    def _stray_text(self, lineno: int) -> None:
        if not self.identified:
            self._count_unidentified(lineno)  # text before #FLAGGA is allowed
        else:
            self.warning(lineno, "raden börjar inte med en etikett (#…) och hoppas över")

    # --- header ----------------------------------------------------------------

    def _ignore(self, lineno: int, tokens: list[Token], line: str) -> None:
        pass

    def _name(self, lineno: int, text: str) -> str:
        repaired = repair_utf8(text)
        if repaired is None:
            return text
        self.warn_once(
            "utf8", lineno, "filen är UTF-8-kodad fast SIE kräver PC8; texterna läses som UTF-8"
        )
        return repaired

    def _sietyp(self, lineno: int, tokens: list[Token], line: str) -> None:
        value = _field(tokens, 1, "typ").upper()
        if value == "4I":
            self.result.sietyp, self.result.is_import_file = 4, True
            return
        sietyp = parse_int(value)
        if not 1 <= sietyp <= 4:
            raise ValueError(f"okänd SIE-typ {value}")
        self.result.sietyp = sietyp

    def _program(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.result.program = self._name(lineno, _field(tokens, 1, "programnamn"))
        self.result.program_version = _optional(tokens, 2)

    def _format(self, lineno: int, tokens: list[Token], line: str) -> None:
        value = _field(tokens, 1, "format")
        if value.upper() != "PC8":
            self.warning(lineno, f"#FORMAT {value} stöds inte; filen läses som PC8 (cp437)")

    def _company(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.result.company = self._name(lineno, _field(tokens, 1, "företagsnamn"))

    def _orgnr(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.result.orgnr = _optional(tokens, 1)

    def _fiscal_year(self, lineno: int, tokens: list[Token], line: str) -> None:
        index = parse_int(_field(tokens, 1, "årsnummer"))
        start = parse_date(_field(tokens, 2, "startdatum"))
        end = parse_date(_field(tokens, 3, "slutdatum"))
        if end < start:
            raise ValueError("slutdatum före startdatum")
        years = [year for year in self.result.fiscal_years if year.index != index]
        years.append(FiscalYear(index, start, end))
        self.result.fiscal_years = sorted(years, key=lambda year: -year.index)
        self.date_slots.clear()  # dates read before this row may now fall in another year

    def _account(self, lineno: int, tokens: list[Token], line: str) -> None:
        number = _field(tokens, 1, "kontonummer")
        self.result.accounts[number] = self._name(lineno, _optional(tokens, 2) or "")

    def _dimension(self, lineno: int, tokens: list[Token], line: str) -> None:
        number = parse_int(_field(tokens, 1, "dimensionsnummer"))
        self.result.dimensions[number] = self._name(lineno, _optional(tokens, 2) or "")

    def _object(self, lineno: int, tokens: list[Token], line: str) -> None:
        dimension = parse_int(_field(tokens, 1, "dimensionsnummer"))
        code = _field(tokens, 2, "objektkod")
        self.result.objects[(dimension, code)] = self._name(lineno, _optional(tokens, 3) or "")

    def _checksum(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.warn_once("ksumma", lineno, "filens kontrollsumma (#KSUMMA) har inte kontrollerats")

    # --- period balances and budgets -----------------------------------------

    def _period_balance(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#PSALDO / #PBUDGET yearno period account {objects} amount [quantity].

        A row with `{}` becomes a fact with object None, a row with an object in the
        chosen dimension a fact with that code; rows whose objects are all in other
        dimensions are counted but not aggregated.
        """
        self.result.counts["period_balances"] += 1
        label = tokens[0].upper()
        year_index = parse_int(_field(tokens, 1, "årsnummer"))
        period = parse_period(_field(tokens, 2, "period"))
        account = _field(tokens, 3, "kontonummer")
        position = 4
        objects: Objects = ()
        if position < len(tokens) and isinstance(tokens[position], ObjectList):
            objects = object_pairs(tokens[position])
            position += 1
        ore = parse_amount(_field(tokens, position, "belopp"))
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
        self._learn_period_prefix(line)

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
                    parsed = (kind, parse_int(tokens[1]), parse_period(tokens[2]), tokens[3])
                except ValueError:
                    return
                self.period_heads[head] = parsed
        if inner not in self.object_codes:
            tokens = tokenize("{" + inner + "}")
            if len(tokens) != 1 or isinstance(tokens[0], UnclosedObjectList):
                return
            try:
                objects = object_pairs(tokens[0])
            except ValueError:
                return
            code = self._code_in_dimension(objects)
            self.object_codes[inner] = NOT_AGGREGATED if objects and code is None else code

    def _code_in_dimension(self, objects: Objects) -> str | None:
        for dimension, code in objects:
            if dimension == self.dimension:
                return code
        return None

    # --- vouchers ----------------------------------------------------------------

    def _voucher(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#VER series number date [text] [regdate] [sign]."""
        if self.state != OUTSIDE:
            self.error(lineno, f"verifikationen på rad {self.vline} saknar avslutande }}")
            self.close_voucher()
        self.result.counts["vouchers"] += 1
        self.state = EXPECT_OPEN
        self.vsum = 0
        self.vline = lineno
        self.vseries = _optional(tokens, 1) or ""
        self.vnumber = _optional(tokens, 2) or ""
        self.vslot = None
        self.vslot = self.slot_for_date(_field(tokens, 3, "verifikationsdatum"), lineno, "#VER")

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
        if len(self.result.unbalanced_vouchers) < MAX_ISSUES:
            self.result.unbalanced_vouchers.append(
                UnbalancedVoucher(self.vseries, self.vnumber, self.vline, difference)
            )
        else:
            self.suppressed["unbalanced"] += 1

    def _transaction(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#TRANS / #RTRANS / #BTRANS account {objects} amount [date] [text] [qty] [sign].

        #BTRANS is a removed row: checked, never counted. #RTRANS is an added row that
        the SIE rules follow with the same row as #TRANS for older readers, so the
        pair counts once; an #RTRANS without its copy counts on its own.
        """
        label = tokens[0].upper()
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
            pending_row = self.pending[0]
            if pending_row[:3] != row[:3]:  # not the copy: the #RTRANS counts by itself
                self._flush_pending()
            self.pending = None
            self.state = INSIDE
        self._apply(row, lineno, line)

    def _flush_pending(self) -> None:
        row, lineno, line = self.pending
        self.pending = None
        self.state = INSIDE
        self._apply(row, lineno, line)

    def _parse_transaction(self, tokens: list[Token]) -> TransRow:
        account = _field(tokens, 1, "kontonummer")
        if not account:
            raise ValueError("kontonummer saknas")
        position = 2
        objects: Objects = ()
        if position < len(tokens) and isinstance(tokens[position], ObjectList):
            objects = object_pairs(tokens[position])
            position += 1
        ore = parse_amount(_field(tokens, position, "belopp"))
        return account, objects, ore, _optional(tokens, position + 1)

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

    # --- dates and fiscal years -----------------------------------------------

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

    # --- end of file -------------------------------------------------------------

    def finish(self) -> SieResult:
        """Close what is open, check identification, fold facts and summarise."""
        result = self.result
        if self.state != OUTSIDE:
            self.error(self.vline, f"verifikationen på rad {self.vline} saknar avslutande }}")
            self.close_voucher()
        if not self.identified:
            raise SieError(not_sie_message(self.path))
        if self.aggregate:
            self.fold_prefix_sums()
        self._check_accounts()
        for kind, text in (("errors", "fel"), ("warnings", "varningar")):
            if self.suppressed[kind]:
                getattr(result, kind).append(
                    Issue(None, f"ytterligare {self.suppressed[kind]} {text} visas inte")
                )
        if self.suppressed["unbalanced"]:
            total = len(result.unbalanced_vouchers) + self.suppressed["unbalanced"]
            result.errors.append(
                Issue(
                    None,
                    f"totalt {total} obalanserade verifikationer; de första {MAX_ISSUES} listas",
                )
            )
        return result

    def fold_prefix_sums(self) -> None:
        """Turn the per-prefix month sums into outcome facts; drop outcome sums of zero.

        Prefixes are taken off one by one so that the sums and the facts are not both
        held in full at the same time.
        """
        facts = self.result.facts
        months = self.slot_months
        while self.prefix_sums:
            prefix, sums = self.prefix_sums.popitem()
            account, code = self.key_info[prefix]
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
