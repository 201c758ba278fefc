/* Total-fit line breaking (Knuth and Plass, "Breaking paragraphs into lines", 1981): every
 * feasible break is weighed against every other, so a paragraph is set as a whole and not line by
 * line. Justified text uses the classic stretch/shrink badness with fitness classes. Ragged-right
 * text (the default) rates a line by how much shorter than the measure it is, so the right edge
 * is even without stretching spaces, and a hyphen is used only when it saves a noticeably short
 * line.
 *
 * No line is ever wider than the measure: layout_inline.c has cut every unbreakable run to fit,
 * so a feasible break always exists; should none exist anyway, the best infeasible one is taken
 * and the line is later clipped at placement rather than allowed to overflow (see pd_set_lines). */

#include "layout_impl.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_LINE_PENALTY = 10,
    S_FLAGGED_DEMERITS = 10000, /* two hyphenated lines in a row (TeX: doublehyphendemerits) */
    S_FITNESS_DEMERITS = 3000,  /* a tight line next to a loose one (justified) */
    S_MAX_BADNESS = 10000,
};

typedef struct {
    size_t pos;   /* the break item (or 0 for the paragraph start) */
    size_t start; /* first item of the line after this break */
    int fitness;
    bool flagged;
    double demerits; /* total from the paragraph start */
    long prev;       /* node index, -1 for the start */
} S_node;

typedef struct {
    double w, y, z; /* width, stretch, shrink of items [0, i) */
} S_sum;

static bool S_is_breakpoint(const pd_item *items, size_t i)
{
    const pd_item *it = &items[i];
    if (it->kind == PD_IT_PENALTY)
        return it->penalty < PD_PENALTY_INF;
    if (it->kind == PD_IT_GLUE)
        return i > 0 && items[i - 1].kind == PD_IT_BOX;
    return false;
}

/* The first item a line starts with after a break at pos: discardable items are dropped. */
static size_t S_line_start(const pd_item *items, size_t n, size_t pos, bool at_start)
{
    size_t i = at_start ? 0 : pos + 1;
    while (i < n && items[i].kind != PD_IT_BOX &&
           !(items[i].kind == PD_IT_PENALTY && items[i].penalty <= -PD_PENALTY_INF))
        i++;
    return i;
}

static double S_badness(double r)
{
    double b = 100.0 * fabs(r) * fabs(r) * fabs(r);
    return b > S_MAX_BADNESS ? S_MAX_BADNESS : b;
}

static int S_fitness(double r)
{
    return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1.0 ? 2 : 3;
}

size_t pd_break_lines(const pd_para *p, bool justify, pd_line **out)
{
    const pd_item *items = p->items.data;
    size_t n = p->items.len;
    *out = NULL;
    if (n == 0)
        return 0;
    double measure = p->measure;
    S_sum *sum = pd_xmalloc((n + 1) * sizeof(S_sum));
    sum[0] = (S_sum){0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        sum[i + 1] = sum[i];
        if (items[i].kind != PD_IT_PENALTY) {
            sum[i + 1].w += items[i].width;
            sum[i + 1].y += items[i].kind == PD_IT_GLUE ? items[i].stretch : 0;
            sum[i + 1].z += items[i].kind == PD_IT_GLUE ? items[i].shrink : 0;
        }
    }
    pd_vec nodes = PD_VEC(S_node);
    pd_vec active = PD_VEC(size_t);
    S_node *start = pd_vec_push(&nodes);
    *start = (S_node){0, S_line_start(items, n, 0, true), 1, false, 0, -1};
    *(size_t *)pd_vec_push(&active) = 0;

    for (size_t b = 0; b < n; b++) {
        if (!S_is_breakpoint(items, b))
            continue;
        const pd_item *brk = &items[b];
        bool forced = brk->kind == PD_IT_PENALTY && brk->penalty <= -PD_PENALTY_INF;
        double pen_w = brk->kind == PD_IT_PENALTY ? brk->width : 0;
        double best[4] = {DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX};
        long best_from[4] = {-1, -1, -1, -1};
        double fallback = DBL_MAX;
        long fallback_from = -1;
        size_t kept = 0;
        for (size_t k = 0; k < active.len; k++) {
            size_t ai = PD_AT(active, size_t, k);
            const S_node *a = &PD_AT(nodes, S_node, ai);
            if (a->start > b) { /* the break lies before this line's first box */
                PD_AT(active, size_t, kept++) = ai;
                continue;
            }
            double w = sum[b].w - sum[a->start].w + pen_w;
            double y = sum[b].y - sum[a->start].y;
            double z = sum[b].z - sum[a->start].z;
            double r, bad;
            if (y >= 1e5) {
                r = 0, bad = 0; /* the paragraph's last line or a hard break: filled */
            } else if (justify) {
                if (w < measure)
                    r = y > 0 ? (measure - w) / y : (double)S_MAX_BADNESS;
                else
                    r = z > 0 ? (measure - w) / z : (w > measure + 1e-9 ? -2 : 0);
                bad = S_badness(r);
            } else {
                r = w <= measure + 1e-9 ? (measure - w) / (0.25 * measure) : -2;
                bad = S_badness(r);
            }
            bool too_long = r < -1;
            double pen = brk->kind == PD_IT_PENALTY ? brk->penalty : 0;
            double dem = (S_LINE_PENALTY + bad) * (S_LINE_PENALTY + bad);
            if (pen > 0)
                dem += pen * pen;
            else if (pen > -PD_PENALTY_INF)
                dem -= pen * pen;
            if (brk->flagged && a->flagged)
                dem += S_FLAGGED_DEMERITS;
            int fit = justify ? S_fitness(r) : 1;
            if (justify && abs(fit - a->fitness) > 1)
                dem += S_FITNESS_DEMERITS;
            dem += a->demerits;
            if (!too_long && dem < best[fit]) {
                best[fit] = dem;
                best_from[fit] = (long)ai;
            }
            if (dem < fallback) {
                fallback = dem;
                fallback_from = (long)ai;
            }
            if (!too_long && !forced)
                PD_AT(active, size_t, kept++) = ai;
        }
        active.len = kept;
        bool any = false;
        for (int f = 0; f < 4; f++)
            any |= best_from[f] >= 0;
        if (!any && active.len == 0 && fallback_from >= 0) {
            best[1] = fallback; /* nothing fits: keep going from the least bad overfull line */
            best_from[1] = fallback_from;
        }
        for (int f = 0; f < 4; f++) {
            if (best_from[f] < 0)
                continue;
            S_node *nn = pd_vec_push(&nodes);
            nn->pos = b;
            nn->start = S_line_start(items, n, b, false);
            nn->fitness = f;
            nn->flagged = brk->flagged;
            nn->demerits = best[f];
            nn->prev = best_from[f];
            *(size_t *)pd_vec_push(&active) = nodes.len - 1;
        }
    }
    /* The paragraph ends with a forced break, so the last nodes made are the candidates. */
    long last = -1;
    double least = DBL_MAX;
    for (size_t k = 0; k < active.len; k++) {
        size_t ai = PD_AT(active, size_t, k);
        const S_node *a = &PD_AT(nodes, S_node, ai);
        if (a->pos == n - 1 && a->demerits < least) {
            least = a->demerits;
            last = (long)ai;
        }
    }
    if (last < 0) { /* no final forced break (should not happen): take the latest node */
        for (size_t k = 0; k < active.len; k++) {
            size_t ai = PD_AT(active, size_t, k);
            if (last < 0 || PD_AT(nodes, S_node, ai).pos > PD_AT(nodes, S_node, last).pos)
                last = (long)ai;
        }
    }
    size_t count = 0;
    for (long k = last; k > 0; k = PD_AT(nodes, S_node, k).prev)
        count++;
    pd_line *lines = pd_xcalloc(count ? count : 1, sizeof(pd_line));
    size_t li = count;
    for (long k = last; k > 0; k = PD_AT(nodes, S_node, k).prev) {
        const S_node *e = &PD_AT(nodes, S_node, k);
        const S_node *s = &PD_AT(nodes, S_node, e->prev);
        pd_line *l = &lines[--li];
        l->first = s->start;
        l->brk = e->pos;
        l->end = e->pos;
        l->hyphen = items[e->pos].kind == PD_IT_PENALTY && items[e->pos].flagged;
        double w = sum[e->pos].w - sum[s->start].w;
        double y = sum[e->pos].y - sum[s->start].y;
        double z = sum[e->pos].z - sum[s->start].z;
        if (l->hyphen)
            w += items[e->pos].width;
        if (!justify || y >= 1e5)
            l->ratio = 0;
        else if (w < measure)
            l->ratio = y > 0 ? (measure - w) / y : 0;
        else
            l->ratio = z > 0 ? (measure - w) / z : 0;
        if (l->ratio < -1)
            l->ratio = -1;
        /* A very loose line (one long word and its neighbour) is better ragged than gappy. */
        if (l->ratio > 3)
            l->ratio = 0;
    }
    pd_vec_free(&nodes);
    pd_vec_free(&active);
    free(sum);
    *out = lines;
    return count;
}

/* ---- line boxes ------------------------------------------------------------------------------ */

typedef struct {
    pd_lstate *st;
    pd_vlist *v;
    const pd_para *p;
    pd_buf text;
    int style;      /* of the open run, -1 when none */
    double x, w;    /* of the open run */
    double space_w; /* width of a trailing space in the open run */
    unsigned flags;
    double baseline;
} S_runs;

static void S_close_run(S_runs *r)
{
    if (r->style < 0)
        return;
    const pd_style *s = &PD_AT(r->p->styles, pd_style, r->style);
    pd_lstate *st = r->st;
    pd_box *b = pd_vlist_box(r->v);
    b->kind = PD_BOX_TEXT;
    b->elem = s->elem;
    b->artifact = s->elem >= 0 ? PD_ARTIFACT_NONE : PD_ARTIFACT_LAYOUT;
    b->link = s->link;
    b->x = r->x;
    b->y = r->baseline - s->rise;
    b->w = r->w;
    b->h = s->size;
    b->face = s->face;
    b->size = s->size;
    b->colour = s->colour;
    b->flags = s->flags | r->flags;
    b->text = pd_arena_strndup(st->arena, r->text.data, r->text.len);
    if (s->link >= 0 && (s->flags & PD_TEXT_UNDERLINE) && r->w - r->space_w > 0) {
        pd_box *u = pd_vlist_box(r->v);
        u->kind = PD_BOX_RULE;
        u->artifact = PD_ARTIFACT_LAYOUT;
        u->x = r->x;
        u->y = r->baseline + s->size * 0.12;
        u->w = r->w - r->space_w;
        u->h = s->size * 0.05;
        u->colour = s->colour;
    }
    r->style = -1;
    r->text.len = 0;
    r->flags = 0;
}

static void S_run_put(S_runs *r, int style, const char *s, size_t n, double w, double x)
{
    if (r->style != style) {
        S_close_run(r);
        r->style = style;
        r->x = x;
        r->w = 0;
    }
    pd_buf_put(&r->text, s, n);
    r->w += w;
    r->space_w = 0;
}

/* Whether a break at item brk splits a token without a hyphen (a URL after "/"), as opposed to
 * a break at a space or after a hyphen the text already has. */
static bool S_breaks_token(const pd_para *p, size_t brk)
{
    const pd_item *items = p->items.data;
    if (brk == 0 || brk + 1 >= p->items.len || items[brk].kind != PD_IT_PENALTY ||
        items[brk].penalty <= -PD_PENALTY_INF)
        return false;
    const pd_item *before = &items[brk - 1], *after = &items[brk + 1];
    if (before->kind != PD_IT_BOX || after->kind != PD_IT_BOX || before->len == 0)
        return false;
    char last = p->text.data[before->off + before->len - 1];
    return last != '-';
}

void pd_set_lines(pd_lstate *st, pd_vlist *v, const pd_para *p, const pd_line *lines,
                  size_t n_lines, const pd_line_opts *lo)
{
    const pd_item *items = p->items.data;
    S_runs r = {st, v, p, {0}, -1, 0, 0, 0, 0, 0};
    for (size_t li = 0; li < n_lines; li++) {
        const pd_line *l = &lines[li];
        /* The line's height follows its largest text, so mixed sizes never collide. */
        double asc = 0, desc = 0;
        size_t src = SIZE_MAX;
        for (size_t i = l->first; i < l->end; i++) {
            if (items[i].kind != PD_IT_BOX)
                continue;
            const pd_style *s = &PD_AT(p->styles, pd_style, items[i].style);
            double a = pd_fontset_ascent(st->fonts, s->face, s->size) + s->rise;
            double d = -pd_fontset_descent(st->fonts, s->face, s->size) - s->rise;
            asc = a > asc ? a : asc;
            desc = d > desc ? d : desc;
            if (src == SIZE_MAX)
                src = items[i].src_char;
        }
        if (asc == 0 && desc == 0 && p->styles.len) { /* an empty line (two hard breaks) */
            const pd_style *s = &PD_AT(p->styles, pd_style, 0);
            asc = pd_fontset_ascent(st->fonts, s->face, s->size);
            desc = -pd_fontset_descent(st->fonts, s->face, s->size);
        }
        double height = lo->leading > asc + desc ? lo->leading : asc + desc;
        r.baseline = (height - (asc + desc)) / 2 + asc;
        /* A line that goes on with a word broken on the line above starts, for the page map,
         * at its first whole word: that is where a reader of the page begins. */
        bool continues = li > 0 && (lines[li - 1].hyphen || S_breaks_token(p, lines[li - 1].brk));
        if (continues) {
            for (size_t i = l->first; i < l->end; i++)
                if (items[i].kind == PD_IT_GLUE && i + 1 < l->end &&
                    items[i + 1].kind == PD_IT_BOX && items[i + 1].src_char != SIZE_MAX) {
                    src = items[i + 1].src_char;
                    break;
                }
        }
        pd_vitem *it = pd_begin_line(st, v, height, r.baseline);
        it->block = lo->block;
        it->char_offset = src == SIZE_MAX ? 0 : src;
        if (lo->keep_together) {
            it->no_break_after = li + 1 < n_lines;
        } else if (li + 1 < n_lines) {
            /* At least two lines of a paragraph on either side of a page break, and no word
             * broken across pages (TeX's \brokenpenalty, made absolute). */
            size_t above = li + 1, below = n_lines - li - 1;
            it->no_break_after = above < 2 || below < 2 || l->hyphen || S_breaks_token(p, l->brk);
        }
        double x = lo->indent;
        double extra = 0;
        for (size_t i = l->first; i < l->end; i++) {
            const pd_item *t = &items[i];
            if (t->kind == PD_IT_BOX) {
                S_run_put(&r, t->style, p->text.data + t->off, t->len, t->width, x);
                x += t->width;
            } else if (t->kind == PD_IT_GLUE && t->stretch < 1e5) {
                extra = l->ratio >= 0 ? l->ratio * t->stretch : l->ratio * t->shrink;
                if (r.style >= 0) {
                    pd_buf_putc(&r.text, ' ');
                    r.w += t->width;
                    r.space_w = t->width;
                }
                x += t->width;
                if (lo->justify && extra != 0) {
                    /* A stretched space: the next word starts a box of its own, because
                     * layout never asks the emitter to change word spacing. */
                    S_close_run(&r);
                    x += extra;
                }
            }
        }
        if (l->hyphen) {
            const pd_item *h = &items[l->brk];
            S_run_put(&r, r.style >= 0 ? r.style : h->style, "-", 1, h->width, x);
            r.flags |= PD_TEXT_HYPHEN;
            x += h->width;
        } else if (S_breaks_token(p, l->brk) && r.style >= 0) {
            r.flags |= PD_TEXT_JOIN_NEXT;
        }
        S_close_run(&r);
        if (lo->line_extents)
            *(double *)pd_vec_push(lo->line_extents) = x - lo->indent;
    }
    pd_buf_free(&r.text);
}
