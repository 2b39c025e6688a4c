"""The consolidated report's texts through the API, with real tokens on the demo region:
GET the overview of REG-2026-D for REG, POST one section from the boards' texts."""

from __future__ import annotations

import pytest

from styra.access.models import Role
from styra.followup.models import ReportState, Round, RoundState, SectionText, UnitReport
from styra.org.models import Unit
from tests.builders import Builder

OVERVIEW = "/v1/reports/REG-2026-D/REG/consolidation"


def section_url(key: str) -> str:
    return f"{OVERVIEW}/{key}"


def stored(key: str) -> SectionText | None:
    return SectionText.objects.filter(round__code="REG-2026-D", unit__code="REG", key=key).first()


def test_overview_shows_every_units_text_beside_each_section(api, token_for):
    answer = api("get", OVERVIEW, token_for("controller", "read"))
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert (data["round"], data["unit"], data["editable"]) == ("REG-2026-D", "REG", True)
    assert [(s["unit"], s["round"]) for s in data["sources"]] == [
        ("RS", "RS-2026-D"), ("HSN", "HSN-2026-D"), ("RUN", "REG-2026-D"),
    ]  # fmt: skip
    assert data["sources"][0]["state"] == ReportState.SUBMITTED
    handelser = next(s for s in data["sections"] if s["key"] == "handelser")
    assert [t["unit"] for t in handelser["texts"]] == ["RS", "HSN"]
    assert "I juni beslutade" in handelser["texts"][0]["body"]
    summary = next(s for s in data["sections"] if s["key"] == "sammanfattning")
    assert summary["version"] >= 1 and "Delårsrapporten omfattar" in summary["body"]


def test_post_merges_the_units_texts_in_the_given_order(api, token_for):
    token = token_for("controller", "read", "write")
    answer = api("post", section_url("handelser"), token, {"units": ["HSN", "RS"], "version": 0})
    assert answer.status_code == 200, answer.content
    saved = answer.json()
    assert saved["version"] == 1 and saved["updated_by"] == "controller"
    assert saved["body"].startswith("Hälso- och sjukvårdsnämnden: ")
    assert "\n\nRegionstyrelsen: " in saved["body"]
    text = stored("handelser")
    assert text.body == saved["body"]
    assert text.history.first().history_user.username == "controller"
    # The same version again is a conflict; nothing is written.
    again = api("post", section_url("handelser"), token, {"body": "Ny", "version": 0})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "nu version 1" in again.json()["detail"]
    assert stored("handelser").body == saved["body"]


def test_hostile_text_is_stored_as_text(api, token_for):
    token = token_for("controller", "write", "read")
    hostile = "<script>alert(1)</script> & \"'; DROP TABLE styra; --"
    answer = api("post", section_url("personal"), token, {"body": hostile})
    assert answer.status_code == 200, answer.content
    assert stored("personal").body == hostile
    shown = api("get", OVERVIEW, token).json()
    assert next(s for s in shown["sections"] if s["key"] == "personal")["body"] == hostile


def test_a_reporter_is_refused_and_nothing_changes(api, token_for, demo):
    before = stored("sammanfattning")
    # The demo's reporter (RS-DIG) does not even see the region's round.
    token = token_for("rapportor", "read", "write")
    assert api("get", OVERVIEW, token).status_code == 404
    assert api("post", section_url("sammanfattning"), token, {"units": ["RS"]}).status_code == 404
    # A reporter for the whole region sees it, but may not consolidate.
    Builder().user("regrapp", (Unit.objects.get(code="REG"), Role.REPORTER))
    token = token_for("regrapp", "read", "write")
    assert api("get", OVERVIEW, token).status_code == 403
    refused = api("post", section_url("sammanfattning"), token, {"units": ["RS"]})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Bara controller för enheten får sammanställa rapportens texter."
    )
    assert stored("sammanfattning").version == before.version


def test_another_units_controller_and_another_organisations_round_are_refused(api, token_for, demo):
    b = Builder()
    b.user("hsnctl", (Unit.objects.get(code="HSN"), Role.CONTROLLER))
    hsn = token_for("hsnctl", "read", "write")
    # HSN's controller does not see the region's round (404, as for any unknown code).
    refused = api("post", section_url("handelser"), hsn, {"units": ["HSN"]})
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    # In HSN's own round, which HSN's controller sees, the region's report is not theirs.
    own = api("post", "/v1/reports/HSN-2026-D/REG/consolidation/handelser", hsn, {"body": "x"})
    assert own.status_code == 403 and own.json()["code"] == "forbidden"
    assert stored("handelser") is None
    assert not SectionText.objects.filter(unit__code="REG", body="x").exists()
    other = b.unit("KOMMUN", "Annan kommun")
    b.round(b.plan("kommun-2026", other), "KOMMUN-2026-D")
    controller = token_for("controller", "read", "write")
    url = "/v1/reports/KOMMUN-2026-D/KOMMUN/consolidation"
    assert api("get", url, controller).status_code == 404  # not even its existence
    posted = api("post", f"{url}/sammanfattning", controller, {"units": ["RS"]})
    assert posted.status_code == 404 and posted.json()["code"] == "not_found"
    assert not SectionText.objects.filter(unit=other).exists()


def test_a_locked_round_is_refused_with_the_swedish_message(api, token_for):
    round_ = Round.objects.get(code="REG-2026-D")
    round_.state = RoundState.LOCKED
    round_.save()
    token = token_for("controller", "read", "write")
    assert api("get", OVERVIEW, token).json()["editable"] is False
    refused = api("post", section_url("handelser"), token, {"units": ["RS"]})
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Uppföljningstillfället REG-2026-D är fastställt och kan inte ändras.",
        "code": "locked",
        "problems": [],
    }
    assert stored("handelser") is None


def test_a_submitted_report_is_refused(api, token_for):
    UnitReport.objects.filter(round__code="REG-2026-D", unit__code="REG").update(
        state=ReportState.SUBMITTED
    )
    refused = api("post", section_url("handelser"), token_for("controller", "write"),
                  {"units": ["RS"]})  # fmt: skip
    assert refused.status_code == 409 and refused.json()["code"] == "report_state"


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"units": ["RUN"]}, "units", "RUN har ingen text i avsnittet handelser"),
        ({"units": ["RS", "RS"]}, "units", "RS är angiven mer än en gång."),
        ({}, "", "Ange antingen vilka enheters texter"),
        ({"units": ["RS"], "body": "x"}, "", "Ange antingen vilka enheters texter"),
    ],
)
def test_bad_choices_are_refused_by_field(api, token_for, body, field, message):
    refused = api("post", section_url("handelser"), token_for("controller", "write"), body)
    assert refused.status_code == 422, refused.content
    problem = refused.json()["problems"][0]
    assert problem["field"] == field and problem["message"].startswith(message)
    assert stored("handelser") is None


def test_unknown_section_unit_and_scope(api, token_for):
    token = token_for("controller", "read", "write")
    missing = api("post", section_url("finns-inte"), token, {"units": ["RS"]})
    assert missing.status_code == 404
    assert "har inget textavsnitt finns-inte" in missing.json()["detail"]
    assert api("get", "/v1/reports/REG-2026-D/NOPE/consolidation", token).status_code == 404
    read_only = api("post", section_url("handelser"), token_for("controller", "read"),
                    {"units": ["RS"]})  # fmt: skip
    assert read_only.status_code == 403 and read_only.json()["code"] == "scope"
    assert api("get", OVERVIEW).status_code == 401
