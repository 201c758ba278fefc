/* mkocrmodel: compiles the OCR repair model of one language (see src/normalize_model.h).
 *
 *   mkocrmodel --lang nb --forms FORMS --dic DIC [--aff AFF] [--morph FORMS2] [--attested LIST]
 *              [--not FORMS3] [--domain FILE.md]...
 *              [--text FILE]... -o OUT
 *
 * FORMS: every word form of the hunspell dictionary, one a line, UTF-8 (unmunch's output).
 * DIC:   the hunspell .dic itself in UTF-8: its stems may begin compounds.
 * AFF:   the hunspell .aff: a stem with a suffix flag that makes a present participle (-nde,
 *        -ende) is an infinitive (PD_LEX_VERB), and a form that is an infinitive + r a present
 *        tense (PD_LEX_PRES); how often one of each follows each word is counted.
 * --morph: the word forms of a morphological analyser (attforms' output, from apertium's
 *        Bokmål analyser, which comes from Norsk ordbank): the forms hunspell-no lacks, those
 *        that cannot pass for OCR damage, join the lexicon (see S_read_morph); the forms it
 *        reads only as a present or past tense, and the auxiliaries, are finite verbs
 *        (PD_LEX_FINITE), whose followers are counted as the other classes' are.
 * --domain: born-digital Markdown sources of content/: their words join the lexicon and the
 *        n-gram counts. A source whose front matter says `source: scanned` is skipped: repaired
 *        OCR must not teach the model.
 * --text: other clean text (HTML or plain); only paragraphs whose words are mostly in the
 *        lexicon are counted, which drops untranslated English passages.
 * --attested: a list of word forms seen in real text, one a line, without counts (tesseract-ocr-
 *        nor's word list): the lexicon's words it has (case-folded) are marked PD_LEX_ATTESTED,
 *        which tells a common word the clean text lacks from a rare or nonce form hunspell
 *        also accepts ("overførte", not "overforte"); some of its other words are added (see
 *        S_read_attested).
 * --not: word forms (one a line) of the other written standard, which the attested list (of
 *        both) does not add ("ikkje").
 * --closed: count only words of the dictionary and add none (for Nynorsk, whose clean text
 *        here is Bokmål: the shared words, "på", "må", "når", still get their counts).
 *
 * A build-time tool: it exits with a message on any error. Output is deterministic. */

#include "../normalize_model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mkocrmodel: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *S_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        S_die("out of memory");
    return p;
}

static void *S_grow(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        S_die("out of memory");
    return p;
}

static char *S_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        S_die("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = S_alloc(cap);
    for (;;) {
        if (n + 4096 > cap)
            buf = S_grow(buf, cap *= 2);
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Decodes one UTF-8 character at s (invalid bytes read as U+FFFD, one byte each). */
static uint32_t S_utf8(const unsigned char *s, const unsigned char *end, int *len)
{
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || s + n > end) {
        *len = 1;
        return 0xFFFD;
    }
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

static uint32_t S_fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    return cp;
}

static int S_is_upper(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}

/* ---------------------------------------------------------------- word table */

typedef struct {
    unsigned char *key; /* NUL-terminated code string */
    unsigned flags;
    uint32_t count;             /* n-gram count */
    uint32_t followers;         /* distinct words seen after it */
    uint32_t preceders;         /* distinct words seen before it */
    uint32_t verb_next;         /* times an infinitive followed it */
    uint32_t pres_next;         /* times a present tense followed it */
    uint32_t noun_next;         /* times a noun followed it */
    uint32_t fin_next;          /* times a finite verb of no other class followed it */
    uint32_t next2, pres_next2; /* words, present tenses two words on */
    uint32_t hyph_next;         /* times a hyphen joined a word to it ("e" in "e-post") */
    uint32_t hyph_prev;         /* times a hyphen joined it to the word before ("post") */
    uint32_t lower;             /* times seen in small letters */
    uint32_t cap_mid;           /* times seen capitalised after a word of the same sentence */
    uint32_t slot;              /* slot in the output unigram table + 1 */
} word;

typedef struct {
    word *w;
    size_t n, cap; /* cap: power of two */
} words;

static word *S_find(words *t, const unsigned char *key, size_t n, int add)
{
    if (t->cap == 0) {
        /* hunspell-no's ~0.94 million forms and the analyser's ~0.4 million more, at most half
         * full; words are never moved (the corpus keeps pointers to them) */
        t->cap = 1 << 22;
        t->w = S_alloc(t->cap * sizeof *t->w);
    }
    uint32_t h = pd_ocr_hash(key, n);
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        word *e = &t->w[i];
        if (!e->key) {
            if (!add)
                return NULL;
            if (t->n * 2 >= t->cap)
                S_die("word table full");
            e->key = S_alloc(n + 1);
            memcpy(e->key, key, n);
            t->n++;
            return e;
        }
        if (strlen((char *)e->key) == n && memcmp(e->key, key, n) == 0)
            return e;
    }
}

/* Converts one word (UTF-8) to codes; returns its length, 0 when a character is outside the
 * alphabet. *case_flags: PD_LEX_LOWER / CAP / UPPER by the word's spelling. */
static size_t S_codes(const char *s, size_t n, unsigned char *out, size_t max, unsigned *case_flags)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t k = 0, uppers = 0, letters = 0;
    int first_upper = 0;
    while (p < end) {
        int len;
        uint32_t cp = S_utf8(p, end, &len);
        p += len;
        if (S_is_upper(cp)) {
            if (letters == 0)
                first_upper = 1;
            uppers++;
        }
        unsigned c = pd_lex_code(S_fold(cp));
        if (!c || k + 1 >= max)
            return 0;
        if (c != PD_CODE_HYPHEN && c != 42)
            letters++;
        out[k++] = (unsigned char)c;
    }
    out[k] = 0;
    if (uppers == 0)
        *case_flags = PD_LEX_LOWER;
    else if (uppers == letters && letters > 1)
        *case_flags = PD_LEX_UPPER;
    else if (first_upper && uppers == 1)
        *case_flags = PD_LEX_CAP;
    else
        *case_flags = PD_LEX_UPPER; /* mixed case such as "McDonald" or "eID": keep as is */
    return k;
}

/* The next line of a text from S_slurp, its newline overwritten with NUL; *n its length. NULL
 * at the end of the text. */
static char *S_next_line(char **at, size_t *n)
{
    char *line = *at;
    if (!*line)
        return NULL;
    char *nl = strchr(line, '\n');
    *n = nl ? (size_t)(nl - line) : strlen(line);
    if (nl)
        *nl = 0;
    *at = line + *n + (nl != NULL);
    return line;
}

/* Reads a list of word forms, one a line: each gets the flags mark, or with mark 0 its case
 * flags (PD_LEX_LOWER / CAP / UPPER). */
static void S_read_forms(words *lex, const char *path, unsigned mark)
{
    size_t len;
    char *text = S_slurp(path, &len);
    unsigned char codes[256];
    size_t n;
    for (char *at = text, *line; (line = S_next_line(&at, &n));) {
        unsigned cf;
        size_t k = n ? S_codes(line, n, codes, sizeof codes, &cf) : 0;
        if (k)
            S_find(lex, codes, k, 1)->flags |= mark ? mark : cf;
    }
    free(text);
}

static int S_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The English word list (one word a line): the words in small letters a-z only, as sorted
 * hashes (names and possessives are left out). */
static uint64_t *S_read_english(const char *path, size_t *n_out)
{
    size_t len, n = 0, cap = 1 << 17;
    char *text = S_slurp(path, &len);
    uint64_t *h = S_alloc(cap * sizeof *h);
    size_t k;
    for (char *at = text, *line; (line = S_next_line(&at, &k));) {
        size_t j = 0;
        while (j < k && line[j] >= 'a' && line[j] <= 'z')
            j++;
        if (k > 0 && j == k) {
            if (n == cap)
                h = S_grow(h, (cap *= 2) * sizeof *h);
            h[n++] = pd_eng_hash(line, k);
        }
    }
    qsort(h, n, sizeof *h, S_cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || h[i] != h[u - 1])
            h[u++] = h[i];
    free(text);
    *n_out = u;
    return h;
}

/* ------------------------------------------------ a second lexicon: an analyser's forms */

/* Not stored: marks a word only the analyser's lexicon has while it is read, so that its forms
 * are checked against the hunspell lexicon alone, whatever their order. */
#define B_MORPH_ONLY 0x20000u
/* Not stored either: the analyser reads the form as one that may end a compound. */
#define B_MORPH_TAIL 0x40000u

static int S_known(words *lex, const unsigned char *codes, size_t k)
{
    word *w = S_find(lex, codes, k, 0);
    return w && (w->flags & (PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER)) &&
           !(w->flags & B_MORPH_ONLY);
}

/* Whether a form is what an OCR engine without æ, ø and å makes of a known word: the form with
 * up to `left` of the common readings undone (a for å or ø, o and g for ø, e, ee, ae and ze for
 * æ) is in the lexicon ("apne" of "åpne", "fa" of "få"). In OCR text such a form is far more
 * often the damaged common word than the rare one, and a word of the lexicon is never
 * repaired. */
static int S_shadows(words *lex, unsigned char *codes, size_t k, size_t from, int left)
{
    if (left < 2 && S_known(lex, codes, k))
        return 1;
    if (left == 0)
        return 0;
    const unsigned A = 1, E = 5, G = 7, O = 15, Z = 26;
    for (size_t i = from; i < k; i++) {
        unsigned c = codes[i];
        unsigned char save = codes[i];
        unsigned to[2] = {0, 0};
        if (c == A)
            to[0] = PD_CODE_AA, to[1] = PD_CODE_OE;
        else if (c == O || c == G)
            to[0] = PD_CODE_OE;
        else if (c == E)
            to[0] = PD_CODE_AE;
        for (int t = 0; t < 2; t++) {
            if (!to[t])
                continue;
            codes[i] = (unsigned char)to[t];
            int hit = S_shadows(lex, codes, k, i + 1, left - 1);
            codes[i] = save;
            if (hit)
                return 1;
        }
        /* two letters for one æ */
        if ((c == E || c == A || c == Z) && i + 1 < k && codes[i + 1] == E) {
            unsigned char tmp[256];
            memcpy(tmp, codes, i);
            tmp[i] = PD_CODE_AE;
            memcpy(tmp + i + 1, codes + i + 2, k - i - 2);
            if (S_shadows(lex, tmp, k - 1, i + 1, left - 1))
                return 1;
        }
    }
    return 0;
}

/* The other way round: whether a form with æ, ø or å, read as such an engine reads it (å as a,
 * ø as o, g, a or e, æ as e, ee or ae; each one read or kept), is a known word ("sø" read as
 * "se", "ø" as "e"). Added, the rare word would become the repair of the common one. */
static int S_read_as_known(words *lex, const unsigned char *codes, size_t k, size_t from)
{
    static const unsigned char aa[] = {1}, oe[] = {15, 7, 1, 5}, ae[] = {5};
    for (size_t i = from; i < k; i++) {
        const unsigned char *r = codes[i] == PD_CODE_AA   ? aa
                                 : codes[i] == PD_CODE_OE ? oe
                                 : codes[i] == PD_CODE_AE ? ae
                                                          : NULL;
        size_t nr = codes[i] == PD_CODE_AA ? sizeof aa : codes[i] == PD_CODE_OE ? sizeof oe : 1;
        if (!r)
            continue;
        unsigned char tmp[258];
        for (size_t j = 0; j < nr; j++) {
            memcpy(tmp, codes, k);
            tmp[i] = r[j];
            if (S_known(lex, tmp, k) || S_read_as_known(lex, tmp, k, i + 1))
                return 1;
        }
        if (codes[i] == PD_CODE_AE && k + 1 < sizeof tmp) {
            for (unsigned first = 1; first <= 5; first += 4) { /* "ae", "ee" */
                memcpy(tmp, codes, i);
                tmp[i] = (unsigned char)first;
                tmp[i + 1] = 5;
                memcpy(tmp + i + 2, codes + i + 1, k - i - 1);
                if (S_known(lex, tmp, k + 1) || S_read_as_known(lex, tmp, k + 1, i + 2))
                    return 1;
            }
        }
        /* or this letter kept: the loop goes on to the next one */
    }
    return 0;
}

/* Adds the forms of a morphological analyser (attforms' output: "form TAB classes") that
 * hunspell-no lacks ("arenaer", "formålstjenlig"). More words are not simply better: a damaged
 * word that reads as a word of the lexicon is no longer repaired, and a rare word with æ, ø or å
 * becomes a repair of a clean common one. So only a whole common word (w) is taken, and only
 * when it is three letters or more (short ones are what OCR debris looks like), not in capitals
 * (abbreviations, Roman numerals: "VII" for "Vi i"), without a hyphen (hyphenated forms would
 * split compounds such as "e-posttjener") and no OCR confusion of a known word either way.
 * The forms take the case flags of their spelling and nothing else: no compound flags, since
 * the analyser lets nearly every noun begin and end a compound. The analyser's infinitives,
 * added or already known, join the class of infinitives (PD_LEX_VERB); the forms it reads as
 * nothing that may end a compound are marked PD_LEX_NOTAIL. */
static void S_read_morph(words *lex, const char *path)
{
    size_t len;
    char *text = S_slurp(path, &len);
    unsigned char codes[256];
    size_t added = 0;
    size_t n;
    for (char *at = text, *line; (line = S_next_line(&at, &n));) {
        char *tab = strchr(line, '\t');
        if (!tab)
            S_die("%s: not form<TAB>classes: %s", path, line);
        unsigned cf;
        size_t k = S_codes(line, (size_t)(tab - line), codes, sizeof codes, &cf);
        if (k >= 3 && strchr(tab + 1, 'w') && cf != PD_LEX_UPPER &&
            !memchr(codes, PD_CODE_HYPHEN, k) && !S_known(lex, codes, k) &&
            !S_shadows(lex, codes, k, 0, 2) && !S_read_as_known(lex, codes, k, 0)) {
            word *w = S_find(lex, codes, k, 1);
            if (!(w->flags & (PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER)))
                w->flags |= B_MORPH_ONLY;
            w->flags |= cf;
            added++;
        }
        /* the analyser's infinitives are infinitives too: hunspell's affixes find only those
         * with a present participle, so "trø" was one and "tro" not, and after "å" the class
         * of infinitives made the rarer word win ("å tro": "å trø") */
        word *w = k ? S_find(lex, codes, k, 0) : NULL;
        const char *cls = tab + 1;
        int inf = strchr(cls, 'i') != NULL;
        if (w && cf == PD_LEX_LOWER && inf)
            w->flags |= PD_LEX_VERB;
        /* a form the analyser reads only as a finite verb, a present or past tense ("kan",
         * "lukkes", "ble"), no noun, adjective, function word or infinitive ("eller",
         * "pakker", "lagret" are more); not an s-form in -es, which is an infinitive as well
         * ("skal lukkes", "å lykkes") whatever the analyser reads */
        if (w && cf == PD_LEX_LOWER && strchr(cls, 'f') && !strchr(cls, 'o') && !inf &&
            !strchr(cls, 'n') &&
            !(k > 2 && codes[k - 2] == pd_lex_code('e') && codes[k - 1] == pd_lex_code('s')))
            w->flags |= PD_LEX_FINITE;
        /* a common word the analyser knows but reads as nothing that ends a compound (a
         * pronoun, determiner, preposition, conjunction or verb form: "våre", "det", "gikk")
         * ends none; an infinitive hunspell lets compound ("installere", z) still may */
        if (w && strchr(cls, 'w')) {
            if (strchr(cls, 'r'))
                w->flags |= B_MORPH_TAIL;
            else if (!(inf && (w->flags & PD_LEX_COMPOUND)))
                w->flags |= PD_LEX_NOTAIL;
        }
    }
    for (size_t i = 0; i < lex->cap; i++) {
        if (lex->w[i].flags & B_MORPH_TAIL)
            lex->w[i].flags &= ~PD_LEX_NOTAIL;
        lex->w[i].flags &= ~(B_MORPH_ONLY | B_MORPH_TAIL);
    }
    fprintf(stderr, "mkocrmodel: %s: %zu forms added\n", path, added);
    free(text);
}

/* Not stored: marks a word the attested list added while the list is read, and a form of the
 * other written standard (--not). */
#define B_ATT_NEW 0x80000u
#define B_OTHER 0x100000u

/* Marks the lexicon's words (those with a case flag: hunspell's, the analyser's and the clean
 * text's) that a list of forms seen in real text has, whatever its case there, and returns how
 * many. The list's other words join the lexicon as the clean text's do (PD_LEX_ADDED: no
 * dictionary has them), so that OCR repair leaves alone what the list knows from real text,
 * English and technical words above all ("bitrate", "cloud"); but the list has names, debris
 * and Nynorsk too, so only a word spelt in small letters there, of ATT_ADD_MIN letters or more
 * (shorter ones are abbreviations and debris), without a hyphen, no form of the other written
 * standard (--not) and that cannot pass for OCR damage of a known word either way (see
 * S_read_morph). It takes the case flags of all its spellings in the list ("Ubuntu"). */
#define ATT_ADD_MIN 5
static size_t S_read_attested(words *lex, const char *path)
{
    size_t len;
    char *text = S_slurp(path, &len);
    unsigned char codes[256];
    size_t n, marked = 0, added = 0;
    for (char *at = text, *line; (line = S_next_line(&at, &n));) {
        unsigned cf;
        size_t k = n ? S_codes(line, n, codes, sizeof codes, &cf) : 0;
        word *w = k ? S_find(lex, codes, k, 0) : NULL;
        if (k >= ATT_ADD_MIN && cf == PD_LEX_LOWER && !memchr(codes, PD_CODE_HYPHEN, k) &&
            !S_known(lex, codes, k) && !(w && (w->flags & B_OTHER)) &&
            !S_shadows(lex, codes, k, 0, 2) && !S_read_as_known(lex, codes, k, 0)) {
            w = S_find(lex, codes, k, 1);
            w->flags |= cf | PD_LEX_ADDED | B_ATT_NEW;
            added++;
        }
        if (w && (w->flags & (PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER)) &&
            !(w->flags & PD_LEX_ATTESTED)) {
            w->flags |= PD_LEX_ATTESTED;
            marked++;
        }
    }
    /* the lines again, from the text S_next_line left split at NULs, not from the file */
    for (char *line = text; line < text + len; line += n + 1) {
        n = strlen(line);
        unsigned cf;
        size_t k = n ? S_codes(line, n, codes, sizeof codes, &cf) : 0;
        word *w = k ? S_find(lex, codes, k, 0) : NULL;
        if (w && (w->flags & B_ATT_NEW))
            w->flags |= cf;
    }
    for (size_t i = 0; i < lex->cap; i++)
        lex->w[i].flags &= ~(B_ATT_NEW | B_OTHER);
    fprintf(stderr, "mkocrmodel: %s: %zu lexicon words attested, %zu of them added\n", path, marked,
            added);
    free(text);
    return marked;
}

/* Suffix flags of the .aff that form a present participle ("SFX S 0 nde e"); that form a
 * definite plural, every affix ending in -ne ("SFX G 0 ene ."), which only nouns have; and that
 * form a comparative ("-ere") or a -t form (every affix -t or -tt: an adjective's neuter or a
 * weak verb's participle), which mark a stem that is also an adjective or verb ("var", "god",
 * "hus"). Such a stem is left out of the noun class: counting it made the class no better a
 * guide on the dev split. */
static unsigned char S_participle_flag[256];
static unsigned char S_noun_flag[256];
static unsigned char S_adjective_flag[256];

static void S_read_aff(const char *path)
{
    size_t len;
    char *text = S_slurp(path, &len);
    unsigned affixes[256] = {0}, ne[256] = {0}, t[256] = {0};
    size_t n;
    for (char *at = text, *line; (line = S_next_line(&at, &n));) {
        char flag[8], strip[64], affix[64], cond[64];
        if (strncmp(line, "SFX", 3) == 0 &&
            sscanf(line, "SFX %7s %63s %63s %63s", flag, strip, affix, cond) == 4 &&
            strlen(flag) == 1) {
            char *slash = strchr(affix, '/');
            if (slash)
                *slash = 0;
            size_t a = strlen(affix);
            unsigned char f = (unsigned char)flag[0];
            if (a >= 3 && strcmp(affix + a - 3, "nde") == 0)
                S_participle_flag[f] = 1;
            if (a >= 3 && strcmp(affix + a - 3, "ere") == 0)
                S_adjective_flag[f] = 1;
            affixes[f]++;
            ne[f] += a >= 2 && strcmp(affix + a - 2, "ne") == 0;
            t[f] += strcmp(affix, "t") == 0 || strcmp(affix, "tt") == 0;
        }
    }
    for (unsigned f = 0; f < 256; f++) {
        if (affixes[f] && ne[f] == affixes[f])
            S_noun_flag[f] = 1;
        if (affixes[f] && t[f] == affixes[f])
            S_adjective_flag[f] = 1;
    }
    free(text);
}

static void S_read_dic(words *lex, const char *path)
{
    size_t len;
    char *text = S_slurp(path, &len);
    unsigned char codes[256];
    int first = 1;
    size_t n;
    for (char *at = text, *line; (line = S_next_line(&at, &n));) {
        if (!first && n > 0) {
            char *slash = memchr(line, '/', n);
            size_t wn = slash ? (size_t)(slash - line) : n;
            while (wn > 0 && (line[wn - 1] == ' ' || line[wn - 1] == '\t' || line[wn - 1] == '\r'))
                wn--;
            unsigned cf;
            size_t k = wn ? S_codes(line, wn, codes, sizeof codes, &cf) : 0;
            if (k >= 3 && cf == PD_LEX_LOWER) {
                word *w = S_find(lex, codes, k, 1);
                w->flags |= PD_LEX_STEM | cf;
                if (slash && memchr(slash, 'z', n - (size_t)(slash - line)))
                    w->flags |= PD_LEX_COMPOUND;
            }
            int verb = 0, noun = 0, adjective = 0;
            for (char *f = slash ? slash + 1 : NULL; f && f < line + n; f++) {
                verb |= S_participle_flag[(unsigned char)*f];
                noun |= S_noun_flag[(unsigned char)*f];
                adjective |= S_adjective_flag[(unsigned char)*f];
            }
            /* an infinitive may be a noun as well ("vare", "klage", "tale"): both marks (a
             * verb's "t" form is its past participle, no sign of an adjective) */
            if (k && cf == PD_LEX_LOWER && verb)
                S_find(lex, codes, k, 1)->flags |= PD_LEX_VERB;
            if (k && cf == PD_LEX_LOWER && noun && (!adjective || verb))
                S_find(lex, codes, k, 1)->flags |= PD_LEX_NOUN;
        }
        first = 0;
    }
    free(text);
}

/* An infinitive + r is a present tense ("gå" -> "går", "kjøre" -> "kjører"), though some are
 * also other words ("varer"). */
static void S_mark_present(words *lex)
{
    for (size_t i = 0; i < lex->cap; i++) {
        word *w = &lex->w[i];
        if (!w->key || !(w->flags & PD_LEX_VERB))
            continue;
        size_t k = strlen((char *)w->key);
        unsigned char key[258];
        if (k + 1 >= sizeof key)
            continue;
        memcpy(key, w->key, k);
        key[k] = (unsigned char)pd_lex_code('r');
        word *p = S_find(lex, key, k + 1, 0);
        if (p && (p->flags & (PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER)))
            p->flags |= PD_LEX_PRES;
    }
}

/* The auxiliary and modal verbs are finite verbs whatever else an analyser reads them as ("var"
 * is a noun too): a closed class. (An infinitive among them, "kunne", stays in the class of
 * infinitives; "bør", a noun too, is left out: after "som" the modal would outbid "bor".) */
static void S_mark_auxiliaries(words *lex)
{
    static const char *const aux[] = {"er",    "var", "har",   "hadde", "blir",   "ble", "kan",
                                      "kunne", "vil", "ville", "skal",  "skulle", "må"};
    for (size_t i = 0; i < sizeof aux / sizeof *aux; i++) {
        unsigned char key[16];
        unsigned cf;
        size_t k = S_codes(aux[i], strlen(aux[i]), key, sizeof key, &cf);
        word *w = k ? S_find(lex, key, k, 0) : NULL;
        if (w)
            w->flags |= PD_LEX_FINITE;
    }
}

/* A noun's indefinite plural is its singular + er, + r after e, + e after er ("kantiner",
 * "innbyggere"): marked as a noun too, unless it is also a present tense. */
#define S_PLURAL 0x10000u /* marked in the first pass, so that it is not extended again */

static void S_mark_plurals(words *lex)
{
    for (size_t i = 0; i < lex->cap; i++) {
        word *w = &lex->w[i];
        if (!w->key || !(w->flags & PD_LEX_NOUN))
            continue;
        size_t k = strlen((char *)w->key);
        unsigned char key[260];
        if (k + 2 >= sizeof key || k < 2)
            continue;
        memcpy(key, w->key, k);
        unsigned e = pd_lex_code('e'), r = pd_lex_code('r');
        size_t n = k;
        if (key[k - 1] == e)
            key[n++] = (unsigned char)r;
        else if (key[k - 2] == e && key[k - 1] == r)
            key[n++] = (unsigned char)e;
        else {
            key[n++] = (unsigned char)e;
            key[n++] = (unsigned char)r;
        }
        word *p = S_find(lex, key, n, 0);
        if (p && (p->flags & PD_LEX_LOWER) && !(p->flags & (PD_LEX_PRES | PD_LEX_VERB)))
            p->flags |= S_PLURAL;
    }
    for (size_t i = 0; i < lex->cap; i++)
        if (lex->w[i].key && (lex->w[i].flags & S_PLURAL)) {
            lex->w[i].flags &= ~(unsigned)S_PLURAL;
            lex->w[i].flags |= PD_LEX_NOUN;
        }
}

/* ------------------------------------------------------------------- corpus */

typedef struct {
    words *lex;
    int closed;
    words *added; /* corpus words not in the dictionary, with their counts */
    struct bigram {
        word *a, *b;
        uint32_t count;
    } * bi;
    size_t bi_n, bi_cap;
    uint64_t total;
    uint64_t verb_total; /* tokens of infinitives */
    uint64_t pres_total; /* tokens of present tenses */
    uint64_t noun_total; /* tokens of nouns */
    uint64_t fin_total;  /* tokens of finite verbs of no other class */
    uint64_t hyph_total; /* pairs of words joined by a hyphen */
    word *boundary;
} corpus;

static int S_cmp_bigrams(const void *x, const void *y)
{
    const struct bigram *a = *(const struct bigram *const *)x,
                        *b = *(const struct bigram *const *)y;
    if (a->a->slot != b->a->slot)
        return a->a->slot < b->a->slot ? -1 : 1;
    return a->b->slot < b->b->slot ? -1 : a->b->slot > b->b->slot;
}

static struct bigram *S_bigram(corpus *c, word *a, word *b)
{
    if (c->bi_cap == 0) {
        c->bi_cap = 1 << 22;
        c->bi = S_alloc(c->bi_cap * sizeof *c->bi);
    }
    uint32_t h = pd_ocr_hash2((uint32_t)(uintptr_t)a ^ (uint32_t)((uintptr_t)a >> 32),
                              (uint32_t)(uintptr_t)b ^ (uint32_t)((uintptr_t)b >> 32));
    for (size_t i = h & (c->bi_cap - 1);; i = (i + 1) & (c->bi_cap - 1)) {
        struct bigram *e = &c->bi[i];
        if (!e->a) {
            if (c->bi_n * 2 >= c->bi_cap)
                S_die("bigram table full");
            e->a = a;
            e->b = b;
            a->followers++;
            b->preceders++;
            c->bi_n++;
            return e;
        }
        if (e->a == a && e->b == b)
            return e;
    }
}

/* One paragraph's tokens: words as code strings, NULL for a sentence boundary. */
typedef struct {
    unsigned char (*tok)[64];
    unsigned *cf;
    int *is_word;
    int *hyph; /* the word is joined to the one before by a hyphen ("e-post") */
    size_t n, cap;
} para;

static void S_para_push(para *p, const unsigned char *codes, size_t k, unsigned cf, int is_word)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->tok = S_grow(p->tok, p->cap * sizeof *p->tok);
        p->cf = S_grow(p->cf, p->cap * sizeof *p->cf);
        p->is_word = S_grow(p->is_word, p->cap * sizeof *p->is_word);
        p->hyph = S_grow(p->hyph, p->cap * sizeof *p->hyph);
    }
    memcpy(p->tok[p->n], codes, k + 1);
    p->cf[p->n] = cf;
    p->is_word[p->n] = is_word;
    p->hyph[p->n] = 0;
    p->n++;
}

static int S_is_letter(uint32_t cp)
{
    return pd_lex_code(S_fold(cp)) && cp != '-' && cp != '\'';
}

/* Splits plain text into tokens: words (letters, inner hyphens split them as the normaliser
 * does), boundaries at . ! ? : ; and a "break" (is_word 0, empty) at any other non-word. */
static void S_tokenize(const char *s, size_t n, para *p)
{
    const unsigned char *q = (const unsigned char *)s, *end = q + n;
    unsigned char codes[64];
    const unsigned char *word_end = NULL; /* where the last word pushed ends */
    while (q < end) {
        int len;
        uint32_t cp = S_utf8(q, end, &len);
        if (S_is_letter(cp)) {
            const unsigned char *start = q;
            const unsigned char *e = q;
            int digit = 0;
            while (e < end) {
                int l2;
                uint32_t c2 = S_utf8(e, end, &l2);
                if (S_is_letter(c2))
                    e += l2;
                else if (c2 >= '0' && c2 <= '9') {
                    digit = 1;
                    e += l2;
                } else
                    break;
            }
            unsigned cf = 0;
            size_t k =
                digit ? 0
                      : S_codes((const char *)start, (size_t)(e - start), codes, sizeof codes, &cf);
            if (k) {
                S_para_push(p, codes, k, cf, 1);
                /* one hyphen between two words, no space: a hyphenated compound, counted so
                 * that the normaliser can tell "e-post" from a space the OCR read as "-" */
                p->hyph[p->n - 1] = word_end && word_end + 1 == start && *word_end == '-';
                word_end = e;
            } else {
                S_para_push(p, (const unsigned char *)"", 0, 0, 0);
                word_end = NULL;
            }
            q = e;
            continue;
        }
        if (cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';')
            S_para_push(p, (const unsigned char *)"\x3f", 1, 0, 0);
        else if (cp >= '0' && cp <= '9')
            S_para_push(p, (const unsigned char *)"", 0, 0, 0);
        else if (cp == '(' || cp == ')' || cp == '"' || cp == 0xAB || cp == 0xBB || cp == '/' ||
                 cp == 0x2013 || cp == 0x2014)
            S_para_push(p, (const unsigned char *)"", 0, 0, 0);
        q += len;
    }
}

static void S_count_para(corpus *c, para *p, int domain)
{
    if (p->n == 0)
        return;
    if (!domain) {
        /* Only paragraphs that read as Norwegian: most words known to the dictionary. */
        size_t w = 0, known = 0;
        for (size_t i = 0; i < p->n; i++) {
            if (!p->is_word[i])
                continue;
            w++;
            if (S_find(c->lex, p->tok[i], strlen((char *)p->tok[i]), 0))
                known++;
        }
        if (w < 4 || known * 10 < w * 8) {
            p->n = 0;
            return;
        }
    }
    word *prev = c->boundary, *prev2 = NULL; /* prev2: the word before prev, in the sentence */
    for (size_t i = 0; i <= p->n; i++) {
        int boundary = i == p->n || (!p->is_word[i] && p->tok[i][0] == 0x3f);
        if (boundary) {
            if (prev && prev != c->boundary) {
                S_bigram(c, prev, c->boundary)->count++;
                c->boundary->count++;
                c->total++;
            }
            prev = c->boundary;
            prev2 = NULL;
            continue;
        }
        if (!p->is_word[i]) {
            prev = prev2 = NULL;
            continue;
        }
        size_t k = strlen((char *)p->tok[i]);
        word *w = S_find(c->lex, p->tok[i], k, 0);
        if (!w && c->closed) {
            prev = prev2 = NULL;
            continue;
        }
        /* a capital that begins a sentence or heading says nothing about the word */
        unsigned cf = p->cf[i];
        /* how the word is spelt where nothing asks for a capital: a name's capital inside a
         * sentence ("i Kommunen") versus the common word's small letters, for telling an OCR'd
         * look-alike capital (s/S, k/K, o/O) from a name */
        int mid_cap = cf == PD_LEX_CAP && prev && prev != c->boundary;
        if (cf == PD_LEX_CAP && prev == c->boundary)
            cf = PD_LEX_CAP | PD_LEX_LOWER;
        if (!w && k < 2) {
            /* one-letter words come from the dictionary only (English "a" is no word here) */
            prev = prev2 = NULL;
            continue;
        }
        if (!w) {
            word *a = S_find(c->added, p->tok[i], k, 1);
            a->flags |= cf;
            a->count += domain ? 2 : 1;
            w = S_find(c->lex, p->tok[i], k, 1);
            w->flags |= PD_LEX_CORPUS | cf;
        } else {
            /* a word the dictionary lacks, seen again: counted, so that it can join the
             * lexicon (below) */
            word *a = S_find(c->added, p->tok[i], k, 0);
            if (a) {
                a->flags |= cf;
                a->count += domain ? 2 : 1;
                w->flags |= cf;
            }
            w->flags |= PD_LEX_CORPUS;
            if (!(w->flags & p->cf[i]) && (p->cf[i] & PD_LEX_LOWER) && domain)
                w->flags |= PD_LEX_LOWER;
        }
        w->count++;
        w->cap_mid += (uint32_t)mid_cap;
        w->lower += p->cf[i] == PD_LEX_LOWER;
        c->total++;
        if (w->flags & PD_LEX_VERB) {
            c->verb_total++;
            if (prev)
                prev->verb_next++;
        } else if (w->flags & PD_LEX_PRES) {
            c->pres_total++;
            if (prev)
                prev->pres_next++;
        } else if (w->flags & PD_LEX_NOUN) {
            c->noun_total++;
            if (prev)
                prev->noun_next++;
        } else if (w->flags & PD_LEX_FINITE) {
            c->fin_total++;
            if (prev)
                prev->fin_next++;
        }
        if (prev2 && prev && prev != c->boundary) {
            prev2->next2++;
            if ((w->flags & PD_LEX_PRES) && !(w->flags & PD_LEX_VERB))
                prev2->pres_next2++;
        }
        if (prev)
            S_bigram(c, prev, w)->count++;
        if (prev && prev != c->boundary && p->hyph[i]) {
            prev->hyph_next++;
            w->hyph_prev++;
            c->hyph_total++;
        }
        prev2 = prev && prev != c->boundary ? prev : NULL;
        prev = w;
    }
    p->n = 0;
}

static void S_read_markdown(corpus *c, const char *path)
{
    size_t len;
    char *text = S_slurp(path, &len);
    char *body = text;
    if (strncmp(text, "---\n", 4) == 0) {
        char *end = strstr(text + 4, "\n---");
        if (end) {
            for (char *l = text + 4; l < end;) {
                char *nl = strchr(l, '\n');
                if (strncmp(l, "source:", 7) == 0 && strstr(l, "scanned") &&
                    strstr(l, "scanned") < (nl ? nl : l + strlen(l))) {
                    free(text);
                    return;
                }
                if (!nl)
                    break;
                l = nl + 1;
            }
            body = strchr(end + 1, '\n');
            body = body ? body + 1 : end + 4;
        }
    }
    para p = {0};
    int fence = 0;
    size_t n;
    for (char *at = body, *line; (line = S_next_line(&at, &n));) {
        char *l = line;
        while (*l == ' ' && l < line + n)
            l++;
        if (strncmp(l, "```", 3) == 0 || strncmp(l, "~~~", 3) == 0)
            fence = !fence;
        else if (!fence) {
            if (n == 0 || *l == '#' || *l == '-' || *l == '*' || *l == '>' ||
                (*l >= '0' && *l <= '9'))
                S_count_para(c, &p, 1);
            /* link destinations and autolinks are not words */
            char *copy = S_alloc(n + 1);
            memcpy(copy, line, n);
            for (char *u = copy; (u = strstr(u, "](")) != NULL;)
                for (u += 2; *u && *u != ')'; u++)
                    *u = ' ';
            for (char *u = copy; (u = strstr(u, "http")) != NULL;)
                for (; *u && *u != ' ' && *u != ')'; u++)
                    *u = ' ';
            S_tokenize(copy, n, &p);
            free(copy);
        }
    }
    S_count_para(c, &p, 1);
    free(p.tok);
    free(p.cf);
    free(p.is_word);
    free(p.hyph);
    free(text);
}

static const char *S_block_tags[] = {
    "p",  "div", "li", "h1",    "h2",    "h3", "h4", "h5",      "h6",         "br",      "td", "th",
    "tr", "dt",  "dd", "title", "table", "ul", "ol", "section", "blockquote", "caption", NULL};

static void S_read_text(corpus *c, const char *path)
{
    size_t len;
    char *text = S_slurp(path, &len);
    int html = strstr(path, ".html") != NULL || strstr(path, ".htm") != NULL;
    para p = {0};
    /* Plain text: paragraphs are separated by blank lines. HTML: by block tags; <pre>, <code>,
     * <script> and <style> content is skipped. Entities become spaces or their character. */
    char *out = S_alloc(len + 1);
    size_t on = 0;
    for (size_t i = 0; i < len;) {
        if (html && text[i] == '<') {
            size_t j = i + 1;
            int closing = text[j] == '/';
            if (closing)
                j++;
            char name[16];
            size_t k = 0;
            while (j < len && k < sizeof name - 1 &&
                   ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= '0' && text[j] <= '9') ||
                    (text[j] >= 'A' && text[j] <= 'Z')))
                name[k++] = (char)(text[j++] | 0x20);
            name[k] = 0;
            char *gt = memchr(text + i, '>', len - i);
            size_t after = gt ? (size_t)(gt - text) + 1 : len;
            if (!closing && (!strcmp(name, "pre") || !strcmp(name, "script") ||
                             !strcmp(name, "style") || !strcmp(name, "code"))) {
                char endtag[24];
                snprintf(endtag, sizeof endtag, "</%s", name);
                char *e = strstr(text + after, endtag);
                after = e ? (size_t)(e - text) : len;
                out[on++] = '\n';
                out[on++] = '\n';
            } else {
                int block = 0;
                for (const char **t = S_block_tags; *t; t++)
                    block |= !strcmp(name, *t);
                if (block) {
                    out[on++] = '\n';
                    out[on++] = '\n';
                } else
                    out[on++] = ' ';
            }
            i = after;
        } else if (html && text[i] == '&') {
            char *semi = memchr(text + i, ';', len - i < 10 ? len - i : 10);
            if (semi) {
                out[on++] = ' ';
                i = (size_t)(semi - text) + 1;
            } else
                out[on++] = text[i++];
        } else
            out[on++] = text[i++];
    }
    out[on] = 0;
    size_t n;
    for (char *at = out, *line; (line = S_next_line(&at, &n));) {
        size_t blank = 1;
        for (size_t i = 0; i < n; i++)
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
                blank = 0;
        if (blank)
            S_count_para(c, &p, 0);
        else
            S_tokenize(line, n, &p);
    }
    S_count_para(c, &p, 0);
    free(out);
    free(p.tok);
    free(p.cf);
    free(p.is_word);
    free(p.hyph);
    free(text);
}

/* ---------------------------------------------------------------- the DAWG */

typedef struct {
    uint32_t child, sibling; /* node indices; 0 = none (node 0 is the root) */
    uint8_t code;
    uint16_t flags;
    uint32_t state; /* canonical state of this node's outgoing edges */
} node;

typedef struct {
    node *v;
    size_t n, cap;
} nodes;

static uint32_t S_new_node(nodes *t, unsigned code)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1 << 20;
        t->v = S_grow(t->v, t->cap * sizeof *t->v);
    }
    node *x = &t->v[t->n];
    memset(x, 0, sizeof *x);
    x->code = (uint8_t)code;
    return (uint32_t)t->n++;
}

static int S_cmp_keys(const void *a, const void *b)
{
    const word *x = *(const word *const *)a, *y = *(const word *const *)b;
    return strcmp((const char *)x->key, (const char *)y->key);
}

typedef struct {
    pd_lex_edge *e;
    size_t n, cap;
    /* signature hash: state start edge + 1 */
    uint32_t *h;
    size_t hcap;
} states;

static uint32_t S_state_of(states *s, nodes *t, uint32_t parent)
{
    pd_lex_edge tmp[PD_CODE_MAX + 2];
    size_t k = 0;
    for (uint32_t c = t->v[parent].child; c; c = t->v[c].sibling) {
        if (k >= sizeof tmp / sizeof tmp[0])
            S_die("too many edges out of one state");
        tmp[k].target = t->v[c].state;
        tmp[k].code = t->v[c].code;
        tmp[k].flags = (uint8_t)t->v[c].flags;
        tmp[k].last = 0;
        tmp[k].flags_hi = (uint8_t)(t->v[c].flags >> 8);
        k++;
    }
    if (k == 0)
        return PD_LEX_NONE;
    tmp[k - 1].last = 1;
    uint32_t h = pd_ocr_hash((const unsigned char *)tmp, k * sizeof tmp[0]);
    for (size_t i = h & (s->hcap - 1);; i = (i + 1) & (s->hcap - 1)) {
        if (s->h[i] == 0) {
            if (s->n + k > s->cap) {
                while (s->n + k > s->cap)
                    s->cap = s->cap ? s->cap * 2 : 1 << 20;
                s->e = S_grow(s->e, s->cap * sizeof *s->e);
            }
            memcpy(s->e + s->n, tmp, k * sizeof tmp[0]);
            s->h[i] = (uint32_t)s->n + 1;
            s->n += k;
            return s->h[i] - 1;
        }
        const pd_lex_edge *o = s->e + (s->h[i] - 1);
        size_t m = 0;
        while (!o[m].last)
            m++;
        if (m + 1 == k && memcmp(o, tmp, k * sizeof tmp[0]) == 0)
            return s->h[i] - 1;
    }
}

static uint32_t S_build_dawg(words *lex, states *st, uint32_t *n_words)
{
    word **sorted = S_alloc(lex->n * sizeof *sorted);
    size_t n = 0;
    for (size_t i = 0; i < lex->cap; i++)
        if (lex->w[i].key && (lex->w[i].flags & (PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER)))
            sorted[n++] = &lex->w[i];
    qsort(sorted, n, sizeof *sorted, S_cmp_keys);
    *n_words = (uint32_t)n;

    nodes t = {0};
    S_new_node(&t, 0);
    uint32_t path[256];
    size_t depth = 0;
    path[0] = 0;
    const unsigned char *prev = (const unsigned char *)"";
    for (size_t i = 0; i < n; i++) {
        const unsigned char *key = sorted[i]->key;
        size_t common = 0;
        while (common < depth && prev[common] == key[common])
            common++;
        depth = common;
        for (size_t j = common; key[j]; j++) {
            uint32_t x = S_new_node(&t, key[j]);
            uint32_t parent = path[depth];
            /* input is sorted, so the new child is the parent's last */
            uint32_t c = t.v[parent].child;
            if (!c)
                t.v[parent].child = x;
            else {
                while (t.v[c].sibling)
                    c = t.v[c].sibling;
                t.v[c].sibling = x;
            }
            path[++depth] = x;
        }
        t.v[path[depth]].flags = (uint16_t)sorted[i]->flags;
        prev = key;
    }
    free(sorted);

    st->hcap = 1 << 22;
    st->h = S_alloc(st->hcap * sizeof *st->h);
    /* Children have higher indices than their parents: one backward pass is a post-order. */
    for (size_t i = t.n; i-- > 0;)
        t.v[i].state = S_state_of(st, &t, (uint32_t)i);
    uint32_t root = t.v[0].state;
    free(t.v);
    free(st->h);
    return root;
}

/* ------------------------------------------------------------ character model */

/* How Norwegian a string of letters looks, for words the lexicon does not know: a back-off
 * model of symbols (pd_char_score) over every form of the lexicon, each counted once, since the
 * unknown words it weighs are rare types (names, new compounds), not frequent tokens.
 * Interpolated Kneser-Ney with one discount D per order (n1 / (n1 + 2 n2)): below the longest
 * grams a symbol after h counts not as often as it was seen there but as the number of
 * different symbols seen before that pair, so that a pair frequent only inside one common
 * longer string does not make a string that lacks the rest look Norwegian. The word's start
 * has nothing before it: grams that begin there keep their counts. */
typedef struct {
    uint32_t key;        /* packed symbols */
    uint32_t cnt;        /* times seen */
    uint32_t kn;         /* the count Kneser-Ney uses: cnt, or the number of left extensions */
    uint32_t sum, types; /* as a context: the kn counts of the grams it begins, how many */
    double p;            /* P(last symbol | the others), once computed */
} cgram;

typedef struct {
    cgram *g;
    size_t n, cap;
} cgrams;

static cgram *S_cgram(cgrams *t, uint32_t key)
{
    for (size_t i = pd_char_hash(key) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        cgram *e = &t->g[i];
        if (e->key == key)
            return e;
        if (!e->key) {
            if (t->n * 2 >= t->cap)
                S_die("character gram table full");
            e->key = key;
            t->n++;
            return e;
        }
    }
}

static unsigned S_gram_len(uint32_t key)
{
    unsigned len = 1;
    while (key >> (6 * len))
        len++;
    return len;
}

static int S_is_form(const word *w)
{
    return w->key && (w->flags & (PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER)) &&
           w->key[0] != PD_CODE_BOUNDARY;
}

static int16_t S_char_units(double lp)
{
    double u = lp / PD_CHAR_UNIT;
    return (int16_t)(u < -32767 ? -32767 : u - 0.5 > 0 ? 0 : u - 0.5);
}

static pd_char_slot *S_char_model(const words *lex, size_t *slots, float *floor)
{
    cgrams t = {.cap = (size_t)1 << 23};
    t.g = S_alloc(t.cap * sizeof *t.g);
    for (size_t i = 0; i < lex->cap; i++) {
        const word *w = &lex->w[i];
        if (!S_is_form(w))
            continue;
        size_t n = strlen((char *)w->key);
        uint32_t hist = PD_CHAR_EDGE;
        size_t held = 1;
        for (size_t j = 0; j <= n; j++) {
            unsigned c = j < n ? w->key[j] : PD_CHAR_EDGE;
            for (size_t k = 0; k <= held; k++) {
                uint32_t ctx = k ? hist & ((1u << (6 * k)) - 1) : 0;
                S_cgram(&t, ctx << 6 | c)->cnt++;
            }
            hist = (hist << 6 | c) & ((1u << (6 * (PD_CHAR_ORDER - 1))) - 1);
            if (held < PD_CHAR_ORDER - 1)
                held++;
        }
    }
    /* left extensions: each gram once for the gram without its first symbol */
    for (size_t i = 0; i < t.cap; i++) {
        const cgram *g = &t.g[i];
        unsigned len = g->key ? S_gram_len(g->key) : 0;
        if (len >= 2)
            S_cgram(&t, g->key & ((1u << (6 * (len - 1))) - 1))->kn++;
    }
    /* the counts Kneser-Ney uses, the contexts' sums, and the discounts */
    double n1[PD_CHAR_ORDER + 2] = {0}, n2[PD_CHAR_ORDER + 2] = {0}, d[PD_CHAR_ORDER + 2] = {0};
    uint64_t sum0 = 0, types0 = 0;
    for (size_t i = 0; i < t.cap; i++) {
        cgram *g = &t.g[i];
        if (!g->key || !g->cnt)
            continue;
        unsigned len = S_gram_len(g->key);
        if (len == PD_CHAR_ORDER || g->key >> (6 * (len - 1)) == PD_CHAR_EDGE)
            g->kn = g->cnt;
        n1[len] += g->kn == 1;
        n2[len] += g->kn == 2;
        if (len == 1) {
            sum0 += g->kn;
            types0++;
        } else {
            cgram *h = S_cgram(&t, g->key >> 6);
            h->sum += g->kn;
            h->types++;
        }
    }
    for (unsigned l = 1; l <= PD_CHAR_ORDER; l++)
        d[l] = n1[l] > 0 ? n1[l] / (n1[l] + 2 * n2[l]) : 0.5;
    /* probabilities, shortest grams first: a gram's lower-order gram was always seen too. The
     * table is filled to at most 3/4: it is probed only for words the lexicon lacks. */
    *slots = 1024;
    while (*slots * 3 < t.n * 4)
        *slots *= 2;
    pd_char_slot *out = S_alloc(*slots * sizeof *out);
    uint32_t mask = (uint32_t)*slots - 1;
    double uniform = 1.0 / PD_CHAR_SYMBOLS;
    for (unsigned len = 1; len <= PD_CHAR_ORDER; len++)
        for (size_t i = 0; i < t.cap; i++) {
            cgram *g = &t.g[i];
            if (!g->key || !g->cnt || S_gram_len(g->key) != len)
                continue;
            double p, dl = d[len], kn = g->kn > dl ? g->kn - dl : 0;
            if (len == 1)
                p = (kn + dl * (double)types0 * uniform) / (double)sum0;
            else {
                const cgram *h = S_cgram(&t, g->key >> 6);
                const cgram *l = S_cgram(&t, g->key & ((1u << (6 * (len - 1))) - 1));
                p = (kn + dl * h->types * l->p) / h->sum;
            }
            size_t j = pd_char_hash(g->key) & mask;
            while (out[j].key)
                j = (j + 1) & mask;
            out[j].key = g->key;
            out[j].lp = S_char_units(log(p));
            /* as a context: the mass its seen followers leave to the others */
            out[j].lbow = g->sum ? S_char_units(log(d[len + 1] * g->types / g->sum)) : 0;
            g->p = p;
        }
    *floor = (float)log(d[1] * (double)types0 / (double)sum0 * uniform);
    fprintf(stderr, "mkocrmodel: character model: %zu grams, discounts %.2f .. %.2f\n", t.n, d[1],
            d[PD_CHAR_ORDER]);
    free(t.g);
    return out;
}

/* ------------------------------------------------------------------- output */

static size_t S_pow2(size_t n)
{
    size_t p = 1024;
    while (p < n * 2)
        p *= 2;
    return p;
}

static size_t S_align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

int main(int argc, char **argv)
{
    const char *lang = NULL, *out = NULL, *aff = NULL, *english = NULL;
    words lex = {0}, added = {0};
    const char *forms[4] = {0}, *dics[4] = {0}, *domain[64] = {0}, *texts[512] = {0};
    const char *morph[4] = {0}, *attested[4] = {0}, *other[4] = {0};
    size_t nforms = 0, ndics = 0, ndomain = 0, ntexts = 0, nmorph = 0, nattested = 0, nother = 0;
    int closed = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--closed")) {
            closed = 1;
            continue;
        }
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            S_die("option %s needs a value", a);
        if (!strcmp(a, "--lang"))
            lang = v;
        else if (!strcmp(a, "-o"))
            out = v;
        else if (!strcmp(a, "--forms") && nforms < 4)
            forms[nforms++] = v;
        else if (!strcmp(a, "--dic") && ndics < 4)
            dics[ndics++] = v;
        else if (!strcmp(a, "--morph") && nmorph < 4)
            morph[nmorph++] = v;
        else if (!strcmp(a, "--attested") && nattested < 4)
            attested[nattested++] = v;
        else if (!strcmp(a, "--not") && nother < 4)
            other[nother++] = v;
        else if (!strcmp(a, "--aff"))
            aff = v;
        else if (!strcmp(a, "--english"))
            english = v;
        else if (!strcmp(a, "--domain") && ndomain < 64)
            domain[ndomain++] = v;
        else if (!strcmp(a, "--text") && ntexts < 512)
            texts[ntexts++] = v;
        else
            S_die("unknown option %s (or too many)", a);
        i++;
    }
    if (!lang || strlen(lang) != 2 || !out || !nforms)
        S_die("usage: mkocrmodel --lang nb --forms FORMS --dic DIC [--morph F] [--attested F] "
              "[--not F] [--domain F]... "
              "[--text F]... -o OUT");
    for (size_t i = 0; i < nforms; i++)
        S_read_forms(&lex, forms[i], 0);
    if (aff)
        S_read_aff(aff);
    for (size_t i = 0; i < ndics; i++)
        S_read_dic(&lex, dics[i]);
    for (size_t i = 0; i < nmorph; i++)
        S_read_morph(&lex, morph[i]);
    S_mark_present(&lex);
    S_mark_plurals(&lex);
    S_mark_auxiliaries(&lex);

    corpus c = {.lex = &lex, .added = &added, .closed = closed};
    c.boundary = S_find(&lex, (const unsigned char *)"\x3f", 1, 1);
    for (size_t i = 0; i < ndomain; i++)
        S_read_markdown(&c, domain[i]);
    for (size_t i = 0; i < ntexts; i++)
        S_read_text(&c, texts[i]);
    /* Unknown words of other text join the lexicon only when seen twice (one-off typos and
     * debris stay out); domain words count double, so once is enough for them. */
    for (size_t i = 0; i < added.cap; i++) {
        word *a = &added.w[i];
        if (!a->key)
            continue;
        word *w = S_find(&lex, a->key, strlen((char *)a->key), 0);
        if (a->count >= 2)
            w->flags |= PD_LEX_ADDED;
        else
            w->flags &= ~(unsigned)(PD_LEX_LOWER | PD_LEX_CAP | PD_LEX_UPPER);
    }
    for (size_t i = 0; i < nother; i++)
        S_read_forms(&lex, other[i], B_OTHER);
    size_t att_words = 0;
    for (size_t i = 0; i < nattested; i++)
        att_words += S_read_attested(&lex, attested[i]);

    /* n-gram tables */
    size_t types = 0;
    size_t strings_len = 1;
    for (size_t i = 0; i < lex.cap; i++)
        if (lex.w[i].key && lex.w[i].count) {
            types++;
            strings_len += strlen((char *)lex.w[i].key) + 1;
        }
    size_t uni_slots = S_pow2(types), bi_slots = S_pow2(c.bi_n);
    pd_uni_slot *uni = S_alloc(uni_slots * sizeof *uni);
    char *strings = S_alloc(strings_len);
    size_t so = 1;
    for (size_t i = 0; i < lex.cap; i++) {
        word *w = &lex.w[i];
        if (!w->key || !w->count)
            continue;
        size_t k = strlen((char *)w->key);
        uint32_t h = pd_ocr_hash(w->key, k);
        size_t j = h & (uni_slots - 1);
        while (uni[j].str)
            j = (j + 1) & (uni_slots - 1);
        uni[j].str = (uint32_t)so;
        uni[j].count = w->count;
        uni[j].followers = w->followers;
        uni[j].preceders = w->preceders;
        uni[j].verb_next = w->verb_next;
        uni[j].pres_next = w->pres_next;
        uni[j].noun_next = w->noun_next;
        uni[j].fin_next = w->fin_next;
        uni[j].next2 = w->next2;
        uni[j].pres_next2 = w->pres_next2;
        uni[j].hyph_next = w->hyph_next;
        uni[j].hyph_prev = w->hyph_prev;
        uni[j].lower = w->lower;
        uni[j].cap_mid = w->cap_mid;
        memcpy(strings + so, w->key, k + 1);
        so += k + 1;
        w->slot = (uint32_t)j + 1;
    }
    pd_bi_slot *bi = S_alloc(bi_slots * sizeof *bi);
    /* The build-time table is hashed by address, so its order changes from run to run: insert
     * in the order of the slots, or the probing (and the blob) would too. */
    struct bigram **order = S_alloc((c.bi_n ? c.bi_n : 1) * sizeof *order);
    size_t nb = 0;
    for (size_t i = 0; i < c.bi_cap; i++)
        if (c.bi[i].a)
            order[nb++] = &c.bi[i];
    qsort(order, nb, sizeof *order, S_cmp_bigrams);
    for (size_t i = 0; i < nb; i++) {
        struct bigram *b = order[i];
        uint32_t h = pd_ocr_hash2(b->a->slot, b->b->slot);
        size_t j = h & (bi_slots - 1);
        while (bi[j].a)
            j = (j + 1) & (bi_slots - 1);
        bi[j].a = b->a->slot;
        bi[j].b = b->b->slot;
        bi[j].count = b->count;
    }
    free(order);
    /* the boundary is no word of the lexicon */
    c.boundary->flags = 0;

    states st = {0};
    uint32_t n_words = 0;
    uint32_t root = S_build_dawg(&lex, &st, &n_words);
    size_t char_slots;
    float char_floor;
    pd_char_slot *chars = S_char_model(&lex, &char_slots, &char_floor);

    pd_ocr_header hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, PD_OCR_MAGIC, 8);
    hd.lang = (uint32_t)(unsigned char)lang[0] | (uint32_t)(unsigned char)lang[1] << 8;
    hd.n_edges = (uint32_t)st.n;
    hd.root = root;
    hd.uni_slots = (uint32_t)uni_slots;
    hd.bi_slots = (uint32_t)bi_slots;
    hd.strings_len = (uint32_t)strings_len;
    hd.uni_total = c.total;
    hd.verb_total = c.verb_total;
    hd.pres_total = c.pres_total;
    hd.noun_total = c.noun_total;
    hd.fin_total = c.fin_total;
    hd.hyph_total = c.hyph_total;
    hd.bi_types = c.bi_n;
    hd.uni_types = (uint32_t)types;
    hd.lex_words = n_words;
    hd.edges_off = S_align8(sizeof hd);
    hd.uni_off = S_align8(hd.edges_off + st.n * sizeof *st.e);
    hd.bi_off = S_align8(hd.uni_off + uni_slots * sizeof *uni);
    hd.strings_off = S_align8(hd.bi_off + bi_slots * sizeof *bi);
    hd.char_off = S_align8(hd.strings_off + strings_len);
    hd.char_slots = (uint32_t)char_slots;
    hd.char_floor = char_floor;
    size_t eng_n = 0;
    uint64_t *eng = english ? S_read_english(english, &eng_n) : NULL;
    hd.eng_off = S_align8(hd.char_off + char_slots * sizeof *chars);
    hd.eng_n = eng_n;
    hd.att_words = (uint32_t)att_words;
    size_t total = hd.eng_off + eng_n * sizeof *eng;

    char *blob = S_alloc(total);
    memcpy(blob, &hd, sizeof hd);
    memcpy(blob + hd.edges_off, st.e, st.n * sizeof *st.e);
    memcpy(blob + hd.uni_off, uni, uni_slots * sizeof *uni);
    memcpy(blob + hd.bi_off, bi, bi_slots * sizeof *bi);
    memcpy(blob + hd.strings_off, strings, strings_len);
    memcpy(blob + hd.char_off, chars, char_slots * sizeof *chars);
    if (eng_n)
        memcpy(blob + hd.eng_off, eng, eng_n * sizeof *eng);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "wb");
    if (!f || fwrite(blob, 1, total, f) != total || fclose(f) != 0)
        S_die("cannot write %s", tmp);
    if (rename(tmp, out) != 0)
        S_die("cannot rename %s", tmp);
    fprintf(stderr,
            "mkocrmodel: %s: %u words, %zu edges, %zu n-gram types, %zu bigrams, %llu tokens "
            "(%llu infinitives, %llu present tenses), %zu bytes\n",
            out, n_words, st.n, types, c.bi_n, (unsigned long long)c.total,
            (unsigned long long)c.verb_total, (unsigned long long)c.pres_total, total);
    return 0;
}
