"""What subcommands share: Django start-up, common options, the error type."""

from __future__ import annotations

import argparse


class CommandError(Exception):
    """An expected failure: printed as one line, exit code `exit_code`."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def setup_django() -> None:
    """Start Django once; commands that need no database never call this."""
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def add_round_option(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "--round",
        required=required,
        metavar="KOD",
        help="uppföljningstillfällets kod, t.ex. 2026-T1",
    )


def add_unit_option(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--unit", required=required, metavar="KOD", help="enhetens kod, t.ex. RS")


def add_plan_option(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "--plan", required=required, metavar="KOD", help="planens kod, t.ex. rs-2026"
    )
