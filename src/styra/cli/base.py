"""What subcommands share: Django start-up, common options, the error type."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


class CommandError(Exception):
    """An expected failure: printed as one line, exit code `exit_code`."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def setup_django() -> None:
    """Start Django once; commands that need no database never call this.

    Every command that opens the database comes through here, so this is where a
    SQLite database file gets its directory (`var/` on a fresh clone).
    """
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    _ensure_sqlite_directory()


def _ensure_sqlite_directory() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    name = str(database["NAME"])
    if database["ENGINE"].endswith("sqlite3") and name != ":memory:" and "mode=memory" not in name:
        Path(name).parent.mkdir(parents=True, exist_ok=True)


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


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """`--user`: who a write command acts as (default: the environment's STYRA_USER).

    Every write from the command line is checked against that user's roles, exactly as
    the same write from the web would be.
    """
    parser.add_argument(
        "--user",
        metavar="ANVÄNDARNAMN",
        default=os.environ.get("STYRA_USER") or None,
        help="användaren som gör ändringen (standard: miljövariabeln STYRA_USER)",
    )


def acting_user(args: argparse.Namespace):
    """The active user named by `--user`; a clear one-line error when there is none."""
    from django.contrib.auth import get_user_model

    username = args.user
    if not username:
        raise CommandError(
            "ange vem som gör ändringen med --user ANVÄNDARNAMN (eller miljövariabeln STYRA_USER)"
        )
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"användaren {username} finns inte eller är inte aktiv")
    return user


def error_text(exc: Exception) -> str:
    """A service's refusal as one line: a ValidationError's messages, else the text."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
        return " ".join(exc.messages)
    return str(exc)


def guarded(fn):
    """Run a service; its expected failures become one-line errors (permission: exit
    code 3, a version conflict: 4, invalid input or state: 1)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from styra.followup.services import ConflictError

    try:
        return fn()
    except PermissionDenied as exc:
        raise CommandError(str(exc) or "behörighet saknas", exit_code=3) from None
    except ConflictError as exc:
        raise CommandError(str(exc), exit_code=4) from None
    except ValidationError as exc:
        raise CommandError(error_text(exc)) from None
