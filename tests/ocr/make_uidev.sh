#!/bin/sh
# Build the uidev split (tests/ocr/set/uidev): a DEVELOPMENT split of user-interface text,
# full sentences of the Bokmål gettext catalogues of three Debian packages that are not
# installed here (the held-out test split was made from the installed catalogues, fresh from
# the Firefox/Thunderbird language packs: never add such a package). The .debs are fetched
# with `apt-get download` into UI_DEBS (kept; a .deb already there is not fetched again) and
# unpacked into a temporary directory, never installed.
#
#   tests/ocr/make_uidev.sh            (UI_DEBS=dir, default /tmp/ui/debs)
#
# Same recipe as make_eval.sh: prepare_gold.good_sentence(), 3-6 sentences of one package a
# paragraph, shuffled (seed 20261207), ~9 000 words, pages of ~330 words, each typeset twice
# and OCR'd by render_ocr.make_page (pango-view -> pdftoppm -> Pillow -> tesseract -l eng
# --psm 6). Needs pango1.0-tools poppler-utils tesseract-ocr-eng python3-pil and the fonts
# make_eval.sh names.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
UI_DEBS=${UI_DEBS:-/tmp/ui/debs}
PKGS="gnucash-common claws-mail-i18n gedit-common"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
/usr/bin/python3 "$HERE/ui_corpus.py" fetch "$UI_DEBS" $PKGS
/usr/bin/python3 "$HERE/ui_corpus.py" dev "$UI_DEBS" "$TMP/gold" $PKGS
rm -rf "$HERE/set/uidev"
/usr/bin/python3 "$HERE/ui_corpus.py" render "$TMP/gold" "$HERE/set"
