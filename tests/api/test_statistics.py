"""Statistics values through the API: the file import's checks, all or nothing."""

from __future__ import annotations

from styra.stats.models import StatImport, StatValue


def _row(**fields):
    return {
        "series": "anstallda",
        "unit": "RS-HR",
        "period": "2026-03-31",
        "period_kind": "tidpunkt",
        "breakdown": {"kon": "kvinnor"},
        "value": "123",
        **fields,
    }


def test_a_controller_stores_values_and_a_dry_run_stores_nothing(api, token_for):
    token = token_for("controller", "write")
    before = StatValue.objects.count()
    checked = api("post", "/v1/statistics/values", token, {"values": [_row()], "dry_run": True})
    assert checked.status_code == 200, checked.content
    assert checked.json()["dry_run"] is True and checked.json()["import_id"] is None
    assert StatValue.objects.count() == before
    saved = api(
        "post",
        "/v1/statistics/values",
        token,
        {"values": [_row(), _row(value="7.5", breakdown={"kon": "män"})]},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["values"] == 2
    record = StatImport.objects.get(pk=saved.json()["import_id"])
    assert record.source == "api" and record.imported_by.username == "controller"
    assert record.file_name == "API, nyckel test controller"


def test_problems_name_the_row_and_field_and_nothing_is_written(api, token_for):
    token = token_for("controller", "write")
    before = StatValue.objects.count()
    answer = api(
        "post",
        "/v1/statistics/values",
        token,
        {
            "values": [
                _row(),
                _row(series="finns-inte"),
                _row(unit="NOPE"),
                _row(breakdown={"kon": "okänt kön"}),
                _row(period="mars"),
            ]
        },
    )
    assert answer.status_code == 422, answer.content
    where = [(p["row"], p["field"]) for p in answer.json()["problems"]]
    assert where == [(2, "series"), (3, "unit"), (4, "breakdown.kon"), (5, "period")]
    assert "okänd serie ”finns-inte”" in answer.json()["problems"][0]["message"]
    assert StatValue.objects.count() == before
    typo = api(
        "post", "/v1/statistics/values", token, {"values": [_row(breakdown={"kön": "kvinnor"})]}
    )
    assert typo.status_code == 422
    assert typo.json()["problems"][0]["field"] == "breakdown.kön"


def test_a_reporter_may_not_change_statistics_and_a_read_token_may_not_write(api, token_for):
    before = StatValue.objects.count()
    refused = api(
        "post", "/v1/statistics/values", token_for("rapportor", "write"), {"values": [_row()]}
    )
    assert refused.status_code == 403
    assert "Du får inte läsa in statistik för RS-HR" in refused.json()["detail"]
    read_only = api(
        "post", "/v1/statistics/values", token_for("controller", "read"), {"values": [_row()]}
    )
    assert read_only.status_code == 403 and read_only.json()["code"] == "scope"
    assert StatValue.objects.count() == before
