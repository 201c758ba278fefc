#ifndef POLIDOC_HYPHENATE_H
#define POLIDOC_HYPHENATE_H

/* Norwegian hyphenation for the line breaker, through libhyphen and Debian's hyphen-no patterns
 * (hyph_nb_NO.dic, hyph_nn_NO.dic, compiled in at build time: hyphen_data.h). Conservative on
 * purpose: a word is only hyphenated when it has at least 6 letters and nothing but letters (no
 * digits, URLs, code, e-mail addresses); at least 2 letters stay before a break and 3 after; breaks
 * that would change the spelling (libhyphen's non-standard "ss=s" rules) are never used, so
 * rejoining the halves always gives back the word as written.
 *
 * A pd_hyphenator is immutable after loading and may be shared between threads. */

#include "diag.h"
#include <stddef.h>

typedef struct pd_hyphenator pd_hyphenator;

/* Loads the patterns for a BCP 47 language tag: nb/no (Bokmål) and nn (Nynorsk). For a language
 * without patterns (Northern Sámi, English …) returns 0 with *out NULL: text is then not
 * hyphenated, which is always safe. Returns -1 with an error only when the built-in patterns are
 * damaged. */
int pd_hyphenator_new(const char *lang, pd_hyphenator **out, pd_diags *d);
void pd_hyphenator_free(pd_hyphenator *h);

/* The hyphenators of a whole build: each language's patterns are rebuilt on first use and shared by
 * every document and thread until the build ends. */
typedef struct pd_hyphenator_cache pd_hyphenator_cache;
pd_hyphenator_cache *pd_hyphenator_cache_new(void);
void pd_hyphenator_cache_free(pd_hyphenator_cache *c);
/* As pd_hyphenator_new, but *out is owned by the cache. Thread-safe. */
int pd_hyphenator_cache_get(pd_hyphenator_cache *c, const char *lang, const pd_hyphenator **out,
                            pd_diags *d);

/* Finds where the UTF-8 word s[0..n) may be hyphenated. Writes up to max byte offsets (each the
 * length of the part before a "-") in ascending order to breaks and returns how many. Leading
 * and trailing punctuation (« » ( ) . , : ; ! ? " ') is allowed and never split. h may be NULL
 * (no hyphenation). */
size_t pd_hyphenate(const pd_hyphenator *h, const char *s, size_t n, size_t *breaks, size_t max);

#endif
