#!/usr/bin/python3
"""Baseline OCR "normaliser": replace each word that `hunspell -d nb_NO` flags
as misspelled by hunspell's first suggestion; leave everything else alone.

    baseline_hunspell.py FILE                  repaired text to stdout
    baseline_hunspell.py --outdir DIR FILE...  DIR/<name>.out.txt for FILE=<name>.ocr.txt
    options: --cache TSV (word -> replacement memo; see below), --update-cache,
             --jobs N (hunspell processes, default: number of cores)

Words are whitespace-separated tokens with surrounding punctuation set aside;
each distinct word is sent once to `hunspell -a -d nb_NO -i utf-8` (ispell pipe
mode, one word per line, prefixed by '^' so it is never read as a command).
Hunspell may split a token into several words (`st@tte`): each flagged word is
replaced at the offset hunspell reports.  A flagged word with no suggestion is
left as it is.

Suggestions cost hunspell ~50-100 ms per misspelled word, so the answers are
memoised in --cache (a TSV whose first line names the hunspell version and the
dictionary's checksum; a cache made with another dictionary is ignored).  The
cache only changes what is computed, never the result.
"""
import argparse
import concurrent.futures
import hashlib
import os
import re
import subprocess
import sys
import unicodedata

DICT = "nb_NO"
# Tokens are split exactly as the scorer splits them, so the baseline is judged on its words.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import split_token  # noqa: E402


def dict_signature():
    paths = []
    for d in ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell"):
        for ext in (".aff", ".dic"):
            p = os.path.join(d, DICT + ext)
            if os.path.exists(p):
                paths.append(os.path.realpath(p))
    h = hashlib.sha256()
    for p in sorted(set(paths)):
        with open(p, "rb") as f:
            h.update(f.read())
    try:
        v = subprocess.run(["hunspell", "-v"], capture_output=True, text=True).stdout
        v = re.search(r"Hunspell [\d.]+", v).group(0)
    except (FileNotFoundError, AttributeError):
        v = "hunspell ?"
    return "%s %s sha256:%s" % (v, DICT, h.hexdigest()[:16])


def ask_hunspell(words):
    """Return {word: replacement} for a list of distinct words."""
    if not words:
        return {}
    data = "".join("^" + w + "\n" for w in words).encode("utf-8")
    p = subprocess.run(["hunspell", "-a", "-d", DICT, "-i", "utf-8"], input=data,
                       capture_output=True, check=True)
    lines = p.stdout.decode("utf-8", "replace").split("\n")
    res = {}
    k = 1                                   # line 0 is the version banner
    for w in words:
        repl = []                           # (offset, length, suggestion)
        while k < len(lines) and lines[k] != "":
            line = lines[k]
            k += 1
            if line[0] == "&":
                head, sugg = line.split(": ", 1)
                _, orig, _, off = head.split(" ")
                first = sugg.split(", ")[0]
                repl.append((int(off) - 1, len(orig), first))
        k += 1                              # the blank line that ends this input line
        out = w
        for off, n, s in sorted(repl, reverse=True):
            if out[off:off + n] == w[off:off + n]:
                out = out[:off] + s + out[off + n:]
        res[w] = out
    return res


def load_cache(path, sig):
    memo = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            if f.readline().rstrip("\n") != "# " + sig:
                print("baseline_hunspell: cache %s is for another dictionary; ignored" % path,
                      file=sys.stderr)
                return memo
            for line in f:
                w, _, r = line.rstrip("\n").partition("\t")
                memo[w] = r if r else w
    return memo


def save_cache(path, sig, memo):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# " + sig + "\n")
        for w in sorted(memo):
            # unchanged words are stored without a replacement to keep the file small
            f.write("%s\t%s\n" % (w, "" if memo[w] == w else memo[w]))


def correct_words(texts, memo, jobs):
    cores = set()
    for t in texts:
        for tok in t.split():
            core = split_token(tok)[1]
            if core and core not in memo:
                cores.add(core)
    todo = sorted(cores)
    if todo:
        chunks = [todo[i::jobs] for i in range(jobs)]
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            for part in ex.map(ask_hunspell, chunks):
                memo.update(part)
    return len(todo)


def repair(text, memo):
    def fix(m):
        pre, core, suf = split_token(m.group(0))
        return pre + memo.get(core, core) + suf if core else m.group(0)
    return re.sub(r"\S+", fix, text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--outdir")
    ap.add_argument("--cache")
    ap.add_argument("--update-cache", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    if len(a.files) > 1 and not a.outdir:
        sys.exit("baseline_hunspell: several files need --outdir")
    sig = dict_signature()
    memo = load_cache(a.cache, sig)
    texts = []
    for f in a.files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            texts.append(unicodedata.normalize("NFC", fh.read()))
    asked = correct_words(texts, memo, max(1, a.jobs))
    if asked:
        print("baseline_hunspell: asked hunspell about %d words not in the cache" % asked,
              file=sys.stderr)
    if a.cache and a.update_cache:
        save_cache(a.cache, sig, memo)
    if not a.outdir:
        sys.stdout.write(repair(texts[0], memo))
        return 0
    os.makedirs(a.outdir, exist_ok=True)
    for f, t in zip(a.files, texts):
        name = os.path.basename(f)
        name = name[:-len(".ocr.txt")] if name.endswith(".ocr.txt") else name
        with open(os.path.join(a.outdir, name + ".out.txt"), "w", encoding="utf-8") as fh:
            fh.write(repair(t, memo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
