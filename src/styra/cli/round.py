"""`styra round`: rounds (uppföljningstillfällen) from the command line.

    styra round list [--plan rs-2026]
    styra round status --round 2026-T1
    styra round open|close|lock --round 2026-T1 --user carl
    styra round report --round 2026-T1 --item N1 --value 5,7 --comment "…" --user anna
    styra round import bedomningar.csv --round 2026-T1 --user anna

Every write goes through the follow-up services, so the CLI gets the same permission,
state and lock checks as the web.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .base import (
    CommandError,
    acting_user,
    add_plan_option,
    add_round_option,
    add_user_option,
    guarded,
    setup_django,
)

# argparse would take "-3,5" for an option; a value with a decimal comma is a value.
_NEGATIVE_NUMBER = re.compile(r"^-\d[\d\s\u00a0,.]*$")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "round",
        help="uppföljningstillfällen: lista, öppna, stänga, fastställa, rapportera",
        description="Hantera uppföljningstillfällen och rapportera bedömningar. "
        "Samma behörighets- och låskontroller gäller som i webben.",
    )
    actions = parser.add_subparsers(dest="round_action", metavar="ÅTGÄRD", required=True)

    p = actions.add_parser(
        "list",
        help="lista uppföljningstillfällen",
        description="Listar uppföljningstillfällen med period och status.",
    )
    add_plan_option(p, required=False)
    p.set_defaults(handler=handle_list)

    p = actions.add_parser(
        "status",
        help="visa rapporteringsläget per enhet",
        description="Visar per enhet hur många poster som är rapporterade "
        "och enhetsrapportens status.",
    )
    add_round_option(p)
    p.set_defaults(handler=handle_status)

    for name, text in (
        ("open", "öppna för rapportering"),
        ("close", "stäng för rapportering"),
        ("lock", "fastställ (lås) – därefter kan ingenting i tillfället ändras"),
    ):
        p = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        add_round_option(p)
        add_user_option(p)
        if name == "lock":
            p.add_argument(
                "--reason",
                default="",
                metavar="TEXT",
                help="skäl att fastställa fast enheters rapporter inte är godkända eller "
                "rapportkontrollen hittar fel (krävs då; sparas i historiken)",
            )
        p.set_defaults(handler=handle_transition, transition=name)

    p = actions.add_parser(
        "report",
        help="rapportera värde, status och kommentar för en post",
        description="Sparar en bedömning för en planpost. Utan --status används den "
        "föreslagna statusen; en annan status än den föreslagna kräver --comment.",
    )
    p._negative_number_matcher = _NEGATIVE_NUMBER
    add_round_option(p)
    p.add_argument("--item", required=True, metavar="KOD", help="planpostens kod, t.ex. N1")
    p.add_argument("--value", metavar="VÄRDE", help="utfallet, t.ex. 5,7")
    p.add_argument(
        "--missing",
        metavar="ORSAK",
        help="orsak till saknat värde: no_data, not_published, year_end, other",
    )
    p.add_argument("--period", default="", metavar="TEXT", help='mätperiod, t.ex. "jan–mar 2026"')
    p.add_argument("--status", metavar="KOD", help="statusnivåns kod, t.ex. delvis")
    p.add_argument("--comment", default="", metavar="TEXT", help="kommentar")
    p.add_argument(
        "--completed", choices=["ja", "nej"], help="genomförd (för uppdrag och aktiviteter)"
    )
    add_user_option(p)
    p.set_defaults(handler=handle_report)

    p = actions.add_parser(
        "import",
        help="läs in bedömningar från en CSV-fil",
        description="Läser in bedömningar från en CSV-fil (semikolon, UTF-8) eller XLSX-fil med "
        "kolumnerna item;value;status;comment (och valfritt missing;period), en rad per post. "
        "Allt eller inget: ett fel stoppar hela filen.",
    )
    p.add_argument("file", type=Path, metavar="FIL")
    add_round_option(p)
    add_user_option(p)
    p.set_defaults(handler=handle_import)


def _round(code: str):
    from styra.followup.models import Round

    try:
        return Round.objects.select_related("plan", "plan__unit").get(code=code)
    except Round.DoesNotExist:
        raise CommandError(f"uppföljningstillfället {code} finns inte") from None


def handle_list(args) -> int:
    setup_django()
    from styra.followup.models import Round

    rounds = Round.objects.select_related("plan").order_by("plan__code", "period_end", "code")
    if args.plan:
        rounds = rounds.filter(plan__code=args.plan)
    for r in rounds:
        print(f"{r.code}\t{r.plan.code}\t{r.period_start}–{r.period_end}\t{r.get_state_display()}")
    return 0


def handle_status(args) -> int:
    setup_django()
    from styra.followup.labels import kind_count
    from styra.followup.selectors import round_progress

    round_ = _round(args.round)
    print(f"{round_.name} ({round_.code}): {round_.get_state_display()}")
    for p in round_progress(round_):
        parts = ", ".join(
            f"{reported} av {kind_count(kind, due)}" for kind, reported, due in p.kinds
        )
        print(f"{p.code}\t{p.name}\t{p.state_label}\t{parts} rapporterade")
    return 0


def handle_transition(args) -> int:
    setup_django()
    from styra.followup import services

    round_ = _round(args.round)
    user = acting_user(args)
    action = {
        "open": services.round_open,
        "close": services.round_close,
        "lock": lambda **kw: services.round_lock(**kw, reason=args.reason),
    }
    result = guarded(lambda: action[args.transition](round=round_, user=user))
    print(f"{result.code}: {result.get_state_display()}")
    return 0


def _number(text: str | None):
    from styra.formats.numbers import parse_number

    if text in (None, ""):
        return None
    try:
        return parse_number(text)
    except ValueError:
        raise CommandError(f"ogiltigt tal: {text}") from None


def _save(round_, user, *, item_code, value, missing, period, status, comment, completed):
    from styra.followup.services import ValueInput, assessment_save

    item = round_.plan.items.filter(code=item_code).first()
    if item is None:
        raise CommandError(f"posten {item_code} finns inte i planen {round_.plan.code}")
    values = []
    if value is not None or missing:
        values.append(ValueInput(value=value, missing_reason=missing or "", period_label=period))
    return guarded(
        lambda: assessment_save(
            round=round_,
            item=item,
            user=user,
            values=values,
            status_code=status or None,
            comment=comment,
            completed=completed,
        )
    )


def handle_report(args) -> int:
    setup_django()
    round_ = _round(args.round)
    user = acting_user(args)
    completed = None if args.completed is None else args.completed == "ja"
    assessment = _save(
        round_,
        user,
        item_code=args.item,
        value=_number(args.value),
        missing=args.missing,
        period=args.period,
        status=args.status,
        comment=args.comment,
        completed=completed,
    )
    status = assessment.status.label if assessment.status_id else "ingen status"
    print(f"{round_.code} {args.item}: {status} (version {assessment.version})")
    return 0


def handle_import(args) -> int:
    setup_django()
    from styra.followup.services import assessments_import
    from styra.formats.problems import ImportFailed

    round_ = _round(args.round)
    user = acting_user(args)
    try:
        count = guarded(lambda: assessments_import(round=round_, path=args.file, user=user))
    except ImportFailed as exc:
        raise CommandError(str(exc)) from None
    print(f"{count} bedömningar inlästa i {round_.code}", file=sys.stdout)
    return 0
