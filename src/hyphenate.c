/* libhyphen wrapper. The hyphen-no patterns are ISO 8859-1 and lower case, so words are converted
 * to lower-case Latin-1 before matching; a word with a letter outside Latin-1 (Sámi č, ŋ …) is not
 * hyphenated rather than matched wrongly. */

#include "hyphenate.h"
#include "fontset.h"
#include "hyphen_data.h"
#include "once.h"
#include "util.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pd_hyphenator {
    HyphenDict *dict;
    const HyphenDict *letters; /* the level that hyphenates words of letters alone */
};

enum {
    S_MIN_LETTERS = 6, /* shorter words are never hyphenated */
    S_MIN_LEFT = 2,
    S_MIN_RIGHT = 3,
    S_MAX_WORD = 64, /* longer "words" are not words (and libhyphen need not see them) */
};

/* The patterns for a language tag: 0 none, PD_HYPHEN_NB or PD_HYPHEN_NN. */
static int S_patterns(const char *lang)
{
    int which = 0;
    if (!lang || !strncmp(lang, "nb", 2) || !strncmp(lang, "no", 2))
        which = PD_HYPHEN_NB;
    else if (!strncmp(lang, "nn", 2))
        which = PD_HYPHEN_NN;
    if (lang && lang[2] != '\0' && lang[2] != '-')
        which = 0;
    return which;
}

/* libhyphen puts a first level in front of patterns that have none, breaking only at hyphens and
 * apostrophes ("1-1", "1'1"), and hyphenates the parts between with the file's patterns. The words
 * polidoc hyphenates are letters alone, so when the first level matches nothing but non-letters
 * the second is asked directly: the same breaks (checked over hunspell-no's word forms) for a
 * third less time, and hyphenation is the largest single cost of laying out a page. */
static const HyphenDict *S_letters_level(const HyphenDict *dict)
{
    if (!dict->nextlevel)
        return dict;
    for (int i = 0; i < dict->num_states; i++)
        for (int t = 0; t < dict->states[i].num_trans; t++) {
            unsigned char c = (unsigned char)dict->states[i].trans[t].ch;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0)
                return dict;
        }
    return dict->nextlevel;
}

int pd_hyphenator_new(const char *lang, pd_hyphenator **out, pd_diags *d)
{
    *out = NULL;
    int which = S_patterns(lang);
    if (!which)
        return 0;
    HyphenDict *dict = pd_hyphen_dict_open(which);
    if (!dict)
        return pd_error(d, NULL, 0, 0,
                        "internal error: the built-in hyphenation patterns for '%s' are damaged",
                        lang ? lang : "nb");
    *out = pd_xcalloc(1, sizeof **out);
    (*out)->dict = dict;
    (*out)->letters = S_letters_level(dict);
    return 0;
}

void pd_hyphenator_free(pd_hyphenator *h)
{
    if (!h)
        return;
    pd_hyphen_dict_free(h->dict);
    free(h);
}

struct pd_hyphenator_cache {
    pd_once dicts[3]; /* indexed by S_patterns */
};

pd_hyphenator_cache *pd_hyphenator_cache_new(void)
{
    pd_hyphenator_cache *c = pd_xcalloc(1, sizeof *c);
    for (int i = 0; i < 3; i++)
        pd_once_init(&c->dicts[i]);
    return c;
}

static void S_free_hyphenator(void *h)
{
    pd_hyphenator_free(h);
}

void pd_hyphenator_cache_free(pd_hyphenator_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < 3; i++)
        pd_once_destroy(&c->dicts[i], S_free_hyphenator);
    free(c);
}

static int S_load_hyphenator(void *lang, void **value, pd_diags *d)
{
    pd_hyphenator *h;
    int rc = pd_hyphenator_new(lang, &h, d);
    *value = h;
    return rc;
}

int pd_hyphenator_cache_get(pd_hyphenator_cache *c, const char *lang, const pd_hyphenator **out,
                            pd_diags *d)
{
    int which = S_patterns(lang);
    *out = NULL;
    if (!which)
        return 0;
    void *h;
    int rc = pd_once_get(&c->dicts[which], S_load_hyphenator, (void *)lang, &h, d);
    *out = h;
    return rc;
}

static int S_is_punct(uint32_t c)
{
    if (c > 0 && c < 0x80)
        return strchr("\"'().,:;!?[]", (int)c) != NULL;
    return c == 0xAB || c == 0xBB || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D ||
           c == 0x2026;
}

/* Lower-case Latin-1 letter for c, or 0 when c is not a Latin-1 letter. */
static unsigned char S_latin1_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (c >= 'a' && c <= 'z')
        return (unsigned char)c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return (unsigned char)(c + 32);
    if (c >= 0xDF && c <= 0xFF && c != 0xF7)
        return (unsigned char)c;
    return 0;
}

/* A per-thread memo of recent answers. Prose repeats its words (a policy document uses each
 * long word several times), and libhyphen allocates and walks its automaton for every call, so
 * this saves about half the hyphenation time of a layout. Direct-mapped and per thread: no locks,
 * bounded memory, and a collision only costs a recomputation. */
enum { S_MEMO_SLOTS = 2048, S_MEMO_WORD = 40, S_MEMO_BREAKS = 12 };

typedef struct {
    const pd_hyphenator *h; /* NULL: empty slot */
    uint8_t len, count;
    char word[S_MEMO_WORD];
    uint8_t breaks[S_MEMO_BREAKS];
} S_memo_slot;

static pthread_key_t S_memo_key;
static pthread_once_t S_memo_once = PTHREAD_ONCE_INIT;

static void S_memo_key_new(void)
{
    pthread_key_create(&S_memo_key, free);
}

static S_memo_slot *S_memo_slot_for(const pd_hyphenator *h, const char *s, size_t n)
{
    if (n > S_MEMO_WORD)
        return NULL;
    pthread_once(&S_memo_once, S_memo_key_new);
    S_memo_slot *memo = pthread_getspecific(S_memo_key);
    if (!memo) {
        memo = pd_xcalloc(S_MEMO_SLOTS, sizeof *memo);
        if (pthread_setspecific(S_memo_key, memo)) {
            free(memo);
            return NULL;
        }
    }
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        hash = (hash ^ (unsigned char)s[i]) * 16777619u;
    hash ^= (uint32_t)(uintptr_t)h; /* Bokmål and Nynorsk differ */
    return &memo[hash % S_MEMO_SLOTS];
}

static size_t S_hyphenate(const pd_hyphenator *h, const char *s, size_t n, size_t *breaks,
                          size_t max);

size_t pd_hyphenate(const pd_hyphenator *h, const char *s, size_t n, size_t *breaks, size_t max)
{
    if (!h || max == 0 || n == 0)
        return 0;
    S_memo_slot *slot = S_memo_slot_for(h, s, n);
    if (slot && slot->h == h && slot->len == n && !memcmp(slot->word, s, n)) {
        size_t count = slot->count < max ? slot->count : max;
        for (size_t i = 0; i < count; i++)
            breaks[i] = slot->breaks[i];
        return count;
    }
    size_t count = S_hyphenate(h, s, n, breaks, max);
    if (slot && count < max && count <= S_MEMO_BREAKS) {
        slot->h = h;
        slot->len = (uint8_t)n;
        slot->count = (uint8_t)count;
        memcpy(slot->word, s, n);
        for (size_t i = 0; i < count; i++)
            slot->breaks[i] = (uint8_t)breaks[i];
    }
    return count;
}

static size_t S_hyphenate(const pd_hyphenator *h, const char *s, size_t n, size_t *breaks,
                          size_t max)
{
    /* The letters between leading and trailing punctuation. */
    size_t start = 0, end = n;
    while (start < end) {
        size_t i = start;
        if (!S_is_punct(pd_utf8_next(s, n, &i)))
            break;
        start = i;
    }
    while (end > start) {
        size_t j = end - 1;
        while (j > start && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        size_t i = j;
        if (!S_is_punct(pd_utf8_next(s, n, &i)))
            break;
        end = j;
    }
    char latin[S_MAX_WORD + 1];
    size_t offset[S_MAX_WORD + 1]; /* byte offset in s after each letter */
    size_t letters = 0;
    for (size_t i = start; i < end;) {
        unsigned char l = S_latin1_lower(pd_utf8_next(s, end, &i));
        if (!l || letters == S_MAX_WORD)
            return 0;
        latin[letters] = (char)l;
        offset[letters++] = i;
    }
    if (letters < S_MIN_LETTERS)
        return 0;
    latin[letters] = '\0';
    char hyphens[S_MAX_WORD + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate2((HyphenDict *)h->letters, latin, (int)letters, hyphens, NULL, &rep,
                              &pos, &cut)) {
        free(rep), free(pos), free(cut);
        return 0;
    }
    size_t count = 0;
    for (size_t i = S_MIN_LEFT - 1; i + S_MIN_RIGHT < letters && count < max; i++) {
        if (!(hyphens[i] & 1))
            continue;
        if (rep && rep[i])
            continue; /* a spelling change: the halves would not rejoin to the source word */
        breaks[count++] = offset[i];
    }
    if (rep) {
        for (size_t i = 0; i < letters; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
