#ifndef POLIDOC_PDF_FONT_H
#define POLIDOC_PDF_FONT_H

/* TrueType fonts in libharu with text that extracts correctly.
 *
 * libharu 2.3.0, with HPDF_UseUTFEncodings and the "UTF-8" encoder, embeds a TrueType file as an
 * Identity-H CIDFontType2 whose character codes are the UCS-2 values of the characters drawn.
 * Its ToUnicode CMap, however, holds only `begincidrange <0000> <FFFF> 0` and a notdefrange and
 * no bfchar/bfrange at all, so strict validators get no Unicode for any glyph (poppler guesses).
 * This module loads the font, names its subset with a tag derived from the characters used (not
 * libharu's counter, so that different subsets never share a name), and before saving replaces
 * the ToUnicode CMap with one that maps every code used to its character.
 *
 * Use: pd_pdf_font_new, pd_pdf_font_use for every string the font will draw, pd_pdf_font_load,
 * draw with pd_pdf_font_handle (strings passed through pd_pdf_font_drawable), then
 * pd_pdf_font_finish before HPDF_SaveToStream. */

#include "diag.h"
#include "util.h"
#include <hpdf.h>

typedef struct pd_pdf_font pd_pdf_font;

/* A font for the TrueType file at path (copied), not loaded yet. Never NULL. */
pd_pdf_font *pd_pdf_font_new(const char *path);
void pd_pdf_font_free(pd_pdf_font *f);

const char *pd_pdf_font_path(const pd_pdf_font *f);

/* Records the characters of the UTF-8 string s as drawn with this font. May be called before
 * and after loading; the ToUnicode CMap covers every character recorded by pd_pdf_font_finish. */
void pd_pdf_font_use(pd_pdf_font *f, const char *s);

/* The string to hand to HPDF_Page_ShowText for s: libharu's UTF-8 encoder produces 16-bit codes,
 * so a character outside the Basic Multilingual Plane (which it cannot draw) is replaced by
 * U+FFFD. Returns s itself when nothing needs replacing, otherwise a new string stored in *tmp
 * (caller frees *tmp; it is set to NULL when unused). */
const char *pd_pdf_font_drawable(const char *s, char **tmp);

/* Loads the file into pdf (which must have had HPDF_UseUTFEncodings called) as an embedded,
 * subset, Identity-H font. Call after recording the characters (pd_pdf_font_use): the subset tag
 * is derived from them. Returns 0, or -1 with an error naming the file (missing, not a TrueType
 * font libharu can read). */
int pd_pdf_font_load(pd_pdf_font *f, HPDF_Doc pdf, pd_diags *d);

/* The libharu font after a successful pd_pdf_font_load; NULL before. */
HPDF_Font pd_pdf_font_handle(const pd_pdf_font *f);

/* Replaces the font's ToUnicode CMap with a correct one (and names the CIDFont's character
 * collection "Identity", not libharu's "Identity-H"). Call once after all text is drawn and
 * before saving. Does nothing for a font that was never loaded. Returns 0, or -1 with an error
 * when libharu fails. */
int pd_pdf_font_finish(pd_pdf_font *f, pd_diags *d);

/* Writes to out a ToUnicode CMap (ISO 32000-1 9.10.3) for 2-byte codes that equal their
 * Unicode values, mapping every code whose bit is set in used (65536 bits, bit c at
 * used[c >> 3] & (1 << (c & 7))). Consecutive codes become bfrange rows that never cross a
 * 256-code boundary; at most 100 rows per block. Exposed for unit tests. */
void pd_pdf_tounicode_cmap(const unsigned char *used, pd_buf *out);

#endif
