"""The demo's report step: the T1 2026 report of the executive board, in every format."""

from __future__ import annotations

from pathlib import Path

DEMO_ROUND = "2026-T1"
DEMO_UNIT = "RS"


def build(*, out_dir: Path, stdout) -> dict[str, Path]:
    """Build the demo report into `out_dir` as PDF, DOCX, HTML and XLSX; return the paths."""
    from styra.followup.models import Round
    from styra.org.models import Unit
    from styra.reports.check import report_check
    from styra.reports.services import report_build

    round_ = Round.objects.select_related("plan").get(code=DEMO_ROUND)
    unit = Unit.objects.get(code=DEMO_UNIT)
    built = report_build(round_=round_, unit=unit, out_dir=Path(out_dir))
    for fmt, path in built.files.items():
        stdout.write(f"Rapport ({fmt}): {path}\n")
    findings = report_check(round_=round_, unit=unit, document=built.document)
    errors = sum(1 for f in findings if f.severity == "error")
    stdout.write(f"Rapportkontroll: {len(findings)} anmärkningar, varav {errors} fel.\n")
    return built.files
