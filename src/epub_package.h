#ifndef POLIDOC_EPUB_PACKAGE_H
#define POLIDOC_EPUB_PACKAGE_H

/* The EPUB's package-level files: META-INF/container.xml, the package document (metadata,
 * accessibility metadata, manifest, spine), the navigation document (toc, landmarks,
 * page-list), toc.ncx for EPUB 2 reading systems, and the stylesheet. Each writer appends a
 * whole file to a buffer and cannot fail: everything was checked when the content was built. */

#include "document.h"
#include "epub_xhtml.h"
#include "util.h"

/* The folder inside the EPUB that holds the package document and everything it lists. */
#define PD_EPUB_DIR "EPUB/"

typedef struct {
    char *href;             /* "fonts/NotoSerif-Regular.ttf" */
    char *id;               /* manifest id */
    const char *media_type; /* "font/ttf" or "font/otf" */
    const char *family;     /* CSS family name polidoc gives it: "polidoc serif" … */
    const char *weight;     /* "normal" or "bold" */
    const char *style;      /* "normal" or "italic" */
    char *data;             /* the file's bytes */
    size_t len;
} pd_epub_font;

typedef struct {
    const pd_document *doc;
    const pd_epub_content *content;
    char uuid[37];             /* the book's identifier (without "urn:uuid:") */
    const pd_epub_font *fonts; /* embedded fonts (--epub-fonts), or none */
    size_t n_fonts;
} pd_epub_book;

/* The identifier is the version-5 UUID of "<slug>\n<revision>": the same source revision always
 * gets the same identifier, a new revision a new one. */
void pd_epub_book_init(pd_epub_book *book, const pd_document *doc, const pd_epub_content *c);

void pd_epub_container_xml(pd_buf *out);
void pd_epub_package_opf(const pd_epub_book *book, pd_buf *out);
void pd_epub_nav_xhtml(const pd_epub_book *book, pd_buf *out);
void pd_epub_toc_ncx(const pd_epub_book *book, pd_buf *out);
void pd_epub_css(const pd_epub_book *book, pd_buf *out);

/* The accessibility summary, written from what the book contains, in the document's language
 * when polidoc has the sentences for it (nb, nn, en); otherwise in Bokmål. Sets *lang to the
 * language it is written in. Caller frees. */
char *pd_epub_a11y_summary(const pd_epub_book *book, const char **lang);

#endif
