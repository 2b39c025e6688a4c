#!/usr/bin/env bash
# `make bench`: run every benchmark; each writes its results under bench/results/
# with the machine and the date. Benchmarks are never part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in bench/sie_bench.py bench/ledger_import_bench.py bench/ledger_bench.py bench/report_bench.py bench/dashboard_bench.py bench/stats_bench.py; do
    if [ -f "$script" ]; then
        echo "== $script"
        .venv/bin/python "$script" "$@"
    fi
done
# The report season under load on PostgreSQL (needs PostgreSQL's server binaries).
echo "== bench/season.sh"
bash bench/season.sh
