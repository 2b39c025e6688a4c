"""Semantic checks of a plan document, after the schema has passed.

The schema knows shapes; these checks know the plan: that codes resolve (levels,
units, scales, inherited items), that a kind may hang on its level, that levels nest
as items do, that codes are unique, that a round's state changes only as the transition
rules allow (`styra.followup.services.ROUND_TRANSITIONS`; a locked round not at all),
and that an update does not silently destroy what has been reported. Every problem
names its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from styra.followup.models import Assessment, Round, RoundKind, RoundState
from styra.followup.services import round_action_to
from styra.formats.problems import ImportProblem
from styra.org.models import Unit
from styra.plans.models import Plan, PlanItem, StatusLevel, StatusScale

from .source import Document, Path_


def walk_items(items: list[dict], path: Path_ = ("items",), parent: dict | None = None) -> Iterator:
    """(item, path, parent item) for every item, depth first, in file order."""
    for index, item in enumerate(items):
        here = (*path, index)
        yield item, here, parent
        yield from walk_items(item.get("children", []), (*here, "children"), item)


def _known_units(extra: set[str]) -> set[str]:
    return set(Unit.objects.values_list("code", flat=True)) | extra


def check_plan(doc: Document, *, extra_units: set[str] = frozenset()) -> list[ImportProblem]:
    data = doc.data
    problems: list[ImportProblem] = []

    def fail(path: Path_, message: str) -> None:
        problems.append(doc.problem(path, message))

    plan = data["plan"]
    units = _known_units(set(extra_units))
    if plan["unit"] not in units:
        fail(("plan", "unit"), _("okänd enhet %(code)s") % {"code": plan["unit"]})
    if plan.get("parent"):
        if plan["parent"] == plan["code"]:
            fail(("plan", "parent"), _("en plan kan inte vara sin egen överordnade plan"))
        elif not Plan.objects.filter(code=plan["parent"]).exists():
            fail(("plan", "parent"), _("okänd plan %(code)s") % {"code": plan["parent"]})
    if plan["period"]["start"] > plan["period"]["end"]:
        fail(("plan", "period"), _("perioden slutar innan den börjar"))
    _check_tolerance(plan.get("tolerance"), ("plan", "tolerance"), fail)

    levels = _check_levels(data["levels"], fail)
    _check_scales(data, fail)
    _check_items(data, levels, units, fail)
    _check_rounds(data, fail)
    _check_removals(data, fail)
    return problems


def _check_tolerance(tolerance, path, fail) -> None:
    if tolerance and tolerance["kind"] != "none" and tolerance.get("value") is None:
        fail((*path, "value"), _("toleransen saknar värde"))


def _check_levels(levels: list[dict], fail) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    for index, level in enumerate(levels):
        code = level["code"]
        if code in seen:
            fail(("levels", index, "code"), _("nivåkoden %(code)s finns redan") % {"code": code})
        parent = level.get("parent")
        if parent is not None and parent not in seen:
            fail(
                ("levels", index, "parent"),
                _("okänd nivå %(code)s (en överordnad nivå ska stå före sina undernivåer)")
                % {"code": parent},
            )
        seen[code] = level
    return seen


def _check_scales(data: dict, fail) -> None:
    in_file = set()
    for index, scale in enumerate(data.get("scales", [])):
        if scale["code"] in in_file:
            fail(("scales", index, "code"), _("skalkoden %(code)s finns redan") % scale)
        in_file.add(scale["code"])
        level_codes = set()
        for lindex, level in enumerate(scale["levels"]):
            if level["code"] in level_codes:
                fail(
                    ("scales", index, "levels", lindex, "code"),
                    _("nivåkoden %(code)s finns redan i skalan") % level,
                )
            level_codes.add(level["code"])
        existing = StatusScale.objects.filter(code=scale["code"]).first()
        if existing:
            removed = StatusLevel.objects.filter(scale=existing).exclude(code__in=level_codes)
            for level in removed:
                if _level_in_use(level):
                    fail(
                        ("scales", index, "levels"),
                        _("statusnivån %(code)s saknas i filen men används i bedömningar")
                        % {"code": level.code},
                    )
    known = in_file | set(StatusScale.objects.values_list("code", flat=True))
    for kind, code in data["plan"].get("scales", {}).items():
        if code not in known:
            fail(("plan", "scales", kind), _("okänd statusskala %(code)s") % {"code": code})
    for index, level in enumerate(data.get("levels", [])):
        if level.get("scale") and level["scale"] not in known:
            fail(
                ("levels", index, "scale"),
                _("okänd statusskala %(code)s") % {"code": level["scale"]},
            )
        rule = level.get("status", {})
        if rule.get("partly") is not None and rule.get("fulfilled") is not None:
            if rule["partly"] > rule["fulfilled"]:
                fail(
                    ("levels", index, "status", "partly"),
                    _("andelen för delvis uppfyllt får inte vara större än andelen för uppfyllt"),
                )


def _level_in_use(level: StatusLevel) -> bool:
    return (
        Assessment.objects.filter(status=level).exists()
        or Assessment.objects.filter(status_suggested=level).exists()
    )


def _check_items(data: dict, levels: dict[str, dict], units: set[str], fail) -> None:
    plan_code = data["plan"]["code"]
    codes: dict[str, Path_] = {}
    for item, path, parent in walk_items(data["items"]):
        code = item["code"]
        if code in codes:
            fail((*path, "code"), _("postkoden %(code)s finns redan i planen") % {"code": code})
        codes[code] = path
        level = levels.get(item["level"])
        if level is None:
            fail((*path, "level"), _("okänd nivå %(code)s") % {"code": item["level"]})
        else:
            if item["kind"] not in level["kinds"]:
                fail(
                    (*path, "kind"),
                    _("typen %(kind)s är inte tillåten på nivån %(level)s (tillåtna: %(kinds)s)")
                    % {
                        "kind": item["kind"],
                        "level": level["code"],
                        "kinds": ", ".join(level["kinds"]),
                    },
                )
            expected = level.get("parent")
            actual = parent["level"] if parent else None
            if expected != actual:
                fail(
                    (*path, "level"),
                    _("nivån %(level)s ska ligga under nivån %(expected)s, inte under %(actual)s")
                    % {
                        "level": level["code"],
                        "expected": expected or _("(toppnivå)"),
                        "actual": actual or _("(toppnivå)"),
                    },
                )
        if item.get("owner") and item["owner"] not in units:
            fail((*path, "owner"), _("okänd enhet %(code)s") % {"code": item["owner"]})
        for index, owner in enumerate(item.get("co_owners", [])):
            if owner not in units:
                fail((*path, "co_owners", index), _("okänd enhet %(code)s") % {"code": owner})
        if (
            item.get("start_date")
            and item.get("end_date")
            and item["start_date"] > item["end_date"]
        ):
            fail((*path, "end_date"), _("slutdatum ligger före startdatum"))
        if "indicator" in item and item["kind"] != "indicator":
            fail((*path, "indicator"), _("bara nyckeltal kan ha ett indicator-block"))
        for index, target in enumerate(item.get("targets", [])):
            _check_target(target, (*path, "targets", index), fail)
    for item, path, _parent in walk_items(data["items"]):
        reference = item.get("inherited_from")
        if not reference:
            continue
        other_plan, other_code = reference.split(":", 1)
        if other_plan == plan_code:
            found = other_code in codes and other_code != item["code"]
        else:
            found = PlanItem.objects.filter(plan__code=other_plan, code=other_code).exists()
        if not found:
            fail((*path, "inherited_from"), _("okänd post %(ref)s") % {"ref": reference})


def _check_target(target: dict, path: Path_, fail) -> None:
    needs_value = target["kind"] in ("threshold", "count", "relative_baseline")
    if needs_value and target.get("value") is None:
        fail(
            (*path, "value"), _("måltypen %(kind)s kräver ett målvärde") % {"kind": target["kind"]}
        )
    _check_tolerance(target.get("tolerance"), (*path, "tolerance"), fail)


def _check_rounds(data: dict, fail) -> None:
    plan_code = data["plan"]["code"]
    seen = set()
    for index, rnd in enumerate(data.get("rounds", [])):
        path = ("rounds", index)
        if rnd["code"] in seen:
            fail((*path, "code"), _("koden %(code)s finns redan") % rnd)
        seen.add(rnd["code"])
        if rnd["period"]["start"] > rnd["period"]["end"]:
            fail((*path, "period"), _("perioden slutar innan den börjar"))
        existing = Round.objects.filter(code=rnd["code"]).select_related("plan").first()
        current = existing.state if existing is not None else RoundState.PLANNED
        wanted = rnd.get("state", current)
        if (
            wanted != current
            and current != RoundState.LOCKED
            and not round_action_to(current, wanted)
        ):
            fail(
                (*path, "state"),
                _(
                    "uppföljningen %(code)s har status ”%(current)s” och kan inte få status "
                    "”%(wanted)s” (tillåtet: %(allowed)s)"
                )
                % {
                    "code": rnd["code"],
                    "current": RoundState(current).label,
                    "wanted": RoundState(wanted).label,
                    "allowed": ", ".join(
                        str(RoundState(state).label)
                        for state in RoundState.values
                        if state == current or round_action_to(current, state)
                    ),
                },
            )
        if existing is None:
            continue
        if existing.plan.code != plan_code:
            fail(
                (*path, "code"),
                _("uppföljningen %(code)s hör till planen %(plan)s")
                % {"code": rnd["code"], "plan": existing.plan.code},
            )
        elif existing.state == RoundState.LOCKED and round_fields(rnd, existing) != round_fields_of(
            existing
        ):
            fail(path, _("uppföljningen %(code)s är fastställd och kan inte ändras") % rnd)


def round_fields(rnd: dict, existing: Round | None = None) -> dict:
    """The round's fields as in the file; a state left out keeps the existing one."""
    deadlines = rnd.get("deadlines", {})
    default_state = existing.state if existing else RoundState.PLANNED
    return {
        "name": rnd["name"],
        "kind": rnd["kind"],
        "period_start": rnd["period"]["start"],
        "period_end": rnd["period"]["end"],
        "reporting_deadline": deadlines.get("reporting"),
        "review_deadline": deadlines.get("review"),
        "publication_date": deadlines.get("publication"),
        "state": rnd.get("state", default_state),
    }


def round_fields_of(rnd: Round) -> dict:
    def iso(day):
        return day.isoformat() if day else None

    return {
        "name": rnd.name,
        "kind": rnd.kind,
        "period_start": iso(rnd.period_start),
        "period_end": iso(rnd.period_end),
        "reporting_deadline": iso(rnd.reporting_deadline),
        "review_deadline": iso(rnd.review_deadline),
        "publication_date": iso(rnd.publication_date),
        "state": rnd.state,
    }


def _check_removals(data: dict, fail) -> None:
    """Items and rounds absent from the file are removed, unless something was reported."""
    plan = Plan.objects.filter(code=data["plan"]["code"]).first()
    if plan is None:
        return
    in_file = {item["code"] for item, _p, _parent in walk_items(data["items"])}
    reported = (
        Assessment.objects.filter(item__plan=plan)
        .exclude(item__code__in=in_file)
        .values_list("item__code", flat=True)
        .distinct()
    )
    for code in sorted(reported):
        fail(
            ("items",),
            _("posten %(code)s saknas i filen men har bedömningar och kan inte tas bort")
            % {"code": code},
        )
    round_codes = {rnd["code"] for rnd in data.get("rounds", [])}
    for rnd in plan.rounds.exclude(code__in=round_codes).exclude(kind=RoundKind.INSPEL):
        has_data = (
            rnd.assessments.exists() or rnd.section_texts.exists() or rnd.unit_reports.exists()
        )
        if has_data or rnd.state == RoundState.LOCKED:
            fail(
                ("rounds",),
                _("uppföljningen %(code)s saknas i filen men har rapporterade uppgifter")
                % {"code": rnd.code},
            )
