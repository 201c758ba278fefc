#!/usr/bin/python3
"""Typeset, rasterise, degrade and OCR the gold pages.

    render_ocr.py GOLD_DIR SET_DIR [--jobs N] [--psm 6] [--keep-images DIR]
                  [--splits dev,test,handbook,fresh]

For every GOLD_DIR/<split>/<page>.gold.txt and each of two variants (a, b)
this makes one "scan" and writes
    SET_DIR/<split>/<page>-<v>.gold.txt   the text that was typeset
    SET_DIR/<split>/<page>-<v>.ocr.txt    what `tesseract -l eng` read back
and one line of SET_DIR/MANIFEST.tsv saying how the page was made.  With
--splits, only those splits are made; MANIFEST.tsv keeps the other splits'
rows (and its version lines; a split made with other tool versions gets lines
of its own).  A GOLD_DIR/<split>/SOURCES file (package versions of the text)
becomes `# <split>: ...` comment lines of MANIFEST.tsv.

The pipeline per page:
    pango-view (Pango/Cairo) -> PDF, font F at S pt, 480 pt text width
    pdftoppm -gray -r DPI -> PNG
    Pillow: optional slight rotation, gaussian blur, salt-and-pepper noise
    tesseract -l eng --psm 6 (English model: has no æ, ø, å)

All choices come from a random generator seeded with the page's name, so the
set is reproducible (byte-identical as long as the fonts, Pango, poppler and
tesseract versions are the same; MANIFEST.tsv records the versions).
"""
import argparse
import concurrent.futures
import glob
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

from PIL import Image, ImageFilter

# variant a uses a serif face, variant b a sans face
FONTS = {
    "a": ["DejaVu Serif", "Liberation Serif", "Noto Serif"],
    "b": ["Noto Sans", "DejaVu Sans", "Liberation Sans"],
}
SIZES = [10, 11, 12]
DPIS = [150, 200, 300]
SPLITS = ("dev", "test", "handbook", "fresh")


def choose(name):
    rng = random.Random(hashlib.sha256(name.encode()).hexdigest())
    v = name[-1]
    cfg = {
        "font": rng.choice(FONTS[v]),
        "size": rng.choice(SIZES),
        "dpi": rng.choice(DPIS),
        "rotate": 0.0,
        "blur": 0.0,
        "noise": 0.0,
    }
    # about half the pages are degraded, with one or two defects
    if rng.random() < 0.55:
        kinds = rng.sample(["rotate", "blur", "noise"], rng.choice([1, 1, 2]))
        for k in kinds:
            if k == "rotate":
                cfg["rotate"] = round(rng.uniform(0.3, 1.2) * rng.choice([-1, 1]), 2)
            elif k == "blur":
                cfg["blur"] = round(rng.uniform(0.4, 0.9) * cfg["dpi"] / 200, 2)
            else:
                cfg["noise"] = round(rng.uniform(0.0005, 0.0025), 4)
    cfg["seed"] = rng.randrange(1 << 30)
    return cfg


def degrade(png, cfg):
    img = Image.open(png).convert("L")
    if cfg["rotate"]:
        img = img.rotate(cfg["rotate"], resample=Image.BICUBIC, expand=True, fillcolor=255)
    if cfg["blur"]:
        img = img.filter(ImageFilter.GaussianBlur(cfg["blur"]))
    if cfg["noise"]:
        rng = random.Random(cfg["seed"])
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * cfg["noise"])):
            x, y = rng.randrange(w), rng.randrange(h)
            px[x, y] = 0 if rng.random() < 0.5 else 255
    img.save(png)


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def make_page(job):
    gold, out_dir, name, psm, keep = job
    cfg = choose(name)
    env = dict(os.environ, OMP_THREAD_LIMIT="1", LC_ALL="C.UTF-8")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "page.pdf")
        run(["pango-view", "-q", "--font=%s %d" % (cfg["font"], cfg["size"]),
             "--width=480", "--wrap=word", "--margin=56", "--dpi=72",
             "--hinting=none", "-o", pdf, gold], env=env)
        run(["pdftoppm", "-gray", "-png", "-singlefile", "-r", str(cfg["dpi"]),
             pdf, os.path.join(tmp, "page")], env=env)
        png = os.path.join(tmp, "page.png")
        degrade(png, cfg)
        if keep:
            shutil.copy(png, os.path.join(keep, name + ".png"))
        ocr = subprocess.run(["tesseract", png, "stdout", "-l", "eng", "--psm", str(psm),
                              "--dpi", str(cfg["dpi"])],
                             check=True, capture_output=True, env=env).stdout
    text = ocr.decode("utf-8").replace("\f", "")
    with open(os.path.join(out_dir, name + ".ocr.txt"), "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n")
    shutil.copy(gold, os.path.join(out_dir, name + ".gold.txt"))
    return name, cfg


def versions():
    def first(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True)
            return (p.stdout + p.stderr).strip().split("\n")[0]
        except FileNotFoundError:
            return "missing"
    return [first(["tesseract", "--version"]), first(["pdftoppm", "-v"]),
            first(["pango-view", "--version"])]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("set_dir")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--psm", type=int, default=6)
    ap.add_argument("--keep-images", metavar="DIR")
    ap.add_argument("--splits", default=",".join(SPLITS))
    a = ap.parse_args()
    splits = a.splits.split(",")
    if not set(splits) <= set(SPLITS):
        sys.exit("render_ocr: splits are " + ",".join(SPLITS))
    if a.keep_images:
        os.makedirs(a.keep_images, exist_ok=True)
    jobs = []
    for split in SPLITS:
        if split not in splits:
            continue
        out = os.path.join(a.set_dir, split)
        os.makedirs(out, exist_ok=True)
        for gold in sorted(glob.glob(os.path.join(a.gold_dir, split, "*.gold.txt"))):
            base = os.path.basename(gold)[:-len(".gold.txt")]
            for v in ("a", "b"):
                jobs.append((gold, out, base + "-" + v, a.psm, a.keep_images))
    rows = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for name, cfg in ex.map(make_page, jobs):
            rows[name] = cfg
            print("  %-24s %-17s %2dpt %3ddpi rot=%-5s blur=%-4s noise=%s" % (
                name, cfg["font"], cfg["size"], cfg["dpi"], cfg["rotate"],
                cfg["blur"], cfg["noise"]), file=sys.stderr)
    write_manifest(a, splits, jobs, rows)


def write_manifest(a, splits, jobs, rows):
    path = os.path.join(a.set_dir, "MANIFEST.tsv")
    tools = ["# %s" % v for v in versions()] + ["# tesseract -l eng --psm %d" % a.psm]
    head, old = [], {}                 # the rows of the splits not made now, by split
    if set(splits) != set(SPLITS) and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f.read().split("\n"):
                if line.startswith("#"):
                    if not any(line.startswith("# %s: " % sp) for sp in splits):
                        head.append(line)
                elif line and not line.startswith("split\t"):
                    sp = line.split("\t", 1)[0]
                    if sp not in splits:
                        old.setdefault(sp, []).append(line)
    if not head:
        head = tools
    elif any(t not in head for t in tools):
        head += ["# %s: %s" % (sp, t[2:]) for sp in splits for t in tools]
    for sp in splits:
        src = os.path.join(a.gold_dir, sp, "SOURCES")
        if os.path.exists(src):
            with open(src, encoding="utf-8") as f:
                head += ["# %s: %s" % (sp, line) for line in f.read().split("\n") if line]
    new = {}
    for gold, out, name, _, _ in jobs:
        c = rows[name]
        new.setdefault(os.path.basename(out), []).append(
            "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s" % (
                os.path.basename(out), name, c["font"], c["size"], c["dpi"],
                c["rotate"], c["blur"], c["noise"]))
    with open(path, "w", encoding="utf-8") as f:
        for line in head:
            f.write(line + "\n")
        f.write("split\tname\tfont\tsize_pt\tdpi\trotate_deg\tblur_px\tsalt_noise\n")
        for sp in SPLITS + tuple(sorted(set(old) - set(SPLITS))):
            for line in (new if sp in splits else old).get(sp, []):
                f.write(line + "\n")


if __name__ == "__main__":
    main()
