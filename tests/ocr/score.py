#!/usr/bin/python3
"""Score an OCR normaliser against gold text, word by word.

    score.py GOLD OCR OUTPUT                       one page
    score.py --dir SPLIT_DIR --cmd 'CMD'           run `CMD FILE.ocr.txt` on every page
    score.py --dir SPLIT_DIR --outputs OUT_DIR     score OUT_DIR/<name>.out.txt files
    score.py --dir SPLIT_DIR --confusions          what the OCR did to æ/ø/å (no normaliser)

Options: --show N (remaining errors listed, default 30), --json FILE (metrics),
--save DIR (keep the outputs of --cmd), --no-dehyphen, --quiet.

Words are whitespace-separated tokens compared after stripping surrounding
punctuation (quotes, brackets, . , ; : ! ? dashes ...; `& @ | % $ § #` are kept
because OCR uses them for letters).  A word broken by a hyphen at the end of a
line (`sam-` / `arbeide`) is joined first, in all three texts alike.

The three token sequences are aligned on the gold: difflib anchors the equal
runs, and the stretches between anchors are aligned by dynamic programming
over 1:1, 1:0, 0:1 and n:m (n, m <= 3) groups with a character edit distance,
so splits and merges (`Vii` ~ `Vi i`, `4lede` ~ `å lede`, `erikke` ~ `er ikke`)
form one aligned group.  The gold-OCR and gold-output alignments are then cut
at the gold positions where both have a boundary; each piece is a "segment".

Per segment (weighted by its number of gold words):
  clean      OCR == gold
  damaged    OCR != gold; class "æøå" when the gold has æ/ø/å/Æ/Ø/Å, or the OCR
             differs only by I/l/|/1 confusion (`| dette`, `Igse`), or only by
             where the spaces are (`Vii`, `erikke`); otherwise class "other"
  repaired   damaged and output == gold
  false      clean and output != gold (a false correction)
  miscorrected damaged, output != OCR and output != gold
Metrics: recall = repaired / damaged (per class and overall);
false-correction rate = false / clean; word accuracy before = clean / all,
after = (output == gold) / all.
"""
import argparse
import collections
import difflib
import functools
import glob
import json
import os
import shlex
import subprocess
import sys
import unicodedata

AEOA = set("æøåÆØÅ")
KEEP = set("&@|%$§#€£")
I_LIKE = str.maketrans({"|": "I", "l": "I", "1": "I", "!": "I"})
NOT_JOINED = {"og", "eller", "til", "and", "or"}


# ------------------------------------------------------------------ tokens

def split_token(tok):
    """(prefix, core, suffix) with surrounding punctuation set aside."""
    def edge(c):
        if c in KEEP or c.isalnum():
            return False
        return unicodedata.category(c)[0] in "PSZ"
    i, j = 0, len(tok)
    while i < j and edge(tok[i]):
        i += 1
    while j > i and edge(tok[j - 1]):
        j -= 1
    return tok[:i], tok[i:j], tok[j:]


def strip_punct(tok):
    return split_token(tok)[1]


def tokenize(text, dehyphen=True, vocab=None):
    """Return a list of (raw, key); punctuation-only tokens are dropped.

    A word hyphenated at a line end is joined with the next line's first word
    (unless that is og/eller/til: `samfunns- og`).  Whether the hyphen stays
    (`KS-` + `dokumentet`) or goes (`sam-` + `arbeide`) is a typesetting
    question, not OCR damage: with vocab (the gold page's words) the form the
    gold uses wins; otherwise the hyphen goes.
    """
    text = unicodedata.normalize("NFC", text)
    lines = [l.split() for l in text.split("\n")]
    raw = []
    for li, words in enumerate(lines):
        for wi, w in enumerate(words):
            raw.append([w, wi == len(words) - 1])
    out = []
    k = 0
    while k < len(raw):
        w, last = raw[k]
        if (dehyphen and last and k + 1 < len(raw) and len(w) > 2 and w.endswith("-")
                and w[-2].isalpha() and raw[k + 1][0][:1].islower()
                and strip_punct(raw[k + 1][0]) not in NOT_JOINED):
            nxt = raw[k + 1][0]
            keep = w + nxt
            if not (vocab and strip_punct(keep) in vocab
                    and strip_punct(w[:-1] + nxt) not in vocab):
                keep = w[:-1] + nxt
            w = keep
            k += 1
        key = strip_punct(w)
        if key:
            out.append((w, key))
        k += 1
    return out


# --------------------------------------------------------------- alignment

@functools.lru_cache(maxsize=65536)
def lev(a, b):
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def dist(a, b):
    a, b = "".join(a), "".join(b)
    if not a and not b:
        return 0.0
    return lev(a, b) / max(len(a), len(b))


GROUPS = [(1, 1), (1, 0), (0, 1)] + [(n, m) for n in (1, 2, 3) for m in (1, 2, 3)
                                     if (n, m) != (1, 1) and n + m <= 5]


def dp_align(G, H):
    """Align two short key lists; returns [(i0, i1, j0, j1)]."""
    n, m = len(G), len(H)
    # a long stretch without a single equal word (an output unrelated to the
    # gold) gets plain 1:1/1:0/0:1 alignment with 0/1 costs: O(n*m), not slow
    groups = GROUPS if n * m <= 4000 else GROUPS[:3]
    INF = float("inf")
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c0 = cost[i][j]
            if c0 == INF:
                continue
            for di, dj in groups:
                ii, jj = i + di, j + dj
                if ii > n or jj > m:
                    continue
                if di == 0 or dj == 0:
                    c = 1.0 * (di + dj)
                elif groups is not GROUPS:
                    c = 0.0 if G[i] == H[j] else 0.99
                else:
                    c = dist(G[i:ii], H[j:jj]) * max(di, dj) + 0.15 * (di + dj - 2)
                if c0 + c < cost[ii][jj] - 1e-12:
                    cost[ii][jj] = c0 + c
                    back[ii][jj] = (i, j)
    units = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        units.append((pi, i, pj, j))
        i, j = pi, pj
    units.reverse()
    return units


def align(G, H):
    """Partition gold positions into units [(i0, i1, j0, j1)] covering H too."""
    sm = difflib.SequenceMatcher(None, G, H, autojunk=False)
    units = []
    for tag, i0, i1, j0, j1 in sm.get_opcodes():
        if tag == "equal":
            units.extend((i0 + k, i0 + k + 1, j0 + k, j0 + k + 1) for k in range(i1 - i0))
        else:
            units.extend((i0 + a, i0 + b, j0 + c, j0 + d)
                         for a, b, c, d in dp_align(G[i0:i1], H[j0:j1]))
    # fold pure insertions into the previous unit (or the next at the start)
    merged = []
    pending = None
    for u in units:
        if u[0] == u[1]:
            if merged:
                p = merged[-1]
                merged[-1] = (p[0], p[1], p[2], u[3])
            else:
                pending = u if pending is None else (0, 0, pending[2], u[3])
            continue
        if pending is not None:
            u = (u[0], u[1], pending[2], u[3])
            pending = None
        merged.append(u)
    if pending is not None:                    # gold is empty
        merged.append(pending)
    return merged


def segments(gold, ocr, out):
    """Yield (gold_toks, ocr_toks, out_toks, units, ok_after) per segment.

    units: the gold-OCR alignment units inside the segment, as
    (gold_toks, ocr_toks); ok_after: per gold word of the segment, whether
    the gold-output alignment puts it in a group whose output equals the gold.
    """
    G = [k for _, k in gold]
    O = [k for _, k in ocr]
    P = [k for _, k in out]
    u1 = align(G, O)
    u2 = align(G, P)
    if not G:
        yield [], ocr, out, [([], ocr)], []
        return
    ok_after = [False] * len(G)
    for i0, i1, j0, j1 in u2:
        if G[i0:i1] == P[j0:j1]:
            for i in range(i0, i1):
                ok_after[i] = True
    cuts = sorted(({u[0] for u in u1} & {u[0] for u in u2}) | {len(G)})

    def spans(units):
        """hyp span and units of each segment, walking the units once."""
        res, k = [], 0
        for a, b in zip(cuts, cuts[1:]):
            j0 = j1 = None
            inside = []
            while k < len(units) and units[k][1] <= b:
                if j0 is None:
                    j0 = units[k][2]
                j1 = units[k][3]
                inside.append(units[k])
                k += 1
            res.append((j0, j1, inside))
        return res

    for (a, b), (o0, o1, ins), (p0, p1, _) in zip(zip(cuts, cuts[1:]), spans(u1), spans(u2)):
        g, o, p = gold[a:b], ocr[o0:o1], out[p0:p1]
        units = [(gold[i0:i1], ocr[j0:j1]) for i0, i1, j0, j1 in ins]
        ok = ok_after[a:b]
        if len(g) > 1 and len(g) == len(o) == len(p):
            for k in range(len(g)):
                yield g[k:k + 1], o[k:k + 1], p[k:k + 1], [(g[k:k + 1], o[k:k + 1])], ok[k:k + 1]
        else:
            yield g, o, p, units, ok


# ---------------------------------------------------------------- scoring

def keys(toks):
    return [k for _, k in toks]


def damage_class(g, o):
    gk, ok = keys(g), keys(o)
    gs = "".join(gk)
    if AEOA & set(gs):
        return "æøå", "æøå letter"
    if "".join(ok) == gs:
        return "æøå", "word split/merge"
    if gs.translate(I_LIKE) == "".join(ok).translate(I_LIKE):
        return "æøå", "I/l/| confusion"
    if " ".join(gk).translate(I_LIKE).replace(" ", "") == "".join(ok).translate(I_LIKE).replace(" ", ""):
        return "æøå", "I/l/| confusion"
    return "other", "other"


class Score:
    def __init__(self):
        self.c = collections.Counter()
        self.errors = collections.Counter()
        self.files = 0

    def add(self, gold_text, ocr_text, out_text, dehyphen=True):
        self.files += 1
        gold = tokenize(gold_text, dehyphen)
        vocab = {k for _, k in gold}
        ocr = tokenize(ocr_text, dehyphen, vocab)
        out = tokenize(out_text, dehyphen, vocab)
        c = self.c
        for g, o, p, units, ok_after in segments(gold, ocr, out):
            gk, ok, pk = keys(g), keys(o), keys(p)
            pos = 0
            seg_bad = False
            for ug, uo in units:
                w = max(1, len(ug))
                after = all(ok_after[pos:pos + len(ug)]) if ug else keys(ug) == keys(uo)
                pos += len(ug)
                c["words"] += w
                if keys(uo) == keys(ug):
                    c["clean"] += w
                    if after:
                        c["correct_after"] += w
                    else:
                        c["false"] += w
                        seg_bad = True
                    continue
                cls, sub = damage_class(ug, uo)
                c["damaged"] += w
                c["damaged:" + cls] += w
                c["sub:" + sub] += w
                if after:
                    c["repaired"] += w
                    c["repaired:" + cls] += w
                    c["correct_after"] += w
                else:
                    seg_bad = True
                    if pk != ok:
                        c["miscorrected"] += w
            if seg_bad or pk != gk:
                if ok == gk:
                    kind = "false"
                elif pk == ok:
                    kind = "missed"
                else:
                    kind = "wrong"
                self.errors[(" ".join(gk), " ".join(ok), " ".join(pk), kind)] += 1

    def metrics(self):
        c = self.c

        def ratio(a, b):
            return a / b if b else None
        return {
            "files": self.files,
            "words": c["words"],
            "clean": c["clean"],
            "damaged": c["damaged"],
            "damaged_aeoa": c["damaged:æøå"],
            "damaged_other": c["damaged:other"],
            "damaged_by_kind": {k[4:]: v for k, v in sorted(c.items()) if k.startswith("sub:")},
            "repaired": c["repaired"],
            "repaired_aeoa": c["repaired:æøå"],
            "repaired_other": c["repaired:other"],
            "recall": ratio(c["repaired"], c["damaged"]),
            "recall_aeoa": ratio(c["repaired:æøå"], c["damaged:æøå"]),
            "recall_other": ratio(c["repaired:other"], c["damaged:other"]),
            "false_corrections": c["false"],
            "false_correction_rate": ratio(c["false"], c["clean"]),
            "miscorrected": c["miscorrected"],
            "accuracy_before": ratio(c["clean"], c["words"]),
            "accuracy_after": ratio(c["correct_after"], c["words"]),
        }

    def report(self, show=30, title=None):
        m = self.metrics()

        def pct(x):
            return "   n/a" if x is None else "%6.2f%%" % (100 * x)
        lines = []
        if title:
            lines.append(title)
        lines.append("pages %d, gold words %d, clean %d, damaged %d (æøå-class %d, other %d)"
                     % (m["files"], m["words"], m["clean"], m["damaged"],
                        m["damaged_aeoa"], m["damaged_other"]))
        if m["damaged_by_kind"]:
            lines.append("  damage kinds: " + ", ".join(
                "%s %d" % kv for kv in m["damaged_by_kind"].items()))
        lines.append("recall           %s  (æøå-class %s, other %s)  %d/%d repaired"
                     % (pct(m["recall"]), pct(m["recall_aeoa"]), pct(m["recall_other"]),
                        m["repaired"], m["damaged"]))
        lines.append("false corrections %s  (%d of %d clean words changed)"
                     % (pct(m["false_correction_rate"]), m["false_corrections"], m["clean"]))
        lines.append("miscorrected      %d damaged words changed to something else than gold"
                     % m["miscorrected"])
        lines.append("word accuracy     %s -> %s" % (pct(m["accuracy_before"]).strip(),
                                                     pct(m["accuracy_after"]).strip()))
        if show:
            lines.append("")
            lines.append(format_errors(self.errors, show))
        return "\n".join(lines)


def format_errors(errors, show):
    rows = errors.most_common()
    if not rows:
        return "no remaining errors"
    top = rows[:show]
    out = ["remaining errors, most frequent first (%d distinct, %d total; top %d):"
           % (len(rows), sum(errors.values()), len(top)),
           "  %5s  %-7s %-24s %-24s %s" % ("count", "kind", "gold", "ocr", "output")]
    for (g, o, p, kind), n in top:
        out.append("  %5d  %-7s %-24s %-24s %s" % (n, kind, g or "∅", o or "∅", p or "∅"))
    return "\n".join(out)


# ------------------------------------------------------------- confusions

def confusions(pairs):
    """Character confusion table gold -> ocr, for æ/ø/å, from (gold, ocr) texts."""
    table = collections.defaultdict(collections.Counter)
    words = collections.Counter()
    for gold_text, ocr_text in pairs:
        gold = tokenize(gold_text)
        ocr = tokenize(ocr_text, vocab={k for _, k in gold})
        for g, o, _, _, _ in segments(gold, ocr, ocr):
            gs, os_ = " ".join(keys(g)), " ".join(keys(o))
            for ch in gs:
                if ch in AEOA:
                    words[ch] += 1
            if not AEOA & set(gs):
                continue
            sm = difflib.SequenceMatcher(None, gs, os_, autojunk=False)
            for tag, i0, i1, j0, j1 in sm.get_opcodes():
                gpart, opart = gs[i0:i1], os_[j0:j1]
                if tag == "equal":
                    for ch in gpart:
                        if ch in AEOA:
                            table[ch][ch] += 1
                    continue
                if not AEOA & set(gpart):
                    continue
                if tag == "replace" and len(gpart) == len(opart):
                    for a, b in zip(gpart, opart):
                        if a in AEOA:
                            table[a][b] += 1
                    continue
                # unequal lengths: attribute the whole OCR part to the æøå char
                letters = [ch for ch in gpart if ch in AEOA]
                if len(letters) == 1:
                    key = letters[0]
                    rest = gpart.replace(key, "", 1)
                    label = opart if opart else "∅"
                    if rest.strip():
                        label = "%s (for %s)" % (label, gpart.replace(" ", "␣"))
                    elif rest == " ":
                        label = "%s (+space lost)" % (opart or "∅") if " " not in opart else label
                    table[key][label] += 1
                else:
                    table[gpart.replace(" ", "␣")][opart.replace(" ", "␣") or "∅"] += 1
    return table, words


def word_pairs(pairs):
    """Counter of (gold, ocr) for damaged æøå-class units, from (gold, ocr) texts."""
    res = collections.Counter()
    for gold_text, ocr_text in pairs:
        gold = tokenize(gold_text)
        ocr = tokenize(ocr_text, vocab={k for _, k in gold})
        for _, _, _, units, _ in segments(gold, ocr, ocr):
            for ug, uo in units:
                if keys(ug) != keys(uo) and damage_class(ug, uo)[0] == "æøå":
                    res[(" ".join(keys(ug)), " ".join(keys(uo)))] += 1
    return res


def format_word_pairs(wp, top=40):
    out = ["most frequent damaged words (ocr -> gold, count):"]
    items = ["%s→%s %d" % (o, g, n) for (g, o), n in wp.most_common(top)]
    for i in range(0, len(items), 8):
        out.append("  " + ", ".join(items[i:i + 8]))
    # real-word errors: OCR forms that are themselves valid Bokmål words
    single = collections.Counter()
    for (g, o), n in wp.items():
        if " " not in o and o.isalpha():
            single[(g, o)] += n
    try:
        words = sorted({o for _, o in single})
        p = subprocess.run(["hunspell", "-l", "-d", "nb_NO", "-i", "utf-8"],
                           input="\n".join(words).encode("utf-8"), capture_output=True,
                           check=True)
        flagged = set(p.stdout.decode("utf-8").split())
    except (FileNotFoundError, subprocess.CalledProcessError):
        return "\n".join(out)
    real = collections.Counter({k: n for k, n in single.items() if k[1] not in flagged})
    tot = sum(wp.values())
    out.append("real-word errors (the OCR form is itself a word hunspell nb_NO accepts): "
               "%d of %d damaged æøå-class words (%.1f%%); most frequent:"
               % (sum(real.values()), tot, 100.0 * sum(real.values()) / max(1, tot)))
    items = ["%s→%s %d" % (o, g, n) for (g, o), n in real.most_common(24)]
    for i in range(0, len(items), 8):
        out.append("  " + ", ".join(items[i:i + 8]))
    return "\n".join(out)


def format_confusions(table):
    out = ["gold char -> what `tesseract -l eng` produced (count, share of that gold char)"]
    order = list("åøæÅØÆ") + sorted(k for k in table if k not in AEOA)
    for ch in order:
        if ch not in table:
            continue
        tot = sum(table[ch].values())
        parts = ["%s %d (%.1f%%)" % (o, n, 100.0 * n / tot)
                 for o, n in table[ch].most_common(12)]
        out.append("  %-3s n=%-5d %s" % (ch, tot, ", ".join(parts)))
    return "\n".join(out)


# ------------------------------------------------------------------ driver

def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def pages(split_dir):
    ocrs = sorted(glob.glob(os.path.join(split_dir, "*.ocr.txt")))
    if not ocrs:
        sys.exit("score.py: no *.ocr.txt in %s" % split_dir)
    for ocr in ocrs:
        name = os.path.basename(ocr)[:-len(".ocr.txt")]
        yield name, ocr[:-len(".ocr.txt")] + ".gold.txt", ocr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", metavar="GOLD OCR OUTPUT")
    ap.add_argument("--dir", help="split directory with <name>.gold.txt / <name>.ocr.txt")
    ap.add_argument("--cmd", help="normaliser command; the OCR file is appended")
    ap.add_argument("--outputs", help="directory with <name>.out.txt outputs")
    ap.add_argument("--save", help="with --cmd: keep outputs as DIR/<name>.out.txt")
    ap.add_argument("--confusions", action="store_true",
                    help="print the gold->OCR character confusion table for æ/ø/å")
    ap.add_argument("--show", type=int, default=30, help="remaining errors to list")
    ap.add_argument("--json", help="write the metrics (and top errors) as JSON here")
    ap.add_argument("--title")
    ap.add_argument("--no-dehyphen", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="no text report")
    a = ap.parse_args()
    dehyphen = not a.no_dehyphen
    s = Score()

    if a.dir and a.confusions:
        texts = [(read(g), read(o)) for _, g, o in pages(a.dir)]
        table, _ = confusions(texts)
        print(format_confusions(table))
        print()
        print(format_word_pairs(word_pairs(texts)))
        return 0
    if a.dir:
        if bool(a.cmd) == bool(a.outputs):
            sys.exit("score.py: --dir needs exactly one of --cmd or --outputs")
        if a.save:
            os.makedirs(a.save, exist_ok=True)
        for name, gold, ocr in pages(a.dir):
            if a.cmd:
                p = subprocess.run(shlex.split(a.cmd) + [ocr], capture_output=True,
                                   stdin=subprocess.DEVNULL)
                if p.returncode != 0:
                    sys.stderr.write("score.py: `%s %s` exited %d: %s\n" % (
                        a.cmd, ocr, p.returncode, p.stderr.decode("utf-8", "replace")[:300]))
                    return 3
                out = p.stdout.decode("utf-8", "replace")
                if a.save:
                    with open(os.path.join(a.save, name + ".out.txt"), "w",
                              encoding="utf-8") as f:
                        f.write(out)
            else:
                out = read(os.path.join(a.outputs, name + ".out.txt"))
            s.add(read(gold), read(ocr), out, dehyphen)
    elif len(a.files) == 3:
        gold, ocr, out = a.files
        s.add(read(gold), read(ocr), read(out), dehyphen)
    else:
        ap.print_usage(sys.stderr)
        return 2

    if not a.quiet:
        print(s.report(a.show, a.title))
    if a.json:
        m = s.metrics()
        m["errors"] = [{"gold": g, "ocr": o, "output": p, "kind": k, "count": n}
                       for (g, o, p, k), n in s.errors.most_common(200)]
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(m, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
