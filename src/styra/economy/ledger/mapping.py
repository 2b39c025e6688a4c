"""Accounts → report rows: the mapping as an object, and its YAML form.

A row-set file (see `mappings/t1-2026.yaml`) lists rows in order; income and cost rows
carry account ranges, subtotals and totals list their member rows. `AccountMapper`
answers "which row does account 5011 belong to?" for a loaded row set without further
queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from styra.formats.yamlfile import YamlLimitError, check_yaml, read_yaml_text

from .models import ReportRow, ReportRowSet, RowKind, RowRole

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"


class MappingError(ValueError):
    """A row-set file that cannot be loaded; the message names the file and the problem."""


def _account_key(account: str) -> tuple[int, str]:
    # Accounts are digit strings of varying length in some ledgers ("30", "3010");
    # comparing as numbers keeps 999 < 3000, and non-digit codes sort after them.
    text = str(account).strip()
    return (int(text), "") if text.isdigit() else (10**18, text)


@dataclass
class AccountMapper:
    """Resolves accounts to row codes for one row set (ranges are inclusive)."""

    ranges: list[tuple[tuple[int, str], tuple[int, str], str]]
    excluded: list[tuple[tuple[int, str], tuple[int, str]]]
    _cache: dict[str, str | None] = field(default_factory=dict)
    _excluded_cache: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def for_row_set(cls, row_set: ReportRowSet, rows: list[ReportRow] | None = None):
        rows = rows if rows is not None else list(row_set.rows.prefetch_related("account_ranges"))
        ranges = [
            (_account_key(r.from_account), _account_key(r.to_account), row.code)
            for row in rows
            for r in row.account_ranges.all()
        ]
        excluded = [(_account_key(a), _account_key(b)) for a, b in row_set.excluded_accounts]
        return cls(ranges=ranges, excluded=excluded)

    def row_for(self, account: str) -> str | None:
        if account not in self._cache:
            key = _account_key(account)
            self._cache[account] = next(
                (code for low, high, code in self.ranges if low <= key <= high), None
            )
        return self._cache[account]

    def is_excluded(self, account: str) -> bool:
        if account not in self._excluded_cache:
            key = _account_key(account)
            self._excluded_cache[account] = any(low <= key <= high for low, high in self.excluded)
        return self._excluded_cache[account]


def sum_members(rows: list[ReportRow]) -> dict[str, list[str]]:
    """Each sum row's leaf (income/cost) row codes, following nested sums."""
    by_code = {row.code: row for row in rows}
    resolved: dict[str, list[str]] = {}

    def leaves(code: str, seen: tuple[str, ...]) -> list[str]:
        if code in seen:
            raise MappingError(f"raden {code} summerar sig själv")
        row = by_code[code]
        if not row.is_sum:
            return [code]
        result: list[str] = []
        for member in row.members:
            result.extend(leaves(member, (*seen, code)))
        return result

    for row in rows:
        if row.is_sum:
            resolved[row.code] = leaves(row.code, ())
    return resolved


def read_row_set_file(path: Path) -> dict:
    """The validated content of a row-set YAML file."""
    try:
        text = read_yaml_text(path)
        check_yaml(text)  # size, nesting and alias expansion (formats.yamlfile)
        data = YAML(typ="safe").load(text)
    except YamlLimitError as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise MappingError(f"{where}: {exc.message}") from None
    except UnicodeDecodeError as exc:
        raise MappingError(f"{path}: filen är inte kodad i UTF-8") from exc
    except (OSError, YAMLError) as exc:
        raise MappingError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise MappingError(f"{path}: förväntade en mappning med code, name och rows")
    for key in ("code", "name", "rows"):
        if key not in data:
            raise MappingError(f"{path}: nyckeln '{key}' saknas")
    codes: set[str] = set()
    kinds = set(RowKind.values)
    roles = set(RowRole.values)
    for number, row in enumerate(data["rows"], start=1):
        where = f"{path}: rad {number}"
        if not isinstance(row, dict) or not {"code", "label", "kind"} <= row.keys():
            raise MappingError(f"{where}: code, label och kind krävs")
        if row["code"] in codes:
            raise MappingError(f"{where}: koden {row['code']} finns redan")
        if row["kind"] not in kinds:
            raise MappingError(f"{where}: okänt slag {row['kind']!r} ({', '.join(sorted(kinds))})")
        if row.get("role") and row["role"] not in roles:
            raise MappingError(f"{where}: okänd roll {row['role']!r}")
        if row["kind"] in (RowKind.SUBTOTAL, RowKind.TOTAL):
            missing = [m for m in row.get("members", []) if m not in codes]
            if not row.get("members") or missing:
                raise MappingError(
                    f"{where}: summan {row['code']} måste lista tidigare rader ({missing})"
                )
        else:
            for pair in row.get("accounts", []):
                if len(pair) != 2 or _account_key(pair[0]) > _account_key(pair[1]):
                    raise MappingError(f"{where}: ogiltigt kontointervall {pair!r}")
        codes.add(row["code"])
    return data
