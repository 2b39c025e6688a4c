"""The API through HTTP with real personal tokens: the web's rules, by scope and by role.

The demo region: `rapportor` reports for RS-DIG (N09–N12, N17, N18, U02 …), `granskare`
reviews RS, `controller` controls the whole region. Round 2026-T1 is open.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from styra.access.models import ApiToken, ApiTokenUse
from styra.access.tokens import api_token_revoke
from styra.followup.models import Assessment, AssessmentValue
from styra.followup.services import round_close, round_lock

ROUND = "2026-T1"


def _versions(demo) -> dict[str, int]:
    return {a.item.code: a.version for a in Assessment.objects.filter(round=demo.round)}


def test_no_token_a_wrong_one_or_another_scheme_is_401_in_swedish(api, token_for):
    for token in (None, "sty_fel", "fel", "sty_" + "x" * 500):
        answer = api("get", "/v1/plans", token)
        assert answer.status_code == 401, token
        assert answer.json()["code"] == "unauthenticated"
        assert answer["WWW-Authenticate"] == 'Bearer realm="Styra"'
        assert "API-nyckel" in answer.json()["detail"]
    assert api("get", "/v1/plans", token_for("granskare")).status_code == 200


def test_reads_give_the_organisation_plans_rounds_and_the_visible_assessments(api, token_for):
    token = token_for("rapportor")
    units = {u["code"]: u for u in api("get", "/v1/organisation/units", token).json()}
    assert units["RS-DIG"]["parent"] == "RS"
    assert any(p["code"] == "rs-2026" for p in api("get", "/v1/plans", token).json())
    items = {i["code"]: i for i in api("get", "/v1/plans/rs-2026/items", token).json()}
    assert items["N11"]["kind"] == "indicator" and items["N11"]["owner"] == "RS-DIG"
    assert "N01" not in items  # RS-EKO's, as on the plan page
    assert ROUND in [r["code"] for r in api("get", "/v1/rounds", token).json()]
    seen = {a["item"] for a in api("get", f"/v1/rounds/{ROUND}/assessments", token).json()}
    everything = {
        a["item"]
        for a in api("get", f"/v1/rounds/{ROUND}/assessments", token_for("controller")).json()
    }
    assert "N11" in seen and "N01" not in seen and seen < everything
    one = api("get", f"/v1/rounds/{ROUND}/assessments/N11", token)
    assert one.status_code == 200 and one.json()["unit"] == "RS-DIG"


def test_unknown_codes_are_404_and_another_units_item_is_403(api, token_for):
    token = token_for("rapportor")
    assert api("get", "/v1/plans/finns-inte/items", token).status_code == 404
    assert api("get", "/v1/rounds/finns-inte/assessments", token).json()["code"] == "not_found"
    assert api("get", f"/v1/rounds/{ROUND}/assessments/FINNS", token).status_code == 404
    other = api("get", f"/v1/rounds/{ROUND}/assessments/N01", token)
    assert other.status_code == 403 and other.json()["code"] == "forbidden"
    assert api("get", "/v1/finns/inte", token).json() == {
        "detail": "Adressen finns inte i API:t.",
        "code": "not_found",
        "problems": [],
    }


def test_a_reporter_saves_with_the_version_they_read_and_a_stale_version_is_409(
    api, token_for, demo
):
    token = token_for("rapportor", "read", "write")
    current = api("get", f"/v1/rounds/{ROUND}/assessments/N11", token).json()
    body = {
        "version": current["version"],
        "values": [{"value": "48.5", "period_label": "jan–apr"}],
        "comment": "Via API:t.",
    }
    saved = api("put", f"/v1/rounds/{ROUND}/assessments/N11", token, body)
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == current["version"] + 1
    assert saved.json()["values"][0]["value"] == "48.5"
    assert saved.json()["updated_by"] == "rapportor"
    stored = Assessment.objects.get(round=demo.round, item__code="N11")
    assert stored.comment == "Via API:t."
    assert stored.history.first().history_user.username == "rapportor"
    again = api("put", f"/v1/rounds/{ROUND}/assessments/N11", token, body)
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "Rasmus Rapportör har sparat en ändring" in again.json()["detail"]
    stored.refresh_from_db()
    assert stored.version == current["version"] + 1


def test_scopes_roles_and_input_are_checked_as_on_the_web(api, token_for, demo):
    before = _versions(demo)
    body = {"version": 1, "values": [{"value": "1"}], "comment": ""}
    # A read-only token may not write, whatever its owner may do.
    read_only = api("put", f"/v1/rounds/{ROUND}/assessments/N11", token_for("rapportor"), body)
    assert read_only.status_code == 403 and read_only.json()["code"] == "scope"
    assert "write" in read_only.json()["detail"]
    # Another unit's item: the owner's roles decide, as in the web.
    writer = token_for("rapportor", "read", "write")
    other = api("put", f"/v1/rounds/{ROUND}/assessments/N01", writer, body)
    assert other.status_code == 403
    # A reviewer reads but does not report.
    reviewer = api(
        "put", f"/v1/rounds/{ROUND}/assessments/N11", token_for("granskare", "write"), body
    )
    assert reviewer.status_code == 403
    assert "Du får inte rapportera" in reviewer.json()["detail"]
    # Malformed input: 422 naming the field, in Swedish.
    bad = api("put", f"/v1/rounds/{ROUND}/assessments/N11", writer, {"version": "x"})
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"version"}
    assert bad.json()["problems"][0]["message"] == "ska vara ett heltal inom tillåtna gränser"
    not_a_number = api(
        "put",
        f"/v1/rounds/{ROUND}/assessments/N11",
        writer,
        {"version": 1, "values": [{"value": "12,5"}]},
    )
    assert not_a_number.status_code == 422
    assert not_a_number.json()["problems"][0]["field"] == "values.value"
    assert not_a_number.json()["problems"][0]["row"] == 1
    unknown_status = api(
        "put",
        f"/v1/rounds/{ROUND}/assessments/N11",
        writer,
        {"version": 1, "values": [], "status": "lila"},
    )
    assert unknown_status.status_code == 422
    assert unknown_status.json()["problems"][0] == {
        "row": None,
        "field": "status",
        "message": "Statusen lila finns inte på skalan.",
    }
    broken = api("put", f"/v1/rounds/{ROUND}/assessments/N11", writer, "{inte json")
    assert broken.status_code == 422
    assert _versions(demo) == before


def test_hostile_text_is_stored_cleaned_and_given_back_as_data(api, token_for, demo):
    token = token_for("rapportor", "read", "write")
    version = Assessment.objects.get(round=demo.round, item__code="N12").version
    # (A NUL is refused outright: tests/api/test_nul.py.)
    hostile = "<script>alert(1)</script>\x07\u202e'; DROP TABLE x; --"
    saved = api(
        "put",
        f"/v1/rounds/{ROUND}/assessments/N12",
        token,
        {
            "version": version,
            "values": [{"value": "3", "period_label": hostile}],
            "comment": hostile,
        },
    )
    assert saved.status_code == 200, saved.content
    assert saved["Content-Type"] == "application/json; charset=utf-8"
    comment = saved.json()["comment"]
    assert "\x07" not in comment and "\u202e" not in comment
    assert "<script>alert(1)</script>" in comment  # data, not markup: JSON is not HTML
    assert "\u202e" not in saved.json()["values"][0]["period_label"]


def test_a_locked_round_refuses_every_write_with_409(api, token_for, demo):
    controller = get_user_model().objects.get(username="controller")
    round_close(round=demo.round, user=controller)
    round_lock(round=demo.round, user=controller, reason="Fastställs med öppna rapporter")
    before = _versions(demo)
    token = token_for("rapportor", "read", "write")
    one = api(
        "put",
        f"/v1/rounds/{ROUND}/assessments/N11",
        token,
        {"version": before["N11"], "values": [{"value": "2"}]},
    )
    assert one.status_code == 409 and one.json()["code"] == "locked"
    assert "fastställt" in one.json()["detail"]
    bulk = api(
        "post", f"/v1/rounds/{ROUND}/values", token, {"values": [{"item": "N11", "value": "2"}]}
    )
    assert bulk.status_code == 409 and bulk.json()["code"] == "locked"
    assert _versions(demo) == before


def test_bulk_values_are_all_or_nothing_and_name_the_row_and_field(api, token_for, demo):
    token = token_for("rapportor", "write")
    before = _versions(demo)
    values_before = AssessmentValue.objects.count()
    refused = api(
        "post",
        f"/v1/rounds/{ROUND}/values",
        token,
        {
            "values": [
                {"item": "N11", "value": "50"},
                {"item": "N01", "value": "3"},
                {"item": "FINNS-INTE", "value": "1"},
                {"item": "N12", "value": "1", "missing_reason": "no_data"},
            ]
        },
    )
    assert refused.status_code == 403, refused.content
    problems = refused.json()["problems"]
    assert [(p["row"], p["field"]) for p in problems] == [
        (2, "item"),
        (3, "item"),
        (4, "values"),
    ]
    assert "Inget sparades" in refused.json()["detail"]
    assert _versions(demo) == before and AssessmentValue.objects.count() == values_before

    rows = {"values": [{"item": "N11", "value": "50"}, {"item": "N12", "value": "7.25"}]}
    saved = api("post", f"/v1/rounds/{ROUND}/values", token, rows)
    assert saved.status_code == 200 and saved.json() == {"saved": 2, "unchanged": 0}
    # The same feed again changes nothing: no new versions.
    assert api("post", f"/v1/rounds/{ROUND}/values", token, rows).json() == {
        "saved": 0,
        "unchanged": 2,
    }
    after = _versions(demo)
    assert after["N11"] == before["N11"] + 1 and after["N12"] == before["N12"] + 1


def test_an_oversized_body_is_413_and_too_many_rows_422(api, token_for, settings, demo):
    token = token_for("rapportor", "write")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    huge = {"values": [{"item": "N11", "value": "1", "comment": "x" * 20_000}]}
    answer = api("post", f"/v1/rounds/{ROUND}/values", token, huge)
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    many = {"values": [{"item": "N11", "value": "1"}] * 5001}
    answer = api("post", f"/v1/rounds/{ROUND}/values", token, many)
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["message"] == "för många (högst 5000)"


def test_a_revoked_token_stops_at_once_and_every_use_is_recorded(api, token_for, demo):
    raw = token_for("granskare")
    token = ApiToken.objects.get(name="test granskare")
    assert api("get", "/v1/plans", raw).status_code == 200
    assert api("get", "/v1/plans/finns-inte/items", raw).status_code == 404
    api_token_revoke(token=token, user=token.user)
    assert api("get", "/v1/plans", raw).status_code == 401
    uses = list(ApiTokenUse.objects.filter(token=token).order_by("at", "id"))
    assert [(u.method, u.path, u.status) for u in uses] == [
        ("GET", "/api/v1/plans", 200),
        ("GET", "/api/v1/plans/finns-inte/items", 404),
    ]
    assert [h.history_type for h in token.history.order_by("history_date")] == ["+", "~"]
    assert token.history.first().history_user.username == "granskare"
    token.refresh_from_db()
    assert token.token_hash != raw and raw not in token.token_hash and token.last_used_at


def test_the_economic_table_keeps_the_unit_rule(api, token_for):
    table = api("get", "/v1/economy/table?unit=RS&year=2026&month=4", token_for("controller"))
    assert table.status_code == 200, table.content
    row = table.json()["rows"][0]
    assert set(row) == {"code", "label", "kind", "outcome", "budget", "budget_diff", "outcome_prev"}
    assert "." in row["outcome"] or row["outcome"].lstrip("-").isdigit()
    assert (
        api(
            "get", "/v1/economy/table?unit=RS&year=2026&month=13", token_for("controller")
        ).status_code
        == 422
    )
    assert (
        api(
            "get", "/v1/economy/table?unit=RS&year=2026&month=4", token_for("rapportor")
        ).status_code
        == 403
    )
    assert (
        api(
            "get", "/v1/economy/table?unit=NOPE&year=2026&month=4", token_for("controller")
        ).status_code
        == 404
    )


def test_an_unknown_query_parameter_is_refused_not_ignored(api, token_for):
    answer = api("get", "/v1/organisation/cost-centres?enhet=RS", token_for("controller"))
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        {"row": None, "field": "enhet", "message": "okänd parameter"}
    ]
    assert api("get", "/v1/organisation/units?day=0", token_for("controller")).status_code == 422
    centres = api("get", "/v1/organisation/cost-centres?unit=RS-DIG", token_for("rapportor"))
    assert centres.status_code == 200 and "RS-DIG" in {c["unit"] for c in centres.json()}
    assert (
        api("get", "/v1/organisation/cost-centres?unit=RS-EKO", token_for("rapportor")).status_code
        == 403
    )


def test_a_token_needs_no_csrf_cookie_but_a_browser_session_is_not_a_token(token_for, demo, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    body = '{"values": [{"item": "N11", "value": "51"}]}'
    token = token_for("rapportor", "write")
    answer = strict.post(
        f"/api/v1/rounds/{ROUND}/values",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200, answer.content
    # Signed in to the web, without a token: the API does not take the session.
    strict.force_login(get_user_model().objects.get(username="rapportor"))
    answer = strict.post(f"/api/v1/rounds/{ROUND}/values", body, content_type="application/json")
    assert answer.status_code == 401


def test_a_token_over_its_rate_gets_429_with_retry_after_and_others_are_unaffected(
    api, token_for, settings
):
    settings.STYRA_API_RATE_PER_MINUTE = 3
    busy = token_for("controller", "read")
    other = token_for("rapportor", "read")
    for _ in range(3):
        assert api("get", "/v1/plans", busy).status_code == 200
    refused = api("get", "/v1/plans", busy)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json()["code"] == "rate_limited"
    assert "högst 3 per minut" in refused.json()["detail"]
    assert api("get", "/v1/plans", other).status_code == 200
    # A minute later the earlier requests no longer count (refused ones never did).
    from datetime import timedelta

    from styra.access.models import ApiTokenUse

    ApiTokenUse.objects.update(at=ApiTokenUse.objects.first().at - timedelta(minutes=2))
    assert api("get", "/v1/plans", busy).status_code == 200
