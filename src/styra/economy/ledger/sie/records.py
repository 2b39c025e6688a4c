"""The general path of the SIE reader: any line shape, one method per label.

`RecordReader` dispatches a line to the handler of its label and handles the header;
vouchers (vouchers.py) and period rows (periods.py) are mixins, and the reading state
with the reporting of issues is their common base (state.py). The fast path in reader.py handles the common `#TRANS`,
`#VER`, `{`, `}`, `#PSALDO` and `#PBUDGET` shapes itself and hands every other line to
`general_line`; both paths put amounts in the same places, so their results are the
same, which the tests check on generated and mutated files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from styra.formats import limits
from styra.formats.text import clean_line

from .model import FiscalYear, Issue, SieError, SieResult
from .periods import PeriodRecords
from .state import INSIDE_PENDING, MAX_ISSUES, OUTSIDE
from .tokenizer import (
    Token,
    field_at,
    optional_at,
    parse_amount,
    parse_date,
    parse_int,
    repair_utf8,
    tokenize,
)
from .vouchers import VoucherRecords

MAX_LINES_BEFORE_LABEL = 1000  # a file with no identifying label by then is not SIE
IDENTIFYING_LABELS = frozenset({"#FLAGGA", "#SIETYP", "#VER"})


def not_sie_message(path: Path) -> str:
    return f"{path.name} är ingen SIE-fil: ingen rad börjar med #FLAGGA, #SIETYP eller #VER"


class RecordReader(VoucherRecords, PeriodRecords):
    """Reading state plus the handler for every label the reader understands."""

    def __init__(self, path: Path, *, dimension: int, aggregate: bool):
        super().__init__(path, dimension=dimension, aggregate=aggregate)
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
            "#IB": self._year_balance,
            "#UB": self._year_balance,
            "#RES": self._year_balance,
            "#OIB": self._object_balance,
            "#OUB": self._object_balance,
            "#PSALDO": self._period_balance,
            "#PBUDGET": self._period_balance,
            "#VER": self._voucher,
            "#TRANS": self._transaction,
            "#RTRANS": self._transaction,
            "#BTRANS": self._transaction,
            "#KSUMMA": self._checksum,
        }

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
        """A name or other text of the file, cleaned of control characters."""
        repaired = repair_utf8(text)
        if repaired is None:
            return clean_line(text)
        self.warn_once(
            "utf8", lineno, "filen är UTF-8-kodad fast SIE kräver PC8; texterna läses som UTF-8"
        )
        return clean_line(repaired)

    def _sietyp(self, lineno: int, tokens: list[Token], line: str) -> None:
        value = field_at(tokens, 1, "typ").upper()
        if value == "4I":
            self.result.sietyp, self.result.is_import_file = 4, True
            return
        sietyp = parse_int(value)
        if not 1 <= sietyp <= 4:
            raise ValueError(f"okänd SIE-typ {value}")
        self.result.sietyp = sietyp

    def _program(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.result.program = self._name(lineno, field_at(tokens, 1, "programnamn"))
        self.result.program_version = optional_at(tokens, 2)

    def _format(self, lineno: int, tokens: list[Token], line: str) -> None:
        value = field_at(tokens, 1, "format")
        if value.upper() != "PC8":
            self.warning(lineno, f"#FORMAT {value} stöds inte; filen läses som PC8 (cp437)")

    def _company(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.result.company = self._name(lineno, field_at(tokens, 1, "företagsnamn"))

    def _orgnr(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.result.orgnr = optional_at(tokens, 1)

    def _fiscal_year(self, lineno: int, tokens: list[Token], line: str) -> None:
        try:
            index = parse_int(field_at(tokens, 1, "årsnummer"))
            start = parse_date(field_at(tokens, 2, "startdatum"))
            end = parse_date(field_at(tokens, 3, "slutdatum"))
            if end < start:
                raise ValueError("slutdatum före startdatum")
        except ValueError as exc:
            if not self.result.is_import_file:
                raise
            # In an import file (4I) the fiscal year is optional: an empty or broken
            # one is passed over, and the vouchers' own dates say where they belong.
            self.warning(lineno, f"#RAR: {exc}; raden hoppas över (frivillig i en importfil)")
            return
        years = [year for year in self.result.fiscal_years if year.index != index]
        years.append(FiscalYear(index, start, end))
        self.result.fiscal_years = sorted(years, key=lambda year: -year.index)
        self.date_slots.clear()  # dates read before this row may now fall in another year

    def _account(self, lineno: int, tokens: list[Token], line: str) -> None:
        number = field_at(tokens, 1, "kontonummer")
        accounts = self.result.accounts
        if number not in accounts and len(accounts) >= limits.SIE_MAX_ACCOUNTS:
            raise SieError(
                f"{self.path.name}, rad {lineno}: filen har fler än {limits.SIE_MAX_ACCOUNTS} "
                "konton (#KONTO)"
            )
        accounts[number] = self._name(lineno, optional_at(tokens, 2) or "")

    def _dimension(self, lineno: int, tokens: list[Token], line: str) -> None:
        number = parse_int(field_at(tokens, 1, "dimensionsnummer"))
        self.result.dimensions[number] = self._name(lineno, optional_at(tokens, 2) or "")

    def _object(self, lineno: int, tokens: list[Token], line: str) -> None:
        dimension = parse_int(field_at(tokens, 1, "dimensionsnummer"))
        code = field_at(tokens, 2, "objektkod")
        objects = self.result.objects
        if (dimension, code) not in objects and len(objects) >= limits.SIE_MAX_OBJECTS:
            raise SieError(
                f"{self.path.name}, rad {lineno}: filen har fler än {limits.SIE_MAX_OBJECTS} "
                "objekt (#OBJEKT)"
            )
        objects[(dimension, code)] = self._name(lineno, optional_at(tokens, 3) or "")

    def _year_balance(self, lineno: int, tokens: list[Token], line: str) -> None:
        """#IB / #UB / #RES yearno account amount [quantity]: the company's year balance."""
        label = field_at(tokens, 0, "etikett").upper()
        year_index = parse_int(field_at(tokens, 1, "årsnummer"))
        account = field_at(tokens, 2, "kontonummer")
        ore = parse_amount(field_at(tokens, 3, "belopp"))
        key = (label, year_index, account)
        balances = self.result.balances
        if key in balances:
            self.warning(
                lineno, f"{label} {year_index} {account} förekommer flera gånger; beloppen summeras"
            )
        balances[key] = balances.get(key, 0) + ore

    def _checksum(self, lineno: int, tokens: list[Token], line: str) -> None:
        self.warn_once("ksumma", lineno, "filens kontrollsumma (#KSUMMA) har inte kontrollerats")

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
