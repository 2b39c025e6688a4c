"""Reads of accounts and roles, in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from styra.access.selectors import accounts_with_roles


def _read() -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        accounts = accounts_with_roles()
        shown = [
            (a.username, [(r.unit.code, r.role) for r in a.unit_roles.all()]) for a in accounts
        ]
    return len(captured.captured_queries), shown


def test_every_account_with_its_roles_in_two_queries_however_many(region, builder):
    queries, shown = _read()
    assert queries == 2
    assert ("anna", [("RS-DIG", "reporter")]) in shown
    for i in range(5):
        builder.user(f"person{i}", (region.dig, "reporter"), (region.hr, "reader"))
    queries, shown = _read()
    assert queries == 2
    assert ("person4", [("RS-DIG", "reporter"), ("RS-HR", "reader")]) in shown
    assert [name for name, _roles in shown] == sorted(name for name, _roles in shown)
