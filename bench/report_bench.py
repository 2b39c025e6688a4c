"""Report build speed (issue 5).

1. The demo's reports (T1 2026 of RS and of HSN, the region's delårsrapport and
   årsredovisning) as PDF and as Word, timed on the second build in the same process
   (warm): target < 2 s each.
2. LibreOffice converting the generated .docx to PDF (`soffice --headless`), as a ratio
   to Styra's own PDF build. LibreOffice is installed with apt here if it is missing
   (never in CI; pass --no-libreoffice to skip).
3. Every unit report (PDF) of a round in a generated region of 300 units: < 2 minutes.

Runs on an in-memory SQLite database with the test settings; writes
bench/results/report-<date>.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styra.settings.test")


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def load_demo(directory: Path) -> None:
    """The demo as `styra demo` loads it: both organisations' plans and rounds, the SIE
    ledger, registers, statistics and the region's delårsrapport and årsredovisning."""
    import io

    from styra.demo.loader import demo_load

    demo_load(stdout=io.StringIO(), ledger_dir=directory)


def make_region(units: int, *, prefix: str = "B") -> tuple:
    """A plan with one goal area per unit, 3 indicators and 2 assignments each, assessed."""
    from tests.builders import Builder

    from styra.followup.models import Assessment, AssessmentValue, Round, SectionText
    from styra.plans.models import Indicator, PlanScale, Target

    b = Builder()
    top = b.unit(f"{prefix}-TOP", "Region Bänk", type_code="region")
    plan = b.plan(f"{prefix.lower()}-2026", top)
    scale = b.scale(f"{prefix.lower()}-skala")
    for kind in ("indicator", "assignment"):
        PlanScale.objects.create(plan=plan, kind=kind, scale=scale)
    levels = list(scale.levels.all())
    area_level = b.level(plan, "omrade", ["area"])
    item_level = b.level(plan, "post", ["indicator", "assignment"], parent=area_level)
    round_ = Round.objects.create(
        plan=plan,
        code=f"{prefix}-2026-T1",
        name="Tertial 1 2026",
        kind="tertial",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 4, 30),
        state="open",
    )
    for n in range(units):
        unit = b.unit(f"{prefix}-{n:03d}", f"Enhet {n}", parent=top)
        area = b.item(plan, area_level, "area", f"{prefix}-A{n}", title=f"Målområde {n}")
        for k in range(3):
            item = b.item(
                plan,
                item_level,
                "indicator",
                f"{prefix}-N{n}-{k}",
                parent=area,
                title=f"Nyckeltal {k} för enhet {n}",
                owner=unit,
            )
            Indicator.objects.create(item=item, unit="%", decimals=1)
            Target.objects.create(item=item, kind="threshold", value=Decimal(50), year=2026)
            a = Assessment.objects.create(
                round=round_, item=item, status=levels[k % 3], comment="Utfallet följer planen."
            )
            AssessmentValue.objects.create(assessment=a, value=Decimal(40 + 5 * k))
        for k in range(2):
            item = b.item(
                plan,
                item_level,
                "assignment",
                f"{prefix}-U{n}-{k}",
                parent=area,
                title=f"Uppdrag {k} för enhet {n}",
                owner=unit,
            )
            Assessment.objects.create(round=round_, item=item, status=levels[0], comment="Klart.")
        SectionText.objects.create(
            round=round_,
            unit=unit,
            key="sammanfattning",
            title="Sammanfattning",
            body=f"Enhet {n} redovisar.",
        )
    return round_, top


def timed(fn, repeat: int = 2) -> tuple[float, float]:
    """(first run, last run): the last is the warm process the target is about."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times[0], times[-1]


def ensure_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        return None
    try:
        subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
        subprocess.run(
            [
                "apt-get",
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "libreoffice-writer-nogui",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None
    return shutil.which("soffice")


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.uname().system} {platform.uname().release}, {cpu}, {os.cpu_count()} cores, {mem}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--no-libreoffice", action="store_true")
    args, _ = parser.parse_known_args()
    setup()
    from styra.followup.models import Round
    from styra.org.models import Unit
    from styra.reports.renderers import render
    from styra.reports.selectors import report_units
    from styra.reports.services import report_build, report_document

    lines = [f"# Report benchmark {date.today().isoformat()}", "", f"Machine: {machine()}", ""]
    from styra.demo.reports import DEMO_REPORTS

    load_demo(Path(tempfile.mkdtemp(prefix="styra-bench-")))
    results, cold = {}, {}
    lines += [
        "Reports: the demo's four reports as `styra demo` builds them (the T1 2026 reports of "
        "RS and of the health board HSN, the region's delårsrapport 2026 and årsredovisning "
        "2025). Warm = second build in the same process (charts already drawn are reused "
        "from an in-process cache); first = first build after start-up.",
        "",
        "| Step | Warm time | Target |",
        "|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for round_code, unit_code in DEMO_REPORTS:
            round_, unit = Round.objects.get(code=round_code), Unit.objects.get(code=unit_code)
            for fmt, name in (("pdf", "PDF (Typst)"), ("docx", "Word (python-docx)")):

                def build(fmt=fmt, round_=round_, unit=unit):
                    document = report_document(round_=round_, unit=unit)
                    (tmp / f"report.{fmt}").write_bytes(render(document, fmt))

                first, warm = timed(build)
                results[(round_code, fmt)], cold[(round_code, fmt)] = warm, first
                lines.append(
                    f"| {round_.name} ({unit_code}), {name} | {warm:.2f} s "
                    f"(first {first:.2f} s) | < 2 s |"
                )
        round_, unit = Round.objects.get(code="2026-T1"), Unit.objects.get(code="RS")
        for fmt in ("pdf", "docx"):
            (tmp / f"report.{fmt}").write_bytes(
                render(report_document(round_=round_, unit=unit), fmt)
            )
        pdf_time = results[("2026-T1", "pdf")]
        soffice = None if args.no_libreoffice else ensure_soffice()
        if soffice:
            start = time.perf_counter()
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(tmp / "lo"),
                    str(tmp / "report.docx"),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            lo = time.perf_counter() - start
            lines.append(
                f"| LibreOffice .docx → PDF | {lo:.2f} s | ratio to Typst PDF: {lo / pdf_time:.1f}× |"
            )
        else:
            lines.append("| LibreOffice .docx → PDF | not measured (soffice not available) | |")

        big_round, _top = make_region(args.units)
        units = report_units(big_round)
        start = time.perf_counter()
        failures = 0
        for u in units:
            try:
                report_build(round_=big_round, unit=u, formats=["pdf"], out_dir=tmp / "batch")
            except Exception:  # noqa: BLE001
                failures += 1
        batch = time.perf_counter() - start
        lines.append(
            f"| {len(units)} unit reports (PDF) of one round | {batch:.1f} s "
            f"({batch / len(units) * 1000:.0f} ms each, {failures} failed) | < 120 s |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "bench" / "results" / f"report-{date.today().isoformat()}.md"
    out.write_text(text, encoding="utf-8")
    print(f"Written to {out}")
    ok = all(seconds < 2 for seconds in results.values()) and batch < 120
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
