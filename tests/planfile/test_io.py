"""The plan file: round trip, and errors that name file, line and field."""

from __future__ import annotations

import pytest

from styra.followup.models import Assessment, Round
from styra.formats.problems import ImportFailed
from styra.org.models import CostCentre, Unit
from styra.planfile.services import org_export, plan_export, plan_import
from styra.plans.models import Plan, PlanItem, Target
from tests.builders import system_admin

pytestmark = pytest.mark.django_db


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the `occurrence`-th line containing `needle`."""
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


@pytest.fixture
def imported(org_yaml, plan_yaml):
    plan_import(text=org_yaml, filename="org.yaml", user=system_admin())
    plan_import(text=plan_yaml, filename="plan.yaml", user=system_admin())
    return Plan.objects.get(code="test-2026")


def snapshot() -> tuple:
    return (
        Plan.objects.count(),
        PlanItem.objects.count(),
        Target.objects.count(),
        Unit.objects.count(),
        CostCentre.objects.count(),
        [plan_export(plan=p) for p in Plan.objects.order_by("code")],
    )


def test_import_builds_the_plan(imported):
    items = {i.code: i for i in imported.items.select_related("parent", "owner", "level")}
    assert list(imported.items.order_by("order").values_list("code", flat=True)) == [
        "LED",
        "N01",
        "N02",
        "U01",
    ]
    assert items["N01"].parent.code == "LED"
    assert items["N01"].owner.code == "RS-EKO"
    assert [u.code for u in items["N01"].co_owners.all()] == ["RUN"]
    assert items["N02"].frequency == "yearly"
    target = items["N02"].targets.get()
    assert (target.kind, target.value, target.baseline_year) == ("relative_baseline", -41, 2019)
    assert str(items["N01"].targets.get().value.normalize()) == "-33.2"
    assert items["U01"].description == "Första raden.\nAndra raden.\n"
    assert imported.tolerance_kind == "relative" and imported.tolerance_value == 15
    assert Round.objects.get(code="test-T1").state == "open"


def test_export_import_export_is_byte_identical(imported):
    first = plan_export(plan=imported)
    plan_import(text=first, filename="export.yaml", user=system_admin())
    assert plan_export(plan=Plan.objects.get(code="test-2026")) == first


def test_org_and_plan_in_one_file_as_two_documents(org_yaml, plan_yaml):
    plan_import(text=org_yaml + "---\n" + plan_yaml, filename="both.yaml", user=system_admin())
    assert Plan.objects.get(code="test-2026").unit.code == "RS"
    assert CostCentre.objects.get(code="1200").mappings.get().unit.code == "RS-EKO"
    again = org_export()
    assert "code: RS-EKO" in again


def test_schema_error_names_file_line_and_field(imported, plan_yaml):
    broken = plan_yaml.replace("- kind: threshold", "- kind: tresh")
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="plan.yaml", user=system_admin())
    line = line_of(broken, "kind: tresh")
    assert str(caught.value) == (
        f"plan.yaml:{line}: items[0].children[0].targets[0].kind: 'tresh' är inte en giltig "
        "måltyp (threshold, relative_baseline, relative_comparison, completion, count, not_set)"
    )
    assert snapshot() == before


def test_missing_field_and_bad_date(plan_yaml, org_yaml):
    plan_import(text=org_yaml, user=system_admin())
    broken = plan_yaml.replace("        title: Soliditet\n", "").replace(
        "end: 2026-04-30", "end: 2026-04-31"
    )
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="p.yaml", user=system_admin())
    messages = [str(p) for p in caught.value.problems]
    assert (
        f"p.yaml:{line_of(broken, 'code: N01')}: items[0].children[0]: obligatoriskt fält saknas: title"
        in messages
    )
    assert any(
        m.startswith(f"p.yaml:{line_of(broken, '2026-04-31')}: rounds[0].period.end: '2026-04-31'")
        for m in messages
    )
    assert Plan.objects.count() == 0


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    # needle: the text of the line the error must name (its last occurrence)
    [
        (
            "level: nyckeltal\n        title: Soliditet",
            "level: nyckeltel\n        title: Soliditet",
            "level: nyckeltel",
            "items[0].children[0].level",
            "okänd nivå nyckeltel",
        ),
        (
            "kind: assignment\n        level: uppdrag",
            "kind: goal\n        level: uppdrag",
            "kind: goal",
            "items[0].children[2].kind",
            "typen goal är inte tillåten på nivån uppdrag (tillåtna: assignment)",
        ),
        (
            "code: U01",
            "code: N02",
            "code: N02",
            "items[0].children[2].code",
            "postkoden N02 finns redan i planen",
        ),
        (
            "owner: RS-EKO",
            "owner: RS-XYZ",
            "owner: RS-XYZ",
            "items[0].children[0].owner",
            "okänd enhet RS-XYZ",
        ),
        (
            "name: Uppdrag\n    parent: omrade",
            "name: Uppdrag\n    parent: nyckeltal",
            "level: uppdrag",
            "items[0].children[2].level",
            "nivån uppdrag ska ligga under nivån nyckeltal, inte under omrade",
        ),
    ],
)
def test_semantic_errors_name_line_and_field(imported, plan_yaml, old, new, needle, field, message):
    assert old in plan_yaml
    broken = plan_yaml.replace(old, new, 1)
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="plan.yaml", user=system_admin())
    expected = f"plan.yaml:{line_of(broken, needle, broken.count(needle))}: {field}: {message}"
    assert expected in [str(p) for p in caught.value.problems]
    assert snapshot() == before


def test_yaml_syntax_error_names_line(imported, plan_yaml):
    broken = plan_yaml.replace("    title: Ledning\n", "    title: [Ledning\n")
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="plan.yaml", user=system_admin())
    text = str(caught.value)
    assert text.startswith("plan.yaml, rad ")
    line = int(text.removeprefix("plan.yaml, rad ").split(":")[0])
    assert line >= line_of(broken, "title: [Ledning")
    assert "YAML-syntaxfel" in text
    assert snapshot() == before


def test_duplicate_key_is_an_error(imported, plan_yaml):
    broken = plan_yaml.replace("    title: Ledning\n", "    title: Ledning\n    title: Igen\n")
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="plan.yaml", user=system_admin())
    assert f"plan.yaml, rad {line_of(broken, 'title: Igen')}:" in str(caught.value)


def test_reimport_updates_in_place_and_removes_absent_items(imported, plan_yaml):
    ids = dict(imported.items.values_list("code", "id"))
    changed = plan_yaml.replace("title: Soliditet", "title: Soliditet (ny)")
    start = changed.index("      - code: U01")
    end = changed.index("rounds:")
    changed = changed[:start] + changed[end:]
    result = plan_import(text=changed, filename="plan.yaml", user=system_admin())
    assert result.plans[0].items_removed == 1
    plan = Plan.objects.get(code="test-2026")
    assert dict(plan.items.values_list("code", "id")) == {c: ids[c] for c in ("LED", "N01", "N02")}
    assert plan.items.get(code="N01").title == "Soliditet (ny)"


def test_reimport_refuses_to_remove_an_assessed_item(imported, plan_yaml):
    Assessment.objects.create(
        round=Round.objects.get(code="test-T1"), item=imported.items.get(code="U01")
    )
    start = plan_yaml.index("      - code: U01")
    end = plan_yaml.index("rounds:")
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        plan_import(
            text=plan_yaml[:start] + plan_yaml[end:], filename="plan.yaml", user=system_admin()
        )
    assert "posten U01 saknas i filen men har bedömningar" in str(caught.value)
    assert snapshot() == before


def test_locked_round_cannot_be_changed(imported, plan_yaml):
    rnd = Round.objects.get(code="test-T1")
    rnd.state = "locked"
    rnd.save()
    changed = plan_yaml.replace("name: Tertial 1", "name: Tertial ett").replace(
        "state: open", "state: locked"
    )
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=changed, filename="plan.yaml", user=system_admin())
    assert "test-T1 är fastställd" in str(caught.value)


def test_dry_run_changes_nothing(org_yaml, plan_yaml):
    result = plan_import(text=org_yaml + "---\n" + plan_yaml, dry_run=True, user=system_admin())
    assert result.dry_run and result.plans[0].items_created == 4
    assert Plan.objects.count() == 0 and Unit.objects.count() == 0


def test_inherited_from_resolves_across_plans(imported, plan_yaml):
    child = (
        plan_yaml.replace("code: test-2026", "code: child-2026")
        .replace("  tolerance:", "  parent: test-2026\n  tolerance:", 1)
        .replace("code: test-T1", "code: child-T1")
        .replace("title: Ett uppdrag", "title: Ett uppdrag\n        inherited_from: test-2026:U01")
    )
    plan_import(text=child, filename="child.yaml", user=system_admin())
    item = PlanItem.objects.get(plan__code="child-2026", code="U01")
    assert item.inherited_from == PlanItem.objects.get(plan__code="test-2026", code="U01")
    exported = plan_export(plan=item.plan)
    assert "inherited_from: test-2026:U01" in exported
    bad = child.replace("test-2026:U01", "test-2026:U99")
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=bad, filename="child.yaml", user=system_admin())
    assert f"child.yaml:{line_of(bad, 'test-2026:U99')}:" in str(caught.value)


def test_a_control_character_names_its_line_and_changes_nothing(imported, plan_yaml):
    broken = plan_yaml.replace("    title: Ledning\n", "    title: Led\x1bning\n")
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="plan.yaml", user=system_admin())
    assert str(caught.value) == (
        f"plan.yaml, rad {line_of(broken, 'title: Led')}: "
        "Tecknet U+001B får inte finnas i en YAML-fil."
    )
    assert snapshot() == before


def test_a_lone_surrogate_names_its_line_and_changes_nothing(imported, plan_yaml):
    """Found by the fuzz test: a lone surrogate (U+DFFF) crashed the YAML checks with a
    UnicodeEncodeError instead of naming the line."""
    broken = plan_yaml.replace("    title: Ledning\n", "    title: Led\udfffning\n")
    before = snapshot()
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=broken, filename="plan.yaml", user=system_admin())
    assert str(caught.value) == (
        f"plan.yaml, rad {line_of(broken, 'title: Led')}: "
        "Tecknet U+DFFF får inte finnas i en YAML-fil."
    )
    assert snapshot() == before


def test_a_co_owner_changed_by_a_plan_file_is_in_the_items_history(imported, django_user_model):
    """Co-owners are part of an item's history (issue 13): the row names the importer."""
    importer = django_user_model.objects.create_superuser("importor")
    text = plan_export(plan=imported)
    assert "co_owners: [RUN]" in text
    changed = text.replace("co_owners: [RUN]", "co_owners: [REG]").replace(
        "title: Soliditet", "title: Soliditet (ny)"
    )
    assert changed.count("co_owners: [REG]") == 1
    plan_import(text=changed, filename="p.yaml", user=importer)
    item = PlanItem.objects.get(plan=imported, code="N01")
    assert [u.code for u in item.co_owners.all()] == ["REG"]
    latest = item.history.latest()
    assert latest.history_user == importer and latest.title == "Soliditet (ny)"
    assert [row.unit.code for row in latest.co_owners.all()] == ["REG"]
    # one row per write: the creation (with its co-owner), the change (title and co-owner)
    created, changed = item.history.order_by("history_id")
    assert (created.history_type, changed.history_type) == ("+", "~")
    assert [row.unit.code for row in created.co_owners.all()] == ["RUN"]
