from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styra.formats.amounts import AmountError, parse_amount, to_kronor
from styra.formats.numbers import format_number


@pytest.mark.parametrize(
    ("text", "scale", "kronor"),
    [
        ("-39,2", "mkr", Decimal("-39200000.00")),
        ("\u22121 918,3", "mkr", Decimal("-1918300000.00")),
        ("1\u00a0918,3", "mkr", Decimal("1918300000.00")),
        ("2 813", "tkr", Decimal("2813000.00")),
        ("784,0", "tkr", Decimal("784000.00")),
        ("12.5", "kr", Decimal("12.50")),
        ("\u2013 0,5", "tkr", Decimal("-500.00")),
    ],
)
def test_swedish_amounts_become_kronor(text, scale, kronor):
    assert parse_amount(text, scale) == kronor


def test_empty_is_none():
    assert parse_amount("  ", "mkr") is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "39,2 mkr", "1.918,3"])
def test_garbage_is_refused(text):
    with pytest.raises(AmountError):
        parse_amount(text, "mkr")


def test_more_than_ore_is_refused():
    with pytest.raises(AmountError, match="ören"):
        to_kronor("1,234", "kr")


def test_unknown_scale_is_refused():
    with pytest.raises(AmountError, match="mkr"):
        to_kronor("1", "gkr")


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=1, allow_nan=False))
def test_what_styra_prints_in_mkr_reads_back(value):
    assert to_kronor(format_number(value, 1), "mkr") == value * 1_000_000
