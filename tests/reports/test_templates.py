"""Templates as data: validation with file:line, and the plan template (VP 2022)."""

import os
import time
from datetime import date
from decimal import Decimal

import pytest

from styra.followup.models import Round
from styra.plans.models import Target
from styra.reports.services import report_document
from styra.reports.templates import TemplateError, template_list, template_load, template_parse


def test_shipped_templates_are_valid():
    codes = {t.code for t in template_list()}
    assert {"t1-2026-rs", "vp-2022-rs"} <= codes


def test_a_template_file_is_parsed_once_until_it_changes(tmp_path):
    """Finding a round's template reads every template file; they are parsed again only
    when a file changes (its time or size), and a file that breaks is refused at once."""
    path = tmp_path / "egen.yaml"
    path.write_text(
        "code: egen\nname: Egen\ntitle: Första\nsections:\n  - kind: heading\n    heading: H\n",
        encoding="utf-8",
    )
    first = template_load(path)
    assert template_load(path) is first  # not parsed again
    path.write_text(path.read_text(encoding="utf-8").replace("Första", "Andra"), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    second = template_load(path)
    assert (first.title, second.title) == ("Första", "Andra")
    path.write_text("code: egen\nname: Egen\ntitle: Tredje\nsections: [\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="ogiltig YAML"):
        template_load(path)
    path.unlink()
    with pytest.raises(TemplateError, match="kan inte läsas"):
        template_load(path)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("code: x\nname: X\ntitle: T\nsections:\n  - kind: chart\n    level: 9\n", 6, "högst 4"),
        ("code: x\nname: X\ntitle: T\nsections:\n  - kind: tabell\n", 5, "tabell"),
        ("code: x\nname: X\ntitle: T\nsections: [\n", 5, "ogiltig YAML"),
        ("code: X Y\nname: X\ntitle: T\nsections:\n  - kind: heading\n    heading: H\n", 1, "code"),
    ],
)
def test_errors_name_file_and_line(text, line, words):
    with pytest.raises(TemplateError) as info:
        template_parse(text, source="egen.yaml")
    assert str(info.value).startswith(f"egen.yaml:{line}:")
    assert words in str(info.value)


def test_operational_plan_template_prints_goals_targets_and_activities(builder):
    rs = builder.unit("RS", "Regionstyrelsen")
    plan = builder.plan("rs-2022", rs, year=2022)
    strategy_level = builder.level(plan, "strategi", ["area"])
    area_level = builder.level(plan, "malomrade", ["area"], parent=strategy_level)
    goal_level = builder.level(plan, "mal", ["goal"], parent=area_level)
    activity_level = builder.level(plan, "aktivitet", ["activity"], parent=goal_level)
    strategy = builder.item(plan, strategy_level, "area", "S1", title="Hållbar utveckling")
    area = builder.item(plan, area_level, "area", "M1", parent=strategy, title="Miljö")
    goal = builder.item(
        plan,
        goal_level,
        "goal",
        "G1",
        parent=area,
        number="1.1",
        title="Minskade utsläpp från resor",
    )
    Target.objects.create(
        item=goal,
        kind="relative_baseline",
        value=Decimal(-20),
        baseline_year=2019,
        text="−20 % jämfört med 2019",
    )
    builder.item(plan, activity_level, "activity", "A1", parent=goal, title="Resfri mötesplan")
    round_ = Round.objects.create(
        plan=plan,
        code="2022-VP",
        name="Verksamhetsplan 2022",
        kind="annual",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
    )
    document = report_document(round_=round_, unit=rs, template="vp-2022-rs")
    assert document.title == "Verksamhetsplan 2022"
    headings = [(s.level, s.heading) for s in document.sections]
    assert (2, "Hållbar utveckling") in headings and (3, "Miljö") in headings
    _, table = next(document.tables())
    assert [c.text for c in table.rows[0].cells] == [
        "1.1",
        "Minskade utsläpp från resor",
        "−20\u00a0% jämfört med 2019",  # formatted from the value, no-break space
    ]
    lists = [b for s in document.sections for b in s.blocks if hasattr(b, "items")]
    assert lists and lists[0].items == ["Resfri mötesplan"]


def test_a_round_gets_the_template_that_names_its_plan_and_kind(demo):
    from styra.reports.templates import template_for_round

    hsn = Round.objects.select_related("plan").get(code="HSN-2026-T1")
    assert template_for_round(hsn).code == "hsn-tertial"
    assert template_for_round(demo.round).code == "t1-2026-rs"


def test_the_health_board_report_builds_in_every_format_through_the_cli(demo, tmp_path, capsys):
    from styra.cli.main import main

    code = main(
        ["report", "build", "--round", "HSN-2026-T1", "--unit", "HSN", "--out", str(tmp_path)]
    )
    assert code == 0, capsys.readouterr()
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".html", ".pdf", ".xlsx"]
    html = (tmp_path / "hsn-tertial-hsn-2026-t1-hsn.html").read_text(encoding="utf-8")
    assert (
        "Strategi 1: Tillgänglig och jämlik vård" in html and "Vårdrelaterade infektioner" in html
    )
