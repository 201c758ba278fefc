#ifndef POLIDOC_HYPHEN_DATA_H
#define POLIDOC_HYPHEN_DATA_H

/* hyphen-no's Bokmål and Nynorsk patterns, loaded by libhyphen at build time and linked in (see
 * hyphen_blob.h for why). */

#include <hyphen.h>
#include <stddef.h>

enum { PD_HYPHEN_NB = 1, PD_HYPHEN_NN = 2 };

/* libhyphen's automaton for PD_HYPHEN_NB or PD_HYPHEN_NN, rebuilt from the linked-in patterns;
 * NULL for another value. Free it with pd_hyphen_dict_free, never hnj_hyphen_free. */
HyphenDict *pd_hyphen_dict_open(int which);

/* The same from a blob written by mkhyphen; NULL when the blob is malformed. */
HyphenDict *pd_hyphen_dict_from_blob(const void *blob, size_t size);

void pd_hyphen_dict_free(HyphenDict *dict);

#endif
