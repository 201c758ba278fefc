#!/usr/bin/python3
"""All the Bokmål user-interface text Debian ships, as model text for an experiment: every
msgstr of the nb gettext catalogues of every package of the release that has one, except the
packages installed here (the held-out test split was made from the installed catalogues), the
three of the uidev split and the Firefox/Thunderbird language packs (fresh's source).

    ui_all.py OUT.txt [WORK_DIR]

The package list comes from the release's Contents-all and Contents-amd64 indexes
(deb.debian.org). The .debs are fetched with `apt-get download` into WORK_DIR (default: a
temporary directory), their nb catalogues kept and the .debs deleted; nothing is installed.
Strings are cleaned as ui_corpus.clean does and de-duplicated (case-folded), one a paragraph.
A paragraph that shares any run of 5 words (case-folded, punctuation dropped) with a gold page
of test, fresh or uidev is left out, so that the text tells nothing of the held-out splits and
does not flatter uidev; only counts are printed.

On bookworm in December 2026: 1045 packages, 3.1 GB of .debs, about 8 minutes; 248 550
strings, 2 712 of them left out, 1.28 M words. The Makefile does not use it: see the
README's "More model text" for what it did to the scores.
"""
import glob
import gzip
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ui_corpus  # noqa: E402

MIRROR = "http://deb.debian.org/debian/dists/%s/main/Contents-%s.gz"
NB_MO = re.compile(r"^(\S*/(locale|resource)/nb(_NO)?/LC_MESSAGES/[^/\s]+\.mo)\s+(\S+)$")
NEVER = {"gnucash-common", "claws-mail-i18n", "gedit-common",  # uidev's sources
         "firefox-esr-l10n-nb-no", "thunderbird-l10n-nb-no"}  # fresh's sources
HELD_OUT = ("test", "fresh", "uidev")
RUN = 5


def release():
    with open("/etc/os-release", encoding="utf-8") as f:
        return re.search(r"^VERSION_CODENAME=(\S+)", f.read(), re.M).group(1)


def packages():
    pkgs, suite = set(), release()
    for arch in ("all", "amd64"):
        with urllib.request.urlopen(MIRROR % (suite, arch)) as r:
            for line in gzip.decompress(r.read()).decode("utf-8", "replace").splitlines():
                m = NB_MO.match(line)
                if m:
                    pkgs.update(p.rsplit("/", 1)[-1] for p in m.group(4).split(","))
    installed = set(subprocess.run(["dpkg-query", "-W", "-f", "${Package}\n"],
                                   capture_output=True, text=True).stdout.split())
    return sorted(pkgs - installed - NEVER)


def fetch_catalogues(pkgs, work):
    debs, mos = os.path.join(work, "debs"), os.path.join(work, "mo")
    os.makedirs(debs, exist_ok=True)
    for i in range(0, len(pkgs), 20):
        # one batch failing (a package gone from the mirror) must not lose the others
        if subprocess.run(["apt-get", "download", "-q"] + pkgs[i:i + 20], cwd=debs,
                          stdout=subprocess.DEVNULL).returncode:
            for p in pkgs[i:i + 20]:
                subprocess.run(["apt-get", "download", "-q", p], cwd=debs,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for deb in glob.glob(os.path.join(debs, "*.deb")):
            out = os.path.join(mos, os.path.basename(deb).split("_")[0])
            os.makedirs(out, exist_ok=True)
            tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
            subprocess.run(["tar", "-x", "-C", out, "--wildcards", "*/nb/LC_MESSAGES/*.mo",
                            "*/nb_NO/LC_MESSAGES/*.mo"], stdin=tar.stdout, stderr=subprocess.DEVNULL)
            tar.wait()
            os.remove(deb)
        print("ui_all: %d of %d packages" % (min(i + 20, len(pkgs)), len(pkgs)), file=sys.stderr)
    return mos


def words(s):
    return re.sub(r"[^\w\s]", " ", s.lower()).split()


def held_out_runs():
    runs = set()
    for split in HELD_OUT:
        for page in glob.glob(os.path.join(HERE, "set", split, "*.gold.txt")):
            with open(page, encoding="utf-8") as f:
                w = words(f.read())
            runs.update(tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1))
    return runs


def write_text(mos, out):
    runs, seen = held_out_runs(), set()
    kept = dropped = n_words = 0
    with open(out, "w", encoding="utf-8") as f:
        for mo in sorted(glob.glob(os.path.join(mos, "*", "**", "*.mo"), recursive=True)):
            strings = (ui_corpus.clean(v) for v in ui_corpus.read_mo(mo))
            for v in ui_corpus.model_paragraphs(strings, seen):
                w = words(v)
                if any(tuple(w[i:i + RUN]) in runs for i in range(len(w) - RUN + 1)):
                    dropped += 1
                    continue
                f.write(v + "\n\n")
                kept += 1
                n_words += len(v.split())
    print("ui_all: %d strings kept, %d left out (a %d-word run of a gold page of %s), "
          "%d words -> %s" % (kept, dropped, RUN, "/".join(HELD_OUT), n_words, out))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    pkgs = packages()
    print("ui_all: %d packages with nb catalogues, not installed" % len(pkgs), file=sys.stderr)
    if len(sys.argv) == 3:
        write_text(fetch_catalogues(pkgs, sys.argv[2]), sys.argv[1])
    else:
        with tempfile.TemporaryDirectory() as work:
            write_text(fetch_catalogues(pkgs, work), sys.argv[1])


if __name__ == "__main__":
    main()
