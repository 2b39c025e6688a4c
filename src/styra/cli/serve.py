"""`styra serve`: run the web app.

`styra serve --production` is how Styra runs for real: static files collected, then
gunicorn (docs/decisions/0004-gunicorn.md) with worker processes from the core count,
replacing this process so that the service manager's signals reach it directly.
Without `--production` it is Django's development server, for one person on one machine.

Both refuse to start without a secret key or with migrations that are not applied, with
one line that says what to do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .base import CommandError, setup_django

# Threads per gunicorn worker process: one, gunicorn's sync worker, which takes a request
# only when it is free, so the next request goes to a free process
# (docs/decisions/0004-gunicorn.md).
THREADS = 1


def default_workers() -> int:
    """Two worker processes per core, plus one: while some wait for PostgreSQL the
    others keep the cores busy (docs/decisions/0004-gunicorn.md)."""
    return 2 * (os.cpu_count() or 1) + 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="starta webbappen",
        description="Startar Styras webbapp. Med --production: gunicorn med två processer per "
        "kärna (plus en), efter collectstatic; utan: Djangos utvecklingsserver. "
        "Inställningar från miljön (docs/deploy.md).",
    )
    parser.add_argument(
        "--addr", default="127.0.0.1:8000", help="adress och port (standard 127.0.0.1:8000)"
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="kör produktionsservern (gunicorn) i stället för utvecklingsservern",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="antal serverprocesser (standard: 2 × antal kärnor + 1)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=THREADS,
        metavar="N",
        help=f"trådar per serverprocess (standard {THREADS})",
    )
    parser.set_defaults(handler=handle)


def _host_port(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    if not sep or not port.isdigit():
        raise CommandError(f"adressen {addr} ska vara VÄRD:PORT, t.ex. 127.0.0.1:8000")
    return host or "127.0.0.1", int(port)


def prepare_to_serve() -> None:
    """Refuse to serve a half-configured Styra; collect static files."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        secret = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses an empty key when it is read
        secret = ""
    if not secret:
        raise CommandError(
            "STYRA_SECRET_KEY är inte satt: ange en lång slumpmässig nyckel i miljön "
            "(se docs/deploy.md)"
        )
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise CommandError(f"databasen går inte att nå: {exc}".strip()) from exc
    if pending:
        raise CommandError(
            f"databasen saknar {len(pending)} migreringar: kör först `styra manage migrate`"
        )
    if not static_files_current():
        call_command("collectstatic", interactive=False, verbosity=0)


def static_files_current() -> bool:
    """True when collected static files are at least as new as every source file.

    Collecting (hashing and compressing some 800 files) takes seconds, so `serve` does
    it only after an install or upgrade changed a static file.
    """
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True  # development: served from the apps, nothing to collect
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected:
                return False
    return True


def gunicorn_argv(*, addr: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "styra.wsgi:application",
        "--bind",
        addr,
        "--workers",
        str(workers),
        # One thread: gunicorn's sync worker, which takes a connection only when it is
        # free; gthread takes connections while its threads are busy and queues them.
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        # Every response closes its connection (the sync worker always does): a kept-alive
        # connection stays with the process that accepted it, and a process holding the
        # busy users' connections queued their pages while another idled.
        "--keep-alive",
        "0",
        # A report for a large unit can take a while; longer than this is a hung worker.
        "--timeout",
        "120",
        "--graceful-timeout",
        "30",
        # Restart workers now and then so that no slow leak grows for weeks; rarely, for
        # a restart costs a worker ~2 s of CPU and its warm caches, and at 2 000 all
        # workers restarted within 20 s every 3 minutes under load, holding pages for
        # seconds (bench/results/season-*.md).
        "--max-requests",
        "20000",
        "--max-requests-jitter",
        "4000",
        # Styra writes its own access log with request ids (styra.web.middleware).
        "--error-logfile",
        "-",
        # Several servers on one machine (tests, benchmarks) must not share a socket.
        "--no-control-socket",
        "--forwarded-allow-ips",
        os.environ.get("STYRA_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
    ]


def handle(args) -> int:
    setup_django()
    host, port = _host_port(args.addr)
    prepare_to_serve()
    if not args.production:
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}", use_reloader=False)
        return 0
    workers = args.workers or default_workers()
    if workers < 1 or args.threads < 1:
        raise CommandError("--workers och --threads ska vara minst 1")
    argv = gunicorn_argv(addr=f"{host}:{port}", workers=workers, threads=args.threads)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)
    return 0  # not reached: execv replaces this process
