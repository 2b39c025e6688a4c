#!/usr/bin/env bash
# Run the test suite on PostgreSQL when one is available.
#
# - STYRA_TEST_POSTGRES_URL set: use that server (CI sets it after starting one).
# - otherwise, if PostgreSQL's server binaries are installed, start a throwaway
#   cluster in var/pgtest on a Unix socket, run, and stop it.
# - otherwise: say so and skip.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ -n "${STYRA_TEST_POSTGRES_URL:-}" ]; then
    echo "== Testsviten på PostgreSQL ($STYRA_TEST_POSTGRES_URL)"
    DATABASE_URL="$STYRA_TEST_POSTGRES_URL" exec $BIN/python -m pytest -n 2 --dist loadgroup -q -m "not e2e"
fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
    echo "== PostgreSQL finns inte på den här datorn: testerna mot PostgreSQL hoppas över."
    exit 0
fi

dir=$(mktemp -d /tmp/styra-pgtest.XXXXXX)
run_as=()
if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root; the Debian package creates the postgres user.
    chown postgres "$dir"
    run_as=(runuser -u postgres --)
fi
"${run_as[@]}" "$pgbin/initdb" -D "$dir/data" -U styra --auth=trust -E UTF8 >/dev/null
"${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -o "-k $dir -c listen_addresses='' -c fsync=off" -l "$dir/log" -w start >/dev/null
trap '"${run_as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null; rm -rf "$dir"' EXIT
echo "== Testsviten på PostgreSQL (tillfällig server i $dir)"
DATABASE_URL="postgres://styra@/postgres?host=$dir" $BIN/python -m pytest -n 2 --dist loadgroup -q -m "not e2e"
