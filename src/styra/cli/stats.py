"""`styra stats`: statistics series – configuration, import, export, a look at the values.

    styra stats config load statistik.yaml --user controller
    styra stats config show
    styra stats import sjukfranvaro.csv [--mapping bred.yaml] [--dry-run] --user controller
    styra stats export --series sjukfranvaro [--unit RS] [--from 2025-01] [--to 2026-04] --out fil.csv
    styra stats list
    styra stats show --series sjukfranvaro --unit RS --period ack:2026-03
    styra stats assess --round 2026-T1 [--dry-run] --user controller

File layouts and the configuration format: docs/statistics.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .base import CommandError, acting_user, add_round_option, add_user_option, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="statistikserier: sjukfrånvaro, personal, produktion, tillgänglighet",
        description="Statistikserier med dimensioner (kön, intervall, yrkesgrupp …): "
        "inställningar, import och export av värden. Formaten beskrivs i docs/statistics.md.",
    )
    actions = parser.add_subparsers(dest="stats_action", metavar="ÅTGÄRD", required=True)

    config = actions.add_parser(
        "config",
        help="dimensioner, serier, jämförelseområden och kopplingar",
        description="Läs in eller visa statistikens inställningar (YAML).",
    )
    config_actions = config.add_subparsers(dest="config_action", metavar="ÅTGÄRD", required=True)
    p = config_actions.add_parser(
        "load",
        help="läs in en inställningsfil",
        description="Läser in en inställningsfil (format styra-stats/1). Allt eller inget: "
        "vid fel skrivs ingenting och varje fel anges med fil och rad.",
    )
    p.add_argument("file", type=Path, metavar="FIL")
    add_user_option(p)
    p.set_defaults(handler=handle_config_load)
    p = config_actions.add_parser(
        "show", help="visa serier och dimensioner", description="Visar serier och dimensioner."
    )
    p.set_defaults(handler=handle_config_show)

    p = actions.add_parser(
        "import",
        help="läs in värden från CSV/XLSX",
        description="Läser in statistikvärden från en CSV- eller XLSX-fil i långt format "
        "(serie, enhet, period, periodtyp, en kolumn per dimension, värde, orsak) eller, med "
        "--mapping, i brett format. Allt eller inget; en period som läses in igen ersätts.",
    )
    p.add_argument("file", type=Path, metavar="FIL")
    p.add_argument("--mapping", type=Path, metavar="YAML", help="mappning för brett format")
    p.add_argument(
        "--dry-run", action="store_true", help="kontrollera och visa vad som skulle ändras"
    )
    add_user_option(p)
    p.set_defaults(handler=handle_import)

    p = actions.add_parser(
        "export",
        help="skriv ut värden till CSV/XLSX",
        description="Skriver värdena i importens långa format, så att filen kan redigeras "
        "och läsas in igen.",
    )
    p.add_argument("--series", required=True, metavar="KOD[,KOD]", help="seriernas koder")
    p.add_argument("--unit", action="append", metavar="KOD", help="bara dessa enheter")
    p.add_argument("--from", dest="start", metavar="ÅÅÅÅ-MM", help="perioder som slutar från")
    p.add_argument("--to", dest="end", metavar="ÅÅÅÅ-MM", help="perioder som slutar till")
    p.add_argument(
        "--out", type=Path, metavar="FIL", help="fil (.csv eller .xlsx); utan: CSV på skärmen"
    )
    p.set_defaults(handler=handle_export)

    p = actions.add_parser(
        "list",
        help="lista serierna och deras värden",
        description="Listar serierna med antal värden och perioder.",
    )
    p.set_defaults(handler=handle_list)

    p = actions.add_parser(
        "show",
        help="visa en series värden för en enhet och period",
        description="Visar en series värden per dimension för en enhet (eller ett område), "
        "med samma period föregående år och förändringen. Summor och härledda perioder "
        "räknas ut.",
    )
    p.add_argument("--series", required=True, metavar="KOD")
    p.add_argument("--unit", metavar="KOD", help="enhetens kod")
    p.add_argument("--area", metavar="KOD", help="jämförelseområdets kod, t.ex. riket")
    p.add_argument(
        "--period",
        required=True,
        metavar="TYP:PERIOD",
        help="t.ex. ack:2026-03, månad:2026-03, r12:2026-03, tidpunkt:2026-04-30, år:2025",
    )
    p.set_defaults(handler=handle_show)

    p = actions.add_parser(
        "assess",
        help="hämta kopplade nyckeltals utfall från statistiken",
        description="Skriver utfallet (och jämförelsevärdet, t.ex. riket) för de nyckeltal "
        "som är kopplade till en statistikserie, för uppföljningstillfällets period. Statusen "
        "föreslås som när värdet skrivs in; en vald status och kommentar behålls.",
    )
    add_round_option(p)
    p.add_argument("--dry-run", action="store_true", help="visa vad som skulle skrivas")
    add_user_option(p)
    p.set_defaults(handler=handle_assess)


# Handlers --------------------------------------------------------------------------------


def _fail(exc) -> CommandError:
    from django.core.exceptions import PermissionDenied

    from styra.formats.problems import ImportFailed

    if isinstance(exc, ImportFailed):
        lines = [str(p) for p in exc.problems]
        head = "filen har fel och ingenting har lästs in:"
        return CommandError("\n".join([head, *lines]))
    if isinstance(exc, PermissionDenied):
        return CommandError(str(exc) or "du saknar behörighet")
    return CommandError(str(exc))


def handle_config_load(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.formats.problems import ImportFailed
    from styra.stats.services import stats_config_load

    user = acting_user(args)
    try:
        result = stats_config_load(path=args.file, user=user)
    except (ImportFailed, PermissionDenied) as exc:
        raise _fail(exc) from None
    print(
        f"Inställningar från {args.file.name}: {result.dimensions} dimensioner "
        f"({result.members} värden), {result.series} serier, {result.areas} jämförelseområden, "
        f"{result.kolada_units} Kolada-id, {result.indicator_links} kopplingar till nyckeltal."
    )
    return 0


def handle_config_show(args) -> int:
    setup_django()
    from styra.stats.catalogue import Catalogue

    catalogue = Catalogue.load()
    print("Dimensioner:")
    for dim in catalogue.dimensions.values():
        print(f"  {dim.code:<12} {dim.name}: {', '.join(dim.labels.values())} ({dim.total_label})")
    print("Serier:")
    for series in catalogue.series.values():
        dims = ", ".join(series.dimensions) or "–"
        print(f"  {series.code:<24} {series.name} ({series.unit or '–'}; {dims})")
    if catalogue.areas:
        print("Jämförelseområden:")
        for area in catalogue.areas.values():
            print(
                f"  {area.code:<12} {area.name}"
                + (f" (Kolada {area.kolada_id})" if area.kolada_id else "")
            )
    return 0


def handle_import(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.formats.numbers import format_number
    from styra.formats.problems import ImportFailed
    from styra.stats.imports.mapping import Mapping
    from styra.stats.services import stat_values_import

    user = acting_user(args)
    try:
        mapping = Mapping.read(args.mapping) if args.mapping else None
        result = stat_values_import(
            path=args.file, mapping=mapping, dry_run=args.dry_run, user=user
        )
    except (ImportFailed, PermissionDenied) as exc:
        raise _fail(exc) from None

    def n(count: int) -> str:
        return format_number(count, 0)

    head = "Provkörning – ingenting har sparats" if result.dry_run else "Inläst"
    print(
        f"{head}: {result.file_name}, {n(result.value_count)} värden: {n(result.added)} nya, "
        f"{n(result.changed)} ändrade, {n(result.unchanged)} oförändrade, "
        f"{n(result.removed)} borttagna."
    )
    shown = result.periods if len(result.periods) <= 40 else result.periods[:40]
    for period in shown:
        print(
            f"  {period.series}, {period.period}: {n(period.added)} nya, {n(period.changed)} "
            f"ändrade, {n(period.unchanged)} oförändrade, {n(period.removed)} borttagna"
        )
    if len(result.periods) > len(shown):
        print(f"  … och {len(result.periods) - len(shown)} perioder till")
    if result.changes:
        print("Ändrade värden:")
        for change in result.changes:
            print(f"  rad {change.line}: {change.what}: {change.old} → {change.new}")
    return 0


def _month_bound(text: str | None, *, end: bool):
    from datetime import date

    from styra.stats.periods import PeriodError, month_end, parse_period

    if not text:
        return None
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        period = parse_period("month", text)
    except PeriodError as exc:
        raise CommandError(str(exc)) from None
    return month_end(period.end.year, period.end.month) if end else period.start


def handle_export(args) -> int:
    setup_django()
    from styra.stats.catalogue import Catalogue
    from styra.stats.exports import ExportSelection, write_csv, write_xlsx

    catalogue = Catalogue.load()
    codes = [c.strip() for c in args.series.split(",") if c.strip()]
    unknown = [c for c in codes if c not in catalogue.series]
    if unknown:
        raise CommandError(f"okänd serie: {', '.join(unknown)}")
    unit_ids = None
    if args.unit:
        missing = [u for u in args.unit if u not in catalogue.units]
        if missing:
            raise CommandError(f"okänd enhet: {', '.join(missing)}")
        unit_ids = [catalogue.units[u] for u in args.unit]
    selection = ExportSelection(
        series=[catalogue.series[c] for c in codes],
        unit_ids=unit_ids,
        start=_month_bound(args.start, end=False),
        end=_month_bound(args.end, end=True),
    )
    if args.out is None:
        write_csv(selection, sys.stdout, catalogue)
        return 0
    if args.out.suffix.lower() == ".xlsx":
        count = write_xlsx(selection, args.out, catalogue)
    else:
        with args.out.open("w", encoding="utf-8", newline="") as out:
            count = write_csv(selection, out, catalogue)
    print(f"{count} värden skrivna till {args.out}")
    return 0


def handle_list(args) -> int:
    setup_django()
    from styra.stats.selectors import series_overview

    rows = series_overview()
    if not rows:
        print("Inga statistikserier. Läs in inställningar med 'styra stats config load'.")
        return 0
    for row in rows:
        span = f"{row.first} – {row.last}" if row.count else "inga värden"
        print(f"{row.series.code:<24} {row.series.name:<44} {row.count:>9} värden  {span}")
    return 0


def handle_show(args) -> int:
    setup_django()
    from styra.formats.numbers import format_number, format_percent
    from styra.stats.catalogue import Catalogue
    from styra.stats.periods import PeriodError, parse_kind, parse_period
    from styra.stats.selectors import Subject, breakdown_table

    catalogue = Catalogue.load()
    series = catalogue.series.get(args.series)
    if series is None:
        raise CommandError(f"okänd serie: {args.series}")
    kind_text, sep, period_text = args.period.partition(":")
    if not sep:
        raise CommandError("ange perioden som TYP:PERIOD, t.ex. ack:2026-03")
    try:
        period = parse_period(parse_kind(kind_text), period_text)
    except PeriodError as exc:
        raise CommandError(str(exc)) from None
    if bool(args.unit) == bool(args.area):
        raise CommandError("ange antingen --unit eller --area")
    if args.unit:
        if args.unit not in catalogue.units:
            raise CommandError(f"okänd enhet: {args.unit}")
        subject = Subject(unit_id=catalogue.units[args.unit])
    else:
        area = catalogue.area(args.area)
        if area is None:
            raise CommandError(f"okänt område: {args.area}")
        subject = Subject(area_id=area.pk)
    table = breakdown_table(series, subject, period, catalogue=catalogue)
    previous = period.shift_years(-1)
    print(f"{series.name} ({series.unit}), {period.label} jämfört med {previous.label}")
    for row in table:
        now = format_number(row.value, series.decimals) if row.value is not None else row.missing
        before = format_number(row.previous, series.decimals) if row.previous is not None else "–"
        change = format_percent(row.change_pct) if row.change_pct is not None else "–"
        print(f"  {row.label:<40} {now:>12} {before:>12} {change:>10}")
    return 0


def handle_assess(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied, ValidationError

    from styra.followup.models import Round
    from styra.formats.numbers import format_number
    from styra.stats.services.assessments import indicator_values_fill

    user = acting_user(args)
    round_ = Round.objects.filter(code=args.round).select_related("plan").first()
    if round_ is None:
        raise CommandError(f"uppföljningstillfället {args.round} finns inte")
    try:
        filled = indicator_values_fill(round=round_, user=user, dry_run=args.dry_run)
    except (PermissionDenied, ValidationError) as exc:
        raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
    if not filled:
        print("Inga nyckeltal i planen är kopplade till en statistikserie.")
        return 0
    for row in filled:
        value = format_number(row.value, 2) if row.value is not None else row.missing_reason
        comparison = (
            f", jämförelse {format_number(row.comparison, 2)}" if row.comparison is not None else ""
        )
        state = (
            "oförändrat" if not row.changed else ("skulle skrivas" if args.dry_run else "skrivet")
        )
        print(f"{row.item_code}: {value} ({row.period}{comparison}) – {state}")
    return 0
