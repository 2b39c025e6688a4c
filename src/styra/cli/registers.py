"""`styra register`: forecasts, savings measures and investments (the economy registers).

    styra register forecast set --round 2026-T1 --unit RS-HR --amount -59,0 --in mkr --user NAMN
    styra register forecast import prognoser.csv --round 2026-T1 --user NAMN
    styra register forecast list --round 2026-T1 --unit RS-STAB
    styra register savings import atgarder.csv --round 2026-T1 --user NAMN
    styra register savings oaa --round 2026-T1 --unit RS --value 567,0 --previous 565,5 --user NAMN
    styra register savings oaa-import oaa.csv --round 2026-T1 --user NAMN
    styra register investments import investeringar.xlsx --round 2026-T1 --user NAMN
    styra register investments list --round 2026-T1
    styra register investment-categories load kategorier.yaml --user NAMN
    styra register investment-categories list
    styra register adjustments import justeringar.csv --user NAMN [--year 2026]
    styra register adjustments list --year 2026 --unit REG
    styra register records import uppgifter.csv --user NAMN

Every write names who acts (`--user`, or STYRA_USER) and is checked exactly as the same
write on the web (docs/registers.md, "Who may change what"). The ledger's commands are
`styra ledger …` (cli/ledger.py).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from .base import (
    CommandError,
    acting_user,
    add_round_option,
    add_unit_option,
    add_user_option,
    setup_django,
)

# argparse takes "-39,2" for an option; amounts with a decimal comma are values.
_NEGATIVE_AMOUNT = re.compile(r"^-\d[\d\s\u00a0,.]*$")


def _parser(subparsers, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help, description=description)
    parser._negative_number_matcher = _NEGATIVE_AMOUNT
    return parser


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "register",
        help="prognoser, resultatförbättrande åtgärder och investeringar",
        description="Registrera och lista helårsprognoser, resultatförbättrande åtgärder "
        "och investeringar. Filformaten beskrivs i docs/registers.md.",
    )
    groups = parser.add_subparsers(dest="register_group", metavar="REGISTER", required=True)

    forecast = groups.add_parser(
        "forecast",
        help="helårsprognoser per enhet",
        description="Helårsprognoser per enhet och uppföljningstillfälle.",
    )
    actions = forecast.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    p = _parser(
        actions,
        "set",
        "ange en enhets helårsprognos",
        "Anger eller ändrar en enhets helårsprognos. Belopp med decimalkomma, "
        "nettokostnad negativ, t.ex. --amount -39,2 --in mkr.",
    )
    add_round_option(p)
    add_unit_option(p)
    p.add_argument("--amount", required=True, metavar="BELOPP", help="prognosen, t.ex. -39,2")
    p.add_argument(
        "--in",
        dest="scale",
        choices=["kr", "tkr", "mkr"],
        default="mkr",
        help="beloppets enhet (standard mkr)",
    )
    p.add_argument("--comment", metavar="TEXT", help="kommentar till prognosen")
    add_user_option(p)
    p.set_defaults(handler=forecast_set)
    p = _parser(
        actions,
        "import",
        "läs in prognoser från CSV/XLSX",
        "Läser in prognoser från en CSV- eller XLSX-fil med kolumnerna enhet och "
        "prognos_mkr (eller prognos_tkr, prognos_kr), valfritt kommentar. "
        "Allt eller inget: vid fel skrivs ingenting.",
    )
    p.add_argument("file", metavar="FIL")
    add_round_option(p)
    add_user_option(p)
    p.set_defaults(handler=forecast_import)
    p = _parser(
        actions,
        "list",
        "visa prognostabellen",
        "Visar prognos, budget, avvikelse och föregående prognos för enhetens underenheter (mkr).",
    )
    add_round_option(p)
    add_unit_option(p)
    p.set_defaults(handler=forecast_list)

    savings = groups.add_parser(
        "savings",
        help="resultatförbättrande åtgärder",
        description="Resultatförbättrande åtgärder per uppföljningstillfälle.",
    )
    actions = savings.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    p = _parser(
        actions,
        "import",
        "läs in åtgärder från CSV/XLSX",
        "Läser in åtgärder (kod, enhet, namn, typ, kategori, helarseffekt_mkr, "
        "utfall_mkr, utfall_fg_ar_mkr, status, kommentar). Allt eller inget.",
    )
    p.add_argument("file", metavar="FIL")
    add_round_option(p)
    add_user_option(p)
    p.set_defaults(handler=savings_import)
    p = _parser(
        actions,
        "list",
        "visa åtgärdstabellen",
        "Visar åtgärderna med beräknad delsumma och totalsumma (mkr).",
    )
    add_round_option(p)
    add_unit_option(p, required=False)
    p.set_defaults(handler=savings_list)
    p = _parser(
        actions,
        "oaa",
        "ange omräknad årsarbetskraft (OÅA)",
        "Anger en enhets omräknade årsarbetskraft för perioden, i år och föregående år.",
    )
    add_round_option(p)
    add_unit_option(p)
    p.add_argument("--value", required=True, metavar="OÅA", help="OÅA i år, t.ex. 567,0")
    p.add_argument("--previous", metavar="OÅA", help="OÅA samma period föregående år")
    add_user_option(p)
    p.set_defaults(handler=savings_oaa)
    p = _parser(
        actions,
        "oaa-import",
        "läs in OÅA från CSV/XLSX",
        "Läser in omräknad årsarbetskraft per enhet (kolumner enhet, oaa, oaa_fg_ar). "
        "Allt eller inget.",
    )
    p.add_argument("file", metavar="FIL")
    add_round_option(p)
    add_user_option(p)
    p.set_defaults(handler=workforce_import)

    investments = groups.add_parser(
        "investments", help="investeringar", description="Investeringsobjekt och deras utfall."
    )
    actions = investments.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    p = _parser(
        actions,
        "import",
        "läs in investeringar från CSV/XLSX",
        "Läser in investeringsobjekt för uppföljningstillfällets år och deras utfall "
        "(kolumner i docs/registers.md). Allt eller inget.",
    )
    p.add_argument("file", metavar="FIL")
    add_round_option(p)
    add_user_option(p)
    p.set_defaults(handler=investments_import)
    p = _parser(
        actions,
        "list",
        "visa investeringar per kategori",
        "Visar utfall och budget per kategori och totalt (tkr).",
    )
    add_round_option(p)
    add_unit_option(p, required=False)
    p.set_defaults(handler=investments_list)

    adjustments = groups.add_parser(
        "adjustments",
        help="jämförelsestörande poster (justerat resultat)",
        description="Engångsposter i enheternas bokförda resultat (t.ex. pandemikostnader, "
        "omfakturering, intäkter bokförda på annan enhet) med belopp, orsak och källa. "
        "Justerat resultat = bokfört resultat − posterna (docs/registers.md).",
    )
    actions = adjustments.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    p = _parser(
        actions,
        "import",
        "läs in jämförelsestörande poster från CSV/XLSX",
        "Kolumner: enhet;kod;manad;belopp_mkr (eller _tkr, _kr);orsak;kalla. Beloppet är "
        "postens del av det bokförda resultatet med huvudbokens tecken (en kostnad är "
        "negativ). Samma enhet och kod ändrar posten. Allt eller inget; poster i en månad "
        "som ett fastställt uppföljningstillfälle bygger på ändras inte.",
    )
    p.add_argument("file", metavar="FIL")
    p.add_argument("--year", type=int, metavar="ÅÅÅÅ", help="vägra rader för andra år")
    add_user_option(p)
    p.set_defaults(handler=adjustments_import)
    p = _parser(
        actions,
        "list",
        "visa jämförelsestörande poster",
        "Visar årets poster för en enhet och enheterna under den (mkr), med orsak och källa.",
    )
    p.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ")
    add_unit_option(p)
    p.set_defaults(handler=adjustments_list)

    records = groups.add_parser(
        "records",
        help="pensionsskuld, ansvarsförbindelse och likviditet med källa",
        description="Ekonomiska uppgifter som huvudboken inte ger: avsättning för pensioner, "
        "ansvarsförbindelsen, pensionskostnader, likvida medel och checkkredit, per enhet "
        "och datum med källa (docs/registers.md).",
    )
    actions = records.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    p = _parser(
        actions,
        "import",
        "läs in ekonomiska uppgifter från CSV/XLSX",
        "Kolumner: enhet;typ;datum;belopp_mkr (eller _tkr, _kr);kalla. typ är "
        "pensionsavsattning, ansvarsforbindelse, pensionskostnad, likvida_medel eller "
        "checkkredit. Samma enhet, typ och datum ändrar uppgiften. Allt eller inget.",
    )
    p.add_argument("file", metavar="FIL")
    add_user_option(p)
    p.set_defaults(handler=records_import)

    categories = groups.add_parser(
        "investment-categories",
        help="organisationens investeringskategorier",
        description="Investeringskategorierna, deras ordning och delsummor, som "
        "organisationen definierar i en YAML-, CSV- eller XLSX-fil (docs/registers.md).",
    )
    actions = categories.add_subparsers(dest="action", metavar="ÅTGÄRD", required=True)
    p = _parser(
        actions,
        "load",
        "läs in investeringskategorierna från en fil",
        "Gör kategorierna i filen till organisationens, i filens ordning. Kategorier som "
        "inte finns i filen tas bort; en kategori med investeringsobjekt kan inte tas "
        "bort. Allt eller inget. Exempel: "
        "src/styra/economy/registers/config/investeringskategorier-t1-2026.yaml.",
    )
    p.add_argument("file", metavar="FIL", help="YAML-, CSV- eller XLSX-filen")
    add_user_option(p)
    p.set_defaults(handler=investment_categories_load)
    p = _parser(
        actions,
        "list",
        "visa investeringskategorierna",
        "Visar kategorierna i utskriftsordning med kod, namn och delsumma.",
    )
    p.set_defaults(handler=investment_categories_list)


# Handlers ----------------------------------------------------------------------------


def _round(code: str):
    from styra.followup.models import Round

    try:
        return Round.objects.select_related("plan").get(code=code)
    except Round.DoesNotExist:
        raise CommandError(_("okänt uppföljningstillfälle: %(code)s") % {"code": code}) from None


def _unit(code: str | None):
    from styra.org.models import Unit

    if code is None:
        return None
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise CommandError(_("okänd enhet: %(code)s") % {"code": code}) from None


def _refusal(exc) -> CommandError:
    """A service's refusal (ValidationError or PermissionDenied) as one line."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        return CommandError(" ".join(exc.messages))
    return CommandError(str(exc))


def forecast_set(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied, ValidationError

    from styra.economy.registers import services
    from styra.formats.amounts import AmountError, to_kronor
    from styra.formats.numbers import format_mkr

    user = acting_user(args)
    round_, unit = _round(args.round), _unit(args.unit)
    try:
        amount = to_kronor(args.amount, args.scale)
        forecast = services.forecast_set(
            round=round_, unit=unit, amount=amount, comment=args.comment, user=user
        )
    except AmountError as exc:
        raise CommandError("--amount: " + str(exc)) from None
    except (ValidationError, PermissionDenied) as exc:
        raise _refusal(exc) from None
    print(
        _("%(round)s %(unit)s: helårsprognos %(amount)s mkr")
        % {"round": round_.code, "unit": unit.code, "amount": format_mkr(forecast.amount)}
    )
    return 0


def _import(args, name: str) -> int:
    """Run the import `name` of `styra.economy.registers.imports` as the acting user.

    Django starts first: the imports' models and the Swedish texts need it (a real run
    crashed with AppRegistryNotReady when this came second).
    """
    setup_django()
    from styra.economy.registers import imports

    run, what = {
        "forecast": (imports.forecast_import, _("prognoser")),
        "savings": (imports.savings_import, _("åtgärder")),
        "workforce": (imports.workforce_import, _("enheter med OÅA")),
        "investments": (imports.investment_import, _("investeringar")),
    }[name]
    user = acting_user(args)
    round_ = _round(args.round)
    return _run_import(
        lambda: run(path=args.file, round=round_, user=user),
        _(
            "%(file)s: %(rows)s %(what)s inlästa (%(created)s nya, %(updated)s ändrade) för %(round)s"
        ),
        what=what,
        round=round_.code,
    )


def _run_import(run: Callable[[], Any], message: str, **more: object) -> int:
    """Run a register import; a refused file names its problems, a done one its counts
    (`message` with file, rows, created, updated and `more`)."""
    from styra.formats.problems import ImportFailed

    try:
        result = run()
    except ImportFailed as exc:
        raise CommandError(_("ingenting inläst:") + "\n" + str(exc)) from None
    counts = {"file": result.file, "rows": result.rows, "created": result.created}
    print(message % {**counts, "updated": result.updated, **more})
    return 0


def forecast_import(args) -> int:
    return _import(args, "forecast")


def savings_import(args) -> int:
    return _import(args, "savings")


def workforce_import(args) -> int:
    return _import(args, "workforce")


def investments_import(args) -> int:
    return _import(args, "investments")


def adjustments_import(args) -> int:
    setup_django()
    from styra.economy.registers import imports

    user = acting_user(args)
    return _run_import(
        lambda: imports.result_adjustment_import(path=args.file, year=args.year, user=user),
        _(
            "%(file)s: %(rows)s jämförelsestörande poster inlästa (%(created)s nya, %(updated)s ändrade)"
        ),
    )


def records_import(args) -> int:
    setup_django()
    from styra.economy.registers import imports

    user = acting_user(args)
    return _run_import(
        lambda: imports.financial_record_import(path=args.file, user=user),
        _("%(file)s: %(rows)s ekonomiska uppgifter inlästa (%(created)s nya, %(updated)s ändrade)"),
    )


def adjustments_list(args) -> int:
    setup_django()
    from styra.economy.registers import selectors
    from styra.formats.numbers import format_mkr

    unit = _unit(args.unit)
    rows = [
        [a.unit.code, a.code, a.month.strftime("%Y-%m"), format_mkr(a.amount), a.reason, a.source]
        for a in selectors.result_adjustment_list(unit=unit, year=args.year)
    ]
    _print_table(["Enhet", "Kod", "Månad", "Mkr", "Orsak", "Källa"], rows)
    return 0


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells).rstrip())


def forecast_list(args) -> int:
    setup_django()
    from styra.economy.registers import selectors
    from styra.formats.numbers import format_mkr

    round_, unit = _round(args.round), _unit(args.unit)
    table = selectors.forecast_table(round=round_, unit=unit)
    header = [
        _("Enhet (mkr)"),
        _("Prognos %(year)s") % {"year": round_.period_end.year},
        _("Budget %(year)s") % {"year": round_.period_end.year},
        _("Avvikelse"),
        _("Föreg. prognos"),
        _("Förändring"),
    ]
    rows = [
        [
            r.name,
            format_mkr(r.forecast),
            format_mkr(r.budget),
            format_mkr(r.deviation),
            format_mkr(r.previous),
            format_mkr(r.change),
        ]
        for r in [*table.rows, table.total]
    ]
    rows[-1][0] = _("Totalt")
    _print_table(header, rows)
    return 0


def savings_list(args) -> int:
    setup_django()
    from styra.economy.registers import selectors
    from styra.formats.numbers import format_mkr, format_number

    round_ = _round(args.round)
    table = selectors.savings_table(round=round_, unit=_unit(args.unit))

    def line(label, r, status=""):
        return [
            label,
            format_mkr(r.planned_effect),
            format_mkr(r.outcome),
            format_mkr(r.outcome_previous),
            format_mkr(r.change),
            status,
        ]

    rows = [line(m.name, m, m.status.label if m.status else "") for m in table.measures]
    rows.append(line(_("Delsumma"), table.subtotal))
    rows += [line(m.name, m, m.status.label if m.status else "") for m in table.personnel]
    rows.append(line(_("Totalt"), table.total))
    if table.workforce:
        w = table.workforce
        rows.append(
            [
                "OÅA",
                "",
                format_number(w.outcome, 1),
                format_number(w.outcome_previous, 1),
                format_number(w.change, 1),
                "",
            ]
        )
    year = round_.period_end.year
    _print_table(
        [
            _("Aktivitet (mkr)"),
            _("Helårseffekt"),
            _("Utfall %(year)s") % {"year": year},
            _("Utfall %(year)s") % {"year": year - 1},
            _("Förändring"),
            _("Status"),
        ],
        rows,
    )
    return 0


def savings_oaa(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied, ValidationError

    from styra.economy.registers import services
    from styra.formats.amounts import AmountError, parse_number_sv

    user = acting_user(args)
    round_, unit = _round(args.round), _unit(args.unit)
    try:
        value = parse_number_sv(args.value)
        previous = parse_number_sv(args.previous) if args.previous else None
        services.workforce_set(round=round_, unit=unit, fte=value, fte_previous=previous, user=user)
    except AmountError as exc:
        raise CommandError(str(exc)) from None
    except (ValidationError, PermissionDenied) as exc:
        raise _refusal(exc) from None
    print(
        _("%(round)s %(unit)s: OÅA %(value)s")
        % {"round": round_.code, "unit": unit.code, "value": args.value}
    )
    return 0


def investments_list(args) -> int:
    setup_django()
    from styra.economy.registers import selectors
    from styra.formats.numbers import format_tkr

    round_ = _round(args.round)
    summary = selectors.investment_summary(round=round_, unit=_unit(args.unit))
    rows = []
    for group in summary.overview():
        if isinstance(group, selectors.InvestmentSubtotal):
            rows.append(
                [str(group.label), format_tkr(group.outcome_year), format_tkr(group.budget_year)]
            )
            continue
        for r in group.rows:
            rows.append(
                [
                    f"  {r.investment.unit.code} {r.investment.name}",
                    format_tkr(r.outcome_year),
                    format_tkr(r.investment.budget_year),
                ]
            )
        rows.append(
            [
                _("Summa %(category)s") % {"category": group.label},
                format_tkr(group.outcome_year),
                format_tkr(group.budget_year),
            ]
        )
    rows.append([_("Totalt"), format_tkr(summary.outcome_year), format_tkr(summary.budget_year)])
    year = round_.period_end.year
    _print_table(
        [
            _("Investeringar (tkr)"),
            _("Utfall %(year)s") % {"year": year},
            _("Budget %(year)s") % {"year": year},
        ],
        rows,
    )
    return 0


def investment_categories_load(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.economy.registers import services
    from styra.economy.registers.categories import read_categories_file
    from styra.formats.problems import ImportFailed

    path = args.file
    try:
        read_categories_file(path)  # a broken file is named before anyone is looked up
        result = services.investment_categories_load(path=path, user=acting_user(args))
    except ImportFailed as exc:
        raise CommandError(_("ingenting inläst:") + "\n" + str(exc)) from None
    except PermissionDenied as exc:
        raise _refusal(exc) from None
    print(
        _(
            "%(file)s: investeringskategorierna inlästa (%(created)s nya, %(updated)s "
            "ändrade, %(removed)s borttagna)"
        )
        % {
            "file": result.file,
            "created": result.created,
            "updated": result.updated,
            "removed": result.removed,
        }
    )
    return 0


def investment_categories_list(args) -> int:
    setup_django()
    from styra.economy.registers import selectors

    for number, category in enumerate(selectors.investment_categories(), start=1):
        line = f"{number:>2}. {category.code}: {category.name}"
        if category.subtotal_label:
            line += " · " + _("delsumma: %(label)s") % {"label": category.subtotal_label}
        if category.for_plan_decisions:
            line += " · " + _("beslutade objekt i investeringsplanen")
        print(line)
    return 0
