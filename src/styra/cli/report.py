"""`styra report`: build, check and batch-build reports; list report templates; the
consolidated report's texts from the terminal.

    styra report consolidation --round REG-2026-D --unit REG --user controller [--texts]
    styra report consolidate --round REG-2026-D --unit REG --section handelser \
        --from HSN,RS --user controller
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .base import (
    CommandError,
    acting_user,
    add_plan_option,
    add_round_option,
    add_unit_option,
    add_user_option,
    guarded,
    setup_django,
)

FORMAT_HELP = "format, kommaseparerade: pdf,docx,html,xlsx (standard: alla)"


def _epilog() -> str:
    """Available rounds and units, read from the database if it is there and migrated."""
    try:
        setup_django()
        from styra.followup.models import Round
        from styra.reports.selectors import report_units

        lines = ["Uppföljningstillfällen och enheter i databasen:"]
        for round_ in Round.objects.select_related("plan").order_by("-period_end")[:10]:
            codes = ", ".join(u.code for u in report_units(round_)[:30])
            lines.append(f"  {round_.code} ({round_.name}): {codes}")
        return (
            "\n".join(lines)
            if len(lines) > 1
            else "Databasen har inga uppföljningstillfällen ännu."
        )
    except Exception:  # noqa: BLE001 - help must work without a database
        return "Databasen är inte tillgänglig; kör 'styra manage migrate' och 'styra demo'."


def _formats(text: str) -> list[str]:
    from styra.reports.renderers import FORMATS

    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise CommandError(
            f"okänt format: {', '.join(unknown) or text} (välj bland {', '.join(FORMATS)})", 2
        )
    return formats


def _round_and_unit(round_code: str, unit_code: str | None):
    from styra.followup.models import Round
    from styra.org.models import Unit

    try:
        round_ = Round.objects.select_related("plan", "plan__unit").get(code=round_code)
    except Round.DoesNotExist:
        raise CommandError(
            f"det finns inget uppföljningstillfälle med koden {round_code}"
        ) from None
    if unit_code is None:
        return round_, None
    try:
        unit = Unit.objects.get(code=unit_code)
    except Unit.DoesNotExist:
        raise CommandError(f"det finns ingen enhet med koden {unit_code}") from None
    return round_, unit


def _template(code: str | None):
    from styra.reports.templates import TemplateError, template_get

    if code is None:
        return None
    try:
        return template_get(code)
    except TemplateError as exc:
        raise CommandError(str(exc)) from None


def _warn_findings(findings, out) -> None:
    from styra.reports.check import ERROR

    errors = sum(1 for f in findings if f.severity == ERROR)
    if findings:
        print(
            f"Varning: rapportkontrollen har {len(findings)} anmärkningar ({errors} fel); "
            "se 'styra report check'.",
            file=out,
        )


def _plan_and_unit(plan_code: str, unit_code: str):
    from styra.org.models import Unit
    from styra.plans.models import Plan

    plan = Plan.objects.select_related("unit").filter(code=plan_code).first()
    if plan is None:
        raise CommandError(f"det finns ingen plan med koden {plan_code}")
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(f"det finns ingen enhet med koden {unit_code}")
    return plan, unit


def _round_or_plan(args) -> None:
    if bool(args.round) == bool(args.plan):
        raise CommandError("ange antingen --round (en rapport) eller --plan (en plan)", 2)


def _handle_plan_build(args) -> int:
    from styra.planning.checks import ERROR, plan_check
    from styra.reports.services import plan_report_build
    from styra.reports.templates import TemplateError

    plan, unit = _plan_and_unit(args.plan, args.unit)
    docx_template = Path(args.docx_template) if args.docx_template else None
    if docx_template and not docx_template.is_file():
        raise CommandError(f"Word-mallen finns inte: {docx_template}")
    try:
        built = plan_report_build(
            plan=plan,
            unit=unit,
            formats=_formats(args.format),
            out_dir=Path(args.out),
            template=_template(args.template),
            docx_template=docx_template,
        )
    except TemplateError as exc:
        raise CommandError(str(exc)) from None
    for fmt, path in built.files.items():
        print(f"{fmt}: {path}")
    if args.publish:
        findings = plan_check(plan)
        if findings:
            errors = sum(1 for f in findings if f.severity == ERROR)
            print(
                f"Varning: planens kontroll har {len(findings)} anmärkningar ({errors} fel); "
                "se 'styra report check --plan'.",
                file=sys.stderr,
            )
    return 0


def _handle_plan_check(args) -> int:
    from styra.planning.checks import Finding as PlanFinding
    from styra.planning.checks import plan_check
    from styra.reports.check import Finding, plan_document_check

    plan, unit = _plan_and_unit(args.plan, args.unit)
    # The plan's data (targets, frames, investments) and the document as printed.
    findings: list[PlanFinding | Finding] = [
        *plan_check(plan),
        *plan_document_check(plan=plan, unit=unit),
    ]
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        labels = {"error": "FEL", "warning": "VARNING", "info": "INFORMATION"}
        for f in findings:
            where = f"{f.place} · {f.item_code}" if f.item_code else f.place
            print(f"{labels[f.severity]:<11} {where}: {f.message}")
        errors = sum(1 for f in findings if f.severity == "error")
        print(f"{len(findings)} anmärkningar, varav {errors} fel.")
    return 1 if any(f.severity == "error" for f in findings) else 0


def handle_build(args) -> int:
    setup_django()
    from styra.reports.check import report_check
    from styra.reports.services import report_build

    _round_or_plan(args)
    if args.plan:
        return _handle_plan_build(args)
    round_, unit = _round_and_unit(args.round, args.unit)
    formats = _formats(args.format)
    docx_template = Path(args.docx_template) if args.docx_template else None
    if docx_template and not docx_template.is_file():
        raise CommandError(f"Word-mallen finns inte: {docx_template}")
    from styra.reports.templates import TemplateError

    try:
        built = report_build(
            round_=round_,
            unit=unit,
            formats=formats,
            out_dir=Path(args.out),
            template=_template(args.template),
            docx_template=docx_template,
        )
    except TemplateError as exc:  # a section's options name what does not exist
        raise CommandError(str(exc)) from None
    for fmt, path in built.files.items():
        print(f"{fmt}: {path}")
    if args.publish:
        _warn_findings(report_check(round_=round_, unit=unit, document=built.document), sys.stderr)
    return 0


def handle_check(args) -> int:
    setup_django()
    from styra.reports.check import has_errors, report_check
    from styra.reports.services import report_document

    _round_or_plan(args)
    if args.plan:
        return _handle_plan_check(args)
    round_, unit = _round_and_unit(args.round, args.unit)
    document = report_document(round_=round_, unit=unit, template=_template(args.template))
    findings = report_check(round_=round_, unit=unit, document=document)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(f"{f.severity_label.upper():<11} {f.place}: {f.message}")
        errors = sum(1 for f in findings if f.severity == "error")
        print(f"{len(findings)} anmärkningar, varav {errors} fel.")
    return 1 if has_errors(findings) else 0


def handle_batch(args) -> int:
    setup_django()
    from tqdm import tqdm

    from styra.reports.selectors import report_units
    from styra.reports.services import report_build

    round_, _ = _round_and_unit(args.round, None)
    formats = _formats(args.format)
    template = _template(args.template)
    units = report_units(round_)
    failures: list[tuple[str, str]] = []
    out = Path(args.out)
    for unit in tqdm(units, desc="Rapporter", unit="enhet", disable=args.quiet, file=sys.stderr):
        try:
            report_build(
                round_=round_,
                unit=unit,
                formats=formats,
                out_dir=out / unit.code,
                template=template,
            )
        except Exception as exc:  # noqa: BLE001 - one failing unit must not stop the batch
            failures.append((unit.code, f"{type(exc).__name__}: {exc}"))
    print(f"{len(units) - len(failures)} av {len(units)} rapporter skrivna till {out}.")
    if failures:
        print("Misslyckades:", file=sys.stderr)
        for code, message in failures:
            print(f"  {code}: {message}", file=sys.stderr)
        return 1
    return 0


def handle_templates(args) -> int:
    setup_django()
    from styra.reports.templates import TemplateError, template_list, template_load

    if args.validate:
        try:
            template = template_load(args.validate)
        except TemplateError as exc:
            raise CommandError(str(exc)) from None
        print(f"{args.validate}: giltig mall {template.code} med {len(template.sections)} avsnitt.")
        return 0
    try:
        templates = template_list()
    except TemplateError as exc:
        raise CommandError(str(exc)) from None
    for template in templates:
        print(f"{template.code:<20} {template.name}")
    return 0


def _consolidation_data(args):
    from styra.reports.consolidation import consolidation_for

    round_, unit = _round_and_unit(args.round, args.unit)
    user = acting_user(args)
    return (
        round_,
        unit,
        user,
        guarded(lambda: consolidation_for(round=round_, unit=unit, user=user)),
    )


def _consolidation_json(data) -> str:
    return json.dumps(
        {
            "round": data.round.code,
            "unit": data.unit.code,
            "report_state": data.report_state,
            "sources": [
                {"unit": s.code, "name": s.name, "round": s.round.code, "state": s.state}
                for s in data.sources
            ],
            "sections": [
                {
                    "key": section.key,
                    "heading": section.heading,
                    "version": section.version,
                    "body": section.current.body if section.current else "",
                    "texts": [{"unit": t.source.code, "body": t.body} for t in section.texts],
                }
                for section in data.sections
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def handle_consolidation(args) -> int:
    setup_django()
    _round, _unit, _user, data = _consolidation_data(args)
    if args.json:
        print(_consolidation_json(data))
        return 0
    print(
        f"{data.round.code} {data.unit.code} {data.unit_name}: "
        f"rapporten är {data.report_state_label.lower()}"
    )
    if not data.sources:
        print("Rapportmallen sammanställer inga enheters texter.")
    for source in data.sources:
        print(f"  {source.code:<10} {source.name} ({source.round.code}, {source.state_label})")
    for section in data.sections:
        own = (
            f"version {section.version}, {len(section.current.body)} tecken"
            if section.current and section.current.body.strip()
            else "ingen text ännu"
        )
        print(f"\n{section.key} – {section.heading} (egen text: {own})")
        written = {t.source.code: t for t in section.texts}
        for source in data.sources:
            text = written.get(source.code)
            state = f"text, {len(text.body)} tecken" if text else "ingen text"
            print(f"  {source.code:<10} {state}")
            if text and args.texts:
                for line in text.body.strip().splitlines():
                    print(f"      {line}")
    return 0


def handle_consolidate(args) -> int:
    setup_django()
    from styra.reports.consolidation import UnknownSection, consolidation_write

    if bool(args.source) == bool(args.text_file):
        raise CommandError("ange antingen --from ENHET[,ENHET…] eller --text-file FIL", 2)
    body = None
    if args.text_file:
        path = Path(args.text_file)
        if not path.is_file():
            raise CommandError(f"filen finns inte: {path}")
        try:
            body = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{path}: filen är inte UTF-8-kodad text") from None
    sources = [c.strip() for c in args.source.split(",") if c.strip()] if args.source else None
    round_, unit = _round_and_unit(args.round, args.unit)
    user = acting_user(args)
    try:
        text = guarded(
            lambda: consolidation_write(
                round=round_,
                unit=unit,
                key=args.section,
                user=user,
                sources=sources,
                body=body,
                expected_version=args.version,
            )
        )
    except UnknownSection as exc:
        raise CommandError(str(exc)) from None
    origin = f"från {', '.join(sources)}" if sources else f"från {args.text_file}"
    print(
        f"Texten ”{text.title}” i {round_.code} för {unit.code} sparad "
        f"(version {text.version}) {origin}."
    )
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report",
        help="bygg och kontrollera rapporter",
        description="Bygg rapporter (PDF, Word, HTML, Excel) och kontrollera dem.",
    )
    sub = parser.add_subparsers(
        dest="report_command", metavar="UNDERKOMMANDO", title="underkommandon"
    )
    parser.set_defaults(handler=lambda args: parser.print_help() or 2)
    epilog = _epilog() if any(a in sys.argv for a in ("-h", "--help")) else None

    build = sub.add_parser(
        "build",
        help="bygg en enhets rapport",
        description="Bygg en enhets rapport för ett uppföljningstillfälle (--round), "
        "eller en plan som dokument före året, t.ex. verksamhetsplanen (--plan).",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_round_option(build, required=False)
    add_plan_option(build, required=False)
    add_unit_option(build)
    build.add_argument("--format", default="pdf,docx,html,xlsx", help=FORMAT_HELP)
    build.add_argument(
        "--out", default="out", metavar="MAPP", help="mapp att skriva till (standard: out)"
    )
    build.add_argument(
        "--template", metavar="KOD", help="rapportmallens kod eller sökväg till en YAML-fil"
    )
    build.add_argument(
        "--docx-template", metavar="SÖKVÄG", help="organisationens Word-mall (.docx)"
    )
    build.add_argument(
        "--publish", action="store_true", help="varna om rapportkontrollen har anmärkningar"
    )
    build.set_defaults(handler=handle_build)

    check = sub.add_parser(
        "check",
        help="kontrollera en rapport",
        description="Rapportkontroll: saknade bedömningar, summor, andelar, platshållare, inaktuella perioder.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_round_option(check, required=False)
    add_plan_option(check, required=False)
    add_unit_option(check)
    check.add_argument("--template", metavar="KOD", help="rapportmallens kod")
    check.add_argument("--json", action="store_true", help="skriv anmärkningarna som JSON")
    check.set_defaults(handler=handle_check)

    batch = sub.add_parser(
        "batch",
        help="bygg rapporter för alla enheter",
        description="Bygg rapporter för alla enheter i ett uppföljningstillfälle.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_round_option(batch)
    batch.add_argument("--format", default="pdf", help=FORMAT_HELP)
    batch.add_argument("--out", default="out", metavar="MAPP", help="mapp att skriva till")
    batch.add_argument("--template", metavar="KOD", help="rapportmallens kod")
    batch.add_argument("--quiet", action="store_true", help="ingen förloppsindikator")
    batch.set_defaults(handler=handle_batch)

    templates = sub.add_parser(
        "templates", help="lista rapportmallar", description="Lista eller validera rapportmallar."
    )
    templates.add_argument("--validate", metavar="FIL", help="validera en mallfil (YAML)")
    templates.set_defaults(handler=handle_templates)

    consolidation = sub.add_parser(
        "consolidation",
        help="visa enheternas texter för den sammanställda rapporten",
        description="Visar för varje textavsnitt i rapporten vilka enheter under den "
        "som har skrivit en text (i sina egna uppföljningstillfällen) och rapportens egen "
        "text, som sammanställningssidan i webben. Bara controller för enheten.",
    )
    add_round_option(consolidation)
    add_unit_option(consolidation)
    add_user_option(consolidation)
    consolidation.add_argument(
        "--texts", action="store_true", help="skriv ut enheternas texter i sin helhet"
    )
    consolidation.add_argument("--json", action="store_true", help="skriv allt som JSON")
    consolidation.set_defaults(handler=handle_consolidation)

    consolidate = sub.add_parser(
        "consolidate",
        help="skriv ett avsnitt i den sammanställda rapporten från enheternas texter",
        description="Sparar rapportens text i ett avsnitt: en enhets text som den är "
        "skriven, flera enheters texter efter varandra i angiven ordning (var och en "
        "under enhetens namn), eller en egen redigerad text ur en fil. Samma kontroller "
        "som i webben: bara controller för enheten, inte i ett fastställt "
        "uppföljningstillfälle eller en inskickad rapport.",
    )
    add_round_option(consolidate)
    add_unit_option(consolidate)
    consolidate.add_argument(
        "--section", required=True, metavar="NYCKEL", help="avsnittets nyckel, t.ex. handelser"
    )
    consolidate.add_argument(
        "--from",
        dest="source",
        metavar="ENHET[,ENHET…]",
        help="enheternas koder i den ordning texterna ska stå, t.ex. HSN,RS",
    )
    consolidate.add_argument(
        "--text-file", metavar="FIL", help="en egen text (UTF-8) i stället för --from"
    )
    consolidate.add_argument(
        "--version",
        type=int,
        metavar="N",
        help="versionen du utgår från (se 'styra report consolidation'); "
        "en annan sparad version stoppar ändringen",
    )
    add_user_option(consolidate)
    consolidate.set_defaults(handler=handle_consolidate)
