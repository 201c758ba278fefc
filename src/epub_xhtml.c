/* AST -> XHTML content documents. One pass with a cmark_iter, as in cmark's html.c; the walk
 * also places the print edition's page-break markers: each page start names a leaf block and
 * a character offset in its plain text, so while a leaf's text is written the characters are
 * counted and a marker is put in front of the page's first character. */

#include "epub_xhtml.h"
#include "image_path.h"
#include "epub_xml.h"
#include "labels.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A page start that lies in the body text, sorted by block so a leaf finds its own quickly. */
typedef struct {
    cmark_node *block;
    size_t offset;
    size_t index; /* into the page map */
} page_ref;

typedef struct {
    int ordered;
    int number; /* of the next item */
    char delim;
} list_frame;

typedef struct {
    const pd_document *doc;
    const pd_labels *labels;
    pd_diags *d;
    pd_epub_content *c;
    int failed;

    pd_buf title_page; /* kept open to the end: pages that fit nowhere else go there */
    pd_buf out;        /* the chapter being written */
    int chapter_open;
    int chapter_no;
    char *href;
    char *title;
    int sections[8]; /* heading levels of the open <section>s */
    int n_sections;
    int heading_no;
    int outline[8]; /* Markdown levels of the headings the current one is under */
    int n_outline;
    int open_rank; /* the h1..h6 rank of the heading being written */
    int ref_no;

    /* print pages */
    const pd_page_map *map;
    page_ref *refs;
    size_t n_refs;
    pd_epub_page *placed; /* per page map index; href NULL until placed */
    size_t first_body;    /* index of the first page whose start is in the body */
    cmark_node *leaf;
    size_t leaf_chars;
    size_t ref_next, ref_end; /* the current leaf's refs not yet placed */

    /* lists */
    list_frame *lists;
    size_t n_lists, cap_lists;
    char pending_number[32]; /* an ordered item's number, written with its first block */

    /* link notes, numbered in order of first reference as the text edition does */
    char **urls;
    char **url_refs; /* href of each note's first reference */
    int *url_live;
    size_t n_urls;
} S_walk;

/* ---- small helpers ---------------------------------------------------------------------- */

static int S_cmp_ref(const void *a, const void *b)
{
    const page_ref *x = a, *y = b;
    uintptr_t px = (uintptr_t)x->block, py = (uintptr_t)y->block;
    if (px != py)
        return px < py ? -1 : 1;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static const char *S_lang(const S_walk *w)
{
    return w->doc->meta.lang ? w->doc->meta.lang : "nb-NO";
}

static pd_buf *S_cur(S_walk *w)
{
    return w->chapter_open ? &w->out : &w->title_page;
}

/* Index of the spine document being written (the title page is 0, chapters follow). */
static int S_cur_doc(const S_walk *w)
{
    return w->chapter_open ? (int)w->c->n_docs : 0;
}

static const char *S_cur_href(const S_walk *w)
{
    return w->chapter_open ? w->href : PD_EPUB_TITLE_PAGE;
}

static void S_add_doc(pd_epub_content *c, char *href, char *id, char *title, pd_buf *b)
{
    c->docs = pd_xrealloc(c->docs, (c->n_docs + 1) * sizeof *c->docs);
    pd_epub_doc *doc = &c->docs[c->n_docs++];
    doc->href = href;
    doc->id = id;
    doc->title = title;
    doc->xhtml = pd_buf_detach(b, &doc->len);
}

static int S_node_column(cmark_node *n)
{
    while (n && cmark_node_get_start_column(n) == 0)
        n = cmark_node_parent(n);
    return n ? cmark_node_get_start_column(n) : 0;
}

/* ---- page-break markers ----------------------------------------------------------------- */

static void S_marker(S_walk *w, size_t index, int in_nav)
{
    const pd_page_start *ps = &w->map->starts[index];
    pd_epub_page *p = &w->placed[index];
    char number[24];
    snprintf(number, sizeof number, "%d", ps->page);
    p->page = ps->page;
    p->label = pd_xstrdup(ps->label && *ps->label ? ps->label : number);
    p->in_nav = in_nav;
    if (in_nav) {
        p->href = pd_asprintf("%s#page-%d", PD_EPUB_NAV, ps->page);
        p->pos.doc = -1;
        p->pos.pos = index;
        return;
    }
    pd_buf *b = S_cur(w);
    p->href = pd_asprintf("%s#page-%d", S_cur_href(w), ps->page);
    p->pos.doc = S_cur_doc(w);
    p->pos.pos = b->len;
    /* Empty, so it adds no text; the role and label make screen readers announce the page. */
    pd_buf_printf(b,
                  "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-%d\" "
                  "aria-label=\"",
                  ps->page);
    pd_xml_escape_str(b, p->label);
    pd_buf_puts(b, "\"/>");
}

/* Places page index and, first, any earlier pages without body text (a blank left-hand page)
 * that are still waiting: they begin where the next page with text begins. */
static void S_place(S_walk *w, size_t index)
{
    for (size_t j = w->first_body; j < index; j++)
        if (!w->placed[j].href && !w->map->starts[j].block)
            S_marker(w, j, 0);
    if (!w->placed[index].href)
        S_marker(w, index, 0);
}

/* Enters a leaf block: finds the page starts that lie in it. */
static void S_leaf_begin(S_walk *w, cmark_node *leaf)
{
    w->leaf = leaf;
    w->leaf_chars = 0;
    w->ref_next = w->ref_end = 0;
    if (!w->n_refs)
        return;
    size_t lo = 0, hi = w->n_refs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)w->refs[mid].block < (uintptr_t)leaf)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < w->n_refs && w->refs[end].block == leaf)
        end++;
    w->ref_next = lo;
    w->ref_end = end;
}

/* Writes the markers of pages that begin at or before character `upto` of the current leaf. */
static void S_marks_upto(S_walk *w, size_t upto)
{
    while (w->ref_next < w->ref_end && w->refs[w->ref_next].offset <= upto)
        S_place(w, w->refs[w->ref_next++].index);
}

/* Leaving a leaf: a page start past its last character (a layout rounding) still gets placed. */
static void S_leaf_end(S_walk *w)
{
    S_marks_upto(w, SIZE_MAX);
    w->leaf = NULL;
}

static int S_is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t';
}

/* Writes text escaped, counting its characters and putting page markers in front of the
 * characters where print pages begin. */
static void S_text(S_walk *w, const char *s, size_t n)
{
    pd_buf *b = S_cur(w);
    while (w->ref_next < w->ref_end) {
        size_t want = w->refs[w->ref_next].offset;
        if (want > w->leaf_chars) {
            /* Walk to the byte where character `want` begins, if it is inside s. */
            size_t i = 0, chars = w->leaf_chars;
            while (i < n && chars < want) {
                i++;
                while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                    i++;
                chars++;
            }
            if (chars < want || i == n)
                break;
            if (S_is_space(s[i])) {
                /* The space a line was broken at: the page begins with the next word. */
                while (i < n && S_is_space(s[i]))
                    i++, chars++;
            } else {
                /* A print page may begin with the second half of a hyphenated word; the marker
                 * goes in front of the whole word, so the word is not cut in two for search or
                 * speech. */
                while (i > 0 && !S_is_space(s[i - 1])) {
                    i--;
                    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
                        i--;
                    chars--;
                }
            }
            pd_xml_escape(b, s, i);
            w->leaf_chars = chars;
            s += i;
            n -= i;
        }
        S_place(w, w->refs[w->ref_next++].index);
    }
    pd_xml_escape(b, s, n);
    w->leaf_chars += pd_utf8_len(s, n);
}

static void S_put(S_walk *w, const char *s)
{
    pd_buf_puts(S_cur(w), s);
}

/* ---- chapters and sections -------------------------------------------------------------- */

static void S_close_sections(S_walk *w, int level)
{
    while (w->n_sections > 0 && w->sections[w->n_sections - 1] >= level) {
        w->n_sections--;
        S_put(w, "</section>\n");
    }
}

static void S_chapter_finish(S_walk *w)
{
    if (!w->chapter_open)
        return;
    S_close_sections(w, 0);
    pd_xhtml_close(&w->out);
    S_add_doc(w->c, w->href, pd_asprintf("chapter-%02d", w->chapter_no), w->title, &w->out);
    w->href = NULL;
    w->title = NULL;
    w->chapter_open = 0;
}

static void S_chapter_start(S_walk *w, const char *title)
{
    S_chapter_finish(w);
    w->chapter_no++;
    w->href = pd_asprintf("chapter-%02d.xhtml", w->chapter_no);
    w->title = pd_xstrdup(title);
    w->chapter_open = 1;
    pd_xhtml_open(&w->out, S_lang(w), title, PD_EPUB_CSS, " epub:type=\"bodymatter\"");
    if (!w->c->body_start_href)
        w->c->body_start_href = pd_xstrdup(w->href);
}

/* ---- links ------------------------------------------------------------------------------ */

typedef enum { LINK_NONE, LINK_LIVE, LINK_DEAD } link_kind;

/* Only targets a reading system can open safely become live links: web and mail addresses,
 * phone numbers. Scripts never run from a document; relative targets would point into the
 * EPUB, where the linked file is not. */
static link_kind S_link_kind(const char *url)
{
    if (!url || !*url)
        return LINK_NONE;
    static const char *const live[] = {"http:", "https:", "mailto:", "tel:"};
    for (size_t i = 0; i < sizeof live / sizeof live[0]; i++)
        if (!strncasecmp(url, live[i], strlen(live[i])))
            return LINK_LIVE;
    return LINK_DEAD;
}

/* An autolink shows its own URL; the text edition gives it no note number, nor do we. */
static int S_is_autolink(cmark_node *link)
{
    char *text = pd_node_plain_text(link);
    int same = pd_link_is_autolink(link, text);
    free(text);
    return same;
}

static void S_link_enter(S_walk *w, cmark_node *n)
{
    const char *url = cmark_node_get_url(n);
    link_kind k = S_link_kind(url);
    if (k == LINK_DEAD) {
        int script = !strncasecmp(url, "javascript:", 11) || !strncasecmp(url, "vbscript:", 9) ||
                     !strncasecmp(url, "data:", 5);
        pd_warning(w->d, w->doc->path, pd_node_line(w->doc, n), S_node_column(n),
                   script ? "link to '%.60s' dropped from the EPUB: a document must not run code"
                          : "link to '%.60s' is not a web, mail or phone address: it is kept "
                            "as text in the EPUB, not as a live link",
                   url);
        w->c->n_links_dropped++;
    }
    if (k != LINK_LIVE)
        return;
    pd_buf *b = S_cur(w);
    pd_buf_puts(b, "<a href=\"");
    pd_xml_url(b, url);
    pd_buf_puts(b, "\">");
}

static void S_link_exit(S_walk *w, cmark_node *n)
{
    const char *url = cmark_node_get_url(n);
    link_kind k = S_link_kind(url);
    if (k == LINK_LIVE)
        S_put(w, "</a>");
    if (k == LINK_NONE || S_is_autolink(n))
        return;
    size_t num = 0;
    while (num < w->n_urls && strcmp(w->urls[num], url))
        num++;
    w->ref_no++;
    char *ref_href = pd_asprintf("%s#ref-%d", S_cur_href(w), w->ref_no);
    if (num == w->n_urls) {
        w->urls = pd_xrealloc(w->urls, (w->n_urls + 1) * sizeof *w->urls);
        w->url_refs = pd_xrealloc(w->url_refs, (w->n_urls + 1) * sizeof *w->url_refs);
        w->url_live = pd_xrealloc(w->url_live, (w->n_urls + 1) * sizeof *w->url_live);
        w->urls[w->n_urls] = pd_xstrdup(url);
        w->url_refs[w->n_urls] = ref_href;
        w->url_live[w->n_urls] = k == LINK_LIVE;
        w->n_urls++;
    } else {
        free(ref_href);
    }
    /* A no-break space keeps the number with the word it belongs to. */
    pd_buf_printf(S_cur(w),
                  "\xC2\xA0<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" "
                  "id=\"ref-%d\" href=\"%s#note-%zu\">[%zu]</a>",
                  w->ref_no, PD_EPUB_NOTES, num + 1, num + 1);
}

/* ---- images ----------------------------------------------------------------------------- */

static int S_image_error(S_walk *w, cmark_node *n, const char *fmt, const char *a, const char *b)
{
    w->failed = 1;
    return pd_error(w->d, w->doc->path, pd_node_line(w->doc, n), S_node_column(n), fmt, a, b);
}

/* Packages the image a node refers to. Returns its href in the EPUB, NULL when it is not
 * packaged (a warning or, with w->failed set, an error says why). */
static const char *S_image(S_walk *w, cmark_node *n)
{
    const char *url = cmark_node_get_url(n);
    if (!url || !*url) {
        pd_warning(w->d, w->doc->path, pd_node_line(w->doc, n), S_node_column(n),
                   "image without a file name: only its description is shown");
        return NULL;
    }
    /* The same rules as the print layout's, so all editions accept the same sources. */
    char *rfile = NULL, *data = NULL;
    const char *href = NULL;
    size_t len = 0;
    if (pd_image_resolve(w->doc, url, pd_node_line(w->doc, n), S_node_column(n), &rfile, w->d) <
        0) {
        w->failed = 1;
        goto done;
    }
    for (size_t i = 0; i < w->c->n_images; i++)
        if (!strcmp(w->c->images[i].realpath, rfile)) {
            href = w->c->images[i].href;
            goto done;
        }
    if (pd_read_file(rfile, &data, &len) < 0) {
        S_image_error(w, n, "cannot read image '%s': %s", rfile, strerror(errno));
        goto done;
    }
    const char *type = NULL, *ext = NULL;
    if (len >= 8 && !memcmp(data, "\x89PNG\r\n\x1a\n", 8))
        type = "image/png", ext = "png";
    else if (len >= 3 && !memcmp(data, "\xFF\xD8\xFF", 3))
        type = "image/jpeg", ext = "jpg";
    if (!type) {
        S_image_error(w, n, "image '%s' is neither PNG nor JPEG%s", url, "");
        goto done;
    }
    pd_epub_content *c = w->c;
    c->images = pd_xrealloc(c->images, (c->n_images + 1) * sizeof *c->images);
    pd_epub_image *img = &c->images[c->n_images++];
    img->href = pd_asprintf("images/image-%zu.%s", c->n_images, ext);
    img->id = pd_asprintf("image-%zu", c->n_images);
    img->media_type = type;
    img->data = data;
    img->len = len;
    img->realpath = rfile;
    data = NULL;
    rfile = NULL;
    href = img->href;
done:
    free(data);
    free(rfile);
    return href;
}

static int S_is_figure(cmark_node *para)
{
    cmark_node *only = cmark_node_first_child(para);
    return only && !cmark_node_next(only) && cmark_node_get_type(only) == CMARK_NODE_IMAGE;
}

static void S_image_node(S_walk *w, cmark_node *n, int figure)
{
    char *alt = pd_node_plain_text(n);
    w->c->n_image_refs++;
    if (!*alt) {
        w->c->n_images_no_alt++;
        pd_warning(w->d, w->doc->path, pd_node_line(w->doc, n), S_node_column(n),
                   "image '%s' has no alt text: readers who cannot see it learn nothing",
                   cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
    }
    const char *href = S_image(w, n);
    pd_buf *b = S_cur(w);
    if (href) {
        pd_buf_puts(b, "<img src=\"");
        pd_xml_url(b, href);
        pd_buf_puts(b, "\" alt=\"");
        pd_xml_escape_str(b, alt);
        pd_buf_puts(b, "\"/>");
    }
    /* The text edition says "[Bilde: …]"; so does this one, visibly, for the sighted reader.
     * Screen readers already hear the alt text, so the caption is hidden from them. */
    pd_buf_puts(b, figure ? "<figcaption aria-hidden=\"true\">"
                          : " <span class=\"image-label\" "
                            "aria-hidden=\"true\">");
    pd_buf_putc(b, '[');
    pd_xml_escape_str(b, w->labels->image);
    if (*alt) {
        pd_buf_puts(b, ": ");
        pd_xml_escape_str(b, alt);
    }
    pd_buf_putc(b, ']');
    pd_buf_puts(b, figure ? "</figcaption>" : "</span>");
    w->leaf_chars += pd_utf8_len(alt, strlen(alt));
    free(alt);
}

/* ---- blocks ----------------------------------------------------------------------------- */

static int S_in_tight_list(cmark_node *para)
{
    cmark_node *item = cmark_node_parent(para);
    cmark_node *list = item ? cmark_node_parent(item) : NULL;
    return item && cmark_node_get_type(item) == CMARK_NODE_ITEM && list &&
           cmark_node_get_list_tight(list);
}

/* An ordered item's number is text, as in the text and print editions: it is part of what the
 * item says ("see point 3"), and a reading system that ignores the stylesheet still shows it. */
static void S_flush_number(S_walk *w)
{
    if (!w->pending_number[0])
        return;
    pd_buf *b = S_cur(w);
    pd_buf_puts(b, "<span class=\"list-number\">");
    pd_buf_puts(b, w->pending_number);
    pd_buf_puts(b, "</span> ");
    w->pending_number[0] = '\0';
}

static void S_heading_enter(S_walk *w, cmark_node *n, cmark_iter *it)
{
    int level = cmark_node_get_heading_level(n);
    char *text = pd_node_plain_text(n);
    const char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p) {
        pd_warning(w->d, w->doc->path, pd_node_line(w->doc, n), S_node_column(n),
                   "empty heading left out of the EPUB: it would name nothing");
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        free(text);
        return;
    }
    int top = cmark_node_parent(n) == w->doc->root;
    int id = ++w->heading_no;
    if (top && level == 1)
        S_chapter_start(w, text);
    else if (!w->chapter_open)
        S_chapter_start(w, w->doc->meta.title);
    pd_buf *b = S_cur(w);
    if (top) {
        S_close_sections(w, level);
        if (level == 1)
            pd_buf_printf(b,
                          "<section epub:type=\"chapter\" role=\"doc-chapter\" "
                          "aria-labelledby=\"h-%d\">\n",
                          id);
        else
            pd_buf_puts(b, "<section>\n");
        w->sections[w->n_sections++] = level;
    }
    S_flush_number(w);
    pd_epub_content *c = w->c;
    c->headings = pd_xrealloc(c->headings, (c->n_headings + 1) * sizeof *c->headings);
    pd_epub_heading *h = &c->headings[c->n_headings++];
    h->level = level;
    h->text = text;
    h->href = pd_asprintf("%s#h-%d", w->href, id);
    h->pos.doc = S_cur_doc(w);
    h->pos.pos = b->len;
    /* Ranks never skip ("#" then "###" gives h1, h2): a screen reader's heading list would
     * otherwise suggest a missing section. Chapters always start at h1. */
    while (w->n_outline > 0 && w->outline[w->n_outline - 1] >= level)
        w->n_outline--;
    w->outline[w->n_outline++] = level;
    w->open_rank = w->n_outline;
    pd_buf_printf(b, "<h%d id=\"h-%d\">", w->open_rank, id);
    S_leaf_begin(w, n);
    S_marks_upto(w, 0);
}

static void S_ensure_chapter(S_walk *w)
{
    if (!w->chapter_open)
        S_chapter_start(w, w->doc->meta.title);
}

static void S_enter(S_walk *w, cmark_node *n, cmark_iter *it)
{
    cmark_node_type t = cmark_node_get_type(n);
    if (t != CMARK_NODE_DOCUMENT && t != CMARK_NODE_HEADING && cmark_node_parent(n) == w->doc->root)
        S_ensure_chapter(w);
    switch (t) {
    case CMARK_NODE_DOCUMENT:
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        S_flush_number(w);
        S_put(w, "<blockquote>\n");
        break;
    case CMARK_NODE_LIST: {
        int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        S_flush_number(w); /* a list as an item's first block: the number goes before it */
        if (w->n_lists == w->cap_lists) {
            w->cap_lists = w->cap_lists ? 2 * w->cap_lists : 8;
            w->lists = pd_xrealloc(w->lists, w->cap_lists * sizeof *w->lists);
        }
        list_frame *f = &w->lists[w->n_lists++];
        f->ordered = ordered;
        f->number = cmark_node_get_list_start(n);
        f->delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
        if (!ordered)
            S_put(w, "<ul>\n");
        else if (f->number != 1)
            pd_buf_printf(S_cur(w), "<ol class=\"numbered\" start=\"%d\">\n", f->number);
        else
            S_put(w, "<ol class=\"numbered\">\n");
        break;
    }
    case CMARK_NODE_ITEM: {
        S_put(w, "<li>");
        list_frame *f = w->n_lists ? &w->lists[w->n_lists - 1] : NULL;
        if (f && f->ordered)
            snprintf(w->pending_number, sizeof w->pending_number, "%d%c", f->number++, f->delim);
        break;
    }
    case CMARK_NODE_CODE_BLOCK: {
        const char *lit = cmark_node_get_literal(n);
        size_t len = lit ? strlen(lit) : 0;
        while (len && lit[len - 1] == '\n')
            len--;
        S_flush_number(w);
        S_put(w, "<pre><code>");
        S_leaf_begin(w, n);
        S_text(w, lit ? lit : "", len);
        S_leaf_end(w);
        S_put(w, "</code></pre>\n");
        break;
    }
    case CMARK_NODE_HTML_BLOCK: {
        /* Raw HTML never comes through: its tags could carry scripts or break the markup.
         * Its words are kept, as in the text edition, so nothing the author wrote is lost. */
        char *text = pd_strip_tags(cmark_node_get_literal(n));
        size_t len = strlen(text), skip = 0;
        while (len && S_is_space(text[len - 1]))
            len--;
        while (skip < len && S_is_space(text[skip]))
            skip++;
        S_flush_number(w);
        S_leaf_begin(w, n);
        if (len) {
            S_put(w, "<p class=\"raw-html\">");
            S_text(w, text + skip, len - skip);
        }
        S_leaf_end(w);
        if (len)
            S_put(w, "</p>\n");
        free(text);
        break;
    }
    case CMARK_NODE_PARAGRAPH:
        S_leaf_begin(w, n);
        if (S_is_figure(n))
            S_put(w, "<figure>");
        else if (!S_in_tight_list(n))
            S_put(w, "<p>");
        S_marks_upto(w, 0);
        S_flush_number(w);
        break;
    case CMARK_NODE_HEADING:
        S_heading_enter(w, n, it);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        S_leaf_begin(w, n);
        S_leaf_end(w);
        S_flush_number(w);
        S_put(w, "<hr/>\n");
        break;
    case CMARK_NODE_TEXT:
        S_text(w, cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)));
        break;
    case CMARK_NODE_SOFTBREAK:
        S_text(w, "\n", 1);
        break;
    case CMARK_NODE_LINEBREAK:
        S_marks_upto(w, w->leaf_chars);
        S_put(w, "<br/>\n");
        w->leaf_chars++;
        break;
    case CMARK_NODE_CODE:
        S_put(w, "<code>");
        S_text(w, cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)));
        S_put(w, "</code>");
        break;
    case CMARK_NODE_HTML_INLINE:
        /* One tag, no words (the text between tags is a text node of its own): dropped, as in
         * the text edition. Its characters still count, as pd_node_plain_text counts them. */
        S_marks_upto(w, w->leaf_chars);
        w->leaf_chars += pd_utf8_len(cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)));
        break;
    case CMARK_NODE_EMPH:
        S_put(w, "<em>");
        break;
    case CMARK_NODE_STRONG:
        S_put(w, "<strong>");
        break;
    case CMARK_NODE_LINK:
        S_link_enter(w, n);
        break;
    case CMARK_NODE_IMAGE: {
        cmark_node *para = cmark_node_parent(n);
        S_image_node(
            w, n, para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && S_is_figure(para));
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT); /* the alt text is written already */
        break;
    }
    default:
        break;
    }
}

static void S_exit(S_walk *w, cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_BLOCK_QUOTE:
        S_put(w, "</blockquote>\n");
        break;
    case CMARK_NODE_LIST:
        S_put(w, w->lists[--w->n_lists].ordered ? "</ol>\n" : "</ul>\n");
        break;
    case CMARK_NODE_ITEM:
        S_flush_number(w);
        S_put(w, "</li>\n");
        break;
    case CMARK_NODE_PARAGRAPH:
        S_leaf_end(w);
        if (S_is_figure(n))
            S_put(w, "</figure>\n");
        else if (!S_in_tight_list(n))
            S_put(w, "</p>\n");
        else if (cmark_node_next(n))
            S_put(w, "\n");
        break;
    case CMARK_NODE_HEADING:
        S_leaf_end(w);
        pd_buf_printf(S_cur(w), "</h%d>\n", w->open_rank);
        break;
    case CMARK_NODE_EMPH:
        S_put(w, "</em>");
        break;
    case CMARK_NODE_STRONG:
        S_put(w, "</strong>");
        break;
    case CMARK_NODE_LINK:
        S_link_exit(w, n);
        break;
    default:
        break;
    }
}

/* ---- title page and notes --------------------------------------------------------------- */

static void S_field(pd_buf *b, const char *name, const char *value)
{
    pd_buf_puts(b, "<dt>");
    pd_xml_escape_str(b, name);
    pd_buf_puts(b, "</dt>\n<dd>");
    pd_xml_escape_str(b, value);
    pd_buf_puts(b, "</dd>\n");
}

/* The title block of the text edition, in its order: title, subtitle, organisation, revision,
 * date, status. */
static void S_title_page_begin(S_walk *w)
{
    const pd_metadata *m = &w->doc->meta;
    pd_buf *b = &w->title_page;
    pd_xhtml_open(b, S_lang(w), m->title, PD_EPUB_CSS, " epub:type=\"frontmatter\"");
    pd_buf_puts(b, "<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    if (w->map && w->map->n > 0 && w->first_body > 0) {
        S_marker(w, 0, 0);
        pd_buf_putc(b, '\n');
    }
    for (size_t i = 1; i < w->first_body; i++)
        S_marker(w, i, 1);
    pd_buf_puts(b, "<h1>");
    pd_xml_escape_str(b, m->title);
    pd_buf_puts(b, "</h1>\n");
    if (m->subtitle) {
        pd_buf_puts(b, "<p class=\"subtitle\" role=\"doc-subtitle\">");
        pd_xml_escape_str(b, m->subtitle);
        pd_buf_puts(b, "</p>\n");
    }
    pd_buf_puts(b, "<p class=\"organisation\">");
    pd_xml_escape_str(b, m->organisation);
    pd_buf_puts(b, "</p>\n<dl class=\"document-facts\">\n");
    S_field(b, w->labels->revision, m->revision);
    S_field(b, w->labels->date, m->date);
    if (m->status)
        S_field(b, w->labels->status, pd_labels_status(w->labels, m->status));
    pd_buf_puts(b, "</dl>\n");
}

static void S_title_page_finish(S_walk *w)
{
    pd_buf *b = &w->title_page;
    pd_buf_puts(b, "</section>\n");
    pd_xhtml_close(b);
    pd_epub_doc *doc = &w->c->docs[0];
    doc->href = pd_xstrdup(PD_EPUB_TITLE_PAGE);
    doc->id = pd_xstrdup("title-page");
    doc->title = pd_xstrdup(w->doc->meta.title);
    doc->xhtml = pd_buf_detach(b, &doc->len);
}

/* The link notes, as the text edition lists them at the end: "[1] https://…". */
static void S_notes(S_walk *w)
{
    if (!w->n_urls)
        return;
    pd_buf b = {0};
    int id = ++w->heading_no;
    pd_xhtml_open(&b, S_lang(w), w->labels->links, PD_EPUB_CSS, " epub:type=\"backmatter\"");
    pd_buf_printf(&b,
                  "<section epub:type=\"endnotes\" role=\"doc-endnotes\" "
                  "aria-labelledby=\"h-%d\">\n",
                  id);
    pd_epub_content *c = w->c;
    c->headings = pd_xrealloc(c->headings, (c->n_headings + 1) * sizeof *c->headings);
    pd_epub_heading *h = &c->headings[c->n_headings++];
    h->level = 1;
    h->text = pd_xstrdup(w->labels->links);
    h->href = pd_asprintf("%s#h-%d", PD_EPUB_NOTES, id);
    h->pos.doc = (int)c->n_docs;
    h->pos.pos = b.len;
    pd_buf_printf(&b, "<h1 id=\"h-%d\">", id);
    pd_xml_escape_str(&b, w->labels->links);
    pd_buf_puts(&b, "</h1>\n<ol class=\"notes\">\n");
    for (size_t i = 0; i < w->n_urls; i++) {
        pd_buf_printf(&b, "<li id=\"note-%zu\" epub:type=\"endnote\"><p><a href=\"", i + 1);
        pd_xml_url(&b, w->url_refs[i]);
        pd_buf_printf(&b, "\" role=\"doc-backlink\">[%zu]</a> ", i + 1);
        if (w->url_live[i]) {
            pd_buf_puts(&b, "<a href=\"");
            pd_xml_url(&b, w->urls[i]);
            pd_buf_puts(&b, "\">");
            pd_xml_escape_str(&b, w->urls[i]);
            pd_buf_puts(&b, "</a>");
        } else {
            pd_xml_escape_str(&b, w->urls[i]);
        }
        pd_buf_puts(&b, "</p></li>\n");
    }
    pd_buf_puts(&b, "</ol>\n</section>\n");
    pd_xhtml_close(&b);
    S_add_doc(c, pd_xstrdup(PD_EPUB_NOTES), pd_xstrdup("links"), pd_xstrdup(w->labels->links), &b);
    c->n_links = w->n_urls;
}

/* ---- the walk --------------------------------------------------------------------------- */

static void S_pages_prepare(S_walk *w)
{
    const pd_page_map *m = w->map;
    if (!m || !m->n)
        return;
    w->placed = pd_xcalloc(m->n, sizeof *w->placed);
    w->refs = pd_xmalloc(m->n * sizeof *w->refs);
    w->first_body = m->n;
    for (size_t i = 0; i < m->n; i++) {
        if (!m->starts[i].block)
            continue;
        if (w->first_body == m->n)
            w->first_body = i;
        w->refs[w->n_refs++] = (page_ref){m->starts[i].block, m->starts[i].char_offset, i};
    }
    qsort(w->refs, w->n_refs, sizeof *w->refs, S_cmp_ref);
}

/* Pages whose start was never met (a stale map, or blank pages after the last text) are put at
 * the end, so the page-list still has every page of the print edition. */
static void S_pages_leftover(S_walk *w)
{
    if (!w->placed)
        return;
    for (size_t i = 0; i < w->map->n; i++) {
        if (w->placed[i].href)
            continue;
        if (w->map->starts[i].block)
            pd_warning(w->d, w->doc->path, 0, 0,
                       "print page %d: where it begins was not found in the text; its "
                       "page-break marker is put at the end",
                       w->map->starts[i].page);
        S_marker(w, i, 0);
    }
}

static void S_pages_finish(S_walk *w)
{
    if (!w->placed)
        return;
    pd_epub_content *c = w->c;
    c->pages = w->placed;
    c->n_pages = w->map->n;
    c->total_pages = w->map->total_pages ? w->map->total_pages : (int)w->map->n;
    w->placed = NULL;
}

int pd_epub_content_build(const pd_document *doc, const pd_page_map *pages, pd_epub_content *out,
                          pd_diags *d)
{
    memset(out, 0, sizeof *out);
    S_walk w = {0};
    w.doc = doc;
    w.labels = pd_labels_for(doc->meta.lang);
    w.d = d;
    w.c = out;
    w.map = pages;
    /* Spine document 0 is the title page; it is finished last (see S_title_page_finish). */
    out->docs = pd_xcalloc(1, sizeof *out->docs);
    out->n_docs = 1;
    S_pages_prepare(&w);
    S_title_page_begin(&w);

    cmark_iter *it = cmark_iter_new(doc->root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER)
            S_enter(&w, n, it);
        else
            S_exit(&w, n);
    }
    cmark_iter_free(it);

    S_pages_leftover(&w);
    S_chapter_finish(&w);
    S_notes(&w);
    S_title_page_finish(&w);
    S_pages_finish(&w);

    for (size_t i = 0; i < w.n_urls; i++) {
        free(w.urls[i]);
        free(w.url_refs[i]);
    }
    free(w.urls);
    free(w.url_refs);
    free(w.url_live);
    free(w.refs);
    free(w.lists);
    pd_buf_free(&w.out);
    free(w.href);
    free(w.title);
    if (w.failed) {
        pd_epub_content_free(out);
        return -1;
    }
    return 0;
}

void pd_epub_content_free(pd_epub_content *c)
{
    for (size_t i = 0; i < c->n_docs; i++) {
        free(c->docs[i].href);
        free(c->docs[i].id);
        free(c->docs[i].title);
        free(c->docs[i].xhtml);
    }
    for (size_t i = 0; i < c->n_headings; i++) {
        free(c->headings[i].text);
        free(c->headings[i].href);
    }
    for (size_t i = 0; i < c->n_pages; i++) {
        free(c->pages[i].label);
        free(c->pages[i].href);
    }
    for (size_t i = 0; i < c->n_images; i++) {
        free(c->images[i].href);
        free(c->images[i].id);
        free(c->images[i].data);
        free(c->images[i].realpath);
    }
    free(c->docs);
    free(c->headings);
    free(c->pages);
    free(c->images);
    free(c->body_start_href);
    memset(c, 0, sizeof *c);
}
