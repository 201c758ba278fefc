#ifndef POLIDOC_EPUB_ZIP_H
#define POLIDOC_EPUB_ZIP_H

/* The EPUB's ZIP container, made with libzip in memory. EPUB's rules: the "mimetype" entry comes
 * first and is stored uncompressed, so a reader can identify the file by its first bytes. For
 * byte-identical rebuilds every entry gets the same timestamp (the document's date, not the
 * clock) and entries are written in the order given. */

#include "diag.h"
#include "util.h"
#include <stddef.h>

typedef struct {
    const char *name; /* path inside the archive, e.g. "EPUB/package.opf" */
    const void *data; /* not copied: must stay valid until pd_epub_zip returns */
    size_t len;
    int store; /* 1: no compression (mimetype; PNG and JPEG gain nothing from deflate) */
} pd_zip_entry;

/* Zips the entries in order into out. date is "YYYY-MM-DD" (the front matter's, already
 * validated); years outside 1980..2107, which a ZIP timestamp cannot hold, are clamped.
 * Returns 0, or -1 with an error naming path (the EPUB being made) and libzip's message. */
int pd_epub_zip(const pd_zip_entry *entries, size_t n, const char *date, const char *path,
                pd_buf *out, pd_diags *d);

#endif
