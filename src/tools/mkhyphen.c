/* Build-time tool: loads a hyphen pattern file with libhyphen and writes the loaded automaton in
 * the form src/hyphen_blob.h describes, so polidoc starts without parsing the patterns.
 *
 *   mkhyphen PATTERNS.dic OUTPUT.bin */

#include "../hyphen_blob.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len, cap;
} S_strings;

static uint32_t S_intern(S_strings *s, const char *str)
{
    if (!str)
        return PD_HYPHEN_NONE;
    size_t n = strlen(str) + 1;
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->data = realloc(s->data, s->cap);
        if (!s->data) {
            perror("mkhyphen");
            exit(1);
        }
    }
    memcpy(s->data + s->len, str, n);
    s->len += n;
    return (uint32_t)(s->len - n);
}

static void S_write(FILE *f, const void *p, size_t size, size_t count)
{
    if (count && fwrite(p, size, count, f) != count) {
        perror("mkhyphen: write");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkhyphen PATTERNS.dic OUTPUT.bin\n");
        return 2;
    }
    HyphenDict *dict = hnj_hyphen_load(argv[1]);
    if (!dict) {
        fprintf(stderr, "mkhyphen: cannot load %s\n", argv[1]);
        return 1;
    }
    pd_hyphen_header h = {.magic = PD_HYPHEN_MAGIC};
    for (HyphenDict *d = dict; d; d = d->nextlevel) {
        h.levels++;
        h.states += (uint32_t)d->num_states;
        for (int i = 0; i < d->num_states; i++)
            h.trans += (uint32_t)d->states[i].num_trans;
    }
    pd_hyphen_level_rec *levels = calloc(h.levels, sizeof *levels);
    pd_hyphen_state_rec *states = calloc(h.states, sizeof *states);
    pd_hyphen_trans_rec *trans = calloc(h.trans ? h.trans : 1, sizeof *trans);
    S_strings strings = {0};
    if (!levels || !states || !trans) {
        perror("mkhyphen");
        return 1;
    }
    uint32_t li = 0, si = 0, ti = 0;
    for (HyphenDict *d = dict; d; d = d->nextlevel, li++) {
        pd_hyphen_level_rec *l = &levels[li];
        l->lhmin = d->lhmin, l->rhmin = d->rhmin, l->clhmin = d->clhmin, l->crhmin = d->crhmin;
        l->nohyphen = S_intern(&strings, d->nohyphen);
        l->nohyphenl = d->nohyphenl, l->num_states = d->num_states, l->utf8 = d->utf8;
        memcpy(l->cset, d->cset, sizeof l->cset);
        for (int i = 0; i < d->num_states; i++, si++) {
            const HyphenState *st = &d->states[i];
            states[si] = (pd_hyphen_state_rec){
                .match = S_intern(&strings, st->match),
                .repl = S_intern(&strings, st->repl),
                .replindex = st->replindex,
                .replcut = st->replcut,
                .fallback_state = st->fallback_state,
                .num_trans = st->num_trans,
                .first_trans = ti,
            };
            for (int t = 0; t < st->num_trans; t++, ti++)
                trans[ti] = (pd_hyphen_trans_rec){st->trans[t].ch, st->trans[t].new_state};
        }
    }
    h.string_bytes = (uint32_t)strings.len;
    FILE *f = fopen(argv[2], "wb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    S_write(f, &h, sizeof h, 1);
    S_write(f, levels, sizeof *levels, h.levels);
    S_write(f, states, sizeof *states, h.states);
    S_write(f, trans, sizeof *trans, h.trans);
    S_write(f, strings.data, 1, strings.len);
    if (fclose(f)) {
        perror(argv[2]);
        return 1;
    }
    fprintf(stderr, "mkhyphen: %s: %u levels, %u states, %u transitions, %u string bytes\n",
            argv[2], h.levels, h.states, h.trans, h.string_bytes);
    hnj_hyphen_free(dict);
    free(levels), free(states), free(trans), free(strings.data);
    return 0;
}
