"""`styra kolada`: comparisons with riket and other regions from Kolada (API v3).

    styra kolada sync --user controller [--years 2019-2025] [--series sjukfranvaro-kolada]
                      [--dry-run] [--recorded MAPP]
    styra kolada kpi N00945

Responses are cached under var/cache/kolada (STYRA_KOLADA_CACHE_DIR) for a day.
"""

from __future__ import annotations

from pathlib import Path

from .base import CommandError, acting_user, add_user_option, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "kolada",
        help="jämförelser med riket och andra regioner från Kolada",
        description="Hämtar nyckeltal från Kolada (kolada.se, API v3) för de serier som "
        "är kopplade till ett Kolada-nyckeltal: organisationens egna värden, rikets och "
        "jämförelseregionernas.",
    )
    actions = parser.add_subparsers(dest="kolada_action", metavar="ÅTGÄRD", required=True)
    p = actions.add_parser(
        "sync",
        help="hämta värden från Kolada",
        description="Hämtar värdena för de kopplade serierna och de valda åren. Ett år som "
        "hämtas igen ersätter det som fanns (Kolada reviderar sina värden). Utan nätverk "
        "ändras ingenting.",
    )
    p.add_argument(
        "--years", metavar="ÅR-ÅR", help="t.ex. 2019-2025 (standard: de sex senaste hela åren)"
    )
    p.add_argument("--series", metavar="KOD[,KOD]", help="bara dessa serier")
    p.add_argument("--dry-run", action="store_true", help="hämta och visa, spara ingenting")
    p.add_argument(
        "--recorded",
        type=Path,
        metavar="MAPP",
        help="spela upp inspelade svar från en mapp (index.json) i stället för att fråga Kolada",
    )
    add_user_option(p)
    p.set_defaults(handler=handle_sync)
    p = actions.add_parser(
        "kpi", help="visa ett nyckeltals beskrivning", description="Visar ett Kolada-nyckeltal."
    )
    p.add_argument("kpi", metavar="ID", help="nyckeltalets id, t.ex. N00945")
    p.add_argument("--recorded", type=Path, metavar="MAPP", help="inspelade svar")
    p.set_defaults(handler=handle_kpi)


def _years(text: str | None) -> list[int]:
    from django.utils import timezone

    if not text:
        this = timezone.localdate().year
        return list(range(this - 6, this))
    first, _sep, last = text.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        raise CommandError(f"ogiltiga år: {text} (skriv t.ex. 2019-2025)") from None
    if not 1990 <= start <= end <= 2100 or end - start > 50:
        raise CommandError(f"ogiltiga år: {text} (skriv t.ex. 2019-2025)")
    return list(range(start, end + 1))


def _client(recorded: Path | None):
    from django.conf import settings

    from styra.stats.kolada.client import KoladaClient
    from styra.stats.kolada.recording import RecordedTransport

    if recorded is not None:
        if not (recorded / "index.json").exists():
            raise CommandError(f"{recorded} har ingen index.json med inspelade svar")
        return KoladaClient(
            base_url=settings.STYRA_KOLADA_URL, transport=RecordedTransport(recorded)
        )
    return KoladaClient(
        base_url=settings.STYRA_KOLADA_URL, cache_dir=settings.STYRA_KOLADA_CACHE_DIR
    )


def handle_sync(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.formats.problems import ImportFailed
    from styra.stats.kolada.client import KoladaError
    from styra.stats.services.kolada import kolada_sync

    user = acting_user(args)
    years = _years(args.years)
    codes = [c.strip() for c in args.series.split(",")] if args.series else None
    with _client(args.recorded) as client:
        try:
            result = kolada_sync(
                user=user, client=client, years=years, series_codes=codes, dry_run=args.dry_run
            )
        except (KoladaError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        except ImportFailed as exc:
            raise CommandError(
                "\n".join(["Kolada gav värden som inte kan läsas in:", *map(str, exc.problems)])
            ) from None
        requests = client.requests
    head = "Provkörning – ingenting har sparats" if result.dry_run else "Hämtat från Kolada"
    print(
        f"{head}: {result.value_count} värden för {years[0]}–{years[-1]} ({requests} anrop): "
        f"{result.added} nya, {result.changed} ändrade, {result.unchanged} oförändrade, "
        f"{result.removed} borttagna."
    )
    for change in result.changes:
        print(f"  {change.what}: {change.old} → {change.new}")
    return 0


def handle_kpi(args) -> int:
    setup_django()
    from styra.stats.kolada.client import KoladaError

    with _client(args.recorded) as client:
        try:
            kpi = client.kpi(args.kpi)
        except KoladaError as exc:
            raise CommandError(str(exc)) from None
    print(f"{kpi.get('id', args.kpi)}: {kpi.get('title', '')}")
    if kpi.get("description"):
        print(kpi["description"])
    print("Källa: Kolada")
    return 0
