"""A plan file writes through the services: a round's state changes only by a checked
transition, a locked round does not change, and every change is the acting user's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from styra.access.models import Role, UnitRole
from styra.followup.models import ReportState, Round, RoundState, UnitReport
from styra.formats.problems import ImportFailed
from styra.org.models import Unit
from styra.planfile.services import plan_export, plan_import
from styra.plans.models import Plan, PlanItem
from tests.builders import system_admin

pytestmark = pytest.mark.django_db


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture
def region(org_yaml, plan_yaml):
    """The test plan imported with round test-T1 open; two unit reports in draft."""
    plan_import(text=org_yaml, filename="org.yaml", user=system_admin())
    plan_import(text=plan_yaml, filename="plan.yaml", user=system_admin())
    rnd = Round.objects.get(code="test-T1")
    for code in ("RS", "RS-EKO"):
        UnitReport.objects.create(
            round=rnd, unit=Unit.objects.get(code=code), state=ReportState.DRAFT
        )
    return rnd


def user_with(username: str, role: str, unit_code: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password="pw")
    UnitRole.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    return user


def state_of(code: str = "test-T1") -> tuple[str, list[str]]:
    rnd = Round.objects.get(code=code)
    return rnd.state, sorted(rnd.unit_reports.values_list("state", flat=True))


LOCKED = "    state: locked\n    lock_reason: Testdata utan bedömningar.\n"


def test_locking_with_unapproved_reports_needs_a_reason_in_the_file(region, plan_yaml):
    locked = plan_yaml.replace("    state: open\n", "    state: locked\n")
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=locked, filename="plan.yaml", user=system_admin())
    (problem,) = caught.value.problems
    assert problem.field == "rounds[0].state"
    assert "Ange ett skäl för att fastställa ändå." in problem.message
    assert state_of()[0] == RoundState.OPEN


def test_locking_through_the_file_locks_the_unit_reports_too(region, plan_yaml):
    controller = user_with("cecilia", Role.CONTROLLER, "RS")
    locked = plan_yaml.replace("    state: open\n", LOCKED)
    plan_import(text=locked, filename="plan.yaml", user=controller)
    assert state_of() == (RoundState.LOCKED, [ReportState.LOCKED, ReportState.LOCKED])
    last = Round.history.filter(code="test-T1").latest("history_date")
    assert (last.state, last.history_user) == (RoundState.LOCKED, controller)
    assert last.lock_reason == "Testdata utan bedömningar."
    # The export keeps the reason, so export → import → export is the same.
    exported = plan_export(plan=Plan.objects.get(code="test-2026"))
    assert "lock_reason: Testdata utan bedömningar." in exported


def test_locking_through_the_file_with_report_errors_needs_a_reason(region, plan_yaml):
    before = plan_export(plan=Plan.objects.get(code="test-2026"))
    locked = plan_yaml.replace("    state: open\n", "    state: locked\n")
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=locked, filename="plan.yaml", user=system_admin())
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (line_of(locked, "state: locked"), "rounds[0].state")
    assert "Rapportkontrollen hittar" in problem.message
    assert state_of()[0] == RoundState.OPEN
    assert plan_export(plan=Plan.objects.get(code="test-2026")) == before


def test_open_to_planned_is_refused_with_file_line_and_field(region, plan_yaml):
    before = plan_export(plan=Plan.objects.get(code="test-2026"))
    back = plan_yaml.replace("    state: open\n", "    state: planned\n")
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=back, filename="plan.yaml", user=system_admin())
    assert str(caught.value) == (
        f"plan.yaml:{line_of(back, 'state: planned')}: rounds[0].state: uppföljningen test-T1 "
        "har status ”Öppen” och kan inte få status ”Planerad” (tillåtet: Öppen, "
        "Stängd för rapportering, Fastställd)"
    )
    assert state_of() == (RoundState.OPEN, [ReportState.DRAFT, ReportState.DRAFT])
    assert plan_export(plan=Plan.objects.get(code="test-2026")) == before


def test_a_new_round_cannot_start_locked(region, plan_yaml):
    extra = plan_yaml + (
        "  - code: test-T2\n"
        "    name: Tertial 2\n"
        "    kind: tertial\n"
        "    period:\n"
        "      start: 2026-05-01\n"
        "      end: 2026-08-31\n"
        "    state: locked\n"
    )
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=extra, filename="plan.yaml", user=system_admin())
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (line_of(extra, "state: locked"), "rounds[1].state")
    assert "har status ”Planerad” och kan inte få status ”Fastställd”" in problem.message
    assert not Round.objects.filter(code="test-T2").exists()


def test_closing_and_reopening_are_the_services_transitions(region, plan_yaml):
    closed = plan_yaml.replace("    state: open\n", "    state: closed\n")
    plan_import(text=closed, filename="plan.yaml", user=system_admin())
    assert state_of()[0] == RoundState.CLOSED
    plan_import(text=plan_yaml, filename="plan.yaml", user=system_admin())
    assert state_of()[0] == RoundState.OPEN


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("    state: locked\n", "    state: open\n", "rounds[0]"),
        ("    name: Tertial 1\n", "    name: Tertial ett\n", "rounds[0]"),
        ("      reporting: 2026-05-08\n", "      reporting: 2026-05-15\n", "rounds[0]"),
    ],
)
def test_nothing_in_a_locked_round_changes(region, plan_yaml, old, new, field):
    locked = plan_yaml.replace("    state: open\n", LOCKED)
    plan_import(text=locked, filename="plan.yaml", user=system_admin())
    changed = locked.replace(old, new)
    assert changed != locked
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=changed, filename="plan.yaml", user=system_admin())
    (problem,) = caught.value.problems
    assert problem.field == field
    assert problem.message == "uppföljningen test-T1 är fastställd och kan inte ändras"
    rnd = Round.objects.get(code="test-T1")
    assert (rnd.name, str(rnd.reporting_deadline)) == ("Tertial 1", "2026-05-08")
    assert state_of() == (RoundState.LOCKED, [ReportState.LOCKED, ReportState.LOCKED])


def test_a_locked_round_cannot_be_removed_by_leaving_it_out(region, plan_yaml):
    locked = plan_yaml.replace("    state: open\n", LOCKED)
    plan_import(text=locked, filename="plan.yaml", user=system_admin())
    without = locked[: locked.index("rounds:")]
    with pytest.raises(ImportFailed) as caught:
        plan_import(text=without, filename="plan.yaml", user=system_admin())
    assert "uppföljningen test-T1 saknas i filen" in str(caught.value)
    assert Round.objects.filter(code="test-T1", state=RoundState.LOCKED).exists()


def test_a_reporter_cannot_lock_a_round_or_change_the_plan(region, plan_yaml):
    reporter = user_with("rasmus", Role.REPORTER, "RS")
    locked = plan_yaml.replace("    state: open\n", LOCKED)
    with pytest.raises(PermissionDenied):
        plan_import(text=locked, filename="plan.yaml", user=reporter)
    renamed = plan_yaml.replace("title: Soliditet", "title: Soliditet (ny)")
    with pytest.raises(PermissionDenied):
        plan_import(text=renamed, filename="plan.yaml", user=reporter)
    assert state_of() == (RoundState.OPEN, [ReportState.DRAFT, ReportState.DRAFT])
    assert PlanItem.objects.get(code="N01").title == "Soliditet"


def test_a_controller_of_another_unit_is_refused(region, plan_yaml):
    other = user_with("olle", Role.CONTROLLER, "RUN")
    closed = plan_yaml.replace("    state: open\n", "    state: closed\n")
    with pytest.raises(PermissionDenied, match="enheten RS får ändra planen test-2026"):
        plan_import(text=closed, filename="plan.yaml", user=other)
    assert state_of()[0] == RoundState.OPEN


def test_the_plan_units_controller_may_change_the_plan_and_history_says_so(region, plan_yaml):
    controller = user_with("cecilia", Role.CONTROLLER, "RS")
    renamed = plan_yaml.replace("title: Soliditet", "title: Soliditet (ny)")
    result = plan_import(text=renamed, filename="plan.yaml", user=controller)
    assert (result.plans[0].items_updated, result.plans[0].items_created) == (1, 0)
    item = PlanItem.objects.get(code="N01")
    assert item.title == "Soliditet (ny)"
    last = item.history.latest("history_date")
    assert (last.title, last.history_user) == ("Soliditet (ny)", controller)
    assert item.history.count() == 2  # created, renamed; nothing else was rewritten
