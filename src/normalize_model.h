#ifndef POLIDOC_NORMALIZE_MODEL_H
#define POLIDOC_NORMALIZE_MODEL_H

/* The data behind OCR repair: a lexicon of Norwegian word forms as a minimised automaton (a
 * DAWG) and word unigram/bigram counts from clean text. Both are compiled at build time by
 * src/tools/mkocrmodel.c (from hunspell-no and born-digital Norwegian text) into one blob per
 * language, which normalize_data.c links into the binary as read-only data. Opening a model
 * only checks the blob and sets pointers into it: no allocation, no start-up cost, and one
 * model is shared read-only by every thread.
 *
 * Words are stored case-folded as strings of small letter codes (pd_lex_code); how a word may
 * be capitalised is kept in flags on the edge that ends it. */

#include <stddef.h>
#include <stdint.h>

#define PD_OCR_MAGIC "PDOCRM16"

/* Flags of a word in the lexicon (a union over the case variants it was seen in). */
enum {
    PD_LEX_LOWER = 1,     /* occurs in lower case ("mål") */
    PD_LEX_CAP = 2,       /* occurs capitalised only as a name would be ("Sarpsborg") */
    PD_LEX_UPPER = 4,     /* occurs in capitals ("KS", "NAV") */
    PD_LEX_STEM = 8,      /* a dictionary stem: may begin a compound ("læring|s|kultur") */
    PD_LEX_COMPOUND = 16, /* hunspell marks it as a compound part (COMPOUNDFLAG) */
    PD_LEX_CORPUS = 32,   /* seen in the clean text (domain vocabulary) */
    PD_LEX_VERB = 64,     /* an infinitive: a dictionary stem that has a present participle */
    PD_LEX_PRES = 128,    /* an infinitive + r ("går", "kjører"): likely a present tense */
    PD_LEX_NOUN = 256,    /* a noun (indefinite, singular or plural) that is no adjective or verb */
    PD_LEX_ADDED = 512,   /* known from the clean text or the attested list, not the dictionary */
    PD_LEX_NOTAIL = 1024, /* the analyser reads it only as a word that ends no compound ("våre") */
    PD_LEX_ATTESTED = 2048, /* in a list of forms seen in real text (tesseract-ocr-nor's) */
    PD_LEX_FINITE = 4096,   /* only a finite verb: "var", "kan", "ble", "lukkes" */
};

/* Letter codes: 1..26 a-z, then æ ø å and accented letters; 0 = not a letter of the lexicon. */
enum {
    PD_CODE_AE = 27,
    PD_CODE_OE = 28,
    PD_CODE_AA = 29,
    PD_CODE_HYPHEN = 41,
    PD_CODE_MAX = 43,
    PD_CODE_BOUNDARY = 63, /* the sentence boundary in the n-gram table */
};

/* The character model's alphabet: the letter codes, then any other character as read (a digit,
 * "@", "|"), then the word boundary. Grams of up to PD_CHAR_ORDER symbols are packed 6 bits a
 * symbol into one key (symbols are never 0, so the length is implied). */
enum {
    PD_CHAR_OTHER = PD_CODE_MAX + 1,
    PD_CHAR_EDGE = PD_CODE_MAX + 2,
    PD_CHAR_SYMBOLS = PD_CHAR_EDGE,
    PD_CHAR_ORDER = 5,
};
_Static_assert(PD_CHAR_ORDER * 6 <= 32, "a gram's key holds 6 bits a symbol");

/* Maps a lower-case code point to its code, or 0. Upper-case letters map to 0: fold first. */
static inline unsigned pd_lex_code(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 'a' + 1;
    switch (cp) {
    case 0xE6:
        return 27; /* æ */
    case 0xF8:
        return 28; /* ø */
    case 0xE5:
        return 29; /* å */
    case 0xE9:
        return 30; /* é */
    case 0xE8:
        return 31; /* è */
    case 0xEA:
        return 32; /* ê */
    case 0xF3:
        return 33; /* ó */
    case 0xF2:
        return 34; /* ò */
    case 0xF4:
        return 35; /* ô */
    case 0xFC:
        return 36; /* ü */
    case 0xE4:
        return 37; /* ä */
    case 0xF6:
        return 38; /* ö */
    case 0xE7:
        return 39; /* ç */
    case 0xEB:
        return 40; /* ë */
    case '-':
        return 41;
    case '\'':
        return 42;
    case 0xE1:
        return 43; /* á */
    default:
        return 0;
    }
}

/* The lower-case code point of a code (inverse of pd_lex_code). */
static inline uint32_t pd_lex_char(unsigned code)
{
    static const uint16_t tab[] = {
        0,    'a',  'b',  'c',  'd',  'e',  'f',  'g',  'h',  'i',  'j',  'k', 'l',  'm',  'n',
        'o',  'p',  'q',  'r',  's',  't',  'u',  'v',  'w',  'x',  'y',  'z', 0xE6, 0xF8, 0xE5,
        0xE9, 0xE8, 0xEA, 0xF3, 0xF2, 0xF4, 0xFC, 0xE4, 0xF6, 0xE7, 0xEB, '-', '\'', 0xE1};
    return code < sizeof tab / sizeof tab[0] ? tab[code] : 0;
}

/* --- the blob (little-endian, 8-byte aligned sections) --- */

typedef struct {
    char magic[8];
    uint32_t lang; /* 'n','b' or 'n','n' packed as lang[0] | lang[1] << 8 */
    uint32_t n_edges;
    uint32_t root;      /* the first edge of the start state */
    uint32_t uni_slots; /* power of two */
    uint32_t bi_slots;  /* power of two */
    uint32_t strings_len;
    uint64_t uni_total; /* tokens counted (boundaries included) */
    uint32_t uni_types;
    uint32_t lex_words;
    uint64_t verb_total; /* tokens of PD_LEX_VERB words */
    uint64_t pres_total; /* tokens of PD_LEX_PRES words that are no PD_LEX_VERB */
    uint64_t noun_total; /* tokens of PD_LEX_NOUN words */
    uint64_t bi_types;   /* distinct bigrams (boundaries included) */
    uint64_t hyph_total; /* pairs of words joined by a hyphen ("e-post") */
    uint64_t edges_off, uni_off, bi_off, strings_off;
    uint64_t char_off;   /* the character model: char_slots pd_char_slot */
    uint32_t char_slots; /* power of two */
    float char_floor;    /* log P of a symbol never seen in the forms (any "other") */
    uint64_t eng_off;    /* English words: eng_n sorted pd_eng_hash values */
    uint64_t eng_n;
    uint32_t att_words; /* lexicon words marked PD_LEX_ATTESTED (0: the model has no such list) */
    uint32_t reserved;
    uint64_t fin_total; /* tokens of PD_LEX_FINITE words of no other class */
} pd_ocr_header;

/* Edges of one state are stored together; `last` marks the state's final edge. `flags` are the
 * PD_LEX_* flags of the word that ends by taking this edge (0 when no word ends there). */
typedef struct {
    uint32_t target; /* first edge of the next state, or PD_LEX_NONE when it has none */
    uint8_t code;
    uint8_t flags;
    uint8_t last;
    uint8_t flags_hi; /* PD_LEX_* flags from 256 up, shifted right by 8 */
} pd_lex_edge;

#define PD_LEX_NONE 0xFFFFFFFFu

/* The PD_LEX_* flags of the word that ends by taking edge e. */
static inline unsigned pd_lex_edge_flags(const pd_lex_edge *e)
{
    return e->flags | (unsigned)e->flags_hi << 8;
}

typedef struct {
    uint32_t str; /* offset of the NUL-terminated code string in strings; 0 = empty slot */
    uint32_t count;
    uint32_t followers; /* distinct words seen after it (Witten-Bell smoothing) */
    uint32_t verb_next; /* how often a PD_LEX_VERB word follows it */
    uint32_t pres_next; /* how often a PD_LEX_PRES word (no PD_LEX_VERB) follows it */
    uint32_t preceders; /* distinct words (or the boundary) seen before it */
    uint32_t hyph_next; /* how often a hyphen joins a word to it ("e" in "e-post") */
    uint32_t hyph_prev; /* how often a hyphen joins it to a word before ("post") */
    uint32_t noun_next; /* how often a PD_LEX_NOUN word follows it */
    /* two words on, in the same sentence: how often any word, and a present tense (a PD_LEX_PRES
     * word that is no PD_LEX_VERB), is there ("før" du "går") */
    uint32_t next2, pres_next2;
    /* how often it is written in small letters, and capitalised after a word of the same
     * sentence (as a name is: "Stortinget", "Oslo") */
    uint32_t lower, cap_mid;
    uint32_t fin_next; /* how often a PD_LEX_FINITE word of no other class follows it */
} pd_uni_slot;

typedef struct {
    uint32_t a, b; /* unigram slot numbers + 1; 0 = empty slot */
    uint32_t count;
} pd_bi_slot;

/* One gram of the character model (an interpolated Kneser-Ney model of the letters of the
 * lexicon's word forms, each form counted once, stored as a back-off model). `lp` is log P(last
 * symbol | the others) and `lbow` the log back-off weight when the gram is the context of a symbol
 * never seen after it (0 when it is never a context), both in thousandths of a nat. */
typedef struct {
    uint32_t key; /* packed symbols; 0 = empty slot */
    int16_t lp;
    int16_t lbow;
} pd_char_slot;

#define PD_CHAR_UNIT 1e-3 /* nats per unit of lp and lbow */

static inline uint32_t pd_char_hash(uint32_t key)
{
    return (uint32_t)(((uint64_t)key * 0x9E3779B97F4A7C15ull) >> 32);
}

static inline const pd_char_slot *pd_char_find(const pd_char_slot *t, uint32_t mask, uint32_t key)
{
    for (uint32_t i = pd_char_hash(key) & mask;; i = (i + 1) & mask) {
        if (t[i].key == key)
            return &t[i];
        if (!t[i].key)
            return NULL;
    }
}

/* log P of the symbols sym[0..n) of one word, from boundary to boundary (the final boundary
 * scored too), under the character model t. floor: log P of a symbol never seen at all. */
static inline double pd_char_score(const pd_char_slot *t, uint32_t mask, double floor,
                                   const unsigned char *sym, size_t n)
{
    /* hist holds the symbols before the one scored, the newest in the low bits */
    uint32_t hist = PD_CHAR_EDGE;
    size_t held = 1;
    double lp = 0;
    for (size_t i = 0; i <= n; i++) {
        unsigned c = i < n ? sym[i] : PD_CHAR_EDGE;
        /* back off from the longest context until the gram was seen, paying each context's
         * back-off weight on the way */
        double acc = 0, p = floor;
        for (size_t k = held;; k--) {
            uint32_t ctx = k ? hist & ((1u << (6 * k)) - 1) : 0;
            const pd_char_slot *g = pd_char_find(t, mask, ctx << 6 | c);
            if (g) {
                p = g->lp * PD_CHAR_UNIT;
                break;
            }
            if (k == 0)
                break;
            const pd_char_slot *h = pd_char_find(t, mask, ctx);
            if (h)
                acc += h->lbow * PD_CHAR_UNIT;
        }
        lp += acc + p;
        hist = (hist << 6 | c) & ((1u << (6 * (PD_CHAR_ORDER - 1))) - 1);
        if (held < PD_CHAR_ORDER - 1)
            held++;
    }
    return lp;
}

/* The hash of an English word (small letters a-z) in the blob's English word set. */
static inline uint64_t pd_eng_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static inline uint32_t pd_ocr_hash(const unsigned char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

static inline uint32_t pd_ocr_hash2(uint32_t a, uint32_t b)
{
    uint64_t x = ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 29);
}

/* --- reading a model --- */

typedef struct {
    const pd_lex_edge *edges;
    uint32_t n_edges;
    uint32_t root;
    const pd_uni_slot *uni;
    uint32_t uni_mask;
    const pd_bi_slot *bi;
    uint32_t bi_mask;
    const char *strings;
    double uni_total;
    double verb_total, pres_total, noun_total, fin_total;
    double bi_types;
    double hyph_total;
    uint32_t uni_types;
    uint32_t lex_words;
    const pd_char_slot *chars;
    uint32_t char_mask;
    double char_floor;
    const uint64_t *eng;
    size_t eng_n;
    uint32_t att_words;
} pd_ocr_model;

/* Sets *m to the built-in model for lang ("nb" or "nn"; "no" = "nb"). Returns 0, or -1 when
 * there is no model for lang or the linked blob is damaged (then *m is zeroed). */
int pd_ocr_model_get(const char *lang, pd_ocr_model *m);

/* Checks a blob and sets *m to point into it (the blob must outlive *m). Returns 0 or -1. */
int pd_ocr_model_open(const void *blob, size_t len, pd_ocr_model *m);

/* Follows the edge labelled code out of state. Returns the next state (PD_LEX_NONE when the
 * next state has no edges, which is not an error) and sets *flags to the PD_LEX_* flags of the
 * word ending there; returns PD_LEX_NONE with *ok = 0 when there is no such edge. */
uint32_t pd_lex_step(const pd_ocr_model *m, uint32_t state, unsigned code, unsigned *flags,
                     int *ok);

/* The PD_LEX_* flags of the code string s[0..n), 0 when it is not in the lexicon. */
unsigned pd_lex_lookup(const pd_ocr_model *m, const unsigned char *codes, size_t n);

/* The n-gram id of a code string (0 when never seen in the clean text) and its count. */
uint32_t pd_lm_id(const pd_ocr_model *m, const unsigned char *codes, size_t n);
uint32_t pd_lm_count(const pd_ocr_model *m, uint32_t id);
/* How many distinct words (or the boundary) follow it in the clean text; 0 for id 0. */
uint32_t pd_lm_followers(const pd_ocr_model *m, uint32_t id);
/* How many distinct words (or the boundary) precede it in the clean text; 0 for id 0. */
uint32_t pd_lm_preceders(const pd_ocr_model *m, uint32_t id);
/* How often a hyphen joins a word after it, and it after a word, in the clean text ("e-post":
 * "e" the first, "post" the second); 0 for id 0. */
uint32_t pd_lm_hyph_next(const pd_ocr_model *m, uint32_t id);
uint32_t pd_lm_hyph_prev(const pd_ocr_model *m, uint32_t id);
/* How often an infinitive (PD_LEX_VERB) follows it in the clean text; 0 for id 0. */
uint32_t pd_lm_verb_next(const pd_ocr_model *m, uint32_t id);
/* The same for a present tense (PD_LEX_PRES and not PD_LEX_VERB). */
uint32_t pd_lm_pres_next(const pd_ocr_model *m, uint32_t id);
/* The same for a noun (PD_LEX_NOUN). */
uint32_t pd_lm_noun_next(const pd_ocr_model *m, uint32_t id);
/* The same for a finite verb of no other class (PD_LEX_FINITE). */
uint32_t pd_lm_fin_next(const pd_ocr_model *m, uint32_t id);
/* How often any word, and a present tense, comes two words after it in a sentence of the clean
 * text; 0 for id 0. */
uint32_t pd_lm_next2(const pd_ocr_model *m, uint32_t id);
uint32_t pd_lm_pres_next2(const pd_ocr_model *m, uint32_t id);
/* How often it is written in small letters, and capitalised inside a sentence after a word, in
 * the clean text; 0 for id 0. */
uint32_t pd_lm_lower(const pd_ocr_model *m, uint32_t id);
uint32_t pd_lm_cap_mid(const pd_ocr_model *m, uint32_t id);
uint32_t pd_lm_bigram(const pd_ocr_model *m, uint32_t a, uint32_t b);
/* log P of a word's letters under the character model: the code points cps[0..n) as read
 * (folded to lower case; a character outside the alphabet is PD_CHAR_OTHER) from boundary to
 * boundary. *symbols gets the number of symbols scored (n + 1, the final boundary included).
 * At most 256 code points are scored. */
double pd_char_logp(const pd_ocr_model *m, const uint32_t *cps, size_t n, size_t *symbols);

/* Whether obs (code points, any case) is a word of the English word list. */
int pd_eng_word(const pd_ocr_model *m, const uint32_t *obs, size_t n);
/* The id of the sentence boundary. */
uint32_t pd_lm_boundary(const pd_ocr_model *m);

#endif
