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
  fresh  a second held-out split (the test split has been looked at too often):
        prose strings of the Bokmål language packs of Firefox ESR and
        Thunderbird (packages firefox-esr-l10n-nb-no, thunderbird-l10n-nb-no;
        their Fluent .ftl files), text no model source contains.  The .xpi
        files are read from the installed packages, else the .debs are fetched
        with `apt-get download` into a temporary directory (nothing is
        installed).  The package versions go to OUT_DIR/fresh/SOURCES.

    prepare_gold.py --only fresh[,test...] SEEDS_DIR OUT_DIR   (only these splits)

Deterministic: the same inputs give byte-identical output.
"""
import difflib
import gettext
import glob
import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

PAGE_WORDS = 330          # target words per typeset page
TEST_MAX_WORDS = 11000    # cap on the held-out split
HANDBOOK_MAX_WORDS = 13000
HANDBOOK = "/usr/share/doc/debian-handbook/html/nb-NO"
FRESH_MAX_WORDS = 8000
SPLITS = ("dev", "test", "handbook", "fresh")
# (Debian package, its language pack as installed)
LANGPACKS = [
    ("firefox-esr-l10n-nb-no",
     "/usr/lib/firefox-esr/browser/extensions/langpack-nb-NO@firefox-esr.mozilla.org.xpi"),
    ("thunderbird-l10n-nb-no",
     "/usr/lib/thunderbird/extensions/langpack-nb-NO@thunderbird.mozilla.org.xpi"),
]
# the texts the normaliser's model is built from (Makefile: content/, OCR_TEXT):
# a fresh sentence found in one of them is dropped
MODEL_SOURCES = [
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content", "*.md"),
    "/usr/share/doc/debian-edu-doc-nb-no/*.html",
    "/usr/share/doc/debian-edu-doc-legacy-nb-no/*.html",
    os.path.join(HANDBOOK, "*.html"),
]

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


def good_sentence(s, min_words=6, function_word=True):
    if not re.match(r"^[A-ZÆØÅ]", s) or not re.search(r"[a-zæøå)»][.!?]$", s):
        return False
    if TECH.search(s) or re.search(r"\d", s):
        return False
    words = s.split()
    if not min_words <= len(words) <= 40:
        return False
    if function_word and not any(w.lower().strip(".,;:!?«»()") in FUNCTION_WORDS
                                 for w in words):
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


# ------------------------------------------- Mozilla language packs (fresh)

def langpack_xpis(tmp):
    """[(package, version, xpi path)]: the installed language packs, or the ones
    in the .debs that `apt-get download` fetches into tmp (not installed)."""
    res = []
    for pkg, xpi in LANGPACKS:
        if os.path.exists(xpi):
            ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                                 capture_output=True, text=True).stdout.strip()
            res.append((pkg, ver or "?", xpi))
            continue
        subprocess.run(["apt-get", "download", pkg], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        deb = sorted(glob.glob(os.path.join(tmp, pkg + "_*.deb")))[-1]
        ver = subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True,
                             text=True, check=True).stdout.strip()
        root = os.path.join(tmp, pkg)
        subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
        res.append((pkg, ver, os.path.join(root, xpi.lstrip("/"))))
    return res


FTL_ENTRY = re.compile(r"^(-?[A-Za-z][\w-]*)[ \t]*=[ \t]*(.*)$")
FTL_ATTR = re.compile(r"^[ \t]+\.([\w-]+)[ \t]*=[ \t]*(.*)$")


def ftl_entries(text):
    """[(id, attribute or None, value)] of a Fluent file; a multi-line value's
    lines are joined with spaces (select expressions end up as text with braces,
    which the caller drops)."""
    out, cur = [], None                     # cur = [id, attr, [lines]]
    for line in text.split("\n"):
        m = FTL_ENTRY.match(line)
        a = FTL_ATTR.match(line) if not m else None
        if m:
            if cur:
                out.append(cur)
            cur = [m.group(1), None, [m.group(2)]]
        elif a and cur:
            out.append(cur)
            cur = [cur[0], a.group(1), [a.group(2)]]
        elif cur and line[:1] in (" ", "\t") and line.strip():
            cur[2].append(line.strip())
        elif cur and not line.strip():
            continue                        # a blank line may sit inside a value
        else:                               # comment, or junk
            if cur:
                out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    return [(i, at, " ".join(x for x in ls if x).strip()) for i, at, ls in out]


FTL_STRING = re.compile(r'\{\s*"((?:[^"\\]|\\.)*)"\s*\}')
FTL_TERM = re.compile(r"\{\s*(-[A-Za-z][\w-]*)\s*\}")


def ftl_unescape(s):
    return re.sub(r'\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{6}|.)',
                  lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) > 1
                  else m.group(1), s)


def ftl_resolve(value, terms, mark=None, depth=0):
    """Term references replaced by the terms' plain values (or by mark), string
    literals by their text; anything else in braces is left (and dropped later)."""
    def term(m):
        t = terms.get(m.group(1))
        if t is None or depth > 5:
            return m.group(0)
        return mark if mark is not None else ftl_resolve(t, terms, None, depth + 1)
    value = FTL_TERM.sub(term, value)
    return FTL_STRING.sub(lambda m: ftl_unescape(m.group(1)), value)


def strip_markup(s):
    s = re.sub(r"<br\s*/?>", " ", s)
    s = re.sub(r"</?[A-Za-z][^<>]*>", "", s)      # <a data-l10n-name="x">tekst</a> -> tekst
    s = html.unescape(s)
    s = unicodedata.normalize("NFC", s.replace("\u00a0", " ").replace("\u2009", " "))
    return re.sub(r"\s+", " ", s).strip()


def langpack_strings(xpi):
    """(file, text, key) of every message and attribute value of one pack's .ftl
    files that resolves to plain text; key is the text with the terms (brand names)
    blanked, for de-duplication across packs."""
    with zipfile.ZipFile(xpi) as z:
        files = {n: z.read(n).decode("utf-8", "replace") for n in sorted(z.namelist())
                 if n.endswith(".ftl")}
    entries = [(n, e) for n in files for e in ftl_entries(files[n])]
    terms = {i: v for _, (i, at, v) in entries if i.startswith("-") and at is None}
    out, dropped = [], 0
    for n, (i, at, v) in entries:
        if i.startswith("-"):
            continue
        text = strip_markup(ftl_resolve(v, terms))
        if "{" in text or "}" in text:          # variables, selectors, message references
            dropped += 1
            continue
        key = strip_markup(ftl_resolve(v, terms, "\u0000"))
        out.append((os.path.basename(n)[:-4], text, key))
    return out, dropped


def hunspell_unknown(words):
    """The words `hunspell -d nb_NO -l` does not know."""
    data = "\n".join(sorted(words)).encode("utf-8")
    p = subprocess.run(["hunspell", "-d", "nb_NO", "-i", "utf-8", "-l"], input=data,
                       capture_output=True, check=True)
    return set(p.stdout.decode("utf-8", "replace").split())


def norm_for_overlap(s):
    return " ".join(re.findall(r"\w+", s.lower()))


def model_source_text():
    parts = []
    for pat in MODEL_SOURCES:
        for f in sorted(glob.glob(pat)):
            with open(f, encoding="utf-8", errors="ignore") as fh:
                t = fh.read()
            if f.endswith(".html"):
                t = html.unescape(re.sub(r"<[^>]+>", " ", t))
            parts.append(norm_for_overlap(t))
    return "\n".join(parts)


BRANDS = re.compile(r"\b(Mozilla|Firefox|Thunderbird)\b")


def fresh_strings(stats):
    tmp = tempfile.mkdtemp()
    try:
        packs = langpack_xpis(tmp)
        raw = []
        for pkg, ver, xpi in packs:
            got, nplace = langpack_strings(xpi)
            stats["ftl values"] = stats.get("ftl values", 0) + len(got) + nplace
            stats["variables/selectors"] = stats.get("variables/selectors", 0) + nplace
            raw.extend((pkg.split("-")[0] + ":" + f, t, k) for f, t, k in got)
    finally:
        shutil.rmtree(tmp)
    # prose: at least 8 words, every sentence a full one (the test split's filter,
    # but a sentence may be short, 'Prøv igjen senere.', and only the string as a
    # whole needs a Norwegian function word)
    cand, seen = [], set()
    for src, text, key in raw:
        if len(text.split()) < 8:
            stats["short"] = stats.get("short", 0) + 1
            continue
        sents = split_sentences(text)
        if not (all(good_sentence(s, 1, False) for s in sents)
                and any(good_sentence(s, 1) for s in sents)):
            stats["not prose"] = stats.get("not prose", 0) + 1
            continue
        k = BRANDS.sub("\u0000", key).lower()
        if k in seen:
            stats["duplicate"] = stats.get("duplicate", 0) + 1
            continue
        # a sentence met before (in another string) is left out of this one
        new = [s for s in sents if BRANDS.sub("\u0000", s).lower() not in seen]
        seen.add(k)
        seen.update(BRANDS.sub("\u0000", s).lower() for s in sents)
        if len(" ".join(new).split()) < 8:
            stats["duplicate"] = stats.get("duplicate", 0) + 1
            continue
        if len(new) < len(sents):
            text = " ".join(new)
            k = BRANDS.sub("\u0000", text).lower()
        cand.append((src, text, k))
    # mostly Norwegian: at most 1 in 4 of the lower-case words unknown to hunspell
    # (its nb_NO lacks many computing words: infokapsler, nettstedsdata, sporere)
    unknown = hunspell_unknown({w.strip(".,;:!?«»()\"'") for _, t, _ in cand
                                for w in t.split()})
    kept = []
    for src, text, k in cand:
        low = [w.strip(".,;:!?«»()\"'") for w in text.split()]
        low = [w for w in low if w[:1].islower()]
        if sum(w in unknown for w in low) * 4 > len(low):
            stats["not Norwegian"] = stats.get("not Norwegian", 0) + 1
            continue
        kept.append((src, text, k))
    # near-duplicates (one string reworded a little in a later version): word
    # sequences at least 80 % alike
    final = []
    for src, text, k in kept:
        w = k.split()
        near = False
        for _, _, k2 in final:
            w2 = k2.split()
            if abs(len(w) - len(w2)) > max(3, len(w) // 4):
                continue
            sm = difflib.SequenceMatcher(None, w, w2, autojunk=False)
            if sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8 and sm.ratio() >= 0.8:
                near = True
                break
        if near:
            stats["near-duplicate"] = stats.get("near-duplicate", 0) + 1
            continue
        final.append((src, text, k))
    # not in any model source (content/*.md, the debian-edu manuals, the handbook)
    stats["in a model source"] = 0
    big = model_source_text()
    out = []
    for src, text, _ in final:
        # (sentences under 6 words, 'Prøv igjen senere.', are common to any text)
        if any(norm_for_overlap(s) in big for s in split_sentences(text) + [text]
               if len(s.split()) >= 6):
            stats["in a model source"] += 1
            continue
        out.append((src, text))
    stats["kept"] = len(out)
    stats["kept words"] = sum(len(t.split()) for _, t in out)
    return packs, out


def fresh_paragraphs():
    """Paragraphs of 3-6 strings of one .ftl file, shuffled (seed 20270301), about
    FRESH_MAX_WORDS words; and a note of the packages and of what was dropped."""
    stats = {}
    packs, strings = fresh_strings(stats)
    groups = {}
    for src, text in strings:
        groups.setdefault(src, []).append(text)
    paras = shuffled_paragraphs(groups, 20270301, FRESH_MAX_WORDS)
    note = ["source: %s %s" % (pkg, ver) for pkg, ver, _ in packs]
    note.append("strings: " + ", ".join("%s %d" % kv for kv in stats.items()))
    note.append("used: %d words in %d paragraphs" % (sum(len(p.split()) for p in paras),
                                                    len(paras)))
    return paras, note


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
    args = sys.argv[1:]
    only = SPLITS
    if len(args) == 4 and args[0] == "--only":
        only = tuple(args[1].split(","))
        args = args[2:]
    if len(args) != 2 or not set(only) <= set(SPLITS):
        sys.exit("usage: prepare_gold.py [--only SPLIT[,SPLIT...]] SEEDS_DIR OUT_DIR\n"
                 "  splits: " + " ".join(SPLITS))
    seeds, out = args
    if "dev" in only:
        for num, label in SEEDS:
            path = glob.glob(os.path.join(seeds, num + "_*.txt"))
            if not path:
                sys.exit("prepare_gold: no seed %s_*.txt in %s" % (num, seeds))
            names = write_pages(os.path.join(out, "dev"), "%s-%s" % (num, label),
                                seed_paragraphs(path[0]))
            print("dev  %-16s %2d pages" % (num + "-" + label, len(names)))
    if "test" in only:
        names = write_pages(os.path.join(out, "test"), "debian", test_paragraphs())
        print("test %-16s %2d pages" % ("debian", len(names)))
    if "handbook" in only:
        names = write_pages(os.path.join(out, "handbook"), "handbook", handbook_paragraphs())
        print("handbook %-12s %2d pages" % ("handbook", len(names)))
    if "fresh" in only:
        paras, note = fresh_paragraphs()
        names = write_pages(os.path.join(out, "fresh"), "fresh", paras)
        with open(os.path.join(out, "fresh", "SOURCES"), "w", encoding="utf-8") as f:
            f.write("\n".join(note) + "\n")
        print("fresh %-15s %2d pages" % ("fresh", len(names)))
        for line in note:
            print("      " + line)


if __name__ == "__main__":
    main()
