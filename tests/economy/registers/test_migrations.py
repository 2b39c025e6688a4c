"""Migration economy 0003: the fixed investment categories become rows, and every
existing investment (and its history) keeps its group.

Transactional (SQLite cannot change its schema inside the test's transaction): the
database is flushed afterwards, as after every transactional test; the `demo` fixture
loads the categories again with the demo, from the shipped file."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("economy", "0002_investment_kind_blank")]
AFTER = [("economy", "0003_investment_categories_as_data")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    """Every app's newest migration: the schema the other tests expect afterwards (the
    economy app's migrations after 0003 are rolled back with it)."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_investments_keep_their_category(builder):
    unit = builder.unit("RS", "Regionstyrelsen")
    try:
        old = migrate(BEFORE)
        Investment = old.get_model("economy", "Investment")
        History = old.get_model("economy", "HistoricalInvestment")
        for code, category in [("a", "unforeseen"), ("b", "decided_finished"), ("c", "misc")]:
            Investment.objects.create(
                year=2026,
                code=code,
                unit_id=unit.pk,
                name=code.upper(),
                category=category,
                budget_year=Decimal(1),
            )
        History.objects.create(
            id=1,
            year=2026,
            code="a",
            unit_id=unit.pk,
            name="A",
            category="unforeseen",
            kind="new",
            status="requested",
            budget_year=Decimal(1),
            order=0,
            updated_at="2026-01-01T00:00:00Z",
            history_date="2026-01-01T00:00:00Z",
            history_type="+",
        )

        new = migrate(AFTER)
        Investment = new.get_model("economy", "Investment")
        Category = new.get_model("economy", "InvestmentCategory")
        got = dict(Investment.objects.values_list("code", "category__code"))
        assert got == {"a": "unforeseen", "b": "decided_finished", "c": "misc"}
        assert list(Category.objects.order_by("order").values_list("code", flat=True)) == [
            "decided_finished",
            "carried_finished",
            "granted_ongoing",
            "carried_ongoing",
            "unforeseen",
            "outside_frame",
            "misc",  # written past the old checks: kept as a category of its own
        ]
        history = new.get_model("economy", "HistoricalInvestment").objects.get()
        assert history.category_id == Category.objects.get(code="unforeseen").pk

        back = migrate(BEFORE)
        codes = dict(
            back.get_model("economy", "Investment").objects.values_list("code", "category")
        )
        assert codes == {"a": "unforeseen", "b": "decided_finished", "c": "misc"}
    finally:
        migrate(_latest())
