#include "normalize_candidates.h"
#include "normalize_scan.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* The confusion model: what an OCR engine trained without æ, ø and å writes for them, and a few
 * confusions of any OCR (rn/m, l/I/|). Costs are about -ln P(observed | true) as measured on
 * real `tesseract -l eng` output of typeset Norwegian (the dev split of tests/ocr): å is read
 * as a 85 % of the time, as 4 10 %; ø as o 40 %, g 33 %, a 16 %; æ as ee 44 %, e 36 % … Reading
 * a plain letter as itself costs 0. */

enum {
    R_ANY = 0,
    R_CAPS = 1,         /* only inside a word written in capitals (KJBNNENE, AKONOMISK) */
    R_BEFORE_LOWER = 2, /* only before a lower-case letter (Igse, utvikIing) */
    R_PARTNER = 4,      /* pairs a valid word with another too, as æ/ø/å readings do */
    /* a rare reading: only in a word of MIN_RARE_WORD characters, before a small letter; the
     * short tokens of technical text ("ls", "lpr", "ss") are too often one such reading from
     * a word. Once per word, and to one word or compound, not two words ("packages" is no
     * "pac køes") */
    R_RARE = 8,
    R_INSIDE = 16, /* only after a small letter too: inside a word, not at its ends */
    R_ALONE = 32,  /* only as a token of its own ("@ ha", not "@reboot") */
    /* dearer by COST_SHORT_WORD in a word of fewer than MIN_RARE_WORD characters, where the
     * rival readings are short common words too ("sé" is "så" as often as "se") */
    R_SHORT_DEAR = 64,
};
#define COST_SHORT_WORD 3.0f
#define MIN_RARE_WORD 4

typedef struct {
    uint32_t obs[3];       /* what was read (0-terminated) */
    unsigned char gold[2]; /* what was printed (letter codes, 0-terminated) */
    float cost;
    unsigned rule; /* PD_RULE_* */
    unsigned cond; /* R_* */
    int8_t casing; /* -1: from the observed character; else PD_CAND_CASE_* */
} rule;

#define AE PD_CODE_AE
#define OE PD_CODE_OE
#define AA PD_CODE_AA

static const rule S_rules[] = {
    /* å */
    {{'a'}, {AA}, 0.16f, PD_RULE_AA, R_ANY, -1},
    {{'A'}, {AA}, 0.10f, PD_RULE_AA, R_ANY, PD_CAND_CASE_SENT},
    {{'4'}, {AA}, 2.3f, PD_RULE_AA, R_ANY, PD_CAND_CASE_SMALL},
    {{'&'}, {AA}, 3.0f, PD_RULE_AA, R_ANY, PD_CAND_CASE_ANY},
    {{'3'}, {AA}, 3.5f, PD_RULE_AA, R_ANY, PD_CAND_CASE_SMALL},
    {{'8'}, {AA}, 4.5f, PD_RULE_AA, R_ANY, PD_CAND_CASE_SMALL},
    /* the real scans read a lone å as @ now and then (seed 003: "viktig @ ha", "for @
     * påvirke"); dearer than ø, its common reading, so that inside a word ø wins */
    {{'@'}, {AA}, 4.5f, PD_RULE_AA, R_ALONE, PD_CAND_CASE_SMALL},
    {{'d'}, {AA}, 5.5f, PD_RULE_AA, R_ANY, -1},
    /* rarer readings, each -ln(count / n) of the dev table (å n = 1542): i 2, é (or éa) 1;
     * dear enough that a valid word never meets them (PARTNER_MAX_COST) */
    {{'i'}, {AA}, 6.6f, PD_RULE_AA, R_ANY, -1},
    {{0xE9}, {AA}, 7.3f, PD_RULE_AA, R_ANY, -1},
    {{0xE9, 'a'}, {AA}, 7.3f, PD_RULE_AA, R_ANY, -1},
    /* the å's 4 or & beside the a it also is (dev and handbook: 4a 5, a4 2 of 3302 å); & by
     * analogy, as dear as the rarer of the two */
    {{'4', 'a'}, {AA}, 6.5f, PD_RULE_AA, R_ANY, PD_CAND_CASE_ANY},
    {{'a', '4'}, {AA}, 7.4f, PD_RULE_AA, R_ANY, PD_CAND_CASE_ANY},
    {{'&', 'a'}, {AA}, 7.4f, PD_RULE_AA, R_ANY, PD_CAND_CASE_ANY},
    /* ø */
    {{'o'}, {OE}, 0.9f, PD_RULE_OE, R_ANY, -1},
    {{'O'}, {OE}, 0.7f, PD_RULE_OE, R_ANY, -1},
    {{'g'}, {OE}, 1.1f, PD_RULE_OE, R_ANY, -1},
    {{'a'}, {OE}, 1.8f, PD_RULE_OE, R_ANY, -1},
    {{'@'}, {OE}, 1.0f, PD_RULE_OE, R_ANY, PD_CAND_CASE_ANY},
    {{'e'}, {OE}, 3.0f, PD_RULE_OE, R_ANY, -1},
    {{'g', '@'}, {OE}, 3.0f, PD_RULE_OE, R_ANY, -1},
    {{'@', 'g'}, {OE}, 3.0f, PD_RULE_OE, R_ANY, PD_CAND_CASE_ANY}, /* seed 003: "I@gsninger" */
    {{'@', 0xE9}, {OE}, 3.0f, PD_RULE_OE, R_ANY, PD_CAND_CASE_ANY},
    /* a bold Ø read as two glyphs (dev: 2 of 16 Ø) */
    {{0xAE, '@'}, {OE}, 3.0f, PD_RULE_OE, R_ANY, PD_CAND_CASE_UPPER},
    {{0xE9}, {OE}, 4.5f, PD_RULE_OE, R_ANY, -1},
    {{'g', 'e'}, {OE}, 4.5f, PD_RULE_OE, R_ANY, -1},
    {{'g', 'o'}, {OE}, 4.5f, PD_RULE_OE, R_ANY, -1},
    {{'o', 'a'}, {OE}, 4.5f, PD_RULE_OE, R_ANY, -1},
    {{'s'}, {OE}, 5.0f, PD_RULE_OE, R_ANY, -1},
    /* the @ beside the o or a it also is (handbook: a@ 1, o@ 1 of 1610 ø) */
    {{'o', '@'}, {OE}, 7.4f, PD_RULE_OE, R_ANY, -1},
    {{'a', '@'}, {OE}, 7.4f, PD_RULE_OE, R_ANY, -1},
    /* readings of the real scans of seeds 001/003 that the synthetic sets hardly show: an ø
     * read as the two glyphs "ag" ("refleksjonsspagrsmal"), and after an l (itself read as I
     * or l) as p ("Ipse", "Ippende"). Rare: dearer than any partner of a valid word
     * (PARTNER_MAX_COST), so only a word the lexicon lacks meets them */
    {{'a', 'g'}, {OE}, 5.5f, PD_RULE_OE, R_RARE, -1},
    {{'I', 'p'}, {'l' - 'a' + 1, OE}, 5.0f, PD_RULE_OE | PD_RULE_IL, R_RARE, PD_CAND_CASE_ANY},
    {{'l', 'p'}, {'l' - 'a' + 1, OE}, 5.0f, PD_RULE_OE, R_RARE, -1},
    {{'0'}, {OE}, 2.0f, PD_RULE_OE, R_CAPS, PD_CAND_CASE_UPPER},
    {{'B'}, {OE}, 2.5f, PD_RULE_OE, R_CAPS, -1},
    {{'A'}, {OE}, 2.5f, PD_RULE_OE, R_CAPS, -1},
    /* æ */
    {{'e', 'e'}, {AE}, 0.8f, PD_RULE_AE, R_ANY, -1},
    {{'e'}, {AE}, 1.0f, PD_RULE_AE, R_ANY, -1},
    {{'z', 'e'}, {AE}, 2.5f, PD_RULE_AE, R_ANY, -1},
    /* ae is 8 % of æ in the synthetic sets but the commonest reading in the real scans of
     * seeds 001/003 (about 75 of 135 æ, ee 58): between the two */
    {{'a', 'e'}, {AE}, 1.8f, PD_RULE_AE, R_ANY, -1},
    {{'z'}, {AE}, 3.0f, PD_RULE_AE, R_ANY, -1},
    {{'s', 'e'}, {AE}, 4.0f, PD_RULE_AE, R_ANY, -1},
    {{'a'}, {AE}, 4.0f, PD_RULE_AE, R_ANY, -1},
    {{'e', 'z'}, {AE}, 5.0f, PD_RULE_AE, R_ANY, -1},
    {{'a', 'z'}, {AE}, 6.2f, PD_RULE_AE, R_ANY, -1}, /* handbook: 1 of 518 æ */
    {{'z', 'e', 'e'}, {AE}, 5.0f, PD_RULE_AE, R_ANY, -1},
    {{'a', '@'}, {AE}, 4.5f, PD_RULE_AE, R_ANY, -1},
    {{'A', 'E'}, {AE}, 1.0f, PD_RULE_AE, R_CAPS, -1},
    {{'E', 'E'}, {AE}, 1.0f, PD_RULE_AE, R_CAPS, -1},
    {{'E'}, {AE}, 1.5f, PD_RULE_AE, R_CAPS, -1},
    /* l, I and | look alike */
    {{'|'}, {'i' - 'a' + 1}, 0.5f, PD_RULE_IL, R_ANY, PD_CAND_CASE_UPPER},
    {{'|'}, {'l' - 'a' + 1}, 1.0f, PD_RULE_IL, R_ANY, PD_CAND_CASE_LOWER},
    {{'I'}, {'l' - 'a' + 1}, 2.0f, PD_RULE_IL, R_BEFORE_LOWER, PD_CAND_CASE_ANY},
    {{'i'}, {'l' - 'a' + 1}, 4.5f, PD_RULE_IL, R_ANY, -1},
    /* other confusions of any OCR */
    /* rn read as m may turn a word into another ("gjerne" into "gjeme"), as an ø read as o
     * does: it pairs a valid word with its partners, and the language model weighs them */
    {{'m'}, {'r' - 'a' + 1, 'n' - 'a' + 1}, 3.5f, PD_RULE_OTHER, R_PARTNER, -1},
    {{'i', 'j'}, {'j' - 'a' + 1}, 3.0f, PD_RULE_OTHER, R_ANY, -1},
    {{'i'}, {'j' - 'a' + 1}, 3.5f, PD_RULE_OTHER, R_ANY, -1},
    {{'0'}, {'o' - 'a' + 1}, 2.0f, PD_RULE_OTHER, R_ANY, -1},
    /* an a read as s in the real scans ("ssmmen"): as dear as the ø readings above */
    {{'s'}, {'a' - 'a' + 1}, 5.5f, PD_RULE_OTHER, R_RARE | R_INSIDE, -1},
    /* an e read with an accent no Norwegian word has there ("innéholder", "lokalé",
     * "generéres"): about 10 of the 39 000 e of dev and handbook, so -ln(10 / 39 000) = 8.3 as
     * a rate; but most é in a token that is no word are such an e, and at that cost the
     * unknown word as read won ("generéres"). Valid words with é ("idé", "kafé", "isolér") are
     * words as read and meet no such repair. In a short word the old cost: "sé" is "så". */
    {{0xE9}, {'e' - 'a' + 1}, 5.0f, PD_RULE_OTHER, R_SHORT_DEAR, -1},
    /* a vv read as the w of like shape, or its first v so ("awiser", "awviser" for
     * "avviser"): the English-trained OCR knows w, Norwegian words hardly have it. Inside a
     * word only (no Norwegian word begins with vv), once, and only in a token that is no word
     * as read (these are no partner readings). A w alone for one v turned names and English
     * words into Norwegian ones ("kwin", "owner", "lower"); beside the other v it is that v.
     * About 3 of the 100-odd vv of the handbook split: 3.5 nats. */
    {{'w'}, {'v' - 'a' + 1, 'v' - 'a' + 1}, 3.5f, PD_RULE_OTHER, R_RARE | R_INSIDE, -1},
    {{'w', 'v'}, {'v' - 'a' + 1, 'v' - 'a' + 1}, 4.0f, PD_RULE_OTHER, R_RARE | R_INSIDE, -1},
    /* an e read as the € of like shape, which the scanner lets begin a word only before a
     * small letter or a hyphen ("€-post"): no word has the sign, so it is the e */
    {{0x20AC}, {'e' - 'a' + 1}, 3.0f, PD_RULE_OTHER, R_ANY, PD_CAND_CASE_SMALL},
};

#define N_RULES (sizeof S_rules / sizeof S_rules[0])
/* the rules that match at a position: a mask of RULE_WORDS 64-bit words */
#define RULE_WORDS ((N_RULES + 63) / 64)

/* The rules by the first character they read (an ASCII one, or any other), so that a position
 * is tried against the few that may match there: trying all of them was an eighth of the
 * normaliser's time. */
static uint64_t S_first[128][RULE_WORDS], S_first_other[RULE_WORDS];
static pthread_once_t S_first_once = PTHREAD_ONCE_INIT;

#define COST_COMPOUND 2.0f        /* per joint */
#define COST_COMPOUND_LINK_S 1.0f /* a joint after a suffix that takes a linking s */
#define COST_SPLIT 3.0f
/* The longest first word before which a two-letter word may follow a lost space: two short
 * words glued ("dener": "den er", "taen": "ta en") read as no ending of a word */
#define SPLIT_SHORT_FIRST 3
/* A lost space beside "i" and a long word ("isyklusen", "blokkeni"), in a token that is no
 * word as read, costs less: a name, an English word or a command seldom happens to be "i" and
 * a Norwegian word of SPLIT_LONG letters or more, while short ones often do ("inoder", "inet",
 * "debi", "fai"). Only "i", which is read as itself: an "a" beside a word may be the start of
 * a misread one ("a@delegge" is "ødelegge", not "å ødelegge"). A valid word keeps the full
 * cost ("biografi" is no "biograf i"). */
#define I_CODE ('i' - 'a' + 1)
#define SPLIT_LONG 7
#define COST_SPLIT_LONG_OFF 2.5f
#define COST_GENITIVE 2.0f
#define COST_PUNCT_SPLIT 1.5f /* "liv.og": noise read as punctuation where the space was */
#define MAX_COST 9.0f
#define MAX_STEPS 30000
#define MAX_PARTS 3
#define MIN_PART 3
/* One letter misread in another way (the "other" damage of tests/ocr: "Verheombud",
 * "tteneste", "Kkommunen", "gjeennom"): rare, about 30 letters in the 100 000 of the dev
 * split's OCR, so a few 1e-4 per letter, 7-8 nats. Not any letter for any: a glyph read for one
 * of like shape (S_like), two glyphs for one or one for two ("cl" for d, "m" for in), a small
 * letter added beside one of like shape ("behovy"), a vowel doubled, a letter doubled in two
 * cases; an edit outside these turns clean words into others ("temaer" is no "temaet", "elæring"
 * no "læring"). Only in a word that is no lexicon word (the full search is for those alone), as
 * the last resort (COST_EDIT_GATE), at most once, and only to a whole lexicon word long enough
 * that one changed letter rarely turns a word into another (MIN_EDIT_WORD). */
#define COST_EDIT_ANY 7.0f     /* a glyph of like shape, two for one, one added beside its like */
#define COST_EDIT_DOUBLE 6.0f  /* a letter doubled */
#define COST_EDIT_STRAY_I 6.0f /* an i between small letters (see S_edits) */
/* Not edits: a double letter read once, a thin letter (i l j t f r) lost or added. They are the
 * commonest typing errors too ("tilllater", "konfiguere", "sansynligvis"), and a text quoting
 * English is full of words one double away from Norwegian ones ("model", "platform", "rules");
 * in clean software text (the Debian handbook, unseen by the model) they changed ~1 word in
 * 2 500, more than they repair in OCR. Of the doubles only a case-mixed one ("Kkommunen") and
 * a doubled vowel stay. */
#define MIN_EDIT_WORD 6        /* letters of the word an edit yields */
#define MIN_EDIT_WORD_DOUBLE 5 /* the same for a doubled or undoubled letter */
/* A shorter word only if the clean text has it ("behovy" for "behov", "Hyver" for "Hver"): a
 * word of the domain, which S_analyse still weighs by how common it is against keeping the
 * unknown word (EDIT_CONTEXT_MAX); a dictionary word that short is too often one letter from
 * an abbreviation or an English word. */
#define MIN_EDIT_WORD_SEEN 4
#define COST_EDIT_GATE COST_EDIT_ANY /* see pd_candidates */
/* An ø or å the OCR left out at the start of a word ("kte" for "økte", "ker" for "øker"): 2 of
 * 712 ø and 3 of 1542 å in the dev table, so -ln(count / n). Only there: inside a word an
 * inserted vowel makes words of abbreviations ("saksnr" is no "saksnår"). Once per word, before
 * a small letter, to one word (no split, no compound: "restarte" is no "åre|starte") of
 * MIN_LOST_WORD letters. */
/* Inside a word too, but only in one of consonants alone ("gjr", "frst"): no Norwegian word
 * is one, and the abbreviations and commands that are ("nr", "tlf", "src", "pwd") seldom
 * become a word with one more letter. */
#define COST_LOST_OE 5.9f
#define COST_LOST_AA 6.2f
#define MIN_LOST_WORD 4
#define MAX_EDIT_STEPS 20000 /* the edits' own budget: they must not starve the rules above */

/* Letters whose glyphs differ by a stroke or a hook in common text faces; b and p are one bowl
 * on a stem up or down, p and y share the descender ("hensypn" for "hensyn"). */
static int S_like(uint32_t a, uint32_t b)
{
    static const char pairs[][3] = {"hn", "hb", "nu", "uv", "vy", "ce", "co", "il", "ij",
                                    "jl", "lt", "tf", "jt", "mn", "gq", "bo", "bp", "py"};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
        if (((uint32_t)pairs[k][0] == a && (uint32_t)pairs[k][1] == b) ||
            ((uint32_t)pairs[k][0] == b && (uint32_t)pairs[k][1] == a))
            return 1;
    return 0;
}

static int S_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static int S_lower(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

static uint32_t S_fold(uint32_t c)
{
    return S_upper(c) ? c + 32 : c;
}

/* The readings of one letter æ, ø or å as the same characters, in either case ("o" and "O"
 * for ø), form a group (1..S_n_groups); so does each letter read as nothing. */
static uint8_t S_group_of[N_RULES];
static struct {
    unsigned char letter;
    uint32_t obs[3]; /* folded */
    double share;    /* pd_reading_share */
} S_groups[PD_MAX_READING_GROUPS + 1];
static uint8_t S_n_groups, S_lost_oe, S_lost_aa;

/* How often each of the commonest readings of ø and æ is the evidence S_channel_adapt counts
 * (normalize.c: the confident repairs of tokens that are no word as read) on the dev, handbook
 * and uidev splits together: ø 508 o, 670 g, 226 a of 1470; æ 258 ee, 195 e, 48 ae, 50 ze of
 * 551. Not the readings' own shares: a word with ø read as o is a valid word more often
 * ("for", "Tom"), so less often evidence. å is read as a in nearly every such repair (the 4s
 * are lone digits). */
static const struct {
    unsigned char letter;
    char obs[3];
    double share;
} S_shares[] = {{OE, "o", 508.0 / 1470}, {OE, "g", 670.0 / 1470}, {OE, "a", 226.0 / 1470},
                {AE, "ee", 258.0 / 551}, {AE, "e", 195.0 / 551},  {AE, "ae", 48.0 / 551},
                {AE, "ze", 50.0 / 551}};

/* Whether folded characters a (0-terminated, at most 3) are the string b. */
static int S_same_obs(const uint32_t *a, const char *b)
{
    size_t k = 0;
    while (k < 3 && b[k] && a[k] == (uint32_t)(unsigned char)b[k])
        k++;
    return k == 3 || (!b[k] && !a[k]);
}

static uint8_t S_group(unsigned char letter, const uint32_t *obs)
{
    uint32_t folded[3] = {0};
    for (size_t k = 0; k < 3 && obs && obs[k]; k++)
        folded[k] = S_fold(obs[k]);
    for (uint8_t g = 1; g <= S_n_groups; g++)
        if (S_groups[g].letter == letter && memcmp(S_groups[g].obs, folded, sizeof folded) == 0)
            return g;
    if (S_n_groups == PD_MAX_READING_GROUPS)
        return 0;
    uint8_t g = ++S_n_groups;
    S_groups[g].letter = letter;
    memcpy(S_groups[g].obs, folded, sizeof folded);
    for (size_t k = 0; k < sizeof S_shares / sizeof S_shares[0]; k++)
        if (S_shares[k].letter == letter && S_same_obs(folded, S_shares[k].obs))
            S_groups[g].share = S_shares[k].share;
    return g;
}

static void S_first_init(void)
{
    for (size_t r = 0; r < N_RULES; r++) {
        const rule *R = &S_rules[r];
        uint32_t c = R->obs[0];
        uint64_t *mask = c < 128 ? S_first[c] : S_first_other;
        mask[r / 64] |= (uint64_t)1 << (r % 64);
        if (!R->gold[1] && (R->gold[0] == AE || R->gold[0] == OE || R->gold[0] == AA))
            S_group_of[r] = S_group(R->gold[0], R->obs);
    }
    S_lost_oe = S_group(OE, NULL);
    S_lost_aa = S_group(AA, NULL);
}

size_t pd_reading_groups(void)
{
    pthread_once(&S_first_once, S_first_init);
    return S_n_groups;
}

unsigned pd_reading_letter(unsigned group)
{
    pthread_once(&S_first_once, S_first_init);
    return group && group <= S_n_groups ? S_groups[group].letter : 0;
}

double pd_reading_share(unsigned group)
{
    pthread_once(&S_first_once, S_first_init);
    return group && group <= S_n_groups ? S_groups[group].share : 0;
}

typedef struct {
    const pd_ocr_model *m;
    const uint32_t *obs;
    size_t n;
    int caps_word;
    pd_cand *out;
    size_t max, n_out;
    long steps;
    float max_cost;
    int partners_only; /* æ/ø/å readings of a word as one word: no other rules, joints or splits */
    int punct_split;   /* the split ate punctuation between two words */
    int edits_ok;      /* the generic one-letter edits may be tried */
    int word_as_read; /* the token as read is a lexicon word */
    int lost;         /* the path so far inserted a lost ø or å */
    int rare;         /* the path so far used an R_RARE reading */
    size_t split2;    /* codes before a second lost space (0 = none) */
    size_t link_end;  /* codes up to and with the last linking s or e read (0 = none) */
    int english;      /* the token is a word of the English list */
    int no_vowel;     /* the word as read has letters but no vowel ("gjr", "frst") */
    int edited;       /* the path so far used one: 1 any, 2 a doubled or undoubled letter */
    long edit_steps;
    /* per position: the rules whose letters as read begin there, found at the first visit
     * (S_dfs comes to a position once per lexicon state that reaches it) */
    uint64_t rules_at[PD_CAND_MAX_CHARS][RULE_WORDS], rules_known;
    unsigned char codes[PD_CAND_MAX_CHARS + 2];
    uint8_t casing[PD_CAND_MAX_CHARS + 2];
    uint8_t reads[PD_CAND_READS]; /* the path's æ/ø/å readings so far (pd_cand.reads) */
    size_t n_reads;
} search;

/* Records an æ/ø/å reading (group g, 0 for none) on the path; 1 if it did, for the caller to
 * take it back. A word with more than PD_CAND_READS of them keeps the first. */
static int S_push_reading(search *S, uint8_t g)
{
    if (!g || S->n_reads >= PD_CAND_READS)
        return 0;
    S->reads[S->n_reads++] = g;
    return 1;
}

static void S_emit(search *S, size_t len, float cost, unsigned flags, unsigned first_flags,
                   pd_cand_kind kind, unsigned rules, size_t head)
{
    /* same string found another way: keep the cheaper analysis */
    for (size_t i = 0; i < S->n_out; i++) {
        pd_cand *c = &S->out[i];
        if (c->n == len && memcmp(c->codes, S->codes, len) == 0) {
            if (cost >= c->cost)
                return;
            memmove(c, c + 1, (S->n_out - i - 1) * sizeof *c);
            S->n_out--;
            break;
        }
    }
    size_t pos = S->n_out;
    while (pos > 0 && S->out[pos - 1].cost > cost)
        pos--;
    if (pos >= S->max)
        return;
    if (S->n_out == S->max)
        S->n_out--;
    memmove(S->out + pos + 1, S->out + pos, (S->n_out - pos) * sizeof *S->out);
    pd_cand *c = &S->out[pos];
    memcpy(c->codes, S->codes, len);
    memcpy(c->casing, S->casing, len);
    c->codes[len] = 0;
    c->n = len;
    c->cost = cost;
    c->flags = flags;
    c->first_flags = first_flags;
    c->kind = kind;
    c->rules = rules;
    /* (and of a split's last word, when a compound: "i redigerings|området") */
    c->head = kind == PD_KIND_COMPOUND || (kind == PD_KIND_SPLIT && head > 0 && S->codes[head - 1])
                  ? head
                  : 0;
    c->link = kind == PD_KIND_COMPOUND && head > 0 && S->link_end == head;
    memcpy(c->reads, S->reads, S->n_reads);
    c->n_reads = (uint8_t)S->n_reads;
    S->n_out++;
}

static float S_bound(const search *S)
{
    /* prune what cannot enter a full list */
    if (S->n_out == S->max)
        return S->out[S->max - 1].cost;
    return S->max_cost;
}

static void S_dfs(search *S, size_t i, uint32_t state, unsigned wflags, size_t len, size_t plen,
                  int parts, size_t split, unsigned first_flags, float cost, unsigned rules);

/* The one-letter edits at observed position i (see COST_EDIT_ANY): obs[i] added by the OCR (a
 * doubled letter, one beside its like), two glyphs read for one of like shape or one for two,
 * obs[i] read for a letter of like shape. The rest of the word is then read as usual, with no
 * second edit. */
static void S_edits(search *S, size_t i, uint32_t state, unsigned wflags, size_t len, size_t plen,
                    unsigned first_flags, float cost, unsigned rules)
{
    uint32_t o = S->obs[i];
    int is_letter = S_lower(o) || S_upper(o);
    unsigned oc = pd_lex_code(S_fold(o));
    uint32_t prev = i > 0 ? S_fold(S->obs[i - 1]) : 0,
             next = i + 1 < S->n ? S_fold(S->obs[i + 1]) : 0;
    uint8_t casing = S->caps_word ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
    S->edited = 1;
    /* obs[i] is noise or a letter doubled by the OCR ("gjeennom", "behovy"); of a double
     * read in two cases ("Kkommunen") neither tells the word's case: a capital only to begin a
     * sentence */
    if (is_letter && i + 1 < S->n && S_fold(o) == next && o != S->obs[i + 1]) {
        unsigned f;
        int ok;
        uint32_t st = pd_lex_step(S->m, state, oc, &f, &ok);
        if (ok) {
            S->codes[len] = (unsigned char)oc;
            S->casing[len] = PD_CAND_CASE_ANY;
            S->edited = 2;
            S_dfs(S, i + 2, st, f, len + 1, plen + 1, 1, 0, first_flags, cost + COST_EDIT_DOUBLE,
                  rules | PD_RULE_EDIT);
        }
    } else if (!(i > 0 && S_fold(o) == prev && o != S->obs[i - 1]) && !(i == 0 && S_upper(o))) {
        /* (a capital that begins the word is no noise: it says where a sentence or name
         * begins) */
        uint32_t fo = S_fold(o);
        int dbl = fo == prev || fo == next;
        /* a vowel doubled ("gjeennom"): no typing error spells e, i, o, u, y twice in
         * Norwegian, and English words that do ("free", "root") are too short to edit */
        int vowel2 = dbl && (fo == 'e' || fo == 'i' || fo == 'o' || fo == 'u' || fo == 'y');
        /* or a small letter beside a small one of like shape ("behovy"; "Unlike" is English) */
        int like = i > 0 && !dbl && S_lower(o) &&
                   ((S_lower(S->obs[i - 1]) && S_like(fo, prev)) ||
                    (i + 1 < S->n && S_lower(S->obs[i + 1]) && S_like(fo, next)));
        /* or a stray i between small letters ("Omistillingstakten"): a speck or a serif
         * the scanner read as the thinnest letter */
        int stray_i = fo == 'i' && o == 'i' && i > 0 && i + 1 < S->n && S_lower(S->obs[i - 1]) &&
                      S_lower(S->obs[i + 1]) && !dbl;
        if (i > 0 && (like || vowel2 || stray_i)) {
            S->edited = dbl ? 2 : 1;
            S_dfs(S, i + 1, state, wflags, len, plen, 1, 0, first_flags,
                  cost + (dbl       ? COST_EDIT_DOUBLE
                          : stray_i ? COST_EDIT_STRAY_I
                                    : COST_EDIT_ANY),
                  rules | PD_RULE_EDIT);
        }
    }
    /* two glyphs read as one of like shape or the other way round ("cl" for d, "m" for in) */
    static const struct {
        const char *obs, *gold;
    } pairs[] = {{"rn", "m"}, {"cl", "d"}, {"d", "cl"}, {"li", "h"}, {"h", "li"},
                 {"ri", "n"}, {"n", "ri"}, {"vv", "w"}, {"w", "vv"}, {"in", "m"},
                 {"m", "in"}, {"nn", "m"}, {"m", "nn"}};
    for (size_t r = 0; r < sizeof pairs / sizeof pairs[0] && len + 3 < PD_CAND_MAX_CHARS; r++) {
        size_t k = 0;
        while (pairs[r].obs[k] && i + k < S->n &&
               S_fold(S->obs[i + k]) == (uint32_t)pairs[r].obs[k])
            k++;
        if (pairs[r].obs[k])
            continue;
        uint32_t st = state;
        unsigned f = 0;
        int ok = 1;
        size_t g = 0;
        for (; pairs[r].gold[g] && ok; g++) {
            unsigned code = pd_lex_code((uint32_t)pairs[r].gold[g]);
            st = pd_lex_step(S->m, st, code, &f, &ok);
            S->codes[len + g] = (unsigned char)code;
            S->casing[len + g] = g == 0 && S_upper(o) ? PD_CAND_CASE_UPPER : casing;
        }
        if (!ok)
            continue;
        S->edited = 1;
        S_dfs(S, i + k, st, f, len + g, plen + g, 1, 0, first_flags, cost + COST_EDIT_ANY,
              rules | PD_RULE_EDIT);
    }
    /* obs[i] read for another letter ("Verheombud", "tteneste") */
    if (is_letter && state != PD_LEX_NONE && len + 2 < PD_CAND_MAX_CHARS)
        for (const pd_lex_edge *e = S->m->edges + state;; e++) {
            unsigned g = e->code;
            if (g >= 1 && g <= 26 && g != oc && S_like(S_fold(o), pd_lex_char(g))) {
                S->codes[len] = (unsigned char)g;
                S->casing[len] = S_upper(o) ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
                S->edited = 1;
                S_dfs(S, i + 1, e->target, pd_lex_edge_flags(e), len + 1, plen + 1, 1, 0,
                      first_flags, cost + COST_EDIT_ANY, rules | PD_RULE_EDIT);
            }
            if (e->last)
                break;
        }
    S->edited = 0;
}

/* Whether the part codes[len - plen .. len), as repaired, ends in a suffix that always takes a
 * linking s in a compound ("lærings|sløyfer", "refleksjons|spørsmål"): an s after it is that
 * link far more often than the start of a second part, so the joint costs less there. */
static int S_takes_link_s(const search *S, size_t len, size_t plen)
{
    static const char *const suffixes[] = {"ing", "het", "else", "sjon"};
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t m = strlen(suffixes[k]);
        if (plen < m + 3)
            continue;
        size_t j = 0;
        while (j < m && S->codes[len - m + j] == pd_lex_code((uint32_t)suffixes[k][j]))
            j++;
        if (j == m)
            return 1;
    }
    return 0;
}

/* The same for a part read letter for letter from obs[i - plen .. i). As read only: such a
 * word the dictionary gives no stem flag is mostly rare, and as a repair it would outbid the
 * common one ("låring|s" for "laring|s", not "læring|s"). */
static int S_link_s_suffix(const search *S, size_t i, size_t len, size_t plen)
{
    if (plen > i)
        return 0;
    for (size_t j = 0; j < plen; j++)
        if (S->codes[len - plen + j] != pd_lex_code(S_fold(S->obs[i - plen + j])))
            return 0;
    return S_takes_link_s(S, len, plen);
}

/* Whether a word of plen codes with flags wflags may end a compound. */
static int S_may_end(unsigned wflags, size_t plen)
{
    return plen >= MIN_PART && (plen >= 5 || (wflags & (PD_LEX_COMPOUND | PD_LEX_CORPUS))) &&
           !(wflags & PD_LEX_NOTAIL);
}

/* Whether codes[0..len) is a verb with a prefix of the closed set that makes verbs of verbs
 * ("for|velges", "av|merkes", "om|defineres"): a verb form ends no compound of nouns, but a
 * prefixed verb hunspell-no lacks is made of the same two parts. The prefixes as letter codes,
 * ASCII letters but the å of "på", so that the search compares them as they are. */
#define C_(c) ((c) - 'a' + 1)
static const unsigned char S_verb_prefixes[][6] = {{C_('a'), C_('v')},
                                                   {C_('a'), C_('n')},
                                                   {C_('b'), C_('e')},
                                                   {C_('f'), C_('o'), C_('r')},
                                                   {C_('f'), C_('r'), C_('a')},
                                                   {C_('i'), C_('n'), C_('n')},
                                                   {C_('m'), C_('e'), C_('d')},
                                                   {C_('m'), C_('o'), C_('t')},
                                                   {C_('o'), C_('m')},
                                                   {C_('o'), C_('p'), C_('p')},
                                                   {C_('p'), AA},
                                                   {C_('t'), C_('i'), C_('l')},
                                                   {C_('u'), C_('t')},
                                                   {C_('g'), C_('j'), C_('e'), C_('n')},
                                                   {C_('o'), C_('v'), C_('e'), C_('r')},
                                                   {C_('u'), C_('n'), C_('d'), C_('e'), C_('r')},
                                                   {C_('s'), C_('a'), C_('m')},
                                                   {C_('m'), C_('i'), C_('s')}};
#undef C_

static int S_prefixed_verb(const search *S, size_t len, size_t plen, int parts, unsigned wflags)
{
    if (parts != 2 || plen < MIN_PART || !(wflags & (PD_LEX_VERB | PD_LEX_PRES)))
        return 0;
    size_t k = len - plen;
    for (size_t p = 0; p < sizeof S_verb_prefixes / sizeof *S_verb_prefixes; p++)
        if (strlen((const char *)S_verb_prefixes[p]) == k &&
            memcmp(S->codes, S_verb_prefixes[p], k) == 0)
            return 1;
    return 0;
}

/* i: next observed character; state/wflags: where the automaton is and the flags of the word
 * ending there; len: codes written; plen: codes of the current part; parts: compound parts so
 * far; split: codes before the split's space (0 = none); first_flags: the first word's flags. */
static void S_dfs(search *S, size_t i, uint32_t state, unsigned wflags, size_t len, size_t plen,
                  int parts, size_t split, unsigned first_flags, float cost, unsigned rules)
{
    if ((S->edited ? ++S->edit_steps > MAX_EDIT_STEPS : ++S->steps > MAX_STEPS) ||
        cost > S_bound(S))
        return;
    int in_word = plen > 0;
    if (i == S->n) {
        if (S->lost && (len < MIN_LOST_WORD || split || parts > 1))
            return;
        if (S->rare && split)
            return;
        if (S->split2 && (rules != PD_RULE_SPLIT || plen < MIN_PART || !(wflags & PD_LEX_CORPUS)))
            return;
        /* an edit yields one whole lexicon word, long enough */
        if (S->edited && (split || parts > 1 || !wflags ||
                          (plen < (S->edited == 2 ? MIN_EDIT_WORD_DOUBLE : MIN_EDIT_WORD) &&
                           !(plen >= MIN_EDIT_WORD_SEEN && (wflags & PD_LEX_CORPUS)))))
            return;
        /* the last part of a compound: a word hunspell allows in compounds, one of the clean
         * text, or one long enough not to be a chance fit ("tem|åer"); and no word that only
         * a pronoun, determiner, preposition or verb form reads as ("program|våre") */
        if (!wflags || (parts > 1 && !S_may_end(wflags, plen) &&
                        !S_prefixed_verb(S, len, plen, parts, wflags)))
            return;
        /* a two-letter word after a lost space looks like an ending (tema|er, fly|et): only
         * the one-letter words (i, å) and longer ones may follow, or a two-letter word after
         * a short word of two or three letters, which no stem is ("den|er", "ta|en"); but
         * not after one letter ("any" is no "å ny"), but for a small "i" before a two-letter
         * word of the clean text in a token that is no word: the commonest lost space ("ien":
         * "i en"; a capital I begins names, "Ian"). Punctuation in between marks the boundary
         * itself ("liv.og") */
        if (split && plen == 2 && !S->punct_split && (split < 2 || split > SPLIT_SHORT_FIRST) &&
            !(split == 1 && S->obs[0] == 'i' && !S->english && !S->word_as_read &&
              (wflags & PD_LEX_CORPUS)))
            return;
        /* nor is a two-letter word two one-letter words ("IA" is no "I Å") */
        if (split == 1 && plen == 1)
            return;
        pd_cand_kind kind = split ? PD_KIND_SPLIT : parts > 1 ? PD_KIND_COMPOUND : PD_KIND_WORD;
        if (split && !S->punct_split && !S->word_as_read &&
            ((split == 1 && S->codes[0] == I_CODE && len - split - 1 >= SPLIT_LONG) ||
             (plen == 1 && S->codes[len - 1] == I_CODE && split >= SPLIT_LONG)))
            cost -= COST_SPLIT_LONG_OFF;
        S_emit(S, len, cost, wflags, first_flags, kind, rules, len - plen);
        return;
    }
    if (len + 2 >= PD_CAND_MAX_CHARS)
        return;

    /* read characters as themselves, then as what they may stand for */
    uint32_t o = S->obs[i];
    unsigned code = pd_lex_code(S_fold(o));
    if (code) {
        unsigned f;
        int ok;
        uint32_t next = pd_lex_step(S->m, state, code, &f, &ok);
        if (ok) {
            S->codes[len] = (unsigned char)code;
            S->casing[len] = S_upper(o) ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
            S_dfs(S, i + 1, next, f, len + 1, plen + 1, parts, split, first_flags, cost, rules);
        }
    }
    if (!(S->rules_known & (uint64_t)1 << i)) {
        S->rules_known |= (uint64_t)1 << i;
        pthread_once(&S_first_once, S_first_init);
        const uint64_t *first = o < 128 ? S_first[o] : S_first_other;
        for (size_t word = 0; word < RULE_WORDS; word++)
            for (uint64_t at = first[word]; at; at &= at - 1) {
                size_t r = word * 64 + (size_t)__builtin_ctzll(at);
                const rule *R = &S_rules[r];
                size_t k = 0;
                while (k < 3 && R->obs[k] && i + k < S->n && S->obs[i + k] == R->obs[k])
                    k++;
                if (k == 3 || !R->obs[k])
                    S->rules_at[i][word] |= (uint64_t)1 << (r % 64);
            }
    }
    for (size_t word = 0; word < RULE_WORDS; word++)
        for (uint64_t at = S->rules_at[i][word]; at; at &= at - 1) {
            const rule *R = &S_rules[word * 64 + (size_t)__builtin_ctzll(at)];
            size_t k = 1;
            while (k < 3 && R->obs[k])
                k++;
            if ((R->cond & R_ALONE) && S->n != 1)
                continue;
            if ((R->cond & R_CAPS) && !S->caps_word)
                continue;
            if (S->partners_only && !(R->rule & (PD_RULE_AA | PD_RULE_OE | PD_RULE_AE)) &&
                !(R->cond & R_PARTNER))
                continue;
            /* (an @ is the small ø it was read for: "I@se") */
            if ((R->cond & R_BEFORE_LOWER) &&
                !(i + 1 < S->n && (S_lower(S->obs[i + 1]) || S->obs[i + 1] == '@')))
                continue;
            if ((R->cond & R_RARE) &&
                (S->rare || !(S->n >= MIN_RARE_WORD && i + k < S->n && S_lower(S->obs[i + k]))))
                continue;
            if ((R->cond & R_INSIDE) && !(i > 0 && S_lower(S->obs[i - 1])))
                continue;
            float rcost =
                R->cost +
                ((R->cond & R_SHORT_DEAR) && S->n < MIN_RARE_WORD ? COST_SHORT_WORD : 0.0f);
            uint32_t st = state;
            unsigned f = 0;
            size_t g = 0;
            int ok = 1;
            for (; g < 2 && R->gold[g] && ok; g++)
                st = pd_lex_step(S->m, st, R->gold[g], &f, &ok);
            if (!ok)
                continue;
            for (size_t j = 0; j < g; j++) {
                S->codes[len + j] = R->gold[j];
                S->casing[len + j] = R->casing >= 0 ? (uint8_t)R->casing
                                     : S_upper(o)   ? PD_CAND_CASE_UPPER
                                     : S_lower(o)   ? PD_CAND_CASE_LOWER
                                                    : PD_CAND_CASE_ANY;
            }
            S->rare += (R->cond & R_RARE) != 0;
            int read = S_push_reading(S, S_group_of[R - S_rules]);
            S_dfs(S, i + k, st, f, len + g, plen + g, parts, split, first_flags, cost + rcost,
                  rules | R->rule);
            S->n_reads -= (size_t)read;
            S->rare -= (R->cond & R_RARE) != 0;
        }

    /* an ø or å read as nothing (COST_LOST_OE) */
    if (!S->partners_only && !S->lost && !S->edited && (i == 0 || S->no_vowel) &&
        S->n >= MIN_LOST_WORD - 1 && (S_lower(o) || S->caps_word)) {
        static const struct {
            unsigned char code;
            float cost;
        } lost[] = {{OE, COST_LOST_OE}, {AA, COST_LOST_AA}};
        for (size_t k = 0; k < 2; k++) {
            unsigned f;
            int ok;
            uint32_t st = pd_lex_step(S->m, state, lost[k].code, &f, &ok);
            if (!ok)
                continue;
            S->codes[len] = lost[k].code;
            S->casing[len] = S->caps_word ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
            S->lost = 1;
            int read = S_push_reading(S, lost[k].code == OE ? S_lost_oe : S_lost_aa);
            S_dfs(S, i, st, f, len + 1, plen + 1, parts, split, first_flags, cost + lost[k].cost,
                  rules | (lost[k].code == OE ? PD_RULE_OE : PD_RULE_AA));
            S->n_reads -= (size_t)read;
            S->lost = 0;
        }
    }
    if (S->edits_ok && !S->edited && !split && parts == 1)
        S_edits(S, i, state, wflags, len, plen, first_flags, cost, rules);

    if (!in_word || !wflags || S->partners_only)
        return;
    /* a genitive s: any noun may take one, but hunspell-no lacks many ("sykefraværs"); it
     * costs what a compound joint does, so a word as read that is one is no unknown word */
    if (S->edited)
        return;
    if (i + 1 == S->n && o == 's' && plen >= MIN_PART && (wflags & PD_LEX_LOWER) && !split &&
        (parts == 1 || !(wflags & PD_LEX_NOTAIL))) {
        S->codes[len] = (unsigned char)pd_lex_code('s');
        S->casing[len] = PD_CAND_CASE_LOWER;
        S_emit(S, len + 1, cost + COST_GENITIVE, wflags, first_flags, PD_KIND_COMPOUND,
               rules | PD_RULE_COMPOUND, len - plen);
    }
    /* a compound joint with a linking s that the dictionary does not mark */
    if (!split && parts < MAX_PARTS && plen >= MIN_PART && (wflags & PD_LEX_LOWER) &&
        !(wflags & (PD_LEX_STEM | PD_LEX_COMPOUND | PD_LEX_CORPUS)) &&
        S_link_s_suffix(S, i, len, plen) && (o == 's' || o == 'S') && i + 1 < S->n) {
        /* a noun derived with -ing, -het, -else or -sjon begins a compound with a linking s,
         * whatever the dictionary marks ("krenking|s|forsøk"): hunspell-no lacks the stem flag
         * on many of them */
        S->codes[len] = (unsigned char)pd_lex_code('s');
        S->casing[len] = S_upper(o) ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
        size_t link_end = S->link_end;
        S->link_end = len + 1;
        S_dfs(S, i + 1, S->m->root, 0, len + 1, 0, parts + 1, split, first_flags,
              cost + COST_COMPOUND, rules | PD_RULE_COMPOUND);
        S->link_end = link_end;
    }
    /* a compound joint, with or without a linking s or e; after a split only where marks
     * showed the boundary ("Hver.loggoppforing"): a lost space is dear enough as it is; or
     * after "i", the commonest lost space, in a token that is no word ("i redigerings|området":
     * the split's last word then weighs by its head, S_add_cand of normalize.c) */
    if ((!split || S->punct_split || (split == 1 && S->codes[0] == I_CODE && !S->word_as_read)) &&
        parts < MAX_PARTS && plen >= MIN_PART &&
        (wflags & (PD_LEX_STEM | PD_LEX_COMPOUND | PD_LEX_CORPUS)) && (wflags & PD_LEX_LOWER) &&
        (plen >= 5 || (wflags & (PD_LEX_COMPOUND | PD_LEX_CORPUS)))) {
        S_dfs(S, i, S->m->root, 0, len, 0, parts + 1, split, first_flags, cost + COST_COMPOUND,
              rules | PD_RULE_COMPOUND);
        uint32_t lk = S_fold(o);
        /* (no linking letter after a word the analyser reads only as a verb form, pronoun,
         * determiner or preposition and no dictionary as a noun: "bor|s|koden" is no
         * compound) */
        if ((lk == 's' || lk == 'e') && i + 1 < S->n &&
            (wflags & (PD_LEX_NOTAIL | PD_LEX_NOUN)) != PD_LEX_NOTAIL) {
            float joint =
                lk == 's' && S_takes_link_s(S, len, plen) ? COST_COMPOUND_LINK_S : COST_COMPOUND;
            S->codes[len] = (unsigned char)pd_lex_code(lk);
            S->casing[len] = S_upper(o) ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
            size_t link_end = S->link_end;
            S->link_end = len + 1;
            S_dfs(S, i + 1, S->m->root, 0, len + 1, 0, parts + 1, split, first_flags, cost + joint,
                  rules | PD_RULE_COMPOUND);
            S->link_end = link_end;
        }
    }
    if (split) {
        /* a second lost space ("atvilegger": "at vi legger"), only in a token read letter for
         * letter, no English word ("installed" is no "in stal led"), into three words of the
         * clean text (the last one of MIN_PART letters): a reading of a damaged letter in a
         * third word is too often a chance fit, and the pieces of a long unknown word are
         * many */
        if (S->split2 || S->english || S->punct_split || S->lost || S->rare ||
            rules != PD_RULE_SPLIT || !(first_flags & wflags & PD_LEX_CORPUS) ||
            len + 2 >= PD_CAND_MAX_CHARS)
            return;
        S->codes[len] = 0;
        S->casing[len] = PD_CAND_CASE_LOWER;
        S->split2 = len;
        S_dfs(S, i, S->m->root, 0, len + 1, 0, 1, split, first_flags, cost + COST_SPLIT,
              rules | PD_RULE_SPLIT);
        S->split2 = 0;
        return;
    }
    /* a lost space: two plain words */
    S->codes[len] = 0;
    S->casing[len] = PD_CAND_CASE_LOWER;
    if (parts == 1)
        S_dfs(S, i, S->m->root, 0, len + 1, 0, 1, len, wflags, cost + COST_SPLIT,
              rules | PD_RULE_SPLIT);
    /* or a space that noise turned into punctuation ("tastetrykk.med", "pa'tvers",
     * "utpraving,.bade"): up to two marks before a small letter, or before a glyph that
     * reads as å ("til'4"), go with it. The marks say where the first word ends, so it may
     * be a compound ("programvareprosjekt,.dine") if its last part could end one. */
    size_t k = 0;
    while (k < 2 && i + k < S->n && pd_scan_glue_mark(S->obs[i + k]))
        k++;
    if (!k || i + k >= S->n)
        return;
    uint32_t after = S->obs[i + k];
    int aa_glyph = after == '4' || after == '&' || after == '3';
    if (!(S_lower(after) || aa_glyph))
        return;
    if (parts > 1 && !S_may_end(wflags, plen))
        return;
    S->punct_split = 1;
    S_dfs(S, i + k, S->m->root, 0, len + 1, 0, 1, len, wflags, cost + COST_PUNCT_SPLIT,
          rules | PD_RULE_SPLIT);
    S->punct_split = 0;
}

/* Follows obs, case-folded, through the lexicon: 1 when the whole of it is a path (it begins a
 * word, or is one), with *flags the flags of the word ending there (0: none does). */
static int S_walk(const pd_ocr_model *m, const uint32_t *obs, size_t n, unsigned *flags)
{
    uint32_t state = m->root;
    *flags = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned code = pd_lex_code(S_fold(obs[i]));
        int ok = 0;
        if (code)
            state = pd_lex_step(m, state, code, flags, &ok);
        if (!ok)
            return 0;
    }
    return n > 0;
}

static int S_is_word(const pd_ocr_model *m, const uint32_t *obs, size_t n)
{
    unsigned f;
    return S_walk(m, obs, n, &f) && f != 0;
}

unsigned pd_lex_flags(const pd_ocr_model *m, const uint32_t *obs, size_t n)
{
    unsigned f;
    return n <= PD_CAND_MAX_CHARS && S_walk(m, obs, n, &f) ? f : 0;
}

int pd_lex_begins_word(const pd_ocr_model *m, const uint32_t *obs, size_t n)
{
    unsigned f;
    return m->root != PD_LEX_NONE && n <= PD_CAND_MAX_CHARS && S_walk(m, obs, n, &f);
}

static size_t S_search(const pd_ocr_model *m, const uint32_t *obs, size_t n, pd_cand *out,
                       size_t max, float max_cost, int partners_only, int edits, size_t n_out)
{
    search S = {.m = m,
                .obs = obs,
                .n = n,
                .out = out,
                .max = max,
                .n_out = n_out,
                .max_cost = max_cost,
                .partners_only = partners_only,
                .edits_ok = edits};
    size_t letters = 0, uppers = 0;
    for (size_t i = 0; i < n; i++) {
        if (S_upper(obs[i]))
            uppers++;
        if (S_upper(obs[i]) || S_lower(obs[i]))
            letters++;
    }
    S.word_as_read = S_is_word(m, obs, n);
    S.english = !partners_only && pd_eng_word(m, obs, n);
    S.caps_word = letters >= 2 && uppers * 10 >= letters * 7 && uppers >= 2;
    S.no_vowel = letters == n;
    for (size_t i = 0; i < n && S.no_vowel; i++)
        S.no_vowel = obs[i] < 0x80 && !strchr("aeiouyAEIOUY", (int)obs[i]);
    S_dfs(&S, 0, m->root, 0, 0, 0, 1, 0, 0, 0.0f, 0);
    return S.n_out;
}

/* Whether obs[0..n) as read is a word the compound search lets begin a compound (S_dfs: one of
 * 5 letters, or a shorter one hunspell marks or the clean text has; or a function word, which
 * begins none as an unknown first part either). */
static int S_joins(const pd_ocr_model *m, const uint32_t *obs, size_t n)
{
    unsigned f;
    return S_walk(m, obs, n, &f) && f &&
           (n >= 5 || (f & (PD_LEX_COMPOUND | PD_LEX_CORPUS | PD_LEX_NOTAIL)));
}

/* A compound whose first part the lexicon lacks ("virtualisering|slosninger", "fler|oppgave-
 * kjoring"): no reading above covers the whole token, and its head is damaged too. A new
 * compound of a known head is common in Norwegian, so its head alone is repaired and the first
 * part kept as read, the linking s or e with it. The longest head that as read is no word but
 * has a repair is taken; a head that is a word as read says the token reads as a new compound
 * already (a name, a new coinage), and a short one is too often a chance fit. Only small
 * letters in the part kept: a digit or mark there is damage the head's repair does not explain.
 * What the first part looks like is judged where the token's readings are weighed (the
 * character model, S_char_factor of normalize.c), as for any unknown word. */
#define MIN_PREFIX 3      /* letters of the first part kept as read */
#define MIN_HEAD 6        /* letters of the head repaired */
#define MIN_PREFIX_WORD 9 /* letters of the whole token */
#define COST_UNKNOWN_PREFIX 2.0f
static size_t S_unknown_prefix(const pd_ocr_model *m, const uint32_t *obs, size_t n, pd_cand *out,
                               size_t max)
{
    if (n < MIN_PREFIX_WORD || pd_eng_word(m, obs, n))
        return 0;
    for (size_t p = 0; p + MIN_HEAD <= n; p++) {
        uint32_t o = obs[p];
        if (!(S_lower(o) || (p == 0 && S_upper(o))) || !pd_lex_code(S_fold(o)))
            return 0;
        if (p + 1 < MIN_PREFIX)
            continue;
        const uint32_t *head = obs + p + 1;
        size_t hn = n - p - 1;
        if (S_is_word(m, head, hn))
            return 0;
        /* a first part the lexicon has is the compound search's to join ("gjennom|faeres" is
         * no "gjennom|færes" that search refused), with or without a linking s or e; unless
         * that search joins no word so short ("plot|verktøyet") */
        uint32_t link = S_fold(obs[p]);
        if (S_joins(m, obs, p + 1) || ((link == 's' || link == 'e') && S_joins(m, obs, p)))
            continue;
        pd_cand h[PD_CAND_MAX];
        size_t nh = S_search(m, head, hn, h, PD_CAND_MAX, MAX_COST - COST_UNKNOWN_PREFIX, 0, 0, 0);
        int any = 0;
        for (size_t i = 0; i < nh; i++)
            any |= h[i].kind == PD_KIND_WORD && h[i].cost <= COST_EDIT_GATE;
        if (!any)
            nh = S_search(m, head, hn, h, PD_CAND_MAX, MAX_COST - COST_UNKNOWN_PREFIX, 0, 1, nh);
        size_t k = 0;
        for (size_t i = 0; i < nh && k < max; i++) {
            const pd_cand *c = &h[i];
            /* a head in small letters: a name's ("Nielsen") is no part of a compound; and one
             * of the clean text or of the attested list (hyper|trådede): a dictionary word
             * found this way that nobody writes is too often a chance fit ("Virtualis|æring",
             * "backp|ørting"); and one that may end a compound */
            if (c->kind != PD_KIND_WORD || (c->flags & PD_LEX_NOTAIL) ||
                !(c->flags & PD_LEX_LOWER) || !(c->flags & (PD_LEX_CORPUS | PD_LEX_ATTESTED)) ||
                c->n < MIN_HEAD || c->n + p + 1 > PD_CAND_MAX_CHARS)
                continue;
            pd_cand *d = &out[k++];
            *d = *c;
            for (size_t j = 0; j <= p; j++) {
                d->codes[j] = (unsigned char)pd_lex_code(S_fold(obs[j]));
                d->casing[j] = S_upper(obs[j]) ? PD_CAND_CASE_UPPER : PD_CAND_CASE_LOWER;
            }
            memcpy(d->codes + p + 1, c->codes, c->n);
            memcpy(d->casing + p + 1, c->casing, c->n);
            d->n = c->n + p + 1;
            d->codes[d->n] = 0;
            d->cost = c->cost + COST_UNKNOWN_PREFIX;
            d->kind = PD_KIND_COMPOUND;
            d->head = p + 1;
            d->link = -1; /* a linking letter or the first part's own: not known */
            d->rules = c->rules | PD_RULE_COMPOUND;
        }
        if (k)
            return k;
    }
    return 0;
}

size_t pd_candidates(const pd_ocr_model *m, const uint32_t *obs, size_t n, pd_cand *out, size_t max)
{
    if (n == 0 || n > PD_CAND_MAX_CHARS || max == 0 || m->root == PD_LEX_NONE)
        return 0;
    /* the € the scanner lets stand alone before a hyphen is the e of "e-post", which is no
     * word of its own (S_euro_e of normalize_scan.c) */
    if (n == 1 && obs[0] == 0x20AC) {
        memset(out, 0, sizeof *out);
        out->codes[0] = (unsigned char)pd_lex_code('e');
        out->casing[0] = PD_CAND_CASE_SMALL;
        out->n = 1;
        out->cost = 3.0f;
        out->kind = PD_KIND_WORD;
        out->rules = PD_RULE_OTHER;
        out->flags = PD_LEX_LOWER;
        return 1;
    }
    size_t k = S_search(m, obs, n, out, max, MAX_COST, 0, 0, 0);
    /* The generic edits are the last resort: a reading the confusions above explain as one
     * word (or compound) at most as dearly as an edit would is theirs, whatever an edit might
     * reach ("hapet" is "håpet", not "håper"; "medarbeideme" "medarbeiderne") */
    for (size_t i = 0; i < k; i++)
        if (out[i].kind != PD_KIND_SPLIT && out[i].cost <= COST_EDIT_GATE)
            return k;
    k = S_search(m, obs, n, out, max, MAX_COST, 0, 1, k);
    /* A token with no reading as one word or compound gets those of a compound with an
     * unknown first part; so does one whose readings are all two words with a repair, which
     * such a compound may be too ("plotverktoyet": "plot verktøyet", or "plot|verktøyet" of
     * a first part the compound search does not join). Not one that reads as two words as
     * read ("av postering", no "avpos|tæring") or as a word and a compound ("i
     * redigerings|området"): no damaged compound. */
    int split_only = 1;
    for (size_t i = 0; i < k && split_only; i++)
        split_only = out[i].kind == PD_KIND_SPLIT && out[i].rules != PD_RULE_SPLIT &&
                     !(out[i].rules & PD_RULE_COMPOUND);
    if (split_only) {
        pd_cand pre[PD_CAND_MAX];
        size_t np = S_unknown_prefix(m, obs, n, pre, PD_CAND_MAX);
        for (size_t i = 0; i < np && k < max; i++) {
            /* into the list by cost, as S_emit keeps it */
            size_t at = k++;
            while (at > 0 && out[at - 1].cost > pre[i].cost) {
                out[at] = out[at - 1];
                at--;
            }
            out[at] = pre[i];
        }
    }
    return k;
}

size_t pd_candidates_of_word(const pd_ocr_model *m, const uint32_t *obs, size_t n, pd_cand *out,
                             size_t max, float max_cost)
{
    if (n == 0 || n > PD_CAND_MAX_CHARS || max == 0 || m->root == PD_LEX_NONE ||
        !S_is_word(m, obs, n))
        return 0;
    return S_search(m, obs, n, out, max, max_cost, 1, 0, 0);
}

const char *pd_rules_text(unsigned rules, char *buf, size_t size)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {
        {PD_RULE_AA, "å"},           {PD_RULE_OE, "ø"},        {PD_RULE_AE, "æ"},
        {PD_RULE_IL, "I/l"},         {PD_RULE_SPLIT, "space"}, {PD_RULE_COMPOUND, "compound"},
        {PD_RULE_OTHER, "rn/m,i/j"}, {PD_RULE_EDIT, "edit"},   {PD_RULE_CASE, "case"}};
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(rules & names[i].bit))
            continue;
        int w = snprintf(buf + len, size - len, "%s%s", len ? "," : "", names[i].name);
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
    return buf;
}
