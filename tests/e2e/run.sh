#!/bin/sh
# Runs every end-to-end test script and prints one summary line.
cd "$(dirname "$0")" || exit 2
passed=0
failed=0
for t in test_*.sh; do
    [ -f "$t" ] || continue
    echo "== $t"
    out=$(bash "$t" 2>&1)
    rc=$?
    printf '%s\n' "$out" | grep -v '^[0-9]* passed, [0-9]* failed$'
    line=$(printf '%s\n' "$out" | grep '^[0-9]* passed, [0-9]* failed$' | tail -1)
    p=$(echo "$line" | cut -d' ' -f1)
    f=$(echo "$line" | cut -d' ' -f3)
    [ -n "$p" ] || { p=0; f=1; echo "FAIL - $t printed no summary"; }
    [ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
    passed=$((passed + p))
    failed=$((failed + f))
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
