#!/bin/bash
# End-to-end: the plain-text edition, encodings, bad inputs and batch behaviour.
. "$(dirname "$0")/lib.sh"

FM='---
title: Prøve
organisation: Testby kommune
date: 2024-05-01
revision: "1"
---
'

# --- the editions of content/
check "build txt for content/" "$POLIDOC" build --formats txt -o "$TMP/out" "$ROOT/content"
for src in "$ROOT"/content/*.md; do
    slug=$(basename "$src" .md)
    txt="$TMP/out/$slug/$slug.txt"
    check "$slug: .txt written" test -s "$txt"
    "$PY" "$ROOT/tests/e2e/source_text.py" "$src" >"$TMP/$slug.ref"
    check "$slug: every word of the source, in order (text_fidelity)" \
        "$PY" "$SHARED/tools/text_fidelity.py" "$txt" "$TMP/$slug.ref"
    check "$slug: valid UTF-8 in NFC" "$PY" -c "import sys,unicodedata; t=open(sys.argv[1],encoding='utf-8').read(); sys.exit(unicodedata.normalize('NFC',t)!=t)" "$txt"
    check "$slug: no emphasis markers" bash -c "! grep -nE '(^|[^[:alnum:]])[*_]{1,2}[[:alnum:]ÆØÅæøå]' '$txt'"
    check "$slug: no CR" bash -c "! grep -q $'\r' '$txt'"
done

# --- the fixtures: every construct, other languages
check "build txt for tests/fixtures/" "$POLIDOC" build --formats txt -o "$TMP/fx" "$ROOT/tests/fixtures"
for src in "$ROOT"/tests/fixtures/*.md; do
    slug=$(basename "$src" .md)
    "$PY" "$ROOT/tests/e2e/source_text.py" "$src" >"$TMP/$slug.ref"
    check "fixture $slug: every word in order" \
        "$PY" "$SHARED/tools/text_fidelity.py" "$TMP/fx/$slug/$slug.txt" "$TMP/$slug.ref"
done

# --- encodings
check "CP865 with --translit builds" "$POLIDOC" build --formats txt --encoding CP865 --translit -o "$TMP/cp865" "$ROOT/content"
for f in "$TMP"/cp865/*/*.txt; do
    slug=$(basename "$f" .txt)
    # CP865 has neither » (its 0xAF is ¤) nor – — §: «» pairs become straight quotes, the
    # dashes hyphens, § "paragraf"; nothing else changes.
    check "$slug: CP865 decodes to the UTF-8 edition but for «» – — §" bash -c \
        "iconv -f CP865 -t UTF-8 '$f' | cmp - <(sed 's/[«»]/\"/g; s/[–—]/-/g; s/§/paragraf/g' '$TMP/out/$slug/$slug.txt')"
done
for f in "$TMP"/out/*/*.txt; do
    slug=$(basename "$f" .txt)
    if ! grep -q '[»]' "$f"; then
        "$POLIDOC" build --formats txt --encoding CP865 -o "$TMP/cp865-strict" "$ROOT/content/$slug.md" 2>/dev/null
        check "$slug: strict CP865 is byte-identical to UTF-8 after iconv" bash -c \
            "iconv -f CP865 -t UTF-8 '$TMP/cp865-strict/$slug/$slug.txt' | cmp - '$f'"
    fi
done
check_fails "CP865 without --translit fails on »" "$POLIDOC" build --formats txt --encoding CP865 -o "$TMP/cp865-fail" "$ROOT/content/vi-i-sarpsborg.md"
"$POLIDOC" build --formats txt --encoding ASCII -o "$TMP/ascii-fail" "$ROOT/content" 2>"$TMP/ascii.err"
check "ASCII without --translit exits 1" test $? -eq 1
check "ASCII error names the character and its code" grep -qE "'[æøåÆØÅ]' \(U\+00[CDEF][0-9A-F]\) cannot be written in ASCII" "$TMP/ascii.err"
check "ASCII error has file:line:column" grep -qE '^[^:]+\.md:[0-9]+:[0-9]+: error:' "$TMP/ascii.err"
check "no .txt left behind by the failed ASCII build" bash -c "! ls '$TMP'/ascii-fail/*/*.txt 2>/dev/null | grep -q ."
check "ASCII with --translit builds" "$POLIDOC" build --formats txt --encoding ASCII --translit -o "$TMP/ascii" "$ROOT/content"
check "translit output is ASCII" bash -c "! cat '$TMP'/ascii/*/*.txt | LC_ALL=C grep -q '[^[:print:][:space:]]'"
check "translit gives paa, oe, ae" bash -c "cat '$TMP'/ascii/*/*.txt | grep -qw paa && cat '$TMP'/ascii/*/*.txt | grep -q oe && cat '$TMP'/ascii/*/*.txt | grep -q ae"
check "ISO-8859-1 edition decodes back to the UTF-8 one (but for unrepresentable dashes)" bash -c \
    "'$POLIDOC' build --formats txt --encoding ISO-8859-1 --translit -o '$TMP/l1' '$ROOT/content' && for f in '$TMP'/l1/*/*.txt; do iconv -f ISO-8859-1 -t UTF-8 \"\$f\" >/dev/null || exit 1; done"
check "--crlf gives CR LF line ends" bash -c "'$POLIDOC' build --formats txt --crlf -o '$TMP/crlf' '$ROOT/content/vi-i-sarpsborg.md' && head -1 '$TMP/crlf/vi-i-sarpsborg/vi-i-sarpsborg.txt' | od -c | grep -q '\\\\r  \\\\n'"
for w in 28 36 72; do
    "$POLIDOC" build --formats txt --wrap $w -o "$TMP/wrap$w" "$ROOT/content" 2>/dev/null
    check "--wrap $w: no line longer than $w except unbreakable words" "$PY" -c "
import sys,glob
import re
marker=re.compile(r'^(-|>|\[\d+\]|\d+[.)])$')
bad=[l for f in glob.glob('$TMP/wrap$w/*/*.txt') for l in open(f,encoding='utf-8').read().split('\n') if len(l)>$w and len([t for t in l.split() if not marker.match(t)])>1]
print(bad[:3]); sys.exit(1 if bad else 0)"
    # Underlines follow the wrapped heading's width, so they are left out of the comparison.
    check "--wrap $w: same words as unwrapped" bash -c "diff <(cat '$TMP'/out/*/*.txt | grep -vE '^(=+|-+|~+)$' | tr -s ' \n' '\n\n') <(cat '$TMP'/wrap$w/*/*.txt | grep -vE '^(=+|-+|~+)$' | tr -s ' \n' '\n\n')"
done

# --- page marks: where each page of the print edition begins
check "--page-marks builds with the print edition" "$POLIDOC" build --formats txt,print --page-marks -o "$TMP/pm" "$ROOT/content"
for f in "$TMP"/pm/*/*.txt; do
    slug=$(basename "$f" .txt)
    check "$slug: a page mark per print page, before that page's first words" \
        "$PY" "$ROOT/tests/e2e/txt_pagemarks.py" "$f" "$TMP/pm/$slug/$slug.print.pdf"
    check "$slug: page marks add no words but the marks" bash -c \
        "diff <(grep -v '^[ >]*\[Side [0-9ivx]*\]\$' '$f' | tr -s ' \n' '\n\n') <(tr -s ' \n' '\n\n' < '$TMP/out/$slug/$slug.txt')"
done

# --- bad inputs: each a specific error, exit 1, no output file
mkdir -p "$TMP/bad"
printf '%s' "$FM" >"$TMP/bad/header"
{ cat "$TMP/bad/header"; printf 'p\xe5 feil\n'; } >"$TMP/bad/invalid-utf8.md"
{ cat "$TMP/bad/header"; printf 'a\0b\n'; } >"$TMP/bad/nul-byte.md"
: >"$TMP/bad/empty.md"
printf -- '---\ntitle: x\n\nTekst\n' >"$TMP/bad/unterminated.md"
printf -- '---\ntitle: [x\norganisation: y\n---\nTekst\n' >"$TMP/bad/invalid-yaml.md"
printf -- '---\norganisation: y\ndate: 2024-01-01\nrevision: "1"\n---\nTekst\n' >"$TMP/bad/missing-title.md"
{ printf '%s' "$FM"; echo 'Blåbær og øl på'; } | iconv -f UTF-8 -t ISO-8859-1 >"$TMP/bad/latin1.md"
bad_case() { # name, expected message fragment
    rm -rf "$TMP/badout"
    "$POLIDOC" build --formats txt -o "$TMP/badout" "$TMP/bad/$1.md" 2>"$TMP/bad/$1.err"
    check "$1: exit status 1" test $? -eq 1
    check "$1: error says '$2'" grep -q -- "$2" "$TMP/bad/$1.err"
    check "$1: error names the file" grep -q "$1.md" "$TMP/bad/$1.err"
    check "$1: no output file left" bash -c "! find '$TMP/badout' -type f 2>/dev/null | grep -q ."
}
bad_case invalid-utf8 "invalid UTF-8"
bad_case nul-byte "NUL byte"
bad_case empty "empty file"
bad_case unterminated "unterminated front matter"
bad_case invalid-yaml "invalid YAML"
bad_case missing-title "'title' is missing"
bad_case latin1 "invalid UTF-8"
check "invalid UTF-8: position line:column" grep -q 'invalid-utf8.md:7:2: error' "$TMP/bad/invalid-utf8.err"
check "Latin-1 converts with --input-encoding" "$POLIDOC" build --formats txt --input-encoding ISO-8859-1 -o "$TMP/l1in" "$TMP/bad/latin1.md"
check "Latin-1 text decoded right" grep -q 'Blåbær og øl på' "$TMP/l1in/latin1/latin1.txt"
{ printf '\xff\xfe'; { printf '%s' "$FM"; echo 'Tekst på samisk: čđŋšŧž'; } | iconv -f UTF-8 -t UTF-16LE; } >"$TMP/bad/utf16.md"
check "UTF-16 with BOM converts" "$POLIDOC" build --formats txt -o "$TMP/u16" "$TMP/bad/utf16.md"
check "UTF-16 text decoded right" grep -q 'čđŋšŧž' "$TMP/u16/utf16/utf16.txt"

# --- a batch with one bad file still converts the others
mkdir -p "$TMP/batch"
cp "$ROOT/content/vi-i-sarpsborg.md" "$TMP/bad/nul-byte.md" "$ROOT/content/stavanger-organisasjonsstrategi.md" "$TMP/batch/"
"$POLIDOC" build --formats txt -j 2 -o "$TMP/batchout" "$TMP/batch" 2>"$TMP/batch.err"
check "batch with a bad file exits 1" test $? -eq 1
check "batch: good documents converted" test -s "$TMP/batchout/vi-i-sarpsborg/vi-i-sarpsborg.txt" -a -s "$TMP/batchout/stavanger-organisasjonsstrategi/stavanger-organisasjonsstrategi.txt"
check "batch: bad document reported" grep -q "nul-byte.md: failed" "$TMP/batch.err"
check "batch: summary line" grep -q "1 of 3 documents failed" "$TMP/batch.err"

# --- command line
check "--version" bash -c "'$POLIDOC' --version | grep -q '^polidoc [0-9]'"
for c in build normalize check archive verify; do
    check "$c --help exits 0 with usage" bash -c "'$POLIDOC' $c --help | grep -q 'usage: polidoc $c' || '$POLIDOC' $c --help 2>&1 | grep -q 'not available yet'"
done
"$POLIDOC" build --formats nonsense content 2>/dev/null
check "unknown format is a usage error (2)" test $? -eq 2
"$POLIDOC" frobnicate 2>/dev/null
check "unknown command is a usage error (2)" test $? -eq 2
"$POLIDOC" archive x 2>"$TMP/arch.err"
check "archive is honestly unavailable (exit 2)" bash -c "test $? -eq 2 && grep -q 'not available yet' '$TMP/arch.err'"

# --- check
check "polidoc check passes on content/" "$POLIDOC" check "$ROOT/content"
printf -- '%s# A\n\n### C\n\n![](x.png)\n\n[](https://x.no)\n' "$FM" >"$TMP/lint.md"
"$POLIDOC" check "$TMP/lint.md" >"$TMP/lint.out"
check "check: findings give exit 1" test $? -eq 1
check "check: skipped heading level at line:col" grep -q 'lint.md:9:1: warning: heading level 3 follows level 1' "$TMP/lint.out"
check "check: image without alt text" grep -q 'lint.md:11:1: warning: image' "$TMP/lint.out"
check "check: link without text" grep -q 'lint.md:13:1: warning: link to' "$TMP/lint.out"
finish
