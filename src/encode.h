#ifndef POLIDOC_ENCODE_H
#define POLIDOC_ENCODE_H

/* Converting the UTF-8 text edition into the encoding a receiving system needs, with iconv.
 * Nothing is replaced silently: a character the target cannot hold is an error, unless the
 * caller asks for transliteration (Norwegian conventions first: æ→ae, ø→oe, å→aa). */

#include "diag.h"
#include <stddef.h>

typedef struct {
    const char *charset; /* iconv name; NULL or "UTF-8" = no conversion */
    int translit;
    const char *path;   /* the output, for messages */
    const char *source; /* the source file and its text, to point at the first occurrence */
    const char *source_text;
} pd_encode_options;

/* Converts in[0..len) (UTF-8). Returns 0 with *out (caller frees) and *out_len, or -1 with an
 * error naming the character, its U+ code, and where it first occurs. */
int pd_encode(const char *in, size_t len, const pd_encode_options *opt, char **out, size_t *out_len,
              pd_diags *d);

/* Replaces every LF by CR LF. Caller frees the result. */
char *pd_crlf(const char *in, size_t len, size_t *out_len);

#endif
