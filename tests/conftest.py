"""Shared fixtures.

- `builder` makes organisation trees and plans in one readable line each.
- `demo` gives a test the demo region "Region Exempel", loaded once per test
  session (per xdist worker) by the same loader as `styra demo`. Tests that use it
  are marked `demo` and run after the builder-based tests of their worker, so that
  builder codes never meet the demo's.
"""

import io
import os
import shutil
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop; Django must still allow its ORM calls in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_PLAN = "rs-2026"
DEMO_ROUND = "2026-T1"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "demo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.demo)
    # Stable sort: builder tests first, demo tests last (xdist hands tests out in order).
    items.sort(key=lambda item: item.get_closest_marker("demo") is not None)


# Tables a test hands to the run's summary (`record_property("summary_table", text)`),
# e.g. the report check's planted errors × caught: printed after every `make test`, also
# under xdist, whose workers send a test's properties with its report.
SUMMARY_PROPERTY = "summary_table"


def pytest_terminal_summary(terminalreporter):
    for report in terminalreporter.stats.get("passed", []):
        for name, text in getattr(report, "user_properties", ()):
            if name == SUMMARY_PROPERTY:
                terminalreporter.write_sep("-", report.nodeid.split("::")[-1])
                terminalreporter.write_line(str(text))


@pytest.fixture(autouse=True)
def _swedish():
    """Every test starts in Swedish, whatever language an earlier request activated."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def builder(db):
    from tests.builders import Builder

    return Builder()


def _demo_present() -> bool:
    from styra.plans.models import Plan

    return Plan.objects.filter(code=DEMO_PLAN).exists()


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    from styra.demo.loader import demo_load

    with django_db_blocker.unblock():
        if not _demo_present():
            demo_load(stdout=io.StringIO(), ledger_dir=tmp_path_factory.mktemp("demo-ledger"))
    return True


@pytest.fixture
def demo(_demo_loaded, db, tmp_path):
    """The demo region as `styra demo` loads it (plans, round, ledger, registers);
    reloaded inside the test if a transactional test flushed it."""
    from styra.demo.loader import demo_load
    from styra.followup.models import Round
    from styra.org.models import Unit
    from styra.plans.models import Plan

    if not _demo_present():
        demo_load(stdout=io.StringIO(), ledger_dir=tmp_path)
    return SimpleNamespace(
        plan=Plan.objects.get(code=DEMO_PLAN),
        round=Round.objects.get(code=DEMO_ROUND),
        rs=Unit.objects.get(code="RS"),
    )


@pytest.fixture
def small_plan(builder):
    """Two areas (A, B) of three indicators each; the third of each is yearly; round p-T1."""
    from decimal import Decimal

    from styra.followup.models import Round
    from styra.plans.models import PlanScale, Target

    rs = builder.unit("RS", "Regionstyrelsen")
    plan = builder.plan("p-2026", rs, tolerance="15")
    PlanScale.objects.create(plan=plan, kind="indicator", scale=builder.scale("mal"))
    area = builder.level(plan, "omrade", ["area"])
    ind = builder.level(plan, "nyckeltal", ["indicator"], parent=area)
    items = {}
    for n, code in enumerate(["A", "B"], start=1):
        items[code] = builder.item(plan, area, "area", code, number=str(n))
        for i in range(3):
            child = builder.item(
                plan,
                ind,
                "indicator",
                f"{code}{i}",
                parent=items[code],
                frequency="yearly" if i == 2 else "tertial",
            )
            Target.objects.create(item=child, kind="threshold", value=Decimal(10))
            items[child.code] = child
    rnd = Round.objects.create(
        plan=plan,
        code="p-T1",
        name="T1",
        kind="tertial",
        period_start="2026-01-01",
        period_end="2026-04-30",
    )
    return plan, rnd, items


@pytest.fixture
def styra_home(tmp_path):
    """An empty directory to run `styra` in, as on a fresh clone: no var/, no database."""
    home = tmp_path / "styra-home"
    home.mkdir()
    return home


@pytest.fixture(scope="session")
def _demo_home_template(tmp_path_factory):
    from tests.entry_point import run_styra

    home = tmp_path_factory.mktemp("demo-home")
    result = run_styra("demo", "--no-serve", home=home)
    assert result.returncode == 0, result.stderr
    return home


@pytest.fixture
def demo_home(_demo_home_template, tmp_path):
    """A directory with its own copy of the database `styra demo` builds, to run `styra` in."""
    home = tmp_path / "demo-home"
    home.mkdir()
    shutil.copytree(_demo_home_template / "var", home / "var")
    return home
