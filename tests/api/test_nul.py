"""A NUL character anywhere in a request is refused, on every database (PostgreSQL
cannot even compare with it)."""

from __future__ import annotations

ROUND = "2026-T1"


def test_nul_in_the_path_the_query_or_the_body_is_refused_never_a_server_error(api, token_for):
    token = token_for("controller", "read", "write")
    assert api("get", "/v1/plans/a%00b/items", token).json()["code"] == "not_found"
    query = api("get", "/v1/organisation/cost-centres?unit=R%00S", token)
    assert query.status_code == 422 and query.json()["problems"][0]["field"] == "unit"
    bulk = api(
        "post", f"/v1/rounds/{ROUND}/values", token, {"values": [{"item": "N\x0011", "value": "1"}]}
    )
    assert bulk.status_code == 422
    assert bulk.json()["problems"] == [
        {"row": None, "field": "values[0].item", "message": "otillåtet tecken (NUL)"}
    ]
    stats = api(
        "post",
        "/v1/statistics/values",
        token,
        {
            "values": [
                {"series": "a", "unit": "RS", "period": "2026-01", "breakdown": {"k\x00": "x"}}
            ]
        },
    )
    assert stats.status_code == 422
