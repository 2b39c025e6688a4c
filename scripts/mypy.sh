#!/usr/bin/env bash
# Type checking against the committed baseline (docs/typing.md).
#
#   scripts/mypy.sh        (make mypy)           fail on any error not in mypy-baseline.txt,
#                                                 and on baseline entries that are fixed
#   scripts/mypy.sh sync   (make mypy-baseline)  remove fixed errors from mypy-baseline.txt;
#                                                 refuses to add errors unless MOVED=1 (code
#                                                 with known errors moved to another file)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

out=$(mktemp)
trap 'rm -f "$out"' EXIT
$BIN/mypy >"$out"
status=$?
if [ "$status" -gt 1 ]; then
    # 1 means "type errors found"; anything else is a crash or a bad configuration,
    # which must never read as "every error fixed".
    cat "$out"
    echo "== mypy stopped with exit code $status: see above."
    exit "$status"
fi

if [ "${1:-check}" = sync ]; then
    old=$(mktemp)
    trap 'rm -f "$out" "$old"' EXIT
    touch mypy-baseline.txt
    cp mypy-baseline.txt "$old"
    $BIN/mypy-baseline sync <"$out" >/dev/null
    added=$(LC_ALL=C comm -13 "$old" mypy-baseline.txt)
    if [ -n "$added" ] && [ "${MOVED:-0}" != 1 ]; then
        cp "$old" mypy-baseline.txt
        echo "$added"
        echo "== These errors are not in the baseline: fix them, the baseline only shrinks."
        echo "   (Only when code with known errors moved to another file: make mypy-baseline MOVED=1)"
        exit 1
    fi
    echo "== mypy-baseline.txt: $(grep -c . mypy-baseline.txt) errors left. Commit it."
    exit 0
fi

if ! $BIN/mypy-baseline filter --no-colors <"$out"; then
    echo "== New type errors (listed above) must be fixed. When you only removed errors,"
    echo "   run 'make mypy-baseline' and commit mypy-baseline.txt: the baseline only shrinks."
    exit 1
fi
