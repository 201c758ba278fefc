#!/usr/bin/python3
"""How many of the hand fixes of seeds 001/003 (hand_fixes.tsv) a normaliser now makes.

    hand_fixes.py --cmd 'CMD' [--show]     runs `CMD FILE` on the contexts, one a paragraph

A row counts as made when the repaired context contains the expected words in order (word by
word, surrounding punctuation ignored). A measurement, not an assertion: it prints one line.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))


def words(s):
    def core(w):
        while w and unicodedata.category(w[0])[0] in "PZ":
            w = w[1:]
        while w and unicodedata.category(w[-1])[0] in "PZ":
            w = w[:-1]
        return w
    return [c for c in (core(w) for w in s.split()) if c]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd", required=True)
    ap.add_argument("--file", default=os.path.join(HERE, "hand_fixes.tsv"))
    ap.add_argument("--show", action="store_true", help="also list each row's output")
    a = ap.parse_args()
    rows = [l.rstrip("\n").split("\t") for l in open(a.file, encoding="utf-8")
            if l.strip() and not l.startswith("#")]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("".join(r[0] + "\n\n" for r in rows))  # one context a paragraph
        path = f.name
    try:
        out = subprocess.run(shlex.split(a.cmd) + [path], stdin=subprocess.DEVNULL,
                             capture_output=True, check=True).stdout.decode("utf-8")
    finally:
        os.unlink(path)
    outs = [p for p in out.split("\n\n") if p.strip()]
    ok, missed = 0, []
    for i, (ctx, want) in enumerate(rows):
        got = words(outs[i]) if i < len(outs) else []
        w = words(want)
        hit = any(got[j:j + len(w)] == w for j in range(len(got) - len(w) + 1))
        ok += hit
        if not hit:
            missed.append(want)
        if a.show:
            print("%s  %s\n      %s" % ("ok " if hit else "NOT", want, outs[i].strip() if i < len(outs) else ""))
    print("hand fixes of seeds 001/003 (hand_fixes.tsv): %d of %d made%s" % (
        ok, len(rows), "; not: " + " | ".join(missed) if missed else ""))


if __name__ == "__main__":
    sys.exit(main())
