"""The demo's report step: the T1 2026 reports of the executive board (RS) and of the
health board (HSN), each with the template its round's plan names, in every format."""

from __future__ import annotations

from pathlib import Path

# (round, unit): two differently structured organisations, configured only as data.
DEMO_REPORTS = [
    ("2026-T1", "RS"),
    ("HSN-2026-T1", "HSN"),
    ("REG-2026-D", "REG"),  # delårsrapport (generated demo data)
    ("REG-2025-B", "REG"),  # årsredovisning (generated demo data)
]
DEMO_ROUND, DEMO_UNIT = DEMO_REPORTS[0]


def build(*, out_dir: Path, stdout) -> dict[str, Path]:
    """Build the demo reports into `out_dir` as PDF, DOCX, HTML and XLSX; return the
    paths of the first (RS) report, keyed by format."""
    from styra.followup.models import Round
    from styra.org.models import Unit
    from styra.reports.check import report_check
    from styra.reports.services import report_build

    first: dict[str, Path] = {}
    for round_code, unit_code in DEMO_REPORTS:
        round_ = Round.objects.select_related("plan").get(code=round_code)
        unit = Unit.objects.get(code=unit_code)
        built = report_build(round_=round_, unit=unit, out_dir=Path(out_dir))
        for fmt, path in built.files.items():
            stdout.write(f"Rapport {unit_code} ({fmt}): {path}\n")
        findings = report_check(round_=round_, unit=unit, document=built.document)
        errors = sum(1 for f in findings if f.severity == "error")
        stdout.write(
            f"Rapportkontroll {unit_code}: {len(findings)} anmärkningar, varav {errors} fel.\n"
        )
        first = first or built.files
    _build_plans(out_dir=Path(out_dir), stdout=stdout)
    return first


# (plan, unit): plans printed before their year, without a follow-up round.
DEMO_PLANS = [("rs-vp-2022", "RS")]


def _build_plans(*, out_dir: Path, stdout) -> None:
    from styra.org.models import Unit
    from styra.planning.checks import plan_check
    from styra.plans.models import Plan
    from styra.reports.services import plan_report_build

    for plan_code, unit_code in DEMO_PLANS:
        plan = Plan.objects.get(code=plan_code)
        built = plan_report_build(plan=plan, unit=Unit.objects.get(code=unit_code), out_dir=out_dir)
        for fmt, path in built.files.items():
            stdout.write(f"Plan {plan_code} ({fmt}): {path}\n")
        findings = plan_check(plan)
        errors = sum(1 for f in findings if f.severity == "error")
        stdout.write(
            f"Plankontroll {plan_code}: {len(findings)} anmärkningar, varav {errors} fel.\n"
        )
