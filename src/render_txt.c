/* The plain-text renderer. Like cmark's render.c, the walking and the wrapping are kept apart:
 * S_block renders one block into the output with its line prefixes, S_inline flattens inline
 * content into a string, and S_fill lays a string out into lines. */

#include "render_txt.h"
#include "encode.h"
#include "labels.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const pd_document *doc;
    const pd_txt_options *opt;
    const pd_labels *labels;
    pd_diags *diags;
    pd_buf out;
    char **links; /* URLs in order of first reference */
    size_t n_links;
    /* Page marks: the page starts inside the leaf block being flattened, and how many
     * characters of its plain text (pd_node_plain_text's count) have been passed. */
    const pd_page_start *marks[8];
    size_t n_marks, next_mark, plain_pos;
    cmark_node *marks_node; /* the block the marks were collected for */
} txt_state;

/* Nesting deeper than this is still rendered, but no longer indented further: past it the
 * indentation would only push the text off a braille line. */
#define MAX_INDENT_LEVELS 12

static size_t S_link_number(txt_state *st, const char *url)
{
    for (size_t i = 0; i < st->n_links; i++)
        if (!strcmp(st->links[i], url))
            return i + 1;
    st->links = pd_xrealloc(st->links, (st->n_links + 1) * sizeof(char *));
    st->links[st->n_links++] = pd_xstrdup(url);
    return st->n_links;
}

/* An autolink (<https://…>) shows its own URL as text; numbering it would say it twice. */
static int S_is_autolink(cmark_node *link)
{
    char *text = pd_node_plain_text(link);
    int same = pd_link_is_autolink(link, text);
    free(text);
    return same;
}

static void S_page_mark_line(txt_state *st, pd_buf *b, const pd_page_start *ps)
{
    pd_buf_printf(b, "[%s %s]", st->labels->page, ps->label);
}

/* Writes literal text, putting a page mark on a line of its own before the word in which a
 * print page begins (a mark never splits a word). */
static void S_literal(txt_state *st, pd_buf *b, const char *s)
{
    for (const char *p = s; *p;) {
        size_t n = 1;
        while ((p[n] & 0xC0) == 0x80)
            n++;
        while (*p != ' ' && st->next_mark < st->n_marks &&
               st->marks[st->next_mark]->char_offset <= st->plain_pos) {
            /* Back up to the start of the current word. */
            size_t w = b->len;
            while (w > 0 && b->data[w - 1] != ' ' && b->data[w - 1] != '\n')
                w--;
            char *tail = pd_xstrndup(b->data + w, b->len - w);
            b->len = w;
            while (b->len > 0 && b->data[b->len - 1] == ' ')
                b->len--;
            if (b->len > 0 && b->data[b->len - 1] != '\n')
                pd_buf_putc(b, '\n');
            S_page_mark_line(st, b, st->marks[st->next_mark++]);
            pd_buf_putc(b, '\n');
            pd_buf_puts(b, tail);
            free(tail);
        }
        pd_buf_put(b, p, n);
        st->plain_pos++;
        p += n;
    }
}

static void S_inline(txt_state *st, cmark_node *parent, pd_buf *b)
{
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            S_literal(st, b, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_HTML_INLINE:
            /* An inline HTML node is one tag: markup, no words. The text between tags is an
             * ordinary text node. */
            st->plain_pos +=
                pd_utf8_len(cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)));
            break;
        case CMARK_NODE_SOFTBREAK:
            S_literal(st, b, " ");
            break;
        case CMARK_NODE_LINEBREAK:
            pd_buf_putc(b, '\n');
            st->plain_pos++;
            break;
        case CMARK_NODE_LINK: {
            const char *url = cmark_node_get_url(n);
            S_inline(st, n, b);
            if (url && *url && !S_is_autolink(n))
                pd_buf_printf(b, " [%zu]", S_link_number(st, url));
            break;
        }
        case CMARK_NODE_IMAGE: {
            char *alt = pd_node_plain_text(n);
            st->plain_pos += pd_utf8_len(alt, strlen(alt));
            if (*alt) {
                pd_buf_printf(b, "[%s: %s]", st->labels->image, alt);
            } else {
                pd_buf_printf(b, "[%s]", st->labels->image);
                pd_warning(st->diags, st->doc->path, pd_node_line(st->doc, n),
                           cmark_node_get_start_column(n),
                           "image '%s' has no alt text: readers who cannot see it learn nothing",
                           cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
            }
            free(alt);
            break;
        }
        default: /* emphasis, strong, custom: their text without markers */
            S_inline(st, n, b);
            break;
        }
    }
}

static int S_is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Lays text out after the given prefixes. Words are never split: a word longer than the measure
 * gets a line of its own. '\n' in text is a hard line break. With width 0 nothing is wrapped. */
static void S_fill(pd_buf *out, const char *text, const char *first, const char *rest, int width)
{
    const char *prefix = first;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        pd_buf_puts(out, prefix);
        size_t col = pd_utf8_len(prefix, strlen(prefix));
        size_t line_start_col = col;
        int need_space = 0;
        size_t i = 0;
        while (i < n) {
            while (i < n && S_is_space(p[i]))
                i++, need_space = col > line_start_col;
            size_t w = i;
            while (w < n && !S_is_space(p[w]))
                w++;
            if (w == i)
                break;
            size_t wlen = pd_utf8_len(p + i, w - i);
            if (width > 0 && col > line_start_col && col + need_space + wlen > (size_t)width) {
                pd_buf_putc(out, '\n');
                pd_buf_puts(out, rest);
                col = line_start_col = pd_utf8_len(rest, strlen(rest));
                need_space = 0;
            }
            if (need_space)
                pd_buf_putc(out, ' '), col++;
            pd_buf_put(out, p + i, w - i);
            col += wlen;
            need_space = 0;
            i = w;
        }
        pd_buf_putc(out, '\n');
        prefix = rest;
        p += n + (eol != NULL);
    }
}

/* Collects the page starts that fall in leaf block n (once per block). */
static void S_find_marks(txt_state *st, cmark_node *n)
{
    if (st->marks_node == n)
        return;
    st->marks_node = n;
    st->n_marks = st->next_mark = st->plain_pos = 0;
    const pd_page_map *map = st->opt->pages;
    for (size_t i = 0; map && i < map->n && st->n_marks < 8; i++)
        if (map->starts[i].block == n)
            st->marks[st->n_marks++] = &map->starts[i];
}

/* A page that begins with block n is marked on a line of its own before it, at the margin (not
 * after a list bullet), where a braille reader expects it. */
static void S_marks_before(txt_state *st, cmark_node *n)
{
    S_find_marks(st, n);
    while (st->next_mark < st->n_marks && st->marks[st->next_mark]->char_offset == 0) {
        S_page_mark_line(st, &st->out, st->marks[st->next_mark++]);
        pd_buf_putc(&st->out, '\n');
    }
}

/* Text is flattened first so that wrapping sees whole words across inline nodes. */
static void S_paragraph(txt_state *st, cmark_node *n, const char *first, const char *rest)
{
    pd_buf text = {0};
    S_marks_before(st, n);
    S_inline(st, n, &text);
    /* A page that begins after the block's last character starts with the next block. */
    while (st->next_mark < st->n_marks) {
        if (text.len && text.data[text.len - 1] != '\n')
            pd_buf_putc(&text, '\n');
        S_page_mark_line(st, &text, st->marks[st->next_mark++]);
    }
    st->n_marks = 0;
    st->marks_node = NULL;
    S_fill(&st->out, text.data ? text.data : "", first, rest, st->opt->wrap);
    pd_buf_free(&text);
}

static void S_underline(txt_state *st, const char *prefix, size_t from, char c)
{
    /* As long as the longest line of the heading just written, so it reads as a rule under it. */
    size_t longest = 0;
    const char *s = st->out.data + from;
    size_t plen = pd_utf8_len(prefix, strlen(prefix));
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = pd_utf8_len(s, (size_t)(e - s));
        if (n - plen > longest)
            longest = n - plen;
        s = e + 1;
    }
    pd_buf_puts(&st->out, prefix);
    for (size_t i = 0; i < longest; i++)
        pd_buf_putc(&st->out, c);
    pd_buf_putc(&st->out, '\n');
}

static void S_blank(txt_state *st, const char *rest)
{
    /* A blank line inside a quote keeps the quote's marker, so the quote reads as one block. */
    size_t n = strlen(rest);
    while (n > 0 && rest[n - 1] == ' ')
        n--;
    pd_buf_put(&st->out, rest, n);
    pd_buf_putc(&st->out, '\n');
}

static void S_blocks(txt_state *st, cmark_node *parent, const char *first, const char *rest,
                     int depth);

static char *S_indent(const char *base, const char *add, int depth)
{
    if (depth > MAX_INDENT_LEVELS)
        return pd_xstrdup(base);
    return pd_asprintf("%s%s", base, add);
}

static void S_list(txt_state *st, cmark_node *list, const char *first, const char *rest, int depth)
{
    int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
    int number = cmark_node_get_list_start(list);
    int tight = cmark_node_get_list_tight(list);
    int last_number = number;
    for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c))
        last_number++;
    /* Numbers are right-aligned so the item texts line up, as in a typeset list. */
    int digits = snprintf(NULL, 0, "%d", last_number > number ? last_number - 1 : number);
    const char *item_first = first;
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        char marker[32];
        if (ordered)
            snprintf(marker, sizeof marker, "%*d%c ", digits, number++,
                     cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.');
        else
            snprintf(marker, sizeof marker, "- ");
        char *f = depth > MAX_INDENT_LEVELS ? pd_asprintf("%s%s", rest, marker)
                                            : pd_asprintf("%s%s", item_first, marker);
        char *pad = pd_xmalloc(strlen(marker) + 1);
        memset(pad, ' ', strlen(marker));
        pad[strlen(marker)] = '\0';
        char *r = S_indent(rest, pad, depth);
        if (item != cmark_node_first_child(list) && !tight)
            S_blank(st, rest);
        if (cmark_node_first_child(item))
            S_blocks(st, item, f, r, depth + 1);
        else
            S_fill(&st->out, "", f, r, 0);
        free(f);
        free(r);
        free(pad);
        item_first = rest;
    }
}

static void S_code(txt_state *st, cmark_node *n, const char *first, const char *rest)
{
    /* Code is verbatim, so a page that begins inside it is marked before it. */
    S_find_marks(st, n);
    for (size_t i = 0; i < st->n_marks; i++) {
        pd_buf_puts(&st->out, first);
        S_page_mark_line(st, &st->out, st->marks[i]);
        pd_buf_putc(&st->out, '\n');
    }
    st->n_marks = 0;
    /* Verbatim: code is never wrapped or reflowed, only indented so it stands apart. */
    const char *s = cmark_node_get_literal(n);
    const char *prefix = first;
    while (s && *s) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        pd_buf_puts(&st->out, prefix);
        pd_buf_puts(&st->out, "    ");
        pd_buf_put(&st->out, s, len);
        pd_buf_putc(&st->out, '\n');
        prefix = rest;
        s += len + (e != NULL);
    }
}

static void S_block(txt_state *st, cmark_node *n, const char *first, const char *rest, int depth)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
        S_paragraph(st, n, first, rest);
        break;
    case CMARK_NODE_HEADING: {
        static const char rules[] = "=-~~~~";
        S_marks_before(st, n); /* before the heading, so the underline measures only it */
        size_t from = st->out.len;
        S_paragraph(st, n, first, rest);
        S_underline(st, rest, from, rules[cmark_node_get_heading_level(n) - 1]);
        break;
    }
    case CMARK_NODE_LIST:
        S_list(st, n, first, rest, depth);
        break;
    case CMARK_NODE_BLOCK_QUOTE: {
        char *f = S_indent(first, "> ", depth);
        char *r = S_indent(rest, "> ", depth);
        S_blocks(st, n, f, r, depth + 1);
        free(f);
        free(r);
        break;
    }
    case CMARK_NODE_CODE_BLOCK:
        S_code(st, n, first, rest);
        break;
    case CMARK_NODE_HTML_BLOCK: {
        /* The words of raw HTML are kept, its tags dropped (`check` warns about raw HTML). */
        char *s = pd_strip_tags(cmark_node_get_literal(n));
        size_t len = strlen(s);
        while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
            s[--len] = '\0';
        if (len)
            S_fill(&st->out, s, first, rest, st->opt->wrap);
        free(s);
        break;
    }
    case CMARK_NODE_THEMATIC_BREAK:
        pd_buf_puts(&st->out, first);
        pd_buf_puts(&st->out, "* * *\n");
        break;
    default:
        S_blocks(st, n, first, rest, depth + 1);
        break;
    }
}

static void S_blocks(txt_state *st, cmark_node *parent, const char *first, const char *rest,
                     int depth)
{
    const char *prefix = first;
    int tight = cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
                cmark_node_get_list_tight(cmark_node_parent(parent));
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        if (n != cmark_node_first_child(parent) && !tight)
            S_blank(st, rest);
        S_block(st, n, prefix, rest, depth);
        prefix = rest;
    }
}

static void S_title_block(txt_state *st)
{
    const pd_metadata *m = &st->doc->meta;
    size_t from = st->out.len;
    S_fill(&st->out, m->title, "", "", st->opt->wrap);
    S_underline(st, "", from, '=');
    pd_buf_putc(&st->out, '\n');
    if (m->subtitle) {
        S_fill(&st->out, m->subtitle, "", "", st->opt->wrap);
        pd_buf_putc(&st->out, '\n');
    }
    S_fill(&st->out, m->organisation, "", "", st->opt->wrap);
    pd_buf_printf(&st->out, "%s: %s\n", st->labels->revision, m->revision);
    pd_buf_printf(&st->out, "%s: %s\n", st->labels->date, m->date);
    if (m->status)
        pd_buf_printf(&st->out, "%s: %s\n", st->labels->status,
                      pd_labels_status(st->labels, m->status));
}

int pd_render_txt(const pd_document *doc, const pd_txt_options *opt, char **out, size_t *out_len,
                  pd_diags *d)
{
    txt_state st = {0};
    st.doc = doc;
    st.opt = opt;
    st.labels = pd_labels_for(doc->meta.lang);
    st.diags = d;
    S_title_block(&st);
    if (cmark_node_first_child(doc->root)) {
        pd_buf_puts(&st.out, "\n\n");
        S_blocks(&st, doc->root, "", "", 0);
    }
    if (st.n_links) {
        pd_buf_puts(&st.out, "\n\n");
        size_t from = st.out.len;
        pd_buf_printf(&st.out, "%s\n", st.labels->links);
        S_underline(&st, "", from, '-');
        pd_buf_putc(&st.out, '\n');
        for (size_t i = 0; i < st.n_links; i++) {
            char first[32];
            snprintf(first, sizeof first, "[%zu] ", i + 1);
            S_fill(&st.out, st.links[i], first, "    ", opt->wrap);
            free(st.links[i]);
        }
        free(st.links);
    }
    *out = pd_buf_detach(&st.out, out_len);
    return 0;
}

int pd_format_txt(pd_job *job, pd_buf *out)
{
    const pd_build_options *o = job->opt;
    pd_txt_options topt = {o->wrap, NULL};
    if (o->page_marks && !(topt.pages = pd_job_page_map(job)))
        return -1;
    char *text, *encoded, *crlf = NULL;
    size_t len, elen;
    if (pd_render_txt(job->doc, &topt, &text, &len, job->diags) < 0)
        return -1;
    if (o->crlf) {
        crlf = pd_crlf(text, len, &len);
        free(text);
        text = crlf;
    }
    char *path = pd_asprintf("%s/%s.txt", job->out_dir, job->doc->slug);
    pd_encode_options eopt = {o->encoding, o->translit, path, job->doc->path, job->doc->text};
    int rc = pd_encode(text, len, &eopt, &encoded, &elen, job->diags);
    free(path);
    free(text);
    if (rc < 0)
        return -1;
    pd_buf_put(out, encoded, elen);
    free(encoded);
    return 0;
}
