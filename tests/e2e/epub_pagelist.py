#!/usr/bin/env python3
"""Check an EPUB's page-list against the print edition it cites.

usage: epub_pagelist.py BOOK.epub BOOK.print.pdf

Passes (exit 0) when the page-list has one entry per page of the PDF, in page order, and each
entry points at the place where that print page begins: the first words after the page-break
marker are the first words on the PDF page (after its running header). Pages without text
(a blank left-hand page) only need their entry. Prints one line per page and a summary.
"""
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

XHTML = "{http://www.w3.org/1999/xhtml}"
OPS = "{http://www.idpf.org/2007/ops}"
FIRST = 3   # words compared at the start of each page
HEADER = 12  # words of running header allowed before the page's first body word
SENTINEL = "\u2063PAGEBREAK\u2063"


def words(text):
    """The words of text, without bare numbers: the print edition's table of contents shows
    page numbers that the EPUB's does not, and a page number is no evidence of position."""
    out = []
    for tok in unicodedata.normalize("NFC", text).split():
        tok = tok.strip("«»\"“”‘’()[]{}.,:;!?*_`>|")
        if tok and any(ch.isalpha() for ch in tok):
            out.append(tok)
    return out


def visible_text(body):
    """The body's text without hidden elements (the landmarks and page-list navigation)."""
    for parent in list(body.iter()):
        for child in list(parent):
            if child.get("hidden") is not None:
                parent.remove(child)
    return "".join(body.itertext())


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    pages = []
    for i in range(1, n + 1):
        r = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-enc", "UTF-8", pdf, "-"],
                           capture_output=True, check=True)
        pages.append(words(r.stdout.decode("utf-8")))
    return pages


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    book, pdf = sys.argv[1:]
    z = zipfile.ZipFile(book)
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(".//{*}rootfile").get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    opf = ET.fromstring(z.read(opf_path))
    items = {i.get("id"): i for i in opf.iter("{http://www.idpf.org/2007/opf}item")}
    nav_href = next(i.get("href") for i in items.values() if "nav" in (i.get("properties") or ""))
    spine = [items[r.get("idref")].get("href")
             for r in opf.iter("{http://www.idpf.org/2007/opf}itemref")]
    nav = ET.fromstring(z.read(base + nav_href))
    page_list = [n for n in nav.iter(XHTML + "nav") if n.get(OPS + "type") == "page-list"]
    if not page_list:
        sys.exit("no page-list in the navigation document")
    entries = [(a.get("href"), "".join(a.itertext())) for a in page_list[0].iter(XHTML + "a")]
    pages = pdf_pages(pdf)

    failures = 0
    if len(entries) != len(pages):
        print(f"FAIL: page-list has {len(entries)} entries, the print edition {len(pages)} pages")
        failures += 1
    for n, (href, label) in enumerate(entries, start=1):
        doc, _, frag = href.partition("#")
        if frag != f"page-{n}":
            print(f"FAIL: entry {n} ({label}) points at {href}, expected #page-{n}")
            failures += 1
            continue
        # The text after the marker: this document's rest, then the following spine documents.
        raw = z.read(base + doc).decode("utf-8")
        marked, count = re.subn(r'<span [^>]*id="%s"[^>]*/>' % re.escape(frag), SENTINEL, raw)
        if count != 1:
            print(f"FAIL: page {n}: {count} markers with id {frag} in {doc}")
            failures += 1
            continue
        body = ET.fromstring(marked.encode("utf-8")).find(XHTML + "body")
        text = visible_text(body).split(SENTINEL, 1)[1]
        for later in spine[spine.index(doc) + 1:] if doc in spine else []:
            if len(words(text)) >= FIRST:
                break
            later_body = ET.fromstring(z.read(base + later)).find(XHTML + "body")
            text += " " + visible_text(later_body)
        on_page = pages[n - 1] if n <= len(pages) else []
        after = words(text)[:min(FIRST, max(len(on_page), 1))]
        if not on_page:
            print(f"ok   page {n} ({label}): blank in print, marker before {' '.join(after)!r}")
            continue
        top = on_page[:HEADER + FIRST]
        found = any(top[i:i + FIRST] == after for i in range(len(top)))
        if not found and len(after) > 1:
            # A page that begins with the second half of a hyphenated word: the marker stands
            # before the whole word, the page shows only its end.
            rest = after[1:]
            found = any(top[i:i + len(rest)] == rest and after[0].endswith(top[i - 1])
                        for i in range(1, len(top)))
        if found:
            print(f"ok   page {n} ({label}): {' '.join(after)!r}")
        else:
            print(f"FAIL page {n} ({label}): EPUB {' '.join(after)!r}, "
                  f"print page begins {' '.join(on_page[:HEADER])!r}")
            failures += 1
    print(f"pages={len(pages)} entries={len(entries)} failed={failures}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
