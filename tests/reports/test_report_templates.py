"""Every example of docs/report-templates.md, built from the demo and read back.

Each example there names a round (`# rapport: ROUND UNIT`) or a plan printed before the
year (`# plan: PLAN UNIT`) on its first line and says what the report "Prints:" (and
"does not print"); this test builds a one-template report from exactly that YAML,
renders it as HTML and Word, and reads the rendered files. A second test
makes sure the page has an example for every section kind and every option the
template schema knows, so the reference cannot fall behind the code.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import pytest
from docx import Document as DocxDocument
from ruamel.yaml import YAML

from styra.followup.models import Round
from styra.org.models import Unit
from styra.plans.models import Plan
from styra.reports.renderers import render
from styra.reports.services import plan_document, report_document
from styra.reports.templates import DATA_DIR, SCHEMA_PATH, template_parse
from tests.paths import REPO_ROOT

DOC = REPO_ROOT / "docs" / "report-templates.md"
NB = "\u00a0"


@dataclass(frozen=True)
class Example:
    title: str
    yaml: str
    source: str  # "rapport" (a round's report) or "plan" (a plan document)
    round_code: str  # the round's code, or the plan's
    unit_code: str
    prints: tuple[str, ...]
    not_prints: tuple[str, ...]


def examples() -> list[Example]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for block in re.split(r"\n### ", text)[1:]:
        title = block.split("\n", 1)[0].strip()
        code = re.search(r"```yaml\n(# (rapport|plan): (\S+) (\S+)\n.*?)```", block, re.S)
        prints = re.search(r"\nPrints: (.*)", block)
        if not code or not prints:
            continue
        positive, _, negative = prints[1].partition("does not print")
        found.append(
            Example(
                title=title,
                yaml=code[1],
                source=code[2],
                round_code=code[3],
                unit_code=code[4],
                prints=tuple(re.findall(r"`([^`]+)`", positive)),
                not_prints=tuple(re.findall(r"`([^`]+)`", negative)),
            )
        )
    return found


EXAMPLES = examples()


def _template_text(example: Example) -> str:
    sections = "\n".join("  " + line for line in example.yaml.splitlines())
    return f"code: exempel\nname: Exempel\ntitle: Exempel\nsections:\n{sections}\n"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title for e in EXAMPLES])
def test_the_example_builds_and_prints_what_the_reference_says(demo, example):
    # Files an example names (imported tables) sit beside the shipped templates.
    template = template_parse(_template_text(example), source=str(DATA_DIR / "exempel.yaml"))
    unit = Unit.objects.get(code=example.unit_code)
    if example.source == "plan":
        plan = Plan.objects.get(code=example.round_code)
        document = plan_document(plan=plan, unit=unit, template=template)
    else:
        round_ = Round.objects.select_related("plan").get(code=example.round_code)
        document = report_document(round_=round_, unit=unit, template=template)
    html = render(document, "html").decode("utf-8").replace(NB, " ").replace("&nbsp;", " ")
    html = html.replace("&#x27;", "'").replace("&quot;", '"')
    docx = DocxDocument(io.BytesIO(render(document, "docx")))
    word = "\n".join(p.text for p in docx.paragraphs)
    word += "\n".join(
        cell.text for table in docx.tables for row in table.rows for cell in row.cells
    )
    word = word.replace(NB, " ")
    assert example.prints, example.title
    for expected in example.prints:
        assert expected in html, (example.title, expected)
        if not example.title.startswith(("chart", "stat_chart")):  # Word: a picture
            assert expected in word, (example.title, expected)
    for unexpected in example.not_prints:
        assert unexpected not in html, (example.title, unexpected)


def _schema_names() -> tuple[list[str], dict[str, list[str]]]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    kinds = defs["section"]["properties"]["kind"]["enum"]
    options: dict[str, list[str]] = {}
    for rule in defs["section"]["allOf"]:
        kind = rule["if"]["properties"]["kind"]
        ref = rule["then"].get("properties", {}).get("options", {}).get("$ref", "")
        if not ref:
            continue
        names = list(defs[ref.rsplit("/", 1)[1]].get("properties", {}))
        for name in kind.get("enum", [kind.get("const")]):
            options[name] = names
    return kinds, options


def test_the_reference_has_an_example_of_every_kind_and_option():
    kinds, options = _schema_names()
    titles = [e.title for e in EXAMPLES]
    for kind in kinds:
        if kind in TESTED_ELSEWHERE:
            assert f"### {kind}" in DOC.read_text(encoding="utf-8"), f"{kind} not described"
            continue
        assert any(t.split(" ·")[0] == kind for t in titles), f"no example of {kind}"
        for option in options.get(kind, []):
            assert (
                any(t.split(" ·")[0] == kind and option in t for t in titles)
                or (kind, option) in SHARED
            ), f"no example of {kind} · {option}"
    text = DOC.read_text(encoding="utf-8")
    for field in ("status", "number", "title", "measure", "outcome", "target", "comment",
                  "owner", "period", "dates", "baseline", "unit", "level"):  # fmt: skip
        assert f"{{field: {field}" in text, f"no column example for {field}"


# Kinds the demo region has no data for, with the test that builds and reads them.
TESTED_ELSEWHERE = {
    "financial_goals": "tests/reports/test_statement_sections.py",
    "unit_results": "tests/demo/test_annual_demo.py",
}

# Options one example shows for several kinds (the item tables share theirs, the
# statements theirs).
SHARED = {
    ("key_ratios", "set"),
    ("key_ratios", "statement"),
    ("key_ratios", "unit"),
    ("key_ratios", "decimals"),
    ("key_ratios", "column"),
    ("key_ratios", "columns"),
    ("financial_statement", "column"),
    ("assignment_table", "items"),
    ("assignment_table", "columns"),
    ("assignment_table", "include_later"),
    ("assignment_table", "later_only"),
    ("assignment_table", "plan_view"),
    ("item_table", "columns"),
    ("item_table", "include_later"),
    ("item_table", "later_only"),
    ("item_table", "plan_view"),
    ("indicator_table", "columns"),
}


def test_shipped_templates_and_their_files_are_valid():
    for path in DATA_DIR.glob("*.yaml"):
        template = template_parse(path.read_text(encoding="utf-8"), source=str(path))
        assert template.sections


def test_every_example_is_yaml_a_region_could_paste():
    for example in EXAMPLES:
        assert isinstance(YAML(typ="safe").load(example.yaml), list), example.title
