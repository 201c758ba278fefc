/* Document furniture and page assembly: the title page from the front matter, the table of
 * contents (made after the body, when the headings' pages are known), running header and footer,
 * page labels; then every page's boxes are moved to their absolute positions between that page's
 * margins, which differ between left and right pages in the print edition. */

#include "layout_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_TEXT_COLOUR 0x000000u
#define S_MUTED_COLOUR 0x333333u
#define S_FURNITURE_COLOUR 0x555555u
#define S_HAIRLINE_COLOUR 0xA0A0A0u
#define S_LINK_COLOUR 0x0B4FA8u

/* Sets text as lines into v with one style; returns the number of lines. */
static size_t S_set_text(pd_lstate *st, pd_vlist *v, const char *text, const pd_style *s,
                         double indent, double measure, double leading, bool keep, pd_vec *extents)
{
    pd_para p;
    pd_para_init(&p, st->fonts, NULL, measure);
    pd_para_add(&p, pd_para_style(&p, s), text, strlen(text), PD_TEXT_PLAIN, SIZE_MAX);
    if (p.missing_glyphs)
        pd_warning(st->d, st->doc->path, 1, 0,
                   "%zu character(s) (first U+%04X) are in none of polidoc's fonts; shown as '?'",
                   p.missing_glyphs, (unsigned)p.first_missing);
    pd_para_finish(&p);
    pd_line *lines;
    size_t n = pd_break_lines(&p, false, &lines);
    pd_line_opts lo = {indent, leading, false, NULL, keep, extents};
    pd_set_lines(st, v, &p, lines, n, &lo);
    free(lines);
    pd_para_free(&p);
    return n;
}

static void S_spacer(pd_vlist *v, double h)
{
    pd_vlist_item(v, PD_V_LINE, h); /* a line without boxes: unlike a space, never dropped */
}

static bool S_counts_as_note(cmark_node *link)
{
    const char *url = cmark_node_get_url(link);
    if (!url || !*url)
        return false;
    char *text = pd_node_plain_text(link);
    bool autolink = !strcmp(text, url) || (!strncmp(url, "mailto:", 7) && !strcmp(text, url + 7));
    free(text);
    return !autolink;
}

/* Whether the body will have link notes, known before it is laid out so that the contents can
 * list them. Mirrors layout_blocks.c: links inside images' alt text are not links. */
static bool S_has_notes(cmark_node *root)
{
    bool found = false;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        else if (cmark_node_get_type(n) == CMARK_NODE_LINK)
            found = S_counts_as_note(n);
    }
    cmark_iter_free(it);
    return found;
}

static void S_toc_entry(pd_lstate *st, int level, cmark_node *node, const char *title)
{
    pd_toc_entry *e = pd_vec_push(&st->toc);
    e->level = level;
    e->node = node;
    e->title = pd_arena_strdup(st->arena, title);
    e->heading = -1;
    e->link = -1;
}

void pd_layout_front(pd_lstate *st)
{
    const pd_metadata *meta = &st->doc->meta;
    const pd_labels *lab = st->opt->labels;
    const pd_metrics *m = &st->m;
    pd_vlist *v = &st->title;
    pd_elem_new(st, "Document", -1, NULL);

    /* Title page: the title a quarter down, the subtitle under it, who and when at the foot. */
    S_spacer(v, 0);
    size_t top_spacer = v->items.len - 1;
    pd_vitem *bar = pd_vlist_item(v, PD_V_LINE, m->size * 2.2);
    bar->no_break_after = true;
    pd_box *b = pd_vlist_box(v);
    b->kind = PD_BOX_RULE;
    b->artifact = PD_ARTIFACT_LAYOUT;
    b->w = m->size * 4;
    b->h = 3;
    b->colour = st->opt->link_colour ? S_LINK_COLOUR : S_MUTED_COLOUR;
    int h1 = pd_elem_new(st, "H1", 0, NULL);
    PD_AT(st->elems, pd_element, h1).title = pd_arena_strdup(st->arena, meta->title);
    double ts = m->size * 2.4;
    pd_style s = {PD_FACE_SANS_BOLD, ts, S_TEXT_COLOUR, -1, h1, 0, 0};
    S_set_text(st, v, meta->title, &s, 0, m->measure, ts * 1.2, true, NULL);
    if (meta->subtitle && *meta->subtitle) {
        PD_AT(v->items, pd_vitem, v->items.len - 1).no_break_after = true;
        S_spacer(v, m->size * 1.2);
        int p = pd_elem_new(st, "P", 0, NULL);
        pd_style ss = {PD_FACE_SANS, m->size * 1.35, S_MUTED_COLOUR, -1, p, 0, 0};
        S_set_text(st, v, meta->subtitle, &ss, 0, m->measure, m->size * 1.35 * 1.35, true, NULL);
    }
    size_t top_end = v->items.len;
    S_spacer(v, 0);
    size_t bottom_spacer = v->items.len - 1;
    int org = pd_elem_new(st, "P", 0, NULL);
    pd_style os = {PD_FACE_SANS_BOLD, m->size, S_TEXT_COLOUR, -1, org, 0, 0};
    S_set_text(st, v, meta->organisation, &os, 0, m->measure, m->leading, true, NULL);
    S_spacer(v, m->size * 0.5);
    const char *fields[3][2] = {
        {lab->revision, meta->revision},
        {lab->date, meta->date},
        {lab->status, meta->status ? pd_labels_status(lab, meta->status) : NULL}};
    for (int i = 0; i < 3; i++) {
        if (!fields[i][1])
            continue;
        int p = pd_elem_new(st, "P", 0, NULL);
        pd_style fs = {PD_FACE_SANS, m->size * 0.9, S_MUTED_COLOUR, -1, p, 0, 0};
        char *text = pd_asprintf("%s: %s", fields[i][0], fields[i][1]);
        S_set_text(st, v, text, &fs, 0, m->measure, m->size * 0.9 * 1.45, true, NULL);
        free(text);
    }
    /* Spacers share what the text leaves of the page; a title too long for one page simply
     * runs on (pagination splits it) with no spacers. */
    double top_h = 0, bottom_h = 0;
    for (size_t i = 0; i < v->items.len; i++)
        *(i < top_end ? &top_h : &bottom_h) += PD_AT(v->items, pd_vitem, i).height;
    double room = m->body_h - top_h - bottom_h;
    if (room > 0) {
        double above = m->body_h * 0.22 < room * 0.5 ? m->body_h * 0.22 : room * 0.5;
        PD_AT(v->items, pd_vitem, top_spacer).height = above;
        PD_AT(v->items, pd_vitem, bottom_spacer).height = room - above - 0.01;
        PD_AT(v->items, pd_vitem, top_spacer).no_break_after = true;
        PD_AT(v->items, pd_vitem, bottom_spacer).no_break_after = true;
    }
    for (size_t i = 0; i + 1 < v->items.len; i++)
        PD_AT(v->items, pd_vitem, i).no_break_after = room > 0;

    /* Contents: its elements precede the body's in reading order, so they are made now. */
    st->toc_heading = st->toc_elem = -1;
    for (cmark_node *n = cmark_node_first_child(st->doc->root); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) > 2)
            continue;
        char *t = pd_node_plain_text(n);
        S_toc_entry(st, cmark_node_get_heading_level(n), n, t);
        free(t);
    }
    if (st->opt->link_notes && S_has_notes(st->doc->root))
        S_toc_entry(st, 1, NULL, lab->links);
    if (!st->toc.len)
        return;
    st->toc_heading = pd_elem_new(st, "H2", 0, NULL);
    PD_AT(st->elems, pd_element, st->toc_heading).title = pd_arena_strdup(st->arena, lab->contents);
    st->toc_elem = pd_elem_new(st, "TOC", 0, NULL);
    for (size_t i = 0; i < st->toc.len; i++) {
        pd_toc_entry *e = &PD_AT(st->toc, pd_toc_entry, i);
        e->toci = pd_elem_new(st, "TOCI", st->toc_elem, NULL);
        if (st->opt->toc_links) {
            int le = pd_elem_new(st, "Link", e->toci, NULL);
            e->link = pd_link_new(st, NULL, -1, e->title, le);
        }
    }
}

/* Lower-case roman numerals for the front matter's page labels. */
static void S_roman(int n, char *out, size_t size)
{
    static const struct {
        int v;
        const char *s;
    } r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
             {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof r / sizeof r[0] && n > 0; i++)
        while (n >= r[i].v && o + strlen(r[i].s) < size) {
            strcpy(out + o, r[i].s);
            o += strlen(r[i].s);
            n -= r[i].v;
        }
}

/* The contents, once the body's page numbers are known. */
static void S_contents(pd_lstate *st, pd_vlist *v, const int *heading_page)
{
    const pd_metrics *m = &st->m;
    if (!st->toc.len)
        return;
    double hs = m->head_size[0];
    pd_style s = {PD_FACE_SANS_BOLD, hs, S_TEXT_COLOUR, -1, st->toc_heading, 0, 0};
    size_t n =
        S_set_text(st, v, st->opt->labels->contents, &s, 0, m->measure, hs * 1.3, true, NULL);
    PD_AT(v->items, pd_vitem, v->items.len - n).heading_elem = st->toc_heading;
    PD_AT(v->items, pd_vitem, v->items.len - 1).no_break_after = true;
    pd_vlist_item(v, PD_V_SPACE, m->leading)->no_break_after = true;
    double num_col = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, "0000", 4);
    double dot_w = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, ". ", 2);
    pd_vec extents = PD_VEC(double);
    for (size_t i = 0; i < st->toc.len; i++) {
        const pd_toc_entry *e = &PD_AT(st->toc, pd_toc_entry, i);
        int elem = e->link >= 0 ? PD_AT(st->links, pd_link, e->link).elem : e->toci;
        bool major = e->level == 1;
        double indent = major ? 0 : m->size * 1.5;
        if (major && i > 0)
            pd_vlist_item(v, PD_V_SPACE, m->leading * 0.35);
        pd_style es = {
            major ? PD_FACE_SANS_BOLD : PD_FACE_SERIF, m->size, S_TEXT_COLOUR, e->link, elem, 0, 0};
        extents.len = 0;
        double measure = m->measure - indent - num_col - dot_w * 2;
        n = S_set_text(st, v, e->title, &es, indent, measure, m->leading, true, &extents);
        if (!n)
            continue;
        pd_vitem *last = &PD_AT(v->items, pd_vitem, v->items.len - 1);
        double baseline = PD_AT(v->boxes, pd_box, last->first_box + last->n_boxes - 1).y;
        int page = e->heading >= 0 ? heading_page[e->heading] : -1;
        if (page < 0)
            continue;
        char num[32];
        snprintf(num, sizeof num, "%d", page);
        pd_box nb = {0};
        nb.kind = PD_BOX_TEXT;
        nb.elem = elem;
        nb.link = e->link;
        nb.face = es.face;
        nb.size = nb.h = m->size;
        nb.colour = S_TEXT_COLOUR;
        nb.text = pd_arena_strdup(st->arena, num);
        nb.w = pd_fontset_width(st->fonts, es.face, m->size, num, strlen(num));
        nb.x = m->measure - nb.w;
        nb.y = baseline;
        /* Leader dots on a common grid, so they line up from entry to entry; an artifact
         * between the title and the number, which readers skip. */
        double from = indent + PD_AT(extents, double, extents.len - 1) + dot_w * 0.5;
        double x0 = ceil(from / dot_w) * dot_w;
        int dots = (int)floor((nb.x - dot_w * 0.5 - x0) / dot_w);
        if (dots > 0) {
            pd_buf lead = {0};
            for (int k = 0; k < dots; k++)
                pd_buf_puts(&lead, k + 1 < dots ? ". " : ".");
            pd_box *lb = pd_vlist_box(v);
            lb->kind = PD_BOX_TEXT;
            lb->artifact = PD_ARTIFACT_LAYOUT;
            lb->face = PD_FACE_SERIF;
            lb->size = lb->h = m->size;
            lb->colour = S_FURNITURE_COLOUR;
            lb->text = pd_arena_strndup(st->arena, lead.data, lead.len);
            lb->w = pd_fontset_width(st->fonts, PD_FACE_SERIF, m->size, lead.data, lead.len);
            lb->x = x0;
            lb->y = baseline;
            pd_buf_free(&lead);
        }
        *pd_vlist_box(v) = nb;
    }
    pd_vec_free(&extents);
}

/* Truncates text with an ellipsis until it fits width in face/size. Linear in the text. */
static const char *S_fit(pd_lstate *st, const char *text, pd_face face, double size, double width)
{
    size_t n = strlen(text);
    if (pd_fontset_width(st->fonts, face, size, text, n) <= width)
        return pd_arena_strdup(st->arena, text);
    static const char ellipsis[] = "\xe2\x80\xa6";
    double room = width - pd_fontset_width(st->fonts, face, size, ellipsis, 3);
    double w = 0;
    size_t i = 0, fits = 0;
    while (i < n) {
        size_t next = i;
        w += pd_fontset_advance(st->fonts, face, pd_utf8_next(text, n, &next), size);
        if (w > room)
            break;
        fits = i = next;
    }
    while (fits > 0 && text[fits - 1] == ' ')
        fits--;
    pd_buf b = {0};
    pd_buf_put(&b, text, fits);
    pd_buf_puts(&b, ellipsis);
    const char *out = pd_arena_strndup(st->arena, b.data, b.len);
    pd_buf_free(&b);
    return out;
}

typedef struct {
    const pd_vlist *v;
    size_t first, end; /* items */
    int kind;          /* 0 title, 1 contents, 2 blank, 3 body */
} S_page_src;

static void S_furniture_box(pd_vec *boxes, pd_lstate *st, const char *text, double x, double y,
                            double size)
{
    pd_box *b = pd_vec_push(boxes);
    b->kind = PD_BOX_TEXT;
    b->elem = -1;
    b->link = -1;
    b->artifact = PD_ARTIFACT_PAGINATION;
    b->face = PD_FACE_SANS;
    b->size = b->h = size;
    b->colour = S_FURNITURE_COLOUR;
    b->text = text;
    b->w = pd_fontset_width(st->fonts, PD_FACE_SANS, size, text, strlen(text));
    b->x = x;
    b->y = y;
}

int pd_layout_assemble(pd_lstate *st, pd_layout *out)
{
    const pd_layout_options *opt = st->opt;
    const pd_metrics *m = &st->m;
    size_t *title_r, *body_r, *toc_r = NULL;
    size_t n_title = pd_paginate(&st->title, m->body_h, &title_r);
    size_t n_body = pd_paginate(&st->body, m->body_h, &body_r);

    /* Body page (1-based) of every heading, for the contents. */
    int *heading_page = pd_xcalloc(st->elems.len ? st->elems.len : 1, sizeof(int));
    for (size_t i = 0; i < st->elems.len; i++)
        heading_page[i] = -1;
    for (size_t p = 0; p < n_body; p++)
        for (size_t i = body_r[2 * p]; i < body_r[2 * p + 1]; i++) {
            int h = PD_AT(st->body.items, pd_vitem, i).heading_elem;
            if (h >= 0)
                heading_page[h] = (int)p + 1;
        }
    pd_vlist toc = {0};
    size_t n_toc = 0;
    if (st->toc.len) {
        S_contents(st, &toc, heading_page);
        n_toc = pd_paginate(&toc, m->body_h, &toc_r);
    }
    free(heading_page);

    /* The page sequence: title, contents, (print: a blank so the body opens on a right-hand
     * page), body. */
    size_t front = n_title + n_toc;
    bool blank = opt->mirror_margins && n_body > 0 && (front % 2) == 1;
    size_t n_pages = front + blank + n_body;
    S_page_src *src = pd_xcalloc(n_pages ? n_pages : 1, sizeof(S_page_src));
    size_t k = 0;
    for (size_t p = 0; p < n_title; p++)
        src[k++] = (S_page_src){&st->title, title_r[2 * p], title_r[2 * p + 1], 0};
    for (size_t p = 0; p < n_toc; p++)
        src[k++] = (S_page_src){&toc, toc_r[2 * p], toc_r[2 * p + 1], 1};
    if (blank)
        src[k++] = (S_page_src){NULL, 0, 0, 2};
    for (size_t p = 0; p < n_body; p++)
        src[k++] = (S_page_src){&st->body, body_r[2 * p], body_r[2 * p + 1], 3};
    out->body_first_page = (int)(front + blank);

    out->pages = pd_arena_alloc(st->arena, (n_pages ? n_pages : 1) * sizeof(pd_page));
    memset(out->pages, 0, (n_pages ? n_pages : 1) * sizeof(pd_page));
    out->n_pages = n_pages;
    out->page_starts =
        pd_arena_alloc(st->arena, (n_pages ? n_pages : 1) * sizeof(pd_layout_page_start));
    memset(out->page_starts, 0, (n_pages ? n_pages : 1) * sizeof(pd_layout_page_start));

    size_t n_elems = st->elems.len;
    pd_element *elems = st->elems.data;
    double *elem_y = pd_xcalloc(n_elems ? n_elems : 1, sizeof(double));
    int *elem_page = pd_xcalloc(n_elems ? n_elems : 1, sizeof(int));
    for (size_t i = 0; i < n_elems; i++)
        elem_page[i] = -1;
    /* Per link: the page and line of its last rectangle, to merge a line's fragments. */
    size_t n_links = st->links.len;
    long *link_line = pd_xcalloc(n_links ? n_links : 1, sizeof(long));
    for (size_t i = 0; i < n_links; i++)
        link_line[i] = -1;

    const char *title = m->measure > 0
                            ? S_fit(st, st->doc->meta.title, PD_FACE_SANS, m->foot_size, m->measure)
                            : "";
    pd_vec boxes = PD_VEC(pd_box);
    long line_serial = 0;
    for (size_t p = 0; p < n_pages; p++) {
        pd_page *pg = &out->pages[p];
        pg->number = (int)p + 1;
        pg->width = opt->page_w;
        pg->height = opt->page_h;
        bool right_hand = (pg->number % 2) == 1;
        double left = opt->mirror_margins && !right_hand ? opt->margin_outer : opt->margin_inner;
        double right = opt->page_w - m->measure - left;
        (void)right;
        pg->live[0] = left;
        pg->live[1] = opt->margin_bottom;
        pg->live[2] = left + m->measure;
        pg->live[3] = opt->page_h - opt->margin_top;
        double header_zone = m->foot_size * 3.2, footer_zone = m->foot_size * 3.2;
        pg->body[0] = pg->live[0];
        pg->body[1] = pg->live[1] + footer_zone;
        pg->body[2] = pg->live[2];
        pg->body[3] = pg->live[3] - header_zone;
        char label[32];
        if (src[p].kind == 3)
            snprintf(label, sizeof label, "%zu", p - (size_t)out->body_first_page + 1);
        else
            S_roman((int)p + 1, label, sizeof label);
        pg->label = pd_arena_strdup(st->arena, label);

        boxes.len = 0;
        double top = pg->body[3];
        const pd_vlist *v = src[p].v;
        bool started = false;
        for (size_t i = src[p].first; v && i < src[p].end; i++) {
            const pd_vitem *it = &PD_AT(v->items, pd_vitem, i);
            line_serial++;
            if (it->kind == PD_V_LINE && it->block && !started && src[p].kind == 3) {
                out->page_starts[p].block = it->block;
                out->page_starts[p].char_offset = it->char_offset;
                started = true;
            }
            if (it->heading_elem >= 0) {
                elem_y[it->heading_elem] = top;
                elem_page[it->heading_elem] = (int)p;
            }
            for (size_t bi = 0; bi < it->n_boxes; bi++) {
                pd_box *b = pd_vec_push(&boxes);
                *b = PD_AT(v->boxes, pd_box, it->first_box + bi);
                b->x += pg->body[0];
                if (b->kind == PD_BOX_TEXT)
                    b->y = top - b->y;
                else
                    b->y = top - b->y - b->h;
                if (b->elem >= 0 && elems[b->elem].page < 0)
                    elems[b->elem].page = (int)p;
                if (b->kind == PD_BOX_TEXT && b->link >= 0 && b->elem >= 0) {
                    pd_vec *rects = &PD_AT(st->rects, pd_vec, b->link);
                    double y0 = b->y + pd_fontset_descent(st->fonts, b->face, b->size);
                    double y1 = b->y + pd_fontset_ascent(st->fonts, b->face, b->size);
                    if (link_line[b->link] == line_serial && rects->len) {
                        pd_link_rect *r = &PD_AT(*rects, pd_link_rect, rects->len - 1);
                        r->x0 = b->x < r->x0 ? b->x : r->x0;
                        r->x1 = b->x + b->w > r->x1 ? b->x + b->w : r->x1;
                        r->y0 = y0 < r->y0 ? y0 : r->y0;
                        r->y1 = y1 > r->y1 ? y1 : r->y1;
                    } else {
                        pd_link_rect *r = pd_vec_push(rects);
                        *r = (pd_link_rect){(int)p, b->x, y0, b->x + b->w, y1};
                        link_line[b->link] = line_serial;
                    }
                }
            }
            top -= it->height;
        }
        if (src[p].kind == 3) {
            /* Running header (the title, on the outer side) and footer ("Side 3 av 12"). */
            double fs = m->foot_size;
            double hb = pg->live[3] - pd_fontset_ascent(st->fonts, PD_FACE_SANS, fs);
            double hw = pd_fontset_width(st->fonts, PD_FACE_SANS, fs, title, strlen(title));
            bool outer_right = opt->mirror_margins && right_hand;
            S_furniture_box(&boxes, st, title, outer_right ? pg->live[2] - hw : pg->live[0], hb,
                            fs);
            pd_box *rule = pd_vec_push(&boxes);
            rule->kind = PD_BOX_RULE;
            rule->elem = rule->link = -1;
            rule->artifact = PD_ARTIFACT_PAGINATION;
            rule->x = pg->live[0];
            rule->w = m->measure;
            rule->h = 0.4;
            rule->y = hb + pd_fontset_descent(st->fonts, PD_FACE_SANS, fs) - fs * 0.5;
            rule->colour = S_HAIRLINE_COLOUR;
            char foot[96];
            snprintf(foot, sizeof foot, opt->labels->page_of,
                     (int)(p - (size_t)out->body_first_page + 1), (int)n_body);
            const char *ft = S_fit(st, foot, PD_FACE_SANS, fs, m->measure);
            double fw = pd_fontset_width(st->fonts, PD_FACE_SANS, fs, ft, strlen(ft));
            double fx = !opt->mirror_margins ? pg->live[0] + (m->measure - fw) / 2
                        : right_hand         ? pg->live[2] - fw
                                             : pg->live[0];
            S_furniture_box(&boxes, st, ft, fx,
                            pg->live[1] - pd_fontset_descent(st->fonts, PD_FACE_SANS, fs), fs);
        }
        pg->n_boxes = boxes.len;
        pg->boxes = pd_arena_alloc(st->arena, (boxes.len ? boxes.len : 1) * sizeof(pd_box));
        if (boxes.len)
            memcpy(pg->boxes, boxes.data, boxes.len * sizeof(pd_box));
        /* A figure's bbox: its image and caption on its page. */
        for (size_t bi = 0; bi < pg->n_boxes; bi++) {
            const pd_box *b = &pg->boxes[bi];
            if (b->elem < 0 || strcmp(elems[b->elem].type, "Figure") != 0 ||
                elems[b->elem].page != (int)p)
                continue;
            double *bb = elems[b->elem].bbox;
            double y0 = b->kind == PD_BOX_TEXT
                            ? b->y + pd_fontset_descent(st->fonts, b->face, b->size)
                            : b->y;
            double y1 = b->kind == PD_BOX_TEXT
                            ? b->y + pd_fontset_ascent(st->fonts, b->face, b->size)
                            : b->y + b->h;
            if (bb[2] <= bb[0]) {
                bb[0] = b->x, bb[1] = y0, bb[2] = b->x + b->w, bb[3] = y1;
            } else {
                bb[0] = b->x < bb[0] ? b->x : bb[0];
                bb[1] = y0 < bb[1] ? y0 : bb[1];
                bb[2] = b->x + b->w > bb[2] ? b->x + b->w : bb[2];
                bb[3] = y1 > bb[3] ? y1 : bb[3];
            }
        }
    }
    pd_vec_free(&boxes);

    /* Page labels: roman front matter, arabic body. */
    out->label_ranges = pd_arena_alloc(st->arena, 2 * sizeof(pd_label_range));
    out->n_label_ranges = 0;
    if (out->body_first_page > 0)
        out->label_ranges[out->n_label_ranges++] = (pd_label_range){0, PD_LABEL_ROMAN_LOWER, 1};
    if (n_body)
        out->label_ranges[out->n_label_ranges++] =
            (pd_label_range){out->body_first_page, PD_LABEL_DECIMAL, 1};

    /* Links: rectangles, and where internal links land. */
    for (size_t i = 0; i < st->toc.len; i++) {
        const pd_toc_entry *e = &PD_AT(st->toc, pd_toc_entry, i);
        if (e->link >= 0 && e->heading >= 0)
            PD_AT(st->links, pd_link, e->link).dest_elem = e->heading;
    }
    out->links = pd_arena_alloc(st->arena, (n_links ? n_links : 1) * sizeof(pd_link));
    out->n_links = n_links;
    for (size_t i = 0; i < n_links; i++) {
        pd_link *l = &out->links[i];
        *l = PD_AT(st->links, pd_link, i);
        pd_vec *rects = &PD_AT(st->rects, pd_vec, i);
        l->n_rects = rects->len;
        l->rects = pd_arena_alloc(st->arena, (rects->len ? rects->len : 1) * sizeof(pd_link_rect));
        if (rects->len)
            memcpy(l->rects, rects->data, rects->len * sizeof(pd_link_rect));
        if (l->dest_elem >= 0) {
            l->dest_page = elem_page[l->dest_elem];
            l->dest_y = elem_y[l->dest_elem];
        }
    }
    out->elems = pd_arena_alloc(st->arena, (n_elems ? n_elems : 1) * sizeof(pd_element));
    if (n_elems)
        memcpy(out->elems, elems, n_elems * sizeof(pd_element));
    out->n_elems = n_elems;

    /* Outline levels never skip (a level-3 heading right under a level-1 one is shown one
     * level down), since a bookmark tree has no empty levels. */
    size_t n_out = st->outline.len;
    out->outline = pd_arena_alloc(st->arena, (n_out ? n_out : 1) * sizeof(pd_outline_entry));
    out->n_outline = n_out;
    int prev_level = 0;
    for (size_t i = 0; i < n_out; i++) {
        pd_outline_entry *o = &out->outline[i];
        *o = PD_AT(st->outline, pd_outline_entry, i);
        if (o->level > prev_level + 1)
            o->level = prev_level + 1;
        prev_level = o->level;
        o->page = elem_page[o->elem];
        o->y = elem_y[o->elem];
    }

    free(elem_y);
    free(elem_page);
    free(link_line);
    free(src);
    free(title_r);
    free(body_r);
    free(toc_r);
    pd_vlist_free(&toc);
    return 0;
}
