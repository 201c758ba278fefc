#include "pdf_emit.h"
#include "job.h"
#include "labels.h"
#include "pdf_font.h"
#include "pdf_image.h"
#include "pdf_meta.h"
#include "pdf_obj.h"
#include "pdf_tags.h"

#include <hpdf_doc.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifndef POLIDOC_VERSION
#define POLIDOC_VERSION "unknown"
#endif

/* What the content of a box belongs to: an element (>= 0) or one of these. */
enum { S_MARK_NONE = INT_MIN, S_MARK_PAGINATION = -1, S_MARK_LAYOUT = -2 };

typedef struct {
    const char *path;
    HPDF_Image image;
} S_cached_image;

typedef struct {
    HPDF_Doc pdf;
    const pd_document *doc;
    const pd_layout *L;
    const pd_fontset *fonts;
    const pd_pdf_emit_options *opt;
    const char *file;
    pd_diags *d;
    pd_pdf_tags *tags;
    pd_pdf_font *fonts_by_face[PD_FACE_COUNT];
    pd_pdf_font *loaded[PD_FACE_COUNT]; /* distinct files, in order of first use */
    size_t n_loaded;
    HPDF_Page *pages;
    int *tag_of; /* layout element -> tag element, or -1 when drawn as an artifact */
    S_cached_image *images;
    size_t n_images, cap_images;
    /* drawing state of the current page */
    HPDF_Page page;
    int page_index;
    size_t box_index;
    int joining; /* element whose broken word (at a line end) continues in its next box, or -1 */
    int silent_elem;        /* S_hyphen_join: boxes of this element that read as nothing, */
    int silent_boxes;       /* how many, */
    const pd_box *tail_box; /* and the box that begins with the rest of the word, */
    size_t tail_len;        /* that rest's length in bytes */
    int mark;
    int in_text;
    HPDF_Font font;
    double size;
    uint32_t colour;
    int have_colour;
} S_emit;

static int S_bad_layout(S_emit *e, const char *what, long index)
{
    return pd_error(e->d, e->file, 0, 0, "PDF: inconsistent layout: %s %ld", what, index);
}

/* ---- fonts ------------------------------------------------------------------------------ */

static pd_pdf_font *S_font(S_emit *e, pd_face face)
{
    if (e->fonts_by_face[face])
        return e->fonts_by_face[face];
    const char *path = pd_fontset_path(e->fonts, face);
    for (size_t i = 0; i < e->n_loaded; i++)
        if (!strcmp(pd_pdf_font_path(e->loaded[i]), path))
            return e->fonts_by_face[face] = e->loaded[i];
    pd_pdf_font *f = pd_pdf_font_new(path);
    e->loaded[e->n_loaded++] = f;
    return e->fonts_by_face[face] = f;
}

/* Checks every box against the tables and records the characters each font will draw (the
 * subset tags are derived from them), then loads the fonts that are used. */
static int S_prepare_boxes(S_emit *e)
{
    const pd_layout *L = e->L;
    if (!L->n_pages)
        return S_bad_layout(e, "no pages:", 0);
    for (size_t p = 0; p < L->n_pages; p++) {
        for (size_t b = 0; b < L->pages[p].n_boxes; b++) {
            const pd_box *box = &L->pages[p].boxes[b];
            if (box->elem >= (int)L->n_elems || box->elem < -1)
                return S_bad_layout(e, "box element", box->elem);
            if (box->link >= (int)L->n_links || box->link < -1)
                return S_bad_layout(e, "box link", box->link);
            if (box->kind == PD_BOX_TEXT) {
                if ((unsigned)box->face >= PD_FACE_COUNT || !box->text)
                    return S_bad_layout(e, "text box on page", (long)p + 1);
                char *tmp;
                const char *s = pd_pdf_font_drawable(box->text, &tmp);
                pd_pdf_font_use(S_font(e, box->face), s);
                pd_pdf_font_use(S_font(e, box->face), " "); /* S_needs_space may add one */
                free(tmp);
            } else if (box->kind == PD_BOX_IMAGE && !box->image_path) {
                return S_bad_layout(e, "image box without a file on page", (long)p + 1);
            }
        }
    }
    for (size_t i = 0; i < e->n_loaded; i++)
        if (pd_pdf_font_load(e->loaded[i], e->pdf, e->d) < 0)
            return -1;
    return 0;
}

/* ---- structure -------------------------------------------------------------------------- */

static int S_decorative(const pd_element *el)
{
    return !strcmp(el->type, "Figure") && (!el->alt || !*el->alt);
}

static int S_make_elements(S_emit *e)
{
    const pd_layout *L = e->L;
    e->tag_of = pd_xmalloc((L->n_elems ? L->n_elems : 1) * sizeof *e->tag_of);
    int heading = 0; /* level of the last heading tagged */
    for (size_t i = 0; i < L->n_elems; i++) {
        const pd_element *el = &L->elems[i];
        if (el->parent >= (int)i || el->parent < -1 || !el->type)
            return S_bad_layout(e, "element parent", (long)i);
        int parent = el->parent < 0 ? -1 : e->tag_of[el->parent];
        if ((el->parent >= 0 && parent < 0) || S_decorative(el)) {
            e->tag_of[i] = -1; /* a decorative figure and anything inside it: artifacts */
            continue;
        }
        /* PDF/UA forbids skipped heading levels (H3 then H5): a heading deeper than one below
         * the previous heading is tagged one below it (`polidoc check` reports the source). */
        const char *type = el->type;
        char level[3] = "H0";
        if (type[0] == 'H' && type[1] >= '1' && type[1] <= '6' && !type[2]) {
            int n = type[1] - '0';
            heading = n > heading + 1 ? heading + 1 : n;
            level[1] = (char)('0' + heading);
            type = level;
        }
        int id = pd_pdf_tags_element(e->tags, parent, type);
        if (id < 0)
            return -1;
        e->tag_of[i] = id;
        if (el->alt && *el->alt)
            pd_pdf_tags_set_alt(e->tags, id, el->alt);
        if (el->lang && *el->lang)
            pd_pdf_tags_set_lang(e->tags, id, el->lang);
        if (el->numbering == PD_NUMBERING_DECIMAL)
            pd_pdf_tags_set_list_numbering(e->tags, id, "Decimal");
        else if (el->numbering == PD_NUMBERING_DISC)
            pd_pdf_tags_set_list_numbering(e->tags, id, "Disc");
        if (!strcmp(el->type, "Figure"))
            pd_pdf_tags_set_bbox(e->tags, id, el->bbox[0], el->bbox[1], el->bbox[2], el->bbox[3]);
    }
    return 0;
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void S_text_end(S_emit *e)
{
    if (e->in_text) {
        HPDF_Page_EndText(e->page);
        e->in_text = 0;
    }
}

static int S_mark_of(const S_emit *e, const pd_box *box)
{
    if (box->elem >= 0 && e->tag_of[box->elem] >= 0)
        return box->elem;
    return box->artifact == PD_ARTIFACT_PAGINATION ? S_MARK_PAGINATION : S_MARK_LAYOUT;
}

/* Closes the open marked-content sequence and opens the one box belongs to, if they differ:
 * consecutive boxes of one element share a sequence (one MCID). */
static int S_mark(S_emit *e, int mark)
{
    if (mark == e->mark)
        return 0;
    S_text_end(e);
    if (e->mark != S_MARK_NONE && pd_pdf_tags_end(e->tags) < 0)
        return -1;
    e->mark = mark;
    if (mark == S_MARK_NONE)
        return 0;
    if (mark >= 0)
        return pd_pdf_tags_begin(e->tags, e->tag_of[mark]);
    return pd_pdf_tags_begin_artifact(
        e->tags, mark == S_MARK_PAGINATION ? PD_PDF_ARTIFACT_PAGINATION : PD_PDF_ARTIFACT_LAYOUT);
}

static void S_fill(S_emit *e, uint32_t rgb)
{
    if (e->have_colour && e->colour == rgb)
        return;
    HPDF_Page_SetRGBFill(e->page, (HPDF_REAL)((rgb >> 16) & 0xFF) / 255.0f,
                         (HPDF_REAL)((rgb >> 8) & 0xFF) / 255.0f, (HPDF_REAL)(rgb & 0xFF) / 255.0f);
    e->colour = rgb;
    e->have_colour = 1;
}

static void S_show(S_emit *e, const pd_box *box, double x, const char *s)
{
    if (!e->in_text) {
        HPDF_Page_BeginText(e->page);
        e->in_text = 1;
    }
    pd_pdf_font *pf = S_font(e, box->face);
    pd_pdf_font_use(pf, s); /* whatever is drawn must be in the ToUnicode CMap */
    HPDF_Font font = pd_pdf_font_handle(pf);
    if (font != e->font || box->size != e->size) {
        HPDF_Page_SetFontAndSize(e->page, font, (HPDF_REAL)box->size);
        e->font = font;
        e->size = box->size;
    }
    S_fill(e, box->colour);
    HPDF_Page_TextOut(e->page, (HPDF_REAL)x, (HPDF_REAL)box->y, s);
}

/* The text of the box at (page, box) and of the boxes its broken word continues in. */
static char *S_joined_text(const S_emit *e, size_t page, size_t box)
{
    const pd_layout *L = e->L;
    const pd_box *first = &L->pages[page].boxes[box];
    pd_buf b = {0};
    pd_buf_puts(&b, first->text);
    unsigned more = first->flags & PD_TEXT_JOIN_NEXT;
    for (size_t p = page; p < L->n_pages && more; p++) {
        for (size_t i = p == page ? box + 1 : 0; i < L->pages[p].n_boxes && more; i++) {
            const pd_box *x = &L->pages[p].boxes[i];
            if (x->kind != PD_BOX_TEXT || x->elem != first->elem)
                continue;
            pd_buf_puts(&b, x->text);
            more = x->flags & PD_TEXT_JOIN_NEXT;
        }
    }
    return pd_buf_detach(&b, NULL);
}

/* The next text box after (page, box) in reading order that is real content, or NULL; its
 * position in *next_page, *next_box. */
static const pd_box *S_next_content_text(const S_emit *e, size_t page, size_t box,
                                         size_t *next_page, size_t *next_box)
{
    const pd_layout *L = e->L;
    for (size_t p = page; p < L->n_pages; p++) {
        for (size_t i = p == page ? box + 1 : 0; i < L->pages[p].n_boxes; i++) {
            const pd_box *x = &L->pages[p].boxes[i];
            if (x->kind == PD_BOX_TEXT && x->elem >= 0 && e->tag_of[x->elem] >= 0) {
                *next_page = p;
                *next_box = i;
                return x;
            }
        }
    }
    return NULL;
}

/* Whether a space must follow the box's text for the words to stay apart in the extracted
 * text: layout ends a line's last word without its space, and leaves a gap rather than a
 * space between a contents entry and its page number. The space glyph is drawn after the text,
 * invisible, so that every reader of the content (screen readers walking the structure tree,
 * pdftotext, copy and paste) sees the words apart. */
static int S_needs_space(const S_emit *e, const pd_box *box, const char *s, size_t n)
{
    if (!n || s[n - 1] == ' ' || (box->flags & (PD_TEXT_HYPHEN | PD_TEXT_JOIN_NEXT)))
        return 0;
    size_t np, ni;
    const pd_box *next = S_next_content_text(e, (size_t)e->page_index, e->box_index, &np, &ni);
    if (!next || !next->text[0] || next->text[0] == ' ')
        return 0;
    if (np != (size_t)e->page_index || next->y != box->y)
        return 1;                                       /* a new line */
    return next->x > box->x + box->w + 0.5 * box->size; /* a gap on the same line */
}

/* Draws s as a marked-content sequence of its own for the box's element, reading as actual
 * (/ActualText), then reopens the element's plain sequence for what follows. */
static int S_show_as(S_emit *e, const pd_box *box, double x, const char *s, const char *actual)
{
    if (S_mark(e, S_MARK_NONE) < 0 ||
        pd_pdf_tags_begin_actual_text(e->tags, e->tag_of[box->elem], actual) < 0)
        return -1;
    S_show(e, box, x, s);
    S_text_end(e);
    if (pd_pdf_tags_end(e->tags) < 0)
        return -1;
    return S_mark(e, box->elem);
}

/* A hyphenated word that no reader could join from its pieces: one hyphenated again on its
 * next line (broken over three or more lines), or one whose halves the running footer and
 * header separate (broken over a page). Its first fragment then reads as the whole word through
 * ActualText, and the rest (whole middle fragments, the start of the last line) as nothing.
 * head is the first fragment without its hyphen. Returns 1 having set *whole (caller frees) and
 * the fragments to silence; 0 when a soft hyphen is enough. */
static int S_hyphen_join(S_emit *e, const pd_box *box, const char *head, char **whole)
{
    size_t page = (size_t)e->page_index, idx = e->box_index, np, ni;
    int middles = 0, cross = 0;
    pd_buf w = {0};
    pd_buf_puts(&w, head);
    for (;;) {
        const pd_box *next = S_next_content_text(e, page, idx, &np, &ni);
        if (!next || next->elem != box->elem)
            break;
        cross |= np != page;
        size_t len = strlen(next->text), word = strcspn(next->text, " ");
        if ((next->flags & PD_TEXT_HYPHEN) && word == len && len > 1) {
            pd_buf_put(&w, next->text, len - 1); /* a middle fragment, hyphenated again */
            middles++;
            page = np;
            idx = ni;
            continue;
        }
        if (!middles && !cross)
            break;
        pd_buf_put(&w, next->text, word);
        e->silent_elem = box->elem;
        e->silent_boxes = middles;
        e->tail_box = next;
        e->tail_len = word;
        *whole = pd_buf_detach(&w, NULL);
        return 1;
    }
    pd_buf_free(&w);
    return 0;
}

static int S_draw_text(S_emit *e, const pd_box *box)
{
    char *tmp, *spaced = NULL;
    const char *s = pd_pdf_font_drawable(box->text, &tmp);
    size_t n = strlen(s);
    int rc = 0;
    int tagged = S_mark_of(e, box) >= 0;
    unsigned joins = box->flags & PD_TEXT_JOIN_NEXT;
    int continues = e->joining >= 0 && e->joining == box->elem;
    size_t tail = 0;
    if (e->tail_box == box) {
        tail = e->tail_len;
        e->tail_box = NULL;
    }
    if (tagged && !joins && !continues && S_needs_space(e, box, s, n)) {
        s = spaced = pd_asprintf("%s ", s);
        n++;
    }
    if (!n) {
        /* nothing to draw */
    } else if (tagged && e->silent_boxes > 0 && box->elem == e->silent_elem) {
        e->silent_boxes--; /* the middle of a word read whole from its first fragment */
        rc = S_show_as(e, box, box->x, s, "");
    } else if (tagged && (joins || continues)) {
        /* A word broken at a line end without a hyphen (a long URL): the first fragment reads
         * as the whole word, the rest as nothing, so extraction and screen readers get it
         * whole. */
        char *whole = continues ? NULL : S_joined_text(e, (size_t)e->page_index, e->box_index);
        rc = S_show_as(e, box, box->x, s, whole ? whole : "");
        free(whole);
    } else if (tagged && (box->flags & PD_TEXT_HYPHEN) && s[n - 1] == '-') {
        char *head = pd_xstrndup(s, n - 1), *whole = NULL;
        if (S_hyphen_join(e, box, head, &whole)) {
            rc = S_show_as(e, box, box->x, s, whole);
        } else {
            /* The hyphen is not in the source: it reads as a soft hyphen (ActualText
             * U+00AD), so that text extraction and screen readers join the word again. */
            if (*head)
                S_show(e, box, box->x, head);
            double w = pd_fontset_width(e->fonts, box->face, box->size, head, n - 1);
            rc = S_show_as(e, box, box->x + w, "-", "\xC2\xAD");
        }
        free(whole);
        free(head);
    } else if (tagged && tail) {
        /* The end of a word read whole from its first fragment (see S_hyphen_join). */
        char *word = pd_xstrndup(s, tail < n ? tail : n);
        rc = S_show_as(e, box, box->x, word, "");
        if (rc == 0 && tail < n) /* reopened by S_show_as */
            S_show(e, box, box->x + pd_fontset_width(e->fonts, box->face, box->size, word, tail),
                   s + tail);
        free(word);
    } else {
        S_show(e, box, box->x, s);
    }
    if (tagged)
        e->joining = joins ? box->elem : -1;
    free(spaced);
    free(tmp);
    return rc;
}

static HPDF_Image S_image(S_emit *e, const pd_box *box)
{
    for (size_t i = 0; i < e->n_images; i++)
        if (!strcmp(e->images[i].path, box->image_path))
            return e->images[i].image;
    HPDF_Image img = pd_pdf_image_load(
        e->pdf, box->image_path,
        box->image_type == PD_IMAGE_JPEG ? PD_PDF_IMAGE_JPEG : PD_PDF_IMAGE_PNG, e->d);
    if (!img)
        return NULL;
    if (e->n_images == e->cap_images) {
        e->cap_images = e->cap_images ? 2 * e->cap_images : 4;
        e->images = pd_xrealloc(e->images, e->cap_images * sizeof *e->images);
    }
    e->images[e->n_images++] = (S_cached_image){box->image_path, img};
    return img;
}

static int S_draw_box(S_emit *e, const pd_box *box)
{
    if (S_mark(e, S_mark_of(e, box)) < 0)
        return -1;
    switch (box->kind) {
    case PD_BOX_TEXT:
        return S_draw_text(e, box);
    case PD_BOX_RULE:
        S_text_end(e);
        S_fill(e, box->colour);
        HPDF_Page_Rectangle(e->page, (HPDF_REAL)box->x, (HPDF_REAL)box->y, (HPDF_REAL)box->w,
                            (HPDF_REAL)box->h);
        HPDF_Page_Fill(e->page);
        return 0;
    case PD_BOX_IMAGE: {
        S_text_end(e);
        HPDF_Image img = S_image(e, box);
        if (!img)
            return -1;
        HPDF_Page_DrawImage(e->page, img, (HPDF_REAL)box->x, (HPDF_REAL)box->y, (HPDF_REAL)box->w,
                            (HPDF_REAL)box->h);
        return 0;
    }
    }
    return S_bad_layout(e, "box kind", (long)box->kind);
}

/* ---- links and bookmarks ---------------------------------------------------------------- */

/* A URI must be 7-bit ASCII (ISO 32000-1 12.6.4.7): percent-encode anything else. */
static char *S_uri(const char *uri)
{
    pd_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F)
            pd_buf_printf(&b, "%%%02X", *p);
        else
            pd_buf_putc(&b, (char)*p);
    }
    return pd_buf_detach(&b, NULL);
}

/* [page /XYZ 0 y null]: the top of the target at the reader's current zoom. libharu's
 * HPDF_Destination_SetXYZ refuses the null (zoom 0) that means "keep the zoom". */
static HPDF_Destination S_dest(S_emit *e, int page, double y)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(e->pages[page]);
    if (!dst)
        return NULL;
    HPDF_Array_Clear(dst);
    HPDF_Array_Add(dst, e->pages[page]);
    HPDF_Array_AddName(dst, "XYZ");
    HPDF_Array_AddReal(dst, 0);
    HPDF_Array_AddReal(dst, (HPDF_REAL)y);
    HPDF_Array_Add(dst, HPDF_Null_New(e->pdf->mmgr));
    return dst;
}

static int S_annotations(S_emit *e, int page_index)
{
    const pd_layout *L = e->L;
    for (size_t i = 0; i < L->n_links; i++) {
        const pd_link *ln = &L->links[i];
        /* An annotation outside the structure would break PDF/UA: only tagged links are live. */
        if (ln->elem < 0 || ln->elem >= (int)L->n_elems || e->tag_of[ln->elem] < 0)
            continue;
        for (size_t r = 0; r < ln->n_rects; r++) {
            const pd_link_rect *rc = &ln->rects[r];
            if (rc->page != page_index)
                continue;
            HPDF_Rect rect = {(HPDF_REAL)rc->x0, (HPDF_REAL)rc->y0, (HPDF_REAL)rc->x1,
                              (HPDF_REAL)rc->y1};
            HPDF_Annotation a;
            if (ln->uri) {
                char *uri = S_uri(ln->uri);
                a = HPDF_Page_CreateURILinkAnnot(e->page, rect, uri);
                free(uri);
            } else {
                if (ln->dest_page < 0 || (size_t)ln->dest_page >= L->n_pages)
                    return S_bad_layout(e, "link destination page", ln->dest_page);
                HPDF_Destination dst = S_dest(e, ln->dest_page, ln->dest_y);
                a = dst ? HPDF_Page_CreateLinkAnnot(e->page, rect, dst) : NULL;
            }
            if (!a)
                return pd_pdf_check(e->pdf, e->file, "making a link annotation", e->d) < 0
                           ? -1
                           : S_bad_layout(e, "link", (long)i);
            HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
            HPDF_Dict_AddNumber(a, "F", 4); /* Print: PDF/A wants annotations printable */
            HPDF_Dict_Add(a, "Contents", pd_pdf_text_string(e->pdf, ln->text ? ln->text : ""));
            if (pd_pdf_tags_annotation(e->tags, e->tag_of[ln->elem], a) < 0)
                return -1;
        }
    }
    return 0;
}

static int S_outline(S_emit *e)
{
    const pd_layout *L = e->L;
    HPDF_Outline parents[8] = {0};
    for (size_t i = 0; i < L->n_outline; i++) {
        const pd_outline_entry *o = &L->outline[i];
        if (o->page < 0 || (size_t)o->page >= L->n_pages)
            return S_bad_layout(e, "bookmark page", o->page);
        int level = o->level < 1 ? 1 : o->level > 6 ? 6 : o->level;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        /* libharu writes the title through its encoder; ours is a proper text string. */
        HPDF_Outline item = HPDF_CreateOutline(e->pdf, parent, "", NULL);
        if (!item)
            return pd_pdf_check(e->pdf, e->file, "making bookmarks", e->d);
        HPDF_Dict_Add(item, "Title", pd_pdf_text_string(e->pdf, o->title ? o->title : ""));
        /* libharu marks items /Type /Outlines, which only the outline root may have. */
        if (HPDF_Dict_GetItem(item, "Type", HPDF_OCLASS_NAME))
            HPDF_Dict_RemoveElement(item, "Type");
        HPDF_Destination dst = S_dest(e, o->page, o->y);
        if (dst)
            HPDF_Outline_SetDestination(item, dst);
        HPDF_Outline_SetOpened(item, e->opt->open_outline ? HPDF_TRUE : HPDF_FALSE);
        parents[level] = item;
        for (int l = level + 1; l < 8; l++)
            parents[l] = NULL;
    }
    if (L->n_outline && e->opt->open_outline)
        HPDF_SetPageMode(e->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return pd_pdf_check(e->pdf, e->file, "making bookmarks", e->d);
}

/* ---- document --------------------------------------------------------------------------- */

static int S_pages(S_emit *e)
{
    const pd_layout *L = e->L;
    e->pages = pd_xcalloc(L->n_pages ? L->n_pages : 1, sizeof *e->pages);
    /* All pages first: links and bookmarks may point forward. */
    for (size_t p = 0; p < L->n_pages; p++) {
        e->pages[p] = HPDF_AddPage(e->pdf);
        if (!e->pages[p])
            return pd_pdf_check(e->pdf, e->file, "adding a page", e->d);
        HPDF_Page_SetWidth(e->pages[p], (HPDF_REAL)L->pages[p].width);
        HPDF_Page_SetHeight(e->pages[p], (HPDF_REAL)L->pages[p].height);
    }
    for (size_t p = 0; p < L->n_pages; p++) {
        e->page = e->pages[p];
        e->page_index = (int)p;
        e->mark = S_MARK_NONE;
        e->in_text = 0;
        e->font = NULL;
        e->size = 0;
        e->have_colour = 0;
        if (pd_pdf_tags_page(e->tags, e->page) < 0)
            return -1;
        for (size_t b = 0; b < L->pages[p].n_boxes; b++) {
            e->box_index = b;
            if (S_draw_box(e, &L->pages[p].boxes[b]) < 0)
                return -1;
        }
        if (S_mark(e, S_MARK_NONE) < 0 || S_annotations(e, (int)p) < 0)
            return -1;
        if (pd_pdf_check(e->pdf, e->file, "drawing a page", e->d) < 0)
            return -1;
    }
    return 0;
}

static int S_metadata(S_emit *e)
{
    /* The /ID seed: everything the bytes of the file depend on that is not in the layout. */
    pd_buf seed = {0};
    pd_buf_printf(&seed, "polidoc %s\n%s\n%zu pages\n", POLIDOC_VERSION, e->opt->edition,
                  e->L->n_pages);
    pd_buf_put(&seed, e->doc->text, e->doc->text_len);
    pd_pdf_meta m = {
        .meta = &e->doc->meta,
        .pdfa_part = e->opt->pdfa_part,
        .producer = "polidoc " POLIDOC_VERSION,
        .icc_path = e->opt->icc_path,
        .id_seed = seed.data,
        .id_seed_len = seed.len,
    };
    int rc = pd_pdf_meta_write(e->pdf, &m, e->file, e->d);
    pd_buf_free(&seed);
    if (rc < 0)
        return -1;
    if (pd_pdf_meta_page_labels(e->pdf, e->L->label_ranges, e->L->n_label_ranges, e->file, e->d) <
        0)
        return -1;
    if (e->opt->embed_source) {
        char *src = NULL;
        size_t len = 0;
        if (pd_read_file(e->doc->path, &src, &len) < 0)
            return pd_error(e->d, e->file, 0, 0, "cannot read the source to embed it");
        char *name = pd_asprintf("%s.md", e->doc->slug);
        rc = pd_pdf_meta_embed_source(e->pdf, name, "text/markdown", src, len, e->doc->meta.date,
                                      "Canonical source (Markdown)", e->file, e->d);
        free(name);
        free(src);
    }
    return rc;
}

static int S_save(S_emit *e, pd_buf *out)
{
    if (HPDF_SaveToStream(e->pdf) != HPDF_OK)
        return pd_pdf_check(e->pdf, e->file, "writing the file", e->d);
    HPDF_UINT32 size = HPDF_GetStreamSize(e->pdf);
    /* The exact size: doubling would hold up to twice a large PDF in memory. */
    pd_buf_reserve(out, size);
    HPDF_ResetStream(e->pdf);
    for (;;) {
        if (out->cap - out->len - 1 == 0)
            pd_buf_grow(out, 65536);
        HPDF_UINT32 n = (HPDF_UINT32)(out->cap - out->len - 1);
        HPDF_STATUS st = HPDF_ReadFromStream(e->pdf, (HPDF_BYTE *)out->data + out->len, &n);
        out->len += n;
        if (st == HPDF_STREAM_EOF || (st == HPDF_OK && n == 0))
            break;
        if (st != HPDF_OK)
            return pd_pdf_check(e->pdf, e->file, "reading the file back", e->d);
    }
    out->data[out->len] = '\0';
    return 0;
}

int pd_pdf_emit(const pd_document *doc, const pd_layout *layout, const pd_fontset *fonts,
                const pd_pdf_emit_options *opt, pd_buf *out, pd_diags *d)
{
    S_emit e = {0};
    e.doc = doc;
    e.L = layout;
    e.fonts = fonts;
    e.opt = opt;
    e.file = doc->path;
    e.d = d;
    e.joining = -1;
    e.silent_elem = -1;
    int rc = -1;
    size_t start = out->len;
    e.pdf = HPDF_New(NULL, NULL);
    if (!e.pdf)
        return pd_error(d, e.file, 0, 0, "PDF: libharu cannot make a document");
    e.tags = pd_pdf_tags_new(e.pdf, e.file, d);
    if (HPDF_UseUTFEncodings(e.pdf) != HPDF_OK ||
        HPDF_SetCompressionMode(e.pdf, HPDF_COMP_ALL) != HPDF_OK) {
        pd_pdf_check(e.pdf, e.file, "setting up the document", d);
        goto done;
    }
    if (S_prepare_boxes(&e) < 0 || S_make_elements(&e) < 0 || S_pages(&e) < 0 ||
        S_outline(&e) < 0 || S_metadata(&e) < 0 || pd_pdf_tags_finish(e.tags) < 0)
        goto done;
    for (size_t i = 0; i < e.n_loaded; i++)
        if (pd_pdf_font_finish(e.loaded[i], d) < 0)
            goto done;
    rc = S_save(&e, out);
done:
    if (rc < 0)
        out->len = start;
    for (size_t i = 0; i < e.n_loaded; i++)
        pd_pdf_font_free(e.loaded[i]);
    pd_pdf_tags_free(e.tags);
    free(e.pages);
    free(e.tag_of);
    free(e.images);
    HPDF_Free(e.pdf);
    return rc;
}

/* ---- formats ---------------------------------------------------------------------------- */

static int S_format(pd_job *job, pd_buf *out, const pd_pdf_emit_options *opt, int digital)
{
    const pd_fontset *fonts = pd_job_fonts(job);
    if (!fonts)
        return -1;
    if (!digital) {
        const pd_layout *L = pd_job_print_layout(job);
        return L ? pd_pdf_emit(job->doc, L, fonts, opt, out, job->diags) : -1;
    }
    pd_layout_options lo;
    /* Through the job, so the hyphenation patterns loaded for the print layout are reused. */
    if (pd_job_layout_options(job, PD_EDITION_DIGITAL, &lo) < 0)
        return -1;
    pd_layout *L = NULL;
    if (pd_layout_run(job->doc, fonts, &lo, &L, job->diags) < 0)
        return -1;
    int rc = pd_pdf_emit(job->doc, L, fonts, opt, out, job->diags);
    pd_layout_free(L);
    return rc;
}

int pd_format_pdf(pd_job *job, pd_buf *out)
{
    const pd_pdf_emit_options opt = {2, "pdf", 1, 0, NULL};
    return S_format(job, out, &opt, 1);
}

int pd_format_print(pd_job *job, pd_buf *out)
{
    const pd_pdf_emit_options opt = {2, "print", 0, 0, NULL};
    return S_format(job, out, &opt, 0);
}

int pd_format_archive(pd_job *job, pd_buf *out)
{
    const pd_pdf_emit_options opt = {3, "archive", 0, 1, NULL};
    return S_format(job, out, &opt, 0);
}
