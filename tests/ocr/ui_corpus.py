#!/usr/bin/python3
"""Clean Bokmål user-interface text from the nb gettext catalogues of Debian packages that are
NOT installed on the machine that made the held-out splits (those used the installed
/usr/share/locale/nb catalogues and the Firefox/Thunderbird language packs: never name such a
package here).

    ui_corpus.py fetch DEB_DIR PKG...          apt-get download PKG... into DEB_DIR (kept:
                                               a .deb already there is not fetched again)
    ui_corpus.py model [--every N] DEB_DIR OUT.txt PKG...
                                               every msgstr of the packages' nb catalogues,
                                               one string a paragraph (blank-line separated,
                                               as mkocrmodel --text reads plain text);
                                               --every N keeps one string in N (a weight)
    ui_corpus.py dev DEB_DIR OUT_DIR PKG...    the uidev gold pages: the packages' good
                                               sentences (prepare_gold.good_sentence), grouped,
                                               shuffled and paginated as the other splits
    ui_corpus.py render GOLD_DIR SET_DIR       typeset, degrade and OCR them exactly as
                                               render_ocr.py does the other splits (two scans
                                               a page), MANIFEST.tsv in SET_DIR

The .debs are unpacked into a temporary directory, never installed. Catalogues are read from
.../locale/nb/LC_MESSAGES/*.mo and LibreOffice's .../resource/nb/LC_MESSAGES/*.mo (not nn).
Deterministic for the same package versions.
"""
import concurrent.futures
import gettext
import glob
import html
import io
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prepare_gold  # noqa: E402
import render_ocr  # noqa: E402

UIDEV_MAX_WORDS = 9000
NB_MO = re.compile(r"/(locale|resource)/nb(_NO)?/LC_MESSAGES/[^/]+\.mo$")


def deb_of(deb_dir, pkg):
    hits = sorted(glob.glob(os.path.join(deb_dir, pkg + "_*.deb")))
    if not hits:
        sys.exit("ui_corpus: no %s_*.deb in %s (run: ui_corpus.py fetch)" % (pkg, deb_dir))
    return hits[-1]


def fetch(deb_dir, pkgs):
    os.makedirs(deb_dir, exist_ok=True)
    for p in pkgs:
        if not glob.glob(os.path.join(deb_dir, p + "_*.deb")):
            subprocess.run(["apt-get", "download", "-q", p], cwd=deb_dir, check=True,
                           stdout=subprocess.DEVNULL)


def read_mo(path):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        cat = gettext.GNUTranslations(io.BytesIO(data))._catalog
    except Exception:                       # not UTF-8: skip, as prepare_gold does
        return []
    out = []
    for k in sorted(cat, key=lambda x: x if isinstance(x, str) else x[0] + "\0%d" % x[1]):
        v = cat[k]
        if not k or not isinstance(v, str):
            continue
        out.append(v)
    return out


def clean(s):
    """A UI string as a reader sees it: no accelerator marks, markup or entities."""
    s = re.sub(r"<[^>]{1,40}>", " ", s)
    s = html.unescape(s)
    s = re.sub(r"(?<![\w&])[_&](?=[^\W\d_])", "", s)     # _Fil, &Fil
    s = s.replace("&&", "&")
    s = re.sub(r"\\n|\t", "\n", s)
    return unicodedata.normalize("NFC", s)


def package_strings(deb_dir, pkg):
    deb = deb_of(deb_dir, pkg)
    res = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        mos = sorted(p for p in glob.glob(os.path.join(tmp, "**", "*.mo"), recursive=True)
                     if NB_MO.search(p))
        for mo in mos:
            res.extend(clean(v) for v in read_mo(mo))
    return res


def sentences(strings):
    out = []
    for v in strings:
        for s in prepare_gold.split_sentences(v):
            if prepare_gold.good_sentence(s):
                out.append(s)
    return out


def model_paragraphs(strings, seen):
    """The strings as paragraphs of model text (spaces squeezed, no blank line inside), less
    the empty ones and those already in seen (case-folded), which it adds to."""
    for v in strings:
        v = re.sub(r"[ \t]+", " ", v).strip()
        v = re.sub(r"\n\s*\n+", "\n", v)
        if not v or v.lower() in seen:
            continue
        seen.add(v.lower())
        yield v


def model(deb_dir, out, pkgs, every=1):
    seen = set()
    n_words = kept = 0
    with open(out, "w", encoding="utf-8") as f:
        for p in pkgs:
            for v in model_paragraphs(package_strings(deb_dir, p), seen):
                if (len(seen) - 1) % every:
                    continue
                f.write(v + "\n\n")
                kept += 1
                n_words += len(v.split())
    print("model: %d of %d strings, %d words -> %s" % (kept, len(seen), n_words, out))


def dev(deb_dir, out_dir, pkgs):
    seen, groups = set(), {}
    for p in pkgs:
        for s in sentences(package_strings(deb_dir, p)):
            if s.lower() in seen:
                continue
            seen.add(s.lower())
            groups.setdefault(p, []).append(s)
    for p in pkgs:
        print("dev: %-24s %4d sentences, %6d words" % (
            p, len(groups.get(p, [])), sum(len(s.split()) for s in groups.get(p, []))))
    paras = prepare_gold.shuffled_paragraphs(groups, 20261207, UIDEV_MAX_WORDS)
    names = prepare_gold.write_pages(os.path.join(out_dir, "uidev"), "uidev", paras)
    print("dev: %d pages, %d words" % (len(names), sum(len(p.split()) for p in paras)))


def render(gold_dir, set_dir):
    out = os.path.join(set_dir, "uidev")
    os.makedirs(out, exist_ok=True)
    jobs = []
    for gold in sorted(glob.glob(os.path.join(gold_dir, "uidev", "*.gold.txt"))):
        base = os.path.basename(gold)[:-len(".gold.txt")]
        for v in ("a", "b"):
            jobs.append((gold, out, base + "-" + v, 6, None))
    rows = []
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as ex:
        for name, c in ex.map(render_ocr.make_page, jobs):
            rows.append("uidev\t%s\t%s\t%d\t%d\t%s\t%s\t%s" % (
                name, c["font"], c["size"], c["dpi"], c["rotate"], c["blur"], c["noise"]))
    with open(os.path.join(out, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        for v in render_ocr.versions():
            f.write("# %s\n" % v)
        f.write("# tesseract -l eng --psm 6\n")
        src = os.path.join(gold_dir, "uidev", "SOURCES")
        if os.path.exists(src):
            with open(src, encoding="utf-8") as s:
                f.write("".join("# " + line for line in s))
        f.write("split\tname\tfont\tsize_pt\tdpi\trotate_deg\tblur_px\tsalt_noise\n")
        for r in rows:
            f.write(r + "\n")
    print("render: %d scans -> %s" % (len(rows), out))


def main():
    a = sys.argv[1:]
    if len(a) >= 2 and a[0] == "fetch":
        fetch(a[1], a[2:])
    elif len(a) >= 6 and a[0] == "model" and a[1] == "--every":
        model(a[3], a[4], a[5:], int(a[2]))
    elif len(a) >= 4 and a[0] == "model":
        model(a[1], a[2], a[3:])
    elif len(a) >= 4 and a[0] == "dev":
        dev(a[1], a[2], a[3:])
        with open(os.path.join(a[2], "uidev", "SOURCES"), "w", encoding="utf-8") as f:
            for p in a[3:]:
                f.write("%s\n" % os.path.basename(deb_of(a[1], p))[:-4])
    elif len(a) == 3 and a[0] == "render":
        render(a[1], a[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
