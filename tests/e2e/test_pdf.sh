#!/bin/bash
# End-to-end: the PDF editions (digital <slug>.pdf, print <slug>.print.pdf) and the archival copy
# (<slug>.archive.pdf) of every source in content/ and tests/fixtures/, judged by the field's
# tools: qpdf, poppler (pdffonts, pdfinfo, pdftotext), ../shared/tools/pdfua_check.py (PDF/UA-1
# and PDF/A), text_fidelity.py against the text edition, and the structure tree against the
# source (pdf_structure.py). Then determinism and bad input.
. "$(dirname "$0")/lib.sh"

UA="$SHARED/tools/pdfua_check.py"
FIDELITY="$SHARED/tools/text_fidelity.py"
STRUCTURE="$ROOT/tests/e2e/pdf_structure.py"

sources=()
for f in "$ROOT"/content/*.md "$ROOT"/tests/fixtures/*.md; do
    [ -f "$f" ] && sources+=("$f")
done

check "build txt,pdf,print,archive for content/ and tests/fixtures/" \
    "$POLIDOC" build --formats txt,pdf,print,archive -o "$TMP/out" "${sources[@]}"

# Every font embedded, subset and with a Unicode mapping: pdffonts' emb, sub and uni columns.
fonts_ok() {
    pdffonts "$1" | "$PY" -c '
import sys
rows = sys.stdin.read().splitlines()[2:]
bad = [r for r in rows if r.split()[-5:-2] != ["yes", "yes", "yes"]]
print("\n".join(bad))
sys.exit(1 if bad or not rows else 0)'
}

# pikepdf checks of the document-level objects an edition must have.
objects_ok() { # FILE EDITION(pdf|print|archive) SOURCE
    "$PY" - "$@" <<'EOF'
import re, sys, pikepdf
path, edition, src = sys.argv[1:]
pdf = pikepdf.open(path)
root = pdf.Root
text = open(src, encoding="utf-8").read()
problems = []
if pdf.pdf_version != "1.7":
    problems.append("version %s, want 1.7" % pdf.pdf_version)
if "/ID" not in pdf.trailer:
    problems.append("no trailer /ID")
if "/PageLabels" not in root:
    problems.append("no /PageLabels")
xmp = root.Metadata.read_bytes().decode()
part = "3" if edition == "archive" else "2"
if "<pdfaid:part>%s</pdfaid:part>" % part not in xmp or "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
    problems.append("XMP does not declare PDF/A-%s and PDF/UA-1" % part)
heads = re.search(r"^#{1,6} ", text.split("\n---", 1)[-1], re.M)
outline = root.get("/Outlines")
if heads and (outline is None or "/First" not in outline):
    problems.append("headings but no bookmarks")
if edition == "pdf" and heads and root.get("/PageMode") != "/UseOutlines":
    problems.append("digital edition does not open with the bookmarks shown")
links = [a for p in pdf.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Link"]
for a in links:
    if not str(a.get("/Contents", "")).strip() or "/StructParent" not in a or a.get("/F") != 4:
        problems.append("link annotation without /Contents, /StructParent or /F 4")
        break
if edition == "pdf" and re.search(r"\]\(https?:|<https?:", text) and not any(
        "/A" in a and a.A.get("/S") == "/URI" for a in links):
    problems.append("source has links but the digital edition has no URI link")
if edition == "archive":
    af = root.get("/AF")
    fs = af[0] if af is not None and len(af) else None
    if fs is None or fs.get("/AFRelationship") != "/Source" or \
            fs.EF.F.get("/Subtype") != "/text/markdown":
        problems.append("archive copy has no /AF source file (text/markdown, /Source)")
    elif fs.EF.F.read_bytes() != open(src, "rb").read():
        problems.append("embedded source differs from the source file")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
}

for src in "${sources[@]}"; do
    slug=$(basename "$src" .md)
    dir="$TMP/out/$slug"
    txt="$dir/$slug.txt"
    # A scanned source is built from its OCR-repaired text: its words differ a little.
    fuzzy=()
    grep -q '^source: *scanned' "$src" && fuzzy=(--fuzzy)
    for ed in pdf print archive; do
        case $ed in pdf) f="$dir/$slug.pdf" ;; *) f="$dir/$slug.$ed.pdf" ;; esac
        label="$slug.$ed" # not "name": lib.sh's check() uses that
        check "$label: written" test -s "$f"
        check "$label: qpdf --check" qpdf --check "$f"
        check "$label: fonts embedded, subset, with Unicode (pdffonts)" fonts_ok "$f"
        check "$label: subset fonts keep every component of composite glyphs" "$ROOT/tests/e2e/pdf_glyphs.py" "$f"
        check "$label: PDF/UA-1 and PDF/A, no failures (pdfua_check.py --pdfa)" "$UA" "$f" --pdfa --quiet
        check "$label: Tagged: yes (pdfinfo)" bash -c "pdfinfo '$f' | grep -q '^Tagged: *yes'"
        check "$label: title and author from the front matter (pdfinfo)" bash -c "
            t=\$(sed -n 's/^title: *//p' '$src' | head -1 | sed 's/^\"\\(.*\\)\"\$/\\1/')
            pdfinfo '$f' | grep -qxF \"Title:           \$t\""
        check "$label: every word of the text edition, in order (text_fidelity)" \
            "$PY" "$FIDELITY" "$f" "$txt"
        check "$label: structure tree matches the source's headings and paragraphs" \
            "$PY" "$STRUCTURE" "${fuzzy[@]}" "$src" "$f"
        check "$label: document objects (version, ID, XMP, bookmarks, links, labels)" \
            objects_ok "$f" "$ed" "$src"
    done
done

# --- poppler reads the same tree (pdfinfo -struct-text is slow, so one small document): the
# title under the H1, and the body's first heading and paragraph after it, in order.
small="$TMP/out/epub-sami/epub-sami.pdf"
if [ -f "$small" ]; then
    check "epub-sami.pdf: pdfinfo -struct-text shows H1 title, then heading, then paragraph" bash -c "
        pdfinfo -struct-text '$small' | tr -d '\n' |
            grep -q 'H1 (block) *\"Bargiaddiidpolitihkka.*H2 (block) *\"Álggahus.*P (block) *\"Dát lea'"
fi

# --- determinism: a second build, in parallel this time, gives the same bytes
check "second build with -j 2" "$POLIDOC" build --formats pdf,print,archive -j 2 -o "$TMP/again" "${sources[@]}"
for f in "$TMP"/out/*/*.pdf; do
    rel=${f#"$TMP/out/"}
    check "byte-identical rebuild: $rel" cmp "$f" "$TMP/again/$rel"
done

# --- bad input: a clear error naming the file, exit status 1, no PDF left behind
mkdir -p "$TMP/bad"
FM='---
title: Feil
organisation: Testby kommune
date: 2024-05-01
revision: "1"
---
'
printf '%s\n# Bilde\n\n![Et kart](finnes-ikke.png)\n' "$FM" >"$TMP/bad/missing-image.md"
printf '\211PNG\r\n\032\nthis is not really a PNG file at all' >"$TMP/bad/corrupt.png"
printf '%s\n# Bilde\n\n![Et kart](corrupt.png)\n' "$FM" >"$TMP/bad/corrupt-png.md"
head -c 120 "$ROOT/tests/fixtures/img/diagram.png" >"$TMP/bad/truncated.png"
printf '%s\n# Bilde\n\n![Et kart](truncated.png)\n' "$FM" >"$TMP/bad/truncated-png.md"
printf '\377\330\377\340 not a jpeg' >"$TMP/bad/corrupt.jpg"
printf '%s\n# Bilde\n\n![Et kart](corrupt.jpg)\n' "$FM" >"$TMP/bad/corrupt-jpeg.md"
for case in missing-image:finnes-ikke.png corrupt-png:corrupt.png truncated-png:truncated.png \
    corrupt-jpeg:corrupt.jpg; do
    doc=${case%%:*}
    img=${case#*:}
    "$POLIDOC" build --formats pdf,print,archive -o "$TMP/bad/out" "$TMP/bad/$doc.md" \
        >"$TMP/bad/$doc.out" 2>"$TMP/bad/$doc.err"
    rc=$?
    check "$doc: exit status 1 (not a crash: $rc)" test "$rc" -eq 1
    check "$doc: the error names the image" grep -q "$img" "$TMP/bad/$doc.err"
    check "$doc: no PDF written" bash -c "! ls '$TMP/bad/out/$doc/'*.pdf 2>/dev/null | grep -q ."
done

finish
