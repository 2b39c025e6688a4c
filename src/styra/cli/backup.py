"""`styra dump FIL` and `styra restore FIL`: the organisation's data as one file, and back.

Restoring is the one write without an acting user: it fills an empty database (no users
exist yet) and refuses any other, so it cannot overwrite anyone's work.
"""

from __future__ import annotations

from pathlib import Path

from .base import CommandError, setup_django


def register(subparsers) -> None:
    dump = subparsers.add_parser(
        "dump",
        help="skriv organisationens data till en fil (säkerhetskopia, flytt)",
        description="Skriver allt Styra har om organisationen i databasen (organisation, "
        "planer, uppföljningar, bedömningar med historik, huvudbok, register, statistik, "
        "användare och roller, egna rapportmallar) till en gzip-fil med JSON-rader. "
        "Filen kan läsas in med `styra restore` i SQLite eller PostgreSQL.",
    )
    dump.add_argument("file", metavar="FIL", help="filen som skrivs, t.ex. region.styra.gz")
    dump.set_defaults(handler=handle_dump)

    restore = subparsers.add_parser(
        "restore",
        help="läs in en fil från `styra dump` i en tom databas",
        description="Läser in en dump i en tom, migrerad databas (`styra manage migrate` "
        "först). Allt eller inget: en trasig fil lämnar databasen tom.",
    )
    restore.add_argument("file", metavar="FIL", help="filen från `styra dump`")
    restore.add_argument(
        "--template-dir",
        metavar="MAPP",
        help="vart dumpens egna rapportmallar skrivs (standard: första STYRA_REPORT_TEMPLATE_DIRS)",
    )
    restore.set_defaults(handler=handle_restore)


def handle_dump(args) -> int:
    setup_django()
    from styra.backup.services import dump_write

    path = Path(args.file)
    if not path.parent.is_dir():
        raise CommandError(f"mappen {path.parent} finns inte")
    summary = dump_write(path=path)
    print(f"{summary.total} rader ur {len(summary.counts)} tabeller skrivna till {path}.")
    if summary.templates:
        print(f"Egna rapportmallar: {', '.join(summary.templates)}.")
    return 0


def handle_restore(args) -> int:
    setup_django()
    from styra.backup.services import DumpError, dump_restore

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{args.file}: filen finns inte", 2)
    try:
        summary = dump_restore(
            path=path, template_dir=Path(args.template_dir) if args.template_dir else None
        )
    except DumpError as exc:
        raise CommandError(str(exc)) from None
    print(f"{summary.total} rader i {len(summary.counts)} tabeller återlästa från {path}.")
    if summary.templates:
        print(f"Egna rapportmallar: {', '.join(summary.templates)}.")
    return 0
