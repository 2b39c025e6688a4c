"""Shared fixtures.

- `builder` makes organisation trees and plans in one readable line each.
- `demo` gives a test the demo region "Region Exempel", loaded once per test
  session (per xdist worker) by the same loader as `styra demo`. Tests that use it
  are marked `demo` and run after the builder-based tests of their worker, so that
  builder codes never meet the demo's.
"""

import io
import os
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
