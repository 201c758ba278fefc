#ifndef POLIDOC_HYPHEN_BLOB_H
#define POLIDOC_HYPHEN_BLOB_H

/* libhyphen's pattern automaton, serialised. hnj_hyphen_load() parses and hashes the 27,000
 * text patterns of hyph_nb_NO.dic on every start (about 35 ms, more than an EPUB of a whole
 * document takes), so src/tools/mkhyphen.c runs the loader once at build time and writes the
 * resulting HyphenDict chain in this form; hyphen_data.c links it in and rebuilds the same
 * structures from it in well under a millisecond. libhyphen itself still does all hyphenation.
 *
 * Layout (native byte order; built and read on the same machine):
 *   header   magic[8], u32 levels, u32 states, u32 trans, u32 string bytes
 *   levels   pd_hyphen_level_rec × levels
 *   states   pd_hyphen_state_rec × states (each level's states in turn)
 *   trans    pd_hyphen_trans_rec × trans
 *   strings  NUL-terminated strings; offsets into this area, PD_HYPHEN_NONE for NULL */

#include <stdint.h>

#define PD_HYPHEN_MAGIC "PDHYPH01"
#define PD_HYPHEN_NONE UINT32_MAX

typedef struct {
    char magic[8];
    uint32_t levels, states, trans, string_bytes;
} pd_hyphen_header;

typedef struct {
    int32_t lhmin, rhmin, clhmin, crhmin;
    uint32_t nohyphen; /* string offset */
    int32_t nohyphenl, num_states, utf8;
    char cset[20]; /* MAX_NAME in hyphen.h */
} pd_hyphen_level_rec;

typedef struct {
    uint32_t match, repl; /* string offsets */
    int32_t replindex, replcut, fallback_state, num_trans;
    uint32_t first_trans; /* index into the trans area */
} pd_hyphen_state_rec;

typedef struct {
    int32_t ch, new_state;
} pd_hyphen_trans_rec;

#endif
