"""Load the demo region "Region Exempel" through the same importers a region uses.

`demo_load()` creates the demo administrator first and, acting as that user, imports
`data/org.yaml` and the plan files with the plan importer (the executive board's plans
of 2022 and 2026, the health board's plan of 2026; so through the services and their
permission checks), loads the reported data of rounds 2026-T1 (RS) and HSN-2026-T1
(HSN), creates the other demo users, and then runs the other apps' demo steps (the SIE
ledger, forecasts, savings measures, investments, statistics), all in one transaction.
It is idempotent: when the demo is already there it does nothing (pass `reset=True` to the
orchestrator `styra demo --reset` to wipe and reload).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from styra.planfile.services import plan_import
from styra.plans.models import Plan

from . import annual as annual_demo
from . import data_dir
from . import ledger as finance_demo
from . import planning as planning_demo
from . import registers as economy_demo
from . import stats as stats_demo
from .rounds import round_data_load
from .users import LOADING_USER, demo_admin, demo_users_create

DEMO_PLAN = "rs-2026"
PLAN_FILES = [
    "org.yaml",
    "rs-vp-2022.yaml",
    "rs-2026.yaml",
    "hsn-2026.yaml",
    "reg-2026.yaml",
    "bolag-stiftelser-2025.yaml",
]
ROUND_FILES = [
    "round-2026-T1.yaml",
    "round-HSN-2026-T1.yaml",
    "round-REG-2026-D.yaml",
    "round-REG-2025-B.yaml",
    "round-RS-2026-D.yaml",
    "round-HSN-2026-D.yaml",
    "round-FAB-2025-B.yaml",
    "round-STK-2025-B.yaml",
]


def demo_is_loaded() -> bool:
    return Plan.objects.filter(code=DEMO_PLAN).exists()


@transaction.atomic
def demo_load(*, stdout=None, ledger_dir: Path | None = None) -> bool:
    """Load the demo unless it is there; True when it was loaded now.

    `ledger_dir` is where the demo's SIE file is written (default: var/demo)."""
    out = stdout or sys.stdout
    if demo_is_loaded():
        out.write("Demoregionen finns redan – inget att läsa in.\n")
        return False
    admin = demo_admin()
    for name in PLAN_FILES:
        result = plan_import(path=data_dir() / name, user=admin)
        for plan in result.plans:
            out.write(f"Plan {plan.code}: {plan.items_created} poster.\n")
        if result.units:
            out.write(
                f"Organisation: {result.units} enheter, {result.cost_centres} kostnadsställen.\n"
            )
    for name in ROUND_FILES:
        rnd = round_data_load(path=data_dir() / name)
        out.write(f"Uppföljning {rnd.code}: {rnd.assessments.count()} bedömningar.\n")
    users = demo_users_create()
    out.write(f"Användare: {', '.join(users)}.\n")
    controller = get_user_model().objects.get(username=LOADING_USER)
    t1_path = finance_demo.load(stdout=out, directory=ledger_dir, user=controller)
    annual_demo.load(stdout=out, t1_path=t1_path, user=controller)
    economy_demo.load(stdout=out, user=controller)
    planning_demo.load(stdout=out)
    stats_demo.load(
        user=controller,
        directory=Path(ledger_dir or Path(settings.VAR_DIR) / "demo") / "statistik",
        stdout=out,
    )
    return True
