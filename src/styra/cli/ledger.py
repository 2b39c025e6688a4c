"""`styra ledger …`: the ledger (huvudbok) from the shell.

    styra ledger import sie FIL --year 2026 --user NAMN [--dry-run] [--dimension 1] [--source NAMN]
    styra ledger import csv FIL --year 2026 --user NAMN [--dry-run] [--source NAMN]   (CSV or XLSX)
    styra ledger import balances FIL --year 2026 --user NAMN [--dry-run] [--entity ENHET]
    styra ledger mapping load FIL --user NAMN [--default]
    styra ledger table --unit RS --period 2026-04 [--rows t1-2026] [--json]

Imports and row set loads are writes: they name who acts (`--user`, or STYRA_USER): a
controller or administrator of the units whose cost centres an import writes, of the
top unit for a row set (docs/ledger.md). A dry run writes nothing and needs no user. `styra sie inspect` (cli/sie.py) reads a SIE file
without a database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .base import CommandError, acting_user, add_unit_option, add_user_option, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ledger",
        help="huvudbok: import, analystabell och kontomappning",
        description=(
            "Huvudboken: import av utfall och budget (SIE, CSV, XLSX), tabellen Ekonomisk "
            "analys och rapportrader med kontomappning. Beskrivs i docs/ledger.md."
        ),
    )
    commands = parser.add_subparsers(dest="ledger_command", metavar="KOMMANDO", title="kommandon")
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)
    _register_import(commands)

    table = commands.add_parser(
        "table",
        help="visa den ekonomiska analysen för en enhet och period",
        description=(
            "Visar tabellen Ekonomisk analys (ack. utfall, ack. budget, avvikelse, "
            "föregående år i dagens organisation) i tkr för en enhet och dess underenheter."
        ),
    )
    add_unit_option(table)
    table.add_argument(
        "--period", required=True, metavar="ÅÅÅÅ-MM", help="periodens sista månad, t.ex. 2026-04"
    )
    table.add_argument("--rows", metavar="KOD", help="raduppsättning (standard: standardraderna)")
    table.add_argument("--json", action="store_true", help="skriv oavrundade belopp som JSON")
    table.set_defaults(handler=handle_table)

    mapping = commands.add_parser(
        "mapping",
        help="rapportrader och kontomappning",
        description="Läser in raduppsättningar (rapportrader med kontointervall) från YAML.",
    )
    mapping_commands = mapping.add_subparsers(dest="mapping_command", metavar="KOMMANDO")
    load = mapping_commands.add_parser(
        "load",
        help="läs in en raduppsättning från en YAML-fil",
        description=(
            "Skapar eller ersätter raduppsättningen i filen. Exempel: "
            "src/styra/economy/ledger/mappings/t1-2026.yaml, kommun-bas.yaml."
        ),
    )
    load.add_argument("file", metavar="FIL", help="YAML-filen")
    load.add_argument("--default", action="store_true", help="gör den till standardraderna")
    add_user_option(load)
    load.set_defaults(handler=handle_mapping_load)
    mapping.set_defaults(handler=lambda args: mapping.print_help() or 2)


def _register_import(commands) -> None:
    parser = commands.add_parser(
        "import",
        help="importera huvudbok (SIE, CSV, XLSX)",
        description=(
            "Importerar utfall och budget per kostnadsställe, konto och månad. Samma källa "
            "och år ersätter den tidigare importen; allt eller inget skrivs. En import som "
            "skulle ändra siffror i ett fastställt uppföljningstillfälle avvisas."
        ),
    )
    formats = parser.add_subparsers(dest="import_format", metavar="FORMAT", title="format")
    sie = formats.add_parser(
        "sie",
        help="importera en SIE-fil",
        description=(
            "Importerar ett räkenskapsår ur en SIE-fil: utfall ur verifikationerna (eller "
            "#PSALDO om filen saknar verifikationer) och budget ur #PBUDGET, per objekt i "
            "vald dimension (kostnadsställe). Okända kostnadsställen och obalanserade "
            "verifikationer stoppar importen."
        ),
    )
    csv = formats.add_parser(
        "csv",
        help="importera en CSV- eller XLSX-fil",
        description=(
            "Importerar en tabell med kolumnerna kostnadsställe;konto;månad;typ;belopp "
            "(månad ÅÅÅÅ-MM eller ÅÅÅÅ för helårsbudget, typ utfall/budget/prognos, "
            "belopp i kronor med decimalkomma). Filer som slutar på .xlsx läses som Excel."
        ),
    )
    balances = formats.add_parser(
        "balances",
        help="importera balanser (IB, UB, periodens förändring) från CSV eller XLSX",
        description=(
            "Importerar balanskonton (klass 1–2) i långt format med kolumnerna "
            "konto;enhet;objekt;period;typ;belopp (enhet och objekt valfria, period ÅÅÅÅ-MM, "
            "ÅÅÅÅ-MM-DD eller ÅÅÅÅ, typ IB/UB/period, belopp i kronor med decimalkomma, "
            "debet positivt som i SIE). Samma källa och år ersätter den tidigare importen; "
            "allt eller inget skrivs; balanser som ett fastställt uppföljningstillfälle "
            "bygger på ändras inte. Beskrivs i docs/ledger.md."
        ),
    )
    for command in (sie, csv, balances):
        command.add_argument("file", metavar="FIL", help="filen som ska importeras")
        command.add_argument(
            "--year", type=int, required=True, metavar="ÅÅÅÅ", help="räkenskapsåret"
        )
        command.add_argument(
            "--dry-run",
            action="store_true",
            help="visa vad som skulle ändras, skriv inget (kräver ingen --user)",
        )
        command.add_argument(
            "--source",
            metavar="NAMN",
            help="källans namn (standard: företagsnamnet i SIE-filen, filnamnet för CSV)",
        )
        add_user_option(command)
    csv.add_argument(
        "--allow-empty",
        action="store_true",
        help="en fil med bara rubrikraden tömmer källan för året (annars vägras den)",
    )
    sie.add_argument(
        "--dimension", type=int, default=1, metavar="N", help="objektdimension (standard 1)"
    )
    for command in (sie, balances):
        command.add_argument(
            "--entity",
            metavar="ENHET",
            help="enheten vars balansräkning filen är (standard: organisationens översta enhet)",
        )
    sie.add_argument(
        "--default-cost-centre",
        metavar="KOD",
        help="kostnadsställe för resultatbelopp utan objekt (t.ex. ett bolag utan kostnadsställen)",
    )
    sie.set_defaults(handler=handle_import_sie)
    csv.set_defaults(handler=handle_import_csv)
    balances.set_defaults(handler=handle_import_balances)
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)


# --------------------------------------------------------------------------- handlers


def _existing_file(name: str) -> Path:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: filen finns inte", 2)
    return path


def _importer(args):
    """Who imports: the `--user`; a dry run writes nothing and looks no one up."""
    return None if args.dry_run else acting_user(args)


def _run_import(run: Callable[[], Any]) -> int:
    """Run a ledger import and print its report; a refusal prints what was found
    before it and says why (permission, the file's problems, the ledger's rules)."""
    from django.core.exceptions import PermissionDenied

    from styra.economy.ledger.services import LedgerImportError
    from styra.formats.problems import ImportFailed

    try:
        report = run()
    except PermissionDenied as exc:
        raise CommandError(str(exc)) from None
    except ImportFailed as exc:
        raise CommandError("Filen har fel och importerades inte:\n" + str(exc)) from None
    except LedgerImportError as exc:
        if exc.report:
            _print_report(exc.report)
        raise CommandError(str(exc)) from None
    _print_report(report)
    return 0


def handle_import_sie(args) -> int:
    setup_django()
    from styra.economy.ledger.services.sie_import import ledger_import_sie

    user = _importer(args)
    path = _existing_file(args.file)
    return _run_import(
        lambda: ledger_import_sie(
            path=path,
            year=args.year,
            dimension=args.dimension,
            source=args.source,
            entity=args.entity,
            default_cost_centre=args.default_cost_centre,
            dry_run=args.dry_run,
            user=user,
        )
    )


def handle_import_csv(args) -> int:
    setup_django()
    from styra.economy.ledger.services.table_import import ledger_import_table

    user = _importer(args)
    path = _existing_file(args.file)
    return _run_import(
        lambda: ledger_import_table(
            path=path,
            year=args.year,
            source=args.source,
            dry_run=args.dry_run,
            user=user,
            allow_empty=args.allow_empty,
        )
    )


def handle_import_balances(args) -> int:
    setup_django()
    from styra.economy.ledger.services.balance_import import ledger_import_balances

    user = _importer(args)
    path = _existing_file(args.file)
    return _run_import(
        lambda: ledger_import_balances(
            path=path,
            year=args.year,
            source=args.source,
            entity=args.entity,
            dry_run=args.dry_run,
            user=user,
        )
    )


def _print_report(report) -> None:
    from styra.formats.numbers import format_number
    from styra.org.models import CostCentre, Unit
    from styra.org.selectors import cost_centre_units_on

    def kr(value) -> str:
        return format_number(value, 2)

    head = "Provkörning – inget skrevs" if report.dry_run else "Importerat"
    print(f"{head}: källa {report.source!r}, år {report.fiscal_year}")
    print(f"  fakta: {report.fact_count} (ersätter {report.replaced_count})")
    if report.excluded_count:
        print(f"  rader på balanskonton (importeras inte): {report.excluded_count}")
    if report.balance_count:
        print(f"  balansposter (klass 1–2) för {report.entity}: {report.balance_count}")
    print(f"  summa utfall: {kr(report.outcome_total)} kr")
    print(f"  summa budget: {kr(report.budget_total)} kr")
    if report.per_cost_centre:
        centre_units = cost_centre_units_on(date(report.fiscal_year, 12, 31))
        centres = dict(
            CostCentre.objects.filter(code__in=report.per_cost_centre).values_list("code", "pk")
        )
        unit_codes = dict(Unit.objects.values_list("pk", "code"))
        per_unit: dict[str, list] = {}
        for code, amounts in report.per_cost_centre.items():
            centre = centres.get(code)
            unit_pk = centre_units.get(centre) if centre is not None else None
            unit = unit_codes.get(unit_pk, "?") if unit_pk is not None else "?"
            totals = per_unit.setdefault(unit, [0, 0])
            totals[0] += amounts["outcome"]
            totals[1] += amounts["budget"]
        print("  per enhet (utfall / budget, kr):")
        for unit in sorted(per_unit):
            outcome, budget = per_unit[unit]
            print(f"    {unit:<16} {kr(outcome):>22} {kr(budget):>22}")
    if report.unknown_cost_centres:
        print("  okända kostnadsställen: " + ", ".join(report.unknown_cost_centres))
    if report.unmapped_accounts:
        print("  konton utan rapportrad (importeras, varning):")
        for account, amount in sorted(report.unmapped_accounts.items()):
            print(f"    {account:<10} {kr(amount):>22} kr")
    other = [w for w in report.warnings if not w.startswith("Konto ")]
    for warning in other:
        print(f"  varning: {warning}")


def handle_mapping_load(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.economy.ledger.mapping import MappingError, read_row_set_file
    from styra.economy.ledger.services import row_set_load

    path = _existing_file(args.file)
    try:
        read_row_set_file(path)  # a broken file is named before anyone is looked up
        row_set = row_set_load(path=path, make_default=args.default or None, user=acting_user(args))
    except (MappingError, PermissionDenied) as exc:
        raise CommandError(str(exc)) from None
    rows = row_set.rows.count()
    default = " (standard)" if row_set.is_default else ""
    print(f"Raduppsättningen {row_set.code}{default} har {rows} rader.")
    return 0


def _period_end(text: str) -> date:
    from styra.economy.ledger.selectors import month_end

    try:
        year, month = (int(part) for part in text.split("-"))
        return month_end(year, month)
    except ValueError:
        raise CommandError(f"ogiltig period {text!r}: skriv ÅÅÅÅ-MM, t.ex. 2026-04", 2) from None


def handle_table(args) -> int:
    setup_django()
    from styra.economy.ledger import selectors
    from styra.economy.ledger.models import ReportRowSet
    from styra.formats.numbers import format_percent, format_tkr
    from styra.org.models import Unit

    period_end = _period_end(args.period)
    try:
        unit = Unit.objects.get(code=args.unit)
    except Unit.DoesNotExist:
        raise CommandError(f"enheten {args.unit} finns inte") from None
    try:
        row_set = selectors.row_set_get(args.rows)
    except ReportRowSet.DoesNotExist:
        raise CommandError(
            "raduppsättningen finns inte; läs in en med `styra ledger mapping load FIL`"
        ) from None
    table = selectors.economic_table(unit=unit, period_end=period_end, row_set=row_set)
    if args.json:
        print(json.dumps(_table_json(table), ensure_ascii=False, indent=2))
        return 0
    print(
        f"Ekonomisk analys, {table.unit_name} ({unit.code}), "
        f"{table.period_start:%Y-%m}–{table.period_end:%Y-%m}, tkr"
    )
    headers = ["Ack utfall", "Ack budget", "Bud-Utf Diff", "Ack utfall fg år", "Diff fg år", "%"]
    print(f"{'':<32}" + "".join(f"{h:>17}" for h in headers))
    for row in table.rows:
        cells = [
            format_tkr(row.outcome),
            format_tkr(row.budget),
            format_tkr(row.budget_diff),
            format_tkr(row.outcome_prev),
            format_tkr(row.prev_diff),
            format_percent(row.prev_diff_percent),
        ]
        print(f"{row.label:<32}" + "".join(f"{c:>17}" for c in cells))
    for ratio in table.ratios:
        print(f"{ratio.label}: {format_percent(ratio.value)} ({ratio.definition})")
    if table.unmapped:
        print("Konton utan rapportrad: " + ", ".join(u.account for u in table.unmapped))
    return 0


def _table_json(table) -> dict:
    def text(value):
        return None if value is None else str(value)

    return {
        "unit": table.unit.code,
        "unit_name": table.unit_name,
        "row_set": table.row_set.code,
        "period": [table.period_start.isoformat(), table.period_end.isoformat()],
        "previous_period": [table.prev_period_start.isoformat(), table.prev_period_end.isoformat()],
        "budget_profile": table.budget_profile,
        "rows": [
            {
                "code": row.code,
                "label": row.label,
                "kind": row.kind,
                "outcome": text(row.outcome),
                "budget": text(row.budget),
                "budget_diff": text(row.budget_diff),
                "outcome_prev": text(row.outcome_prev),
                "prev_diff": text(row.prev_diff),
                "prev_diff_percent": text(row.prev_diff_percent),
            }
            for row in table.rows
        ],
        "ratios": {r.code: text(r.value) for r in table.ratios},
        "unmapped_accounts": [u.account for u in table.unmapped],
    }
