#ifndef POLIDOC_NORMALIZE_CANDIDATES_H
#define POLIDOC_NORMALIZE_CANDIDATES_H

/* Candidate repairs of one OCR'd word, from a model of what an OCR engine without æ/ø/å does
 * (ø read as g, o, a, @; å as a, 4, &; æ as ee, e, ae; l read as I; a lost space …), searched
 * through the lexicon automaton: only strings that are words (or compounds of words) of the
 * lexicon come out, so no list of known damaged words is involved. Pure functions of their
 * arguments; thread-safe. */

#include "normalize_model.h"

#include <stddef.h>
#include <stdint.h>

#define PD_CAND_MAX_CHARS 64 /* longer words are left alone */
#define PD_CAND_MAX 32       /* candidates kept per word, best first */

enum {
    PD_CAND_CASE_LOWER = 0,
    PD_CAND_CASE_UPPER = 1,
    PD_CAND_CASE_ANY = 2,  /* came from a symbol or digit: capital only to begin a sentence */
    PD_CAND_CASE_SENT = 3, /* read as a capital that may be a small letter ("A" for å): capital
                              only to begin a sentence or list item, or in a name */
    PD_CAND_CASE_SMALL = 4 /* from a glyph an OCR engine reads for the small letter only ("4"
                              for å, while Å is read "A"): capital only where a paragraph,
                              heading or list item begins, not after a "." that may be noise */
};

typedef enum {
    PD_KIND_WORD,     /* one lexicon word */
    PD_KIND_COMPOUND, /* joined from lexicon words ("læring" + s + "kultur") */
    PD_KIND_SPLIT,    /* two words where the OCR lost the space ("Vii" -> "Vi i") */
} pd_cand_kind;

#define PD_CAND_READS 4

typedef struct {
    unsigned char codes[PD_CAND_MAX_CHARS + 2]; /* letter codes; 0 marks the split's space */
    uint8_t casing[PD_CAND_MAX_CHARS + 2];      /* PD_CAND_CASE_* per code */
    size_t n;
    float cost;           /* channel cost: -log P(observed | this word), roughly in nats */
    unsigned flags;       /* PD_LEX_* of the (last) word */
    unsigned first_flags; /* PD_LEX_* of the first word of a split */
    pd_cand_kind kind;
    unsigned rules; /* PD_RULE_* bits used */
    size_t head;    /* where the last part of a compound begins (0 for one word) */
    int link;       /* the part before the head ends in a linking s or e the search read as one */
    /* the readings of æ, ø and å it undoes, in order (groups of pd_reading_groups): the document's
     * own share of each tells how its OCR reads those letters */
    uint8_t reads[PD_CAND_READS];
    uint8_t n_reads;
} pd_cand;

/* Which confusions a candidate undoes (for the report's reason column). */
enum {
    PD_RULE_AA = 1,     /* å from a, 4, &, 3, 8, d */
    PD_RULE_OE = 2,     /* ø from o, g, a, e, @, 0, B */
    PD_RULE_AE = 4,     /* æ from ee, e, ae, ze, z, se */
    PD_RULE_IL = 8,     /* I/l/| confusion */
    PD_RULE_SPLIT = 16, /* lost space */
    PD_RULE_COMPOUND = 32,
    PD_RULE_OTHER = 64, /* rn read as m, i for j, 0 for o */
    PD_RULE_EDIT = 128, /* one letter misread, lost or added in any other way */
    PD_RULE_CASE = 256, /* a small letter read as its look-alike capital (s/S, k/K, o/O) */
};

/* Finds the candidate words for the observed characters obs[0..n) (code points, case as read).
 * Writes at most max candidates to out, cheapest first, and returns how many. The observed
 * word itself is among them (cost 0) when it is a lexicon word. A bounded search: each call
 * does at most a fixed amount of work, whatever the input. */
size_t pd_candidates(const pd_ocr_model *m, const uint32_t *obs, size_t n, pd_cand *out,
                     size_t max);

/* The same search for a word as read that is itself a lexicon word (case-folded), narrowed to
 * what can replace a valid word: its æ/ø/å readings as one word ("mal" -> "mål"), each costing
 * at most max_cost; the word itself comes first (cost 0). No compounds, splits or other rules:
 * a fraction of the full search, which matters because most words of most text are valid.
 * Returns 0 when obs is not a lexicon word. */
size_t pd_candidates_of_word(const pd_ocr_model *m, const uint32_t *obs, size_t n, pd_cand *out,
                             size_t max, float max_cost);

/* Whether obs, case-folded, begins a lexicon word or is one ("sam" begins "samarbeid"). */
int pd_lex_begins_word(const pd_ocr_model *m, const uint32_t *obs, size_t n);

/* PD_LEX_* of the word obs[0..n) as read, its capitals folded; 0 if the lexicon lacks it. */
unsigned pd_lex_flags(const pd_ocr_model *m, const uint32_t *obs, size_t n);

/* The rule bits as a short text ("ø←g,å←a"), for reports. Returns buf. */
const char *pd_rules_text(unsigned rules, char *buf, size_t size);

/* The readings of æ, ø and å of the confusion model, in groups: one letter read as the same
 * characters in either case ("o" and "O" for ø), or as nothing. Groups are numbered
 * 1..pd_reading_groups() (pd_cand.reads); each has its letter (PD_CODE_AE, _OE or _AA) and, for
 * the commonest readings of ø and æ, their share among the confident repairs of the development
 * splits (see normalize.c, S_channel_adapt; 0 for the others). */
#define PD_MAX_READING_GROUPS 64
size_t pd_reading_groups(void);
unsigned pd_reading_letter(unsigned group);
double pd_reading_share(unsigned group);

#endif
