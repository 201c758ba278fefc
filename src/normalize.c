#include "normalize.h"
#include "decode.h"
#include "normalize_candidates.h"
#include "normalize_model.h"
#include "normalize_mojibake.h"
#include "normalize_scan.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How the decision is weighed. Probabilities are written as counts in the clean text (N
 * tokens): a lexicon word never seen there is as likely as one seen U_LEX times, and so on. */
#define U_LEX 0.3         /* a lexicon word not in the clean text */
#define U_COMPOUND 0.1    /* a compound of lexicon words */
#define U_INVALID 0.003   /* keeping a word the lexicon does not know */
#define U_GLUED 1e-6      /* keeping two words glued by . or , ("vakt.eller") */
#define U_NUMBER 4.0      /* keeping a lone digit that may be an å */
#define KEEP_BONUS 0.5    /* nats: a valid word gives way only to a clearly likelier partner */
#define NAME_BONUS 3.0    /* nats: a capitalised unknown word inside a sentence is likely a name */
#define WB_K 2.0          /* bigram weight: lambda = c(v) / (c(v) + WB_K * followers(v)) */
#define SKIP_W 1.0        /* weight of the evidence of a present tense two words on (S_skip) */
#define VERB_A 10.0       /* weight of the overall share of infinitives in P(infinitive | v) */
#define FIN_A 100.0       /* the same for the finite verbs of no other class */
#define PRON_A 10.0       /* the same for subject pronouns after v (S_pronoun_factor) */
#define HEAD_EXP 1.0      /* an unseen compound's weight grows as (1 + c(head))^HEAD_EXP */
#define MOD_EXP 0.5       /* and as (1 + c(first part))^MOD_EXP against the token's others */
#define FAMILY_EXP 0.5    /* an unseen word's as (1 + c(longest word it begins with))^FAMILY_EXP */
#define FAMILY_MIN 4      /* letters that word must have at least */
#define ALT_MAX_COST 9.0f /* channel cost beyond which a candidate is not worth weighing */
#define PARTNER_MAX_COST 4.0f /* the same, for partners of a valid word */
#define CACHE_COUNT 100.0     /* a confident repair elsewhere in the document counts this much */
#define CACHE_MIN_CONF 0.9    /* how sure a repair must be to teach the rest of the document */
#define COST_HYPHEN_SPACE 7.0 /* nats: a space the OCR read as a hyphen ("med-omstilling") */
#define EDIT_CONTEXT_MAX 2.0  /* nats: the most a context is taken to add to an edit's word */
#define HYPH_A 10.0           /* weight of the overall share of hyphen joints in P(hyphen | v) */
#define CHAR_T 8.0            /* nats: how much more Norwegian a repair may look for free */
#define CHAR_W 0.2            /* weight of the character model beyond that */
#define CHAR_LO (-3.0)        /* nats: the most it may lower keeping an unknown word */
/* The nb model marks the lexicon words that tesseract-ocr-nor's list of forms from real text has
 * (PD_LEX_ATTESTED). A valid word as read that the list lacks is a rare or nonce form hunspell
 * happens to accept far more often than a common word ("overforte", "akende", "nadd"), so it
 * holds out less against an æ/ø/å partner; one the list has keeps U_LEX ("formal", "baker").
 * The same holds for the partner of a valid word ("mates" stays, not "måtes"). 0.05 rather
 * than 0.1: on the UI-text split (uidev) +9 words ("innfort", "foringen"), dev-nd +1, handbook +2
 * with 2 more false corrections, the clean text the same. */
#define U_LEX_UNATTESTED 0.05
/* And a repair of an unknown word as read is likelier when the list has it: U_LEX_ATTESTED for
 * one of ATTESTED_MIN letters or more. Not for short ones, which compete with commands, file
 * names and abbreviations the OCR did not damage ("ls", "dev", "meta-data"). */
#define U_LEX_ATTESTED 3.0
#define ATTESTED_MIN 6
/* How often the OCR reads a small letter that begins a word as its look-alike capital ("Skal",
 * "Kommunen"): 15 of some 13 400 such words inside sentences of the dev and handbook splits. */
#define CASE_OCR_RATE 1e-3
/* How often it loses the full stop between two sentences (read as a comma, or gone in noise):
 * some 4 of the 1 185 sentence starts of the handbook split are read as a capital inside a
 * sentence. */
#define CASE_STOP_RATE 3e-3
/* The same at a line end, where a list item without a stop ends now and then; a heading too,
 * but S_case_line weighs a line start only after a full line, which a heading seldom is
 * (0.1 left "deres / Offisielle nettside" as read on the handbook split). */
#define CASE_LINE_STOP_RATE 0.03
/* weight of the overall share of sentence ends and starts against a word's own (S_case_small) */
#define CASE_STOP_A 2.0
/* The share of name uses of a word the dictionary has in small letters, a priori: a name taken
 * from a common word takes its base form ("Perl", "Stabil"), seldom an inflected one
 * ("kommunen", "offisielle"); and a word the dictionary has capitalised too is a name often. */
#define CASE_NAME_PRIOR 1e-4
#define CASE_NAME_STEM 5e-3
#define CASE_NAME_DICT 0.5
/* weight of those priors against the clean text's counts: words of the clean text seen 20
 * times or more with a stem flag have a name share of mean 0.006 and variance 0.002, a beta of
 * concentration 1.8; 4 kept "Kommunikasjon" (13 times in small letters, never capitalised) a
 * name */
#define CASE_PRIOR_W 2.0
#define CASE_LINE_FULL 0.7  /* a line this share of the longest runs on into the next */
#define CASE_REPORT_MIN 0.2 /* a case change less likely than this is not even reviewed */

/* The subject pronouns: a word that one follows begins a clause ("før du", "når vi") or is a
 * finite verb before its subject ("spør jeg"), seldom a preposition ("for") or a noun; a class
 * of the words after a word, as the verb, present tense and noun classes are (S_lp_compute). */
#define PRON_N 8
static const char *const S_pronouns[PRON_N] = {"jeg", "du",   "han", "hun",
                                               "vi",  "dere", "de",  "man"};

struct pd_normalizer {
    pd_ocr_model m;
    double min_confidence;
    int markdown;
    uint32_t boundary;
    double u_lex, u_lex_unattested, u_lex_attested, u_compound, u_invalid, u_number, keep_bonus,
        name_bonus, wb_k, head_exp, family_exp;
    double cache_count, cache_min_conf, u_glued, verb_a, skip_w;
    double char_t, char_w, char_lo;
    uint32_t pron[PRON_N]; /* the clean text's ids of the subject pronouns (0: unseen) */
    double pron_total;     /* their tokens */
};

static void S_pronoun_ids(pd_normalizer *nz)
{
    for (size_t i = 0; i < PRON_N; i++) {
        unsigned char codes[8];
        size_t n = 0;
        for (const char *c = S_pronouns[i]; *c; c++)
            codes[n++] = (unsigned char)pd_lex_code((unsigned char)*c);
        nz->pron[i] = pd_lm_id(&nz->m, codes, n);
        nz->pron_total += pd_lm_count(&nz->m, nz->pron[i]);
    }
}

pd_normalizer *pd_normalizer_new(const pd_normalize_options *opt, pd_diags *d)
{
    const char *lang = opt && opt->lang ? opt->lang : "nb";
    pd_normalizer *nz = pd_xcalloc(1, sizeof *nz);
    if (pd_ocr_model_get(lang, &nz->m) < 0) {
        free(nz);
        pd_error(d, NULL, 0, 0, "normalize: no OCR repair model for language '%s' (nb or nn)",
                 lang);
        return NULL;
    }
    nz->min_confidence = opt ? opt->min_confidence : PD_NORMALIZE_DEFAULT_CONFIDENCE;
    nz->markdown = opt ? opt->markdown : 0;
    nz->boundary = pd_lm_boundary(&nz->m);
    nz->u_lex = U_LEX;
    nz->u_compound = U_COMPOUND;
    nz->u_lex_unattested = U_LEX_UNATTESTED;
    nz->u_lex_attested = U_LEX_ATTESTED;
    nz->u_invalid = U_INVALID;
    nz->u_number = U_NUMBER;
    nz->keep_bonus = KEEP_BONUS;
    nz->name_bonus = NAME_BONUS;
    nz->wb_k = WB_K;
    nz->head_exp = HEAD_EXP;
    nz->family_exp = FAMILY_EXP;
    nz->u_glued = U_GLUED;
    nz->verb_a = VERB_A;
    nz->skip_w = SKIP_W;
    nz->cache_count = CACHE_COUNT;
    nz->cache_min_conf = CACHE_MIN_CONF;
    nz->char_t = CHAR_T;
    nz->char_w = CHAR_W;
    nz->char_lo = CHAR_LO;
    S_pronoun_ids(nz);
    return nz;
}

void pd_normalizer_free(pd_normalizer *nz)
{
    free(nz);
}

/* ------------------------------------------------------------ analyses */

enum {
    K_KEEP_WORD,     /* as read, a lexicon word */
    K_KEEP_COMPOUND, /* as read, a compound of lexicon words */
    K_KEEP_INVALID,  /* as read, unknown */
    K_KEEP_NUMBER,   /* as read, a lone digit */
    K_ALT,           /* a repair */
};

typedef struct {
    uint32_t codes; /* arena offset: n codes, then n casings */
    uint8_t n;
    uint8_t kind;
    uint16_t rules;
    float cost;    /* channel cost and context-free preferences, in nats */
    float inner;   /* log P(second | first) inside a split */
    float p_first; /* unigram probabilities of the first and last word */
    float p_last;
    uint32_t id_first, id_last;
    unsigned flags;       /* PD_LEX_* of the (last) word */
    unsigned first_flags; /* PD_LEX_* of the first word */
    uint8_t redo;    /* the document's cache or OCR (S_channel_adapt) changed it: decide again */
    uint8_t english; /* the word as read (the first candidate) is in the English list */
    uint8_t head;    /* where an unseen compound's last part begins (0 otherwise) */
    uint8_t n_reads; /* its æ/ø/å readings (pd_cand.reads) */
    uint8_t reads[PD_CAND_READS];
    float mod_w; /* an unseen compound's weight for its first part (0 otherwise) */
} ncand;

typedef struct {
    uint32_t key, key_len, hash;
    uint32_t first; /* first candidate in cands */
    uint16_t n;
    uint8_t used;
} centry;

typedef struct {
    const pd_normalizer *nz;
    pd_buf arena;
    ncand *cands;
    size_t n_cands, cap_cands;
    centry *cache;
    size_t cache_cap, cache_n;
    struct lp_memo *lp; /* S_lp's recent answers (LP_MEMO of them, direct-mapped) */
    double clean_bonus; /* nats for keeping a valid word, in a text cleaner than OCR's kind */
    int read_unknown;   /* the word S_analyse is at is no lexicon word as read */
} engine;

/* The Viterbi asks for the same transitions over and over (each candidate after each candidate
 * of the word before, in every sentence with the same words); S_lp's answer depends only on its
 * arguments, so the last one for each slot is kept. */
#define LP_MEMO 4096
struct lp_memo {
    uint32_t v, w, flags;
    float p_w; /* 0: empty slot */
    double lp;
};

static double S_p_uni(const engine *E, uint32_t id, double fallback_count)
{
    const pd_ocr_model *m = &E->nz->m;
    double n = m->uni_total > 0 ? m->uni_total : 1;
    uint32_t c = pd_lm_count(m, id);
    return (c ? c : fallback_count) / n;
}

static int S_is_pronoun(const pd_normalizer *nz, uint32_t w)
{
    for (size_t i = 0; i < PRON_N; i++)
        if (nz->pron[i] == w)
            return 1;
    return 0;
}

/* How much likelier a subject pronoun is after v than anywhere, v's own share drawn towards
 * the overall one as the word classes' are (verb_a). */
static double S_pronoun_factor(const engine *E, uint32_t v, double cv)
{
    const pd_ocr_model *m = &E->nz->m;
    double n = m->uni_total, pri = n > 0 ? E->nz->pron_total / n : 0;
    if (pri <= 0 || PRON_A <= 0)
        return 1;
    double after = 0;
    for (size_t i = 0; i < PRON_N; i++)
        if (E->nz->pron[i])
            after += pd_lm_bigram(m, v, E->nz->pron[i]);
    double a = PRON_A;
    return (after + a * pri) / (cv + a) / pri;
}

/* log P(w | v), v = 0 for no context; p_w is w's unigram probability, w_flags its PD_LEX_*. */
static double S_lp_compute(const engine *E, uint32_t v, uint32_t w, double p_w, unsigned w_flags)
{
    const pd_ocr_model *m = &E->nz->m;
    if (w && m->bi_types > 0) {
        /* Kneser-Ney: where the pair says nothing, a word is as likely as the number of
         * different words it follows, not its count. "vare" is frequent only in "ta vare på",
         * so after "til" it must not outweigh "våre", which follows many words. Scaled by
         * tokens per bigram type so that the seen words as a whole keep their share against
         * the unseen ones and the non-words, whose weights are pseudo-counts. */
        double cw = pd_lm_count(m, w), pre = pd_lm_preceders(m, w);
        p_w *= (pre + 1) / (cw + 1) * (m->uni_total / m->bi_types);
    }
    if (!v)
        return log(p_w);
    double cv = pd_lm_count(m, v);
    if (cv <= 0)
        return log(p_w);
    /* A pair never seen falls back on w's class: some words are mostly followed by an
     * infinitive ("å", "må", "skal"), so after them "våge" beats "vage" though neither was
     * seen there; others by a present tense ("det går", not "det gar"); others by a noun
     * ("vår kantine", not "var kantine"); others seldom are. */
    double n = m->uni_total;
    double pri_v = n > 0 ? m->verb_total / n : 0, pri_p = n > 0 ? m->pres_total / n : 0;
    double pri_n = n > 0 ? m->noun_total / n : 0, pri_f = n > 0 ? m->fin_total / n : 0;
    /* a word the lexicon does not know (w_flags 0) may be of any class: no scaling */
    if (w_flags && pri_v > 0 && pri_p > 0 && pri_n > 0 && pri_v + pri_p + pri_n < 1) {
        double a = E->nz->verb_a;
        double pv = (pd_lm_verb_next(m, v) + a * pri_v) / (cv + a);
        double pp = (pd_lm_pres_next(m, v) + a * pri_p) / (cv + a);
        double pn = (pd_lm_noun_next(m, v) + a * pri_n) / (cv + a);
        /* (finite verbs of no other class: "var" after "det", not after "med" or "kan") */
        double pf = pri_f > 0 ? (pd_lm_fin_next(m, v) + FIN_A * pri_f) / (cv + FIN_A) : 0;
        /* (a word of two classes, "vare" an infinitive and a noun, is as likely as the
         * likelier of them makes it: "en vare", "å vare") */
        p_w *= (w_flags & PD_LEX_VERB) && (w_flags & PD_LEX_NOUN) ? fmax(pv / pri_v, pn / pri_n)
               : (w_flags & PD_LEX_VERB)                          ? pv / pri_v
               : (w_flags & PD_LEX_PRES)                          ? pp / pri_p
               : (w_flags & PD_LEX_NOUN)                          ? pn / pri_n
               : (w_flags & PD_LEX_FINITE) && pri_f > 0
                   ? pf / pri_f
                   : (1 - pv - pp - pn) / (1 - pri_v - pri_p - pri_n);
    }
    double cvw = w ? pd_lm_bigram(m, v, w) : 0;
    /* and a subject pronoun after v as often as pronouns follow it: "før han" is as likely
     * as "før du", "for han" as unlikely as "for du" */
    if (w && S_is_pronoun(E->nz, w))
        p_w *= S_pronoun_factor(E, v, cv);
    /* Witten-Bell: a word seen before many different words (å, på) leaves more room for a
     * follower never seen after it than one that is always followed by the same word */
    double types = pd_lm_followers(m, v);
    double lambda = cv / (cv + E->nz->wb_k * (types > 1 ? types : 1));
    return log(lambda * cvw / cv + (1 - lambda) * p_w);
}

/* S_lp_compute through the memo (see struct lp_memo). */
static double S_lp(const engine *E, uint32_t v, uint32_t w, double p_w, unsigned w_flags)
{
    float pf = (float)p_w;
    if (!E->lp || (double)pf != p_w || pf <= 0)
        return S_lp_compute(E, v, w, p_w, w_flags);
    uint32_t bits;
    memcpy(&bits, &pf, sizeof bits);
    uint32_t h = pd_ocr_hash2(v * 31u + w_flags, w ^ bits) & (LP_MEMO - 1);
    struct lp_memo *e = &E->lp[h];
    if (e->p_w == pf && e->v == v && e->w == w && e->flags == w_flags)
        return e->lp;
    double lp = S_lp_compute(E, v, w, p_w, w_flags);
    *e = (struct lp_memo){v, w, w_flags, pf, lp};
    return lp;
}

static int S_upper_cp(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static int S_lower_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

/* The observed word's case: 0 lower, 1 capitalised, 2 capitals, 3 mixed. */
static int S_obs_case(const uint32_t *obs, size_t n)
{
    size_t up = 0, low = 0;
    for (size_t i = 0; i < n; i++) {
        up += S_upper_cp(obs[i]) || obs[i] == '|';
        low += S_lower_cp(obs[i]);
    }
    if (up == 0)
        return 0;
    if (low == 0)
        return up >= 2 ? 2 : 1;
    if (up == 1 && (S_upper_cp(obs[0]) || obs[0] == '|'))
        return 1;
    return up * 10 >= (up + low) * 7 ? 2 : 3;
}

static int S_case_ok(int obs_case, unsigned flags)
{
    switch (obs_case) {
    case 0:
        return (flags & PD_LEX_LOWER) != 0;
    case 1:
        return (flags & (PD_LEX_LOWER | PD_LEX_CAP)) != 0;
    default:
        return 1;
    }
}

static uint32_t S_id_of(const engine *E, const unsigned char *codes, size_t n)
{
    return pd_lm_id(&E->nz->m, codes, n);
}

/* The clean text's id of a compound's first part codes[0..*len), or of it without its linking
 * s or e (then *len is one less); 0 if neither was seen. link: 1 when the candidate search read
 * that last letter as a linking one, 0 when as the part's own ("mote|forslag" is no
 * "mot|e|forslag", "børs|koden" no "bør|s|koden": the common word without it would stand in for
 * a rare first part), -1 when not known (then the part as it is if seen, else without it). */
static uint32_t S_first_part_id(const engine *E, const unsigned char *codes, size_t *len, int link)
{
    uint32_t id = link == 1 ? 0 : S_id_of(E, codes, *len);
    unsigned char last = *len > 1 ? codes[*len - 1] : 0;
    if (!id && link != 0 && last && (last == pd_lex_code('s') || last == pd_lex_code('e')))
        id = S_id_of(E, codes, --*len);
    return id;
}

/* How often the clean text has the family of the word codes[0..n): the longest word of
 * FAMILY_MIN letters or more it begins with ("aktør|er"), else the verb a noun of action is
 * derived from with -ing, -ning or -else ("søk|ning|er" of "søke", "ordn|ing" of "ordne",
 * "forstå|else"), the verb's infinitive standing in for the noun as a word it begins with
 * does. 0 when none was seen. */
#define FAMILY_SUFFIX_END 3 /* letters of inflection after the suffix ("-ning|ene") */
static double S_family_count(const engine *E, const unsigned char *codes, size_t n, int prefixes)
{
    const pd_ocr_model *m = &E->nz->m;
    for (size_t k = n - 1; prefixes && k >= FAMILY_MIN; k--) {
        uint32_t pid = S_id_of(E, codes, k);
        if (pid)
            return pd_lm_count(m, pid);
    }
    static const char *const suffixes[] = {"ning", "ing", "else"};
    unsigned char verb[PD_CAND_MAX_CHARS + 1];
    for (size_t k = n > FAMILY_SUFFIX_END + 6 ? n - FAMILY_SUFFIX_END - 4 : 2; k + 3 <= n; k++) {
        for (size_t x = 0; x < sizeof suffixes / sizeof suffixes[0]; x++) {
            size_t sl = strlen(suffixes[x]), j = 0;
            if (k + sl > n || n - k - sl > FAMILY_SUFFIX_END)
                continue;
            while (j < sl && codes[k + j] == pd_lex_code((uint32_t)suffixes[x][j]))
                j++;
            if (j < sl)
                continue;
            /* the stem and e ("søk|e"), or the stem itself ("forstå") */
            memcpy(verb, codes, k);
            verb[k] = (unsigned char)pd_lex_code('e');
            for (size_t vl = k + 1; vl >= k; vl--) {
                if (!(pd_lex_lookup(m, verb, vl) & PD_LEX_VERB))
                    continue;
                uint32_t id = S_id_of(E, verb, vl);
                if (id)
                    return pd_lm_count(m, id);
            }
        }
    }
    return 0;
}

static void S_add_cand(engine *E, const unsigned char *codes, const uint8_t *casing, size_t n,
                       int kind, unsigned rules, float cost, size_t split, size_t head, int link,
                       unsigned flags)
{
    if (E->n_cands == E->cap_cands) {
        E->cap_cands = E->cap_cands ? E->cap_cands * 2 : 4096;
        E->cands = pd_xrealloc(E->cands, E->cap_cands * sizeof *E->cands);
    }
    ncand *c = &E->cands[E->n_cands++];
    memset(c, 0, sizeof *c);
    c->codes = (uint32_t)E->arena.len;
    c->n = (uint8_t)n;
    pd_buf_put(&E->arena, codes, n);
    pd_buf_put(&E->arena, casing, n);
    c->kind = (uint8_t)kind;
    c->rules = (uint16_t)rules;
    c->cost = cost;
    c->flags = c->first_flags = flags;
    const pd_normalizer *nz = E->nz;
    double fallback = kind == K_KEEP_INVALID                                  ? nz->u_invalid
                      : kind == K_KEEP_NUMBER                                 ? nz->u_number
                      : kind == K_KEEP_COMPOUND || (rules & PD_RULE_COMPOUND) ? nz->u_compound
                                                                              : nz->u_lex;
    /* (only in a model that has the list: the nn model has none) */
    if (nz->m.att_words && !split && !(kind == K_KEEP_COMPOUND || (rules & PD_RULE_COMPOUND))) {
        if (kind == K_KEEP_WORD && !(flags & PD_LEX_ATTESTED))
            fallback = nz->u_lex_unattested;
        else if (kind == K_ALT && (flags & PD_LEX_ATTESTED) && E->read_unknown && n >= ATTESTED_MIN)
            fallback = nz->u_lex_attested;
        else if (kind == K_ALT && !(flags & PD_LEX_ATTESTED) && !E->read_unknown)
            fallback = nz->u_lex_unattested; /* a valid word's partner */
    }
    if (kind == K_KEEP_INVALID || kind == K_KEEP_NUMBER) {
        c->p_first = c->p_last = (float)S_p_uni(E, 0, fallback);
        return;
    }
    if (split) {
        /* two lost spaces ("at vi legger"): the middle word follows the first, the last the
         * middle one */
        size_t mid = 0;
        while (mid < split && codes[mid] != 0)
            mid++;
        size_t end1 = mid < split ? mid : split;
        c->id_first = S_id_of(E, codes, end1);
        c->id_last = S_id_of(E, codes + split + 1, n - split - 1);
        c->p_first = (float)S_p_uni(E, c->id_first, nz->u_lex);
        c->p_last = (float)S_p_uni(E, c->id_last, nz->u_lex);
        if (!c->id_last && head > split + 1 && head < n) {
            /* the last word an unseen compound: it behaves like its head, as one alone does
             * (below) */
            uint32_t h = S_id_of(E, codes + head, n - head);
            unsigned hf = pd_lex_lookup(&nz->m, codes + head, n - head);
            if (!(hf & PD_LEX_VERB))
                c->p_last = (float)S_p_uni(
                    E, 0, nz->u_compound * pow(1.0 + pd_lm_count(&nz->m, h), nz->head_exp));
            c->id_last = h;
        }
        if (mid < split) {
            const unsigned char *mc = codes + mid + 1;
            size_t mn = split - mid - 1;
            uint32_t id_mid = S_id_of(E, mc, mn);
            unsigned mf = pd_lex_lookup(&nz->m, mc, mn);
            double lm = S_lp(E, c->id_first, id_mid, S_p_uni(E, id_mid, nz->u_lex), mf);
            c->inner = (float)(lm + S_lp(E, id_mid, c->id_last, c->p_last, flags));
        } else
            c->inner = (float)S_lp(E, c->id_first, c->id_last, c->p_last, flags);
    } else {
        c->id_first = c->id_last = S_id_of(E, codes, n);
        if (!c->id_first && head > 0 && head < n) {
            /* A compound never seen in the clean text behaves like its head, the last part
             * ("resultat|mål" like "mål"): it is as much likelier than other unseen compounds
             * as its head is common, and the next word follows the head. */
            uint32_t h = S_id_of(E, codes + head, n - head);
            /* but an infinitive is seldom the head of a compound ("tilleggsprogram|være"
             * for "tilleggsprogramvare"): its counts are the verb's, not a compound's, so a
             * repair to one gains nothing by them (nor to one that is a noun too: "være") */
            unsigned hf = pd_lex_lookup(&nz->m, codes + head, n - head);
            if (kind != K_ALT || !(hf & PD_LEX_VERB)) {
                fallback *= pow(1.0 + pd_lm_count(&E->nz->m, h), nz->head_exp);
                /* a head never seen that is a noun of action weighs by its verb, as an unseen
                 * word does ("betalings|utføring" by "utføre", not "|utforing"); not by a word
                 * it begins with, which for a head is too often a chance fit ("grøft|egneren"
                 * of "egne", "valuta|vårer" of "våre") */
                if (!h)
                    fallback *=
                        pow(1.0 + S_family_count(E, codes + head, n - head, 0), nz->family_exp);
            }
            c->id_last = h;
            /* its first part (without a linking s or e) weighs it against the token's other
             * compound readings only (S_analyse): "mål|bilder", not "mal|bilder" */
            size_t mlen = head;
            uint32_t mod = S_first_part_id(E, codes, &mlen, link);
            /* a first part itself an unseen compound ("pakke|håndterings|stabelen") weighs as
             * its own last part, the longest end of it the clean text has; one that may end a
             * compound, not a pronoun or an infinitive, whose counts are no compound's
             * ("gruppe|våre", "gruppe|være") */
            for (size_t k = 1; !mod && k + FAMILY_MIN <= mlen; k++) {
                unsigned ef = pd_lex_lookup(&nz->m, codes + k, mlen - k);
                if (!(ef & (PD_LEX_NOTAIL | PD_LEX_VERB)))
                    mod = S_id_of(E, codes + k, mlen - k);
            }
            c->mod_w = (float)pow(1.0 + pd_lm_count(&E->nz->m, mod), MOD_EXP);
            c->head = (uint8_t)head;
        }
        if (!(head > 0 && head < n)) {
            /* A word never or seldom seen in the clean text is likelier when a word it begins
             * with was ("aktør|er" after "aktør", not "aktor|er"): that word stands in for its
             * stem, so one sighting of a form weighs no less than none. */
            fallback *= pow(1.0 + S_family_count(E, codes, n, 1), nz->family_exp);
        }
        double p = S_p_uni(E, c->id_first, fallback), pf = S_p_uni(E, 0, fallback);
        c->p_first = (float)(!(head > 0 && head < n) && pf > p ? pf : p);
        c->p_last =
            c->id_last == c->id_first ? c->p_first : (float)S_p_uni(E, c->id_last, nz->u_lex);
    }
}

/* The code points of the word s[0..len) as read, into obs: at most PD_CAND_MAX_CHARS of them,
 * *too_long set when the word has more. Returns how many. */
static size_t S_code_points(const unsigned char *s, size_t len, uint32_t *obs, int *too_long)
{
    size_t n = 0;
    *too_long = 0;
    for (size_t i = 0; i < len;) {
        if (n == PD_CAND_MAX_CHARS) {
            *too_long = 1;
            break;
        }
        size_t l;
        obs[n++] = pd_scan_utf8(s + i, len - i, &l);
        i += l;
    }
    return n;
}

/* Whether a candidate is a word and "i" whose space was lost ("ta i"). */
static int S_split_before_i(const pd_cand *c)
{
    return c->kind == PD_KIND_SPLIT && c->n >= 3 && c->codes[c->n - 2] == 0 &&
           c->codes[c->n - 1] == pd_lex_code('i');
}

/* log P of a candidate's letters under the character model, each word of a split on its own. */
static double S_char_cand(const engine *E, const ncand *c)
{
    const pd_ocr_model *m = &E->nz->m;
    const unsigned char *codes = (const unsigned char *)E->arena.data + c->codes;
    double lp = 0;
    for (size_t a = 0, b = 0; b <= c->n; b++)
        if (b == c->n || codes[b] == 0) {
            lp += pd_char_score(m->chars, m->char_mask, m->char_floor, codes + a, b - a);
            a = b + 1;
        }
    return lp;
}

/* The factor on the prior of keeping an unknown word as read, given its repairs
 * cands[first + 1 .. end). U_INVALID is one flat pseudo-count for whatever the word looks like;
 * but OCR damage mostly leaves strings that no Norwegian word has ("sykefravzers",
 * "Igsningsorienterte", "st@tte"), while a name or a new compound reads like Norwegian. So the
 * prior is weighed by how much less Norwegian the word as read looks than its most Norwegian-
 * looking repair, P_char(obs) / P_char(repair), under the character model of the lexicon's
 * forms. The repairs are lexicon words that model was trained on, so they score better than
 * any string it never saw: only a ratio beyond e^CHAR_T counts. Letters of one word are far from
 * independent evidence, hence the weight CHAR_W; the factor never falls below e^CHAR_LO, so that
 * a word with a symbol the forms never had ("@", a digit) still needs a plausible repair, and
 * it never raises the prior: a plausible-looking string is what o-for-ø damage leaves too
 * ("kommunedirektoren"). */
static double S_char_factor(const engine *E, const uint32_t *obs, size_t n, size_t first,
                            size_t end)
{
    if (first + 1 >= end)
        return 1.0;
    double best = -INFINITY;
    for (size_t j = first + 1; j < end; j++) {
        double l = S_char_cand(E, &E->cands[j]);
        if (l > best)
            best = l;
    }
    size_t symbols;
    double lp = pd_char_logp(&E->nz->m, obs, n, &symbols);
    double z = lp - best + E->nz->char_t;
    if (z >= 0)
        return 1.0;
    z *= E->nz->char_w;
    return exp(z > E->nz->char_lo ? z : E->nz->char_lo);
}

/* Whether a token glued by a dot ends in a word that the clean text has mostly right after a
 * dot: a top-level domain or a file extension ("debian.org", "apache2.conf", "index.html"),
 * which follows the dot of a name, not a sentence's ("vakt.eller"). The clean text's tokens
 * break at every dot, so such a word's bigrams after the sentence boundary are nearly all its
 * uses, while a word of prose begins few sentences ("og" 1 %, "vi" 40 %). */
#define DOT_SUFFIX_SHARE 0.6
#define DOT_SUFFIX_MIN 3 /* uses of the word, at least, for the share to say anything */
static int S_dot_suffix(const engine *E, const uint32_t *obs, size_t n)
{
    size_t k = n;
    while (k > 0 && obs[k - 1] != '.' && !pd_scan_glue_mark(obs[k - 1]))
        k--;
    if (k == 0 || obs[k - 1] != '.' || n - k > PD_CAND_MAX_CHARS)
        return 0;
    unsigned char codes[PD_CAND_MAX_CHARS];
    for (size_t i = k; i < n; i++) {
        unsigned c = pd_lex_code(obs[i] >= 'A' && obs[i] <= 'Z' ? obs[i] + 32 : obs[i]);
        if (!c)
            return 0;
        codes[i - k] = (unsigned char)c;
    }
    const pd_ocr_model *m = &E->nz->m;
    uint32_t id = pd_lm_id(m, codes, n - k);
    double cnt = pd_lm_count(m, id);
    if (cnt >= DOT_SUFFIX_MIN && pd_lm_bigram(m, E->nz->boundary, id) >= DOT_SUFFIX_SHARE * cnt)
        return 1;
    /* nor is a name of two English words ("sources.list", "search.can") two Norwegian ones;
     * short ones are left to the context ("pa.at" is "på at") */
    size_t j = 0;
    while (j < n && !pd_scan_glue_mark(obs[j]))
        j++;
    if (j >= 3 && n - k >= 3 && pd_eng_word(m, obs, j) && pd_eng_word(m, obs + k, n - k))
        return 1;
    /* nor a name one of whose parts is a word of the clean text that no dictionary has: a
     * command, a program or a file name ("ssh.service", "setup.exe"); prose glued by the OCR
     * is made of the dictionary's words */
    if (k == j + 1 && ((pd_lex_flags(m, obs, j) | pd_lex_flags(m, obs + k, n - k)) & PD_LEX_ADDED))
        return 1;
    return 0;
}

/* Analyses one word as read: the word itself and its candidate repairs. */
static void S_analyse(engine *E, const unsigned char *s, size_t len, centry *ce)
{
    uint32_t obs[PD_CAND_MAX_CHARS];
    int too_long = 0, lone_digit = 0;
    size_t n = S_code_points(s, len, obs, &too_long);
    /* a lone digit, or a digit after letters ("p3"): kept unless a repair is likely ("4lede"
     * is no number: an unknown word) */
    for (size_t i = n == 1 ? 0 : 1; i < n; i++)
        lone_digit |= obs[i] >= '0' && obs[i] <= '9';
    /* so is a lone @ (a sign in a zone file, "@ IN SOA"; an å only before a small word) */
    lone_digit |= n == 1 && obs[0] == '@';
    ce->first = (uint32_t)E->n_cands;

    pd_cand found[PD_CAND_MAX];
    /* a valid word only meets its æ/ø/å partners (below): search just for those */
    size_t nf =
        too_long ? 0
                 : pd_candidates_of_word(&E->nz->m, obs, n, found, PD_CAND_MAX, PARTNER_MAX_COST);
    /* but a valid word the clean text never has may be a word and "i" whose space was lost
     * ("tai": "ta i"), the commonest lost space. Not "i" before a word: "igang", "iblant",
     * "imot" are words in their own right, and an "å" read as "a" would part the many "-a"
     * forms ("fila", "ordninga") */
    int rare_valid = 0;
    if (nf > 0 && found[0].cost == 0.0f && !(found[0].flags & PD_LEX_CORPUS) && found[0].n > 2 &&
        found[0].codes[found[0].n - 1] == pd_lex_code('i')) {
        pd_cand more[PD_CAND_MAX];
        size_t nm = pd_candidates(&E->nz->m, obs, n, more, PD_CAND_MAX);
        for (size_t i = 0; i < nm && nf < PD_CAND_MAX; i++)
            if (S_split_before_i(&more[i]) && more[i].cost <= PARTNER_MAX_COST) {
                found[nf++] = more[i];
                rare_valid = 1;
            }
    }
    if (!too_long && nf == 0)
        nf = pd_candidates(&E->nz->m, obs, n, found, PD_CAND_MAX);
    int obs_case = S_obs_case(obs, n);
    int glued = 0;

    /* the word as read */
    int keep = K_KEEP_INVALID;
    const pd_cand *self = NULL;
    for (size_t i = 0; i < nf; i++) {
        const pd_cand *c = &found[i];
        /* (a word known only in capitals, "ANSA", is no word in small letters) */
        if (c->cost == 0.0f && c->kind == PD_KIND_WORD &&
            (obs_case != 0 || (c->flags & (PD_LEX_LOWER | PD_LEX_CAP)))) {
            keep = K_KEEP_WORD;
            self = c;
            break;
        }
        if (c->rules == PD_RULE_COMPOUND && c->kind == PD_KIND_COMPOUND && !self) {
            keep = K_KEEP_COMPOUND;
            self = c;
        }
    }
    if (lone_digit)
        keep = K_KEEP_NUMBER;
    {
        unsigned char codes[PD_CAND_MAX_CHARS + 2];
        uint8_t casing[PD_CAND_MAX_CHARS + 2];
        size_t k = 0;
        if (self) {
            memcpy(codes, self->codes, self->n);
            memcpy(casing, self->casing, self->n);
            k = self->n;
        }
        /* a compound as read costs its joints, like any other compound */
        float cost = keep == K_KEEP_COMPOUND ? self->cost : 0.0f;
        S_add_cand(E, codes, casing, k, keep, 0, cost, 0, self ? self->head : 0,
                   self ? self->link : 0, self ? self->flags : 0);
        /* the scanner lets inner . , : ; and quotes through only between words in small letters
         * ("vakt.eller"): as read, such a token is far rarer in prose than an unknown word */
        for (size_t i = 0; i < n; i++)
            glued |= pd_scan_glue_mark(obs[i]) && obs[i] != '\'' && obs[i] != 0x2019;
        if (glued && keep == K_KEEP_INVALID && S_dot_suffix(E, obs, n)) {
            glued = 0;
            nf = 0; /* a file or host name: nothing to repair */
        }
        if (glued && keep == K_KEEP_INVALID)
            E->cands[ce->first].p_first = E->cands[ce->first].p_last =
                (float)S_p_uni(E, 0, E->nz->u_glued);
    }
    int valid = keep == K_KEEP_WORD;
    E->read_unknown = !valid;
    if (valid && obs_case == 0 && !(self->flags & PD_LEX_LOWER)) {
        /* A word the lexicon and the clean text have only with a capital ("SLA", "Tor") read
         * in small letters is no sighting of that word: its counts are the name's or the
         * acronym's, not those of a small-letter word, so it is weighed as a lexicon word never
         * seen and without the bonus of a word that is surely what was written ("sla": "slå") */
        ncand *k0 = &E->cands[ce->first];
        k0->p_first = k0->p_last = (float)S_p_uni(E, 0, E->nz->u_lex);
    } else if (valid)
        E->cands[ce->first].cost = -(float)E->nz->keep_bonus;

    /* the repairs */
    for (size_t i = 0; i < nf; i++) {
        const pd_cand *c = &found[i];
        if (c == self || c->rules == 0 || (valid && c->rules == PD_RULE_COMPOUND))
            continue;
        if (c->cost > (valid ? PARTNER_MAX_COST : ALT_MAX_COST))
            continue;
        if (valid && !(rare_valid && S_split_before_i(c)) &&
            (c->kind != PD_KIND_WORD ||
             (c->rules & ~(unsigned)(PD_RULE_AA | PD_RULE_OE | PD_RULE_AE | PD_RULE_OTHER))))
            continue; /* a valid word only meets its partners (pd_candidates_of_word) */
        /* two short words glued ("dener": "den er") are no reading of an English word as read
         * ("seen", "refer", "any"): English text is full of them */
        if (c->kind == PD_KIND_SPLIT && !too_long && c->n >= 3 && c->codes[c->n - 3] == 0 &&
            pd_eng_word(&E->nz->m, obs, n))
            continue;
        if (!S_case_ok(obs_case, c->flags) ||
            (c->kind == PD_KIND_SPLIT && !S_case_ok(obs_case, c->first_flags)))
            continue;
        size_t split = 0;
        if (c->kind == PD_KIND_SPLIT)
            for (size_t j = 0; j < c->n; j++)
                if (c->codes[j] == 0)
                    split = j;
        S_add_cand(E, c->codes, c->casing, c->n, K_ALT, c->rules, c->cost, split, c->head, c->link,
                   c->flags);
        /* a generic edit is dear: one to a word the clean text makes no likelier than the
         * unknown word as read (give or take what a context may add) cannot win, and would
         * only cost the decision time */
        if ((c->rules & PD_RULE_EDIT) &&
            log(E->cands[E->n_cands - 1].p_first) - c->cost + EDIT_CONTEXT_MAX <
                log(S_p_uni(E, 0, E->nz->u_invalid))) {
            E->n_cands--;
            continue;
        }
        ncand *added = &E->cands[E->n_cands - 1];
        if (split)
            added->first_flags = c->first_flags;
        memcpy(added->reads, c->reads, c->n_reads);
        added->n_reads = c->n_reads;
    }
    ce->n = (uint16_t)(E->n_cands - ce->first);
    ncand *kept = &E->cands[ce->first];
    kept->english = (uint8_t)(!too_long && pd_eng_word(&E->nz->m, obs, n));
    /* an English word as read that happens to be a compound of Norwegian words ("fore|ground")
     * has no Norwegian first part whose frequency could say anything about it */
    if (kept->english && kept->kind == K_KEEP_COMPOUND)
        kept->mod_w = 0;
    /* Readings of one token as unseen compounds differ in how common their first parts are.
     * Relative to the best of them, so that compounds as a whole gain nothing against the
     * token's other readings (raising them all cost precision on the dev split). */
    float mx = 0;
    for (size_t j = ce->first; j < E->n_cands; j++)
        if (E->cands[j].mod_w > mx)
            mx = E->cands[j].mod_w;
    /* a seen word that ends in such a compound's head is a reading of the same shape: its
     * first part counts among theirs ("støtte|tjenester", seen, against an unseen
     * "ståtte|tjenester", which its common head would otherwise make the likelier) */
    if (mx > 0)
        for (size_t j = ce->first + 1; j < E->n_cands; j++) {
            const ncand *w = &E->cands[j];
            if (w->kind != K_ALT || w->mod_w > 0 || !w->id_first || w->id_first != w->id_last)
                continue;
            const unsigned char *wc = (const unsigned char *)E->arena.data + w->codes;
            for (size_t k = ce->first + 1; k < E->n_cands; k++) {
                const ncand *c = &E->cands[k];
                if (c->mod_w <= 0 || c->n - c->head >= w->n)
                    continue;
                size_t hl = (size_t)(c->n - c->head), pre = w->n - hl;
                const unsigned char *cc = (const unsigned char *)E->arena.data + c->codes;
                if (memcmp(wc + pre, cc + c->head, hl) != 0)
                    continue;
                uint32_t mod = S_first_part_id(E, wc, &pre, -1);
                float mw = (float)pow(1.0 + pd_lm_count(&E->nz->m, mod), MOD_EXP);
                if (mw > mx)
                    mx = mw;
            }
        }
    for (size_t j = ce->first; j < E->n_cands; j++) {
        ncand *c = &E->cands[j];
        if (c->mod_w > 0 && c->mod_w < mx) {
            int same = c->p_last == c->p_first;
            c->p_first *= c->mod_w / mx;
            if (same)
                c->p_last = c->p_first;
        }
    }
    if (kept->kind == K_KEEP_INVALID && !glued) {
        double f = S_char_factor(E, obs, n, ce->first, E->n_cands);
        kept->p_first = kept->p_last = (float)(kept->p_first * f);
    }
}

static uint32_t S_hash(const unsigned char *s, size_t n)
{
    return pd_ocr_hash(s, n);
}

static const centry *S_lookup(engine *E, const char *text, size_t off, size_t len)
{
    const unsigned char *s = (const unsigned char *)text + off;
    if (E->cache_n * 2 >= E->cache_cap) {
        size_t cap = E->cache_cap ? E->cache_cap * 2 : 4096;
        centry *nc = pd_xcalloc(cap, sizeof *nc);
        for (size_t i = 0; i < E->cache_cap; i++) {
            if (!E->cache[i].used)
                continue;
            size_t j = E->cache[i].hash & (cap - 1);
            while (nc[j].used)
                j = (j + 1) & (cap - 1);
            nc[j] = E->cache[i];
        }
        free(E->cache);
        E->cache = nc;
        E->cache_cap = cap;
    }
    uint32_t h = S_hash(s, len);
    size_t j = h & (E->cache_cap - 1);
    for (;; j = (j + 1) & (E->cache_cap - 1)) {
        centry *ce = &E->cache[j];
        if (!ce->used)
            break;
        if (ce->hash == h && ce->key_len == len && memcmp(E->arena.data + ce->key, s, len) == 0)
            return ce;
    }
    centry ce = {.hash = h, .key_len = (uint32_t)len, .used = 1};
    ce.key = (uint32_t)E->arena.len;
    pd_buf_put(&E->arena, s, len);
    S_analyse(E, s, len, &ce);
    E->cache[j] = ce;
    E->cache_n++;
    return &E->cache[j];
}

static int S_quote(uint32_t c)
{
    return c == '"' || c == '\'' || c == 0xAB || c == 0xBB || (c >= 0x2018 && c <= 0x201F) ||
           c == 0x2039 || c == 0x203A;
}

/* Whether only spaces and quotation marks stand between tokens a and b ("å «rense»"). */
static int S_only_quotes(const char *text, const pd_scan_token *a, const pd_scan_token *b)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t k = a->off + a->len, l; k < b->off; k += l) {
        uint32_t c = pd_scan_utf8(s + k, b->off - k, &l);
        if (c != ' ' && !S_quote(c))
            return 0;
    }
    return 1;
}

/* Whether token t is one character with a quotation mark right before and right after it. */
static int S_quoted_letter(const char *text, size_t len, const pd_scan_token *t)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t l, o = t->off, e = t->off + t->len;
    if (o == 0 || e >= len)
        return 0;
    pd_scan_utf8(s + o, t->len, &l);
    if (l != t->len)
        return 0;
    size_t b = o - 1;
    while (b > 0 && (s[b] & 0xC0) == 0x80)
        b--;
    return S_quote(pd_scan_utf8(s + b, o - b, &l)) && S_quote(pd_scan_utf8(s + e, len - e, &l));
}

/* --------------------------------------------------------------- rendering */

static void S_put_cp(pd_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    pd_buf_put(b, u, n);
}

static uint32_t S_upcase(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))
        return c - 32;
    return c;
}

static int S_lookalike_cap(uint32_t c);

/* Writes a candidate in the case the word was read in. */
static void S_render(const engine *E, const ncand *c, const pd_scan_token *t, const char *text,
                     pd_buf *out)
{
    const unsigned char *codes = (const unsigned char *)E->arena.data + c->codes;
    const uint8_t *casing = codes + c->n;
    uint32_t obs[PD_CAND_MAX_CHARS];
    int too_long;
    size_t n = S_code_points((const unsigned char *)text + t->off, t->len, obs, &too_long);
    int caps = S_obs_case(obs, n) == 2;
    int cap_start = t->sent_start == 2;
    int item_start = t->sent_start >= 2;
    size_t small_run = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (codes[i] == 0) {
            pd_buf_putc(out, ' ');
            small_run = 0;
            continue;
        }
        uint32_t ch = pd_lex_char(codes[i]);
        int up;
        if (caps)
            up = 1;
        else if (casing[i] == PD_CAND_CASE_ANY)
            up = i == 0 && cap_start;
        else if (casing[i] == PD_CAND_CASE_SMALL)
            up = i == 0 && cap_start && t->start == PD_START_BLOCK;
        else if (casing[i] == PD_CAND_CASE_SENT)
            /* the OCR reads Å as A, but å as A seldom: where a capital may stand, after a colon
             * too ("inkludert: Å kjøre"), the capital as read is the likelier; not after ";" */
            up = i == 0 && (item_start || t->start == PD_START_COLON || !(c->flags & PD_LEX_LOWER));
        else
            up = casing[i] == PD_CAND_CASE_UPPER;
        /* a repair to a word in small letters writes a look-alike capital read after two
         * small letters small ("gyeblikKet": "øyeblikket"), as S_code_words let it through */
        if (up && !caps && i > 1 && small_run >= 2 && c->kind == K_ALT &&
            (c->flags & PD_LEX_LOWER) && S_lookalike_cap(S_upcase(ch)))
            up = 0;
        small_run = up ? 0 : small_run + 1;
        S_put_cp(out, up ? S_upcase(ch) : ch);
    }
}

/* ------------------------------------------------------------- the decision */

typedef struct {
    pd_scan_token tok;
    uint32_t first; /* its candidates: cands[first .. first + n), the word as read first */
    uint16_t n;
    int choice;
    int space;     /* joined: the hyphen before it was a space the OCR misread */
    double jconf;  /* joined: how sure that choice is */
    int number_ok; /* a lone digit may be an å: a lower-case word follows in the sentence */
} word;

/* The emission score of candidate j of word w (context-free part). */
static double S_emit(const engine *E, const word *w, const ncand *c, const char *text)
{
    double s = -c->cost + c->inner;
    if (c->kind == K_KEEP_WORD)
        s += E->clean_bonus;
    if (c->kind == K_ALT && E->cands[w->first].kind == K_KEEP_NUMBER && !w->number_ok &&
        w->tok.len == 1)
        return -INFINITY; /* "4 Innovasjon": a number before a capital, not "å" */
    if (c->kind == K_KEEP_INVALID && w->tok.sent_start == 0 && w->tok.len >= 2) {
        /* a capitalised unknown word inside a sentence: likely a name, leave it */
        const unsigned char *p = (const unsigned char *)text + w->tok.off;
        size_t l;
        uint32_t c0 = pd_scan_utf8(p, w->tok.len, &l);
        /* but an I that reads as the l of a word is OCR's I/l confusion ("Igsningsorientert":
         * "løsningsorientert"), no sign of a name */
        int il = 0;
        for (size_t j = 1; c0 == 'I' && j < w->n && !il; j++) {
            const ncand *a = &E->cands[w->first + j];
            il = (a->rules & PD_RULE_IL) && a->n &&
                 (unsigned char)E->arena.data[a->codes] == pd_lex_code('l');
        }
        /* nor is an A that reads as å with its space lost before a word in small letters
         * ("Alykkes": "å lykkes"): the likeliest reading of å with the commonest lost space;
         * the context still decides ("i Asker" is no "i å sker") */
        for (size_t j = 1; c0 == 'A' && j < w->n && !il; j++) {
            const ncand *a = &E->cands[w->first + j];
            const unsigned char *ac = (const unsigned char *)E->arena.data + a->codes;
            il = a->n > 2 && ac[0] == PD_CODE_AA && ac[1] == 0 && (a->flags & PD_LEX_LOWER);
        }
        if (S_upper_cp(c0) && !il)
            s += E->nz->name_bonus;
    }
    return s;
}

static uint32_t S_ctx(const engine *E, const word *w, const ncand *prev)
{
    if (w->tok.sent_start)
        return E->nz->boundary;
    if (w->tok.ctx_break || !prev)
        return 0;
    return prev->id_last;
}

static double S_trans(const engine *E, const word *w, const ncand *prev, const ncand *c)
{
    uint32_t v = S_ctx(E, w, prev);
    return S_lp(E, v, c->id_first, c->p_first, c->first_flags);
}

/* The transition into a word that a hyphen joins to the word before ("e-post",
 * "med-omstilling"): either a hyphenated compound, whose parts follow each other no more than
 * any compound's do, or two words whose space the OCR read as a hyphen, which the pair as words
 * must pay for. How readily each word takes part in hyphenated compounds in the clean text
 * ("e-", "ikke-", "-aksen") keeps those whole; a function word never seen so ("med", "i",
 * "eller") lets the context decide. *space tells which reading won, *margin by how much. */
static double S_trans_joined(const engine *E, const word *w, const ncand *prev, const ncand *c,
                             int *space, double *margin)
{
    double t = S_trans(E, w, prev, c);
    *space = 0;
    *margin = 0;
    if (!prev || !w->tok.joined || w->tok.sent_start || w->tok.ctx_break)
        return t;
    const pd_ocr_model *m = &E->nz->m;
    /* a piece kept unknown is no word of its own either: nothing to split */
    if (prev->kind == K_KEEP_INVALID || prev->kind == K_KEEP_NUMBER || c->kind == K_KEEP_INVALID ||
        c->kind == K_KEEP_NUMBER || m->uni_total <= 0)
        return t;
    /* a lone "A" or "a" before the hyphen: "å" with its space read as a hyphen, which only an
     * infinitive follows ("A-mobilisere"), or a letter of a compound ("A-lag"); no compound
     * begins with "å", and "a" alone is no word to part from the next */
    const unsigned char *pc = (const unsigned char *)E->arena.data + prev->codes;
    if (prev->n == 1 && (pc[0] == PD_CODE_AA || pc[0] == pd_lex_code('a'))) {
        if (pc[0] != PD_CODE_AA)
            return t;
        if (!(c->first_flags & PD_LEX_VERB))
            return -INFINITY;
        *space = 1;
        *margin = COST_HYPHEN_SPACE;
        return t;
    }
    double ph = m->hyph_total / m->uni_total, a = HYPH_A;
    double pv = (pd_lm_hyph_next(m, prev->id_last) + a * ph) / (pd_lm_count(m, prev->id_last) + a);
    double pw = (pd_lm_hyph_prev(m, c->id_first) + a * ph) / (pd_lm_count(m, c->id_first) + a);
    /* a word of the clean text that no dictionary has (a command, an English word: "testing-
     * security") keeps its hyphen: prose the OCR joined is made of the dictionary's words */
    if ((prev->flags | c->first_flags) & PD_LEX_ADDED)
        return t;
    /* each word's evidence against the overall share, as independent signs (log-odds) */
    double lo = log(pv / (1 - pv)) + log(pw / (1 - pw)) - log(ph / (1 - ph));
    double p = 1 / (1 + exp(-lo));
    if (p >= 1 || pv >= 1 || pw >= 1)
        return t;
    double hy = log(p) + t;
    double sp = log1p(-p) - COST_HYPHEN_SPACE + t;
    *space = sp > hy;
    *margin = sp - hy;
    return sp > hy ? sp : hy;
}

static double S_final(const engine *E, const word *w, const ncand *c)
{
    if (!w->tok.sent_end)
        return 0;
    return S_lp(E, c->id_last, E->nz->boundary, S_p_uni(E, E->nz->boundary, 1), 0);
}

/* Whether the token as read begins a word of the lexicon. */
static int S_begins_word(const engine *E, const char *text, const pd_scan_token *t)
{
    uint32_t obs[PD_CAND_MAX_CHARS];
    int too_long;
    size_t n = S_code_points((const unsigned char *)text + t->off, t->len, obs, &too_long);
    return !too_long && pd_lex_begins_word(&E->nz->m, obs, n);
}

static int S_is_english(const engine *E, const word *w)
{
    return E->cands[w->first].english;
}

/* Whether a word as read has no Norwegian reading: no dictionary word and no repair. */
static int S_no_norwegian_reading(const engine *E, const word *w)
{
    const ncand *kept = &E->cands[w->first];
    return w->n == 1 && (kept->kind != K_KEEP_WORD || (kept->flags & PD_LEX_ADDED));
}

/* The characters of token t as read, into obs (at most PD_CAND_MAX_CHARS); 0 when longer. */
static size_t S_token_cps(const char *text, const pd_scan_token *t, uint32_t *obs)
{
    int too_long;
    size_t n = S_code_points((const unsigned char *)text + t->off, t->len, obs, &too_long);
    return too_long ? 0 : n;
}

/* Whether token t has a letter in small letters. */
static int S_token_small(const char *text, const pd_scan_token *t)
{
    uint32_t obs[PD_CAND_MAX_CHARS];
    size_t n = S_token_cps(text, t, obs);
    for (size_t i = 0; i < n; i++)
        if (S_lower_cp(obs[i]))
            return 1;
    return 0;
}

/* Whether the line of the token that begins it is a shell command: a prompt "$" (or "#" out of
 * Markdown, where it begins a heading) alone before it, and the command in small letters
 * ("$ ar t dpkg_1.20.9_amd64.deb", "# systemctl stop nagios4"). */
static int S_prompt_line(const char *text, const pd_scan_token *t, int markdown)
{
    size_t o = t->off;
    if (!t->line_start || o < 2 || text[o - 1] != ' ' || !(text[o] >= 'a' && text[o] <= 'z'))
        return 0;
    size_t p = o - 1;
    while (p > 0 && text[p - 1] == ' ')
        p--;
    if (p == 0 || !(text[p - 1] == '$' || (text[p - 1] == '#' && !markdown)))
        return 0;
    p--;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
        p--;
    return p == 0 || text[p - 1] == '\n';
}

/* Whether candidate c is two words (or more). */
static int S_is_split(const engine *E, const ncand *c)
{
    return memchr(E->arena.data + c->codes, 0, c->n) != NULL;
}

/* Whether a reading of word w is two words. */
static int S_has_split(const engine *E, const word *w)
{
    for (size_t j = 1; j < w->n; j++)
        if (S_is_split(E, &E->cands[w->first + j]))
            return 1;
    return 0;
}

/* Whether the line that begins at text[a] has a lone "=" (or "==", ":=") between spaces: a
 * setting of a configuration file or a program's output ("biff = no", "(==) Matched"), where no
 * word is prose. Sets *end to where the line ends. */
static int S_setting_line(const char *text, size_t len, size_t a, size_t *end)
{
    size_t e = a;
    while (e < len && text[e] != '\n')
        e++;
    *end = e;
    for (size_t i = a; i < e; i++) {
        if (text[i] != '=' || (i > a && text[i - 1] != ' ' && text[i - 1] != ':' &&
                               text[i - 1] != '=' && text[i - 1] != '('))
            continue;
        size_t j = i;
        while (j < e && text[j] == '=')
            j++;
        if (j == e || text[j] == ' ' || text[j] == ')')
            return 1;
        i = j;
    }
    return 0;
}

static int S_space_byte(unsigned char c);

/* Whether the run of hyphenated or slashed pieces that word i begins is the name of a program
 * or a package ("cruft-ng", "linux-libc-dev", "qttools5-dev-tools-pakken", "man-db"), all in
 * small letters: one of its pieces is a word of the clean text that no dictionary has, an
 * unknown word with no reading at all, an English word with no Norwegian reading, or has a digit
 * beside its letters that reads as no å
 * ("libc6"). Prose the OCR damaged is made of the dictionary's words ("e-post", "sam-
 * arbeid"). Sets *end to where the run ends. */
static int S_name_run(const engine *E, const char *text, size_t len, const word *w, size_t n,
                      size_t i, size_t *end)
{
    size_t a = w[i].tok.off, b = a, lo = i > 0 ? w[i - 1].tok.off + w[i - 1].tok.len : 0;
    while (a > lo && !S_space_byte((unsigned char)text[a - 1]))
        a--;
    if (i > 0 && a == lo)
        return 0; /* not the run's first word (each byte is looked at once, so linear) */
    while (b < len && !S_space_byte((unsigned char)text[b]))
        b++;
    *end = b;
    int name = 0;
    for (size_t k = a; k < b; k++) {
        unsigned char c = (unsigned char)text[k];
        if ((c >= 'A' && c <= 'Z') || (c == 0xC3 && k + 1 < b && (unsigned char)text[k + 1] < 0x9F))
            return 0; /* a capital: "IKT-tjenester", "Debian-pakker" */
        if (c >= '0' && c <= '9' && !strchr("0348", c) && k > a &&
            (((unsigned char)text[k - 1] | 0x20) >= 'a' &&
             ((unsigned char)text[k - 1] | 0x20) <= 'z'))
            name = 1;
    }
    for (size_t j = i; j < n && w[j].tok.off < b && !name; j++) {
        const ncand *kept = &E->cands[w[j].first];
        name = (kept->kind == K_KEEP_WORD && (kept->flags & PD_LEX_ADDED)) ||
               (kept->kind == K_KEEP_INVALID && w[j].n == 1) ||
               (S_is_english(E, &w[j]) && S_no_norwegian_reading(E, &w[j]));
    }
    return name;
}

/* Token t's characters as read: 1 when it is a capital and small letters ("Murdock"), 2 when
 * all capitals, 0 otherwise. */
static int S_token_shape(const char *text, const pd_scan_token *t)
{
    size_t l;
    if (!S_upper_cp(pd_scan_utf8((const unsigned char *)text + t->off, t->len, &l)))
        return 0; /* (most tokens: no need to decode the rest) */
    uint32_t obs[PD_CAND_MAX_CHARS];
    size_t k = S_token_cps(text, t, obs);
    if (k < 2 || !S_upper_cp(obs[0]))
        return 0;
    size_t up = 1;
    for (size_t j = 1; j < k; j++) {
        if (S_upper_cp(obs[j]))
            up++;
        else if (!S_lower_cp(obs[j]))
            return 0;
    }
    return up == 1 ? 1 : up == k ? 2 : 0;
}

/* Whether words i and i + 1 are capitalised ("Murdock") and in one sentence and context. */
static int S_cap_pair(const char *text, const word *w, size_t i)
{
    return !w[i + 1].tok.sent_start && !w[i + 1].tok.ctx_break &&
           S_token_shape(text, &w[i].tok) == 1 && S_token_shape(text, &w[i + 1].tok) == 1;
}

/* The first character of token t as read (a code point: "å" is no capital Ã). */
static uint32_t S_first_cp(const char *text, const pd_scan_token *t)
{
    size_t l;
    return pd_scan_utf8((const unsigned char *)text + t->off, t->len, &l);
}

/* Whether word w, read with a capital A, is an infinitive that begins with a small å, the OCR's
 * capital for it: no word as read, its likeliest repair that infinitive ("Apne": "åpne"; but
 * "Arsplan" is a name, "årsplan" no verb). A lone "a" or "4" before it is the infinitive's
 * mark, not a letter or a number before a capitalised word. */
static int S_aa_verb(const engine *E, const word *w)
{
    const ncand *c = &E->cands[w->first];
    return w->n > 1 && c->kind == K_KEEP_INVALID && (c[1].rules & PD_RULE_AA) &&
           (c[1].flags & PD_LEX_VERB) && E->arena.data[c[1].codes] == (char)pd_lex_code(0xE5);
}

/* Tokens that are signs or names, not words the OCR damaged, and so stay as read:
 * - a pipe: "|" inside a line that no sentence begins at ("ls | grep"), where the OCR's "I" for
 *   a lone "|" begins a sentence; "||" anywhere;
 * - the words of a shell command line (S_prompt_line);
 * - an acronym: a token all in capitals next to a word in small letters on its line ("et
 *   ADSL-modem", "en SOA-post"), where a heading in capitals ("KJBNNENE") has none; or one in
 *   mixed case with a capital after a small letter or two capitals before one ("SELinux",
 *   "LaTeX"), which no word read with its capitals is. */
/* Leaves word i and those after it that begin before text offset end as read; returns the
 * last of them. */
static size_t S_keep_to(word *w, size_t n, size_t i, size_t end)
{
    do
        w[i++].n = 1;
    while (i < n && w[i].tok.off < end);
    return i - 1;
}

static void S_code_words(const engine *E, const char *text, size_t len, word *w, size_t n,
                         int markdown)
{
    for (size_t i = 0; i < n; i++) {
        const pd_scan_token *t = &w[i].tok;
        size_t e, a = t->off;
        /* (the first word of a line: what stands before it on the line is no word) */
        while (t->line_start && a > 0 && text[a - 1] != '\n')
            a--;
        if ((t->line_start && S_setting_line(text, len, a, &e)) ||
            (!t->standalone && S_name_run(E, text, len, w, n, i, &e))) {
            i = S_keep_to(w, n, i, e);
            continue;
        }
        if (w[i].n < 2 && !t->line_start)
            continue;
        uint32_t obs[PD_CAND_MAX_CHARS];
        size_t k = S_token_cps(text, t, obs);
        size_t pipes = 0, up = 0, low = 0, inner_up = 0;
        int invalid = E->cands[w[i].first].kind == K_KEEP_INVALID;
        for (size_t j = 0; j < k; j++) {
            pipes += obs[j] == '|';
            if (S_upper_cp(obs[j])) {
                up++;
                /* a capital after two small letters, or two capitals before a small
                 * letter ("IkTsystemer" is a K read small); not the I that the OCR reads
                 * for l, nor, in a word no dictionary has, a small letter the OCR read as its
                 * look-alike capital ("gyeblikKet") */
                if (obs[j] != 'I' && j > 1 && !(invalid && S_lookalike_cap(obs[j])) &&
                    ((S_lower_cp(obs[j - 1]) && S_lower_cp(obs[j - 2])) ||
                     (j + 1 < k && S_upper_cp(obs[j - 1]) && S_lower_cp(obs[j + 1]))))
                    inner_up++;
            } else if (S_lower_cp(obs[j]))
                low++;
        }
        /* (and one that a sign touches, "|_/", or that a code follows on its line, "|
         * Status=Not/Inst": a border of a table or a drawing; an "I" at a line's end goes on
         * on the next) */
        size_t te = t->off + t->len;
        if (k > 0 && pipes == k &&
            (k >= 2 || (!t->sent_start && !t->line_start) ||
             (te < len && !S_space_byte((unsigned char)text[te])) ||
             (i + 1 < n && w[i + 1].tok.ctx_break && !w[i + 1].tok.line_start)))
            w[i].n = 1;
        if (t->line_start && S_prompt_line(text, t, markdown)) {
            size_t j = i;
            do
                w[j++].n = 1;
            while (j < n && !w[j].tok.line_start);
            i = j - 1;
            continue;
        }
        if (w[i].n < 2)
            continue;
        /* a lone "a", "A" or "&" read for "å", the infinitive's mark, which a verb follows:
         * not before the stop that ends a sentence ("Tillegg A."; a colon may end "gjennom
         * å:" before a list of verbs), a closing bracket ("streng (A)") or a capitalised
         * word inside a sentence ("Filosofi & Prosedyrer") */
        if (k == 1 && (obs[0] == 'a' || obs[0] == 'A' || obs[0] == '&') &&
            ((t->sent_end && t->off + 1 < len && strchr(".!?", text[t->off + 1])) ||
             (t->off + 1 < len && text[t->off + 1] == ')') ||
             (i + 1 < n && !w[i + 1].tok.sent_start && !w[i + 1].tok.line_start &&
              S_upper_cp(S_first_cp(text, &w[i + 1].tok)) && text[w[i + 1].tok.off] != 'I' &&
              !S_aa_verb(E, &w[i + 1])))) {
            w[i].n = 1;
            continue;
        }
        /* a name of two words or more inside a sentence and a line ("av Ian Murdock", "Bruce
         * Perens"); but a word and "i" whose space was lost may begin one ("Vii Sarpsborg") */
        if (!t->sent_start &&
            ((i + 1 < n && !w[i + 1].tok.line_start && S_cap_pair(text, w, i) &&
              !S_has_split(E, &w[i])) ||
             (i > 0 && !t->line_start && !w[i - 1].tok.sent_start && S_cap_pair(text, w, i - 1)))) {
            w[i].n = 1;
            continue;
        }
        if (low && inner_up) {
            w[i].n = 1;
            continue;
        }
        if (up < 2 || low || up != k)
            continue;
        int small = (i > 0 && !t->line_start && S_token_small(text, &w[i - 1].tok)) ||
                    (i + 1 < n && !w[i + 1].tok.line_start && S_token_small(text, &w[i + 1].tok));
        if (small)
            w[i].n = 1;
    }
}

/* A unit after a number ("10 kg", "3 km"): a valid word of no vowel, an abbreviation, stays as
 * read, though "kg" may be "kø", and so does the number ("3 kg" is no "å kø"). A word with a
 * vowel is as likely damaged after a number as anywhere ("2 ar": "2 år"). */
static void S_units(const engine *E, const char *text, word *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const pd_scan_token *t = &w[i].tok;
        if (w[i].n < 2 || E->cands[w[i].first].kind != K_KEEP_WORD)
            continue;
        /* the number: digits (a decimal comma or point inside) before one space */
        size_t a = t->off;
        if (a < 2 || text[a - 1] != ' ' || text[a - 2] < '0' || text[a - 2] > '9')
            continue;
        a -= 2;
        while (a > 0 && ((text[a - 1] >= '0' && text[a - 1] <= '9') ||
                         (a > 1 && (text[a - 1] == ',' || text[a - 1] == '.') &&
                          text[a - 2] >= '0' && text[a - 2] <= '9')))
            a--;
        if (a > 0 && !S_space_byte((unsigned char)text[a - 1]) && text[a - 1] != '(')
            continue;
        uint32_t obs[PD_CAND_MAX_CHARS];
        size_t k = S_token_cps(text, t, obs), vowels = 0;
        for (size_t j = 0; j < k; j++)
            vowels += obs[j] < 0x80 ? strchr("aeiouyAEIOUY", (int)obs[j]) != NULL : 1;
        if (k == 0 || vowels)
            continue;
        w[i].n = 1;
        if (i > 0 && w[i - 1].tok.off + w[i - 1].tok.len == t->off - 1)
            w[i - 1].n = 1;
    }
}

static unsigned S_guess_flags(const engine *E, const word *w);

/* Whether word j is one of two or more capitalised words in a row inside a sentence: a name
 * ("Claws Mail", "Autopsy Forensic Browser"). */
static int S_in_name(const char *text, const word *w, size_t n, size_t j)
{
    return (j + 1 < n && S_cap_pair(text, w, j)) || (j > 0 && S_cap_pair(text, w, j - 1));
}

/* English inside Norwegian text ("it needs a concrete plan", "has been"): a run of words of
 * the English list is left as read, though "a" may be "å" and "been" "bøen", when one of them
 * is no Norwegian word and has no repair. (Runs of English-list words alone are no sign: the
 * damaged forms "pa", "a", "ma", "for", "far" are all English words.) Nor is a name: Norwegian
 * text names English things ("Claws Mail ma ha nettadgang"). A run stops at a sentence or
 * context break. */
static void S_english_phrases(const engine *E, const char *text, word *w, size_t n)
{
    /* only a word with repairs can change, so runs are looked for around those alone */
    for (size_t i = 0; i < n; i++) {
        if (w[i].n < 2 || !S_is_english(E, &w[i]))
            continue;
        size_t a = i, b = i + 1;
        while (a > 0 && !w[a].tok.sent_start && !w[a].tok.ctx_break && S_is_english(E, &w[a - 1]))
            a--;
        /* (a piece hyphenated to an English word is part of it: "pre-dependency") */
        while (b < n && !w[b].tok.sent_start && !w[b].tok.ctx_break &&
               (S_is_english(E, &w[b]) ||
                (b + 1 < n && w[b + 1].tok.joined && S_is_english(E, &w[b + 1]))))
            b++;
        int anchor = 0;
        for (size_t j = a; j < b && !anchor; j++)
            anchor = !S_in_name(text, w, n, j) && S_no_norwegian_reading(E, &w[j]);
        /* but a lone "a" that ends the run before a Norwegian infinitive is its mark, "å"
         * ("som root for a installere dem") */
        size_t end = b;
        if (b < n && !w[b].tok.sent_start && !w[b].tok.ctx_break && w[b - 1].tok.len == 1 &&
            text[w[b - 1].tok.off] == 'a' && (S_guess_flags(E, &w[b]) & PD_LEX_VERB))
            end--;
        if (b - a >= 2 && anchor)
            for (size_t j = a; j < end; j++)
                w[j].n = 1;
        i = b - 1;
    }
}

/* A line of English or of a program's output ("crw------- 1 root root 10, 236 Mar 1 00:17
 * control", "State : clean", "btrfs is a filesystem, initially ..."), where no word is to be
 * repaired: English words no Norwegian reading explains (S_english_phrases' anchors) outnumber
 * the Norwegian words of the line twice over, and there are two at least. OCR'd Norwegian
 * has few such words: its damaged words are no English words ("lgse") or have repairs ("pa"). */
#define ENGLISH_LINE_MIN 2
static void S_english_lines(const engine *E, word *w, size_t n)
{
    for (size_t a = 0, b; a < n; a = b) {
        b = a + 1;
        while (b < n && !w[b].tok.line_start)
            b++;
        size_t eng = 0, nor = 0, listed = 0;
        for (size_t j = a; j < b; j++) {
            const ncand *kept = &E->cands[w[j].first];
            int english = S_is_english(E, &w[j]);
            listed += (size_t)english;
            if (english && S_no_norwegian_reading(E, &w[j]))
                eng++;
            else if (kept->kind == K_KEEP_WORD && !(kept->flags & PD_LEX_ADDED) && !english)
                nor++;
        }
        /* or a line of English-list words and codes alone, one of them such an anchor ("State :
         * clean", "brw-rw---- 1 root disk 253, 0 Mar 1 00:19 /dev/dm-1") */
        if ((eng >= ENGLISH_LINE_MIN && eng > 2 * nor) ||
            (eng >= 1 && listed >= ENGLISH_LINE_MIN && nor == 0))
            for (size_t j = a; j < b; j++)
                w[j].n = 1;
    }
}

/* How much surer keeping a valid word is in this text than in OCR output of the kind the
 * model was weighed on. A valid word is damage ("for" read for "før") as often as the text is
 * damaged, and the non-words that have a repair ("lgse", "pa") tell how damaged it is: in the
 * dev set's OCR some DAMAGE_RATE of the words, in clean text a few in a thousand (names,
 * English, typing errors). Where the share is lower, a valid word is likelier to be what was
 * written by as much, and it keeps that many nats; never fewer than now. The share is drawn
 * towards DAMAGE_RATE as if DAMAGE_PRIOR words had it, so a short text says little. */
#define DAMAGE_RATE 0.05
#define DAMAGE_PRIOR 200.0
static double S_clean_bonus(const engine *E, const word *w, size_t n)
{
    size_t words = 0, damaged = 0;
    for (size_t i = 0; i < n; i++) {
        const ncand *kept = &E->cands[w[i].first];
        if (kept->kind == K_KEEP_NUMBER)
            continue;
        words++;
        /* a valid word is one of the dictionary in small letters or as a name: "pa" is known
         * as "PA" only, and a word of the clean text's English passages is none */
        int valid = (kept->kind == K_KEEP_WORD || kept->kind == K_KEEP_COMPOUND) &&
                    (kept->flags & (PD_LEX_LOWER | PD_LEX_CAP)) && !(kept->flags & PD_LEX_ADDED);
        damaged += !valid && w[i].n > 1;
    }
    double r = (damaged + DAMAGE_PRIOR * DAMAGE_RATE) / (words + DAMAGE_PRIOR);
    return r < DAMAGE_RATE ? log(DAMAGE_RATE / r) : 0;
}

/* log of how much likelier a present tense is two words after v than anywhere: "før" is
 * followed two words on by one a third of the time ("før du går"), "for" seldom. The Viterbi
 * over bigrams cannot see that far; S_skip_evidence adds it to a word's score when the
 * likeliest reading two words on is a present tense. (Infinitives, nouns and the rest two words
 * on were no guide on the dev sets.) */
static double S_skip(const engine *E, uint32_t v)
{
    const pd_ocr_model *m = &E->nz->m;
    if (!v || m->uni_total <= 0 || m->pres_total <= 0)
        return 0;
    double pri = m->pres_total / m->uni_total, a = E->nz->verb_a;
    return E->nz->skip_w * log((pd_lm_pres_next2(m, v) + a * pri) / (pd_lm_next2(m, v) + a) / pri);
}

static void S_viterbi(engine *E, word *w, size_t n, const char *text, const double *extra,
                      double *best, int *back, size_t *base)
{
    /* best[j] for the candidates of each word; back pointers per candidate */
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        base[i] = off;
        const ncand *cs = E->cands + w[i].first;
        for (size_t j = 0; j < w[i].n; j++) {
            double e = S_emit(E, &w[i], &cs[j], text) + S_final(E, &w[i], &cs[j]) + extra[off + j];
            double b = -INFINITY;
            int bp = 0;
            if (i == 0)
                b = S_trans(E, &w[i], NULL, &cs[j]);
            else {
                const ncand *ps = E->cands + w[i - 1].first;
                for (size_t k = 0; k < w[i - 1].n; k++) {
                    int sp;
                    double mg;
                    double s =
                        best[base[i - 1] + k] + S_trans_joined(E, &w[i], &ps[k], &cs[j], &sp, &mg);
                    if (s > b) {
                        b = s;
                        bp = (int)k;
                    }
                }
            }
            best[off + j] = b + e;
            back[off + j] = bp;
        }
        off += w[i].n;
    }
    if (n > 0) {
        size_t i = n - 1;
        int bj = 0;
        for (size_t j = 1; j < w[i].n; j++)
            if (best[base[i] + j] > best[base[i] + (size_t)bj])
                bj = (int)j;
        for (;;) {
            w[i].choice = bj;
            if (i == 0)
                break;
            bj = back[base[i] + (size_t)bj];
            i--;
        }
    }
}

/* The flags of a word's likeliest reading out of context ("gar": "går"). */
static unsigned S_guess_flags(const engine *E, const word *w)
{
    const ncand *cs = E->cands + w->first, *best = cs;
    for (size_t j = 1; j < w->n; j++)
        if (-cs[j].cost + log(cs[j].p_first) > -best->cost + log(best->p_first))
            best = &cs[j];
    return best->first_flags;
}

/* The skip evidence for each candidate of a word with a choice, where the likeliest reading
 * two words on in the same sentence is a present tense. (Taking the Viterbi's own choice there
 * needs a second pass over the sentence, which cost a third of the throughput for the same
 * result on the dev sets.) */
static void S_skip_evidence(const engine *E, const word *w, size_t n, double *extra)
{
    size_t off = 0;
    for (size_t i = 0; i < n; off += w[i].n, i++) {
        if (w[i].n < 2 || i + 2 >= n || w[i + 1].tok.sent_start || w[i + 1].tok.ctx_break ||
            w[i + 2].tok.sent_start || w[i + 2].tok.ctx_break)
            continue;
        unsigned far = S_guess_flags(E, &w[i + 2]);
        if (!(far & PD_LEX_PRES) || (far & PD_LEX_VERB))
            continue;
        for (size_t j = 0; j < w[i].n; j++) {
            const ncand *c = E->cands + w[i].first + j;
            extra[off + j] = c->kind == K_KEEP_INVALID ? 0 : S_skip(E, c->id_last);
        }
    }
}

static void S_decide(engine *E, word *w, size_t n, const char *text, double *conf)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i].n;
    double *best = pd_xmalloc((total ? total : 1) * sizeof *best);
    double *extra = pd_xcalloc(total ? total : 1, sizeof *extra);
    int *back = pd_xmalloc((total ? total : 1) * sizeof *back);
    size_t *base = pd_xmalloc((n ? n : 1) * sizeof *base);
    if (E->nz->skip_w > 0)
        S_skip_evidence(E, w, n, extra);
    S_viterbi(E, w, n, text, extra, best, back, base);
    for (size_t i = 0; i < n; i++) {
        double mg = 0;
        w[i].space = 0;
        if (i > 0)
            S_trans_joined(E, &w[i], E->cands + w[i - 1].first + w[i - 1].choice,
                           E->cands + w[i].first + w[i].choice, &w[i].space, &mg);
        w[i].jconf = 1 / (1 + exp(-fabs(mg)));
        /* marks the scanner found standing where a space was have no other reading */
        if (w[i].tok.glue) {
            w[i].space = 1;
            w[i].jconf = 1;
        }
    }
    /* confidence: the chosen candidate's share with its neighbours' choices fixed */
    for (size_t i = 0; i < n; i++) {
        conf[i] = 1.0;
        if (w[i].n < 2)
            continue;
        const ncand *cs = E->cands + w[i].first;
        const ncand *prev = i > 0 ? E->cands + w[i - 1].first + w[i - 1].choice : NULL;
        const ncand *next = i + 1 < n ? E->cands + w[i + 1].first + w[i + 1].choice : NULL;
        double sc[PD_CAND_MAX + 1], mx = -INFINITY;
        for (size_t j = 0; j < w[i].n; j++) {
            int sp;
            double mg;
            sc[j] = S_emit(E, &w[i], &cs[j], text) + S_final(E, &w[i], &cs[j]) +
                    extra[base[i] + j] + S_trans_joined(E, &w[i], prev, &cs[j], &sp, &mg);
            if (next)
                sc[j] += S_trans_joined(E, &w[i + 1], &cs[j], next, &sp, &mg);
            if (sc[j] > mx)
                mx = sc[j];
        }
        double sum = 0;
        for (size_t j = 0; j < w[i].n; j++)
            sum += exp(sc[j] - mx);
        conf[i] = exp(sc[w[i].choice] - mx) / sum;
    }
    free(best);
    free(extra);
    free(back);
    free(base);
}

/* ------------------------------------------------------ look-alike capitals */

/* Small letters whose capital has the same shape, only bigger: the OCR reads one that begins a
 * word as its capital now and then ("Skal", "Kommunen"), most of all in sans-serif type. */
static int S_lookalike_cap(uint32_t c)
{
    return c && c < 0x80 && strchr("CKOPSUVWXZ", (int)c) != NULL;
}

/* Whether a token begins with a capital (or is a "|" read for I). */
static int S_token_cap(const char *text, const pd_scan_token *t)
{
    size_t l;
    uint32_t c = pd_scan_utf8((const unsigned char *)text + t->off, t->len, &l);
    return S_upper_cp(c) || c == '|';
}

/* The length in characters of the longest line of text[0..len). */
static size_t S_longest_line(const char *text, size_t len)
{
    size_t best = 0, cur = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            best = cur > best ? cur : best;
            cur = 0;
        } else if ((c & 0xC0) != 0x80)
            cur++;
    }
    return cur > best ? cur : best;
}

/* The lines of a text as its words see them, found in one pass (a line may be megabytes long,
 * and many of its words ask). */
typedef struct {
    uint32_t *line;         /* per word: its line */
    size_t *start;          /* per line: where it begins */
    uint32_t *words, *caps; /* per line: words, and words that begin with a capital */
    size_t longest;         /* characters of the longest line */
} case_lines;

static void S_case_lines(case_lines *L, const word *w, size_t n, const char *text, size_t len)
{
    L->line = pd_xmalloc((n ? n : 1) * sizeof *L->line);
    L->start = pd_xmalloc((n ? n : 1) * sizeof *L->start);
    L->words = pd_xcalloc(n ? n : 1, sizeof *L->words);
    L->caps = pd_xcalloc(n ? n : 1, sizeof *L->caps);
    size_t lines = 0, prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        size_t off = w[i].tok.off;
        if (i == 0 || memchr(text + prev_end, '\n', off - prev_end)) {
            size_t a = off;
            while (a > prev_end && text[a - 1] != '\n')
                a--;
            L->start[lines++] = a;
        }
        L->line[i] = (uint32_t)(lines - 1);
        L->words[lines - 1]++;
        L->caps[lines - 1] += (uint32_t)S_token_cap(text, &w[i].tok);
        prev_end = off + w[i].tok.len;
    }
    L->longest = S_longest_line(text, len);
}

static void S_case_lines_free(case_lines *L)
{
    free(L->line);
    free(L->start);
    free(L->words);
    free(L->caps);
}

/* Whether word i looks like a small letter read as its capital: a look-alike capital
 * (S_lookalike_cap) on a word otherwise in small letters, inside a sentence. Not where a
 * capital is to be expected or allowed: at a sentence, paragraph, heading or list item start,
 * after a colon, a bracket or a quote, in a hyphenated compound; not next to another
 * capitalised word (a name of several words, "Stavanger Kommune", or a title-cased heading). */
static int S_case_shape(const word *w, size_t n, size_t i, const char *text)
{
    const pd_scan_token *t = &w[i].tok;
    if (t->sent_start || t->ctx_break || !t->standalone || t->start != PD_START_NONE ||
        t->len < 2 || t->len > 4 * PD_CAND_MAX_CHARS ||
        !S_lookalike_cap((unsigned char)text[t->off]))
        return 0; /* (the look-alike capitals are ASCII: no need to decode the rest first) */
    uint32_t obs[PD_CAND_MAX_CHARS];
    int too_long;
    size_t k = S_code_points((const unsigned char *)text + t->off, t->len, obs, &too_long);
    if (too_long || !S_lookalike_cap(obs[0]) || S_obs_case(obs, k) != 1)
        return 0;
    for (size_t j = 1; j < k; j++)
        if (!S_lower_cp(obs[j]))
            return 0; /* a digit or a mark: no word in small letters either way */
    if (i > 0 && S_token_cap(text, &w[i - 1].tok))
        return 0;
    if (i + 1 < n && S_token_cap(text, &w[i + 1].tok))
        return 0;
    /* nor two words off across a short word in small letters: a name of several words ("Vi i
     * Sarpsborg", "Senter for IKT") */
    if (i + 2 < n && w[i + 1].tok.len <= 3 && !w[i + 2].tok.sent_start &&
        S_token_cap(text, &w[i + 2].tok))
        return 0;
    if (i >= 2 && w[i - 1].tok.len <= 3 && !w[i - 1].tok.sent_start &&
        S_token_cap(text, &w[i - 2].tok))
        return 0;
    return 1;
}

/* The same judged from word i's line: not on a line that is a heading (Markdown's "#", or
 * mostly capitalised words: title case); at the start of a line only when the line before is
 * a full line that runs on into this one, not a heading of its own. */
static int S_case_line(const case_lines *L, const word *w, size_t i, const char *text)
{
    uint32_t l = L->line[i];
    size_t a = L->start[l];
    if (text[a] == '#')
        return 0;
    /* the word itself begins with a capital */
    if (L->words[l] < 3 || (L->caps[l] - 1) * 2 >= L->words[l] - 1)
        return 0;
    if (w[i].tok.line_start) {
        if (a == 0)
            return 0;
        size_t pa = a - 1, chars = 0;
        while (pa > 0 && text[pa - 1] != '\n') {
            pa--;
            chars += ((unsigned char)text[pa] & 0xC0) != 0x80;
        }
        if ((double)chars < CASE_LINE_FULL * (double)L->longest)
            return 0;
    }
    return 1;
}

/* P(the word was written in small letters) for candidate c of a word read with a look-alike
 * capital where S_case_context allows a small letter, the document having `times` such
 * capitals on this word as read. A name keeps its capital inside a sentence, a small letter
 * becomes a capital only at the OCR's rate: so the word's share of name uses inside sentences
 * in the clean text (smoothed towards a prior from the dictionary: whether it has a
 * capitalised entry) weighs against that rate, once for each time the document has it so. A
 * word that is no word in small letters is a name anyway: 0. */
static double S_case_small(const engine *E, const ncand *c, const ncand *prev, int english,
                           int line_start, unsigned times)
{
    if (c->kind == K_KEEP_INVALID || c->kind == K_KEEP_NUMBER || !(c->flags & PD_LEX_LOWER) ||
        S_is_split(E, c))
        return 0;
    /* an English word the dictionary does not have is likely part of an English phrase, where
     * capitals inside a sentence mark names and titles ("Packages (or Sources)") */
    if (english && (c->flags & PD_LEX_ADDED))
        return 0;
    const pd_ocr_model *m = &E->nz->m;
    double lower = pd_lm_lower(m, c->id_first), cap = pd_lm_cap_mid(m, c->id_first);
    double q0 = (c->flags & PD_LEX_CAP)    ? CASE_NAME_DICT
                : (c->flags & PD_LEX_STEM) ? CASE_NAME_STEM
                                           : CASE_NAME_PRIOR;
    double q = (cap + CASE_PRIOR_W * q0) / (lower + cap + CASE_PRIOR_W);
    /* the word going on from the one before, in small letters and capitalised by the OCR, or
     * as a name; or a new sentence whose full stop the OCR lost ("tekstfiler Kommandoen"):
     * how readily the word before ends a sentence and the word begins one tells */
    uint32_t v =
        prev && prev->kind != K_KEEP_INVALID && prev->kind != K_KEEP_NUMBER ? prev->id_last : 0;
    uint32_t b = E->nz->boundary;
    double go_on = exp(S_lp(E, v, c->id_first, c->p_first, c->first_flags));
    /* P(end | v) and P(w | start) from the pairs' own counts, drawn towards the overall share
     * of sentence ends: the bigram model's back-off would give "til" as many sentence ends as
     * any unseen follower */
    double p0 = S_p_uni(E, b, 1), a = CASE_STOP_A;
    double end = (pd_lm_bigram(m, v, b) + a * p0) / (pd_lm_count(m, v) + a);
    double begin = (pd_lm_bigram(m, b, c->id_first) + a * p0) / (pd_lm_count(m, c->id_first) + a);
    double stop = (line_start ? CASE_LINE_STOP_RATE : CASE_STOP_RATE) * end * begin / p0 *
                  exp(S_lp(E, 0, c->id_first, c->p_first, c->first_flags));
    double small = (1 - q) * pow(CASE_OCR_RATE, times ? times : 1) * go_on;
    return small / (small + q * go_on + stop);
}

/* ------------------------------------------------------- the document cache */

/* A document keeps using its own words: where OCR damaged a word beyond doubt ("aktgrer") and
 * it was repaired with confidence, the same word is likelier wherever its reading is ambiguous
 * ("aktorer", a valid word too). A repaired word counts as if seen CACHE_COUNT more times in
 * the clean text, so words the clean text knows well hardly move. S_dcache_apply returns 1
 * when any candidate gained. */
typedef struct {
    uint32_t codes, hash, count;
    uint8_t n;
} dcache_entry;

static dcache_entry *S_dcache_find(dcache_entry *t, size_t cap, const engine *E,
                                   const unsigned char *codes, size_t n, uint32_t h)
{
    for (size_t j = h & (cap - 1);; j = (j + 1) & (cap - 1)) {
        dcache_entry *e = &t[j];
        if (!e->count ||
            (e->hash == h && e->n == n && memcmp(E->arena.data + e->codes, codes, n) == 0))
            return e;
    }
}

static int S_dcache_apply(engine *E, const word *w, size_t n, const double *conf)
{
    size_t cap = 64, repairs = 0;
    for (size_t i = 0; i < n; i++)
        repairs += E->cands[w[i].first + w[i].choice].kind == K_ALT;
    while (cap < 2 * repairs)
        cap *= 2;
    dcache_entry *t = NULL;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        const ncand *c = E->cands + w[i].first + w[i].choice;
        if (c->kind != K_ALT || conf[i] < E->nz->cache_min_conf || S_is_split(E, c))
            continue;
        if (!t)
            t = pd_xcalloc(cap, sizeof *t);
        const unsigned char *codes = (const unsigned char *)E->arena.data + c->codes;
        uint32_t h = pd_ocr_hash(codes, c->n);
        dcache_entry *e = S_dcache_find(t, cap, E, codes, c->n, h);
        if (!e->count) {
            e->codes = c->codes;
            e->hash = h;
            e->n = c->n;
        }
        e->count++;
    }
    if (!t)
        return 0;
    double per = E->nz->cache_count / (E->nz->m.uni_total > 0 ? E->nz->m.uni_total : 1);
    for (size_t j = 0; j < E->n_cands; j++) {
        ncand *c = &E->cands[j];
        if ((c->kind != K_ALT && c->kind != K_KEEP_WORD && c->kind != K_KEEP_COMPOUND) || !c->n ||
            S_is_split(E, c))
            continue;
        const unsigned char *codes = (const unsigned char *)E->arena.data + c->codes;
        const dcache_entry *e = S_dcache_find(t, cap, E, codes, c->n, pd_ocr_hash(codes, c->n));
        if (!e->count)
            continue;
        /* once per word, however often it was repaired: a word the document repairs many
         * times ("være") must not crowd out its other readings ("vare" -> "våre") */
        c->p_first += (float)per;
        c->redo = 1;
        any = 1;
    }
    free(t);
    return any;
}

/* How the document's OCR reads ø and æ. Fonts differ: one page reads ø as o nearly always,
 * another as g, and a page of the first kind more likely hides "før" in a "for" as read. The
 * confident repairs of tokens that are no word as read are the document's evidence: the cost of
 * each common reading (pd_reading_share) moves by ln(document share / development share), the
 * document's counts drawn towards the development share with CHAN_PRIOR pseudo-readings, the
 * move held within CHAN_MAX nats. Returns 1 if any candidate changed. */
#define CHAN_PRIOR 10.0
#define CHAN_MAX 2.0
static int S_channel_adapt(engine *E, const word *w, size_t n, const double *conf)
{
    /* (not in a text cleaner than OCR's kind: its few repairs are mostly of words that were
     * never damaged, and would teach the rest of it their readings) */
    if (E->clean_bonus > 0)
        return 0;
    size_t ng = pd_reading_groups();
    double count[PD_MAX_READING_GROUPS + 1] = {0}, delta[PD_MAX_READING_GROUPS + 1] = {0};
    double total[PD_CODE_MAX + 1] = {0}, prior[PD_CODE_MAX + 1] = {0};
    for (size_t i = 0; i < n; i++) {
        const ncand *c = E->cands + w[i].first + w[i].choice;
        if (E->cands[w[i].first].kind != K_KEEP_INVALID || c->kind != K_ALT ||
            conf[i] < E->nz->cache_min_conf)
            continue;
        for (size_t k = 0; k < c->n_reads; k++)
            count[c->reads[k]]++;
    }
    for (unsigned g = 1; g <= ng; g++)
        if (pd_reading_share(g) > 0) {
            total[pd_reading_letter(g)] += count[g];
            prior[pd_reading_letter(g)] += pd_reading_share(g);
        }
    int any = 0;
    for (unsigned g = 1; g <= ng; g++) {
        unsigned l = pd_reading_letter(g);
        if (pd_reading_share(g) <= 0 || total[l] <= 0)
            continue;
        double e = pd_reading_share(g) / prior[l];
        double share = (count[g] + CHAN_PRIOR * e) / (total[l] + CHAN_PRIOR);
        delta[g] = fmax(-CHAN_MAX, fmin(CHAN_MAX, log(share / e)));
        any |= delta[g] != 0;
    }
    if (!any)
        return 0;
    any = 0;
    for (size_t j = 0; j < E->n_cands; j++) {
        ncand *c = &E->cands[j];
        double d = 0;
        for (size_t k = 0; k < c->n_reads; k++)
            d += delta[c->reads[k]];
        if (c->kind != K_ALT || d == 0)
            continue;
        c->cost -= (float)d;
        c->redo = 1;
        any = 1;
    }
    return any;
}

/* ------------------------------------------------------------------ driver */

typedef struct {
    int line;
    int delta; /* characters removed */
    size_t off_end;
    long byte_delta;
} shift;

static void S_add_change(pd_ocr_result *r, size_t *cap, int line, int col, size_t off,
                         const char *before, size_t blen, const char *after, size_t alen,
                         double conf, const char *reason, int applied, int was_word)
{
    if (r->n_changes == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        r->changes = pd_xrealloc(r->changes, *cap * sizeof *r->changes);
    }
    pd_ocr_change *c = &r->changes[r->n_changes++];
    c->line = line;
    c->column = col;
    c->offset = off;
    c->before = pd_xstrndup(before, blen);
    c->after = pd_xstrndup(after, alen);
    c->confidence = conf;
    c->reason = pd_xstrdup(reason);
    c->applied = applied;
    c->was_word = was_word;
}

/* Advances (line, col) from offset *at to off in text. */
static void S_advance(const char *text, size_t *at, size_t off, int *line, int *col)
{
    for (size_t i = *at; i < off; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            (*line)++;
            *col = 1;
        } else if ((c & 0xC0) != 0x80)
            (*col)++;
    }
    *at = off;
}

static int S_space_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Pass 1: mojibake, run by run, in the text the mask leaves open. */
static char *S_mojibake(const pd_normalizer *nz, const char *text, size_t len, size_t *out_len,
                        pd_ocr_result *r, size_t *cap, shift **shifts, size_t *n_shifts)
{
    int any = 0;
    for (size_t i = 0; i < len && !any; i++)
        any = (unsigned char)text[i] >= 0xC2;
    if (!any)
        return NULL;
    uint8_t *prot = pd_xmalloc(len ? len : 1);
    pd_scan_mask(text, len, nz->markdown, prot);
    pd_buf out = {0}, rep = {0};
    size_t done = 0, at = 0, shift_cap = 0;
    int line = 1, col = 1, changed = 0;
    long byte_delta = 0;
    int line_delta = 0, cur_line = 0;
    for (size_t i = 0; i < len;) {
        if (prot[i] || S_space_byte((unsigned char)text[i])) {
            i++;
            continue;
        }
        size_t b = i;
        int high = 0;
        while (b < len && !prot[b] && !S_space_byte((unsigned char)text[b])) {
            high |= (unsigned char)text[b] >= 0x80;
            b++;
        }
        rep.len = 0;
        if (high && pd_mojibake_repair(text + i, b - i, &rep)) {
            S_advance(text, &at, i, &line, &col);
            if (line != cur_line) {
                cur_line = line;
                line_delta = 0;
            }
            int applied = 0.99 >= nz->min_confidence;
            S_add_change(r, cap, line, col, i, text + i, b - i, rep.data, rep.len, 0.99, "mojibake",
                         applied, 0);
            if (applied) {
                pd_buf_put(&out, text + done, i - done);
                pd_buf_put(&out, rep.data, rep.len);
                done = b;
                changed = 1;
                int d = (int)pd_utf8_len(text + i, b - i) - (int)pd_utf8_len(rep.data, rep.len);
                line_delta += d;
                byte_delta += (long)(b - i) - (long)rep.len;
                if (*n_shifts == shift_cap) {
                    shift_cap = shift_cap ? shift_cap * 2 : 16;
                    *shifts = pd_xrealloc(*shifts, shift_cap * sizeof **shifts);
                }
                shift *s = &(*shifts)[(*n_shifts)++];
                s->line = line;
                s->delta = d;
                s->off_end = out.len;
                s->byte_delta = (long)(b - i) - (long)rep.len;
            }
        }
        i = b;
    }
    free(prot);
    pd_buf_free(&rep);
    if (!changed) {
        pd_buf_free(&out);
        return NULL;
    }
    pd_buf_put(&out, text + done, len - done);
    (void)byte_delta;
    return pd_buf_detach(&out, out_len);
}

int pd_normalize_text(const pd_normalizer *nz, const char *path, const char *text, size_t len,
                      pd_ocr_result *out, pd_diags *d)
{
    memset(out, 0, sizeof *out);
    size_t bad = pd_utf8_invalid_offset((const unsigned char *)text, len);
    if (bad < len) {
        int line, col;
        pd_text_position(text, bad, &line, &col);
        return pd_error(d, path, line, col, "invalid UTF-8 at byte offset %zu", bad);
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        int line, col;
        pd_text_position(text, (size_t)(nul - text), &line, &col);
        return pd_error(d, path, line, col, "NUL byte at byte offset %zu", (size_t)(nul - text));
    }

    size_t cap = 0;
    shift *shifts = NULL;
    size_t n_shifts = 0, len1 = len;
    char *fixed = S_mojibake(nz, text, len, &len1, out, &cap, &shifts, &n_shifts);
    const char *t1 = fixed ? fixed : text;
    size_t n_moji = out->n_changes;

    uint8_t *prot = pd_xmalloc(len1 ? len1 : 1);
    pd_scan_mask(t1, len1, nz->markdown, prot);
    pd_scan_tokens toks = {0};
    pd_scan_words(t1, len1, prot, &toks);
    free(prot);

    engine E = {.nz = nz};
    E.lp = pd_xcalloc(LP_MEMO, sizeof *E.lp);
    pd_buf_put(&E.arena, "", 1); /* offset 0 is never a key */
    word *w = pd_xmalloc((toks.n ? toks.n : 1) * sizeof *w);
    for (size_t i = 0; i < toks.n; i++) {
        /* every distinct word is analysed once */
        const centry *ce = S_lookup(&E, t1, toks.v[i].off, toks.v[i].len);
        w[i].tok = toks.v[i];
        w[i].first = ce->first;
        w[i].n = ce->n;
        w[i].choice = 0;
        /* A fragment ("sam- og mot-", "arbeidspros-" at a line end) is no whole word, so not
         * being one is no sign of damage: when it begins a lexicon word it stays as written. */
        if (w[i].tok.fragment && w[i].n > 1 && S_begins_word(&E, t1, &w[i].tok))
            w[i].n = 1;
        /* a letter quoted alone ("bokstaven «d»", "en e-acute («é»)") is a letter being
         * named, no word of the sentence */
        if (S_quoted_letter(t1, len1, &w[i].tok))
            w[i].n = 1;
        /* a letter that a hyphen or a slash ties to what is around it ("A-IKT", "A/S",
         * "B-A"), where no hyphen is weighed as a space, is a letter of a compound or an
         * abbreviation, not "Å" */
        if (w[i].tok.len == 1) {
            size_t o = w[i].tok.off;
            char after = o + 1 < len1 ? t1[o + 1] : 0, before = o > 0 ? t1[o - 1] : 0;
            int next_joined = i + 1 < toks.n && toks.v[i + 1].joined;
            if (!w[i].tok.joined && !next_joined &&
                (after == '-' || after == '/' || before == '-' || before == '/'))
                w[i].n = 1;
            /* so is a capital A before a hyphen inside a sentence ("(A-klasse)"), where a
             * space read as the hyphen is weighed too: the OCR reads a small å as A seldom
             * (S_render) */
            if (t1[o] == 'A' && next_joined && !w[i].tok.sent_start && !w[i].tok.line_start &&
                w[i].tok.start == PD_START_NONE)
                w[i].n = 1;
        }
    }
    S_code_words(&E, t1, len1, w, toks.n, nz->markdown);
    S_units(&E, t1, w, toks.n);
    S_english_phrases(&E, t1, w, toks.n);
    S_english_lines(&E, w, toks.n);
    out->words = toks.n;
    for (size_t i = 0; i < toks.n; i++) {
        w[i].number_ok = 0;
        if (i + 1 < toks.n && !w[i + 1].tok.sent_start &&
            (!w[i + 1].tok.ctx_break ||
             /* a quoted verb ("å «rense» maskinene"), which the quote hides from the
              * language model */
             (S_only_quotes(t1, &w[i].tok, &w[i + 1].tok) &&
              (S_guess_flags(&E, &w[i + 1]) & PD_LEX_VERB)))) {
            size_t l;
            const unsigned char *p = (const unsigned char *)t1 + w[i + 1].tok.off;
            uint32_t c = pd_scan_utf8(p, w[i + 1].tok.len, &l);
            /* "3 Igse": an I (or |) that the next word's likeliest repair reads as l */
            if ((c == 'I' || c == '|') && w[i + 1].n > 1 &&
                E.cands[w[i + 1].first].kind == K_KEEP_INVALID &&
                (E.cands[w[i + 1].first + 1].rules & PD_RULE_IL))
                c = 'l';
            /* "4 Apne": so is an A that is the small å of an infinitive (S_aa_verb) */
            if (c == 'A' && S_aa_verb(&E, &w[i + 1]))
                c = 'a';
            w[i].number_ok = S_lower_cp(c);
        }
    }

    E.clean_bonus = S_clean_bonus(&E, w, toks.n);
    double *conf = pd_xmalloc((toks.n ? toks.n : 1) * sizeof *conf);
    /* decide sentence by sentence: context never crosses a sentence boundary */
    for (size_t a = 0; a < toks.n;) {
        size_t b = a + 1;
        while (b < toks.n && !w[b].tok.sent_start)
            b++;
        S_decide(&E, w + a, b - a, t1, conf + a);
        a = b;
    }
    /* then once more where the document's own repairs make a word likelier, or tell how its OCR
     * reads ø and æ */
    int redo = S_dcache_apply(&E, w, toks.n, conf);
    redo |= S_channel_adapt(&E, w, toks.n, conf);
    if (redo)
        for (size_t a = 0; a < toks.n;) {
            size_t b = a + 1;
            while (b < toks.n && !w[b].tok.sent_start)
                b++;
            int touched = 0;
            for (size_t i = a; i < b && !touched; i++)
                for (size_t j = 0; j < w[i].n && !touched; j++)
                    touched = E.cands[w[i].first + j].redo;
            if (touched)
                S_decide(&E, w + a, b - a, t1, conf + a);
            a = b;
        }

    /* look-alike capitals where a small letter may stand, and how often the document has each
     * word as read so */
    uint8_t *case_ok = NULL;
    unsigned *case_times = NULL;
    case_lines lines = {0};
    for (size_t i = 0; i < toks.n; i++) {
        if (!S_case_shape(w, toks.n, i, t1))
            continue;
        if (!case_ok) {
            case_ok = pd_xcalloc(toks.n, 1);
            case_times = pd_xcalloc(E.n_cands ? E.n_cands : 1, sizeof *case_times);
            S_case_lines(&lines, w, toks.n, t1, len1);
        }
        if (!S_case_line(&lines, w, i, t1))
            continue;
        case_ok[i] = 1;
        case_times[w[i].first]++;
    }
    if (case_ok)
        S_case_lines_free(&lines);

    /* pass 2 output */
    pd_buf res = {0}, after = {0};
    size_t done = 0, at = 0, sh = 0;
    int line = 1, col = 1;
    int col_shift = 0, shift_line = 0;
    long off_shift = 0;
    pd_ocr_change *moji = out->changes;
    size_t moji_n = n_moji;
    out->changes = NULL;
    out->n_changes = 0;
    cap = 0;
    size_t mi = 0;
    for (size_t i = 0; i < toks.n; i++) {
        const ncand *c = E.cands + w[i].first + w[i].choice;
        double small =
            case_ok && case_ok[i]
                ? S_case_small(&E, c, E.cands + w[i - 1].first + w[i - 1].choice,
                               S_is_english(&E, &w[i]), w[i].tok.line_start, case_times[w[i].first])
                : 0;
        /* a repair takes a small letter only when that is likely in itself; a word kept as
         * read is reported from CASE_REPORT_MIN on, for review */
        int lower = small > 0 &&
                    (c->kind == K_ALT ? small >= nz->min_confidence : small >= CASE_REPORT_MIN);
        if (c->kind != K_ALT && !w[i].space && !lower)
            continue;
        /* a hyphen read where the space was becomes the space again: the change begins at
         * the hyphen */
        size_t hl = !w[i].space                   ? 0
                    : w[i].tok.glue               ? w[i].tok.glue
                    : t1[w[i].tok.off - 1] == '-' ? 1
                                                  : 3;
        size_t off0 = w[i].tok.off - hl, len0 = w[i].tok.len + hl;
        after.len = 0;
        if (hl)
            pd_buf_putc(&after, ' ');
        if (c->kind == K_ALT)
            S_render(&E, c, &w[i].tok, t1, &after);
        else
            pd_buf_put(&after, t1 + w[i].tok.off, w[i].tok.len);
        /* the look-alike capital as read, if the repair kept it */
        if (lower && after.len > hl && after.data[hl] == t1[w[i].tok.off] &&
            after.data[hl] >= 'A' && after.data[hl] <= 'Z')
            after.data[hl] = (char)(after.data[hl] + ('a' - 'A'));
        else
            lower = 0;
        if (after.len == len0 && memcmp(after.data, t1 + off0, after.len) == 0)
            continue;
        S_advance(t1, &at, off0, &line, &col);
        /* position in the input: undo the mojibake repairs earlier on the line */
        if (line != shift_line) {
            shift_line = line;
            col_shift = 0;
        }
        while (sh < n_shifts && shifts[sh].off_end <= off0) {
            if (shifts[sh].line == line)
                col_shift += shifts[sh].delta;
            off_shift += shifts[sh].byte_delta;
            sh++;
        }
        while (mi < moji_n && moji[mi].offset <= off0 + (size_t)off_shift) {
            if (out->n_changes == cap) {
                cap = cap ? cap * 2 : 64;
                out->changes = pd_xrealloc(out->changes, cap * sizeof *out->changes);
            }
            out->changes[out->n_changes++] = moji[mi++];
        }
        char reason[64];
        pd_rules_text((c->kind == K_ALT ? c->rules : 0) | (hl ? PD_RULE_SPLIT : 0) |
                          (lower ? PD_RULE_CASE : 0),
                      reason, sizeof reason);
        double cf = c->kind != K_ALT             ? (lower ? small : w[i].jconf)
                    : hl && w[i].jconf < conf[i] ? w[i].jconf
                                                 : conf[i];
        if (lower && c->kind == K_ALT && small < cf)
            cf = small;
        int applied = cf >= nz->min_confidence;
        const ncand *keep = E.cands + w[i].first;
        S_add_change(out, &cap, line, col + col_shift, off0 + (size_t)off_shift, t1 + off0, len0,
                     after.data, after.len, cf, reason, applied,
                     keep->kind == K_KEEP_WORD || keep->kind == K_KEEP_COMPOUND);
        if (applied) {
            pd_buf_put(&res, t1 + done, off0 - done);
            pd_buf_put(&res, after.data, after.len);
            done = off0 + len0;
        }
    }
    while (mi < moji_n) {
        if (out->n_changes == cap) {
            cap = cap ? cap * 2 : 64;
            out->changes = pd_xrealloc(out->changes, cap * sizeof *out->changes);
        }
        out->changes[out->n_changes++] = moji[mi++];
    }
    free(moji);
    pd_buf_put(&res, t1 + done, len1 - done);
    out->text = pd_buf_detach(&res, &out->len);

    pd_buf_free(&after);
    free(case_ok);
    free(case_times);
    free(conf);
    free(w);
    pd_scan_tokens_free(&toks);
    free(E.cands);
    free(E.cache);
    free(E.lp);
    pd_buf_free(&E.arena);
    free(shifts);
    free(fixed);
    return 0;
}

void pd_ocr_result_free(pd_ocr_result *r)
{
    for (size_t i = 0; i < r->n_changes; i++) {
        free(r->changes[i].before);
        free(r->changes[i].after);
        free(r->changes[i].reason);
    }
    free(r->changes);
    free(r->text);
    memset(r, 0, sizeof *r);
}

/* TSV fields must not contain tabs or line ends. */
static void S_tsv_field(pd_buf *b, const char *s)
{
    for (; *s; s++)
        pd_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

char *pd_ocr_report_tsv(const pd_ocr_result *r, size_t *len)
{
    pd_buf b = {0};
    pd_buf_puts(&b, "line\tcolumn\tbefore\tafter\tconfidence\treason\n");
    for (size_t i = 0; i < r->n_changes; i++) {
        const pd_ocr_change *c = &r->changes[i];
        pd_buf_printf(&b, "%d\t%d\t", c->line, c->column);
        S_tsv_field(&b, c->before);
        pd_buf_putc(&b, '\t');
        S_tsv_field(&b, c->after);
        pd_buf_printf(&b, "\t%.3f\t%s", c->confidence, c->applied ? "" : "review: ");
        S_tsv_field(&b, c->reason);
        pd_buf_putc(&b, '\n');
    }
    return pd_buf_detach(&b, len);
}
