#ifndef POLIDOC_EPUB_XHTML_H
#define POLIDOC_EPUB_XHTML_H

/* The EPUB's content documents: walks the cmark AST (as cmark's html.c does) into well-formed
 * XHTML5, one file per level-1 chapter, plus the title page and the link notes. Collects what
 * the package and the navigation documents need: the heading tree, where each print page
 * begins, the images to package, and counts for the accessibility summary.
 *
 * The text of every content document is the text of the plain-text edition, word for word and
 * in the same order (title block, list numbers, link note numbers, "[Bilde: …]"), so the two
 * editions can be checked against each other. Raw HTML in the source is shown as text, never
 * passed through. */

#include "diag.h"
#include "document.h"
#include "pagemap.h"
#include <stddef.h>

/* Where the content documents sit inside the EPUB's content folder. */
#define PD_EPUB_CSS "polidoc.css"
#define PD_EPUB_TITLE_PAGE "title.xhtml"
#define PD_EPUB_NAV "nav.xhtml"
#define PD_EPUB_NOTES "links.xhtml"

typedef struct {
    char *href;  /* file name in the content folder: "title.xhtml", "chapter-01.xhtml" … */
    char *id;    /* manifest id */
    char *title; /* the document's <title> (plain text) */
    char *xhtml; /* the complete file */
    size_t len;
} pd_epub_doc;

/* A place in the book, for the NCX's playOrder: which spine document and where in it. */
typedef struct {
    int doc;    /* index into pd_epub_content.docs; -1 = the navigation document */
    size_t pos; /* byte offset of the target's element in that document */
} pd_epub_pos;

typedef struct {
    int level;  /* 1..6, the Markdown level */
    char *text; /* plain text */
    char *href; /* "chapter-02.xhtml#h-5" */
    pd_epub_pos pos;
} pd_epub_heading;

typedef struct {
    int page;    /* physical page number of the print edition */
    char *label; /* as printed: "i", "7" */
    char *href;  /* "chapter-02.xhtml#page-9", or "nav.xhtml#page-2" */
    int in_nav;  /* the marker belongs in the navigation document (contents pages) */
    pd_epub_pos pos;
} pd_epub_page;

typedef struct {
    char *href;             /* "images/image-1.png" */
    char *id;               /* manifest id */
    const char *media_type; /* "image/png" or "image/jpeg" (from the file's signature) */
    char *data;             /* the file's bytes */
    size_t len;
    char *realpath; /* the resolved source file, so one file is packaged once */
} pd_epub_image;

typedef struct {
    pd_epub_doc *docs; /* spine order: title page, chapters, link notes (the nav is apart) */
    size_t n_docs;
    pd_epub_heading *headings; /* document order */
    size_t n_headings;
    pd_epub_page *pages; /* page order; empty without a page map */
    size_t n_pages;
    int total_pages;
    pd_epub_image *images;
    size_t n_images;
    size_t n_image_refs;    /* image references in the text (an image used twice counts 2) */
    size_t n_images_no_alt; /* references without alt text */
    size_t n_links;         /* distinct link targets (numbered notes) */
    size_t n_links_dropped; /* links not made live (javascript:, relative …) */
    char *body_start_href;  /* first chapter, NULL when the body is empty */
} pd_epub_content;

/* Builds the content documents of doc. pages may be NULL (no page-list). On success returns 0
 * and fills *out (free with pd_epub_content_free). Dropped links, images without alt text and
 * page starts that could not be placed exactly are warnings. Fails (-1, with errors at the
 * image's file:line:column, *out emptied) when an image is a URL, missing, unreadable, not PNG
 * or JPEG, or outside the document's folder (absolute, or with ".."), as the print layout does. */
int pd_epub_content_build(const pd_document *doc, const pd_page_map *pages, pd_epub_content *out,
                          pd_diags *d);

void pd_epub_content_free(pd_epub_content *c);

#endif
