"""Statistics import speed and memory (issue 11): a million values through the CLI.

A generated organisation of 300 units (a region, 11 boards, 288 units under them) and a
sick-leave series by profession, interval and sex (7 × 3 × 3 = 63 cells: six professions
and all of them, three intervals, women, men and both) for 60 months: 300 × 60 × 63 =
1 134 000 cells, of which the first million values go into one long-layout CSV file
(the import's limits: 1 000 000 rows, 50 MB). Measured: `styra stats import FILE` in a
process of its own under /usr/bin/time -v (wall time and peak memory), first into an
empty database, then the same file again (every value compared and replaced), and
`--dry-run` of a file in which every value changed. Targets: under 60 s and under 300 MB
on SQLite and on PostgreSQL.

SQLite: a file database in a temporary directory. PostgreSQL: the database of
STYRA_BENCH_POSTGRES_URL, or a throwaway cluster when PostgreSQL's server binaries are
installed (as bench/ledger_bench.py). Writes bench/results/stats-<date>.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYRA = Path(sys.executable).with_name("styra")
sys.path.insert(0, str(ROOT / "bench"))
from ledger_bench import postgres_url  # noqa: E402  (a throwaway cluster, as there)

BOARDS = 11
UNITS_PER_BOARD = 26  # 1 + 11 + 11 × 26 = 298, plus two units straight under the region
MONTHS = 60
PROFESSIONS = ["", "lakare", "ssk", "usk", "rehab", "adm", "ovr"]
INTERVALS = ["1-14", "15-59", "60-"]
SEXES = ["", "K", "M"]
CONFIG = textwrap.dedent(
    """\
    format: styra-stats/1
    series:
      - code: bank-sjuk
        name: Sjukfrånvaro per yrkesgrupp (bänk)
        unit: "%"
        decimals: 1
        direction: lower
        dimensions: [yrke, intervall, kon]
        sum_over: [intervall]
        period: month
    """
)


def unit_codes() -> list[str]:
    codes = ["B-REG"]
    for n in range(BOARDS):
        codes.append(f"B-N{n:02d}")
        codes += [f"B-N{n:02d}-{k:02d}" for k in range(UNITS_PER_BOARD)]
    return codes + ["B-X1", "B-X2"]


VALUES = 1_000_000


def write_csv(path: Path, shift: int = 0, months_count: int = MONTHS) -> int:
    """The long layout, unit by unit, month by month, cell by cell, up to a million
    values; returns the row count."""
    months = [f"{2021 + m // 12}-{m % 12 + 1:02d}" for m in range(months_count)]
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("serie;enhet;period;periodtyp;yrke;intervall;kon;värde\n")
        for u, unit in enumerate(unit_codes()):
            for m, month in enumerate(months):
                for p, profession in enumerate(PROFESSIONS):
                    for i, interval in enumerate(INTERVALS):
                        for s, sex in enumerate(SEXES):
                            tenths = (u * 7 + m * 3 + p * 5 + i * 11 + s * 13 + shift) % 90 + 5
                            out.write(
                                f"bank-sjuk;{unit};{month};månad;{profession};{interval};{sex};"
                                f"{tenths // 10},{tenths % 10}\n"
                            )
                            rows += 1
                            if rows == VALUES:
                                return rows
    return rows


def environment(database_url: str | None, var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "styra.settings.dev"
    env["STYRA_VAR_DIR"] = str(var_dir)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict[str, str], work: Path) -> None:
    """Migrate, create the organisation and a user, load the series' configuration."""
    subprocess.run([str(STYRA), "manage", "migrate", "-v", "0"], env=env, check=True)
    script = textwrap.dedent(
        f"""\
        import django
        django.setup()
        from tests.builders import Builder, system_admin
        b = Builder()
        codes = {unit_codes()!r}
        top = b.unit(codes[0], "Region Bänk", type_code="region")
        boards = {{}}
        for code in codes[1:]:
            if code.count("-") == 1 and code.startswith("B-N"):
                boards[code] = b.unit(code, "Nämnd " + code, parent=top)
            elif code.startswith("B-N"):
                b.unit(code, "Enhet " + code, parent=boards[code[:5]])
            else:
                b.unit(code, "Enhet " + code, parent=top)
        system_admin()
        """
    )
    subprocess.run([sys.executable, "-c", script], env={**env, "PYTHONPATH": str(ROOT)}, check=True)
    config = work / "bank.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    for path in (ROOT / "src" / "styra" / "stats" / "config" / "standard.yaml", config):
        loaded = subprocess.run(
            [str(STYRA), "stats", "config", "load", str(path), "--user", "system-admin"],
            env=env,
            capture_output=True,
            text=True,
        )
        if loaded.returncode != 0:
            raise RuntimeError(f"styra stats config load:\n{loaded.stdout}\n{loaded.stderr}")


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds and peak resident MB of `styra ARGS`, and its output."""
    result = subprocess.run(
        ["/usr/bin/time", "-v", str(STYRA), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"styra {' '.join(args)}:\n{result.stdout}\n{result.stderr[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    assert wall is not None
    hours, minutes, seconds = int(wall.group(1) or 0), int(wall.group(2)), float(wall.group(3))
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert peak is not None
    return hours * 3600 + minutes * 60 + seconds, int(peak.group(1)) / 1024, result.stdout


def run(name: str, database_url: str | None, files: tuple[Path, Path]) -> list[str]:
    first, changed = files
    with tempfile.TemporaryDirectory(prefix=f"stats-bench-{name}-") as tmp:
        env = environment(database_url, Path(tmp))
        prepare(env, Path(tmp))
        lines = []
        steps = [
            ("import into an empty database", ["stats", "import", str(first)]),
            ("the same file again (compared, replaced)", ["stats", "import", str(first)]),
            ("--dry-run, every value changed", ["stats", "import", str(changed), "--dry-run"]),
        ]
        for label, args in steps:
            seconds, peak, _out = timed([*args, "--user", "system-admin"], env)
            verdict = "met" if seconds < 60 and peak < 300 else "missed"
            lines.append(f"| {name} | {label} | {seconds:.1f} s | {peak:.0f} MB | {verdict} |")
            print(lines[-1], flush=True)
        return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--months", type=int, default=MONTHS, help="fewer for a trial run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stats-bench-files-") as tmp:
        first, changed = Path(tmp) / "sjuk.csv", Path(tmp) / "sjuk-andrad.csv"
        rows = write_csv(first, months_count=options.months)
        write_csv(changed, shift=1, months_count=options.months)
        size = first.stat().st_size / 1e6
        print(f"{rows} values, {size:.0f} MB CSV", flush=True)
        load = os.getloadavg()
        lines = run("SQLite", None, (first, changed))
        if not options.sqlite_only:
            url, stop = postgres_url(Path(tmp))
            try:
                if url:
                    lines += run("PostgreSQL", url, (first, changed))
                else:
                    lines.append("| PostgreSQL | not measured: no server | | | |")
            finally:
                stop()
    stamp = datetime.now(UTC)
    out = ROOT / "bench" / "results" / f"stats-{stamp:%Y-%m-%d}.md"
    out.write_text(
        "\n".join(
            [
                "# Statistics import: a million values (issue 11)",
                "",
                f"- Date: {stamp:%Y-%m-%d %H:%M} UTC; machine: {platform.node()}, "
                f"{os.cpu_count()} cores, {platform.python_version()}, {platform.platform()}",
                f"- Load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
                f"- File: {rows} values (300 units × up to {options.months} months × 63 cells), "
                f"{size:.0f} MB CSV",
                "- Each step is `styra stats import` in a process of its own under "
                "/usr/bin/time -v; targets under 60 s and under 300 MB.",
                "",
                "| Database | Step | Wall time | Peak memory | Target |",
                "|---|---|---|---|---|",
                *lines,
                "",
            ]
        ),
        encoding="utf-8",
    )
    print(f"Wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
