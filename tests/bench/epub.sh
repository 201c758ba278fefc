#!/bin/bash
# Benchmark: the sources of content/ to EPUB with polidoc, beside Debian's pandoc -t epub3 on the
# same files (one pandoc run per document: pandoc writes one book per run). Wall time and peak
# memory from GNU time, median of $RUNS runs; a second corpus repeats content/ 20 times under new
# names, so start-up costs do not hide the throughput. polidoc's time includes the print layout
# the EPUB's page-list needs. Measures and reports; the target (20x pandoc) is a goal, not a test.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
POLIDOC="$ROOT/bin/polidoc"
RUNS=${RUNS:-5}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/polidoc-bench-epub.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

for tool in /usr/bin/time pandoc; do
    command -v "$tool" >/dev/null || { echo "epub bench: $tool missing (make deps-test)" >&2; exit 1; }
done

# median_of CMD...: runs CMD $RUNS times; prints "seconds kilobytes": the median wall time
# (bash's EPOCHREALTIME, microseconds; GNU time's 10 ms steps are too coarse for a 30 ms
# build, and running under it adds its own start-up to the time) and the peak memory of one
# more run under GNU time (%M).
median_of() {
    local times="" i t0 t1
    for i in $(seq "$RUNS"); do
        rm -rf "$TMP/out"
        t0=$EPOCHREALTIME
        "$@" >/dev/null 2>"$TMP/err" ||
            { echo "epub bench: failed: $*" >&2; cat "$TMP/err" >&2; exit 1; }
        t1=$EPOCHREALTIME
        times="$times $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')"
    done
    rm -rf "$TMP/out"
    /usr/bin/time -f "%M" -o "$TMP/time" "$@" >/dev/null 2>"$TMP/err" ||
        { echo "epub bench: failed: $*" >&2; cat "$TMP/err" >&2; exit 1; }
    echo "$times" | tr ' ' '\n' | grep . | sort -g |
        awk -v m="$(tail -1 "$TMP/time")" '{ v[NR] = $1 } END { printf "%.6f %d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2, m }'
}

pandoc_all() {
    mkdir -p "$TMP/out"
    for src in "$@"; do
        pandoc -f markdown -t epub3 -o "$TMP/out/$(basename "$src" .md).epub" "$src" || return 1
    done
}
export -f pandoc_all
export TMP

mkdir -p "$TMP/x20"
for i in $(seq -w 1 20); do
    for src in "$ROOT"/content/*.md; do
        cp "$src" "$TMP/x20/$(basename "$src" .md)-$i.md"
    done
done

printf 'EPUB benchmark: median wall time of %s runs; peak memory of one more run\n' "$RUNS"
printf '%-14s %5s  %-20s %-20s %s\n' corpus docs polidoc "pandoc -t epub3" speed-up
for corpus in content x20; do
    if [ "$corpus" = content ]; then dir="$ROOT/content"; else dir="$TMP/x20"; fi
    n=$(ls "$dir"/*.md | wc -l)
    p=$(median_of "$POLIDOC" build --formats epub -o "$TMP/out" "$dir")
    q=$(median_of bash -c 'pandoc_all "$@"' _ "$dir"/*.md)
    label=$([ "$corpus" = content ] && echo "content/" || echo "content/ x20")
    awk -v c="$label" -v n="$n" -v pt="${p% *}" -v pm="${p#* }" -v qt="${q% *}" -v qm="${q#* }" '
        BEGIN {
            s = 0; if (pt > 0) s = qt / pt
            verdict = "(target 20x NOT met)"; if (s >= 20) verdict = "(target 20x met)"
            printf "%-14s %5d  %7.3f s %6.1f MB  %7.3f s %6.1f MB  %5.1fx %s\n", c, n, pt,
                   pm / 1024, qt, qm / 1024, s, verdict
        }'
done
