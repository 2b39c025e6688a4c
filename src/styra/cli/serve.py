"""`styra serve`: run the web app."""

from __future__ import annotations

from .base import setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="starta webbappen",
        description="Startar Styras webbapp (utvecklingsserver) på angiven adress.",
    )
    parser.add_argument(
        "--addr", default="127.0.0.1:8000", help="adress och port (standard 127.0.0.1:8000)"
    )
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from django.core.management import call_command

    setup_django()
    call_command("runserver", args.addr, use_reloader=False)
    return 0
