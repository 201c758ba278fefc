#ifndef POLIDOC_PDF_OBJ_H
#define POLIDOC_PDF_OBJ_H

/* Small helpers over libharu's object layer (hpdf_objects.h), shared by the PDF modules
 * (pdf_font.c, pdf_tags.c, pdf_meta.c, pdf_emit.c): text strings in the encodings PDF readers
 * understand, indirect dictionaries, streams holding bytes of our own, and libharu's error state
 * turned into a polidoc diagnostic.
 *
 * Every object returned belongs to the libharu document and is freed with it (HPDF_Free). The
 * functions return NULL only when libharu failed (out of memory); libharu then holds the error,
 * which pd_pdf_check reports. */

#include "diag.h"
#include <hpdf.h>
#include <stddef.h>

/* A PDF text string (ISO 32000-1 7.9.2.2) for the UTF-8 string s: a literal string when s is
 * printable ASCII, otherwise UTF-16BE with a byte order mark, written as a hex string. Malformed
 * UTF-8 becomes U+FFFD. Returns an HPDF_String or HPDF_Binary (both usable as dictionary
 * values), or NULL. */
void *pd_pdf_text_string(HPDF_Doc pdf, const char *s);

/* A byte string (written as hex) holding data[0..len), or NULL. */
HPDF_Binary pd_pdf_bytes(HPDF_Doc pdf, const void *data, size_t len);

/* A new empty dictionary registered as an indirect object, so that other objects can refer to it
 * (structure elements, annotations' targets). Returns NULL on failure. */
HPDF_Dict pd_pdf_indirect_dict(HPDF_Doc pdf);

/* A new indirect stream object holding data[0..len), Flate-compressed when compress. Returns
 * NULL on failure. */
HPDF_Dict pd_pdf_stream(HPDF_Doc pdf, const void *data, size_t len, int compress);

/* An array of four reals [a b c d] (rectangles, bounding boxes), or NULL. */
HPDF_Array pd_pdf_real_array4(HPDF_Doc pdf, double a, double b, double c, double d);

/* Returns 0 when libharu reports no error for pdf; otherwise adds an error "file: PDF: what
 * (libharu error 0x…, detail …)" to d, resets libharu's error state and returns -1. */
int pd_pdf_check(HPDF_Doc pdf, const char *file, const char *what, pd_diags *d);

#endif
