from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from styra.formats import numbers as nf
from styra.formats.numbers import (
    MINUS,
    format_mkr,
    format_number,
    format_percent,
    format_quantity,
    format_share,
    format_tkr,
    parse_number,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1000, 0, "1" + NB + "000"),
        (Decimal("-595186"), 0, MINUS + "595" + NB + "186"),
        (Decimal("1234567.891"), 1, "1" + NB + "234" + NB + "567,9"),
        (Decimal("2.25"), 1, "2,3"),  # half up, not half even
        (Decimal("-2.25"), 1, MINUS + "2,3"),  # away from zero
        (0.1 + 0.2, 1, "0,3"),
        (Decimal("-0.04"), 1, "0,0"),  # never "−0,0"
        (None, 0, "–"),
    ],
)
def test_format_number(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_tkr_and_mkr_round_once_from_kronor():
    # 1 277 500 kr is 1 277,5 tkr: half up gives 1 278
    assert format_tkr(Decimal("1277500")) == "1" + NB + "278"
    assert format_tkr(Decimal("-217860499.99")) == MINUS + "217" + NB + "860"
    assert format_mkr(Decimal("-1918300000")) == MINUS + "1" + NB + "918,3"
    assert format_mkr(Decimal("4449999")) == "4,4"
    assert format_mkr(Decimal("-49999")) == "0,0"


def test_percent_and_share():
    assert format_percent(Decimal("5.08")) == "5,1" + NB + "%"
    assert format_percent(-165.94) == MINUS + "165,9" + NB + "%"
    assert format_share(Decimal(5) / Decimal(18)) == "28" + NB + "%"
    assert format_share(Decimal("0.125"), 1) == "12,5" + NB + "%"


def test_quantity_prints_unit_after_no_break_space():
    assert format_quantity(86, "%") == "86" + NB + "%"
    assert format_quantity(Decimal("3.3"), "", 1) == "3,3"
    assert format_quantity(3, "antal") == "3"
    assert format_quantity(None, "%") == "–"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 278", Decimal(1278)),
        ("−595\u202f186", Decimal(-595186)),
        ("-33,2 %", Decimal("-33.2")),
        ("5,1%", Decimal("5.1")),
        ("12", Decimal(12)),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_rejects_non_numbers():
    with pytest.raises(ValueError):
        parse_number("xx")


decimals_st = st.integers(min_value=0, max_value=4)
values_st = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=6
)


@given(values_st, decimals_st)
def test_round_trip_gives_the_rounded_value(value, decimals):
    text = format_number(value, decimals)
    quantum = Decimal(1).scaleb(-decimals)
    assert parse_number(text) == value.quantize(quantum, rounding=ROUND_HALF_UP)
    assert "-" not in text  # hyphen-minus is never printed


@given(values_st, decimals_st)
def test_never_negative_zero(value, decimals):
    text = format_number(value, decimals)
    if parse_number(text) == 0:
        assert MINUS not in text


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_tkr_round_trip(kronor):
    text = format_tkr(kronor)
    expected = (Decimal(kronor) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert parse_number(text) == expected


@given(values_st)
def test_percent_round_trip(value):
    text = format_percent(value)
    assert text.endswith(NB + "%")
    assert parse_number(text) == nf.round_half_up(value, 1)


def test_template_filters():
    tpl = Template(
        "{% load numformat %}{{ k|tkr }}|{{ k|mkr }}|{{ p|percent }}|{{ p|percent:0 }}"
        "|{{ r|share }}|{{ x|number:2 }}|{{ none|tkr }}"
    )
    out = tpl.render(
        Context({"k": Decimal("-1918300000"), "p": Decimal("5.06"), "r": 0.5, "x": 1234.5})
    )
    assert out == (
        f"{MINUS}1{NB}918{NB}300|{MINUS}1{NB}918,3|5,1{NB}%|5{NB}%|50{NB}%|1{NB}234,50|–"
    )


def test_a_hyphen_typed_as_minus_prints_as_the_minus_sign():
    from styra.formats.numbers import typographic_minus

    assert typographic_minus("-41 %") == "\u221241 %"
    assert typographic_minus("Minst -20 % jämfört med 2019") == "Minst \u221220 % jämfört med 2019"
    assert typographic_minus("(-3,5)") == "(\u22123,5)"
    # Ranges, words and codes keep their hyphens.
    assert typographic_minus("2020-2021") == "2020-2021"
    assert typographic_minus("RS-DIG 2026-T1") == "RS-DIG 2026-T1"
    assert typographic_minus("0-3-90-90") == "0-3-90-90"
