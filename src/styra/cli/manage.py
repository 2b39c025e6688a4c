"""`styra manage …`: Django's own management commands (migrate, createsuperuser …)."""

from __future__ import annotations

import argparse

from .base import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "manage",
        help="kör ett av Djangos hanteringskommandon (migrate, createsuperuser …)",
        description="Kör ett av Djangos hanteringskommandon, t.ex. `styra manage migrate`.",
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="kommandot och dess argument")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from django.core.management import execute_from_command_line

    setup_django()
    execute_from_command_line(["styra manage", *args.args])
    return 0
