#ifndef POLIDOC_DECODE_H
#define POLIDOC_DECODE_H

/* Decoding a source file's bytes into the UTF-8 text every later stage works on.
 * UTF-8 (BOM stripped), UTF-16/32 with BOM, or a declared legacy encoding are converted with
 * iconv; the result is valid UTF-8 in Unicode NFC with LF line ends and no NUL bytes. */

#include "diag.h"
#include <stddef.h>

/* Decodes bytes[0..len) read from path. input_encoding is an iconv charset name, or NULL for
 * "UTF-8 unless a BOM says otherwise". On success returns 0 and sets *out (caller frees,
 * NUL-terminated) and *out_len. On failure returns -1 with an error naming path, line, column
 * and byte offset (invalid UTF-8, NUL byte, empty file, unknown or failing encoding). */
int pd_decode(const char *path, const unsigned char *bytes, size_t len, const char *input_encoding,
              char **out, size_t *out_len, pd_diags *d);

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..n), or n if valid. */
size_t pd_utf8_invalid_offset(const unsigned char *s, size_t n);

/* Computes the 1-based line and character column of byte offset off in text. */
void pd_text_position(const char *text, size_t off, int *line, int *column);

#endif
