"""The organisation's investment categories: the file, the load service, removal."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.access.models import Role
from styra.economy.registers import selectors
from styra.economy.registers.categories import read_categories_file
from styra.economy.registers.models import Investment, InvestmentCategory
from styra.economy.registers.services import (
    investment_categories_load,
    investment_category_delete,
    investment_category_for_plan_decisions,
    investment_save,
)
from styra.formats.problems import ImportFailed
from tests.paths import REPO_ROOT

CONFIG = REPO_ROOT / "src" / "styra" / "economy" / "registers" / "config"
T1_CODES = [
    "decided_finished",
    "carried_finished",
    "granted_ongoing",
    "carried_ongoing",
    "unforeseen",
    "outside_frame",
]
KOMMUN = """\
categories:
  - code: skatt-klar
    name: Skattefinansierade, avslutade
    subtotal: Summa skattefinansierade
  - code: skatt-pagaende
    name: Skattefinansierade, pågående
    subtotal: Summa skattefinansierade
    plan_decisions: true
  - code: va-klar
    name: VA, avslutade
    subtotal: Summa VA
  - code: va-pagaende
    name: VA, pågående
    subtotal: Summa VA
"""


def write(tmp_path, text: str, name: str = "kategorier.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes() -> list[str]:
    return list(selectors.investment_categories().values_list("code", flat=True))


def problems(path) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        read_categories_file(path)
    return [str(p) for p in caught.value.problems]


def test_the_migration_created_the_t1_2026_categories_in_print_order(db):
    assert codes() == T1_CODES
    assert investment_category_for_plan_decisions().code == "granted_ongoing"
    names = [c.name for c in selectors.investment_categories()]
    assert names[0] == "Årets beslutade och avslutade investeringar"
    assert names[-1] == "Övriga investeringar utanför beslutad ram"


def test_the_shipped_t1_file_is_what_the_migration_created(region, builder):
    admin = builder.user("root", superuser=True)
    result = investment_categories_load(
        path=CONFIG / "investeringskategorier-t1-2026.yaml", user=admin
    )
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert codes() == T1_CODES


def test_load_replaces_the_set_with_order_subtotals_and_history(region, tmp_path):
    result = investment_categories_load(path=write(tmp_path, KOMMUN), user=region.controller)

    assert (result.created, result.updated, result.removed) == (4, 0, 6)
    assert codes() == ["skatt-klar", "skatt-pagaende", "va-klar", "va-pagaende"]
    va = InvestmentCategory.objects.get(code="va-pagaende")
    assert (va.order, va.subtotal_label) == (4, "Summa VA")
    assert investment_category_for_plan_decisions().code == "skatt-pagaende"
    assert va.history.get().history_user == region.controller
    # The removed ones keep their history, with who removed them.
    removed = InvestmentCategory.history.filter(code="unforeseen", history_type="-").get()
    assert removed.history_user == region.controller

    reordered = KOMMUN.replace("name: VA, avslutade", "name: VA-investeringar, avslutade")
    result = investment_categories_load(path=write(tmp_path, reordered), user=region.controller)
    assert (result.created, result.updated, result.removed) == (0, 1, 0)
    assert InvestmentCategory.objects.get(code="va-klar").history.count() == 2


def test_a_category_in_use_is_not_removed_and_nothing_changes(region, tmp_path):
    investment_save(
        round=region.t1,
        code="hc",
        unit=region.dig,
        name="Hälsocentral",
        category="unforeseen",
        budget_year=Decimal(100),
        user=region.controller,
    )
    with pytest.raises(ImportFailed) as caught:
        investment_categories_load(path=write(tmp_path, KOMMUN), user=region.controller)
    assert [str(p) for p in caught.value.problems] == [
        "kategorier.yaml: kategorin ”unforeseen” (Beviljat ur potten för oförutsedda "
        "investeringar) används av 1 investeringsobjekt och kan inte tas bort; flytta "
        "objekten till en annan kategori först"
    ]
    assert codes() == T1_CODES

    unforeseen = InvestmentCategory.objects.get(code="unforeseen")
    with pytest.raises(ValidationError) as refused:
        investment_category_delete(category=unforeseen, user=region.controller)
    assert refused.value.messages[0].startswith("Kategorin ”unforeseen”")
    unused = InvestmentCategory.objects.get(code="outside_frame")
    investment_category_delete(category=unused, user=region.controller)
    assert "outside_frame" not in codes()


def test_only_the_whole_organisations_controller_defines_categories(region, builder, tmp_path):
    path = write(tmp_path, KOMMUN)
    for user in (
        builder.user("stab-controller", (region.stab, Role.CONTROLLER)),
        builder.user("reporter", (region.rs, Role.REPORTER)),
    ):
        with pytest.raises(PermissionDenied, match="hela organisationen"):
            investment_categories_load(path=path, user=user)
        with pytest.raises(PermissionDenied):
            investment_category_delete(
                category=InvestmentCategory.objects.get(code="outside_frame"), user=user
            )
    assert codes() == T1_CODES


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- a\n", ["kategorier.yaml:1: categories: filen ska ha en lista categories:"]),
        ("categories: []\n", ["kategorier.yaml:1: categories: listan är tom"]),
        ("categories: [a: [\n", ["kategorier.yaml, rad 2: ogiltig YAML"]),
        (
            "categories:\n  - code: a\n    name: A\n    colour: red\n",
            ["kategorier.yaml:4: categories[0].colour: okänt fält; tillåtna är code, name,"],
        ),
        (
            "categories:\n  - code: a\n  - name: B\n",
            [
                "kategorier.yaml:2: categories[0].name: värde saknas",
                "kategorier.yaml:3: categories[1].code: kod saknas",
            ],
        ),
        (
            "categories:\n  - {code: a, name: A}\n  - {code: a, name: B}\n",
            ["kategorier.yaml:3: categories[1].code: koden ”a” finns redan på rad 2"],
        ),
        (
            "categories:\n  - {code: a, name: A, plan_decisions: true}\n"
            "  - {code: b, name: B, plan_decisions: true}\n",
            ["kategorier.yaml:3: categories[1].plan_decisions: bara en kategori kan ta emot"],
        ),
        (
            "categories:\n  - {code: a, name: A, plan_decisions: ja}\n",
            ["kategorier.yaml:2: categories[0].plan_decisions: ska vara true eller false"],
        ),
        (
            "categories:\n  - code: a\n    name: " + "x" * 1001 + "\n",
            ["kategorier.yaml:3: categories[0].name: texten är längre än 1000 tecken"],
        ),
    ],
)
def test_a_broken_yaml_file_is_named_by_line_and_field(tmp_path, text, expected):
    found = problems(write(tmp_path, text))
    assert len(found) == len(expected)
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start), message


def test_a_csv_file_names_line_and_column(region, tmp_path):
    good = write(
        tmp_path,
        "kod;namn;delsumma;beslutade\nny;Nya objekt;Summa;nej\npag;Pågående;Summa;ja\n",
        "kategorier.csv",
    )
    investment_categories_load(path=good, user=region.controller)
    assert codes() == ["ny", "pag"]
    assert investment_category_for_plan_decisions().code == "pag"

    bad = write(tmp_path, "kod;namn\nny;Nya\nNY KOD;\nny;Igen\n", "fel.csv")
    assert problems(bad) == [
        "fel.csv, rad 3, kolumn kod: koden ”NY KOD” får bara innehålla gemena a–z, siffror, - "
        "och _ (t.ex. pagaende)",
        "fel.csv, rad 3, kolumn namn: värde saknas",
        "fel.csv, rad 4, kolumn kod: koden ”ny” finns redan på rad 2",
    ]


def test_an_investment_takes_only_the_organisations_categories(region, tmp_path):
    investment_categories_load(path=write(tmp_path, KOMMUN), user=region.controller)
    with pytest.raises(ValidationError, match="Okänd investeringskategori ”granted_ongoing”"):
        investment_save(
            round=region.t1,
            code="x",
            unit=region.dig,
            name="X",
            category="granted_ongoing",
            user=region.controller,
        )
    investment_save(
        round=region.t1,
        code="x",
        unit=region.dig,
        name="X",
        category="va-klar",
        user=region.controller,
    )
    assert Investment.objects.get(code="x").category.name == "VA, avslutade"


def test_summary_overview_closes_each_run_with_its_subtotal(region, tmp_path):
    investment_categories_load(path=write(tmp_path, KOMMUN), user=region.controller)
    for code, category, budget in [
        ("a", "skatt-klar", "100"),
        ("b", "skatt-pagaende", "250"),
        ("c", "va-pagaende", "40"),
    ]:
        investment_save(
            round=region.t1,
            code=code,
            unit=region.dig,
            name=code.upper(),
            category=category,
            budget_year=Decimal(budget),
            user=region.controller,
        )
    summary = selectors.investment_summary(round=region.t1)
    overview = [(str(e.label), e.budget_year) for e in summary.overview()]
    assert overview == [
        ("Skattefinansierade, avslutade", Decimal(100)),
        ("Skattefinansierade, pågående", Decimal(250)),
        ("Summa skattefinansierade", Decimal(350)),
        ("VA, avslutade", Decimal(0)),
        ("VA, pågående", Decimal(40)),
        ("Summa VA", Decimal(40)),
    ]
    filled = [str(e.label) for e in summary.overview(filled_only=True)]
    assert filled == [
        "Skattefinansierade, avslutade",
        "Skattefinansierade, pågående",
        "Summa skattefinansierade",
        "VA, pågående",
        "Summa VA",
    ]
    assert summary.budget_year == Decimal(390)


def test_an_oversized_or_alias_bomb_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from styra.formats import limits

    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    (found,) = problems(write(tmp_path, bomb))
    assert found.startswith("kategorier.yaml, rad ") and "noder" in found
    monkeypatch.setattr(limits, "YAML_MAX_FILE_BYTES", 100)
    (found,) = problems(write(tmp_path, KOMMUN))
    assert found.startswith("kategorier.yaml: filen är ") and "högst 0 kB" in found
