#!/usr/bin/env python3
"""Structural checks of a polidoc EPUB that EPUBCheck does not make.

usage: epub_inspect.py BOOK.epub

Checks: "mimetype" is the first entry, stored, without extra field; every entry's timestamp is
the book's dc:date (so rebuilds are byte-identical and no clock leaks in); every content
document has lang and xml:lang equal to dc:language; no element outside a small XHTML
vocabulary (raw HTML from the source must never come through), no script, no event handler
attribute, no javascript: link; every image's media type matches its bytes; the package has
the accessibility metadata EPUB Accessibility 1.1 asks for. Prints each failure; exit 1 if any.
"""
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALLOWED = {"html", "head", "meta", "title", "link", "body", "section", "nav", "h1", "h2", "h3",
           "h4", "h5", "h6", "p", "ol", "ul", "li", "blockquote", "pre", "code", "em", "strong",
           "a", "img", "figure", "figcaption", "span", "br", "hr", "dl", "dt", "dd"}
SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    problems = []
    z = zipfile.ZipFile(sys.argv[1])
    infos = z.infolist()
    first = infos[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED or first.extra:
        problems.append("mimetype is not the first entry, stored, without extra field")
    if z.read("mimetype") != b"application/epub+zip":
        problems.append("mimetype has the wrong content")

    opf_path = ET.fromstring(z.read("META-INF/container.xml")).find(".//{*}rootfile").get(
        "full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    opf = ET.fromstring(z.read(opf_path))
    meta = opf.find(OPF + "metadata")
    lang = meta.findtext(DC + "language")
    date = meta.findtext(DC + "date")
    y, m, d = (int(x) for x in date.split("-"))
    for info in infos:
        if info.date_time[:3] != (max(y, 1980), m, d):
            problems.append(f"{info.filename}: timestamp {info.date_time} is not the date {date}")
    modified = [e.text for e in meta.iter(OPF + "meta") if e.get("property") == "dcterms:modified"]
    if modified != [f"{date}T00:00:00Z"]:
        problems.append(f"dcterms:modified {modified} is not the front matter date {date}")

    props = {}
    for e in meta.iter(OPF + "meta"):
        props.setdefault(e.get("property"), []).append(e.text)
    for p in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
              "schema:accessibilityHazard", "schema:accessibilitySummary"):
        if not props.get(p):
            problems.append(f"package lacks {p}")

    items = list(opf.iter(OPF + "item"))
    images = [i for i in items if i.get("media-type").startswith("image/")]
    if images and "visual" not in props.get("schema:accessMode", []):
        problems.append("images but no accessMode visual")
    for item in items:
        name = base + item.get("href")
        data = z.read(name)
        mt = item.get("media-type")
        if mt in SIGNATURES and not data.startswith(SIGNATURES[mt]):
            problems.append(f"{name}: declared {mt}, bytes say otherwise")
        if mt != "application/xhtml+xml":
            continue
        doc = ET.fromstring(data)
        if doc.get("lang") != lang or doc.get(XML_LANG) != lang:
            problems.append(f"{name}: lang={doc.get('lang')} xml:lang={doc.get(XML_LANG)}, "
                            f"dc:language is {lang}")
        for el in doc.iter():
            tag = el.tag.replace(XHTML, "")
            if tag not in ALLOWED:
                problems.append(f"{name}: element <{tag}> is not one polidoc writes")
            for attr, value in el.attrib.items():
                if attr.lower().startswith("on") or attr == "style":
                    problems.append(f"{name}: <{tag} {attr}=…> must not come through")
                if attr in ("href", "src") and re.match(r"\s*(javascript|vbscript|data):",
                                                        value, re.I):
                    problems.append(f"{name}: {attr}={value!r}")
    for p in problems:
        print(p)
    print(f"{sys.argv[1]}: {len(infos)} entries, {len(images)} images, problems={len(problems)}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
