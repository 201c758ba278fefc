#!/usr/bin/python3
"""Check the text edition's page marks (--page-marks) against the print edition they cite.

usage: txt_pagemarks.py BOOK.txt BOOK.print.pdf [LABEL]

Passes when every "[LABEL N]" line names a page label of the PDF, the marks run in page order, every
page with body text has one, and the first words after each mark are the first words of the
page's body in the PDF (after its running header)."""
import os
import re
import subprocess
import sys

import pikepdf

# The same word comparison as the EPUB page-list check, so both editions are held to one rule.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from epub_pagelist import FIRST, HEADER, words  # noqa: E402


def main():
    txt, pdf = sys.argv[1], sys.argv[2]
    label = sys.argv[3] if len(sys.argv) > 3 else "Side"
    text = open(txt, encoding="utf-8").read()
    mark = re.compile(r"^[ >]*\[" + re.escape(label) + r" ([^\]]+)\]$", re.M)
    # Marks cite the page numbers printed on the pages (PDF page labels), as a reader of the
    # paper copy would; the checker maps them to physical pages.
    doc = pikepdf.open(pdf)
    labels = {str(p.label): i + 1 for i, p in enumerate(doc.pages)}
    n = len(labels)
    marks = [(labels.get(m.group(1), 0), m.end()) for m in mark.finditer(text)]
    bad = 0
    if [p for p, _ in marks] != sorted(p for p, _ in marks):
        print("marks are not in page order")
        bad += 1
    for page, end in marks:
        if not 1 <= page <= n:
            print(f"a mark names a page the PDF does not have")
            bad += 1
            continue
        after = words(mark.sub(" ", text[end:end + 400]))[:FIRST]
        on_page = words(subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", pdf, "-"],
            capture_output=True, text=True).stdout)
        top = on_page[:HEADER + FIRST]
        ok = any(top[i:i + FIRST] == after for i in range(len(top)))
        print(f"page {page}: {'ok' if ok else 'MISMATCH'} {' '.join(after)!r}")
        bad += not ok
    marked = {p for p, _ in marks}
    first_marked = min(marked) if marked else n + 1
    for page in range(first_marked, n + 1):
        if page not in marked:
            print(f"page {page} has no mark")
            bad += 1
    print(f"marks={len(marks)} pages={n} bad={bad}")
    sys.exit(1 if bad or not marks else 0)


if __name__ == "__main__":
    main()
