"""The API's reads run a bounded number of queries, whatever the number of rows."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from styra.api import selectors

ROUND = "2026-T1"


def test_assessments_and_items_are_read_in_a_fixed_number_of_queries(
    demo, django_assert_max_num_queries, token_for, api
):
    reporter = get_user_model().objects.get(username="rapportor")
    with django_assert_max_num_queries(8):
        seen = selectors.assessments_visible(demo.round, reporter)
        for a in seen:
            a.item.owner, a.item.plan.unit, list(a.values.all()), a.status, a.updated_by
    assert len(seen) > 5
    with django_assert_max_num_queries(8):
        items = selectors.items_visible(demo.plan, reporter)
        for i in items:
            i.level.code, i.parent, i.owner, list(i.co_owners.all())
    assert len(items) > 5
    # Through HTTP: the whole list, every field, still a bounded number of queries.
    token = token_for("controller")
    with django_assert_max_num_queries(20):
        answer = api("get", f"/v1/rounds/{ROUND}/assessments", token)
    assert answer.status_code == 200 and len(answer.json()) > 40
