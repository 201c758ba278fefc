#!/bin/sh
# Builds content/ and the fixtures in every format with a sanitizer build of polidoc (make asan)
# and fails on any AddressSanitizer, LeakSanitizer or UBSan report. Prints one summary line.
bin=$1
cd "$(dirname "$0")/.." || exit 2
out=$(mktemp -d "${TMPDIR:-/tmp}/polidoc-asan.XXXXXX")
trap 'rm -rf "$out"' EXIT
passed=0
failed=0
for src in content tests/fixtures; do
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
        "$bin" build -j 2 -o "$out/$(basename $src)" "$src" >"$out/log" 2>&1
    rc=$?
    if [ $rc -ne 0 ] || grep -qE 'Sanitizer|runtime error:' "$out/log"; then
        failed=$((failed + 1))
        echo "FAIL - $src under ASan/UBSan (exit $rc)"
        grep -E -A12 'ERROR: |runtime error:|failed' "$out/log" | head -40
    else
        passed=$((passed + 1))
        echo "ok - $src under ASan/UBSan"
    fi
done
echo "asan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
