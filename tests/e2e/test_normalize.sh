#!/bin/bash
# `polidoc normalize`: OCR repair of æ/ø/å from the command line.
. "$(dirname "$0")/lib.sh"

SEEDS="$SHARED/seeds"

printf 'Vi ma mgte og Igse utfordringene pa nye mater.\n' >"$TMP/in.txt"
check "repairs a file to stdout" \
    sh -c "'$POLIDOC' normalize '$TMP/in.txt' | grep -qx 'Vi må møte og løse utfordringene på nye måter.'"
check "reads stdin" \
    sh -c "'$POLIDOC' normalize <'$TMP/in.txt' | grep -q 'på nye måter'"
check "writes a TSV report" \
    sh -c "'$POLIDOC' normalize --report '$TMP/r.tsv' '$TMP/in.txt' >/dev/null &&
           head -1 '$TMP/r.tsv' | grep -qx 'line	column	before	after	confidence	reason' &&
           grep -q '^1	7	mgte	møte	' '$TMP/r.tsv'"
check "--min-confidence 1 applies nothing, reports review" \
    sh -c "'$POLIDOC' normalize --min-confidence 1 --report '$TMP/r2.tsv' '$TMP/in.txt' |
           cmp -s - '$TMP/in.txt' && grep -q 'review: ' '$TMP/r2.tsv'"
# a report named by a device, FIFO or link is written through it, never renamed over it
mkfifo "$TMP/fifo"
check "--report into a FIFO: the reader gets the TSV, the FIFO stays" \
    sh -c "timeout 10 cat '$TMP/fifo' >'$TMP/fifo.out' & '$POLIDOC' normalize --report '$TMP/fifo' '$TMP/in.txt' >/dev/null;
           wait; [ -p '$TMP/fifo' ] && grep -q '	mgte	møte	' '$TMP/fifo.out'"
echo old >"$TMP/target.tsv"
ln -s target.tsv "$TMP/link.tsv"
check "--report through a symbolic link: the link stays, its file is replaced" \
    sh -c "'$POLIDOC' normalize --report '$TMP/link.tsv' '$TMP/in.txt' >/dev/null &&
           [ -L '$TMP/link.tsv' ] && grep -q '	mgte	møte	' '$TMP/target.tsv'"
check "--help" sh -c "'$POLIDOC' normalize --help | grep -q -- '--min-confidence'"
check_fails "bad --min-confidence" "$POLIDOC" normalize --min-confidence 2 "$TMP/in.txt"
check "bad --min-confidence is a usage error (2)" \
    sh -c "'$POLIDOC' normalize --min-confidence x '$TMP/in.txt' 2>/dev/null; [ \$? -eq 2 ]"
check "bad --lang is a usage error (2)" \
    sh -c "'$POLIDOC' normalize --lang sv '$TMP/in.txt' 2>/dev/null; [ \$? -eq 2 ]"
check "--lang nn" sh -c "printf 'Eg ma ikkje gjere det pa den maten.\n' |
           '$POLIDOC' normalize --lang nn | grep -q 'Eg må ikkje gjere det på den måten.'"

printf 'ok\nab\377\n' >"$TMP/bad.txt"
check "invalid UTF-8: exit 1 with file:line:column" \
    sh -c "'$POLIDOC' normalize '$TMP/bad.txt' 2>'$TMP/err' >/dev/null; [ \$? -eq 1 ] &&
           grep -q 'bad.txt:2:3: error: invalid UTF-8' '$TMP/err'"
check_fails "missing file" "$POLIDOC" normalize "$TMP/nope.txt"

# Markdown: byte-for-byte except the repaired words
cat >"$TMP/doc.md" <<'MD'
---
title: Ledelse pa nye mater
lang: nb-NO
---

# Hovedomrader

Se `pa` og [verktay](https://example.no/pa).
MD
check "Markdown source keeps code and links" \
    bash -c "'$POLIDOC' normalize '$TMP/doc.md' | diff - <(sed -e 's/Ledelse pa nye mater/Ledelse på nye måter/' -e 's/Hovedomrader/Hovedområder/' -e 's/\[verktay\]/[verktøy]/' '$TMP/doc.md')"

# the seeds: known damage repaired
if [ -d "$SEEDS" ]; then
    "$POLIDOC" normalize "$SEEDS"/001_*.txt >"$TMP/001.txt"
    check "seed 001: Kommunedirektørens, Vi i Sarpsborg, å våge" \
        sh -c "grep -q 'Kommunedirektørens innstilling' '$TMP/001.txt' &&
               grep -q '«Vi i Sarpsborg' '$TMP/001.txt' && grep -q 'å våge, å lære' '$TMP/001.txt'"
    "$POLIDOC" normalize "$SEEDS"/003_*.txt >"$TMP/003.txt"
    check "seed 003: Høy tillit, møte og løse, støtte, KJØNNENE" \
        sh -c "grep -q 'Høy tillit' '$TMP/003.txt' && grep -q 'møte og løse' '$TMP/003.txt' &&
               grep -q 'må støtte' '$TMP/003.txt' && grep -q 'KJØNNENE' '$TMP/003.txt'"
    seed003=$(ls "$SEEDS"/003_*.txt)
    check "same lines as the input" \
        sh -c "[ \$(wc -l <'$TMP/003.txt') -eq \$(wc -l <'$seed003') ]"
fi

# a 5 MB line finishes (no quadratic blow-up) and keeps its length class
head -c 5000000 /dev/zero | tr '\0' 'a' | sed 's/aaaaaaaaa/pa mater /g' >"$TMP/long.txt"
check "5 MB single line" sh -c "'$POLIDOC' normalize '$TMP/long.txt' | grep -c 'på måter' >/dev/null"

finish
