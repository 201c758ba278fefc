#ifndef POLIDOC_NORMALIZE_SCAN_H
#define POLIDOC_NORMALIZE_SCAN_H

/* What in a text the OCR repair may touch, and the words it sees.
 *
 * pd_scan_mask marks the bytes that must stay as they are: in a Markdown source the front
 * matter (except the values of title, subtitle, description and keywords), code blocks, HTML
 * blocks, code spans, autolinks, inline HTML, link destinations, reference definitions and
 * entities. pd_scan_tokens then cuts the rest into words: whitespace-separated runs with their
 * punctuation set aside, split at hyphens and slashes. Runs that are URLs, e-mail addresses,
 * numbers or codes (`10-faktor`, `§`, `H2O`, `bl.a.`) yield no words, only a break in the
 * context. */

#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t off, len;    /* the word's bytes */
    uint8_t sent_start; /* 0 inside a sentence; 1 after : or ; (context boundary only); 2 a
                           sentence, paragraph or heading begins (capital expected); 3 a list
                           item begins after a bullet (capital allowed) */
    uint8_t ctx_break;  /* something that is not a word stands between it and the last word */
    uint8_t sent_end;   /* a sentence ends right after it */
    uint8_t standalone; /* the word is a whole run (no hyphen or slash pieces) */
    uint8_t line_start; /* the run begins a line */
    uint8_t joined;     /* the second of two words in small letters that one hyphen joins into a
                           run ("e-post", or "med-omstilling" where the OCR read a space as "-") */
    uint8_t fragment;   /* a hyphen ends the run right after it: the first part of a suspended
                           compound ("sam- og mot-") or a word broken at a line end */
    uint8_t glue;       /* bytes of marks right before it that stand where a space was, with
                           nothing else to read them as ("forbedrings-.og", "1.-God"): the
                           normaliser writes the space */
    uint8_t start;      /* what stands before it: PD_START_* */
} pd_scan_token;

/* What a word follows, for whether a capital is to be expected there. */
enum {
    PD_START_NONE = 0,  /* a word of the same sentence (or a break inside it) */
    PD_START_COLON = 1, /* ":" */
    PD_START_SEMI = 2,  /* ";" */
    PD_START_STOP = 3,  /* ".", "!" or "?" */
    PD_START_BLOCK = 4, /* the text, a paragraph, a heading or a list item begins */
};

typedef struct {
    pd_scan_token *v;
    size_t n, cap;
} pd_scan_tokens;

/* Fills prot[0..len) with 1 for bytes that must not change, 0 for text. markdown selects the
 * Markdown rules; plain text protects nothing here (URLs and codes are found per run). */
void pd_scan_mask(const char *text, size_t len, int markdown, uint8_t *prot);

/* Appends the words of the unprotected text to out. Linear in len. */
void pd_scan_words(const char *text, size_t len, const uint8_t *prot, pd_scan_tokens *out);

void pd_scan_tokens_free(pd_scan_tokens *t);

/* Whether c is a mark that noise may put where a space was between two words ("liv.og",
 * "av:gode", "pa'tvers"): . , ' : ; and quotes. */
int pd_scan_glue_mark(uint32_t c);

/* Decodes one UTF-8 character of valid UTF-8 at s (n > 0 bytes left); sets *len. Inline: the
 * scanner and the normaliser call it for every character of the text. */
static inline uint32_t pd_scan_utf8(const unsigned char *s, size_t n, size_t *len)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    size_t k = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (k > n)
        k = n;
    uint32_t cp = k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (size_t i = 1; i < k; i++)
        cp = cp << 6 | (s[i] & 0x3F);
    *len = k;
    return cp;
}

#endif
