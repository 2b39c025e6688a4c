"""`styra sie inspect FIL [--json]`: check a SIE file and summarise it, without Django.

Exit codes: 0 the file is valid, 1 it is a readable SIE file with errors, 2 it is not
a SIE file or cannot be read. Failures are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys

from styra.economy.ledger.sie import Issue, SieError, SieResult, read_sie
from styra.formats.numbers import format_number

from .base import CommandError

EXIT_VALID = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
MAX_ISSUES_SHOWN = 50  # in the readable summary; --json lists all the reader kept


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sie",
        help="läs och kontrollera SIE-filer",
        description="Läser och kontrollerar SIE-filer (typ 1–4 och 4I) från ekonomisystemet.",
    )
    commands = parser.add_subparsers(dest="sie_command", metavar="KOMMANDO", title="kommandon")
    inspect = commands.add_parser(
        "inspect",
        help="kontrollera en SIE-fil och visa en sammanfattning",
        description=(
            "Läser SIE-filen, kontrollerar att varje verifikation balanserar och visar "
            "antal konton, objekt, verifikationer och transaktioner samt fel och varningar "
            "med radnummer. Slutkod 0: filen är giltig, 1: filen har fel, "
            "2: filen är ingen SIE-fil eller kan inte läsas."
        ),
    )
    inspect.add_argument("file", metavar="FIL", help="SIE-filen som ska läsas")
    inspect.add_argument("--json", action="store_true", help="skriv resultatet som ett JSON-objekt")
    inspect.set_defaults(handler=handle_inspect)
    parser.set_defaults(handler=lambda args: _print_help(parser))


def _print_help(parser) -> int:
    parser.print_help()
    return EXIT_UNREADABLE


def handle_inspect(args) -> int:
    try:
        result = read_sie(args.file, aggregate=False)
    except SieError as exc:
        raise CommandError(str(exc), exit_code=EXIT_UNREADABLE) from exc
    except Exception as exc:  # the boundary: a reader bug must not become a traceback
        raise CommandError(
            f"{args.file} kunde inte läsas: oväntat fel ({type(exc).__name__}: {exc})",
            exit_code=EXIT_UNREADABLE,
        ) from exc
    if args.json:
        json.dump(inspect_json(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(inspect_text(result))
    return EXIT_ERRORS if result.errors else EXIT_VALID


def _issue(issue: Issue) -> dict:
    return {"line": issue.line, "message": issue.message}


def inspect_json(result: SieResult) -> dict:
    """The --json object; `difference` is kronor with two decimals, `difference_ore` exact."""
    return {
        "file": str(result.path),
        "valid": result.is_valid,
        "sietyp": result.sietyp,
        "is_import_file": result.is_import_file,
        "program": result.program,
        "company": result.company,
        "orgnr": result.orgnr,
        "fiscal_years": [
            {"index": year.index, "start": year.start.isoformat(), "end": year.end.isoformat()}
            for year in result.fiscal_years
        ],
        "accounts": len(result.accounts),
        "dimensions": len(result.dimensions),
        "objects": len(result.objects),
        "vouchers": result.counts["vouchers"],
        "transactions": result.counts["transactions"],
        "period_balances": result.counts["period_balances"],
        "unbalanced_vouchers": [
            {
                "series": voucher.series,
                "number": voucher.number,
                "line": voucher.line,
                "difference": round(voucher.difference_ore / 100, 2),
                "difference_ore": voucher.difference_ore,
            }
            for voucher in result.unbalanced_vouchers
        ],
        "errors": [_issue(issue) for issue in result.errors],
        "warnings": [_issue(issue) for issue in result.warnings],
    }


def _issue_line(name: str, issue: Issue) -> str:
    where = f"{name}:{issue.line}" if issue.line is not None else name
    return f"  {where}: {issue.message}\n"


def inspect_text(result: SieResult) -> str:
    """A readable Swedish summary."""
    name = result.path.name
    kind = "importfil (4I)" if result.is_import_file else "exportfil"
    count = format_number
    lines = [
        f"Fil: {result.path}\n",
        f"SIE-typ: {result.sietyp if result.sietyp is not None else 'saknas'}, {kind}\n",
        f"Program: {result.program or '–'}\n",
        f"Företag: {result.company or '–'}" + (f" ({result.orgnr})" if result.orgnr else "") + "\n",
    ]
    for year in result.fiscal_years:
        lines.append(f"Räkenskapsår {year.index}: {year.start} – {year.end}\n")
    lines.append(
        f"Konton: {count(len(result.accounts))}, dimensioner: {count(len(result.dimensions))}, "
        f"objekt: {count(len(result.objects))}\n"
    )
    lines.append(
        f"Verifikationer: {count(result.counts['vouchers'])}, "
        f"transaktioner: {count(result.counts['transactions'])}, "
        f"periodsaldon och periodbudgetar: {count(result.counts['period_balances'])}\n"
    )
    if result.unbalanced_vouchers:
        lines.append(f"Obalanserade verifikationer: {count(len(result.unbalanced_vouchers))}\n")
    for title, issues in (("Fel", result.errors), ("Varningar", result.warnings)):
        if issues:
            lines.append(f"{title} ({count(len(issues))}):\n")
            lines.extend(_issue_line(name, issue) for issue in issues[:MAX_ISSUES_SHOWN])
            if len(issues) > MAX_ISSUES_SHOWN:
                lines.append(f"  … och {count(len(issues) - MAX_ISSUES_SHOWN)} till (se --json)\n")
    if result.errors:
        lines.append(f"Resultat: filen har {count(len(result.errors))} fel.\n")
    else:
        lines.append("Resultat: filen är giltig.\n")
    return "".join(lines)
