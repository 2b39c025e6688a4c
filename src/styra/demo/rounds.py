"""Reported data of a round from a YAML file (`format: styra-round/1`).

Used for the demo region: in a running region reported data comes in through the
reporting screens and their services. The file, in short::

    format: styra-round/1
    round: 2026-T1                  # the round's code (defined in its plan file)
    unit_reports:                   # the state of each unit's report
      - {unit: RS, state: draft}
    section_texts:                  # texts per unit; keys as the follow-up screens use them:
      - unit: RS                    # sammanfattning, handelser, personal, omrade-<area code,
        key: sammanfattning         # lower case>, ekonomi-fg-ar, ekonomi-budget, prognos, investeringar
        title: Sammanfattning
        body: |
          …
    assessments:
      - item: N12                   # item code in the round's plan
        value: 45.12                # the total; leave out when missing …
        missing_reason: year_end    # … and say why (no_data, not_published, year_end, other)
        period: {label: jan–apr 2026, start: 2026-01-01, end: 2026-04-30}
        comparison: 8.8             # the comparison series' value (relative_comparison targets)
        breakdown:                  # cells of the breakdown, in print order
          - {dimension: subunit, member: Birka, value: 49}
        completed: true             # completion targets
        status: pagaende            # a scale level code; for items with a target only to
                                    # override the automatic status (then `comment` is required)
        comment: …

Indicator statuses are computed with `plans.selectors.automatic_status` (the plan's
tolerance, mapped onto its scale); the file's `status` overrides it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from styra.followup.models import Assessment, AssessmentValue, Round, SectionText, UnitReport
from styra.formats.problems import ImportFailed
from styra.org.models import Unit
from styra.planfile.source import read_documents, read_file
from styra.plans.selectors import automatic_status, plan_items, plan_scales


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@transaction.atomic
def round_data_load(*, path: Path | str) -> Round:
    text, filename = read_file(path)
    (doc,) = read_documents(text=text, filename=filename)
    data = doc.data
    if data.get("format") != "styra-round/1":
        raise ImportFailed([doc.problem(("format",), _("ska vara styra-round/1"))])
    rnd = Round.objects.select_related("plan").get(code=data["round"])
    units = {u.code: u for u in Unit.objects.all()}
    items = {item.code: item for item in plan_items(rnd.plan)}
    scales = plan_scales(rnd.plan)

    for entry in data.get("unit_reports", []):
        UnitReport.objects.update_or_create(
            round=rnd, unit=units[entry["unit"]], defaults={"state": entry["state"]}
        )
    for entry in data.get("section_texts", []):
        SectionText.objects.update_or_create(
            round=rnd,
            unit=units[entry["unit"]],
            key=entry["key"],
            defaults={"title": entry["title"], "body": entry.get("body", "")},
        )
    for index, entry in enumerate(data.get("assessments", [])):
        path_ = ("assessments", index)
        item = items.get(entry["item"])
        if item is None:
            raise ImportFailed(
                [doc.problem((*path_, "item"), _("okänd post %(code)s") % {"code": entry["item"]})]
            )
        _load_assessment(rnd, item, entry, scales, doc, path_)
    return rnd


def _load_assessment(rnd, item, entry, scales, doc, path) -> Assessment:
    value = entry.get("value")
    comparison = entry.get("comparison")
    completed = entry.get("completed")
    _result, suggested = automatic_status(
        item=item,
        plan=rnd.plan,
        value=value,
        comparison_value=comparison,
        completed=completed,
        scales=scales,
    )
    status = suggested
    overridden = False
    if "status" in entry:
        status = next((lv for lv in scales.for_item(item) if lv.code == entry["status"]), None)
        if status is None:
            raise ImportFailed(
                [doc.problem((*path, "status"), _("okänd statusnivå %(code)s") % entry)]
            )
        overridden = suggested is not None and status != suggested
        if overridden and not entry.get("comment"):
            raise ImportFailed(
                [doc.problem((*path, "comment"), _("en ändrad status kräver en kommentar"))]
            )
    assessment, _created = Assessment.objects.update_or_create(
        round=rnd,
        item=item,
        defaults={
            "status": status,
            "status_suggested": suggested,
            "status_overridden": overridden,
            "completed": completed,
            "comment": entry.get("comment", ""),
        },
    )
    assessment.values.all().delete()
    period = entry.get("period", {})
    cells = [
        {
            "value": value,
            "comparison": comparison,
            "missing_reason": entry.get("missing_reason", ""),
        }
    ]
    cells += entry.get("breakdown", [])
    for order, cell in enumerate(cells):
        if order and cell.get("value") is None and not cell.get("missing_reason"):
            continue
        if order == 0 and value is None and not cell["missing_reason"] and comparison is None:
            continue
        AssessmentValue.objects.create(
            assessment=assessment,
            dimension=cell.get("dimension", ""),
            member=cell.get("member", ""),
            value=Decimal(cell["value"]) if cell.get("value") is not None else None,
            missing_reason=cell.get("missing_reason", ""),
            comparison_value=cell.get("comparison"),
            period_label=period.get("label", ""),
            period_start=_day(period.get("start")),
            period_end=_day(period.get("end")),
            order=order,
        )
    return assessment
