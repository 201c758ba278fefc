#include "normalize_model.h"

#include <string.h>

int pd_ocr_model_open(const void *blob, size_t len, pd_ocr_model *m)
{
    memset(m, 0, sizeof *m);
    const pd_ocr_header *h = blob;
    if (!blob || len < sizeof *h || memcmp(h->magic, PD_OCR_MAGIC, 8) != 0)
        return -1;
    if (h->edges_off + (uint64_t)h->n_edges * sizeof(pd_lex_edge) > len ||
        h->uni_off + (uint64_t)h->uni_slots * sizeof(pd_uni_slot) > len ||
        h->bi_off + (uint64_t)h->bi_slots * sizeof(pd_bi_slot) > len ||
        h->strings_off + (uint64_t)h->strings_len > len || h->strings_len == 0 ||
        (h->uni_slots & (h->uni_slots - 1)) || (h->bi_slots & (h->bi_slots - 1)) ||
        h->uni_slots == 0 || h->bi_slots == 0 ||
        (h->root != PD_LEX_NONE && h->root >= h->n_edges) ||
        h->char_off + (uint64_t)h->char_slots * sizeof(pd_char_slot) > len || h->char_slots == 0 ||
        (h->char_slots & (h->char_slots - 1)) || h->eng_off + h->eng_n * sizeof(uint64_t) > len ||
        h->eng_off % 8)
        return -1;
    const char *base = blob;
    m->edges = (const pd_lex_edge *)(base + h->edges_off);
    m->n_edges = h->n_edges;
    m->root = h->root;
    m->uni = (const pd_uni_slot *)(base + h->uni_off);
    m->uni_mask = h->uni_slots - 1;
    m->bi = (const pd_bi_slot *)(base + h->bi_off);
    m->bi_mask = h->bi_slots - 1;
    m->strings = base + h->strings_off;
    m->uni_total = (double)h->uni_total;
    m->verb_total = (double)h->verb_total;
    m->pres_total = (double)h->pres_total;
    m->noun_total = (double)h->noun_total;
    m->fin_total = (double)h->fin_total;
    m->bi_types = (double)h->bi_types;
    m->hyph_total = (double)h->hyph_total;
    m->uni_types = h->uni_types;
    m->lex_words = h->lex_words;
    m->chars = (const pd_char_slot *)(base + h->char_off);
    m->char_mask = h->char_slots - 1;
    m->char_floor = h->char_floor;
    m->eng = (const uint64_t *)(base + h->eng_off);
    m->eng_n = (size_t)h->eng_n;
    m->att_words = h->att_words;
    return 0;
}

int pd_eng_word(const pd_ocr_model *m, const uint32_t *obs, size_t n)
{
    char s[64];
    if (n == 0 || n > sizeof s || !m->eng_n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = obs[i] >= 'A' && obs[i] <= 'Z' ? obs[i] + 32 : obs[i];
        if (c < 'a' || c > 'z')
            return 0;
        s[i] = (char)c;
    }
    uint64_t h = pd_eng_hash(s, n);
    size_t lo = 0, hi = m->eng_n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->eng[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->eng_n && m->eng[lo] == h;
}

uint32_t pd_lex_step(const pd_ocr_model *m, uint32_t state, unsigned code, unsigned *flags, int *ok)
{
    *ok = 0;
    *flags = 0;
    if (state == PD_LEX_NONE)
        return PD_LEX_NONE;
    for (const pd_lex_edge *e = m->edges + state;; e++) {
        if (e->code == code) {
            *ok = 1;
            *flags = pd_lex_edge_flags(e);
            return e->target;
        }
        /* edges are sorted by code */
        if (e->code > code || e->last)
            return PD_LEX_NONE;
    }
}

unsigned pd_lex_lookup(const pd_ocr_model *m, const unsigned char *codes, size_t n)
{
    uint32_t s = m->root;
    unsigned flags = 0;
    for (size_t i = 0; i < n; i++) {
        int ok;
        s = pd_lex_step(m, s, codes[i], &flags, &ok);
        if (!ok)
            return 0;
    }
    return n ? flags : 0;
}

uint32_t pd_lm_id(const pd_ocr_model *m, const unsigned char *codes, size_t n)
{
    uint32_t h = pd_ocr_hash(codes, n);
    for (uint32_t i = h & m->uni_mask;; i = (i + 1) & m->uni_mask) {
        const pd_uni_slot *s = &m->uni[i];
        if (!s->str)
            return 0;
        const char *k = m->strings + s->str;
        if (strncmp(k, (const char *)codes, n) == 0 && k[n] == '\0')
            return i + 1;
    }
}

/* The unigram fields of a word: 0 for id 0, a word the model has not seen. */
#define S_WORD_FIELD(name, field)                                                                  \
    uint32_t name(const pd_ocr_model *m, uint32_t id)                                              \
    {                                                                                              \
        return id ? m->uni[id - 1].field : 0;                                                      \
    }

S_WORD_FIELD(pd_lm_count, count)
S_WORD_FIELD(pd_lm_followers, followers)
S_WORD_FIELD(pd_lm_preceders, preceders)
S_WORD_FIELD(pd_lm_hyph_next, hyph_next)
S_WORD_FIELD(pd_lm_hyph_prev, hyph_prev)
S_WORD_FIELD(pd_lm_verb_next, verb_next)
S_WORD_FIELD(pd_lm_pres_next, pres_next)
S_WORD_FIELD(pd_lm_noun_next, noun_next)
S_WORD_FIELD(pd_lm_fin_next, fin_next)
S_WORD_FIELD(pd_lm_next2, next2)
S_WORD_FIELD(pd_lm_pres_next2, pres_next2)
S_WORD_FIELD(pd_lm_lower, lower)
S_WORD_FIELD(pd_lm_cap_mid, cap_mid)

uint32_t pd_lm_bigram(const pd_ocr_model *m, uint32_t a, uint32_t b)
{
    if (!a || !b)
        return 0;
    for (uint32_t i = pd_ocr_hash2(a, b) & m->bi_mask;; i = (i + 1) & m->bi_mask) {
        const pd_bi_slot *s = &m->bi[i];
        if (!s->a)
            return 0;
        if (s->a == a && s->b == b)
            return s->count;
    }
}

uint32_t pd_lm_boundary(const pd_ocr_model *m)
{
    static const unsigned char b = PD_CODE_BOUNDARY;
    return pd_lm_id(m, &b, 1);
}

static unsigned S_char_symbol(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        cp += 32;
    unsigned c = pd_lex_code(cp);
    return c ? c : PD_CHAR_OTHER;
}

double pd_char_logp(const pd_ocr_model *m, const uint32_t *cps, size_t n, size_t *symbols)
{
    unsigned char sym[256];
    if (n > sizeof sym)
        n = sizeof sym;
    for (size_t i = 0; i < n; i++)
        sym[i] = (unsigned char)S_char_symbol(cps[i]);
    *symbols = n + 1;
    return pd_char_score(m->chars, m->char_mask, m->char_floor, sym, n);
}
