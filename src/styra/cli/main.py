"""The `styra` command: one entry point, a subcommand per task.

Each subcommand lives in its own module with a `register(subparsers)` function that
adds its parser and sets `handler`. Handlers parse options, call services and print;
an expected failure is raised as `CommandError` and printed as one line, never a
traceback.

Settings: `styra.settings.production` unless DJANGO_SETTINGS_MODULE says otherwise;
`styra demo` alone runs with the development settings (`SETTINGS_BY_COMMAND`).
"""

from __future__ import annotations

import argparse
import os
import sys

from django.db.utils import OperationalError

from . import (
    backup,
    demo,
    kolada,
    ledger,
    manage,
    plan,
    registers,
    report,
    round,
    serve,
    sie,
    stats,
    token,
    user,
    worker,
)  # fmt: skip
from .base import CommandError

# Modules that add subcommands, in the order `styra --help` lists them. Imported
# directly: a command module that cannot be imported is a bug, and must fail loudly.
COMMAND_MODULES = [
    demo, serve, plan, sie, ledger, registers, stats, kolada, report, round, token, user, worker, backup, manage,
]  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="styra",
        description="Styra – planering, uppföljning och rapportering för regioner och kommuner.",
    )
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


DEFAULT_SETTINGS = "styra.settings.production"
# The demo is a development setup on one machine: DEBUG on, static files from the apps.
SETTINGS_BY_COMMAND = {"demo": "styra.settings.dev"}


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    command = next((w for w in words if not w.startswith("-")), None)
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", SETTINGS_BY_COMMAND.get(command or "", DEFAULT_SETTINGS)
    )
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.handler is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except CommandError as exc:
        print(f"styra: {exc}", file=sys.stderr)
        return exc.exit_code
    except OperationalError as exc:  # e.g. a fresh clone whose database is not migrated
        print(
            f"styra: databasen kan inte användas ({exc}); kör 'styra manage migrate' först",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print("styra: avbrutet", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
