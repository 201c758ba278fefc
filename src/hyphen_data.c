/* The compiled hyphenation patterns (src/tools/mkhyphen.c, see the Makefile) linked in as
 * read-only data, and their rebuilding into libhyphen's own structures. PD_HYPHEN_BLOB_DIR is
 * the build directory that holds hyph-nb.bin and hyph-nn.bin. */

#include "hyphen_data.h"
#include "embed.h"
#include "hyphen_blob.h"
#include "util.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef PD_HYPHEN_BLOB_DIR
#define PD_HYPHEN_BLOB_DIR "build"
#endif

PD_EMBED(pd_hyphen_blob_nb, PD_HYPHEN_BLOB_DIR, "hyph-nb.bin");
PD_EMBED(pd_hyphen_blob_nn, PD_HYPHEN_BLOB_DIR, "hyph-nn.bin");

HyphenDict *pd_hyphen_dict_open(int which)
{
    if (which == PD_HYPHEN_NB)
        return pd_hyphen_dict_from_blob(pd_hyphen_blob_nb,
                                        (size_t)(pd_hyphen_blob_nb_end - pd_hyphen_blob_nb));
    if (which == PD_HYPHEN_NN)
        return pd_hyphen_dict_from_blob(pd_hyphen_blob_nn,
                                        (size_t)(pd_hyphen_blob_nn_end - pd_hyphen_blob_nn));
    return NULL;
}

static size_t S_round_up(size_t n, size_t a)
{
    return (n + a - 1) / a * a;
}

/* The string at offset off, or NULL; *ok is cleared when off is out of range. */
static char *S_string(char *strings, uint32_t size, uint32_t off, int *ok)
{
    if (off == PD_HYPHEN_NONE)
        return NULL;
    if (off >= size) {
        *ok = 0;
        return NULL;
    }
    return strings + off;
}

HyphenDict *pd_hyphen_dict_from_blob(const void *blob, size_t size)
{
    pd_hyphen_header h;
    if (size < sizeof h)
        return NULL;
    memcpy(&h, blob, sizeof h);
    if (memcmp(h.magic, PD_HYPHEN_MAGIC, sizeof h.magic) || h.levels == 0)
        return NULL;
    const char *p = (const char *)blob + sizeof h;
    const pd_hyphen_level_rec *lrec = (const void *)p;
    const pd_hyphen_state_rec *srec = (const void *)(p += h.levels * sizeof *lrec);
    const pd_hyphen_trans_rec *trec = (const void *)(p += h.states * sizeof *srec);
    const char *strings = (p += h.trans * sizeof *trec);
    if ((size_t)(strings - (const char *)blob) + h.string_bytes != size || h.string_bytes == 0 ||
        strings[h.string_bytes - 1] != '\0')
        return NULL;

    /* One block, so pd_hyphen_dict_free is one free(): dicts, states, transitions, strings. */
    size_t o_states = S_round_up(h.levels * sizeof(HyphenDict), alignof(HyphenState));
    size_t o_trans = S_round_up(o_states + h.states * sizeof(HyphenState), alignof(HyphenTrans));
    size_t o_strings = o_trans + h.trans * sizeof(HyphenTrans);
    char *mem = pd_xcalloc(1, o_strings + h.string_bytes);
    HyphenDict *dicts = (HyphenDict *)mem;
    HyphenState *states = (HyphenState *)(mem + o_states);
    HyphenTrans *trans = (HyphenTrans *)(mem + o_trans);
    char *str = memcpy(mem + o_strings, strings, h.string_bytes);
    for (uint32_t t = 0; t < h.trans; t++)
        trans[t] = (HyphenTrans){.ch = (char)trec[t].ch, .new_state = trec[t].new_state};

    int ok = 1;
    uint32_t si = 0;
    for (uint32_t l = 0; l < h.levels && ok; l++) {
        HyphenDict *d = &dicts[l];
        d->lhmin = (char)lrec[l].lhmin, d->rhmin = (char)lrec[l].rhmin;
        d->clhmin = (char)lrec[l].clhmin, d->crhmin = (char)lrec[l].crhmin;
        d->nohyphen = S_string(str, h.string_bytes, lrec[l].nohyphen, &ok);
        d->nohyphenl = lrec[l].nohyphenl;
        d->utf8 = lrec[l].utf8;
        memcpy(d->cset, lrec[l].cset, sizeof d->cset);
        d->cset[sizeof d->cset - 1] = '\0';
        d->num_states = lrec[l].num_states;
        if (d->num_states < 0 || (uint32_t)d->num_states > h.states - si) {
            ok = 0;
            break;
        }
        d->states = &states[si];
        d->nextlevel = l + 1 < h.levels ? &dicts[l + 1] : NULL;
        for (int i = 0; i < d->num_states && ok; i++, si++) {
            const pd_hyphen_state_rec *r = &srec[si];
            HyphenState *s = &states[si];
            s->match = S_string(str, h.string_bytes, r->match, &ok);
            s->repl = S_string(str, h.string_bytes, r->repl, &ok);
            s->replindex = (signed char)r->replindex;
            s->replcut = (signed char)r->replcut;
            s->fallback_state = r->fallback_state;
            s->num_trans = r->num_trans;
            if (r->num_trans < 0 || r->first_trans > h.trans ||
                (uint32_t)r->num_trans > h.trans - r->first_trans ||
                r->fallback_state >= d->num_states) {
                ok = 0;
                break;
            }
            s->trans = r->num_trans ? &trans[r->first_trans] : NULL;
            for (int t = 0; t < r->num_trans; t++)
                if (s->trans[t].new_state < 0 || s->trans[t].new_state >= d->num_states)
                    ok = 0;
        }
    }
    if (!ok || si != h.states) {
        free(mem);
        return NULL;
    }
    return dicts;
}

void pd_hyphen_dict_free(HyphenDict *dict)
{
    free(dict);
}
