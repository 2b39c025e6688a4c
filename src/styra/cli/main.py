"""The `styra` command: one entry point, a subcommand per task.

Each subcommand lives in its own module with a `register(subparsers)` function that
adds its parser and sets `handler`. Handlers parse options, call services and print;
an expected failure is raised as `CommandError` and printed as one line, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .base import CommandError

# Modules that add subcommands, in the order `styra --help` lists them.
COMMAND_MODULES = [
    "styra.cli.demo",
    "styra.cli.serve",
    "styra.cli.plan",
    "styra.cli.sie",
    "styra.cli.ledger",
    "styra.cli.economy",
    "styra.cli.report",
    "styra.cli.round",
    "styra.cli.manage",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="styra",
        description="Styra – planering, uppföljning och rapportering för regioner och kommuner.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO", title="kommandon")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that command is not part of this build
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styra.settings.dev")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except CommandError as exc:
        print(f"styra: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("styra: avbrutet", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
