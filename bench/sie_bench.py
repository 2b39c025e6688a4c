"""SIE reader benchmark: a generated SIE 4 file with 10 million #TRANS rows.

    .venv/bin/python bench/sie_bench.py [--transactions N] [--cost-centres N]

Generates, with `SieWriter` and a fixed seed, a file of N #TRANS rows in N/5 vouchers
over the cost centres (plus a #PBUDGET per cost centre, account and month), then
measures in separate processes, so that each peak memory is its own:

(a) `read_sie` — read, validate and aggregate: wall time, MB/s, peak RSS;
(b) a plain loop that only splits the lines (`for line in f: line.split()`), the floor
    for any pure-Python reader, and the ratio of (a) to it;
(c) the PyPI reader `pysie-accounting`, installed into a throwaway venv (never into
    the project), on the same data at growing sizes until one exceeds its time budget.

Targets (bench/README.md): (a) under 30 s and under 300 MB peak for 10 million rows.
Results go to bench/results/sie-<date>.md with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from styra.economy.ledger.sie import SieWriter, VoucherRow, read_sie  # noqa: E402

TARGET_SECONDS = 30
TARGET_PEAK_MB = 300
ROWS_PER_VOUCHER = 5
YEAR = 2025
COST_ACCOUNTS = [str(account) for account in range(4010, 4010 + 10)] + [
    "5010", "5060", "5410", "5460", "5611", "6110", "6212", "6230", "6540", "6570",
    "7010", "7210", "7510", "7690",
]  # fmt: skip
INCOME_ACCOUNTS = ["3010", "3040", "3510", "3740"]
BUDGET_ACCOUNTS = ["3010", "4010", "5010", "7010"]
PYSIE_SIZES = [10_000, 100_000, 1_000_000, 10_000_000]


# --- the workload ---------------------------------------------------------------------


def generate(path: Path, *, transactions: int, cost_centres: int, seed: int = 2026) -> None:
    """Write the benchmark ledger: deterministic for a given size and seed.

    Each voucher has four rows on one cost centre and a counter row without objects:
    a supplier invoice (costs, 2440) or, one time in five, a sale (income, 1510).
    Vouchers are in date order over the year, as a ledger is.
    """
    rng = random.Random(seed)
    centres = [str(1000 + index) for index in range(cost_centres)]
    vouchers = max(1, transactions // ROWS_PER_VOUCHER)
    start = date(YEAR, 1, 1)
    with SieWriter(path, company="Region Benchmark", orgnr="232100-0000") as sie:
        sie.fiscal_year(0, start, date(YEAR, 12, 31))
        sie.fiscal_year(-1, date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31))
        for account in sorted({*COST_ACCOUNTS, *INCOME_ACCOUNTS, "1510", "2440"}):
            sie.account(account, f"Konto {account}")
        sie.dimension(1, "Kostnadsställe")
        for centre in centres:
            sie.object(1, centre, f"Kostnadsställe {centre}")
        for centre in centres:
            for account in BUDGET_ACCOUNTS:
                for month in range(1, 13):
                    amount = rng.randrange(1, 10_000_000) * (-1 if account < "4" else 1)
                    sie.period_budget(0, YEAR * 100 + month, account, amount, ((1, centre),))
        for number in range(vouchers):
            day = start + timedelta(days=number * 365 // vouchers)
            objects = ((1, rng.choice(centres)),)
            sale = rng.random() < 0.2
            accounts = INCOME_ACCOUNTS if sale else COST_ACCOUNTS
            sign = -1 if sale else 1
            rows = [
                VoucherRow(rng.choice(accounts), sign * rng.randrange(100, 5_000_000), objects, day)
                for _ in range(ROWS_PER_VOUCHER - 1)
            ]
            counter = "1510" if sale else "2440"
            rows.append(VoucherRow(counter, -sum(row.amount_ore for row in rows), (), day))
            sie.voucher("A", str(number + 1), day, "Faktura", rows)


def rewrite_for_pysie(source: Path, target: Path) -> None:
    """The same ledger with #VER in the one shape pysie-accounting's regex accepts:
    quoted series and number and a registration date (`#VER "A" "1" date "text" date`)."""
    with open(source, encoding="cp437") as lines, open(target, "w", encoding="cp437") as out:
        for line in lines:
            if line.startswith("#VER "):
                _, series, number, day, text = line.rstrip("\n").split(" ", 4)
                line = f'#VER "{series}" "{number}" {day} {text} {day}\n'
            out.write(line)


# --- measurements, each in its own process ----------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(mode: str, path: str) -> None:
    """Run one measurement and print it as JSON (called in a fresh interpreter)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    if mode == "read":
        result = read_sie(path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        report = {
            "counts": result.counts,
            "facts": len(result.facts),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
        }
    else:
        lines = 0
        with open(path, encoding="cp437") as handle:
            for line in handle:
                line.split()
                lines += 1
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        report = {"lines": lines}
    print(
        json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak_rss_mb(), **report})
    )


PYSIE_CHILD = """
import json, resource, sys, time
from pysie_accounting import pysie
sie = pysie.PySIE()
sie.sie_encoding = "cp437"
sie.open_trans(sys.argv[2])
started, cpu_started = time.perf_counter(), time.process_time()
sie.open(sys.argv[1])
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
rows = sum(len(voucher[3]) for voucher in sie.verifikat.values())
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "vouchers": len(sie.verifikat),
                  "transactions": rows,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_json(command: list[str], timeout: float) -> dict:
    """Run a measuring process; its last stdout line is JSON, or say why there is none."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failed": f"did not finish within {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"failed": f"exit {done.returncode}: {last}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(mode: str, path: Path) -> dict:
    return run_json([sys.executable, __file__, "--child", mode, str(path)], timeout=3600)


def best_of(repeat: int, mode: str, path: Path) -> dict:
    """The run with the least wall time of `repeat`, each in a fresh process: on a
    shared machine, other work only ever adds time. All wall times are kept."""
    runs = [measure(mode, path) for _ in range(repeat)]
    failed = [run for run in runs if "failed" in run]
    if failed:
        return failed[0]
    best = min(runs, key=lambda run: run["seconds"])
    return {**best, "all_seconds": [round(run["seconds"], 2) for run in runs]}


def pysie_venv(workdir: Path) -> tuple[Path | None, str]:
    """A throwaway venv with pysie-accounting (and pandas, which it imports but does not
    declare). Returns its python, or None and the reason it could not be made."""
    venv = workdir / "pysie-venv"
    python = venv / "bin" / "python"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "--quiet", "pysie-accounting", "pandas"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if "is ignored" not in line]
            return None, f"`{' '.join(step[2:])}` failed: {(lines or ['?'])[-1]}"
    version = subprocess.run(
        [str(python), "-m", "pip", "show", "pysie-accounting"], capture_output=True, text=True
    ).stdout
    found = [line.split(": ", 1)[1] for line in version.splitlines() if line.startswith("Version")]
    return python, f"pysie-accounting {found[0] if found else '?'}"


def measure_pysie(workdir: Path, full: Path, full_read: dict, budget: float, **workload) -> dict:
    """pysie-accounting at growing sizes up to the workload, until one exceeds `budget`.

    `full` is the workload's ledger and `full_read` its `read_sie` measurement; the
    smaller sizes are generated the same way and `read_sie` is measured on them too.
    """
    python, note = pysie_venv(workdir)
    runs: list[dict] = []
    if python is None:
        return {"note": note, "runs": runs}
    translation = workdir / "sru.csv"
    translation.write_text("SRU,Ink2\n")  # its open() merges with such a table
    transactions = workload["transactions"]
    sizes = [size for size in PYSIE_SIZES if size < transactions] + [transactions]
    for size in sizes:
        plain, shaped = workdir / f"plain-{size}.se", workdir / f"pysie-{size}.se"
        if size == transactions:
            plain, ours = full, full_read
        else:
            generate(plain, transactions=size, cost_centres=workload["cost_centres"])
            ours = measure("read", plain)
        rewrite_for_pysie(plain, shaped)
        theirs = run_json([str(python), "-c", PYSIE_CHILD, str(shaped), str(translation)], budget)
        runs.append({"transactions": size, "pysie": theirs, "read_sie": ours})
        shaped.unlink()
        if plain != full:
            plain.unlink()
        if "failed" in theirs:
            break
    return {"note": note, "runs": runs}


# --- the report -------------------------------------------------------------------------


def machine() -> dict:
    cpu = "?"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        memory_kb = int(info.readline().split()[1])
    return {
        "uname": " ".join(platform.uname()),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
    }


def report_markdown(run: dict) -> str:
    read, split, size_mb = run["read"], run["split"], run["size_mb"]
    ratio = read["seconds"] / split["seconds"]
    met_time = read["seconds"] < TARGET_SECONDS
    met_memory = read["peak_rss_mb"] < TARGET_PEAK_MB
    box = run["machine"]
    lines = [
        f"# SIE reader benchmark, {run['date']}",
        "",
        f"- Machine: `{box['uname']}`",
        f"- CPU: {box['cpu']}, {box['nproc']} cores (`nproc`), {box['ram_gb']} GB RAM",
        f"- Python {box['python']}",
        f"- Workload: {run['transactions']:,} #TRANS rows in {read['counts']['vouchers']:,} "
        f"vouchers over {run['cost_centres']:,} cost centres, "
        f"{read['counts']['period_balances']:,} #PBUDGET rows; file {size_mb:,.0f} MB "
        f"(cp437, CRLF); generated in {run['generate_seconds']:.0f} s",
        "",
        f"Best of {run['repeat']} runs each, every run in a fresh process; load average "
        f"at the start {box['load_average_at_start']} on {box['nproc']} cores.",
        "",
        "| Measurement | Wall time (all runs) | CPU time | MB/s | Peak RSS | Target |",
        "|---|---|---|---|---|---|",
        f"| (a) `read_sie`: read + validate + aggregate ({read['facts']:,} facts) "
        f"| {read['seconds']:.1f} s ({', '.join(f'{s:.1f}' for s in read['all_seconds'])}) "
        f"| {read['cpu_seconds']:.1f} s | {size_mb / read['seconds']:.0f} | "
        f"{read['peak_rss_mb']:.0f} MB | < {TARGET_SECONDS} s "
        f"{'met' if met_time else 'NOT met'}, < {TARGET_PEAK_MB} MB "
        f"{'met' if met_memory else 'NOT met'} |",
        f"| (b) plain loop, `line.split()` only "
        f"| {split['seconds']:.1f} s ({', '.join(f'{s:.1f}' for s in split['all_seconds'])}) "
        f"| {split['cpu_seconds']:.1f} s | {size_mb / split['seconds']:.0f} "
        f"| {split['peak_rss_mb']:.0f} MB | floor |",
        "",
        f"Ratio (a)/(b): **{ratio:.2f}** in wall time, "
        f"{read['cpu_seconds'] / split['cpu_seconds']:.2f} in CPU time — reading, checking "
        "and aggregating costs that many times a loop that only splits the lines.",
        "",
        f"(c) `pysie-accounting` ({run['pysie']['note']}), time budget "
        f"{run['pysie_budget']:.0f} s per size. It parses only (no balance check, no "
        "aggregation), keeps every line and voucher in memory, needs pandas, which it does "
        "not declare, and matches `#VER` only with quoted series and number and a "
        "registration date, so it gets the same ledger with its #VER lines in that shape:",
        "",
        "| #TRANS rows | pysie-accounting | its peak RSS | `read_sie` | its peak RSS | pysie time ÷ read_sie time |",
        "|---|---|---|---|---|---|",
    ]
    for entry in run["pysie"]["runs"]:
        theirs, ours = entry["pysie"], entry["read_sie"]
        if "failed" in theirs:
            lines.append(
                f"| {entry['transactions']:,} | {theirs['failed']} | – "
                f"| {ours['seconds']:.2f} s | {ours['peak_rss_mb']:.0f} MB | – |"
            )
            continue
        found = f" ({theirs['transactions']:,} rows found)"
        lines.append(
            f"| {entry['transactions']:,} | {theirs['seconds']:.2f} s{found} "
            f"| {theirs['peak_rss_mb']:.0f} MB | {ours['seconds']:.2f} s "
            f"| {ours['peak_rss_mb']:.0f} MB | {theirs['seconds'] / ours['seconds']:.1f}× |"
        )
    if not run["pysie"]["runs"]:
        lines.append("| – | not measured | – | – | – | – |")
    lines += ["", "Raw numbers:", "", "```json", json.dumps(run, indent=2), "```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--cost-centres", type=int, default=2_000)
    parser.add_argument("--pysie-budget", type=float, default=300, help="seconds per size")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b); best is kept")
    parser.add_argument("--skip-pysie", action="store_true")
    parser.add_argument("--output", type=Path, help="default bench/results/sie-<date>.md")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    with tempfile.TemporaryDirectory(prefix="sie-bench-") as tmp:
        workdir = Path(tmp)
        ledger = workdir / "ledger.se"
        print(f"generating {args.transactions:,} #TRANS rows …", flush=True)
        started = time.perf_counter()
        generate(ledger, transactions=args.transactions, cost_centres=args.cost_centres)
        run = {
            "date": date.today().isoformat(),
            "machine": machine(),
            "transactions": args.transactions,
            "cost_centres": args.cost_centres,
            "generate_seconds": time.perf_counter() - started,
            "size_mb": ledger.stat().st_size / 1e6,
            "repeat": args.repeat,
        }
        print("measuring read_sie …", flush=True)
        run["read"] = best_of(args.repeat, "read", ledger)
        print("measuring the plain split loop …", flush=True)
        run["split"] = best_of(args.repeat, "split", ledger)
        run["pysie_budget"] = args.pysie_budget
        if args.skip_pysie:
            run["pysie"] = {"note": "skipped (--skip-pysie)", "runs": []}
        else:
            print("measuring pysie-accounting …", flush=True)
            run["pysie"] = measure_pysie(
                workdir,
                ledger,
                run["read"],
                args.pysie_budget,
                transactions=args.transactions,
                cost_centres=args.cost_centres,
            )
    for key in ("read", "split"):
        if "failed" in run[key]:
            print(f"sie_bench: {key} failed: {run[key]['failed']}", file=sys.stderr)
            return 1
    output = args.output or ROOT / "bench" / "results" / f"sie-{run['date']}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report_markdown(run))
    print(report_markdown(run).split("Raw numbers:")[0])
    print(f"written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
