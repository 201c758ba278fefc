#!/usr/bin/python3
"""Compares the structure tree of a polidoc PDF with its Markdown source.

usage: pdf_structure.py [--fuzzy] SOURCE.md EDITION.pdf

The source is parsed by the cmark command-line tool (independently of polidoc); the PDF's tree
is read with pikepdf, each element's text decoded from its marked content through the fonts'
ToUnicode CMaps (ActualText honoured). (`pdfinfo -struct-text` shows the same tree, but takes
20 s on a 20-page document.) Checks:
  - exactly one H1, holding the front matter's title;
  - every Markdown heading, in order, as a heading element with its text, at level n + 1
    (Markdown level n shifted below the title, capped at H6, and never more than one level
    below the previous heading: PDF/UA forbids skipped levels);
  - every Markdown paragraph, in order, as a P element with the same text.
Texts are compared without whitespace (layout breaks lines), without hyphens (layout adds them
at line ends) and without print note marks ("[3]"). With --fuzzy (for scanned sources, which
polidoc builds from their OCR-repaired text) texts match when 95 % alike. Exits 1 listing the
first mismatches.
"""
import difflib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://commonmark.org/xml/1.0}"


def norm(s):
    s = re.sub(r"\[\d+\]", "", s)
    return re.sub(r"[\s\u00ad\-\u2010]", "", s)


FUZZY = False


def same(a, b):
    a, b = norm(a), norm(b)
    if a == b:
        return True
    if not FUZZY:
        return False
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return m.quick_ratio() >= 0.95 and m.ratio() >= 0.95


def front_matter(src):
    """(title, body) of a canonical source; only the title line is needed here."""
    if not src.startswith("---"):
        return None, src
    end = src.find("\n---", 3)
    head, body = src[:end], src[src.find("\n", end + 1) + 1:]
    m = re.search(r"^title:[ \t]*(.*?)[ \t]*$", head, re.M)
    title = m.group(1) if m else None
    if title and title[:1] in "\"'" and title[-1:] == title[:1]:
        title = title[1:-1]
    return title, body


def inline_text(node):
    """Text of an inline subtree as the PDF shows it: breaks as spaces; images left out (they
    are figures of their own) and inline HTML tags too (polidoc sets only the text around
    them)."""
    out = []
    for n in node:
        tag = n.tag[len(NS):]
        if tag in ("text", "code"):
            out.append(n.text or "")
        elif tag in ("softbreak", "linebreak"):
            out.append(" ")
        elif tag in ("image", "html_inline"):
            continue
        else:
            out.append(inline_text(n))
    return "".join(out)


def source_blocks(body):
    xml = subprocess.run(["cmark", "--to", "xml"], input=body.encode(), capture_output=True,
                         check=True).stdout
    root = ET.fromstring(xml)
    headings, paragraphs = [], []
    for n in root.iter():
        tag = n.tag[len(NS):]
        if tag == "heading":
            headings.append((int(n.get("level")), inline_text(n)))
        elif tag == "paragraph":
            t = inline_text(n)
            if norm(t):
                paragraphs.append(t)
    return headings, paragraphs


class Elem:
    def __init__(self, typ, depth):
        self.typ, self.depth, self.items = typ, depth, []  # texts and kid elements, in order

    def text(self):
        """The element's text in reading order, leaving out figures (an image and its
        caption stand apart from the paragraph they sit in)."""
        return "".join(i if isinstance(i, str) else "" if i.typ == "Figure" else i.text()
                       for i in self.items)

    def walk(self):
        yield self
        for i in self.items:
            if isinstance(i, Elem):
                yield from i.walk()


def tounicode(font):
    """code -> text from a font's ToUnicode CMap (bfchar and bfrange), for 2-byte codes."""
    cmap = {}
    tu = font.get("/ToUnicode")
    if tu is None:
        return cmap
    data = tu.read_bytes().decode("latin-1")
    hexs = lambda h: bytes.fromhex(h).decode("utf-16-be")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            cmap[int(src, 16)] = hexs(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                      block):
            base = int(dst, 16)
            for k, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                cmap[code] = chr(base + k)
    return cmap


def page_mcid_texts(page, fonts_cache):
    """{mcid: text} of one page: the glyphs inside each marked-content sequence with an MCID,
    decoded through the fonts' ToUnicode CMaps; a sequence with /ActualText reads as that."""
    import pikepdf
    res = page.obj.get("/Resources", {})
    fonts = res.get("/Font", {})
    props = res.get("/Properties", {})
    texts = {}
    stack = []  # (mcid or None, has_actual_text)
    cmap = {}
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ("BDC", "BMC"):
            d = operands[1] if op == "BDC" and len(operands) > 1 else None
            if isinstance(d, pikepdf.Name):
                d = props.get(str(d))
            mcid = int(d["/MCID"]) if d is not None and "/MCID" in d else None
            actual = d.get("/ActualText") if d is not None else None
            owner = mcid if mcid is not None else next(
                (m for m, _ in reversed(stack) if m is not None), None)
            if actual is not None and owner is not None:
                texts[owner] = texts.get(owner, "") + str(actual)
            stack.append((owner, actual is not None))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf":
            f = fonts.get(str(operands[0]))
            key = f.objgen if f is not None else None
            if key not in fonts_cache:
                fonts_cache[key] = tounicode(f) if f is not None else {}
            cmap = fonts_cache[key]
        elif op in ("Tj", "TJ", "'", '"'):
            if not stack or stack[-1][0] is None or any(a for _, a in stack):
                continue
            parts = operands[0] if op == "TJ" else [operands[-1]]
            for part in parts:
                if isinstance(part, pikepdf.String):
                    b = bytes(part)
                    t = "".join(cmap.get(int.from_bytes(b[i:i + 2], "big"), "\ufffd")
                                for i in range(0, len(b) - 1, 2))
                    texts[stack[-1][0]] = texts.get(stack[-1][0], "") + t
    return texts


def pdf_tree(path):
    """The structure tree with the text of every element, read with pikepdf."""
    import pikepdf
    pdf = pikepdf.open(path)
    fonts_cache = {}
    page_texts = {}

    def mcid_text(page, mcid):
        key = page.objgen
        if key not in page_texts:
            page_texts[key] = page_mcid_texts(pikepdf.Page(page), fonts_cache)
        return page_texts[key].get(mcid, "")

    def build(node, pg, depth):
        e = Elem(str(node.get("/S"))[1:], depth)
        pg = node.get("/Pg", pg)
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        for k in kids:
            if isinstance(k, int):
                e.items.append(mcid_text(pg, k))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                e.items.append(mcid_text(k.get("/Pg", pg), int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
                e.items.append(build(k, pg, depth + 1))
        return e

    root = Elem("(root)", -1)
    st = pdf.Root.StructTreeRoot
    kids = st.K if isinstance(st.K, pikepdf.Array) else [st.K]
    for k in kids:
        root.items.append(build(k, None, 0))
    return root


def main():
    global FUZZY
    args = sys.argv[1:]
    if args and args[0] == "--fuzzy":
        FUZZY = True
        args = args[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    src_path, pdf = args
    title, body = front_matter(open(src_path, encoding="utf-8").read())
    headings, paragraphs = source_blocks(body)
    tree = pdf_tree(pdf)
    elems = list(tree.walk())
    problems = []

    h1 = [e for e in elems if e.typ == "H1"]
    if len(h1) != 1:
        problems.append("%d H1 elements, want exactly 1 (the title)" % len(h1))
    elif title is not None and not same(h1[0].text(), title):
        problems.append("H1 is %r, want the title %r" % (h1[0].text(), title))

    pdf_heads = [(int(e.typ[1]), e.text()) for e in elems if re.fullmatch(r"H[1-6]", e.typ)]
    # Levels as the tagger assigns them: below the title (and the contents heading, an H2,
    # when there is a table of contents), Markdown level n is H(n+1), never skipping a level.
    prev = 2 if any(e.typ == "TOC" for e in elems) else 1
    i = 0
    for level, text in headings:
        want = min(level + 1, 6, prev + 1)
        prev = want
        while i < len(pdf_heads) and not same(pdf_heads[i][1], text):
            i += 1
        if i == len(pdf_heads):
            problems.append("heading %r (level %d) not found in order" % (text, level))
            break
        if pdf_heads[i][0] != want:
            problems.append("heading %r is H%d, want H%d" % (text, pdf_heads[i][0], want))
        i += 1

    pdf_ps = [e.text() for e in elems if e.typ == "P"]
    i = 0
    for text in paragraphs:
        start = i
        while i < len(pdf_ps) and not same(pdf_ps[i], text):
            i += 1
        if i == len(pdf_ps):
            near = pdf_ps[start] if start < len(pdf_ps) else "(no more P elements)"
            problems.append("paragraph not found in order: %r\n    next P in the PDF: %r"
                            % (text[:160], near[:160]))
            break
        i += 1

    print("%s: %d headings, %d paragraphs checked against %d H and %d P elements"
          % (pdf, len(headings), len(paragraphs), len(pdf_heads), len(pdf_ps)))
    for p in problems[:10]:
        print("MISMATCH " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
