#!/bin/sh
# Rebuild the OCR evaluation set in tests/ocr/set/ from its sources.
#
#   tests/ocr/make_eval.sh            (SEEDS=dir to use other seeds, JOBS=n,
#                                      KEEP_IMAGES=dir to keep the page images)
#   SPLITS=fresh tests/ocr/make_eval.sh     only the splits named (space- or
#                                      comma-separated): the others' files, their
#                                      MANIFEST.tsv rows, STATS.txt sections and
#                                      hunspell cache rows are kept as they are
#
# The default (SPLITS unset) rebuilds all four splits, MANIFEST.tsv, STATS.txt and
# the hunspell cache from scratch.  Do not do that casually: test no longer comes
# out the same (more nb catalogues and man pages are installed now than when it
# was made), and any split whose OCR text changes must be rescored.
#
# gold: prepare_gold.py  (seeds 000/002/004 -> dev; Debian's nb catalogues and
#                         man pages -> test; the Bokmål Debian handbook -> handbook;
#                         the Bokmål language packs of Firefox ESR and Thunderbird
#                         -> fresh, the held-out split: nothing may be fitted to it)
# ocr:  render_ocr.py    (pango-view -> PDF -> pdftoppm -> Pillow degradations
#                         -> tesseract -l eng --psm 6), two "scans" per page
# then: the hunspell baseline's word cache and set/STATS.txt.
#
# Needs (Debian 12): apt-get install pango1.0-tools poppler-utils tesseract-ocr
#   tesseract-ocr-eng python3-pil manpages-nb man-db bsdextrautils fonts-dejavu-core
#   fonts-noto-core fonts-liberation2 hunspell hunspell-no debian-handbook
#   (fresh: the .xpi files of firefox-esr-l10n-nb-no and thunderbird-l10n-nb-no
#   if installed, else `apt-get download` fetches the two .debs into a temporary
#   directory and they are unpacked there, not installed; fresh's overlap check
#   also reads debian-edu-doc-nb-no and debian-edu-doc-legacy-nb-no)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SEEDS=${SEEDS:-$ROOT/../shared/seeds}
JOBS=${JOBS:-$(nproc)}
PY=/usr/bin/python3
SET=$HERE/set
ALL="dev test handbook fresh"
SPLITS=$(echo "${SPLITS:-$ALL}" | tr ',' ' ')
for sp in $SPLITS; do
    case " $ALL " in *" $sp "*) ;; *) echo "make_eval.sh: unknown split $sp (splits: $ALL)" >&2; exit 1 ;; esac
done
has() { case " $SPLITS " in *" $1 "*) return 0 ;; esac; return 1; }
full=no
[ "$(echo $SPLITS | tr ' ' '\n' | sort -u | tr '\n' ' ')" = "dev fresh handbook test " ] && full=yes

missing=""
for t in pango-view pdftoppm tesseract hunspell; do
    command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if has test; then
    for t in man col; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
    [ -d /usr/share/man/nb ] || missing="$missing manpages-nb"
fi
if has fresh; then
    command -v dpkg-deb >/dev/null 2>&1 || missing="$missing dpkg-deb"
    command -v apt-get >/dev/null 2>&1 || missing="$missing apt-get"
fi
$PY -c 'import PIL' 2>/dev/null || missing="$missing python3-pil"
tesseract --list-langs 2>/dev/null | grep -qx eng || missing="$missing tesseract-ocr-eng"
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
if has dev; then
    [ -d "$SEEDS" ] || { echo "make_eval.sh: no seeds at $SEEDS" >&2; exit 1; }
fi

BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT INT TERM

only=$(echo $SPLITS | tr ' ' ',')
echo "== gold pages ($only)"
$PY "$HERE/prepare_gold.py" --only "$only" "$SEEDS" "$BUILD/gold"

echo "== typeset, rasterise, degrade, OCR ($JOBS jobs)"
for sp in $SPLITS; do rm -rf "$SET/$sp"; done
set -- --jobs "$JOBS" --splits "$only"
[ -n "${KEEP_IMAGES:-}" ] && set -- "$@" --keep-images "$KEEP_IMAGES"
$PY "$HERE/render_ocr.py" "$BUILD/gold" "$SET" "$@" 2>"$BUILD/render.log" || {
    cat "$BUILD/render.log" >&2; exit 1; }

echo "== hunspell baseline cache"
# a partial rebuild adds the new splits' words to the cache and keeps its rows
if [ $full = yes ]; then rm -f "$SET/hunspell_cache.tsv"; fi
set --
for sp in $SPLITS; do set -- "$@" "$SET/$sp"/*.ocr.txt; done
$PY "$HERE/baseline_hunspell.py" --cache "$SET/hunspell_cache.tsv" --update-cache \
    --jobs "$JOBS" --outdir "$BUILD/hunspell" "$@"

echo "== statistics -> set/STATS.txt"
# a partial rebuild keeps the other splits' sections of STATS.txt as they are
for split in $ALL; do
    if has $split; then
        {
            echo
            echo "## $split"
            [ -f "$BUILD/gold/$split/SOURCES" ] && cat "$BUILD/gold/$split/SOURCES"
            printf 'gold: %s bytes, ocr: %s bytes\n' \
                "$(cat "$SET/$split"/*.gold.txt | wc -c)" "$(cat "$SET/$split"/*.ocr.txt | wc -c)"
            $PY "$HERE/score.py" --dir "$SET/$split" --cmd cat --show 0 | sed -n '1,2p'
            echo
            $PY "$HERE/score.py" --dir "$SET/$split" --confusions
        } >"$BUILD/stats-$split"
    elif [ -f "$SET/STATS.txt" ]; then
        awk -v h="## $split" '$0 == h { on = 1; print ""; print; next }
            /^## / { on = 0 } on' "$SET/STATS.txt" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' \
            >"$BUILD/stats-$split"
    fi
done
{
    echo "# OCR evaluation set: sizes and what the OCR did (made by make_eval.sh)"
    for split in $ALL; do
        if [ -f "$BUILD/stats-$split" ]; then cat "$BUILD/stats-$split"; fi
    done
} >"$SET/STATS.txt.new"
mv "$SET/STATS.txt.new" "$SET/STATS.txt"
for sp in $SPLITS; do sed -n "/^## $sp\$/,/^## /p" "$SET/STATS.txt"; done
du -sh "$SET"
