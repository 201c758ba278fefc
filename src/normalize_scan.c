#include "normalize_scan.h"
#include "util.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ Markdown mask */

static size_t S_line_end(const char *t, size_t len, size_t i)
{
    const char *nl = memchr(t + i, '\n', len - i);
    return nl ? (size_t)(nl - t) : len;
}

static int S_blank(const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            return 0;
    return 1;
}

/* Front matter values that are prose, and so may carry OCR damage. */
static int S_prose_key(const char *k, size_t n)
{
    static const char *keys[] = {"title", "subtitle", "description", "keywords", NULL};
    for (const char **p = keys; *p; p++)
        if (strlen(*p) == n && memcmp(*p, k, n) == 0)
            return 1;
    return 0;
}

/* Protects the front matter, leaving prose values open. Returns the body's offset. */
static size_t S_mask_front_matter(const char *t, size_t len, uint8_t *prot)
{
    if (len < 4 || memcmp(t, "---", 3) != 0 || !(t[3] == '\n' || t[3] == '\r'))
        return 0;
    size_t i = S_line_end(t, len, 0) + 1;
    int open_key = 0;
    while (i < len) {
        size_t e = S_line_end(t, len, i);
        size_t n = e - i;
        if ((n >= 3 && (memcmp(t + i, "---", 3) == 0 || memcmp(t + i, "...", 3) == 0)) &&
            S_blank(t, i + 3, e)) {
            size_t end = e < len ? e + 1 : e;
            for (size_t k = 0; k < end; k++)
                prot[k] = prot[k] == 2 ? 2 : 1; /* 2: a prose value, opened by the caller */
            return end;
        }
        if (n > 0 && t[i] != ' ' && t[i] != '\t' && t[i] != '-' && t[i] != '#') {
            const char *colon = memchr(t + i, ':', n);
            open_key = colon && S_prose_key(t + i, (size_t)(colon - (t + i)));
            if (open_key) {
                size_t v = (size_t)(colon - t) + 1;
                memset(prot + v, 2, e - v);
            }
        } else if (open_key && n > 0 && !S_blank(t, i, e)) {
            memset(prot + i, 2, n);
        }
        i = e + 1;
    }
    return 0; /* unterminated: not front matter; the body parser will say so */
}

static void S_protect_lines(const char *t, size_t len, const size_t *line_off, size_t n_lines,
                            int first, int last, uint8_t *prot)
{
    if (first < 1)
        first = 1;
    if ((size_t)last > n_lines)
        last = (int)n_lines;
    for (int l = first; l <= last; l++) {
        size_t a = line_off[l - 1];
        size_t b = S_line_end(t, len, a);
        memset(prot + a, 1, b - a);
    }
}

static void S_mask_blocks(const char *t, size_t len, size_t body, uint8_t *prot)
{
    size_t n_lines = 0, cap = 1024;
    size_t *line_off = pd_xmalloc(cap * sizeof *line_off);
    for (size_t i = body; i <= len;) {
        if (n_lines == cap)
            line_off = pd_xrealloc(line_off, (cap *= 2) * sizeof *line_off);
        line_off[n_lines++] = i - body;
        size_t e = S_line_end(t, len, i);
        if (e >= len)
            break;
        i = e + 1;
    }
    cmark_node *root = cmark_parse_document(t + body, len - body, CMARK_OPT_SOURCEPOS);
    if (!root) {
        free(line_off);
        return;
    }
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK)
            S_protect_lines(t + body, len - body, line_off, n_lines,
                            cmark_node_get_start_line(node), cmark_node_get_end_line(node),
                            prot + body);
    }
    cmark_iter_free(it);
    cmark_node_free(root);
    free(line_off);
}

static size_t S_backtick_run(const char *t, size_t len, size_t i)
{
    size_t k = 0;
    while (i + k < len && t[i + k] == '`')
        k++;
    return k;
}

static void S_mask_inlines(const char *t, size_t len, size_t body, uint8_t *prot)
{
    /* failed[k]: no closing run of k backticks before this offset's paragraph end */
    size_t failed[33] = {0};
    size_t line = body;
    while (line < len) {
        size_t e = S_line_end(t, len, line);
        if (S_blank(t, line, e))
            memset(failed, 0, sizeof failed);
        size_t s = line;
        while (s < e && s - line < 4 && t[s] == ' ')
            s++;
        /* reference definition: [label]: destination */
        if (s < e && t[s] == '[' && !prot[s]) {
            const char *close = memchr(t + s, ']', e - s);
            if (close && (size_t)(close - t) + 1 < e && close[1] == ':') {
                memset(prot + line, 1, e - line);
                line = e + 1;
                continue;
            }
        }
        for (size_t i = line; i < e; i++) {
            if (prot[i])
                continue;
            char c = t[i];
            if (c == '\\' && i + 1 < e) {
                i++;
                continue;
            }
            if (c == '`') {
                size_t k = S_backtick_run(t, len, i);
                if (k <= 32 && failed[k] <= i) {
                    /* find a closing run of exactly k backticks within the paragraph */
                    size_t j = i + k, found = 0;
                    while (j < len) {
                        if (t[j] == '\n') {
                            size_t ne = S_line_end(t, len, j + 1);
                            if (j + 1 >= len || S_blank(t, j + 1, ne) || prot[j + 1] == 1)
                                break;
                        }
                        if (t[j] == '`') {
                            size_t r = S_backtick_run(t, len, j);
                            if (r == k) {
                                found = j + r;
                                break;
                            }
                            j += r;
                        } else
                            j++;
                    }
                    if (found) {
                        memset(prot + i, 1, found - i);
                        if (found > e) {
                            e = S_line_end(t, len, found);
                        }
                        i = found - 1;
                        continue;
                    }
                    failed[k] = j + 1;
                }
                i += k - 1;
                continue;
            }
            if (c == '<' && i + 1 < e &&
                ((t[i + 1] >= 'a' && t[i + 1] <= 'z') || (t[i + 1] >= 'A' && t[i + 1] <= 'Z') ||
                 t[i + 1] == '/' || t[i + 1] == '!' || t[i + 1] == '?')) {
                const char *gt = memchr(t + i, '>', e - i);
                if (gt) {
                    memset(prot + i, 1, (size_t)(gt - t) + 1 - i);
                    i = (size_t)(gt - t);
                }
                continue;
            }
            if (c == ']' && i + 1 < e && t[i + 1] == '(') {
                int depth = 0;
                size_t j = i + 1;
                for (; j < e; j++) {
                    if (t[j] == '\\' && j + 1 < e) {
                        j++;
                        continue;
                    }
                    if (t[j] == '(')
                        depth++;
                    else if (t[j] == ')' && --depth == 0)
                        break;
                }
                memset(prot + i + 1, 1, (j < e ? j + 1 : e) - (i + 1));
                i = j;
                continue;
            }
            if (c == '&') {
                size_t j = i + 1;
                if (j < e && t[j] == '#')
                    j++;
                while (j < e && j - i < 32 &&
                       ((t[j] >= 'a' && t[j] <= 'z') || (t[j] >= 'A' && t[j] <= 'Z') ||
                        (t[j] >= '0' && t[j] <= '9')))
                    j++;
                if (j < e && t[j] == ';' && j > i + 1)
                    memset(prot + i, 1, j + 1 - i);
            }
        }
        line = e + 1;
    }
}

void pd_scan_mask(const char *text, size_t len, int markdown, uint8_t *prot)
{
    memset(prot, 0, len);
    if (!markdown)
        return;
    size_t body = S_mask_front_matter(text, len, prot);
    for (size_t i = 0; i < body; i++)
        prot[i] = prot[i] == 2 ? 0 : 1;
    S_mask_blocks(text, len, body, prot);
    S_mask_inlines(text, len, body, prot);
}

/* --------------------------------------------------------------- tokenizer */

static inline int S_space(const unsigned char *s, size_t n, size_t *len)
{
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f' ||
        s[0] == '\v') {
        *len = 1;
        return 1;
    }
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) { /* no-break space */
        *len = 2;
        return 1;
    }
    return 0;
}

static inline int S_is_alpha(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
           (c >= 0x400 && c <= 0x4FF);
}

static int S_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Characters OCR writes for letters: part of a word even though not letters. */
static int S_letter_like(uint32_t c)
{
    return c == '&' || c == '@' || c == '|';
}

/* Punctuation that may surround a word. */
static int S_edge_punct(uint32_t c)
{
    if (S_is_alpha(c) || S_is_digit(c) || S_letter_like(c))
        return 0;
    if (c < 0x80)
        return c > ' ' && c != '\\';
    return c == 0xAB || c == 0xBB || (c >= 0x2010 && c <= 0x2027) || c == 0xB7 ||
           (c >= 0x2030 && c <= 0x205E) || c == 0xA1 || c == 0xBF || c == 0xA7 || c == 0xB0;
}

/* Punctuation between words that the n-gram model also treats as a break. */
static int S_break_punct(uint32_t c)
{
    return c == '(' || c == ')' || c == '"' || c == 0xAB || c == 0xBB || c == '/' || c == 0x2013 ||
           c == 0x2014 || c == '[' || c == ']' || c == 0x201C || c == 0x201D || c == 0x201E ||
           c == '*' || c == '|';
}

static int S_end_punct(uint32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

/* An OCR'd list bullet: "e", "o" or a bullet sign alone at the start of a line, followed by
 * text on the same line. */
static int S_bullet(const unsigned char *run, size_t n, const unsigned char *rest, size_t rn)
{
    size_t l;
    uint32_t c = pd_scan_utf8(run, n, &l);
    if (l != n)
        return 0;
    if (!(c == 'e' || c == 'o' || c == 0x2022 || c == 0x25CF || c == 0x25AA || c == 0x2023 ||
          c == 0x25E6 || c == 0xB7 || c == 0xBB))
        return 0;
    /* more than blanks must follow on the line */
    for (size_t i = 0; i < rn && rest[i] != '\n'; i++)
        if (rest[i] != ' ' && rest[i] != '\t' && rest[i] != '\r')
            return 1;
    return 0;
}

typedef struct {
    pd_scan_tokens *out;
    int sent_start, cap_start, ctx_break, line_start, start;
    int glue; /* pd_scan_token.glue for the word that begins at glue_at; if none does (the
                 rest is a code, say), for no word */
    size_t glue_at;
} tok_state;

static void S_push(tok_state *S, size_t off, size_t len, int standalone, int fragment)
{
    pd_scan_tokens *o = S->out;
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 1024;
        o->v = pd_xrealloc(o->v, o->cap * sizeof *o->v);
    }
    pd_scan_token *t = &o->v[o->n++];
    t->off = off;
    t->len = len;
    t->sent_start = (uint8_t)(!S->sent_start ? 0 : S->cap_start == 2 ? 3 : S->cap_start ? 2 : 1);
    t->ctx_break = (uint8_t)S->ctx_break;
    t->sent_end = 0;
    t->standalone = (uint8_t)standalone;
    t->fragment = (uint8_t)fragment;
    t->joined = 0;
    t->line_start = (uint8_t)S->line_start;
    t->start = (uint8_t)S->start;
    t->glue = (uint8_t)(off == S->glue_at ? S->glue : 0);
    S->sent_start = S->cap_start = S->ctx_break = S->line_start = S->start = S->glue = 0;
}

static int S_capital(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

int pd_scan_glue_mark(uint32_t c)
{
    return c == '.' || c == ',' || c == '\'' || c == ':' || c == ';' || c == '"' || c == 0x2018 ||
           c == 0x2019 || c == 0x201C || c == 0x201D;
}

/* Two words in small letters joined by one or two marks (pd_scan_glue_mark) and nothing else:
 * "liv.og", "utpraving,.bade", "st@tte.og", "av:gode", "i.metet"; the first may begin a
 * sentence with a capital ("Det.er", "Heldigvis.finnes"). Not "f.eks" (one letter before the
 * mark that is no word of its own), "kap.3" nor "sarpsborg.kommune.no" (more marks). Whether
 * "nav.no", "bl.a" or "St.meld" is two words is for the normaliser to decide: both parts must
 * be words, and a domain or an extension after a dot keeps a token whole. */
static int S_glued_words(const unsigned char *s, size_t n)
{
    size_t i = 0, marks = 0, runs = 0, before = 0, after = 0;
    int in_marks = 0;
    while (i < n) {
        size_t l;
        uint32_t c = pd_scan_utf8(s + i, n - i, &l);
        if (pd_scan_glue_mark(c)) {
            marks++;
            if (!in_marks)
                runs++;
            in_marks = 1;
        } else if ((S_is_alpha(c) && !(c >= 'A' && c <= 'Z') && !(c >= 0xC0 && c <= 0xDE)) ||
                   S_letter_like(c) || (i == 0 && S_capital(c))) {
            in_marks = 0;
            if (runs == 0)
                before++;
            else
                after++;
        } else
            return 0;
        i += l;
    }
    /* one letter before the marks only if it is a word of one letter (i, a for å) and a
     * word follows ("i.metet", "i.en"); "f.eks", "o.l", "e.g", "i.e" stay */
    int one = before == 1 && (s[0] == 'i' || s[0] == 'a') && after >= 2;
    return runs == 1 && marks <= 2 && (before >= 2 || one) && after >= 1;
}

static int S_small(uint32_t c);

/* Whether s[0..n) is a word in small letters, a mark, and at `digit` a lone 3 or 4 that ends
 * the token ("for.4"): two words glued as S_glued_words' are, the second "å". */
static int S_glued_aa(const unsigned char *s, size_t n, size_t digit)
{
    if (digit + 1 != n || (s[digit] != '3' && s[digit] != '4') || digit < 3)
        return 0;
    size_t k = 0, letters = 0;
    for (size_t l; k < digit - 1; k += l) {
        uint32_t c = pd_scan_utf8(s + k, digit - 1 - k, &l);
        if (!S_small(c))
            return 0;
        letters++;
    }
    return letters >= 2;
}

/* A core (run without its edge punctuation) that is no prose word: URL, e-mail address, domain,
 * abbreviation with inner dots, number, code. */
static int S_is_code(const unsigned char *s, size_t n)
{
    if (n >= 4 && (s[0] | 0x20) == 'w' && (s[1] | 0x20) == 'w' && (s[2] | 0x20) == 'w' &&
        s[3] == '.')
        return 1;
    for (size_t k = 0; k + 3 <= n; k++)
        if (s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/')
            return 1;
    size_t i = 0;
    int prev_alnum = 0, at = 0;
    while (i < n) {
        size_t l;
        uint32_t c = pd_scan_utf8(s + i, n - i, &l);
        if (c == '@')
            at = 1;
        if ((c == '.' || c == ',') && prev_alnum && i + l < n) {
            size_t l2;
            uint32_t d = pd_scan_utf8(s + i + l, n - i - l, &l2);
            /* bl.a, sarpsborg.kommune.no, 1.3, 2,5, name@host.no; but one mark between two
             * words in small letters may be noise where a space was ("tastetrykk.med"), and
             * so may one between a word and a lone 3 or 4 that reads as å ("for.4") */
            if ((S_is_digit(d) && !S_glued_aa(s, n, i + l)) ||
                (S_is_alpha(d) && !S_glued_words(s, n)))
                return 1;
        }
        switch (c) {
        case '_':
        case '=':
        case '\\':
        case '<':
        case '>':
        case '{':
        case '}':
        case '[':
        case ']':
        case '~':
        case '^':
        case '$':
        case '%':
        case '+':
        case '#':
        case '`':
        case '*':
            return 1;
        }
        if (c == 0xA7) /* § */
            return 1;
        /* "role::program", "std::string": a name space, no colon of prose */
        if (c == ':' && prev_alnum && i + 2 < n && s[i + 1] == ':' &&
            (S_is_alpha(s[i + 2]) || S_is_digit(s[i + 2])))
            return 1;
        prev_alnum = S_is_alpha(c) || S_is_digit(c);
        i += l;
    }
    (void)at;
    return 0;
}

/* A file's path ("/dev/md1", "~/.bashrc", "./configure", "usr/share/doc"), which the edge
 * punctuation would cut into words: from the root, the home or the current directory, or with
 * two slashes or more between its parts ("og/eller" is prose, one slash alone); or a command's
 * long option ("--dev"). */
static int S_is_path(const unsigned char *s, size_t n)
{
    if (n > 2 && s[0] == '-' && s[1] == '-' && S_is_alpha(s[2]))
        return 1;
    /* a tag of a markup language ("<param", "</div>") or a file's extension (".deb-filer",
     * ".d") */
    if (n > 1 && (s[0] == '<' || s[0] == '.') && (s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z')
        return 1;
    size_t i = 0;
    while (i < n && strchr("\"'(<[«", s[i]) && s[i] < 0x80)
        i++;
    if (i + 1 < n && s[i] == '/' &&
        (S_is_alpha(s[i + 1]) || S_is_digit(s[i + 1]) || s[i + 1] == '.'))
        return 1;
    if (i + 1 < n && s[i] == '~' && s[i + 1] == '/')
        return 1;
    if ((i + 1 < n && s[i] == '.' && s[i + 1] == '/') ||
        (i + 2 < n && s[i] == '.' && s[i + 1] == '.' && s[i + 2] == '/'))
        return 1;
    size_t slashes = 0;
    for (size_t k = i + 1; k + 1 < n; k++)
        slashes += s[k] == '/' && (S_is_alpha(s[k - 1]) || S_is_digit(s[k - 1])) &&
                   (S_is_alpha(s[k + 1]) || S_is_digit(s[k + 1]) || s[k + 1] == '.');
    return slashes >= 2;
}

static int S_small(uint32_t c)
{
    return (S_is_alpha(c) && !(c >= 'A' && c <= 'Z') && !(c >= 0xC0 && c <= 0xDE)) ||
           S_letter_like(c);
}

/* Whether the € at s[k], where a token begins, begins a piece ending at j (of a run ending at b) as
 * the e it was read for: before a small letter, or alone before a hyphen and one ("€-post"). An
 * amount has a digit or a space after the sign, and a code a capital. */
static int S_euro_e(const unsigned char *s, size_t k, size_t j, size_t b)
{
    size_t l, l2;
    uint32_t c = pd_scan_utf8(s + k, b - k, &l);
    if (c != 0x20AC)
        return 0;
    if (k + l < j)
        return S_small(pd_scan_utf8(s + k + l, j - k - l, &l2));
    return j + 1 < b && s[j] == '-' && S_small(pd_scan_utf8(s + j + 1, b - j - 1, &l2));
}

/* Marks that noise puts where a space was after a hyphen or a list number: the glue marks
 * and the hyphens. */
static int S_noise_mark(uint32_t c)
{
    return pd_scan_glue_mark(c) || c == '-' || c == 0x2010;
}

/* How many bytes one or two noise marks (S_noise_mark) take at the start of s[0..n) when a
 * letter for which ok says yes follows them; otherwise 0. */
static size_t S_marks_before(const unsigned char *s, size_t n, int (*ok)(uint32_t))
{
    size_t i = 0, marks = 0, l;
    while (i < n && marks < 2) {
        uint32_t c = pd_scan_utf8(s + i, n - i, &l);
        if (!S_noise_mark(c))
            break;
        i += l;
        marks++;
    }
    if (!marks || i >= n)
        return 0;
    return ok(pd_scan_utf8(s + i, n - i, &l)) ? i : 0;
}

/* A numbered heading or list item whose space the OCR read as a mark ("1.-God",
 * "5.'Kommunikasjon"): one or two digits, a dot, one or two marks, a capital. Returns the
 * bytes of the marks (0: not so). "1.-klassingene" (a small letter) and "1.2" are no such
 * thing. */
static size_t S_numbered_glue(const unsigned char *s, size_t n)
{
    size_t d = 0;
    while (d < n && d < 3 && S_is_digit(s[d]))
        d++;
    if (d == 0 || d > 2 || d + 1 >= n || s[d] != '.')
        return 0;
    return S_marks_before(s + d + 1, n - d - 1, S_capital);
}

/* Splits a core into pieces at hyphens and slashes and pushes the words. */
static void S_core(tok_state *S, const char *t, size_t a, size_t b, int fragment)
{
    const unsigned char *s = (const unsigned char *)t;
    size_t g = S_numbered_glue(s + a, b - a);
    if (g) {
        /* the number is no word; the word after it begins an item */
        while (s[a] != '.')
            a++;
        a += 1 + g;
        S->ctx_break = S->sent_start = 1;
        S->cap_start = 2;
        S->glue = (int)g;
        S->glue_at = a;
    }
    if (S_is_code(s + a, b - a)) {
        S->ctx_break = 1;
        return;
    }
    int standalone = 1;
    /* two pieces in small letters and one hyphen between them ("med-omstilling", "e-post"):
     * the normaliser weighs whether the hyphen was a space; capitals, digits or more pieces
     * ("IKT-tjenester", "18-åring", "Oslo-regionen") make a hyphenated compound anyway */
    size_t hyphens = 0, seps = 0, other = 0;
    for (size_t i = a; i < b;) {
        size_t l;
        uint32_t c = pd_scan_utf8(s + i, b - i, &l);
        if (c == '-' || c == '/' || c == 0x2010 || c == 0x2011 || c == 0x2013) {
            standalone = 0;
            seps++;
            hyphens += (c == '-' || c == 0x2010) && i > a && i + l < b;
        } else if (!((S_is_alpha(c) && !(c >= 'A' && c <= 'Z') && !(c >= 0xC0 && c <= 0xDE)) ||
                     S_letter_like(c)))
            other++;
        i += l;
    }
    /* but a lone "A" is as often "Å" read in capitals at the start of a sentence or item
     * ("A-mobilisere"): the hyphen stats of the reading the normaliser picks decide */
    int a_piece = b - a > 2 && s[a] == 'A' && s[a + 1] == '-';
    int joinable = seps == 1 && hyphens == 1 && (other == 0 || (other == 1 && a_piece));
    /* the same with a lone 3 or 4 as the second piece: "other" counted it */
    int aa_joinable = seps == 1 && hyphens == 1 && other == 1;
    size_t first_piece = S->out->n;
    for (size_t i = a; i < b;) {
        size_t j = i, l = 0;
        uint32_t sep = 0;
        while (j < b) {
            uint32_t c = pd_scan_utf8(s + j, b - j, &l);
            if (c == '-' || c == '/' || c == 0x2010 || c == 0x2011 || c == 0x2013) {
                sep = c;
                break;
            }
            j += l;
        }
        /* a hyphen that glue marks follow before a word in small letters ("forbedrings-.og"):
         * the hyphen of a suspended compound, or one more mark, and the marks a space; no
         * compound or code is written so */
        size_t glue_next = 0;
        if ((sep == '-' || sep == 0x2010) && j > i && j + l < b) {
            size_t pl;
            size_t k = j - 1;
            while (k > i && (s[k] & 0xC0) == 0x80)
                k--;
            if (S_small(pd_scan_utf8(s + k, j - k, &pl))) {
                size_t m = j + l, marks = 0;
                while (m < b && marks < 2 && pd_scan_glue_mark(pd_scan_utf8(s + m, b - m, &pl))) {
                    m += pl;
                    marks++;
                }
                if (marks && m < b && S_small(pd_scan_utf8(s + m, b - m, &pl)))
                    glue_next = m - (j + l);
            }
        }
        /* a piece quoted before the hyphen of its compound ("«nøkkel»-grupper"): the word is
         * the piece without its closing quote, which no repair touches */
        size_t je = j;
        if ((sep == '-' || sep == 0x2010) && j < b) {
            while (je > i) {
                size_t k = je - 1, pl;
                while (k > i && (s[k] & 0xC0) == 0x80)
                    k--;
                uint32_t c = pd_scan_utf8(s + k, je - k, &pl);
                if (!(c == 0xBB || c == '"' || c == 0x201D || c == 0x2019))
                    break;
                je = k;
            }
            if (je == i)
                je = j;
        }
        if (je > i) {
            size_t j_all = j;
            j = je;
            /* A digit may lead a piece ("4lede", "0G"), and only 0, 3, 4, 8; inside or at the
             * end of a word in small letters one 3, 4 or 8 may stand for å ("p3", "sm4"),
             * while codes keep capitals or more digits ("mp3" is no word either way). */
            int ok = 1, letters = 0, inner = 0, upper = 0;
            size_t k = i;
            while (k < j) {
                size_t l2;
                uint32_t c = pd_scan_utf8(s + k, j - k, &l2);
                if (S_is_digit(c)) {
                    if (k == i ? !(c == '0' || c == '3' || c == '4' || c == '8')
                               : !(c == '3' || c == '4' || c == '8') || inner++)
                        ok = 0;
                } else if (S_is_alpha(c) || S_letter_like(c) || (k == a && S_euro_e(s, k, j, b)) ||
                           (c == 0xAE && k + l2 < j && s[k + l2] == '@')) {
                    /* (® before @: a bold Ø read as two glyphs) */
                    letters++;
                    upper |= (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE);
                } else if (c != '\'' && c != 0x2019 && c != '.' && c != ',' &&
                           !(pd_scan_glue_mark(c) && S_glued_words(s + i, j - i)))
                    ok = 0; /* inner . and , only in glued words: S_is_code let them by; the
                               other marks only there either */
                k += l2;
            }
            if (inner && (upper || S_is_digit(s[i])))
                ok = 0;
            /* "4lede" is "å lede" and "0G" "OG", but "3Ta" and "4G" are codes */
            if (ok && S_is_digit(s[i]) && j - i > 1) {
                size_t l2;
                uint32_t c = pd_scan_utf8(s + i + 1, j - i - 1, &l2);
                ok = s[i] == '0' ? S_is_alpha(c)
                                 : (c >= 'a' && c <= 'z') || c == 0xE6 || c == 0xF8 || c == 0xE5;
            }
            int lone_digit = j - i == 1 && S_is_digit(s[i]);
            /* a glyph that reads as å after a word and a hyphen ("mulig-4 komme"): a space
             * the OCR read as a hyphen, or a number ("side-3"); the normaliser weighs which */
            int aa_after = lone_digit && !standalone && i > a && j == b && aa_joinable &&
                           (s[i] == '3' || s[i] == '4');
            if (ok && (letters > 0 || (lone_digit && standalone) || aa_after)) {
                S_push(S, i, j - i, standalone, (fragment && j == b) || glue_next);
                if ((joinable || aa_after) && i > a && S->out->n == first_piece + 2)
                    S->out->v[S->out->n - 1].joined = 1;
            } else
                S->ctx_break = 1;
            j = j_all;
        }
        if (sep == '/')
            S->ctx_break = 1;
        i = j < b ? j + l : b;
        if (glue_next) {
            i += glue_next;
            S->glue = (int)glue_next;
            S->glue_at = i;
        }
    }
}

/* Where in the run s[a..b) a sentence ends (. ! ?)
 * after a small letter or a closing quote or bracket, and one or two noise marks (S_noise_mark)
 * follow before a capital: returns the marks' bytes and sets *resume to the capital's offset;
 * 0 when there is no such place. "her.Neste" (no mark after the end), "U.S.-Based" (a capital
 * before the dot) and "1.-klassingene" are no such thing. */
static size_t S_sentence_glue(const unsigned char *s, size_t a, size_t b, size_t *resume)
{
    uint32_t prev = 0;
    for (size_t p = a, l; p < b; p += l) {
        uint32_t c = pd_scan_utf8(s + p, b - p, &l);
        if ((c == '.' || c == '!' || c == '?') && p > a &&
            ((S_is_alpha(prev) && !S_capital(prev)) || prev == 0xBB || prev == ')' || prev == '"' ||
             prev == 0x201D || prev == 0x2019)) {
            size_t g = S_marks_before(s + p + l, b - p - l, S_capital);
            if (g) {
                *resume = p + l + g;
                return g;
            }
        }
        prev = c;
    }
    return 0;
}

void pd_scan_words(const char *text, size_t len, const uint8_t *prot, pd_scan_tokens *out)
{
    const unsigned char *s = (const unsigned char *)text;
    tok_state S = {
        .out = out, .sent_start = 1, .cap_start = 1, .line_start = 1, .start = PD_START_BLOCK};
    size_t i = 0;
    int newlines = 0;
    while (i < len) {
        size_t l;
        if (prot[i]) {
            size_t j = i;
            while (j < len && prot[j]) {
                if (s[j] == '\n')
                    newlines++;
                j++;
            }
            S.ctx_break = 1;
            i = j;
            continue;
        }
        if (S_space(s + i, len - i, &l)) {
            if (s[i] == '\n') {
                newlines++;
                S.line_start = 1;
                if (newlines >= 2) {
                    S.sent_start = S.cap_start = 1;
                    S.start = PD_START_BLOCK;
                    if (out->n)
                        out->v[out->n - 1].sent_end = 1;
                }
            }
            i += l;
            continue;
        }
        /* a run: up to whitespace or protected bytes */
        size_t a = i, b = i;
        while (b < len && !prot[b] && !S_space(s + b, len - b, &l))
            b += (pd_scan_utf8(s + b, len - b, &l), l);
        /* a sentence that ends inside the run with marks after its end before a capital
         * ("bedrift?.Kan", "systemlogger».-For"): the marks stand where the space was, so the
         * run ends at the end mark and the next begins at the capital */
        size_t resume = 0, marks = S_sentence_glue(s, a, b, &resume);
        if (marks)
            b = resume - marks;
        int at_line_start = S.line_start;
        if (at_line_start && newlines == 1 && s[a] == '#') {
            S.sent_start = S.cap_start = 1; /* a Markdown heading */
            S.start = PD_START_BLOCK;
        }
        newlines = 0;
        /* edge punctuation */
        size_t ca = a, cb = b;
        int breaks = 0, ends = 0, caps = 0, colon = 0;
        int lead_ends = 0, lead_caps = 0, lead_colon = 0;
        while (ca < cb) {
            uint32_t c = pd_scan_utf8(s + ca, cb - ca, &l);
            if (!S_edge_punct(c))
                break;
            breaks |= S_break_punct(c);
            if (S_end_punct(c)) {
                lead_ends = 1;
                lead_caps |= c != ':' && c != ';';
                lead_colon |= c == ':';
            }
            ca += l;
        }
        /* a stop standing alone ("spørsmål . Spørsmålene") ends the sentence as well */
        if (ca == cb && lead_ends) {
            ends = 1;
            caps = lead_caps;
            colon = lead_colon;
        }
        while (cb > ca) {
            size_t k = cb - 1;
            while (k > ca && (s[k] & 0xC0) == 0x80)
                k--;
            uint32_t c = pd_scan_utf8(s + k, cb - k, &l);
            if (!S_edge_punct(c))
                break;
            if (S_end_punct(c)) {
                ends = 1;
                caps |= c != ':' && c != ';';
                colon |= c == ':';
            }
            cb = k;
        }
        if (breaks)
            S.ctx_break = 1;
        /* Markdown and OCR list bullets at the start of a line begin a list item */
        if (at_line_start && (ca == cb || S_bullet(s + a, b - a, s + b, len - b))) {
            S.sent_start = 1;
            S.cap_start = s[a] == '#' || s[a] == '>' ? 1 : 2;
            S.start = PD_START_BLOCK;
            ca = cb;
        }
        /* a hyphen right after the word: "sam- og", "arbeidspros-" at a line end */
        int fragment = cb < b && (s[cb] == '-' || (pd_scan_utf8(s + cb, b - cb, &l) == 0x2010));
        if (S_is_path(s + a, b - a)) {
            S.ctx_break = 1; /* a file's path is a code, no word of the sentence */
            ca = cb;
        }
        if (ca < cb)
            S_core(&S, text, ca, cb, fragment);
        /* trailing break punctuation (closing quotes, brackets) */
        for (size_t k = cb; k < b;) {
            uint32_t c = pd_scan_utf8(s + k, b - k, &l);
            if (S_break_punct(c))
                S.ctx_break = 1;
            k += l;
        }
        if (ends) {
            if (out->n)
                out->v[out->n - 1].sent_end = 1;
            S.sent_start = 1;
            S.cap_start = caps;
            S.start = caps ? PD_START_STOP : colon ? PD_START_COLON : PD_START_SEMI;
        }
        i = b;
        if (marks) {
            i = resume;
            S.glue = (int)marks;
            S.glue_at = resume;
        }
    }
}

void pd_scan_tokens_free(pd_scan_tokens *t)
{
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}
