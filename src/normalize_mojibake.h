#ifndef POLIDOC_NORMALIZE_MOJIBAKE_H
#define POLIDOC_NORMALIZE_MOJIBAKE_H

/* Mojibake: UTF-8 text that was once decoded as Windows-1252 or Latin-1 ("RingkjÃ¸bing",
 * "Ã¥", "Ã†", "â€“"). The damage is deterministic and reversible: encode the suspect
 * characters back to the bytes they came from and decode those as UTF-8. Only sequences that
 * form valid multi-byte UTF-8 are touched, so real Latin-1 letters ("Ærlig", "Ø") stay. */

#include "util.h"

#include <stddef.h>

/* Repairs mojibake in s[0..n) (valid UTF-8), up to three layers deep. Returns 1 and writes the
 * repaired text to out (appended) when something was repaired, 0 (out untouched) when not. */
int pd_mojibake_repair(const char *s, size_t n, pd_buf *out);

#endif
