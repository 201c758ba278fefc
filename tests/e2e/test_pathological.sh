#!/bin/bash
# End-to-end: pathological sources through every format. Each must give a sensible rendering or a
# clear error — never a crash, a hang or a broken file.
. "$(dirname "$0")/lib.sh"

FM='---
title: Patologisk
organisation: Prøvekommune
date: 2024-01-01
revision: "1"
---
'
mk() { # name, python expression printing the body
    { printf '%s' "$FM"; "$PY" -c "$2"; } >"$TMP/$1.md"
}
mk quotes "print('> ' * 10000 + 'dypt sitat')"
mk lists "print('- ' * 10000 + 'dypt punkt')"
mk ordered "print('1. ' * 5000 + 'dypt nummer')"
mk longword "print('ord ' + 'a' * 100000 + ' slutt')"
mk longline "print(' '.join(['ord'] * 1250000))"
mk emphasis "print('*' * 5000 + 'x' + '_' * 5000)"
mk brackets "print('[' * 10000 + 'x' + ']' * 10000 + '(' * 5000)"
mk headings "print('\n'.join('#' * (i % 6 + 1) + ' Overskrift ' + str(i) for i in range(3000)))"

for doc in quotes lists ordered longword longline emphasis brackets headings; do
    "$POLIDOC" build -j 1 -o "$TMP/out" "$TMP/$doc.md" >"$TMP/$doc.log" 2>&1
    rc=$?
    check "$doc: exits 0 or 1, no crash (exit $rc)" test "$rc" -le 1
    if [ "$rc" -eq 0 ]; then
        for f in "$TMP/out/$doc/$doc.pdf" "$TMP/out/$doc/$doc.print.pdf"; do
            check "$doc: $(basename "$f") passes qpdf --check" qpdf --check "$f"
        done
        check "$doc: EPUB is a readable zip" "$PY" -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)" "$TMP/out/$doc/$doc.epub"
        check "$doc: text edition has the last word" bash -c "tail -c 200000 '$TMP/out/$doc/$doc.txt' | grep -q '[[:alpha:]]'"
    else
        check "$doc: failure is explained with file:line" grep -qE "$doc.md:[0-9]+(:[0-9]+)?: error:" "$TMP/$doc.log"
    fi
done
check "deep quotes: warned about, not silently flattened" grep -q "nested more than" "$TMP/quotes.log"
finish
