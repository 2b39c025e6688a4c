"""`styra demo`: set up the demo region "Region Exempel" and serve it.

Migrates the database, loads the demo once (idempotent; `--reset` wipes and reloads),
with the ledger and the economic registers, builds the demo reports,
prints the logins and serves the web app on 127.0.0.1:8000 with one background worker
beside it for jobs (`--no-serve` to stop before serving).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .base import CommandError, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="läs in demoregionen Region Exempel och starta webbappen",
        description="Skapar databasen, läser in demoregionen Region Exempel (en gång; "
        "--reset läser in den på nytt), bygger demorapporterna, skriver ut "
        "inloggningarna och startar webbappen.",
    )
    parser.add_argument("--no-serve", action="store_true", help="starta inte webbappen efteråt")
    parser.add_argument(
        "--addr", default="127.0.0.1:8000", help="adress och port (standard 127.0.0.1:8000)"
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="töm databasen och läs in demoregionen på nytt",
    )
    parser.set_defaults(handler=handle)


def _prepare_database(*, reset: bool, stdout) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if reset:
        call_command("flush", interactive=False, verbosity=0)
        stdout.write("Databasen är tömd.\n")


def run_demo(*, reset: bool = False, stdout=None) -> bool:
    """Everything but serving; True when the demo was loaded now."""
    from django.conf import settings

    from styra.demo.loader import demo_load

    stdout = stdout or sys.stdout
    _prepare_database(reset=reset, stdout=stdout)
    from styra.demo import reports as reports_demo

    loaded = demo_load(stdout=stdout)
    out_dir = Path(settings.STYRA_OUT_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    reports_demo.build(out_dir=out_dir, stdout=stdout)
    return loaded


def _print_logins(addr: str, stdout) -> None:
    from styra.demo.users import DEMO_PASSWORD, DEMO_USERS, ROLE_TEXT

    stdout.write("\nDemoregionen Region Exempel är klar.\n\nInloggningar:\n")
    for username, *_rest in DEMO_USERS:
        stdout.write(f"  {username:<11} lösenord {DEMO_PASSWORD}  – {ROLE_TEXT[username]}\n")
    stdout.write(f"\nÖppna http://{addr}/ i webbläsaren.\n")


def handle(args) -> int:
    setup_django()
    try:
        run_demo(reset=args.reset, stdout=sys.stdout)
    except CommandError:
        raise
    except Exception as exc:  # one clear line, not a traceback
        raise CommandError(f"demon kunde inte läsas in: {exc}") from exc
    _print_logins(args.addr, sys.stdout)
    if args.no_serve:
        return 0
    from . import serve

    # One worker beside the server runs the demo's jobs (imports, report batches).
    worker = subprocess.Popen(
        [sys.executable, "-m", "styra.cli.main", "worker"], env=dict(os.environ)
    )
    sys.stdout.write("En arbetsprocess för bakgrundsjobb körs bredvid webbappen.\n")
    try:
        return serve.handle(
            argparse.Namespace(
                addr=args.addr, production=False, workers=None, threads=serve.THREADS
            )
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
