#!/usr/bin/python3
"""Build the gold (clean) page texts of the OCR evaluation set.

    prepare_gold.py SEEDS_DIR OUT_DIR

Writes OUT_DIR/<split>/<name>.gold.txt, one file per typeset page:

  dev   born-digital seeds 000, 002, 004 (Sarpsborg, Sandefjord, Stavanger),
        lightly cleaned of layout debris; the normaliser's rules may be
        written against this split (and against the real OCR of seeds 001/003).
  test  held-out Bokmål prose that Debian ships and the seeds do not contain:
        full sentences from the nb message catalogues
        (/usr/share/locale/nb/LC_MESSAGES/*.mo) and from the Norwegian man
        pages (package manpages-nb, rendered with man(1)).
  handbook  a second development split in the register of software text: full
        sentences of the Debian Administrator's Handbook in Bokmål (package
        debian-handbook), scored with a model built without the handbook
        (make bench-ocr does so), so that it is text the model has not seen.

Deterministic: the same inputs give byte-identical output.
"""
import gettext
import glob
import html
import os
import random
import re
import subprocess
import sys
import unicodedata

PAGE_WORDS = 330          # target words per typeset page
TEST_MAX_WORDS = 11000    # cap on the held-out split
HANDBOOK_MAX_WORDS = 13000
HANDBOOK = "/usr/share/doc/debian-handbook/html/nb-NO"

SEEDS = [
    ("000", "sarpsborg"),
    ("002", "sandefjord"),
    ("004", "stavanger"),
]

# ---------------------------------------------------------------- seeds (dev)

def clean_line(line):
    line = line.replace("\t", " ").replace("\u00a0", " ")
    line = line.replace("•", " ")
    line = unicodedata.normalize("NFC", line)
    return re.sub(r"\s+", " ", line).strip()


def is_debris(line):
    """Obvious layout debris of a designed PDF's text layer."""
    letters = sum(c.isalpha() for c in line)
    if letters < 4:                                  # 'L', '_J', 'I', '0'
        return True
    if re.search(r"→|https?:|www\.|\S@\S", line):    # navigation arrows, URLs
        return True
    toks = line.split()
    if len(toks) >= 2 and not any(c.islower() for c in line):
        return True                                  # figure/logo labels
    if re.search(r"\bNY$", line):                    # page tags ('Kommunikasjon NY')
        return True
    if re.match(r"^Side \d", line):                  # table of contents
        return True
    if re.match(r"^[\d.\s]+$", line):
        return True
    return False


def dehyphen_join(lines):
    """Join the lines of one paragraph, undoing line-end hyphenation."""
    out = ""
    for line in lines:
        if not out:
            out = line
            continue
        m = re.search(r"(\S+)-$", out)
        nxt = line.split()[0]
        if (m and m.group(1)[-1:].isalpha() and nxt[:1].islower()
                and nxt.strip(",.") not in ("og", "eller", "til")):
            if m.group(1)[:1].isupper():
                out = out + line                     # 'Sarpsborg-' + 'samfunnet'
            else:
                out = out[:-1] + line                # 'sam-' + 'arbeide'
        else:
            out = out + " " + line
    return out


def seed_paragraphs(path):
    raw = open(path, encoding="utf-8").read().split("\n")
    paras, cur, seen = [], [], set()
    for raw_line in raw:
        if re.match(r"^\s*Skjema\s*$", raw_line):   # fill-in form at the end of 002
            break
        line = clean_line(raw_line)
        key = line.lower()
        drop = (not line or is_debris(line)
                or (len(line) >= 15 and key in seen))  # repeated pull quotes
        if len(line) >= 15:
            seen.add(key)
        if drop:
            if cur:
                paras.append(cur)
                cur = []
            continue
        # a short line without final punctuation followed by a capitalised
        # line is a heading: keep it as its own paragraph
        if cur and len(cur[-1]) < 45 and not re.search(r"[.,:;!?-]$", cur[-1]) \
                and line[:1].isupper():
            paras.append(cur)
            cur = []
        cur.append(line)
    if cur:
        paras.append(cur)
    return [dehyphen_join(p) for p in paras]


# ------------------------------------------------------- held-out prose (test)

FUNCTION_WORDS = {
    "og", "er", "å", "i", "som", "for", "til", "av", "med", "ikke", "på", "det",
    "en", "et", "den", "kan", "skal", "har", "eller", "fra", "at", "du", "vi",
    "blir", "ble", "må", "hvis", "når", "denne", "dette", "ved", "om", "men",
}
TECH = re.compile(r"[%/\\_<>{}\[\]=$#~^|`*@&+]|--|\.\.\.|https?:|\w\.\w|\s-\w|\(\w\)")


def good_sentence(s):
    if not re.match(r"^[A-ZÆØÅ]", s) or not re.search(r"[a-zæøå)»][.!?]$", s):
        return False
    if TECH.search(s) or re.search(r"\d", s):
        return False
    words = s.split()
    if not 6 <= len(words) <= 40:
        return False
    if not any(w.lower().strip(".,;:!?«»()") in FUNCTION_WORDS for w in words):
        return False
    # no ALLCAPS placeholders (KOMMANDO, ARG1), no CamelCase identifiers
    for w in words:
        core = w.strip(".,;:!?«»()\"'")
        if sum(c.isupper() for c in core) >= 2:
            return False
    if sum(1 for w in words[1:] if w[:1].isupper()) > 2:
        return False
    letters = sum(c.isalpha() for c in s)
    if letters < 0.8 * len(s.replace(" ", "")):
        return False
    return True


def split_sentences(text):
    out = []
    for part in re.split(r"\n", text):
        part = re.sub(r"\s+", " ", part).strip()
        if not part:
            continue
        out.extend(re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])", part))
    return [unicodedata.normalize("NFC", s.strip()) for s in out]


def mo_sentences():
    res = []
    for f in sorted(glob.glob("/usr/share/locale/nb/LC_MESSAGES/*.mo")):
        try:
            with open(f, "rb") as fh:
                cat = gettext.GNUTranslations(fh)._catalog
        except Exception:                      # catalogues not in UTF-8
            continue
        src = os.path.basename(f)[:-3]
        for k in sorted(cat, key=lambda x: x if isinstance(x, str) else x[0]):
            v = cat[k]
            if not k or not isinstance(v, str):
                continue
            for s in split_sentences(v):
                if good_sentence(s):
                    res.append((src, s))
    return res


def man_sentences():
    res = []
    env = dict(os.environ, MANWIDTH="2000", LANG="C.UTF-8", MAN_KEEP_FORMATTING="0")
    for f in sorted(glob.glob("/usr/share/man/nb/man*/*")):
        try:
            txt = subprocess.run(["man", "-l", f], env=env, capture_output=True,
                                 check=True).stdout
            txt = subprocess.run(["col", "-bx"], input=txt, capture_output=True,
                                 check=True).stdout.decode("utf-8", "replace")
        except (subprocess.CalledProcessError, FileNotFoundError):
            continue
        src = "man:" + os.path.basename(f).split(".")[0]
        for line in txt.split("\n"):
            # body paragraphs are indented by 7 columns in man's output;
            # option tags and synopsis lines are filtered by good_sentence()
            if not line.startswith("       ") or line.strip().startswith("-"):
                continue
            for s in split_sentences(line):
                if good_sentence(s):
                    res.append((src, s))
    return res


def test_paragraphs():
    seen, sents = set(), []
    for src, s in mo_sentences() + man_sentences():
        key = s.lower()
        if key in seen:
            continue
        seen.add(key)
        sents.append((src, s))
    groups = {}
    for src, s in sents:
        groups.setdefault(src.split(":")[0] if src.startswith("man:") else src,
                          []).append(s)
    return shuffled_paragraphs(groups, 20240611, TEST_MAX_WORDS)


def shuffled_paragraphs(groups, seed, max_words):
    """Sentences of one source grouped into paragraphs of 3-6 sentences, all paragraphs
    shuffled with a fixed seed, cut at about max_words words."""
    rng = random.Random(seed)
    paras = []
    for src in sorted(groups):
        ss = groups[src]
        i = 0
        while i < len(ss):
            n = rng.randint(3, 6)
            paras.append(" ".join(ss[i:i + n]))
            i += n
    rng.shuffle(paras)
    out, words = [], 0
    for p in paras:
        if words >= max_words:
            break
        out.append(p)
        words += len(p.split())
    return out


def handbook_paragraphs():
    sents, seen = [], set()
    for f in sorted(glob.glob(os.path.join(HANDBOOK, "*.html"))):
        with open(f, encoding="utf-8", errors="ignore") as fh:
            t = fh.read()
        t = re.sub(r"(?s)<(script|style|pre)[^>]*>.*?</\1>", " ", t)
        t = re.sub(r"</(p|div|li|h\d|td|dt|dd)>", "\n", t)
        t = html.unescape(re.sub(r"<[^>]+>", " ", t))
        for s in split_sentences(t):
            if good_sentence(s) and s.lower() not in seen:
                seen.add(s.lower())
                sents.append((os.path.basename(f), s))
    groups = {}
    for src, s in sents:
        groups.setdefault(src, []).append(s)
    return shuffled_paragraphs(groups, 20261123, HANDBOOK_MAX_WORDS)


# ------------------------------------------------------------------ pages

def paginate(paras):
    pages, cur, n = [], [], 0
    for p in paras:
        w = len(p.split())
        if cur and n + w > PAGE_WORDS:
            pages.append(cur)
            cur, n = [], 0
        cur.append(p)
        n += w
    if cur:
        pages.append(cur)
    return pages


def write_pages(outdir, prefix, paras):
    os.makedirs(outdir, exist_ok=True)
    names = []
    for i, page in enumerate(paginate(paras), 1):
        name = "%s-%02d" % (prefix, i)
        with open(os.path.join(outdir, name + ".gold.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(page) + "\n")
        names.append(name)
    return names


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: prepare_gold.py SEEDS_DIR OUT_DIR")
    seeds, out = sys.argv[1], sys.argv[2]
    for num, label in SEEDS:
        path = glob.glob(os.path.join(seeds, num + "_*.txt"))
        if not path:
            sys.exit("prepare_gold: no seed %s_*.txt in %s" % (num, seeds))
        names = write_pages(os.path.join(out, "dev"), "%s-%s" % (num, label),
                            seed_paragraphs(path[0]))
        print("dev  %-16s %2d pages" % (num + "-" + label, len(names)))
    names = write_pages(os.path.join(out, "test"), "debian", test_paragraphs())
    print("test %-16s %2d pages" % ("debian", len(names)))
    names = write_pages(os.path.join(out, "handbook"), "handbook", handbook_paragraphs())
    print("handbook %-12s %2d pages" % ("handbook", len(names)))


if __name__ == "__main__":
    main()
