#ifndef POLIDOC_FONTSET_H
#define POLIDOC_FONTSET_H

/* Font metrics for layout: the advance widths, ascent and descent of the faces polidoc sets text
 * in, read from the font files with FreeType. Layout measures with these numbers and the PDF
 * emitter embeds the very same files (pd_fontset_path), so a measured line is exactly as wide as
 * the drawn one.
 *
 * Advances are taken unkerned and unhinted (libharu draws glyphs one advance after another, with
 * no kerning), in font units scaled by size / units_per_EM.
 *
 * A pd_fontset is immutable once made: every metric is copied out of FreeType at load time and
 * FreeType is closed, so one fontset can be shared by any number of threads without locking. */

#include "diag.h"
#include <stddef.h>
#include <stdint.h>

/* The faces of polidoc's typography. Body text is serif; headings and the running header/footer
 * are sans; code is monospace. */
typedef enum {
    PD_FACE_SERIF,             /* body text */
    PD_FACE_SERIF_ITALIC,      /* *emphasis* */
    PD_FACE_SERIF_BOLD,        /* **strong** */
    PD_FACE_SERIF_BOLD_ITALIC, /* both */
    PD_FACE_SANS,              /* running header/footer, captions, title page fields */
    PD_FACE_SANS_BOLD,         /* headings, title */
    PD_FACE_MONO,              /* code spans and code blocks */
    PD_FACE_SYMBOL,            /* fallback for symbols the text faces lack (→ −): layout sets a
                                * character in it only when its own face has no glyph */
    PD_FACE_COUNT
} pd_face;

typedef struct pd_fontset pd_fontset;

/* Loads every face from fonts_dir (file names in fontset.c; see fonts/README.md). fonts_dir NULL
 * means the default search: $POLIDOC_FONTS, then ./fonts, then fonts/ beside the executable's
 * folder (bin/../fonts), then POLIDOC_DATADIR/fonts. Returns 0 and sets *out (free with
 * pd_fontset_free), or -1 with an error naming the missing or unreadable file. Takes a few
 * milliseconds; a build loads it once and shares it. */
int pd_fontset_new(const char *fonts_dir, pd_fontset **out, pd_diags *d);
void pd_fontset_free(pd_fontset *fs);

/* The fonts of a whole build, loaded by the first document that needs them rather than before
 * the build starts: while one worker loads them, another is already parsing or repairing its
 * document, and a build of text editions alone never loads them. */
typedef struct pd_fontset_cache pd_fontset_cache;
pd_fontset_cache *pd_fontset_cache_new(const char *fonts_dir);
void pd_fontset_cache_free(pd_fontset_cache *c);
/* The fonts (owned by the cache), loading them on the first call while later callers wait; or
 * NULL, with the load's error repeated to d on every call. Thread-safe. */
const pd_fontset *pd_fontset_cache_get(pd_fontset_cache *c, pd_diags *d);

/* The absolute or fonts_dir-relative path of a face's TrueType file (owned by fs), for the
 * emitter to load into libharu. */
const char *pd_fontset_path(const pd_fontset *fs, pd_face face);
/* The face's PostScript name, e.g. "NotoSerif-Regular" (owned by fs). */
const char *pd_fontset_name(const pd_fontset *fs, pd_face face);

/* Whether the face has a glyph for code point cp. */
int pd_fontset_has_glyph(const pd_fontset *fs, pd_face face, uint32_t cp);

/* Advance width of cp at size (points), in points; the .notdef advance when there is no glyph. */
double pd_fontset_advance(const pd_fontset *fs, pd_face face, uint32_t cp, double size);

/* Width in points of the UTF-8 text s[0..n) set in one face at size. Malformed bytes count as
 * U+FFFD. */
double pd_fontset_width(const pd_fontset *fs, pd_face face, double size, const char *s, size_t n);

/* The face's typographic ascent (positive) and descent (negative), in points at size. */
double pd_fontset_ascent(const pd_fontset *fs, pd_face face, double size);
double pd_fontset_descent(const pd_fontset *fs, pd_face face, double size);

/* Decodes one UTF-8 code point at s[*i] (advancing *i); malformed input yields U+FFFD and
 * advances one byte. Exposed because every measuring loop needs it. */
uint32_t pd_utf8_next(const char *s, size_t n, size_t *i);

#endif
