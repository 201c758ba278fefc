#!/usr/bin/python3
"""Prints the text content of a canonical Markdown source, independently of polidoc: the body
is rendered by the cmark command-line tool, and the HTML's text (with image alt text) printed.
Reference for text_fidelity.py: every edition must contain these words in this order."""
import html.parser
import subprocess
import sys


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.out.append(" " + dict(attrs).get("alt", "") + " ")
        elif tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "pre", "blockquote"):
            self.out.append("\n")

    def handle_data(self, data):
        self.out.append(data)


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    if src.startswith("---"):
        end = src.find("\n---", 3)
        src = src[src.find("\n", end + 1) + 1:]
    html_out = subprocess.run(["cmark"], input=src.encode(), capture_output=True, check=True)
    p = Text()
    p.feed(html_out.stdout.decode())
    sys.stdout.write("".join(p.out))


if __name__ == "__main__":
    main()
