"""The planning pages over HTTP with a logged-in session: a unit's inspel, a plan's
frames and investment plan, an investment object's history — and the attacks: another
unit's input, a submitted inspel, hostile text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from styra.followup.models import SectionText, UnitReport
from styra.followup.services import round_open
from styra.orgadmin import services as org_services
from styra.planning import services
from styra.planning.models import InspelNeed, InvestmentRequest
from tests.builders import system_admin

MKR = Decimal(1_000_000)


@pytest.fixture
def site(builder, client):
    rs = builder.unit("RS", "Regionstyrelsen")
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    b = builder.unit("RS-B", "Avdelning B", parent=rs)
    org_services.cost_centre_create(
        code="100", name="A", unit=a, valid_from=date(2020, 1, 1), user=system_admin()
    )
    controller = builder.user("controller", (rs, "controller"))
    reporter = builder.user("reporter", (a, "reporter"))
    other = builder.user("other", (b, "reporter"))
    reviewer = builder.user("reviewer", (rs, "reviewer"))
    plan = builder.plan("vp-2026", rs, year=2026)
    inspel = services.inspel_round_create(
        plan=plan,
        code="inspel-2027",
        name="Inspel 2027–2029",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 5, 31),
        first_year=2027,
        last_year=2029,
        result_year=2025,
        user=controller,
    )
    round_open(round=inspel.round, user=controller)
    return {
        "rs": rs,
        "a": a,
        "b": b,
        "plan": plan,
        "controller": controller,
        "reporter": reporter,
        "other": other,
        "reviewer": reviewer,
        "client": client,
    }


UNIT_URL = "/planering/inspel/inspel-2027/RS-A/"


def test_a_reporter_writes_the_units_inspel_and_submits(site):
    client = site["client"]
    client.force_login(site["reporter"])
    page = client.get(UNIT_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Framtidsanalys och förändringar" in html  # a text section of the template
    assert "Styra har ingen helårsuppföljning för 2025" in html

    response = client.post(
        f"{UNIT_URL}texter/inspel-framtid/", {"body": "Fler e-tjänster.", "version": 0}
    )
    assert response.status_code == 302
    assert SectionText.objects.get(key="inspel-framtid").body == "Fler e-tjänster."

    response = client.post(
        f"{UNIT_URL}behov/",
        {"behov-title": "IT", "behov-description": "", "behov-amount_2027": "15,3"},
    )
    assert response.status_code == 302
    assert InspelNeed.objects.get().amounts.get().amount == Decimal("15.3") * MKR

    response = client.post(
        f"{UNIT_URL}askanden/",
        {
            "askande-name": "Lastbil",
            "askande-kind": "reinvestment",
            "askande-follow_on_risk": "ja",
            "askande-follow_on_risk_text": "Gods",
            "askande-amount_2027": "1 500",
        },
    )
    assert response.status_code == 302
    request = InvestmentRequest.objects.get()
    assert request.follow_on_risk is True and request.amounts.get().amount == Decimal(1_500_000)

    client.post(f"{UNIT_URL}steg/submit/")
    assert UnitReport.objects.get(unit=site["a"]).state == "submitted"
    # Submitted: the page shows no forms, and a crafted POST changes nothing.
    assert "Spara text" not in client.get(UNIT_URL).content.decode()
    client.post(f"{UNIT_URL}texter/inspel-framtid/", {"body": "Ändrat i smyg.", "version": 1})
    assert SectionText.objects.get(key="inspel-framtid").body == "Fler e-tjänster."


def test_the_reviewer_grants_a_request_and_returns_the_inspel(site):
    client = site["client"]
    services.investment_request_save(
        round=site["plan"].rounds.get(),
        unit=site["a"],
        object_code="lastbil",
        object_name="Lastbil",
        amounts={2027: Decimal(1_500_000)},
        user=site["reporter"],
    )
    client.force_login(site["reporter"])
    client.post(f"{UNIT_URL}steg/submit/")
    client.force_login(site["reviewer"])
    request = InvestmentRequest.objects.get()
    client.post(f"{UNIT_URL}askanden/{request.pk}/beslut/", {"decision": "granted"})
    request.refresh_from_db()
    assert request.status == "granted"
    client.post(f"{UNIT_URL}steg/return/", {"reason": "Komplettera framtidsanalysen."})
    report = UnitReport.objects.get(unit=site["a"])
    assert report.state == "returned" and report.returned_reason.startswith("Komplettera")
    object_page = client.get("/planering/investeringar/lastbil/")
    assert object_page.status_code == 200
    assert "Beviljad" in object_page.content.decode()


def test_another_units_reporter_cannot_write_or_decide(site):
    client = site["client"]
    client.force_login(site["other"])
    assert client.get(UNIT_URL).status_code == 403
    response = client.post(f"{UNIT_URL}texter/inspel-framtid/", {"body": "x", "version": 0})
    assert response.status_code == 403
    assert client.post(f"{UNIT_URL}behov/", {"behov-title": "x"}).status_code == 403
    assert not InspelNeed.objects.exists() and not SectionText.objects.exists()


def test_an_unknown_text_key_is_refused(site):
    client = site["client"]
    client.force_login(site["reporter"])
    response = client.post(f"{UNIT_URL}texter/sammanfattning/", {"body": "x", "version": 0})
    assert response.status_code == 403


def test_hostile_text_is_escaped(site):
    client = site["client"]
    client.force_login(site["reporter"])
    client.post(
        f"{UNIT_URL}behov/",
        {"behov-title": "<script>alert(1)</script>", "behov-description": "<img src=x>"},
    )
    html = client.get(UNIT_URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_plan_page_shows_frames_and_lets_a_controller_adopt(site):
    client = site["client"]
    plan, controller = site["plan"], site["controller"]
    services.budget_line_type_save(
        plan=plan, code="personal", label="Personalkostnader", account="5000", user=controller
    )
    budget = services.budget_save(plan=plan, total_label="Total nettobudget", user=controller)
    group = services.frame_group_save(
        budget=budget, code="tjm", label="Tjänstemannabudget", user=controller
    )
    services.frame_save(
        budget=budget,
        group=group,
        unit=site["a"],
        label="Avdelning A",
        opening_net=-10 * MKR,
        lines={"personal": Decimal("-10.55") * MKR},
        user=controller,
    )
    client.force_login(site["reporter"])
    assert client.get("/planering/planer/vp-2026/").status_code == 403
    client.force_login(controller)
    html = client.get("/planering/planer/vp-2026/").content.decode()
    assert "−10,6" in html  # one decimal, rounded once
    assert "Fördelningen för Avdelning A" in html  # the plan check: 10,55 ≠ 10,0
    client.post("/planering/planer/vp-2026/faststall-budget/")
    budget.refresh_from_db()
    assert budget.state == "draft"  # the check's error stopped the adoption
