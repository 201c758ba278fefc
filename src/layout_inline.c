/* Inline content → Knuth–Plass items. A word becomes one box per face it needs (a character the
 * style's face lacks is set in the symbol face, then the monospace face), with penalties where it
 * may break: hyphenation points in prose, after hyphens and slashes, URL separators. Spaces become
 * glue. Words wider than the measure are cut into pieces that fit, so no line can overflow. */

#include "layout_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_HYPHEN_PENALTY = 50,     /* TeX's \hyphenpenalty */
    S_EXPLICIT_PENALTY = 50,   /* after a hyphen or slash already in the text */
    S_URL_HYPHEN_PENALTY = 30, /* after a hyphen in a URL: extraction rejoins it */
    S_URL_PENALTY = 150,       /* at another URL separator: better to move the URL down whole */
    S_EMERGENCY_PENALTY =
        900 /* inside an overlong word: allowed, but only when nothing else fits */
};

void pd_para_init(pd_para *p, const pd_fontset *fonts, const pd_hyphenator *hyph, double measure)
{
    memset(p, 0, sizeof *p);
    p->fonts = fonts;
    p->hyph = hyph;
    p->items = PD_VEC(pd_item);
    p->styles = PD_VEC(pd_style);
    p->measure = measure;
}

void pd_para_free(pd_para *p)
{
    pd_buf_free(&p->text);
    pd_vec_free(&p->items);
    pd_vec_free(&p->styles);
}

void pd_para_clear(pd_para *p)
{
    p->text.len = 0;
    if (p->text.data)
        p->text.data[0] = '\0';
    p->items.len = 0;
    p->styles.len = 0;
    p->missing_glyphs = 0;
    p->first_missing = 0;
}

bool pd_para_empty(const pd_para *p)
{
    for (size_t i = 0; i < p->items.len; i++)
        if (PD_AT(p->items, pd_item, i).kind == PD_IT_BOX)
            return false;
    return true;
}

int pd_para_style(pd_para *p, const pd_style *s)
{
    /* Styles repeat (every word of a link, every code span): share them. */
    for (size_t i = p->styles.len; i-- > 0;) {
        const pd_style *o = &PD_AT(p->styles, pd_style, i);
        if (o->face == s->face && o->size == s->size && o->colour == s->colour &&
            o->link == s->link && o->elem == s->elem && o->flags == s->flags && o->rise == s->rise)
            return (int)i;
    }
    *(pd_style *)pd_vec_push(&p->styles) = *s;
    return (int)p->styles.len - 1;
}

static pd_style *S_style(pd_para *p, int i)
{
    return &PD_AT(p->styles, pd_style, i);
}

static pd_item *S_last(pd_para *p)
{
    return p->items.len ? &PD_AT(p->items, pd_item, p->items.len - 1) : NULL;
}

static void S_glue(pd_para *p, int style, size_t src_char)
{
    pd_item *last = S_last(p);
    if (!last || last->kind == PD_IT_GLUE)
        return; /* no glue at a paragraph's start, and spaces collapse */
    if (last->kind == PD_IT_PENALTY && last->penalty <= -PD_PENALTY_INF)
        return; /* a space after a hard line break would indent the next line */
    const pd_style *s = S_style(p, style);
    double w = pd_fontset_advance(p->fonts, s->face, ' ', s->size);
    pd_item *g = pd_vec_push(&p->items);
    g->kind = PD_IT_GLUE;
    g->width = w;
    g->stretch = w * 0.6;
    g->shrink = w * 0.3;
    g->style = style;
    g->src_char = src_char;
}

static void S_penalty(pd_para *p, int style, int penalty, bool flagged)
{
    pd_item *it = pd_vec_push(&p->items);
    it->kind = PD_IT_PENALTY;
    it->penalty = penalty;
    it->flagged = flagged;
    it->style = style;
    if (flagged) {
        const pd_style *s = S_style(p, style);
        it->width = pd_fontset_advance(p->fonts, s->face, '-', s->size);
    }
}

/* The face that can set cp in style s: its own, else the symbol face, else monospace; -1 none. */
static int S_face_for(const pd_para *p, pd_face face, uint32_t cp)
{
    if (pd_fontset_has_glyph(p->fonts, face, cp))
        return (int)face;
    if (pd_fontset_has_glyph(p->fonts, PD_FACE_SYMBOL, cp))
        return PD_FACE_SYMBOL;
    if (pd_fontset_has_glyph(p->fonts, PD_FACE_MONO, cp))
        return PD_FACE_MONO;
    return -1;
}

/* Appends text[0..n) to the box being built (or a new box), in the given face. */
static void S_box_text(pd_para *p, int style, const char *s, size_t n, size_t src_char)
{
    pd_item *last = S_last(p);
    const pd_style *st = S_style(p, style);
    double w = pd_fontset_width(p->fonts, st->face, st->size, s, n);
    if (last && last->kind == PD_IT_BOX && last->style == style && !last->word_end &&
        last->off + last->len == p->text.len) {
        last->len += n;
        last->width += w;
    } else {
        pd_item *b = pd_vec_push(&p->items);
        b->kind = PD_IT_BOX;
        b->style = style;
        b->off = p->text.len;
        b->len = n;
        b->width = w;
        b->src_char = src_char;
    }
    pd_buf_put(&p->text, s, n);
}

static bool S_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* May a URL break after (after = true) or before this character? */
static bool S_url_break_after(uint32_t c)
{
    return c == '/' || c == '-' || c == '&' || c == '?' || c == '=';
}

static bool S_url_break_before(uint32_t c)
{
    return c == '.' || c == '_' || c == '#' || c == '~' || c == '%';
}

static bool S_is_letter_like(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0xC0;
}

/* Sets one word (no spaces) with its break opportunities. */
static void S_word(pd_para *p, int style, const char *w, size_t n, pd_text_kind kind,
                   size_t src_char)
{
    size_t hyph[32];
    size_t n_hyph = 0, next_hyph = 0;
    if (kind == PD_TEXT_PROSE)
        n_hyph = pd_hyphenate(p->hyph, w, n, hyph, 32);
    pd_face base = S_style(p, style)->face;
    size_t i = 0, chars = 0;
    uint32_t prev = 0;
    size_t letters_before = 0;
    while (i < n) {
        size_t at = i;
        uint32_t c = pd_utf8_next(w, n, &i);
        size_t here = src_char == SIZE_MAX ? SIZE_MAX : src_char + chars;
        chars++;
        if (next_hyph < n_hyph && hyph[next_hyph] == at) {
            S_penalty(p, style, S_HYPHEN_PENALTY, true);
            next_hyph++;
        }
        if (kind == PD_TEXT_URL || kind == PD_TEXT_CODE) {
            if (at > 0 && (S_url_break_after(prev) || S_url_break_before(c)) && i < n)
                S_penalty(p, style, prev == '-' ? S_URL_HYPHEN_PENALTY : S_URL_PENALTY, false);
        } else if (at > 0 && letters_before >= 2 && i < n && S_is_letter_like(c) &&
                   (prev == '-' || prev == 0x2013 || prev == '/')) {
            S_penalty(p, style, S_EXPLICIT_PENALTY, false);
        }
        prev = c;
        letters_before = S_is_letter_like(c) ? letters_before + 1 : letters_before;
        if (c == 0xAD) { /* soft hyphen in the source: a hyphenation point, not drawn */
            if (kind == PD_TEXT_PROSE && at > 0 && i < n)
                S_penalty(p, style, S_HYPHEN_PENALTY, true);
            continue;
        }
        if (c == 0x200B) { /* zero width space: a break without a hyphen */
            if (at > 0 && i < n)
                S_penalty(p, style, S_EXPLICIT_PENALTY, false);
            continue;
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            continue; /* control characters have no glyphs; drawing them would show boxes */
        int face = S_face_for(p, base, c);
        const char *s = w + at;
        size_t len = i - at;
        if (face < 0) {
            if (!p->missing_glyphs)
                p->first_missing = c;
            p->missing_glyphs++;
            face = (int)base;
            s = "?";
            len = 1;
        }
        int st = style;
        if (face != (int)base) {
            pd_style alt = *S_style(p, style);
            alt.face = (pd_face)face;
            st = pd_para_style(p, &alt);
        }
        S_box_text(p, st, s, len, here);
    }
}

void pd_para_add(pd_para *p, int style, const char *text, size_t len, pd_text_kind kind,
                 size_t src_char)
{
    size_t i = 0, chars = 0;
    while (i < len) {
        size_t at = i;
        uint32_t c = pd_utf8_next(text, len, &i);
        if (S_is_space(c)) {
            S_glue(p, style, src_char == SIZE_MAX ? SIZE_MAX : src_char + chars);
            chars++;
            continue;
        }
        size_t end = i, word_chars = 1;
        while (end < len) {
            size_t j = end;
            if (S_is_space(pd_utf8_next(text, len, &j)))
                break;
            end = j;
            word_chars++;
        }
        S_word(p, style, text + at, end - at, kind,
               src_char == SIZE_MAX ? SIZE_MAX : src_char + chars);
        chars += word_chars;
        i = end;
    }
}

void pd_para_break(pd_para *p)
{
    pd_item *last = S_last(p);
    if (last && last->kind == PD_IT_GLUE)
        p->items.len--;
    int style = last ? last->style : 0;
    if (!p->styles.len)
        return;
    pd_item *g = pd_vec_push(&p->items);
    g->kind = PD_IT_GLUE;
    g->stretch = 1e6; /* fills the rest of the line */
    g->style = style;
    g->src_char = SIZE_MAX;
    S_penalty(p, style, -PD_PENALTY_INF, false);
}

/* Splits every run of boxes that no break opportunity interrupts and that is wider than the
 * measure into pieces that fit, with emergency breaks between them. */
static void S_split_overlong(pd_para *p)
{
    size_t n = p->items.len;
    bool any = false;
    for (size_t i = 0; i < n && !any;) {
        double run = 0;
        size_t j = i;
        while (j < n && PD_AT(p->items, pd_item, j).kind == PD_IT_BOX)
            run += PD_AT(p->items, pd_item, j++).width;
        any = run > p->measure;
        i = j + 1;
    }
    if (!any)
        return;
    pd_vec out = PD_VEC(pd_item);
    const pd_fontset *fs = p->fonts;
    double used = 0; /* width of the current unbreakable run so far */
    for (size_t i = 0; i < n; i++) {
        pd_item it = PD_AT(p->items, pd_item, i);
        if (it.kind != PD_IT_BOX) {
            used = 0;
            *(pd_item *)pd_vec_push(&out) = it;
            continue;
        }
        const pd_style *st = &PD_AT(p->styles, pd_style, it.style);
        double hyphen = pd_fontset_advance(fs, st->face, '-', st->size);
        /* Prose pieces end in a hyphen so the reader sees the word goes on; URLs and code never
         * get one (it would read as part of the address). */
        bool prose = st->face != PD_FACE_MONO && st->link < 0;
        double limit = p->measure - (prose ? hyphen : 0);
        if (used + it.width <= limit) {
            used += it.width;
            *(pd_item *)pd_vec_push(&out) = it;
            continue;
        }
        const char *s = p->text.data + it.off;
        size_t k = 0, piece = 0, chars = 0, piece_chars = 0;
        double w = 0;
        while (k < it.len) {
            size_t next = k;
            uint32_t c = pd_utf8_next(s, it.len, &next);
            double cw = pd_fontset_advance(fs, st->face, c, st->size);
            if (used + w + cw > limit && (k > piece || used > 0)) {
                if (k > piece) {
                    pd_item *b = pd_vec_push(&out);
                    *b = it;
                    b->off = it.off + piece;
                    b->len = k - piece;
                    b->width = w;
                    b->src_char = it.src_char == SIZE_MAX ? SIZE_MAX : it.src_char + piece_chars;
                }
                pd_item *pen = pd_vec_push(&out);
                pen->kind = PD_IT_PENALTY;
                pen->penalty = S_EMERGENCY_PENALTY;
                pen->flagged = prose;
                pen->width = prose ? hyphen : 0;
                pen->style = it.style;
                pen->src_char = SIZE_MAX;
                piece = k;
                piece_chars = chars;
                w = 0;
                used = 0;
            }
            w += cw;
            k = next;
            chars++;
        }
        pd_item *b = pd_vec_push(&out);
        *b = it;
        b->off = it.off + piece;
        b->len = it.len - piece;
        b->width = w;
        b->src_char = it.src_char == SIZE_MAX ? SIZE_MAX : it.src_char + piece_chars;
        used += w;
    }
    pd_vec_free(&p->items);
    p->items = out;
}

void pd_para_finish(pd_para *p)
{
    pd_item *last = S_last(p);
    while (last && (last->kind == PD_IT_GLUE ||
                    (last->kind == PD_IT_PENALTY && last->penalty > -PD_PENALTY_INF))) {
        p->items.len--;
        last = S_last(p);
    }
    if (!last)
        return;
    S_split_overlong(p);
    int style = S_last(p)->style;
    pd_item *g = pd_vec_push(&p->items);
    g->kind = PD_IT_GLUE;
    g->stretch = 1e6;
    g->style = style;
    g->src_char = SIZE_MAX;
    S_penalty(p, style, -PD_PENALTY_INF, false);
}
