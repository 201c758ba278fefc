#ifndef POLIDOC_RENDER_EPUB_H
#define POLIDOC_RENDER_EPUB_H

/* The EPUB 3 edition: accessible XHTML content documents, a package document with
 * accessibility metadata, navigation with a page-list that cites the print edition's pages,
 * zipped with libzip. Two renders of the same source give the same bytes. */

#include "document.h"
#include "formats.h"
#include "pagemap.h"

typedef struct {
    const pd_page_map *pages; /* the print edition's page starts, or NULL for no page-list */
    const char *fonts_dir; /* with embed_fonts: where the fonts are (fontset.h), NULL = default */
    int embed_fonts;       /* package the print edition's fonts (off: the reader's font) */
    const char *out_path;  /* the EPUB's path, for messages only; may be NULL */
} pd_epub_options;

/* Renders doc into out (the whole .epub file). Returns 0, or -1 with errors in d: an image
 * missing, unreadable, neither PNG nor JPEG or outside the document's folder; fonts that cannot
 * be loaded; libzip failing. Warnings (dropped links, missing alt text …) go to d either way. */
int pd_render_epub(const pd_document *doc, const pd_epub_options *opt, pd_buf *out, pd_diags *d);

/* The "epub" format. The page-list comes from the print layout (pd_job_page_map); when that
 * fails (its errors are in job->diags), so does the EPUB. */
int pd_format_epub(pd_job *job, pd_buf *out);

#endif
