#!/usr/bin/env python3
"""Writes a long canonical Markdown document for benchmarks: gen_long.py PAGES OUT.md

The text is the repository's own content/ prose (paragraphs, lists, quotes) repeated in
chapters, with a code block and links now and then, so the layout engine does the same work per
page as on real documents. PAGES is approximate (about 1.8 A4 pages of the print edition per
chapter); run.sh reports the real page count. Output is deterministic.
"""
import glob
import os
import re
import sys

CHAPTER_PAGES = 1.8


def pool(root):
    paras, items = [], []
    for path in sorted(glob.glob(os.path.join(root, "content", "*.md"))):
        body = open(path, encoding="utf-8").read().split("\n---\n", 1)[-1]
        for block in re.split(r"\n\s*\n", body):
            block = block.strip()
            if not block or block.startswith(("#", "!", "|", "```", "<")):
                continue
            if block.startswith(("- ", "* ")):
                for item in re.split(r"^[-*] ", block, flags=re.M):
                    if item.strip():
                        items.append(" ".join(item.split()))
            elif not re.match(r"^\d+[.)] ", block) and not block.startswith(">"):
                paras.append(" ".join(block.split()))
    return paras or ["Arbeidsgiverpolitikken skal bidra til god ledelse og medarbeiderskap."], \
        items or ["Samarbeid", "Læring", "Mestring"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pages, out = int(sys.argv[1]), sys.argv[2]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    paras, items = pool(root)
    chapters = max(1, round(pages / CHAPTER_PAGES))
    w = ["---", f"title: Langt dokument på {pages} sider", "subtitle: Generert for ytelsesmåling",
         "organisation: Polidoc prøvekommune", "lang: nb-NO", "date: 2024-03-14",
         'revision: "bench"', "status: utkast", "---", ""]
    p = i = 0
    for c in range(1, chapters + 1):
        w += [f"# Kapittel {c}: {paras[p % len(paras)][:40].rstrip(' ,.')}", ""]
        for s in range(1, 3):
            w += [f"## Del {c}.{s}", ""]
            for _ in range(4):
                w += [paras[p % len(paras)], ""]
                p += 1
            w += [f"- {items[(i + k) % len(items)]}" for k in range(4)] + [""]
            i += 4
            w += [f"{k}. {items[(i + k) % len(items)]}" for k in range(1, 4)] + [""]
            i += 3
        w += ["> " + paras[p % len(paras)], ""]
        p += 1
        w += [f"Mer om dette finnes i [veilederen](https://www.example.org/veileder/{c}) og på "
              f"<https://www.example.org/kapittel-{c}/oversikt>.", ""]
        if c % 5 == 0:
            w += ["```", f"polidoc build --formats pdf,print kapittel-{c}.md", "```", ""]
    open(out, "w", encoding="utf-8").write("\n".join(w))


if __name__ == "__main__":
    main()
