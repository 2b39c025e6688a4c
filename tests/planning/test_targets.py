"""Reading printed targets: what the grammar accepts, and what it flags."""

from decimal import Decimal

import pytest

from styra.planning.targets import read_target


@pytest.mark.parametrize(
    ("text", "value", "operator", "unit"),
    [
        ("Minst 70 %", Decimal(70), "minst", "%"),
        ("Högst 5,3 %", Decimal("5.3"), "högst", "%"),
        ("Mindre än 20 %", Decimal(20), "mindre än", "%"),
        ("-1,1 %", Decimal("-1.1"), "", "%"),
        ("−20 %", Decimal(-20), "", "%"),
        ("4,5", Decimal("4.5"), "", ""),
        (
            "Minst 3 st aktiviteter ska genomföras inom ramen för arbetet",
            Decimal(3),
            "minst",
            "st aktiviteter ska genomföras inom ramen för arbetet",
        ),
        ("<250 rec/TIN", Decimal(250), "<", "rec/TIN"),
        ("4,67 (RJH)", Decimal("4.67"), "", ""),
        ("4,8 % (RJH) 4,8 % (RS)", Decimal("4.8"), "", "%"),
        ("5 500 kr", Decimal(5500), "", "kr"),
    ],
)
def test_numeric_targets_are_read(text, value, operator, unit):
    read = read_target(text)
    assert read.readable and not read.problems
    assert (read.value, read.operator, read.unit) == (value, operator, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Genomförd aktivitet",
        "Genomförda aktiviteter",
        "Större andel än 2021",
        "Högre än 2021",
        "Minskad jämfört med föregående år",
        "I nivå med nationella utvecklingen",
        "Målvärde kompletteras efter 2021",
    ],
)
def test_phrases_are_read(text):
    read = read_target(text)
    assert read.readable and not read.problems and read.value is None


def test_a_word_glued_to_the_number_cannot_be_read():
    read = read_target("Minst41 %")
    assert not read.readable
    ((severity, message),) = read.problems
    assert severity == "error"
    assert "Minst41 %" in message and "mellanslag" in message


@pytest.mark.parametrize("text", ["100%", "200kWh/m2"])
def test_a_number_glued_to_its_unit_is_read_with_a_warning(text):
    read = read_target(text)
    assert read.readable
    assert [severity for severity, _ in read.problems] == ["warning"]


def test_a_stray_character_before_the_target_is_a_warning():
    read = read_target(". Högre än 2021")
    assert read.readable
    assert [severity for severity, _ in read.problems] == ["warning"]


@pytest.mark.parametrize("text", ["Genomförda aktiviteteter", "ungefär som förra året", "xx %"])
def test_anything_else_is_an_error(text):
    read = read_target(text)
    assert not read.readable
    assert read.problems[0][0] == "error"
