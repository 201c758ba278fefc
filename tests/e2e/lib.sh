# Shared helpers for end-to-end tests; sourced by each tests/e2e/test_*.sh.
# Each `check` counts one assertion; a test script ends with `finish`.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
POLIDOC="$ROOT/bin/polidoc"
SHARED="$ROOT/../shared"
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/polidoc-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0

# check NAME COMMAND...: runs COMMAND; passes when it exits 0.
check() {
    name=$1
    shift
    if out=$("$@" 2>&1); then
        PASSED=$((PASSED + 1))
        echo "ok - $name"
    else
        FAILED=$((FAILED + 1))
        echo "FAIL - $name"
        printf '%s\n' "$out" | head -20 | sed 's/^/    /'
    fi
}

# check_fails NAME COMMAND...: passes when COMMAND exits non-zero.
check_fails() {
    name=$1
    shift
    if out=$("$@" 2>&1); then
        FAILED=$((FAILED + 1))
        echo "FAIL - $name (expected failure, got success)"
        printf '%s\n' "$out" | head -5 | sed 's/^/    /'
    else
        PASSED=$((PASSED + 1))
        echo "ok - $name"
    fi
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
