"""`styra worker` runs background jobs; `styra job list|show` tells how they went.

styra worker [--batch] [--interval SEKUNDER]
styra job list [--all] [--limit N]
styra job show ID
"""

from __future__ import annotations

import json
from pathlib import Path

from .base import CommandError, acting_user, add_round_option, add_user_option, setup_django


def register(subparsers) -> None:
    worker = subparsers.add_parser(
        "worker",
        help="kör bakgrundsjobb (importer, rapportbatcher, schemalagda jobb)",
        description="Kör köade bakgrundsjobb tills den stoppas (SIGTERM: jobbet som pågår "
        "körs klart först). Håller pågående jobb vid liv, tar om jobb vars arbetsprocess "
        "dog och köar schemalagda jobb en gång per tillfälle. En per maskin (docs/jobs.md).",
    )
    worker.add_argument(
        "--batch", action="store_true", help="kör det som står i kö nu och avsluta sedan"
    )
    worker.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="SEKUNDER",
        help="hur ofta kön läses när den är tom (standard 1)",
    )
    worker.set_defaults(handler=handle_worker)

    job = subparsers.add_parser(
        "job",
        help="visa bakgrundsjobb och hur de gick",
        description="Visar bakgrundsjobb: status, förlopp, resultat eller orsak till fel.",
    )
    commands = job.add_subparsers(dest="job_command", metavar="KOMMANDO", title="kommandon")
    listing = commands.add_parser(
        "list", help="lista de senaste jobben", description="Listar de senaste jobben, nyast först."
    )
    listing.add_argument("--limit", type=int, default=20, metavar="N", help="högst N jobb (20)")
    listing.add_argument("--json", action="store_true", help="skriv JSON")
    listing.set_defaults(handler=handle_list)
    show = commands.add_parser("show", help="visa ett jobb", description="Visar ett jobb.")
    show.add_argument("id", type=int, metavar="ID", help="jobbets nummer")
    show.add_argument("--json", action="store_true", help="skriv JSON")
    show.set_defaults(handler=handle_show)

    imp = commands.add_parser(
        "import",
        help="köa en import av huvudboken (SIE, CSV, XLSX)",
        description="Kopierar filen till lagringen och köar importen; `styra worker` kör den. "
        "Allt eller inget skrivs, som med `styra import`.",
    )
    imp.add_argument("file", metavar="FIL", help="filen som ska importeras")
    imp.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ", help="räkenskapsåret")
    imp.add_argument(
        "--format",
        choices=["sie", "tabell"],
        default="sie",
        help="sie (standard) eller tabell (CSV/XLSX)",
    )
    imp.add_argument("--dimension", type=int, default=1, metavar="N", help="SIE-dimension (1)")
    imp.add_argument("--source", metavar="NAMN", help="källans namn")
    imp.add_argument("--dry-run", action="store_true", help="kontrollera bara, skriv inget")
    add_user_option(imp)
    imp.set_defaults(handler=handle_import)

    reports = commands.add_parser(
        "reports",
        help="köa rapporter för en eller alla enheter i ett uppföljningstillfälle",
        description="Köar byggandet av rapporterna; filerna hämtas från jobbets sida.",
    )
    add_round_option(reports)
    reports.add_argument(
        "--unit", action="append", metavar="KOD", help="enhet (flera går bra; standard: alla)"
    )
    reports.add_argument(
        "--format", metavar="FORMAT", help="kommaseparerade: pdf,docx,html,xlsx (standard: alla)"
    )
    add_user_option(reports)
    reports.set_defaults(handler=handle_reports)
    job.set_defaults(handler=lambda args: job.print_help() or 2)


def handle_worker(args) -> int:
    setup_django()
    from styra.jobs.worker import run_worker

    if args.interval < 0:
        raise CommandError("--interval får inte vara negativt")
    run_worker(interval=args.interval, batch=args.batch)
    return 0


def _as_dict(job) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": job.label,
        "status": job.status,
        "requested_by": job.requested_by.get_username() if job.requested_by else None,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "attempts": job.attempts,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "progress_message": job.progress_message,
        "result": job.result,
        "error": job.error,
    }


def _line(job) -> str:
    progress = f" {job.percent} %" if job.percent is not None and not job.finished else ""
    return f"{job.pk:>6}  {job.get_status_display():<13}{progress:<6} {job.label}"


def handle_list(args) -> int:
    setup_django()
    from styra.jobs.models import Job

    jobs = list(Job.objects.select_related("requested_by")[: max(1, args.limit)])
    if args.json:
        print(json.dumps([_as_dict(j) for j in jobs], ensure_ascii=False, indent=2))
        return 0
    if not jobs:
        print("Inga jobb.")
    for job in jobs:
        print(_line(job))
    return 0


def handle_show(args) -> int:
    setup_django()
    from styra.jobs.models import Job

    job = Job.objects.select_related("requested_by").filter(pk=args.id).first()
    if job is None:
        raise CommandError(f"jobb {args.id} finns inte")
    if args.json:
        print(json.dumps(_as_dict(job), ensure_ascii=False, indent=2))
        return 0
    print(_line(job))
    if job.progress_message:
        print(f"  {job.progress_message}")
    if job.error:
        print(f"  Orsak: {job.error}")
    if job.result.get("summary"):
        print(f"  {job.result['summary']}")
    return 0 if job.status != "failed" else 1


def handle_import(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.economy.ledger.jobs import ledger_import_enqueue

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{args.file}: filen finns inte", 2)
    user = acting_user(args)
    try:
        job = ledger_import_enqueue(
            path=path,
            fmt="sie" if args.format == "sie" else "table",
            year=args.year,
            dimension=args.dimension,
            source=args.source,
            dry_run=args.dry_run,
            user=user,
        )
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    print(f"Jobb {job.pk} köat: {job.label}")
    return 0


def handle_reports(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.followup.models import Round
    from styra.jobs.registry import JobFailed
    from styra.reports.jobs import report_batch_enqueue

    round_ = Round.objects.filter(code=args.round).first()
    if round_ is None:
        raise CommandError(f"det finns inget uppföljningstillfälle med koden {args.round}")
    formats = [f.strip() for f in args.format.split(",")] if args.format else None
    try:
        job = report_batch_enqueue(
            round_=round_, user=acting_user(args), unit_codes=args.unit, formats=formats
        )
    except (PermissionDenied, JobFailed) as exc:
        raise CommandError(str(exc)) from None
    print(f"Jobb {job.pk} köat: {job.label}")
    return 0
