#!/usr/bin/env bash
# gunicorn against granian on the demo region (docs/decisions/0004-gunicorn.md).
#
# Needs a migrated database with the demo loaded (DATABASE_URL; see bench/season.sh for
# one that starts PostgreSQL itself) and STYRA_SECRET_KEY. For each server setup and
# each number of users: start the server on loopback, warm it, run bench/locust/browse.py
# headless for DURATION, stop it. Prints one CSV line per run:
#   server,users,requests,failures,rps,p50_ms,p95_ms,load
# (page requests only: logins hash a password on purpose and are left out of the
# percentiles; load is the machine's 1-minute load average after the run).
# ROUNDS=2 interleaves the setups twice, so a busy moment of a shared machine does not
# land on one server only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin
DURATION=${DURATION:-30s}
USERS=${USERS:-"10 40"}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-8811}
cores=$(nproc)
export STYRA_HTTPS=0

declare -A SETUPS=(
    [gunicorn-gthread]="$BIN/python -m gunicorn styra.wsgi:application --bind 127.0.0.1:$PORT --workers $((cores + 1)) --worker-class gthread --threads 4 --no-control-socket"
    [gunicorn-sync]="$BIN/python -m gunicorn styra.wsgi:application --bind 127.0.0.1:$PORT --workers $((2 * cores + 1)) --no-control-socket"
    [granian]="$BIN/granian --interface wsgi styra.wsgi:application --host 127.0.0.1 --port $PORT --workers $((cores + 1)) --blocking-threads 4 --no-ws"
)

$BIN/styra manage collectstatic --noinput -v 0
echo "server,users,requests,failures,rps,p50_ms,p95_ms,load"
for round in $(seq 1 "$ROUNDS"); do
    for setup in gunicorn-gthread granian gunicorn-sync; do
        for users in $USERS; do
            log=$(mktemp)
            ${SETUPS[$setup]} >"$log" 2>&1 &
            pid=$!
            for _ in $(seq 1 120); do
                curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/" && break
                sleep 0.5
            done
            out=$(mktemp)
            $BIN/locust -f bench/locust/browse.py --headless -u 4 -r 4 -t 5s \
                -H "http://127.0.0.1:$PORT" --only-summary >/dev/null 2>&1 || true
            BENCH_STATS_OUT=$out $BIN/locust -f bench/locust/browse.py --headless -u "$users" \
                -r "$users" -t "$DURATION" -H "http://127.0.0.1:$PORT" --only-summary \
                >/dev/null 2>&1 || true
            load=$(cut -d' ' -f1 /proc/loadavg)
            $BIN/python -c "import json,sys; s=json.load(open('$out')); print(f\"$setup,$users,{s['requests']},{s['errors']},{s['rps_all']},{s['p50_ms']},{s['p95_ms']},$load\")" \
                || echo "$setup,$users,error"
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            rm -f "$out" "$log"
        done
    done
done
