"""`styra plan`: import, export and list plans (format: docs/plan-format.md).

styra plan import rs-2026.yaml --user controller [--dry-run]
styra plan export --plan rs-2026 [--out rs-2026.yaml]
styra plan list
"""

from __future__ import annotations

import sys
from pathlib import Path

from .base import CommandError, acting_user, add_plan_option, add_user_option, setup_django


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="importera, exportera och lista planer (YAML)",
        description="Planer som YAML-filer: import (allt eller inget), export och lista. "
        "Formatet beskrivs i docs/plan-format.md.",
    )
    actions = parser.add_subparsers(dest="plan_action", metavar="ÅTGÄRD", required=True)

    p = actions.add_parser(
        "import",
        help="importera en plan- eller organisationsfil",
        description="Kontrollerar och importerar en plan- eller organisationsfil. Allt eller "
        "inget: vid ett fel ändras ingenting och felet anges med fil, rad och fält. "
        "En plan som redan finns uppdateras (poster matchas på kod). Ändringarna görs "
        "som användaren i --user och kontrolleras mot den användarens roller: "
        "organisationen av administratörer, planer och uppföljningstillfällen av "
        "controller för planens enhet. En ny status för ett uppföljningstillfälle sätts "
        "med samma kontrollerade övergång som i webben (fastställs tillfället fastställs "
        "även enheternas rapporter).",
    )
    p.add_argument("file", metavar="FIL", help="YAML-filen som ska importeras")
    add_user_option(p)
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="kontrollera bara och visa alla fel; ingenting sparas",
    )
    p.set_defaults(handler=handle_import)

    p = actions.add_parser(
        "export",
        help="exportera en plan till YAML",
        description="Skriver planen i importformatet. Export, import och ny export ger samma fil.",
    )
    add_plan_option(p)
    p.add_argument("--out", metavar="FIL", help="skriv till filen i stället för till skärmen")
    p.set_defaults(handler=handle_export)

    p = actions.add_parser(
        "list", help="lista planer", description="Listar planerna med kod, period och enhet."
    )
    p.set_defaults(handler=handle_list)


def handle_import(args) -> int:
    setup_django()
    from django.core.exceptions import PermissionDenied

    from styra.formats.problems import ImportFailed
    from styra.planfile.services import plan_file_check, plan_import

    try:
        # A broken file is refused for what is wrong with it before the user is looked
        # up; without --user a sound file is refused for want of one.
        plan_file_check(path=Path(args.file))
        user = acting_user(args) if args.user else None
        result = plan_import(path=Path(args.file), dry_run=args.dry_run, user=user)
    except PermissionDenied as exc:
        raise CommandError(f"{Path(args.file).name}: {exc}", exit_code=3) from exc
    except ImportFailed as exc:
        if args.dry_run:
            for problem in exc.problems[1:]:
                print(f"styra: {problem}", file=sys.stderr)
            raise CommandError(str(exc.problems[0])) from exc
        raise CommandError(exc.summary()) from exc
    prefix = "Kontrollerad (inget sparat)" if result.dry_run else "Importerad"
    if result.units:
        print(
            f"{prefix}: organisation med {result.units} enheter och "
            f"{result.cost_centres} kostnadsställen."
        )
    for plan in result.plans:
        state = "ny" if plan.created else "uppdaterad"
        print(
            f"{prefix}: plan {plan.code} ({state}): {plan.items_created} nya, "
            f"{plan.items_updated} ändrade, {plan.items_removed} borttagna poster."
        )
    for planning in result.planning:
        print(
            f"{prefix}: planering för {planning.plan}: {planning.frames} ramar, "
            f"{planning.changes} ramförändringar, {planning.decisions} investeringar, "
            f"{planning.requests} äskanden, {planning.meetings} sammanträden, "
            f"{planning.risks} risker."
        )
        for warning in planning.warnings:
            print(f"Varning: {warning}", file=sys.stderr)
    return 0


def handle_export(args) -> int:
    setup_django()
    from styra.planfile.services import plan_export
    from styra.plans.models import Plan

    try:
        plan = Plan.objects.get(code=args.plan)
    except Plan.DoesNotExist as exc:
        raise CommandError(f"planen {args.plan} finns inte") from exc
    text = plan_export(plan=plan)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"kan inte skriva {args.out}: {exc.strerror}") from exc
        print(f"Planen {plan.code} skriven till {args.out}.")
    else:
        sys.stdout.write(text)
    return 0


def handle_list(args) -> int:
    setup_django()
    from styra.plans.selectors import plan_list

    plans = list(plan_list())
    if not plans:
        print("Inga planer.")
        return 0
    for plan in plans:
        print(
            f"{plan.code:<20} {plan.period_start} – {plan.period_end}  "
            f"{plan.unit.code:<8} {plan.name}"
        )
    return 0
