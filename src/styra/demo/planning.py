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

PLANNING_FILE = "rs-vp-2022-planering.yaml"
ACTING_USER = "controller"


def load(*, stdout=None) -> None:
    stdout = stdout or sys.stdout
    from .loader import data_dir

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
