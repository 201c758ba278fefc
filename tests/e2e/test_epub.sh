#!/bin/bash
# End-to-end: the EPUB edition. Every EPUB built from content/ and tests/fixtures/ must pass
# EPUBCheck (0 errors, 0 warnings) and Ace by DAISY (no violations), say word for word what the
# text edition says, cite the print edition's pages in its page-list, and be the same bytes
# when built again.
. "$(dirname "$0")/lib.sh"

ACE="$ROOT/tests/node_modules/.bin/ace-cli"
E2E="$ROOT/tests/e2e"
VAL="$TMP/validators"
mkdir -p "$VAL"
# Ace drives Debian's chromium through puppeteer (Ace itself passes --no-sandbox).
export PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
export ACE PY VAL

# EPUBCheck, run through java: /usr/bin/epubcheck is a jar, and not every machine registers
# a launcher for jars.
epubcheck_clean() {
    local out
    out=$(java -jar /usr/bin/epubcheck "$1" 2>&1)
    if printf '%s\n' "$out" | grep -q 'Messages: 0 fatals / 0 errors / 0 warnings'; then
        echo "epubcheck: 0 fatals / 0 errors / 0 warnings"
        return 0
    fi
    printf '%s\n' "$out" | grep -E '^(FATAL|ERROR|WARNING)|Messages:'
    return 1
}

# Ace by DAISY: passes when its report has no failed assertion. Prints Ace's verdict.
ace_clean() {
    local dir="$2"
    "$ACE" --force --silent --outdir "$dir" "$1" || return 1
    "$PY" - "$dir/report.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
fails = [(a["earl:testSubject"]["url"], b["earl:test"]["dct:title"], b["earl:test"]["earl:impact"])
         for a in r["assertions"] for b in a.get("assertions", [])
         if b["earl:result"]["earl:outcome"] == "fail"]
for f in fails:
    print("violation: %s: %s (%s)" % f)
print("ace: outcome=%s violations=%d documents=%d" % (r["earl:result"]["earl:outcome"], len(fails),
                                                     len(r["assertions"])))
sys.exit(1 if fails or r["earl:result"]["earl:outcome"] != "pass" else 0)
PYEOF
}

# Both validators on one EPUB; results kept under $VAL for `validated` to report. They are slow
# (a JVM, a browser), so all books are validated first, two at a time.
validate() {
    local key
    key="$VAL/$(printf '%s' "$1" | md5sum | cut -c1-16)"
    epubcheck_clean "$1" >"$key.epubcheck" 2>&1
    echo $? >"$key.epubcheck.rc"
    ace_clean "$1" "$key.ace-report" >"$key.ace" 2>&1
    echo $? >"$key.ace.rc"
}
export -f epubcheck_clean ace_clean validate

# validated TOOL EPUB: prints the tool's verdict on EPUB, fails when the tool did.
validated() {
    local key
    key="$VAL/$(printf '%s' "$2" | md5sum | cut -c1-16)"
    cat "$key.$1"
    [ "$(cat "$key.$1.rc")" = 0 ]
}

# The EPUB's words equal the text edition's: none missing, none extra.
same_words() {
    local out
    out=$("$PY" "$SHARED/tools/text_fidelity.py" "$1" "$2")
    printf '%s\n' "$out" | tail -5
    printf '%s\n' "$out" | tail -1 | grep -q ' missing=0 extra=0$'
}

# All the checks one EPUB gets, with the validators' verdicts quoted. (Not "name": check()
# sets that.)
check_book() {
    local epub=$1 book
    book=$(basename "$epub" .epub)
    check "$book: EPUBCheck: 0 errors, 0 warnings" validated epubcheck "$epub"
    check "$book: Ace by DAISY: no violations" validated ace "$epub"
    echo "#   $book: $(validated epubcheck "$epub" | tail -1); $(validated ace "$epub" | tail -1)"
    check "$book: container, timestamps, lang, no raw HTML or scripts" \
        "$PY" "$E2E/epub_inspect.py" "$epub"
    if [ -s "${epub%.epub}.txt" ]; then
        check "$book: words equal the text edition's" same_words "$epub" "${epub%.epub}.txt"
    fi
    if [ -s "${epub%.epub}.print.pdf" ]; then
        check "$book: page-list: one entry per print page, at the page's first words" \
            "$PY" "$E2E/epub_pagelist.py" "$epub" "${epub%.epub}.print.pdf"
    fi
}

check "Ace by DAISY is installed (make deps-test)" test -x "$ACE"
check "chromium is installed (DEB_TEST)" test -x /usr/bin/chromium

# --- build everything first -------------------------------------------------------------------

# content/ is copied: the two builds compared below must read the same bytes.
cp -R "$ROOT/content" "$TMP/content"
check "build txt,epub,print for content/" "$POLIDOC" build --formats txt,epub,print \
    -o "$TMP/out" "$TMP/content"
check "build content/ again" "$POLIDOC" build --formats epub,print -o "$TMP/again" "$TMP/content"
# Fixtures written for the EPUB edition: languages, images, lists, links, raw HTML, no body.
check "build the EPUB fixtures" "$POLIDOC" build --formats txt,epub,print -o "$TMP/fx" \
    "$ROOT"/tests/fixtures/epub-*.md
# Every other fixture that builds must make a valid EPUB too.
others=()
for src in "$ROOT"/tests/fixtures/*.md; do
    case $(basename "$src") in epub-*) continue ;; esac
    others+=("$src")
done
[ ${#others[@]} -gt 0 ] &&
    "$POLIDOC" build --formats txt,epub,print -o "$TMP/other" "${others[@]}" 2>/dev/null
check "build with --epub-fonts" "$POLIDOC" build --formats epub --epub-fonts -o "$TMP/fonts" \
    "$TMP/content/vi-i-sarpsborg.md"

books=()
for epub in "$TMP"/out/*/*.epub "$TMP"/fx/*/*.epub "$TMP"/other/*/*.epub "$TMP"/fonts/*/*.epub; do
    [ -f "$epub" ] && books+=("$epub")
done
printf '%s\n' "${books[@]}" | xargs -P 2 -I{} bash -c 'validate "$1"' _ {}

# --- content/ ---------------------------------------------------------------------------------
for src in "$TMP"/content/*.md; do
    slug=$(basename "$src" .md)
    check "$slug: .epub written" test -s "$TMP/out/$slug/$slug.epub"
    [ -s "$TMP/out/$slug/$slug.epub" ] && check_book "$TMP/out/$slug/$slug.epub"
    check "$slug: second build byte-identical" cmp "$TMP/out/$slug/$slug.epub" \
        "$TMP/again/$slug/$slug.epub"
done

# --- fixtures ---------------------------------------------------------------------------------
for src in "$ROOT"/tests/fixtures/epub-*.md; do
    slug=$(basename "$src" .md)
    check "$slug: .epub written" test -s "$TMP/fx/$slug/$slug.epub"
    [ -s "$TMP/fx/$slug/$slug.epub" ] && check_book "$TMP/fx/$slug/$slug.epub"
done
for epub in "$TMP"/other/*/*.epub; do
    [ -f "$epub" ] && check_book "$epub"
done

FEAT="$TMP/fx/epub-features/epub-features.epub"
"$POLIDOC" build --formats epub -o "$TMP/fx-warn" "$ROOT/tests/fixtures/epub-features.md" \
    2>"$TMP/features.err"
check "javascript: link dropped with a warning" grep -q "javascript:alert('hei')' dropped" \
    "$TMP/features.err"
check "relative link kept as text with a warning" grep -q "'vedlegg.pdf' is not a web" \
    "$TMP/features.err"
check "PNG and JPEG packaged with their media types" bash -c \
    "unzip -p '$FEAT' EPUB/package.opf | grep -q 'media-type=\"image/png\"' &&
     unzip -p '$FEAT' EPUB/package.opf | grep -q 'media-type=\"image/jpeg\"'"
check "an image used twice is packaged once" bash -c \
    "[ \$(unzip -l '$FEAT' | grep -c 'EPUB/images/') -eq 2 ]"
check "images: accessMode visual, alternativeText" bash -c \
    "unzip -p '$FEAT' EPUB/package.opf | grep -q 'accessMode\">visual' &&
     unzip -p '$FEAT' EPUB/package.opf | grep -q 'alternativeText'"
check "raw HTML: tags dropped, words kept" bash -c \
    "unzip -p '$FEAT' EPUB/chapter-03.xhtml | grep -q '<p class=\"raw-html\">Rå HTML-blokk med alert'"
check "Nynorsk: summary in Nynorsk" bash -c \
    "unzip -p '$TMP/fx/epub-nynorsk/epub-nynorsk.epub' EPUB/package.opf |
     grep -q 'xml:lang=\"nn\">Denne EPUB-utgåva'"
check "English: summary in English" bash -c \
    "unzip -p '$TMP/fx/epub-english/epub-english.epub' EPUB/package.opf |
     grep -q 'xml:lang=\"en\">This EPUB edition'"

# --- --epub-fonts embeds the print edition's fonts ----------------------------------------------
FONTS="$TMP/fonts/vi-i-sarpsborg/vi-i-sarpsborg.epub"
check "--epub-fonts: fonts in the package" bash -c \
    "unzip -p '$FONTS' EPUB/package.opf | grep -q 'media-type=\"font/ttf\"'"
check "--epub-fonts: EPUBCheck: 0 errors, 0 warnings" validated epubcheck "$FONTS"
check "--epub-fonts: Ace by DAISY: no violations" validated ace "$FONTS"
check "without --epub-fonts no font is packaged" bash -c \
    "! unzip -l '$TMP/out/vi-i-sarpsborg/vi-i-sarpsborg.epub' | grep -q 'fonts/'"

# --- bad input: a clear error, no EPUB, never a crash -------------------------------------------
mkdir -p "$TMP/bad/doc"
cp "$ROOT/tests/fixtures/images/sykefravaer.png" "$TMP/bad/secret.png"
printf -- '---\ntitle: Feil\norganisation: Test\ndate: 2024-01-01\nrevision: "1"\n---\n\n![Hemmelig](../secret.png)\n' \
    >"$TMP/bad/doc/escape.md"
check_fails "image outside the document's folder is refused" \
    "$POLIDOC" build --formats epub -o "$TMP/bad/out" "$TMP/bad/doc/escape.md"
"$POLIDOC" build --formats epub -o "$TMP/bad/out" "$TMP/bad/doc/escape.md" 2>"$TMP/bad.err"
check "the error names file:line and the reason" \
    grep -qE "escape.md:8:[0-9]+: error: image '../secret.png' (is|lies) outside" "$TMP/bad.err"
check "no EPUB written for it" test ! -e "$TMP/bad/out/escape/escape.epub"
printf -- '---\ntitle: Feil\norganisation: Test\ndate: 2024-01-01\nrevision: "1"\n---\n\n![Ikke et bilde](ikke.png)\n' \
    >"$TMP/bad/doc/notimage.md"
printf 'GIF89a' >"$TMP/bad/doc/ikke.png"
check_fails "an image that is not PNG or JPEG is refused" \
    "$POLIDOC" build --formats epub -o "$TMP/bad/out" "$TMP/bad/doc/notimage.md"

finish
