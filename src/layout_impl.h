#ifndef POLIDOC_LAYOUT_IMPL_H
#define POLIDOC_LAYOUT_IMPL_H

/* Internals shared by the layout modules, not part of the public interface:
 *   layout_arena.c      string and array storage owned by a pd_layout
 *   layout_inline.c     inline content → Knuth–Plass items (boxes, glue, penalties)
 *   layout_paragraph.c  total-fit line breaking and building line boxes
 *   layout_blocks.c     the AST's blocks → a vertical list of lines and spaces, elements, links
 *   layout_image.c      image files: confinement to the source folder, size, validation
 *   layout_pages.c      the vertical list → pages (widows, orphans, keeps)
 *   layout_furniture.c  title page, contents, running header and footer
 *   layout.c            options, pd_layout_run, the job cache
 *
 * The body is laid out once at a fixed measure with x relative to the body's left edge; only
 * when pages are assembled are boxes moved to their page's (possibly mirrored) margins. */

#include "layout.h"
#include "util.h"

#include <stdbool.h>

/* ---- arena ---------------------------------------------------------------------------------- */

typedef struct pd_layout_arena pd_layout_arena;
pd_layout_arena *pd_arena_new(void);
void pd_arena_free(pd_layout_arena *a);
void *pd_arena_alloc(pd_layout_arena *a, size_t n);
const char *pd_arena_strndup(pd_layout_arena *a, const char *s, size_t n);
const char *pd_arena_strdup(pd_layout_arena *a, const char *s);

/* A growable array of fixed-size elements (S_push-style), for internal lists. */
typedef struct {
    void *data;
    size_t len, cap, size;
} pd_vec;
void *pd_vec_push(pd_vec *v); /* returns the new zeroed element; may move data */
void pd_vec_free(pd_vec *v);
#define PD_VEC(type) ((pd_vec){NULL, 0, 0, sizeof(type)})
#define PD_AT(v, type, i) (((type *)(v).data)[i])

/* ---- typographic parameters ----------------------------------------------------------------- */

typedef struct {
    double size;         /* body text size */
    double leading;      /* body baseline-to-baseline distance */
    double parskip;      /* space between paragraphs */
    double measure;      /* body width */
    double body_h;       /* body height */
    double list_indent;  /* hanging indent per list level */
    double quote_indent; /* indent per block quote level */
    double code_size;
    double code_leading;
    double code_pad;     /* inset of code text inside its shaded band */
    double head_size[6]; /* Markdown heading levels 1..6 */
    double foot_size;    /* running header/footer */
} pd_metrics;

/* ---- inline items (Knuth–Plass) ------------------------------------------------------------- */

typedef struct {
    pd_face face;
    double size;
    uint32_t colour;
    int link;       /* link table index or -1 */
    int elem;       /* element the text belongs to */
    unsigned flags; /* PD_TEXT_* (superscript, underline) */
    double rise;    /* baseline shift upwards */
} pd_style;

typedef enum { PD_IT_BOX, PD_IT_GLUE, PD_IT_PENALTY } pd_item_kind;

#define PD_PENALTY_INF 10000

typedef struct {
    pd_item_kind kind;
    double width, stretch, shrink;
    int penalty;     /* PD_IT_PENALTY: cost; -PD_PENALTY_INF forces a break, +INF forbids */
    bool flagged;    /* a hyphen is added when breaking here */
    bool word_end;   /* a box that ends a word */
    int style;       /* index into the paragraph's styles */
    size_t off, len; /* PD_IT_BOX: the text in the paragraph's text buffer */
    size_t src_char; /* characters of the block's plain text before this item; SIZE_MAX when the
                      * text is generated (note marks) */
} pd_item;

/* How text is broken: prose is hyphenated; URLs and code never, but may break after / . - etc. */
typedef enum { PD_TEXT_PROSE, PD_TEXT_URL, PD_TEXT_CODE, PD_TEXT_PLAIN } pd_text_kind;

typedef struct {
    const pd_fontset *fonts;
    const pd_hyphenator *hyph;
    pd_buf text;           /* every box's text */
    pd_vec items;          /* pd_item */
    pd_vec styles;         /* pd_style */
    double measure;        /* the width lines are broken to (overlong words are split to fit it) */
    size_t missing_glyphs; /* characters no face could set (replaced by "?") */
    uint32_t first_missing;
} pd_para;

void pd_para_init(pd_para *p, const pd_fontset *fonts, const pd_hyphenator *hyph, double measure);
void pd_para_free(pd_para *p);
void pd_para_clear(pd_para *p);
int pd_para_style(pd_para *p, const pd_style *s);
/* Adds text in a style: spaces become glue, words boxes (split by face where a glyph is missing
 * from the style's face, hyphenated as kind says). src_char is the plain-text character offset
 * of text[0] (SIZE_MAX for generated text). */
void pd_para_add(pd_para *p, int style, const char *text, size_t len, pd_text_kind kind,
                 size_t src_char);
/* A forced line break (Markdown hard break). */
void pd_para_break(pd_para *p);
/* Ends the paragraph: the closing glue and forced break. */
void pd_para_finish(pd_para *p);
bool pd_para_empty(const pd_para *p);

/* ---- line breaking ------------------------------------------------------------------------- */

typedef struct {
    size_t first, end; /* items [first, end) set on the line (leading glue skipped) */
    size_t brk;        /* index of the break item (glue or penalty), or items.len */
    double ratio;      /* adjustment ratio (justified lines only) */
    bool hyphen;       /* ends with an added hyphen */
} pd_line;

/* Breaks the paragraph's items into lines at most p->measure wide. Always succeeds; *lines is a
 * malloc'ed array (caller frees). */
size_t pd_break_lines(const pd_para *p, bool justify, pd_line **lines);

/* ---- vertical list --------------------------------------------------------------------------- */

/* A box before placement: x from the body's left edge; y down from the top of its vertical item
 * to the baseline (TEXT) or to the top of the rectangle (RULE, IMAGE). */
typedef struct {
    pd_box box;
} pd_rbox;

typedef enum { PD_V_LINE, PD_V_SPACE } pd_vkind;

typedef struct {
    pd_vkind kind;
    double height;
    size_t first_box, n_boxes; /* in the vertical list's boxes */
    bool no_break_after;       /* keep with the next item (widows, orphans, headings) */
    bool forced_break_after;   /* start a new page after this item */
    cmark_node *block;         /* leaf block whose text starts this line (page map), or NULL */
    size_t char_offset;
    int heading_elem; /* this line is the first line of this heading element, or -1 */
} pd_vitem;

typedef struct {
    pd_vec items; /* pd_vitem */
    pd_vec boxes; /* pd_box with relative coordinates (see pd_rbox) */
} pd_vlist;

pd_vitem *pd_vlist_item(pd_vlist *v, pd_vkind kind, double height);
pd_box *pd_vlist_box(pd_vlist *v); /* a box for the last item */
void pd_vlist_space(pd_vlist *v, double height);
void pd_vlist_free(pd_vlist *v);

/* ---- the engine's state ------------------------------------------------------------------- */

typedef struct {
    const pd_document *doc;
    const pd_fontset *fonts;
    const pd_layout_options *opt;
    const pd_hyphenator *hyph;
    pd_diags *d;
    pd_metrics m;
    pd_layout_arena *arena;
    pd_vec elems;   /* pd_element */
    pd_vec links;   /* pd_link */
    pd_vec rects;   /* per link: pd_vec of pd_link_rect, index-aligned with links */
    pd_vec outline; /* pd_outline_entry */
    pd_vec notes;   /* const char * URLs, numbered in first-reference order */
    pd_vlist body;
    int sect; /* the open Sect element, or -1 */
    bool warned_depth;
    pd_vec pending; /* pd_box: list labels waiting for the next line (y = 0 is its baseline) */
    pd_vec bars;    /* double: x of the rule of each open block quote */
    pd_vec toc;     /* pd_toc_entry, made before the body so TOC elements precede it */
    pd_vlist title; /* the title page */
    int toc_heading, toc_elem; /* "Innhold" heading and TOC elements, or -1 */
} pd_lstate;

typedef struct {
    int level;        /* Markdown heading level */
    cmark_node *node; /* the heading */
    const char *title;
    int toci, link; /* TOCI element; link table index (digital edition) or -1 */
    int heading;    /* the heading element, once the body is laid out */
} pd_toc_entry;

/* Starts a line (or space) in v: draws the open quotes' rules over its height and places
 * pending list labels on its baseline (y down from the item's top). */
pd_vitem *pd_begin_line(pd_lstate *st, pd_vlist *v, double height, double baseline);
void pd_begin_space(pd_lstate *st, pd_vlist *v, double height);

int pd_elem_new(pd_lstate *st, const char *type, int parent, cmark_node *node);
int pd_link_new(pd_lstate *st, const char *uri, int dest_elem, const char *text, int elem);

/* Line boxes: appends one vertical item per line of p, with boxes; elem is the element
 * the lines belong to (for the page map, block/char offsets come from the items). */
typedef struct {
    double indent;  /* left edge of the text from the body's left */
    double leading; /* minimum baseline distance */
    bool justify;
    cmark_node *block;    /* leaf block for the page map, or NULL */
    bool keep_together;   /* no page break between these lines (headings, titles) */
    pd_vec *line_extents; /* optional: receives each line's width (double) */
} pd_line_opts;
void pd_set_lines(pd_lstate *st, pd_vlist *v, const pd_para *p, const pd_line *lines,
                  size_t n_lines, const pd_line_opts *lo);

/* layout_blocks.c */
int pd_layout_body(pd_lstate *st);
/* layout_image.c: resolves url against the document's folder; fills path (arena), type and
 * pixel size. Returns -1 with an error at line/column on a bad image. */
int pd_image_probe(pd_lstate *st, const char *url, int line, int column, const char **path,
                   pd_image_type *type, int *px_w, int *px_h);

/* layout_pages.c: splits a vertical list into pages of at most height. Returns the page count;
 * *ranges (caller frees; NULL when there are no pages) receives two item indices per page, first
 * and end, so page k holds items [ranges[2k], ranges[2k+1]). Spaces between pages are on none. */
size_t pd_paginate(const pd_vlist *v, double height, size_t **ranges);

/* layout_furniture.c: pd_layout_front makes the title page and the contents' elements (they
 * come first in reading order); pd_layout_assemble, after the body, paginates everything,
 * sets the contents, running headers and footers, and fills out. */
void pd_layout_front(pd_lstate *st);
int pd_layout_assemble(pd_lstate *st, pd_layout *out);

#endif
