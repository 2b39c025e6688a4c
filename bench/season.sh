#!/usr/bin/env bash
# The report season under load (issue 14 item 5): `make bench` runs it.
#
# A throwaway PostgreSQL on a Unix socket, the demo region, bench users
# (bench/season_setup.py), `styra serve --production` and `styra worker` on loopback,
# then locust with bench/locust/season.py:
#   1. steady: USERS (200) users with 10 s think time for DURATION (5m) after their logins;
#      an import job (the demo's SIE ledger) is queued in the middle and must succeed;
#   2. steps: STEPS ("200 300 400 600") users, STEP (90s) each, to find the throughput
#      where p95 passes 1 s.
# Writes bench/results/season-DATE.md with the machine, the figures and the verdicts.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
BIN=$repo/.venv/bin
USERS=${USERS:-200}
DURATION=${DURATION:-5m}
STEPS=${STEPS:-"200 300 400 600"}
STEP=${STEP:-90s}
RAMP=${RAMP:-4}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
root=$(mktemp -d /tmp/styra-season.XXXXXX)
chmod 755 "$root"; mkdir -p "$root/pg" "$root/var"
pids=()
run_as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$root/pg"; run_as=(runuser -u postgres --); fi
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    "${run_as[@]}" "$pgbin/pg_ctl" -D "$root/pg/data" -m fast stop >/dev/null 2>&1 || true
    [ "${KEEP:-0}" = 1 ] || rm -rf "$root"
}
trap cleanup EXIT
say() { echo "== season: $*" >&2; }

"${run_as[@]}" "$pgbin/initdb" -D "$root/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${run_as[@]}" "$pgbin/pg_ctl" -D "$root/pg/data" -l "$root/pg/log" -w \
    -o "-k $root/pg -c listen_addresses='' -c max_connections=300 -c shared_buffers=512MB" start >/dev/null
psql -q -h "$root/pg" -U postgres -d postgres -c "CREATE ROLE styra LOGIN" -c "CREATE DATABASE styra OWNER styra"

export DATABASE_URL="postgres://styra@/styra?host=$root/pg" STYRA_VAR_DIR="$root/var" \
    STYRA_OUT_DIR="$root/out" STYRA_PROJECT_DIR="$root" STYRA_HTTPS=0 \
    STYRA_SECRET_KEY=season-bench-key-0123456789abcdefghijklmnopqrstuvwxyz
unset DJANGO_SETTINGS_MODULE
say "demoregionen och belastningsanvändare"
(cd "$root" && "$BIN/styra" demo --no-serve >"$root/demo.log" 2>&1)
"$BIN/styra" manage shell <bench/season_setup.py
port=$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# SERVE_ARGS, e.g. "--workers 5 --threads 2", tries another server configuration.
# shellcheck disable=SC2086
(cd "$root" && exec "$BIN/styra" serve --production --addr "127.0.0.1:$port" ${SERVE_ARGS:-}) >"$root/web.log" 2>&1 &
pids+=($!)
(cd "$root" && exec "$BIN/styra" worker) >"$root/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/" && break; sleep 0.5; done
pgrep -af "gunicorn styra.wsgi:application --bind 127.0.0.1:$port" | head -n 1 >"$root/gunicorn.cmd"
sie=$(find "$root" -name '*.se' | head -n 1)

run() {  # users duration warmup out
    local users=$1 duration=$2 warmup=$3 out=$4
    BENCH_WARMUP=$warmup BENCH_STATS_OUT=$out "$BIN/locust" -f bench/locust/season.py --headless \
        -u "$users" -r "$RAMP" -t "$duration" -H "http://127.0.0.1:$port" --only-summary \
        >"$out.log" 2>&1 || true
}
seconds() { "$BIN/python" -c "import sys; v=sys.argv[1]; print(int(v[:-1]) * (60 if v.endswith('m') else 1))" "$1"; }

# Logging in hashes a password (~0.6 s of one core): 200 users' logins keep two cores busy
# for over a minute. Pages count from 30 s after the last login (bench/locust/common.py);
# the run is long enough for that and DURATION of steady state after it.
logins() { echo $(( $1 * 7 / 20 + $1 / RAMP + 30 )); }
ramp=$(logins "$USERS")
total=$(( ramp + $(seconds "$DURATION") ))
say "stadigt läge: $USERS användare, 10 s betänketid, ${ramp}s upprampning + $DURATION"
( sleep $(( ramp + 60 )); "$BIN/styra" job import "$sie" --year 2026 --source "Belastningstest" --user controller ) \
    >"$root/job.log" 2>&1 &
pids+=($!)
# CPU of the server, the worker, PostgreSQL and locust every 5 s (bench/cputime.py): what a
# page costs, whatever the host's speed or queueing did to the page times.
"$BIN/python" bench/cputime.py 5 server="${pids[0]}" worker="${pids[1]}" \
    postgres="$(head -n 1 "$root/pg/data/postmaster.pid")" locust=cmd:bench/locust/season.py \
    >"$root/cpu-steady.txt" &
sampler=$!
pids+=($sampler)
run "$USERS" "${total}s" "$ramp" "$root/steady.json"
kill "$sampler" 2>/dev/null || true  # under `set -e`: a sampler that died must not stop the report
load_steady=$(cut -d' ' -f1 /proc/loadavg)
job_status=$("$BIN/styra" job list --json 2>/dev/null | "$BIN/python" -c "import json,sys; jobs=[j for j in json.load(sys.stdin) if j['kind']=='ledger_import']; print(jobs[0]['status'] + ': ' + (jobs[0]['error'] or jobs[0]['result'].get('summary','')) if jobs else 'inget importjobb')")

steps=()
for users in $STEPS; do
    say "steg: $users användare i $STEP"
    warm=$(logins "$users")
    run "$users" "$(( warm + $(seconds "$STEP") ))s" "$warm" "$root/step-$users.json"
    steps+=("$users:$(cut -d' ' -f1 /proc/loadavg)")
done

out="bench/results/season-$(date +%F).md"
"$BIN/python" bench/season_report.py "$root" "$USERS" "$DURATION" "$load_steady" "$job_status" "${steps[@]}" >"$out"
say "resultat: $out"
cat "$out"
