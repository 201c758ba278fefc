#!/usr/bin/python3
"""Checks that the embedded font subsets of a PDF are whole: every composite glyph that is in a
subset has every component, at any depth, with an outline. (libharu keeps only direct components,
so "å" built from "a" + a composite ring lost its ring.) Exit 1 and the glyph names if not."""
import io
import sys

import pikepdf
from fontTools.ttLib import TTFont


def check_font(font, seen):
    desc = font.get("/DescendantFonts")
    if not desc:
        return []
    fd = desc[0].get("/FontDescriptor")
    if fd is None or "/FontFile2" not in fd:
        return []
    key = fd.FontFile2.objgen
    if key in seen:
        return []
    seen.add(key)
    tt = TTFont(io.BytesIO(fd.FontFile2.read_bytes()))
    glyf = tt["glyf"]
    bad = []

    def whole(name, depth=0):
        g = glyf[name]
        if g.isComposite():
            return depth < 8 and all(whole(c.glyphName, depth + 1) for c in g.components)
        return g.numberOfContours != 0

    for name in tt.getGlyphOrder():
        g = glyf[name]
        if g.isComposite() and not whole(name):
            bad.append(f"{font.BaseFont}: {name}")
    return bad


def main():
    pdf = pikepdf.open(sys.argv[1])
    seen, bad = set(), []
    for page in pdf.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            bad += check_font(font, seen)
    for b in bad:
        print("composite glyph with a missing component:", b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
