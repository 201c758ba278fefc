#!/usr/bin/python3
"""Do-no-harm on clean text: how many words a normaliser changes in text that has no OCR damage.

    clean_text.py --cmd 'polidoc normalize' FILE.html...   prints one line of counts
    clean_text.py --text FILE.html...                        prints the extracted text

The text of HTML files (the Debian handbook in Bokmål: prose with its commands, file names,
logs and English quotations, the register where false corrections show) is taken with
html.parser, entities decoded, a line per block element. Every changed word is damage."""
import argparse, difflib, html.parser, os, subprocess, sys, tempfile

BLOCK = {"p", "div", "pre", "li", "dt", "dd", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br",
         "title", "table", "blockquote"}


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag in BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def extract(paths):
    lines = []
    for p in paths:
        t = Text()
        t.feed(open(p, encoding="utf-8").read())
        lines += [" ".join(l.split()) for l in "".join(t.out).split("\n")]
    return "\n".join(l for l in lines if l) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmd")
    ap.add_argument("--text", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="list the N most frequent changes")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    text = extract(sorted(a.files))
    if a.text or not a.cmd:
        sys.stdout.write(text)
        return
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        out = subprocess.run(a.cmd.split() + [f.name], capture_output=True, check=True,
                             stdin=subprocess.DEVNULL).stdout.decode("utf-8")
    finally:
        os.unlink(f.name)
    # the normaliser keeps lines as they are (it joins no line-end hyphens in plain text)
    a_lines, b_lines = text.split("\n"), out.split("\n")
    if len(a_lines) != len(b_lines):
        sys.exit("clean_text.py: the output has %d lines, the input %d" % (len(b_lines), len(a_lines)))
    changed = {}
    n = words = 0
    for la, lb in zip(a_lines, b_lines):
        wa = la.split()
        words += len(wa)
        if la == lb:
            continue
        wb = lb.split()
        sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        for tag, i0, i1, j0, j1 in sm.get_opcodes():
            if tag == "equal":
                continue
            n += max(i1 - i0, 1)
            key = (" ".join(wa[i0:i1]), " ".join(wb[j0:j1]))
            changed[key] = changed.get(key, 0) + 1
    print("%d of %d words changed (%.2f%%)" % (n, words, 100.0 * n / max(words, 1)))
    for (g, o), k in sorted(changed.items(), key=lambda x: -x[1])[:a.show]:
        print("  %5d  %-30s -> %s" % (k, g, o))


if __name__ == "__main__":
    main()
