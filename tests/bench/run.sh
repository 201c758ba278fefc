#!/bin/sh
# Benchmarks (make bench): wall time and peak memory (best of N runs) of polidoc on the real
# documents and on generated long ones. Prints one line per case:
#   case  formats  pages  best-wall-seconds  peak-RSS-KB
# Targets (issue 4): content/ into both PDF editions < 0.5 s; 1000 pages < 2 s and < 200 MB;
# the cost per page of 1000 pages close to that of 100 (linear).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
POLIDOC="$ROOT/bin/polidoc"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/polidoc-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: GNU time (/usr/bin/time, package 'time') is needed" >&2; exit 1; }

# best NAME RUNS FORMATS INPUT...: runs polidoc RUNS times, prints the fastest run's time and the
# largest peak RSS seen (memory does not vary much; the maximum is the honest figure).
best() {
    name=$1 runs=$2 formats=$3
    shift 3
    best_t="" max_m=0 i=0
    while [ $i -lt "$runs" ]; do
        rm -rf "$TMP/out"
        if ! $TIME -f '%e %M' -o "$TMP/time" "$POLIDOC" build --formats "$formats" -o "$TMP/out" "$@" \
            >/dev/null 2>"$TMP/err"; then
            echo "bench: $name failed:" >&2
            cat "$TMP/err" >&2
            return 1
        fi
        read -r t m <"$TMP/time"
        if [ -z "$best_t" ] || awk "BEGIN { exit !($t < $best_t) }"; then best_t=$t; fi
        [ "$m" -gt "$max_m" ] && max_m=$m
        i=$((i + 1))
    done
    npages=0
    for f in "$TMP"/out/*/*.pdf; do
        [ -e "$f" ] || continue
        n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
        npages=$((npages + ${n:-0}))
    done
    printf '%-22s %-10s %6s pages  %6.2f s  %8s KB\n' "$name" "$formats" "$npages" "$best_t" "$max_m"
}

echo "== PDF (layout + emit), best of N, peak RSS =="
best "content/" 5 pdf,print "$ROOT/content"
best "content/ digital" 5 pdf "$ROOT/content"
best "content/ print" 5 print "$ROOT/content"
for pages in 100 1000; do
    python3 "$ROOT/tests/bench/gen_long.py" "$pages" "$TMP/long-$pages.md"
    runs=5
    [ "$pages" -ge 1000 ] && runs=3
    best "long-$pages digital" $runs pdf "$TMP/long-$pages.md"
    best "long-$pages print" $runs print "$TMP/long-$pages.md"
    best "long-$pages both" $runs pdf,print "$TMP/long-$pages.md"
done

echo "== EPUB beside pandoc -t epub3 (tests/bench/epub.sh) =="
"$ROOT/tests/bench/epub.sh"
