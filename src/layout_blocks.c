/* The document body: walks the AST's blocks in source order and turns them into a vertical list
 * of lines and spaces (positions relative to the body's left edge and each line's top), creating
 * structure elements and links as it goes. Pagination comes later (layout_pages.c).
 *
 * Nesting deeper than PD_LAYOUT_MAX_DEPTH is walked without recursion (S_flat): its text is set
 * in full, at the deepest indentation, inside the deepest element. So 10,000 nested lists or
 * quotes cost neither stack nor a 10,000-level structure tree. */

#include "layout_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S_TEXT_COLOUR 0x000000u
#define S_LINK_COLOUR 0x0B4FA8u
#define S_CAPTION_COLOUR 0x444444u
#define S_CODE_BG 0xF0F0F0u
#define S_QUOTE_BAR 0xB4B4B4u
#define S_RULE_COLOUR 0x808080u
#define S_MAX_STYLE_DEPTH 64

typedef struct {
    double indent;  /* content's left edge from the body's left */
    double measure; /* content width */
    int parent;     /* element new blocks belong to */
    int depth;      /* container nesting */
    bool tight;     /* inside a tight list's item */
    bool flat;      /* beyond PD_LAYOUT_MAX_DEPTH */
} S_ctx;

static const char *const S_heading_types[] = {"H1", "H2", "H3", "H4", "H5", "H6"};

int pd_elem_new(pd_lstate *st, const char *type, int parent, cmark_node *node)
{
    pd_element *e = pd_vec_push(&st->elems);
    e->type = type;
    e->parent = parent;
    e->node = node;
    e->line = node ? pd_node_line(st->doc, node) : 0;
    e->link = -1;
    e->page = -1;
    return (int)st->elems.len - 1;
}

static pd_element *S_elem(pd_lstate *st, int i)
{
    return &PD_AT(st->elems, pd_element, i);
}

int pd_link_new(pd_lstate *st, const char *uri, int dest_elem, const char *text, int elem)
{
    pd_link *l = pd_vec_push(&st->links);
    l->uri = uri ? pd_arena_strdup(st->arena, uri) : NULL;
    l->dest_elem = dest_elem;
    l->dest_page = -1;
    l->text = pd_arena_strdup(st->arena, text ? text : "");
    l->elem = elem;
    pd_vec *rects = pd_vec_push(&st->rects);
    *rects = PD_VEC(pd_link_rect);
    if (elem >= 0)
        S_elem(st, elem)->link = (int)st->links.len - 1;
    return (int)st->links.len - 1;
}

pd_vitem *pd_begin_line(pd_lstate *st, pd_vlist *v, double height, double baseline)
{
    pd_vlist_item(v, PD_V_LINE, height);
    for (size_t i = 0; i < st->bars.len; i++) {
        pd_box *b = pd_vlist_box(v);
        b->kind = PD_BOX_RULE;
        b->artifact = PD_ARTIFACT_LAYOUT;
        b->x = PD_AT(st->bars, double, i);
        b->y = 0;
        b->w = 1.5;
        b->h = height;
        b->colour = S_QUOTE_BAR;
    }
    for (size_t i = 0; i < st->pending.len; i++) {
        pd_box *b = pd_vlist_box(v);
        *b = PD_AT(st->pending, pd_box, i);
        b->y += baseline;
    }
    st->pending.len = 0;
    return &PD_AT(v->items, pd_vitem, v->items.len - 1);
}

void pd_begin_space(pd_lstate *st, pd_vlist *v, double height)
{
    pd_vlist_item(v, PD_V_SPACE, height);
    for (size_t i = 0; i < st->bars.len; i++) {
        pd_box *b = pd_vlist_box(v);
        b->kind = PD_BOX_RULE;
        b->artifact = PD_ARTIFACT_LAYOUT;
        b->x = PD_AT(st->bars, double, i);
        b->w = 1.5;
        b->h = height;
        b->colour = S_QUOTE_BAR;
    }
}

/* Vertical space between blocks: the larger of what the block above leaves and what the block
 * below asks for (consecutive spaces merge), and none at the start of the body. A space inherits
 * the keep of the line before it, so a heading's keep reaches the block after it. */
static void S_space_before(pd_lstate *st, double before)
{
    pd_vlist *v = &st->body;
    if (!v->items.len)
        return;
    pd_vitem *last = &PD_AT(v->items, pd_vitem, v->items.len - 1);
    if (last->kind == PD_V_SPACE) {
        /* Merge with the space the previous block left: take the larger. */
        if (before > last->height)
            last->height = before;
        return;
    }
    bool keep = last->no_break_after;
    pd_begin_space(st, v, before);
    PD_AT(v->items, pd_vitem, v->items.len - 1).no_break_after = keep;
}

static void S_space_after(pd_lstate *st, double after, bool keep)
{
    pd_vlist *v = &st->body;
    if (!v->items.len)
        return;
    pd_vitem *last = &PD_AT(v->items, pd_vitem, v->items.len - 1);
    if (keep)
        last->no_break_after = true;
    if (after > 0) {
        pd_begin_space(st, v, after);
        PD_AT(v->items, pd_vitem, v->items.len - 1).no_break_after = keep;
    }
}

/* ---- inline content ------------------------------------------------------------------------ */

static size_t S_note_number(pd_lstate *st, const char *url)
{
    for (size_t i = 0; i < st->notes.len; i++)
        if (!strcmp(PD_AT(st->notes, const char *, i), url))
            return i + 1;
    *(const char **)pd_vec_push(&st->notes) = pd_arena_strdup(st->arena, url);
    return st->notes.len;
}

typedef struct {
    pd_face face;
    double size;
    uint32_t colour;
    pd_text_kind kind; /* prose (hyphenated) or plain (headings, captions) */
    bool no_links;     /* generated text: links are not made */
} S_inline_base;

static pd_face S_styled_face(pd_face base, int emph, int strong)
{
    if (base == PD_FACE_SANS || base == PD_FACE_SANS_BOLD)
        return strong ? PD_FACE_SANS_BOLD : base;
    if (base == PD_FACE_MONO)
        return base;
    bool bold = strong > 0 || base == PD_FACE_SERIF_BOLD || base == PD_FACE_SERIF_BOLD_ITALIC;
    bool italic = (emph % 2) == 1
                      ? !(base == PD_FACE_SERIF_ITALIC || base == PD_FACE_SERIF_BOLD_ITALIC)
                      : (base == PD_FACE_SERIF_ITALIC || base == PD_FACE_SERIF_BOLD_ITALIC);
    return bold ? (italic ? PD_FACE_SERIF_BOLD_ITALIC : PD_FACE_SERIF_BOLD)
                : (italic ? PD_FACE_SERIF_ITALIC : PD_FACE_SERIF);
}

typedef struct {
    pd_lstate *st;
    S_ctx ctx;
    pd_para para;
    int elem;          /* the block's element (P, H…) */
    cmark_node *block; /* leaf block for the page map */
    const S_inline_base *base;
    pd_line_opts lo;
    bool justify;
    bool is_heading;
    bool set_any; /* some lines were set already (text before a figure) */
} S_block_text;

static void S_flush_lines(S_block_text *bt, bool last)
{
    pd_para *p = &bt->para;
    if (pd_para_empty(p)) {
        pd_para_clear(p);
        return;
    }
    pd_para_finish(p);
    pd_line *lines;
    size_t n = pd_break_lines(p, bt->justify, &lines);
    pd_line_opts lo = bt->lo;
    pd_set_lines(bt->st, &bt->st->body, p, lines, n, &lo);
    pd_vlist *v = &bt->st->body;
    /* The heading's first line is where links and bookmarks to it point. */
    if (bt->is_heading && n && !bt->set_any)
        PD_AT(v->items, pd_vitem, v->items.len - n).heading_elem = bt->elem;
    if (!last && n) /* text goes on after a figure: keep its last lines with it */
        PD_AT(v->items, pd_vitem, v->items.len - 1).no_break_after = n >= 2 ? false : true;
    if (p->missing_glyphs)
        pd_warning(bt->st->d, bt->st->doc->path, pd_node_line(bt->st->doc, bt->block), 0,
                   "%zu character(s) (first U+%04X) are in none of polidoc's fonts; shown as '?'",
                   p->missing_glyphs, (unsigned)p->first_missing);
    bt->set_any = true;
    free(lines);
    pd_para_clear(p);
}

static int S_figure(S_block_text *bt, cmark_node *img, size_t src_char);

/* Sets the inline children of node (a paragraph or heading) into bt's paragraph, flushing lines
 * and setting a figure at each image. Iterative (cmark_iter), so deep emphasis nesting is safe. */
static int S_inlines(S_block_text *bt, cmark_node *node)
{
    pd_lstate *st = bt->st;
    const S_inline_base *base = bt->base;
    int emph = 0, strong = 0;
    int link_stack[S_MAX_STYLE_DEPTH];
    int link_depth = 0;
    int link = -1, link_elem = -1;
    size_t chars = 0; /* of pd_node_plain_text(node) */
    int rc = 0;
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (n == node)
            continue;
        bool enter = ev == CMARK_EVENT_ENTER;
        cmark_node_type type = cmark_node_get_type(n);
        pd_style s = {S_styled_face(base->face, emph, strong),
                      base->size,
                      base->colour,
                      link,
                      link >= 0 ? link_elem : bt->elem,
                      0,
                      0};
        if (link >= 0 && st->opt->link_colour && !base->no_links) {
            s.colour = S_LINK_COLOUR;
            s.flags |= PD_TEXT_UNDERLINE;
        }
        switch (type) {
        case CMARK_NODE_EMPH:
            emph += enter ? 1 : -1;
            break;
        case CMARK_NODE_STRONG:
            strong += enter ? 1 : -1;
            break;
        case CMARK_NODE_HTML_INLINE: {
            /* One tag: markup, no words (as in the text edition); the text between tags is an
             * ordinary text node. */
            const char *lit = cmark_node_get_literal(n);
            chars += lit ? pd_utf8_len(lit, strlen(lit)) : 0;
            break;
        }
        case CMARK_NODE_TEXT: {
            const char *lit = cmark_node_get_literal(n);
            size_t len = lit ? strlen(lit) : 0;
            pd_text_kind kind = base->kind;
            if (link >= 0 && kind == PD_TEXT_PROSE) {
                const pd_link *l = &PD_AT(st->links, pd_link, link);
                if (l->uri && pd_link_is_autolink(cmark_node_parent(n), l->text))
                    kind = PD_TEXT_URL;
            }
            pd_para_add(&bt->para, pd_para_style(&bt->para, &s), lit ? lit : "", len, kind, chars);
            chars += pd_utf8_len(lit ? lit : "", len);
            break;
        }
        case CMARK_NODE_CODE: {
            const char *lit = cmark_node_get_literal(n);
            size_t len = lit ? strlen(lit) : 0;
            s.face = PD_FACE_MONO;
            s.size = base->size * 0.9;
            pd_para_add(&bt->para, pd_para_style(&bt->para, &s), lit ? lit : "", len, PD_TEXT_CODE,
                        chars);
            chars += pd_utf8_len(lit ? lit : "", len);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
            pd_para_add(&bt->para, pd_para_style(&bt->para, &s), " ", 1, base->kind, chars);
            chars++;
            break;
        case CMARK_NODE_LINEBREAK:
            pd_para_break(&bt->para);
            chars++;
            break;
        case CMARK_NODE_LINK: {
            if (base->no_links)
                break;
            if (enter) {
                const char *url = cmark_node_get_url(n);
                char *text = pd_node_plain_text(n);
                int parent = link >= 0 ? link_elem : bt->elem;
                int le = pd_elem_new(st, "Link", parent, n);
                if (link_depth < S_MAX_STYLE_DEPTH)
                    link_stack[link_depth] = link;
                link_depth++;
                link = pd_link_new(st, url && *url ? url : NULL, -1, text, le);
                link_elem = le;
                free(text);
            } else {
                const pd_link *l = &PD_AT(st->links, pd_link, link);
                if (st->opt->link_notes && l->uri && !pd_link_is_autolink(n, l->text)) {
                    char mark[32];
                    /* A no-break space keeps the number with the link's last word. */
                    int len =
                        snprintf(mark, sizeof mark, "\xc2\xa0[%zu]", S_note_number(st, l->uri));
                    PD_AT(st->links, pd_link, link).note = (int)S_note_number(st, l->uri);
                    pd_style ms = s;
                    ms.flags &= ~(unsigned)PD_TEXT_UNDERLINE;
                    pd_para_add(&bt->para, pd_para_style(&bt->para, &ms), mark, (size_t)len,
                                PD_TEXT_PLAIN, SIZE_MAX);
                }
                link_depth--;
                int prev = link_depth < S_MAX_STYLE_DEPTH ? link_stack[link_depth] : link;
                link = prev;
                link_elem = link >= 0 ? PD_AT(st->links, pd_link, link).elem : -1;
            }
            break;
        }
        case CMARK_NODE_IMAGE:
            if (enter) {
                rc = S_figure(bt, n, chars);
                char *alt = pd_node_plain_text(n);
                chars += pd_utf8_len(alt, strlen(alt));
                free(alt);
                cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            }
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return rc;
}

/* An image: the text so far is set, then the figure (image scaled to the column, caption with
 * the alt text as the text edition writes it), then the paragraph goes on. */
static int S_figure(S_block_text *bt, cmark_node *img, size_t src_char)
{
    pd_lstate *st = bt->st;
    const pd_metrics *m = &st->m;
    const char *path;
    pd_image_type type;
    int pw, ph;
    if (pd_image_probe(st, cmark_node_get_url(img), pd_node_line(st->doc, img),
                       cmark_node_get_start_column(img), &path, &type, &pw, &ph) < 0)
        return -1;
    S_flush_lines(bt, false);
    char *alt = pd_node_plain_text(img);
    int fig = pd_elem_new(st, "Figure", bt->elem, img);
    S_elem(st, fig)->alt = pd_arena_strdup(st->arena, alt);
    /* Scaled to the column, but never beyond twice its size at 96 dpi (a small icon blown up to
     * the page width would be a blur), nor taller than 60% of the page. */
    double w = bt->ctx.measure;
    double natural = pw * 0.75 * 2;
    if (natural < w)
        w = natural;
    double h = w * ph / pw;
    double max_h = m->body_h * 0.6;
    if (h > max_h) {
        h = max_h;
        w = h * pw / ph;
    }
    if (w < 1 || h < 1) /* a 1 x 100000 sliver: still visible, still inside the column */
        w = w < 1 ? 1 : w, h = h < 1 ? 1 : h;
    S_space_before(st, m->parskip * 0.5);
    pd_vitem *it = pd_begin_line(st, &st->body, h, 0);
    it->block = bt->block;
    it->char_offset = src_char;
    pd_box *b = pd_vlist_box(&st->body);
    b->kind = PD_BOX_IMAGE;
    b->elem = fig;
    b->x = bt->ctx.indent + (bt->ctx.measure - w) / 2;
    b->y = 0;
    b->w = w;
    b->h = h;
    b->image_path = path;
    b->image_type = type;
    if (*alt) {
        PD_AT(st->body.items, pd_vitem, st->body.items.len - 1).no_break_after = true;
        pd_begin_space(st, &st->body, m->size * 0.4);
        PD_AT(st->body.items, pd_vitem, st->body.items.len - 1).no_break_after = true;
        pd_para cap;
        pd_para_init(&cap, st->fonts, st->hyph, bt->ctx.measure);
        pd_style cs = {PD_FACE_SANS, m->size * 0.85, S_CAPTION_COLOUR, -1, fig, 0, 0};
        int csi = pd_para_style(&cap, &cs);
        char *text = pd_asprintf("%s: %s", st->opt->labels->image, alt);
        pd_para_add(&cap, csi, text, strlen(text), PD_TEXT_PLAIN, SIZE_MAX);
        free(text);
        pd_para_finish(&cap);
        pd_line *lines;
        size_t n = pd_break_lines(&cap, false, &lines);
        pd_line_opts lo = {bt->ctx.indent, m->size * 0.85 * 1.35, false, NULL, true, NULL};
        pd_set_lines(st, &st->body, &cap, lines, n, &lo);
        free(lines);
        pd_para_free(&cap);
    }
    free(alt);
    S_space_after(st, m->parskip * 0.5, false);
    return 0;
}

static int S_text_block(pd_lstate *st, const S_ctx *ctx, cmark_node *node, int elem,
                        const S_inline_base *base, double leading, bool heading)
{
    S_block_text bt = {0};
    bt.st = st;
    bt.ctx = *ctx;
    bt.elem = elem;
    bt.block = node;
    bt.base = base;
    bt.justify = !heading && st->opt->justify;
    bt.is_heading = heading;
    bt.lo = (pd_line_opts){ctx->indent, leading, bt.justify, node, heading, NULL};
    pd_para_init(&bt.para, st->fonts, heading ? NULL : st->hyph, ctx->measure);
    int rc = S_inlines(&bt, node);
    if (rc == 0) {
        S_flush_lines(&bt, true);
        if (!bt.set_any && st->pending.len) {
            /* An empty paragraph in a list item still carries the item's label. */
            pd_begin_line(st, &st->body, leading, leading * 0.78);
        }
    }
    pd_para_free(&bt.para);
    return rc;
}

/* ---- blocks -------------------------------------------------------------------------------- */

static int S_blocks(pd_lstate *st, cmark_node *parent, const S_ctx *ctx);
static int S_flat(pd_lstate *st, cmark_node *node, const S_ctx *ctx);

static int S_paragraph(pd_lstate *st, cmark_node *n, const S_ctx *ctx)
{
    const pd_metrics *m = &st->m;
    S_space_before(st, ctx->tight ? m->leading * 0.2 : m->parskip);
    int p = pd_elem_new(st, "P", ctx->parent, n);
    S_inline_base base = {PD_FACE_SERIF, m->size, S_TEXT_COLOUR, PD_TEXT_PROSE, false};
    if (S_text_block(st, ctx, n, p, &base, m->leading, false) < 0)
        return -1;
    S_space_after(st, ctx->tight ? m->leading * 0.2 : m->parskip, false);
    return 0;
}

static int S_heading(pd_lstate *st, cmark_node *n, const S_ctx *ctx)
{
    const pd_metrics *m = &st->m;
    int level = cmark_node_get_heading_level(n);
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    S_ctx hctx = *ctx;
    if (level == 1 && ctx->depth == 0) {
        /* A chapter: a Sect holding the heading and what follows up to the next chapter. */
        st->sect = pd_elem_new(st, "Sect", 0, n);
        hctx.parent = st->sect;
    }
    double size = m->head_size[level - 1];
    double before = level == 1 ? m->leading * 2.2 : level == 2 ? m->leading * 1.5 : m->leading;
    S_space_before(st, before);
    int h = pd_elem_new(st, S_heading_types[level < 6 ? level : 5], hctx.parent, n);
    char *title = pd_node_plain_text(n);
    S_elem(st, h)->title = pd_arena_strdup(st->arena, title);
    S_elem(st, h)->level = level;
    free(title);
    for (size_t i = 0; i < st->toc.len; i++)
        if (PD_AT(st->toc, pd_toc_entry, i).node == n)
            PD_AT(st->toc, pd_toc_entry, i).heading = h;
    pd_outline_entry *o = pd_vec_push(&st->outline);
    o->level = level;
    o->title = S_elem(st, h)->title;
    o->elem = h;
    o->page = -1;
    S_inline_base base = {level <= 3 ? PD_FACE_SANS_BOLD : PD_FACE_SERIF_BOLD, size, S_TEXT_COLOUR,
                          PD_TEXT_PLAIN, false};
    if (S_text_block(st, &hctx, n, h, &base, size * 1.3, true) < 0)
        return -1;
    /* Kept with what follows: a heading never ends a page. */
    S_space_after(st, m->leading * (level == 1 ? 0.6 : 0.4), true);
    return 0;
}

static void S_code_lines(pd_lstate *st, const S_ctx *ctx, cmark_node *n, int elem, const char *lit)
{
    const pd_metrics *m = &st->m;
    double size = m->code_size;
    double cw = pd_fontset_advance(st->fonts, PD_FACE_MONO, ' ', size);
    double avail = ctx->measure - 2 * m->code_pad;
    size_t cols = avail > cw ? (size_t)(avail / cw) : 1;
    double asc = pd_fontset_ascent(st->fonts, PD_FACE_MONO, size);
    double desc = -pd_fontset_descent(st->fonts, PD_FACE_MONO, size);
    double leading = m->code_leading > asc + desc ? m->code_leading : asc + desc;
    pd_buf line = {0};
    size_t src_chars = 0;
    size_t first_item = st->body.items.len;
    const char *s = lit ? lit : "";
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        /* Tabs to spaces (every 4 columns): the PDF has no tab stops. */
        line.len = 0;
        size_t col = 0;
        for (size_t i = 0; i < len;) {
            uint32_t c = pd_utf8_next(s, len, &i);
            if (c == '\t') {
                do
                    pd_buf_putc(&line, ' ');
                while (++col % 4);
                continue;
            }
            if (c < 0x20 || (c >= 0x7F && c < 0xA0))
                continue;
            if (!pd_fontset_has_glyph(st->fonts, PD_FACE_MONO, c))
                c = '?';
            char u[4];
            size_t k = 0;
            if (c < 0x80)
                u[k++] = (char)c;
            else if (c < 0x800)
                u[k++] = (char)(0xC0 | (c >> 6)), u[k++] = (char)(0x80 | (c & 0x3F));
            else if (c < 0x10000)
                u[k++] = (char)(0xE0 | (c >> 12)), u[k++] = (char)(0x80 | ((c >> 6) & 0x3F)),
                u[k++] = (char)(0x80 | (c & 0x3F));
            else
                u[k++] = (char)(0xF0 | (c >> 18)), u[k++] = (char)(0x80 | ((c >> 12) & 0x3F)),
                u[k++] = (char)(0x80 | ((c >> 6) & 0x3F)), u[k++] = (char)(0x80 | (c & 0x3F));
            pd_buf_put(&line, u, k);
            col++;
        }
        /* Wrap: at the last space that leaves at least half a line, else at the column. A
         * continuation line is indented two columns so it reads as one. */
        const char *t = line.data ? line.data : "";
        size_t tlen = line.len, at = 0, cont = 0;
        size_t line_src = src_chars;
        do {
            size_t width = cols > cont ? cols - cont : 1;
            size_t i = at, n_chars = 0, last_space = SIZE_MAX;
            while (i < tlen && n_chars < width) {
                if (t[i] == ' ')
                    last_space = i;
                pd_utf8_next(t, tlen, &i);
                n_chars++;
            }
            size_t end = i;
            if (i < tlen && last_space != SIZE_MAX && last_space > at &&
                pd_utf8_len(t + at, last_space - at) >= width / 2)
                end = last_space + 1;
            pd_vitem *it = pd_begin_line(st, &st->body, leading, (leading - asc - desc) / 2 + asc);
            it->block = n;
            it->char_offset = line_src;
            pd_box *bg = pd_vlist_box(&st->body);
            bg->kind = PD_BOX_RULE;
            bg->artifact = PD_ARTIFACT_LAYOUT;
            bg->x = ctx->indent;
            bg->w = ctx->measure;
            bg->h = leading;
            bg->colour = S_CODE_BG;
            size_t tl = end - at;
            while (tl > 0 && t[at + tl - 1] == ' ' && end < tlen)
                tl--; /* the space a wrapped line ends with is not drawn */
            if (tl > 0) {
                pd_box *b = pd_vlist_box(&st->body);
                b->kind = PD_BOX_TEXT;
                b->elem = elem;
                b->x = ctx->indent + m->code_pad + cont * cw;
                b->y = (leading - asc - desc) / 2 + asc;
                b->face = PD_FACE_MONO;
                b->size = size;
                b->h = size;
                b->text = pd_arena_strndup(st->arena, t + at, tl);
                b->w = pd_fontset_width(st->fonts, PD_FACE_MONO, size, b->text, tl);
            }
            line_src += pd_utf8_len(t + at, end - at);
            at = end;
            cont = 2 < cols ? 2 : 0;
        } while (at < tlen);
        src_chars += pd_utf8_len(s, len) + 1;
        s += len + (e != NULL);
    }
    pd_buf_free(&line);
    /* Padding above the first and below the last line, inside the shaded band. */
    size_t n_items = st->body.items.len - first_item;
    for (size_t i = 0; i < n_items; i++) {
        pd_vitem *it = &PD_AT(st->body.items, pd_vitem, first_item + i);
        double pad_top = i == 0 ? m->code_pad * 0.6 : 0;
        double pad_bottom = i + 1 == n_items ? m->code_pad * 0.6 : 0;
        it->height += pad_top + pad_bottom;
        for (size_t k = 0; k < it->n_boxes; k++) {
            pd_box *b = &PD_AT(st->body.boxes, pd_box, it->first_box + k);
            if (b->kind == PD_BOX_RULE && b->colour == S_CODE_BG)
                b->h = it->height;
            else if (b->kind == PD_BOX_TEXT)
                b->y += pad_top;
            else if (b->kind == PD_BOX_RULE) /* quote bars */
                b->h = it->height;
        }
        if (i + 1 < n_items)
            it->no_break_after = i == 0 || i + 2 >= n_items; /* two lines either side */
    }
}

static void S_code(pd_lstate *st, cmark_node *n, const S_ctx *ctx, const char *type)
{
    const pd_metrics *m = &st->m;
    S_space_before(st, m->parskip);
    int e = pd_elem_new(st, type, ctx->parent, n);
    const char *lit = cmark_node_get_literal(n);
    size_t len = lit ? strlen(lit) : 0;
    /* An HTML block's literal ends in its newline; a code block's too. */
    char *text = pd_xstrndup(lit ? lit : "", len);
    while (len && text[len - 1] == '\n')
        text[--len] = '\0';
    if (len == 0 && st->pending.len) {
        pd_begin_line(st, &st->body, m->leading, m->leading * 0.78);
    } else if (len) {
        S_code_lines(st, ctx, n, e, text);
    }
    free(text);
    S_space_after(st, m->parskip, false);
}

/* Raw HTML: its words as a paragraph, its tags dropped, as the text edition does. */
static int S_html_block(pd_lstate *st, cmark_node *n, const S_ctx *ctx)
{
    const pd_metrics *m = &st->m;
    char *text = pd_strip_tags(cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "");
    size_t len = strlen(text);
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
        text[--len] = '\0';
    if (len == 0) {
        if (st->pending.len) /* a list item holding only markup still shows its label */
            pd_begin_line(st, &st->body, m->leading, m->leading * 0.78);
        free(text);
        return 0;
    }
    S_space_before(st, ctx->tight ? m->leading * 0.2 : m->parskip);
    int p = pd_elem_new(st, "P", ctx->parent, n);
    S_inline_base base = {PD_FACE_SERIF, m->size, S_TEXT_COLOUR, PD_TEXT_PROSE, false};
    S_block_text bt = {0};
    bt.st = st;
    bt.ctx = *ctx;
    bt.elem = p;
    bt.block = n;
    bt.base = &base;
    bt.justify = st->opt->justify;
    bt.lo = (pd_line_opts){ctx->indent, m->leading, bt.justify, n, false, NULL};
    pd_para_init(&bt.para, st->fonts, st->hyph, ctx->measure);
    pd_style s = {PD_FACE_SERIF, m->size, S_TEXT_COLOUR, -1, p, 0, 0};
    /* Character offsets count the stripped text: the page map of a page that starts inside
     * raw HTML is approximate. */
    pd_para_add(&bt.para, pd_para_style(&bt.para, &s), text, len, PD_TEXT_PROSE, 0);
    S_flush_lines(&bt, true);
    pd_para_free(&bt.para);
    free(text);
    S_space_after(st, ctx->tight ? m->leading * 0.2 : m->parskip, false);
    return 0;
}

static void S_thematic_break(pd_lstate *st, const S_ctx *ctx)
{
    const pd_metrics *m = &st->m;
    S_space_before(st, m->parskip);
    pd_begin_line(st, &st->body, m->leading, m->leading / 2);
    pd_box *b = pd_vlist_box(&st->body);
    b->kind = PD_BOX_RULE;
    b->artifact = PD_ARTIFACT_LAYOUT;
    b->w = ctx->measure / 3;
    b->x = ctx->indent + (ctx->measure - b->w) / 2;
    b->y = m->leading / 2;
    b->h = 0.6;
    b->colour = S_RULE_COLOUR;
    S_space_after(st, m->parskip, false);
}

static const char *S_bullet(int level)
{
    static const char *const bullets[] = {"\xe2\x80\xa2", "\xe2\x80\x93"}; /* • – */
    return bullets[level % 2];
}

/* The label of an item: "3." / "3)" for an ordered list, a bullet otherwise. */
static void S_label_text(cmark_node *list, int number, int list_level, char *out, size_t n)
{
    if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST)
        snprintf(out, n, "%d%c", number,
                 cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.');
    else
        snprintf(out, n, "%s", S_bullet(list_level));
}

static void S_pending_label(pd_lstate *st, const char *label, double right, int elem)
{
    const pd_metrics *m = &st->m;
    pd_box *b = pd_vec_push(&st->pending);
    b->kind = PD_BOX_TEXT;
    b->elem = elem;
    b->link = -1;
    b->face = PD_FACE_SERIF;
    b->size = m->size;
    b->h = m->size;
    b->text = pd_arena_strdup(st->arena, label);
    b->w = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, label, strlen(label));
    b->x = right - b->w;
    if (b->x < 0)
        b->x = 0;
    b->y = 0;
}

static int S_list_level(cmark_node *list)
{
    int level = 0;
    for (cmark_node *p = cmark_node_parent(list); p && level < 1000; p = cmark_node_parent(p))
        level += cmark_node_get_type(p) == CMARK_NODE_LIST;
    return level;
}

static int S_list(pd_lstate *st, cmark_node *list, const S_ctx *ctx)
{
    const pd_metrics *m = &st->m;
    bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    int start = ordered ? cmark_node_get_list_start(list) : 0;
    bool tight = cmark_node_get_list_tight(list);
    int level = S_list_level(list);
    /* The label column fits the widest label, so numbers line up on their right edge. */
    int count = 0;
    for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c))
        count++;
    char widest[32];
    S_label_text(list, start + (count > 0 ? count - 1 : 0), level, widest, sizeof widest);
    double gap = m->size * 0.5;
    double label_w = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, widest, strlen(widest));
    if (ordered) {
        char first[32];
        S_label_text(list, start, level, first, sizeof first);
        double w0 = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, first, strlen(first));
        label_w = w0 > label_w ? w0 : label_w;
    }
    double col = label_w + gap > m->list_indent ? label_w + gap : m->list_indent;
    /* Deep lists stop indenting once the column would get narrower than half the measure. */
    bool indent = ctx->measure - col >= m->measure * 0.5;
    S_space_before(st, ctx->tight ? m->leading * 0.2 : m->parskip);
    int l = pd_elem_new(st, "L", ctx->parent, list);
    S_elem(st, l)->numbering = ordered ? PD_NUMBERING_DECIMAL : PD_NUMBERING_DISC;
    int number = start;
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        int li = pd_elem_new(st, "LI", l, item);
        int lbl = pd_elem_new(st, "Lbl", li, item);
        int body = pd_elem_new(st, "LBody", li, item);
        char label[32];
        S_label_text(list, number++, level, label, sizeof label);
        double right = indent ? ctx->indent + col - gap : ctx->indent;
        if (item != cmark_node_first_child(list))
            S_space_before(st, tight ? m->leading * 0.15 : m->parskip);
        S_pending_label(st, label, right, lbl);
        S_ctx ic = *ctx;
        ic.parent = body;
        ic.depth = ctx->depth + 1;
        ic.tight = tight;
        if (indent) {
            ic.indent += col;
            ic.measure -= col;
        } else {
            ic.indent = right + gap;
            ic.measure = ctx->indent + ctx->measure - ic.indent;
        }
        if (!cmark_node_first_child(item))
            pd_begin_line(st, &st->body, m->leading, m->leading * 0.78);
        else if (S_blocks(st, item, &ic) < 0)
            return -1;
        if (st->pending.len) /* an item whose content set no line (e.g. only a rule) */
            pd_begin_line(st, &st->body, m->leading, m->leading * 0.78);
    }
    S_space_after(st, ctx->tight ? m->leading * 0.2 : m->parskip, false);
    return 0;
}

static int S_quote(pd_lstate *st, cmark_node *n, const S_ctx *ctx)
{
    const pd_metrics *m = &st->m;
    S_space_before(st, m->parskip);
    int q = pd_elem_new(st, "BlockQuote", ctx->parent, n);
    S_ctx qc = *ctx;
    qc.parent = q;
    qc.depth = ctx->depth + 1;
    qc.tight = false;
    bool indent = ctx->measure - m->quote_indent >= m->measure * 0.5;
    if (indent) {
        qc.indent += m->quote_indent;
        qc.measure -= m->quote_indent;
    }
    *(double *)pd_vec_push(&st->bars) = ctx->indent + (indent ? 2 : 0);
    int rc = S_blocks(st, n, &qc);
    st->bars.len--;
    S_space_after(st, m->parskip, false);
    return rc;
}

static int S_block(pd_lstate *st, cmark_node *n, const S_ctx *ctx)
{
    if (ctx->depth >= PD_LAYOUT_MAX_DEPTH) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_LIST:
        case CMARK_NODE_BLOCK_QUOTE:
            if (!st->warned_depth) {
                pd_warning(st->d, st->doc->path, pd_node_line(st->doc, n),
                           cmark_node_get_start_column(n),
                           "lists or quotes nested more than %d deep: deeper levels are set "
                           "without further indentation",
                           PD_LAYOUT_MAX_DEPTH);
                st->warned_depth = true;
            }
            return S_flat(st, n, ctx);
        default:
            break;
        }
    }
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
        return S_paragraph(st, n, ctx);
    case CMARK_NODE_HEADING:
        return S_heading(st, n, ctx);
    case CMARK_NODE_LIST:
        return S_list(st, n, ctx);
    case CMARK_NODE_BLOCK_QUOTE:
        return S_quote(st, n, ctx);
    case CMARK_NODE_CODE_BLOCK:
        S_code(st, n, ctx, "Code");
        return 0;
    case CMARK_NODE_HTML_BLOCK:
        return S_html_block(st, n, ctx);
    case CMARK_NODE_THEMATIC_BREAK:
        S_thematic_break(st, ctx);
        return 0;
    default:
        return S_blocks(st, n, ctx);
    }
}

static int S_blocks(pd_lstate *st, cmark_node *parent, const S_ctx *ctx)
{
    S_ctx c = *ctx;
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        if (S_block(st, n, &c) < 0)
            return -1;
        if (ctx->depth == 0 && st->sect >= 0)
            c.parent = st->sect; /* top-level blocks after a chapter heading belong to it */
    }
    return 0;
}

/* Everything inside node, set without recursion at the context's indentation: leaf blocks as
 * usual, list items with their labels, quotes as plain text. */
static int S_flat(pd_lstate *st, cmark_node *node, const S_ctx *ctx)
{
    S_ctx c = *ctx;
    c.flat = true;
    int rc = 0;
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_ITEM: {
            cmark_node *list = cmark_node_parent(n);
            int number = cmark_node_get_list_start(list);
            for (cmark_node *p = cmark_node_previous(n); p; p = cmark_node_previous(p))
                number++;
            char label[32];
            S_label_text(list, number, 0, label, sizeof label);
            S_pending_label(st, label, c.indent - st->m.size * 0.4, c.parent);
            if (!cmark_node_first_child(n))
                pd_begin_line(st, &st->body, st->m.leading, st->m.leading * 0.78);
            break;
        }
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_THEMATIC_BREAK:
            c.tight = true;
            rc = cmark_node_get_type(n) == CMARK_NODE_HEADING ? S_paragraph(st, n, &c)
                                                              : S_block(st, n, &c);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return rc;
}

/* ---- the notes ------------------------------------------------------------------------------ */

/* "Lenker": every numbered link's address, as the text edition lists them. */
static void S_notes(pd_lstate *st, int doc_elem)
{
    const pd_metrics *m = &st->m;
    if (!st->notes.len)
        return;
    int sect = pd_elem_new(st, "Sect", doc_elem, NULL);
    st->sect = sect;
    S_space_before(st, m->leading * 2.2);
    int h = pd_elem_new(st, "H2", sect, NULL);
    S_elem(st, h)->title = pd_arena_strdup(st->arena, st->opt->labels->links);
    S_elem(st, h)->level = 1;
    for (size_t i = 0; i < st->toc.len; i++)
        if (!PD_AT(st->toc, pd_toc_entry, i).node)
            PD_AT(st->toc, pd_toc_entry, i).heading = h;
    pd_outline_entry *o = pd_vec_push(&st->outline);
    o->level = 1;
    o->title = S_elem(st, h)->title;
    o->elem = h;
    o->page = -1;
    pd_para p;
    pd_para_init(&p, st->fonts, NULL, m->measure);
    pd_style hs = {PD_FACE_SANS_BOLD, m->head_size[0], S_TEXT_COLOUR, -1, h, 0, 0};
    const char *title = st->opt->labels->links;
    pd_para_add(&p, pd_para_style(&p, &hs), title, strlen(title), PD_TEXT_PLAIN, SIZE_MAX);
    pd_para_finish(&p);
    pd_line *lines;
    size_t n = pd_break_lines(&p, false, &lines);
    pd_line_opts lo = {0, m->head_size[0] * 1.3, false, NULL, true, NULL};
    pd_set_lines(st, &st->body, &p, lines, n, &lo);
    PD_AT(st->body.items, pd_vitem, st->body.items.len - n).heading_elem = h;
    free(lines);
    S_space_after(st, m->leading * 0.6, true);
    int l = pd_elem_new(st, "L", sect, NULL);
    S_elem(st, l)->numbering = PD_NUMBERING_DECIMAL;
    char widest[32];
    snprintf(widest, sizeof widest, "[%zu]", st->notes.len);
    double gap = m->size * 0.5;
    double col = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, widest, strlen(widest)) + gap;
    for (size_t i = 0; i < st->notes.len; i++) {
        const char *url = PD_AT(st->notes, const char *, i);
        int li = pd_elem_new(st, "LI", l, NULL);
        int lbl = pd_elem_new(st, "Lbl", li, NULL);
        int body = pd_elem_new(st, "LBody", li, NULL);
        int le = pd_elem_new(st, "Link", body, NULL);
        int link = pd_link_new(st, url, -1, url, le);
        char label[32];
        snprintf(label, sizeof label, "[%zu]", i + 1);
        if (i)
            S_space_before(st, m->leading * 0.15);
        S_pending_label(st, label, col - gap, lbl);
        pd_para_clear(&p);
        pd_style us = {PD_FACE_SERIF, m->size, S_TEXT_COLOUR, link, le, 0, 0};
        if (st->opt->link_colour) {
            us.colour = S_LINK_COLOUR;
            us.flags |= PD_TEXT_UNDERLINE;
        }
        p.measure = m->measure - col;
        pd_para_add(&p, pd_para_style(&p, &us), url, strlen(url), PD_TEXT_URL, SIZE_MAX);
        pd_para_finish(&p);
        n = pd_break_lines(&p, false, &lines);
        pd_line_opts ulo = {col, m->leading, false, NULL, false, NULL};
        pd_set_lines(st, &st->body, &p, lines, n, &ulo);
        free(lines);
    }
    pd_para_free(&p);
}

int pd_layout_body(pd_lstate *st)
{
    S_ctx ctx = {0, st->m.measure, 0, 0, false, false};
    st->sect = -1;
    if (S_blocks(st, st->doc->root, &ctx) < 0)
        return -1;
    if (st->opt->link_notes)
        S_notes(st, 0);
    return 0;
}
