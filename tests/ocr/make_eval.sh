#!/bin/sh
# Rebuild the OCR evaluation set in tests/ocr/set/ from its sources.
#
#   tests/ocr/make_eval.sh            (SEEDS=dir to use other seeds, JOBS=n,
#                                      KEEP_IMAGES=dir to keep the page images)
#
# gold: prepare_gold.py  (seeds 000/002/004 -> dev; Debian's nb catalogues and
#                         man pages -> test; the Bokmål Debian handbook -> handbook)
# ocr:  render_ocr.py    (pango-view -> PDF -> pdftoppm -> Pillow degradations
#                         -> tesseract -l eng --psm 6), two "scans" per page
# then: the hunspell baseline's word cache and set/STATS.txt.
#
# Needs (Debian 12): apt-get install pango1.0-tools poppler-utils tesseract-ocr
#   tesseract-ocr-eng python3-pil manpages-nb man-db bsdextrautils fonts-dejavu-core
#   fonts-noto-core fonts-liberation2 hunspell hunspell-no debian-handbook
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SEEDS=${SEEDS:-$ROOT/../shared/seeds}
JOBS=${JOBS:-$(nproc)}
PY=/usr/bin/python3
SET=$HERE/set

missing=""
for t in pango-view pdftoppm tesseract man col hunspell; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
$PY -c 'import PIL' 2>/dev/null || missing="$missing python3-pil"
tesseract --list-langs 2>/dev/null | grep -qx eng || missing="$missing tesseract-ocr-eng"
[ -d /usr/share/man/nb ] || missing="$missing manpages-nb"
[ -d /usr/share/doc/debian-handbook/html/nb-NO ] || missing="$missing debian-handbook"
hunspell -D </dev/null 2>&1 | grep -q nb_NO || missing="$missing hunspell-no"
for f in "DejaVu Serif" "Liberation Serif" "Noto Serif" "Noto Sans" "DejaVu Sans" "Liberation Sans"; do
    fc-list : family | grep -qx "$f" || missing="$missing font:'$f'"
done
if [ -n "$missing" ]; then
    echo "make_eval.sh: missing:$missing" >&2
    echo "  apt-get install pango1.0-tools poppler-utils tesseract-ocr tesseract-ocr-eng python3-pil manpages-nb man-db bsdextrautils fonts-dejavu-core fonts-noto-core fonts-liberation2 hunspell hunspell-no debian-handbook" >&2
    exit 1
fi
[ -d "$SEEDS" ] || { echo "make_eval.sh: no seeds at $SEEDS" >&2; exit 1; }

BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT INT TERM

echo "== gold pages"
$PY "$HERE/prepare_gold.py" "$SEEDS" "$BUILD/gold"

echo "== typeset, rasterise, degrade, OCR ($JOBS jobs)"
rm -rf "$SET/dev" "$SET/test" "$SET/handbook"
set -- --jobs "$JOBS"
[ -n "${KEEP_IMAGES:-}" ] && set -- "$@" --keep-images "$KEEP_IMAGES"
$PY "$HERE/render_ocr.py" "$BUILD/gold" "$SET" "$@" 2>"$BUILD/render.log" || {
    cat "$BUILD/render.log" >&2; exit 1; }

echo "== hunspell baseline cache"
rm -f "$SET/hunspell_cache.tsv"
$PY "$HERE/baseline_hunspell.py" --cache "$SET/hunspell_cache.tsv" --update-cache \
    --outdir "$BUILD/hunspell" "$SET"/dev/*.ocr.txt "$SET"/test/*.ocr.txt "$SET"/handbook/*.ocr.txt

echo "== statistics -> set/STATS.txt"
{
    echo "# OCR evaluation set: sizes and what the OCR did (made by make_eval.sh)"
    for split in dev test handbook; do
        echo
        echo "## $split"
        printf 'gold: %s bytes, ocr: %s bytes\n' \
            "$(cat "$SET/$split"/*.gold.txt | wc -c)" "$(cat "$SET/$split"/*.ocr.txt | wc -c)"
        $PY "$HERE/score.py" --dir "$SET/$split" --cmd cat --show 0 | sed -n '1,2p'
        echo
        $PY "$HERE/score.py" --dir "$SET/$split" --confusions
    done
} >"$SET/STATS.txt"
cat "$SET/STATS.txt"
du -sh "$SET"
