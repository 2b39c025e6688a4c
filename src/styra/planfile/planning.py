"""Import a planning document (`format: styra-planning/1`) through the planning services.

The document holds a plan's planning data (docs/planning.md): texts, budget frames and
their changes, the investment plan and earlier investment requests, the follow-up plan,
the meeting calendar and the internal-control plan. Every write goes through the
planning services with the acting user, so the file import checks the same permissions
and states as the web; a refusal becomes a problem naming the file's line and field.
Amounts are given in the section's `scale` (kr, tkr or mkr) and stored in kronor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from styra.formats.amounts import AmountError, to_kronor
from styra.formats.problems import ImportProblem
from styra.org.models import CostCentre, Unit
from styra.planning import services
from styra.planning.models import (
    Budget,
    BudgetFrame,
    Control,
    FrameChange,
    InvestmentDecision,
    InvestmentPlan,
    InvestmentRequest,
    Meeting,
    RequestStatus,
)
from styra.plans.models import Plan

from .source import Document, Path_, import_failed


@dataclass
class PlanningImportSummary:
    plan: str
    texts: int = 0
    frames: int = 0
    changes: int = 0
    decisions: int = 0
    requests: int = 0
    meetings: int = 0
    risks: int = 0
    warnings: list[str] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, problem: ImportProblem):
        self.problem = problem


def _message(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, PermissionDenied):
        return str(exc) or _("Du saknar behörighet för detta.")
    return " ".join(exc.messages)


class _Writer:
    def __init__(self, doc: Document, user):
        self.doc = doc
        self.user = user
        self.units = {u.code: u for u in Unit.objects.all()}

    def call(self, path: Path_, function, **kwargs):
        """Call a service; its refusal becomes a problem at `path`."""
        try:
            return function(user=self.user, **kwargs)
        except (ValidationError, PermissionDenied) as exc:
            raise _Refused(self.doc.problem(path, _message(exc))) from exc

    def unit(self, path: Path_, code: str | None) -> Unit | None:
        if code is None:
            return None
        if code not in self.units:
            raise _Refused(self.doc.problem(path, _("okänd enhet %(code)s") % {"code": code}))
        return self.units[code]

    def required_unit(self, path: Path_, code: str) -> Unit:
        unit = self.unit(path, code)
        assert unit is not None
        return unit

    def kronor(self, path: Path_, value, scale: str) -> Decimal | None:
        if value is None:
            return None
        try:
            return to_kronor(value, scale)
        except AmountError as exc:
            raise _Refused(self.doc.problem(path, str(exc))) from exc


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def write_planning(doc: Document, *, user) -> PlanningImportSummary:
    """Write one planning document; raise `ImportFailed` on the first refusal."""
    data = doc.data
    assert isinstance(data, dict)  # the schema has checked the document's shape
    plan = Plan.objects.filter(code=data["plan"]).first()
    if plan is None:
        raise import_failed(
            [doc.problem(("plan",), _("okänd plan %(code)s") % {"code": data["plan"]})]
        )
    writer = _Writer(doc, user)
    summary = PlanningImportSummary(plan=plan.code)
    try:
        _texts(writer, plan, data, summary)
        _line_types(writer, plan, data)
        if "budget" in data:
            _budget(writer, plan, data["budget"], summary)
        for index, batch in enumerate(data.get("investment_requests", [])):
            _requests(writer, batch, ("investment_requests", index), summary)
        if "investment_plan" in data:
            _investment_plan(writer, plan, data["investment_plan"], summary)
        if "follow_up_areas" in data:
            writer.call(
                ("follow_up_areas",),
                services.follow_up_areas_set,
                plan=plan,
                titles=data["follow_up_areas"],
            )
        if "meetings" in data:
            _meetings(writer, plan, data["meetings"], summary)
        if "internal_control" in data:
            _internal_control(writer, plan, data["internal_control"], summary)
    except _Refused as refused:
        raise import_failed([refused.problem]) from None
    return summary


def _texts(writer: _Writer, plan: Plan, data: dict, summary: PlanningImportSummary) -> None:
    for index, text in enumerate(data.get("texts", [])):
        writer.call(
            ("texts", index),
            services.plan_text_save,
            plan=plan,
            key=text["key"],
            title=text["title"],
            body=text.get("body", ""),
        )
        summary.texts += 1


def _line_types(writer: _Writer, plan: Plan, data: dict) -> None:
    for index, spec in enumerate(data.get("line_types", [])):
        writer.call(
            ("line_types", index),
            services.budget_line_type_save,
            plan=plan,
            code=spec["code"],
            label=spec["label"],
            section=spec.get("section", "operations"),
            pharmaceuticals=spec.get("pharmaceuticals", False),
            account=spec.get("account", ""),
            order=index,
        )


def _budget(writer: _Writer, plan: Plan, spec: dict, summary: PlanningImportSummary) -> None:
    path: Path_ = ("budget",)
    scale = spec.get("scale", "kr")
    budget = writer.call(
        path,
        services.budget_save,
        plan=plan,
        year=spec.get("year"),
        title=spec.get("title", ""),
        total_label=spec.get("total_label", ""),
        stated_total=writer.kronor((*path, "stated_total"), spec.get("stated_total"), scale),
        decision=spec.get("decision", ""),
    )
    kept_units: set[int] = set()
    for g_index, group_spec in enumerate(spec["groups"]):
        g_path = (*path, "groups", g_index)
        group = writer.call(
            g_path,
            services.frame_group_save,
            budget=budget,
            code=group_spec["code"],
            label=group_spec["label"],
            sum_label=group_spec.get("sum_label", ""),
            section=group_spec.get("section", "operations"),
            show_frames=group_spec.get("show_frames", True),
            order=g_index,
        )
        for f_index, frame_spec in enumerate(group_spec["frames"]):
            f_path = (*g_path, "frames", f_index)
            unit = writer.required_unit((*f_path, "unit"), frame_spec["unit"])
            cost_centre = None
            if frame_spec.get("cost_centre"):
                cost_centre = CostCentre.objects.filter(code=frame_spec["cost_centre"]).first()
                if cost_centre is None:
                    raise _Refused(
                        writer.doc.problem(
                            (*f_path, "cost_centre"),
                            _("okänt kostnadsställe %(code)s")
                            % {"code": frame_spec["cost_centre"]},
                        )
                    )
            lines = {
                code: writer.kronor((*f_path, "lines", code), value, scale)
                for code, value in frame_spec["lines"].items()
            }
            writer.call(
                f_path,
                services.frame_save,
                budget=budget,
                group=group,
                unit=unit,
                lines=lines,
                label=frame_spec.get("label", ""),
                opening_net=writer.kronor(
                    (*f_path, "opening_net"), frame_spec.get("opening_net"), scale
                ),
                opening_pharmaceuticals=writer.kronor(
                    (*f_path, "opening_pharmaceuticals"),
                    frame_spec.get("opening_pharmaceuticals", 0),
                    scale,
                ),
                cost_centre=cost_centre,
                order=f_index,
            )
            kept_units.add(unit.pk)
            summary.frames += 1
    kept_changes = {c["code"] for c in spec.get("changes", [])}
    for change in FrameChange.objects.filter(budget=budget).exclude(code__in=kept_changes):
        writer.call(path, services.frame_change_delete, change=change)
    for frame in BudgetFrame.objects.filter(budget=budget).exclude(unit_id__in=kept_units):
        writer.call(path, services.frame_delete, frame=frame)
    for c_index, change in enumerate(spec.get("changes", [])):
        c_path = (*path, "changes", c_index)
        writer.call(
            c_path,
            services.frame_change_save,
            budget=budget,
            code=change["code"],
            kind=change["kind"],
            text=change["text"],
            unit=writer.unit((*c_path, "unit"), change.get("unit")),
            from_unit=writer.unit((*c_path, "from_unit"), change.get("from_unit")),
            counterpart=change.get("counterpart", ""),
            amount=writer.kronor((*c_path, "amount"), change.get("amount"), scale),
            rate=Decimal(change["rate"]) if change.get("rate") is not None else None,
            case_number=change.get("case_number", ""),
            decision=change.get("decision", ""),
            decided_on=_day(change.get("decided_on")),
            order=c_index,
        )
        summary.changes += 1
    if spec.get("adopt"):
        budget = Budget.objects.get(pk=budget.pk)
        feed = writer.call((*path, "adopt"), services.budget_adopt, budget=budget)
        summary.warnings.extend(feed.warnings)


def _requests(writer: _Writer, batch: dict, path: Path_, summary: PlanningImportSummary) -> None:
    scale = batch.get("scale", "kr")
    for index, spec in enumerate(batch["requests"]):
        r_path = (*path, "requests", index)
        status = spec.get("status", RequestStatus.REQUESTED)
        existing = InvestmentRequest.objects.filter(
            object__code=spec["object"], first_year=batch["first_year"]
        ).first()
        if existing is not None and existing.status != RequestStatus.REQUESTED:
            if existing.status != status:
                raise _Refused(
                    writer.doc.problem(
                        (*r_path, "status"),
                        _("äskandet är redan beslutat som ”%(status)s”")
                        % {"status": existing.get_status_display()},
                    )
                )
            continue
        amounts = {
            int(year): writer.kronor((*r_path, "amounts", year), value, scale)
            for year, value in spec.get("amounts", {}).items()
        }
        request = writer.call(
            r_path,
            services.investment_request_save,
            unit=writer.unit((*r_path, "unit"), spec["unit"]),
            object_code=spec["object"],
            object_name=spec.get("name", ""),
            kind=spec.get("kind", ""),
            amounts=amounts,
            source=batch["source"],
            title=spec.get("title", ""),
            first_year=batch["first_year"],
            last_year=batch["last_year"],
            running_cost_effect=spec.get("running_cost_effect", ""),
            follow_on_risk=spec.get("follow_on_risk"),
            follow_on_risk_text=spec.get("follow_on_risk_text", ""),
            consequence=spec.get("consequence", ""),
            order=index,
        )
        if status != RequestStatus.REQUESTED:
            writer.call(
                (*r_path, "status"),
                services.investment_request_decide,
                request=request,
                granted=status == RequestStatus.GRANTED,
                decision_text=spec.get("decision", ""),
            )
        summary.requests += 1


def _investment_plan(
    writer: _Writer, plan: Plan, spec: dict, summary: PlanningImportSummary
) -> None:
    path: Path_ = ("investment_plan",)
    scale = spec.get("scale", "kr")
    investment_plan = writer.call(
        path,
        services.investment_plan_save,
        plan=plan,
        year=spec.get("year"),
        title=spec.get("title", ""),
        decision=spec.get("decision", ""),
        decided_on=_day(spec.get("decided_on")),
    )
    kept = {d["object"] for d in spec["decisions"]}
    for decision in InvestmentDecision.objects.filter(investment_plan=investment_plan).exclude(
        object__code__in=kept
    ):
        writer.call(path, services.investment_decision_delete, decision=decision)
    for index, decision in enumerate(spec["decisions"]):
        d_path = (*path, "decisions", index)
        writer.call(
            d_path,
            services.investment_decision_save,
            investment_plan=investment_plan,
            object_code=decision["object"],
            object_name=decision.get("name", ""),
            unit=writer.unit((*d_path, "unit"), decision["unit"]),
            area_label=decision.get("area", ""),
            title=decision.get("title", ""),
            kind=decision.get("kind", ""),
            amount=writer.kronor((*d_path, "amount"), decision["amount"], scale),
            order=index,
        )
        summary.decisions += 1
    if spec.get("decide"):
        investment_plan = InvestmentPlan.objects.get(pk=investment_plan.pk)
        writer.call(
            (*path, "decide"), services.investment_plan_decide, investment_plan=investment_plan
        )


def _meetings(writer: _Writer, plan: Plan, meetings: list, summary: PlanningImportSummary) -> None:
    days = {m["date"] for m in meetings}
    for meeting in Meeting.objects.filter(plan=plan):
        if meeting.date.isoformat() not in days:
            writer.call(("meetings",), services.meeting_delete, meeting=meeting)
    for index, spec in enumerate(meetings):
        path = ("meetings", index)
        items = [
            services.MeetingItemInput(
                kind=item["kind"],
                title=item["title"],
                presenter=item.get("presenter", ""),
                period_kind=item.get("period", {}).get("kind", ""),
                period_year=item.get("period", {}).get("year"),
                period_month=item.get("period", {}).get("month"),
            )
            for item in spec.get("items", [])
        ]
        writer.call(
            path,
            services.meeting_save,
            plan=plan,
            day=_day(spec["date"]),
            end_date=_day(spec.get("end_date")),
            title=spec.get("title", ""),
            note=spec.get("note", ""),
            items=items,
        )
        summary.meetings += 1


def _internal_control(
    writer: _Writer, plan: Plan, spec: dict, summary: PlanningImportSummary
) -> None:
    path: Path_ = ("internal_control",)
    scale_spec = spec["scale"]
    scale = writer.call(
        (*path, "scale"),
        services.risk_scale_save,
        plan=plan,
        code=scale_spec["code"],
        name=scale_spec["name"],
        probability=[(s["value"], s["label"]) for s in scale_spec["probability"]],
        consequence=[(s["value"], s["label"]) for s in scale_spec["consequence"]],
        bands=[(b["from"], b["label"], b["colour"], b["symbol"]) for b in scale_spec["bands"]],
    )
    control_plan = writer.call(
        path,
        services.internal_control_plan_save,
        plan=plan,
        scale=scale,
        case_number=spec.get("case_number", ""),
        follow_ups_per_year=spec.get("follow_ups_per_year", 2),
        note=spec.get("note", ""),
    )
    follow_ups: list[tuple[Path_, Control, dict]] = []
    for p_index, process_spec in enumerate(spec["processes"]):
        p_path = (*path, "processes", p_index)
        process = writer.call(
            p_path,
            services.control_process_save,
            control_plan=control_plan,
            code=process_spec["code"],
            name=process_spec["name"],
            owner=writer.unit((*p_path, "owner"), process_spec.get("owner")),
            order=p_index,
        )
        for r_index, risk_spec in enumerate(process_spec["risks"]):
            r_path = (*p_path, "risks", r_index)
            risk = writer.call(
                r_path,
                services.control_risk_save,
                process=process,
                code=risk_spec["code"],
                description=risk_spec["description"],
                probability=risk_spec["probability"],
                consequence=risk_spec["consequence"],
                order=r_index,
            )
            summary.risks += 1
            for c_index, control_spec in enumerate(risk_spec.get("controls", [])):
                c_path = (*r_path, "controls", c_index)
                control = writer.call(
                    c_path,
                    services.control_save,
                    risk=risk,
                    code=control_spec["code"],
                    description=control_spec["description"],
                    owner=control_spec["owner"],
                    owner_unit=writer.unit((*c_path, "owner_unit"), control_spec.get("owner_unit")),
                    method=control_spec["method"],
                    frequency=control_spec["frequency"],
                    order=c_index,
                )
                for f_index, follow_up in enumerate(control_spec.get("follow_ups", [])):
                    follow_ups.append(((*c_path, "follow_ups", f_index), control, follow_up))
    if spec.get("adopt"):
        writer.call(
            (*path, "adopt"), services.internal_control_plan_adopt, control_plan=control_plan
        )
    for f_path, control, follow_up in follow_ups:
        writer.call(
            f_path,
            services.control_follow_up_save,
            control=control,
            occasion=follow_up["occasion"],
            result=follow_up["result"],
            comment=follow_up.get("comment", ""),
            measures=follow_up.get("measures", ""),
        )
