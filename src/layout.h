#ifndef POLIDOC_LAYOUT_H
#define POLIDOC_LAYOUT_H

/* The PDF layout engine: turns a pd_document into pages of positioned boxes, knowing nothing of
 * libharu. The PDF emitter (pdf_emit.c) draws the boxes; the tagger (pdf_tags.c) builds the
 * structure tree from the element table. Because layout is pure (font metrics in, boxes out),
 * line breaking, hyphenation and pagination are unit-tested on the boxes themselves.
 *
 * Coordinates: PDF points (1/72 inch), origin at the bottom-left corner of the page, y upwards.
 *
 * Guarantees the emitter and the tagger can rely on:
 *  - every TEXT box lies inside its page's `live` rectangle (running header and footer included)
 *    and every body box inside `body`: no glyph is ever outside the text area;
 *  - a TEXT box's `w` is exactly the sum of the unkerned advances of its text in its face at its
 *    size (pd_fontset_width), so drawing the text at (x, y) with the file pd_fontset_path(face)
 *    ends at x + w;
 *  - layout never relies on word or character spacing operators: a justified line comes as one
 *    box per word, each ending in its real U+0020 space (except the line's last word), so that
 *    text extraction sees every space;
 *  - boxes within a page are in reading order; elements are numbered in reading (source) order;
 *  - every box belongs to exactly one element (elem >= 0) or is an artifact (elem == -1,
 *    artifact != PD_ARTIFACT_NONE), never both;
 *  - two runs over the same input give identical layouts (no addresses, clocks or hash order).
 *
 * Structure (issue 5): the element table is the tag tree. Element 0 is "Document". The title
 * page's title is the document's one H1; a Markdown heading of level n becomes H(n+1), capped
 * at H6 (the heading's real level is kept in `level`). Each Markdown level-1 heading opens a
 * "Sect" that holds it and everything up to the next level-1 heading. Lists are L > LI > (Lbl,
 * LBody); a nested list is a child of its item's LBody. Ordered lists have numbering
 * PD_NUMBERING_DECIMAL, bullet lists PD_NUMBERING_DISC. A paragraph that crosses a page boundary
 * is one P with boxes on both pages. Inline links are "Link" elements inside their paragraph
 * (their text boxes belong to the Link element, and the link table entry says where to put the
 * annotation). The table of contents is TOC > TOCI; in the digital edition each TOCI holds a
 * Link (to the heading) that holds the entry's boxes, in print the TOCI holds them directly.
 * Images are "Figure" with alt text and a bbox. Code blocks are "Code" (block-level, direct
 * child of their container). Link notes (opt.link_notes) are a "Sect" at the end with an H2
 * ("Lenker" from labels) and an L of the notes (Lbl "[3]", LBody holding a Link to the URL); a
 * note mark in the text (" [3]") is part of its Link element. A figure's caption ("Bilde: alt",
 * as the text edition writes it) is part of the Figure element; a Figure sits inside the P whose
 * text holds the image, between that P's boxes before and after it. Raw HTML blocks become a P of
 * their text with the tags dropped (as in the text edition). The contents page has an H2
 * ("Innhold") before its TOC; it lists Markdown levels 1 and 2 (and the link notes) and is not in
 * the outline. Thematic breaks, code shading, quote bars, link underlines and leader dots are
 * layout artifacts.
 *
 * Pages and page labels: page 1 is the title page, followed by the table of contents (when the
 * document has headings), then the body. Page labels: the title page and contents pages are
 * numbered in lower-case roman ("i", "ii" …), the body in arabic starting at 1; the running
 * footer shows "Side 3 av 12" with the arabic body number and the body page count. The title page
 * and the contents pages carry no running header or footer. In the print edition the body begins
 * on a right-hand (odd physical) page; a blank left page may be inserted (it has no boxes). */

#include "diag.h"
#include "document.h"
#include "fontset.h"
#include "hyphenate.h"
#include "labels.h"
#include <cmark.h>
#include <stddef.h>
#include <stdint.h>

struct pd_job;

/* Block nesting (lists, quotes) beyond this depth is flattened; see pd_layout_run. */
#define PD_LAYOUT_MAX_DEPTH 32

typedef enum { PD_EDITION_DIGITAL, PD_EDITION_PRINT } pd_edition;

typedef struct {
    pd_edition edition;
    double page_w, page_h; /* points: A4 595.276 x 841.890, A5 419.528 x 595.276 */
    /* Margins in points. With mirror_margins, `inner` is on the left of odd (right-hand) pages and
     * on the right of even pages, for binding; without, `inner` is always the left margin. */
    double margin_top, margin_bottom, margin_inner, margin_outer;
    int mirror_margins;
    int justify;             /* 0: ragged right (default, easier to read); 1: justified */
    int link_colour;         /* draw link text in colour and underline it (digital edition) */
    int link_notes;          /* number each link (" [3]" after its text, numbered by URL as the text
                              * edition does) and list the URLs in a "Lenker" section at the end; on
                              * in both editions by default, so every edition has the text edition's
                              * words, and paper readers, who cannot click, get the addresses */
    int toc_links;           /* TOC entries link to their headings (digital edition) */
    double font_size;        /* body text size in points (10.5 on A4, 9.5 on A5 by default) */
    const pd_labels *labels; /* NULL: the document's language's labels */
    /* Hyphenation patterns to use; NULL = load the document language's for this run (about
     * 20 ms). Borrowed, never freed by layout. */
    const pd_hyphenator *hyphenator;
} pd_layout_options;

/* Fills *opt with polidoc's defaults for an edition: digital = A4, equal margins, link colour,
 * TOC links, link notes; print = paper ("A4" or "A5", case-insensitive; NULL = "A4"), mirrored
 * margins, link notes, black links. The digital edition is always A4 (paper is ignored). Returns
 * 0, or -1 with an error for an unknown paper name. */
int pd_layout_options_init(pd_layout_options *opt, pd_edition edition, const char *paper,
                           int justify, const pd_labels *labels, pd_diags *d);

/* ---- boxes ---------------------------------------------------------------------------------- */

typedef enum { PD_BOX_TEXT, PD_BOX_RULE, PD_BOX_IMAGE } pd_box_kind;

/* Why a box is not content (PDF/UA artifacts). */
typedef enum {
    PD_ARTIFACT_NONE,       /* content: elem >= 0 */
    PD_ARTIFACT_PAGINATION, /* running header, footer, page numbers */
    PD_ARTIFACT_LAYOUT,     /* rules, link underlines, list-free decorations */
} pd_artifact;

typedef enum { PD_IMAGE_PNG, PD_IMAGE_JPEG } pd_image_type;

/* TEXT flags */
enum {
    PD_TEXT_HYPHEN = 1u << 0,    /* the text's last character is a "-" added by hyphenation or
                                  * by breaking an overlong word; it is not in the source (the
                                  * tagger may give it /ActualText "" or a soft hyphen) */
    PD_TEXT_UNDERLINE = 1u << 1, /* informational: a RULE artifact below draws the underline */
    PD_TEXT_JOIN_NEXT = 1u << 3, /* the box ends a line in the middle of a URL or code token
                                  * broken without a hyphen (a URL must not get one): the token
                                  * goes on at the start of the next line. Nothing extra is drawn;
                                  * the emitter may add an invisible soft hyphen (rendering mode
                                  * 3, ActualText U+00AD) at x + w so text extraction rejoins the
                                  * halves as it does for PD_TEXT_HYPHEN */
};

typedef struct {
    pd_box_kind kind;
    int elem;             /* element index, or -1 for an artifact */
    pd_artifact artifact; /* PD_ARTIFACT_NONE when elem >= 0 */
    int link;             /* index into the link table, or -1 */
    /* TEXT: (x, y) is the start of the baseline, w the advance width, h the font size.
     * RULE: a filled rectangle from (x, y) (bottom-left) of w x h; a hairline is h = 0.5.
     * IMAGE: the image's rectangle, (x, y) bottom-left. */
    double x, y, w, h;
    /* TEXT */
    pd_face face;
    double size;
    uint32_t colour;  /* 0xRRGGBB; also the fill colour of a RULE */
    const char *text; /* UTF-8, NUL-terminated, owned by the layout */
    unsigned flags;   /* PD_TEXT_* */
    /* IMAGE */
    const char *image_path; /* resolved path of the file (inside the document's folder) */
    pd_image_type image_type;
} pd_box;

typedef struct {
    int number; /* 1-based physical page number */
    double width, height;
    const char *label; /* page label as printed / shown by viewers: "i", "ii", "1" …; "" none */
    /* The live area (everything drawn lies inside it) and the body text area inside it (the
     * running header sits above `body`, the footer below). Each as x0, y0, x1, y1. */
    double live[4];
    double body[4];
    pd_box *boxes;
    size_t n_boxes;
} pd_page;

/* A run of pages sharing a numbering style, for the PDF /PageLabels tree. */
typedef enum { PD_LABEL_ROMAN_LOWER, PD_LABEL_DECIMAL } pd_label_style;
typedef struct {
    int first_page; /* 0-based page index where the range starts */
    pd_label_style style;
    int start; /* the number of its first page */
} pd_label_range;

/* ---- structure elements --------------------------------------------------------------------- */

typedef enum {
    PD_NUMBERING_NONE,
    PD_NUMBERING_DECIMAL, /* ordered list: ListNumbering /Decimal */
    PD_NUMBERING_DISC,    /* bullet list: ListNumbering /Disc */
} pd_numbering;

typedef struct {
    const char *type;       /* standard structure type: "Document", "Sect", "H1".."H6", "P", "L",
                             * "LI", "Lbl", "LBody", "BlockQuote", "Code", "Figure", "Link", "TOC",
                             * "TOCI" */
    int parent;             /* element index; -1 only for element 0 (Document) */
    int level;              /* headings: Markdown level (0 for the title); otherwise 0 */
    pd_numbering numbering; /* L only */
    const char *alt;        /* Figure: alt text (may be ""); NULL otherwise; owned by the layout */
    const char *lang;       /* BCP 47 when it differs from the document's, else NULL */
    const char *title;      /* headings: plain text (for /T and bookmarks); NULL otherwise */
    cmark_node *node; /* source node, or NULL for generated content (title page, TOC, notes) */
    int line;         /* source line (pd_node_line), 0 for generated content */
    int link;         /* Link elements: index into the link table; -1 otherwise */
    int page;         /* 0-based index of the page with the element's first box; -1 if none */
    double bbox[4];   /* Figure: x0, y0, x1, y1 on `page`; zeros otherwise */
} pd_element;

/* ---- links ---------------------------------------------------------------------------------- */

typedef struct {
    int page;              /* 0-based page index */
    double x0, y0, x1, y1; /* the link's text on one line */
} pd_link_rect;

typedef struct {
    const char *uri;     /* external target; NULL for an internal link */
    int dest_elem;       /* internal: the heading element it points to; -1 for external */
    int dest_page;       /* internal: 0-based page index of the heading */
    double dest_y;       /* internal: y of the top of the heading's first line */
    const char *text;    /* the link's plain text (annotation /Contents) */
    int elem;            /* its Link element, or -1 when the edition has no Link element */
    int note;            /* print edition: note number (1-based) of its URL note, 0 if none */
    pd_link_rect *rects; /* one per line fragment, in order; owned by the layout */
    size_t n_rects;
} pd_link;

/* ---- outline -------------------------------------------------------------------------------- */

typedef struct {
    int level;         /* 1 = a Markdown level-1 heading; children have level + 1 */
    const char *title; /* plain text */
    int page;          /* 0-based page index */
    double y;          /* top of the heading's first line */
    int elem;          /* the heading element */
} pd_outline_entry;

/* ---- page starts (for pagemap.c) ------------------------------------------------------------ */

typedef struct {
    cmark_node *block;  /* leaf block holding the page's first body line, or NULL */
    size_t char_offset; /* characters of pd_node_plain_text(block) before that line */
} pd_layout_page_start;

/* ---- the result ----------------------------------------------------------------------------- */

typedef struct pd_layout {
    pd_edition edition;
    pd_page *pages;
    size_t n_pages;
    pd_label_range *label_ranges;
    size_t n_label_ranges;
    pd_element *elems;
    size_t n_elems;
    pd_link *links;
    size_t n_links;
    pd_outline_entry *outline;
    size_t n_outline;
    pd_layout_page_start *page_starts; /* one per page */
    int body_first_page;           /* 0-based page index where the body (arabic numbering) begins */
    struct pd_layout_arena *arena; /* strings and box storage; private */
} pd_layout;

/* Lays out doc. fonts and opt are only read. On success returns 0 and sets *out (free with
 * pd_layout_free). Fails (-1, error with file:line:column in d, *out NULL) on: an image that is
 * missing, unreadable, not PNG/JPEG, corrupt, remote (http:) or outside the document's folder
 * (`../` or an absolute path). Never fails on text: overlong words and URLs are broken, lists and
 * quotes nested deeper than PD_LAYOUT_MAX_DEPTH are still rendered in full but no further
 * indented or nested in the structure tree (with a warning). Warnings (glyphs missing from every
 * face, replaced by "?") go to d either way. Thread-safe: no global state. */
int pd_layout_run(const pd_document *doc, const pd_fontset *fonts, const pd_layout_options *opt,
                  pd_layout **out, pd_diags *d);

void pd_layout_free(pd_layout *layout);

/* The print edition's layout for a job: made once (with the build's paper and justify options)
 * and cached in the job, so the print PDF, archival PDF, EPUB page-list and text page marks all
 * see the same pages. Owned by the job. NULL with an error in job->diags on failure (reported
 * once; later calls return NULL quietly). job->print_layout holds layout.c's private per-job
 * cache (fonts, hyphenation patterns, this layout): use these functions, not the pointer. */
const pd_layout *pd_job_print_layout(struct pd_job *job);

/* Options for an edition from the job's build options (paper, justify, the document's labels,
 * the job's cached hyphenation patterns). Returns 0, or -1 with an error (unknown paper). The
 * digital edition: pd_job_layout_options(job, PD_EDITION_DIGITAL, &o), then pd_layout_run
 * (caller frees that layout). */
int pd_job_layout_options(struct pd_job *job, pd_edition edition, pd_layout_options *opt);

/* The job's hyphenation patterns (loaded once per job; NULL when the language has none). */
const pd_hyphenator *pd_job_hyphenator(struct pd_job *job);

/* The fontset for a job: the build's shared one (job->opt->fonts) when set, otherwise one loaded
 * from job->opt->fonts_dir and cached with the job's print layout. NULL with an error on failure.
 * Owned by the build or the job; never free it. */
const pd_fontset *pd_job_fonts(struct pd_job *job);

#endif
