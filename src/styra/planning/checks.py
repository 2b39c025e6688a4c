"""The plan's own data-quality checks, before the plan is adopted and printed (§11).

What Styra computes (sums, frames after changes, totals) cannot be wrong in print; what
people type can: a placeholder left in a text ("xx mål"), a count in a text that differs
from the items, a target that cannot be read ("Minst41 %"), a year in the meeting
calendar that does not fit the plan year, a frame whose distribution does not add up to
the frame after its changes, a frame change without an amount or a case number.
Each finding has a severity (error, warning, info), a place and a Swedish message.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date

from django.utils.translation import gettext as _

from styra.formats.numbers import format_mkr, format_number
from styra.plans.models import ItemKind, Plan, PlanItem, TargetKind

from .models import (
    Budget,
    FrameChangeKind,
    InternalControlPlan,
    InvestmentDecision,
    InvestmentPlan,
    Meeting,
    MeetingItem,
    PlanText,
    ReportPeriodKind,
)
from .selectors.budget import budget_table
from .targets import read_target

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    severity: str
    kind: str
    place: str
    message: str
    item_code: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


# Texts ---------------------------------------------------------------------------------

PLACEHOLDERS = [
    re.compile(r"\bx{2,}\b", re.IGNORECASE),
    re.compile(r"\bTODO\b|\bTBD\b|\bFIXME\b"),
    re.compile(r"\[\s*(?:…|\.\.\.)\s*\]"),
    re.compile(r"lorem ipsum", re.IGNORECASE),
    re.compile(r"\b(?:19|20)\d[a-zåäö]\b"),  # a year with a letter typed for a digit: "202r"
]

# A number (or a placeholder) before a word that counts something in the plan.
_COUNT = re.compile(
    r"\b(?P<n>\d+|x{2,})\s+(?P<what>mål|aktiviteter|nyckeltal|indikatorer|uppföljningsområden"
    r"|investeringar|investeringsobjekt)\b",
    re.IGNORECASE,
)


def plan_counts(plan: Plan) -> dict[str, int]:
    """What a text may count, counted from the plan's data."""
    kinds = dict.fromkeys(ItemKind.values, 0)
    for kind in PlanItem.objects.filter(plan=plan).values_list("kind", flat=True):
        kinds[kind] += 1
    decisions = InvestmentDecision.objects.filter(investment_plan__plan=plan).count()
    return {
        "mål": kinds[ItemKind.GOAL],
        "aktiviteter": kinds[ItemKind.ACTIVITY],
        "nyckeltal": kinds[ItemKind.INDICATOR],
        "indikatorer": kinds[ItemKind.INDICATOR],
        "uppföljningsområden": plan.follow_up_areas.count(),
        "investeringar": decisions,
        "investeringsobjekt": decisions,
    }


def text_findings(plan: Plan, texts: list[PlanText] | None = None) -> list[Finding]:
    texts = texts if texts is not None else list(PlanText.objects.filter(plan=plan))
    findings: list[Finding] = []
    counts: dict[str, int] | None = None
    for text in texts:
        place = text.title
        for pattern in PLACEHOLDERS:
            for match in pattern.finditer(text.body):
                findings.append(
                    Finding(
                        ERROR,
                        "placeholder",
                        place,
                        _("Platshållaren ”%(match)s” står kvar i texten.") % {"match": match[0]},
                    )
                )
        for match in _COUNT.finditer(text.body):
            if not match["n"].isdigit():
                continue  # a placeholder, reported above
            counts = counts if counts is not None else plan_counts(plan)
            what = match["what"].lower()
            stated, actual = int(match["n"]), counts[what]
            if stated != actual:
                findings.append(
                    Finding(
                        ERROR,
                        "count",
                        place,
                        _("Texten anger ”%(text)s” men planen har %(actual)s %(what)s.")
                        % {"text": match[0], "actual": actual, "what": what},
                    )
                )
    return findings


# Targets -------------------------------------------------------------------------------

_ANTAL = re.compile(r"\bantal(?:et)?\b", re.IGNORECASE)
_ANDEL = re.compile(r"\bandel(?:en)?\b", re.IGNORECASE)


def target_findings(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    items = (
        PlanItem.objects.filter(plan=plan)
        .exclude(kind=ItemKind.AREA)
        .prefetch_related("targets")
        .order_by("order", "pk")
    )
    for item in items:
        code = item.number or item.code
        place = _("Mål och målvärden")
        for target in item.targets.all():
            if not target.text:
                continue
            read = read_target(target.text)
            for severity, message in read.problems:
                findings.append(Finding(severity, "target_text", place, message, code))
            if (
                target.kind in (TargetKind.THRESHOLD, TargetKind.COUNT)
                and read.value is not None
                and target.value is not None
                and read.value != target.value
            ):
                findings.append(
                    Finding(
                        ERROR,
                        "target_value",
                        place,
                        _("Målvärdet skrivs ”%(text)s” men är registrerat som %(value)s.")
                        % {"text": target.text, "value": format_number(target.value, 2)},
                        code,
                    )
                )
            if (
                target.kind == TargetKind.RELATIVE_BASELINE
                and target.baseline_value is not None
                and read.value is not None
                and read.value == target.baseline_value
                and target.strict
            ):
                findings.append(
                    Finding(
                        WARNING,
                        "target_baseline",
                        place,
                        _(
                            "Målet ska bli bättre än startvärdet, men målvärdet ”%(text)s” är "
                            "lika med startvärdet %(baseline)s."
                        )
                        % {
                            "text": target.text,
                            "baseline": format_number(target.baseline_value, 2),
                        },
                        code,
                    )
                )
            measure_text = " ".join((target.text, target.unit))
            if _ANTAL.search(item.title) and _ANDEL.search(measure_text):
                findings.append(
                    Finding(
                        WARNING,
                        "target_measure",
                        place,
                        _(
                            "Målet räknar ett antal men målvärdet ”%(text)s” gäller en andel; "
                            "välj ett mått."
                        )
                        % {"text": target.text},
                        code,
                    )
                )
    return findings


# The meeting calendar ------------------------------------------------------------------

#: A report looked at in a meeting should cover a period that ended at most this many
#: months before (the annual accounts in March cover the year before, not two years ago).
MAX_LAG_MONTHS = 6
_DEFAULT_MONTH: dict[str, int] = {
    ReportPeriodKind.TERTIAL: 4,
    ReportPeriodKind.INTERIM: 8,
    ReportPeriodKind.ANNUAL: 12,
}
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _period_end(item: MeetingItem) -> date | None:
    if item.period_year is None or item.period_kind in ("", ReportPeriodKind.PLAN_YEAR):
        return None
    month = item.period_month or _DEFAULT_MONTH.get(item.period_kind)
    if month is None:
        return None
    return date(item.period_year, month, calendar.monthrange(item.period_year, month)[1])


def calendar_findings(plan: Plan) -> list[Finding]:
    findings: list[Finding] = []
    year = plan.period_start.year
    meetings = Meeting.objects.filter(plan=plan).prefetch_related("items").order_by("date")
    for meeting in meetings:
        place = _("Sammanträdesplanering, %(date)s") % {"date": meeting.date.isoformat()}
        if not plan.period_start <= meeting.date <= plan.period_end:
            findings.append(
                Finding(
                    ERROR,
                    "calendar_year",
                    place,
                    _("Sammanträdet %(date)s ligger utanför planens år %(year)s.")
                    % {"date": meeting.date.isoformat(), "year": year},
                )
            )
        for item in meeting.items.all():
            findings.extend(_item_findings(item, meeting, place, year))
    return findings


def _item_findings(item: MeetingItem, meeting: Meeting, place: str, year: int) -> list[Finding]:
    findings = []
    mentioned = {int(y) for y in _YEAR.findall(item.title)}
    if item.period_year is not None and mentioned and item.period_year not in mentioned:
        findings.append(
            Finding(
                ERROR,
                "calendar_year",
                place,
                _("”%(title)s” nämner %(mentioned)s men ärendet gäller %(year)s.")
                % {
                    "title": item.title,
                    "mentioned": ", ".join(str(y) for y in sorted(mentioned)),
                    "year": item.period_year,
                },
            )
        )
    if item.period_kind == ReportPeriodKind.PLAN_YEAR and item.period_year is not None:
        if item.period_year <= year:
            findings.append(
                Finding(
                    WARNING,
                    "calendar_year",
                    place,
                    _("”%(title)s” gäller %(period)s, men en plan för ett kommande år väntas.")
                    % {"title": item.title, "period": item.period_year},
                )
            )
        return findings
    end = _period_end(item)
    if end is None:
        return findings
    if end >= meeting.date:
        findings.append(
            Finding(
                ERROR,
                "calendar_period",
                place,
                _("”%(title)s” gäller en period som inte har tagit slut den %(date)s.")
                % {"title": item.title, "date": meeting.date.isoformat()},
            )
        )
    elif _months_between(end, meeting.date) > MAX_LAG_MONTHS:
        findings.append(
            Finding(
                WARNING,
                "calendar_year",
                place,
                _(
                    "”%(title)s” gäller en period som slutade %(end)s, mer än %(months)s "
                    "månader före sammanträdet; stämmer årtalet för planåret %(year)s?"
                )
                % {
                    "title": item.title,
                    "end": end.isoformat(),
                    "months": MAX_LAG_MONTHS,
                    "year": year,
                },
            )
        )
    return findings


# Budget frames and changes -------------------------------------------------------------


def budget_findings(budget: Budget) -> list[Finding]:
    table = budget_table(budget)
    place = _("Budgetramar")
    findings: list[Finding] = []
    for row in table.frame_rows:
        if row.frame.group.section != "operations":
            continue
        if row.opening_net is None:
            findings.append(
                Finding(
                    INFO,
                    "frame_opening",
                    place,
                    _(
                        "Ingående ram saknas för %(frame)s; ramen efter förändringar kan inte räknas fram."
                    )
                    % {"frame": row.label},
                )
            )
        elif row.difference:
            findings.append(
                Finding(
                    ERROR,
                    "frame_sum",
                    place,
                    _(
                        "Fördelningen för %(frame)s (%(net)s mkr) stämmer inte med ramen efter "
                        "förändringar (%(after)s mkr)."
                    )
                    % {
                        "frame": row.label,
                        "net": format_mkr(row.net),
                        "after": format_mkr(row.after_changes),
                    },
                )
            )
    for change_row in table.changes:
        change = change_row.change
        label = f"{change.code} {change.get_kind_display()}: {change.text}"
        if change_row.amount is None:
            findings.append(
                Finding(
                    WARNING,
                    "change_amount",
                    _("Förändringar av budgetramar"),
                    _("%(change)s saknar belopp; ramen efter förändringar räknar den som 0.")
                    % {"change": label},
                    change.code,
                )
            )
        if change.kind == FrameChangeKind.PRIORITISATION and not change.case_number:
            findings.append(
                Finding(
                    WARNING,
                    "change_case",
                    _("Förändringar av budgetramar"),
                    _("Prioriteringen %(change)s saknar ärendenummer.") % {"change": label},
                    change.code,
                )
            )
        if change.kind == FrameChangeKind.OTHER:
            findings.append(
                Finding(
                    WARNING,
                    "change_kind",
                    _("Förändringar av budgetramar"),
                    _("Det framgår inte om %(change)s är en prioritering eller omdisponering.")
                    % {"change": label},
                    change.code,
                )
            )
    if budget.stated_total is not None and budget.stated_total != table.total:
        findings.append(
            Finding(
                ERROR,
                "budget_total",
                place,
                _("Total nettobudget är %(computed)s mkr men beslutet anger %(stated)s mkr.")
                % {
                    "computed": format_mkr(table.total),
                    "stated": format_mkr(budget.stated_total),
                },
            )
        )
    return findings


# Investments and internal control ------------------------------------------------------


def investment_findings(investment_plan: InvestmentPlan) -> list[Finding]:
    missing = investment_plan.decisions.filter(kind="").count()
    if not missing:
        return []
    return [
        Finding(
            WARNING,
            "investment_kind",
            _("Planerade investeringar"),
            _("%(n)s av %(total)s objekt saknar uppgift om ny- eller reinvestering.")
            % {"n": missing, "total": investment_plan.decisions.count()},
        )
    ]


def internal_control_findings(control_plan: InternalControlPlan) -> list[Finding]:
    findings: list[Finding] = []
    place = _("Internkontrollplan")
    values: dict[str, set[int]] = {"probability": set(), "consequence": set()}
    for axis, value in control_plan.scale.levels.values_list("axis", "value"):
        values[axis].add(value)
    for process in control_plan.processes.prefetch_related("risks__controls"):
        for risk in process.risks.all():
            if risk.probability not in values["probability"]:
                findings.append(
                    Finding(
                        ERROR,
                        "risk_scale",
                        place,
                        _("Risken ”%(risk)s” har sannolikhet %(v)s, som inte finns på skalan.")
                        % {"risk": risk.description, "v": risk.probability},
                        risk.code,
                    )
                )
            if risk.consequence not in values["consequence"]:
                findings.append(
                    Finding(
                        ERROR,
                        "risk_scale",
                        place,
                        _("Risken ”%(risk)s” har konsekvens %(v)s, som inte finns på skalan.")
                        % {"risk": risk.description, "v": risk.consequence},
                        risk.code,
                    )
                )
            if not risk.controls.all():
                findings.append(
                    Finding(
                        WARNING,
                        "risk_control",
                        place,
                        _("Risken ”%(risk)s” har ingen kontroll.") % {"risk": risk.description},
                        risk.code,
                    )
                )
    return findings


def plan_check(plan: Plan) -> list[Finding]:
    """Every finding of the plan's data-quality checks, the most serious first."""
    findings = [*text_findings(plan), *target_findings(plan), *calendar_findings(plan)]
    budget = Budget.objects.filter(plan=plan).first()
    if budget is not None:
        findings.extend(budget_findings(budget))
    investment_plan = InvestmentPlan.objects.filter(plan=plan).first()
    if investment_plan is not None:
        findings.extend(investment_findings(investment_plan))
    control_plan = InternalControlPlan.objects.filter(plan=plan).select_related("scale").first()
    if control_plan is not None:
        findings.extend(internal_control_findings(control_plan))
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
