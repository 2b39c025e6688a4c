"""Demo step: the planning data of the 2022 plan, through the planning-file import.

Budget frames and frame changes (adopted, so they feed the ledger's 2022 budget),
the investment plan with its 27 objects (decided, so they become the 2022 investments
of the registers), the investment requests of the inspel 2021–2023 linked to the same
objects, the follow-up plan, the meeting calendar and a generated internal-control plan.
Called by the demo loader after the users, the ledger and the registers exist; the
controller of the demo region imports it.
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model

from styra.planfile.services import plan_import

from . import data_dir

PLANNING_FILE = "rs-vp-2022-planering.yaml"
ACTING_USER = "controller"


def load(*, stdout=None) -> None:
    stdout = stdout or sys.stdout
    user = get_user_model().objects.get(username=ACTING_USER)
    result = plan_import(path=data_dir() / PLANNING_FILE, user=user)
    for summary in result.planning:
        stdout.write(
            f"Planering {summary.plan}: {summary.frames} ramar, {summary.changes} "
            f"ramförändringar, {summary.decisions} planerade investeringar, "
            f"{summary.requests} äskanden, {summary.meetings} sammanträden, "
            f"{summary.risks} risker i internkontrollplanen.\n"
        )
        for warning in summary.warnings:
            stdout.write(f"Varning: {warning}\n")
    load_inspel(stdout=stdout)


# The demo's open inspel: spring 2026 for the plan period 2027–2029. Last year's result
# is drawn from 2025, this year's forecast from the T1 2026 round. Digitalisering och
# service (the demo reporter's department) has started its input; the texts, the need
# and the requests below are demo data written for Region Exempel.
INSPEL_CODE = "inspel-2027-2029"
DEMO_TEXTS = {
    "inspel-inledning": (
        "Digitalisering och service lämnar här sitt inspel inför planperioden 2027–2029. "
        "Underlaget bygger på avdelningens verksamhetsplan och prognosen efter första "
        "tertialet (demodata)."
    ),
    "inspel-framtid": (
        "Efterfrågan på digitala tjänster fortsätter att öka. Under perioden behöver "
        "infrastrukturen för lagring och nätverk förnyas och fler tjänster flyttas till "
        "gemensamma plattformar (demodata)."
    ),
}


def load_inspel(*, stdout=None) -> None:
    from datetime import date
    from decimal import Decimal

    from styra.followup.models import Round
    from styra.followup.services import round_open, section_text_save
    from styra.org.models import Unit
    from styra.planning import services
    from styra.planning.models import InvestmentRequest
    from styra.plans.models import Plan

    stdout = stdout or sys.stdout
    users = get_user_model().objects
    controller = users.get(username=ACTING_USER)
    reporter = users.get(username="rapportor")
    inspel = services.inspel_round_create(
        plan=Plan.objects.get(code="rs-2026"),
        code=INSPEL_CODE,
        name="Inspel 2027–2029",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 5, 31),
        first_year=2027,
        last_year=2029,
        result_year=2025,
        forecast_round=Round.objects.get(code="2026-T1"),
        reporting_deadline=date(2026, 5, 15),
        review_deadline=date(2026, 5, 27),
        user=controller,
    )
    round_ = round_open(round=inspel.round, user=controller)
    dig = Unit.objects.get(code="RS-DIG")
    for key, body in DEMO_TEXTS.items():
        section_text_save(round=round_, unit=dig, key=key, title="", body=body, user=reporter)
    tkr = Decimal(1000)
    services.inspel_need_save(
        round=round_,
        unit=dig,
        title="Förvaltning av e-arkivet",
        description="Drift och förvaltning när e-arkivet tas i full drift (demodata).",
        amounts={2027: Decimal("2.5") * 1000 * tkr, 2028: Decimal("2.5") * 1000 * tkr},
        user=reporter,
    )
    services.investment_request_save(
        round=round_,
        unit=dig,
        object_code="lagring-2027",
        object_name="Utökad lagringskapacitet i serverhallen",
        kind="new",
        amounts={2027: 4200 * tkr, 2028: 1800 * tkr},
        running_cost_effect="Högre licens- och underhållskostnad, cirka 300 tkr per år.",
        follow_on_risk=False,
        consequence="Lagringen tar slut för vårdens bildarkiv.",
        user=reporter,
    )
    truck = InvestmentRequest.objects.get(object__code="truck-inre-service", first_year=2021)
    services.investment_request_renew(
        previous=truck,
        round=round_,
        unit=Unit.objects.get(code="RS-RSV"),
        amounts={2027: 210 * tkr},
        user=reporter,
    )
    stdout.write(f"Inspel {round_.code}: öppet för planperioden 2027–2029.\n")
