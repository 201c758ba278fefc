#ifndef POLIDOC_PAGEMAP_H
#define POLIDOC_PAGEMAP_H

/* Where the print edition's pages begin in the source, so that the EPUB page-list and the text
 * edition's page marks cite the same pages as the paper copy. Produced by the print layout. */

#include <cmark.h>
#include <stddef.h>

struct pd_job;

typedef struct {
    int page;           /* 1-based physical page number of the print edition */
    const char *label;  /* page label as printed (e.g. "3"); owned by the map */
    cmark_node *block;  /* the leaf block (paragraph, heading, list item's paragraph, code block)
                         * in which the page's first line of body text lies; NULL for pages
                         * without body text (title page, table of contents) */
    size_t char_offset; /* characters of block's plain text (pd_node_plain_text) before the
                         * page's first character; 0 when the page starts with the block */
} pd_page_start;

typedef struct pd_page_map {
    pd_page_start *starts; /* one per page, in page order */
    size_t n;
    int total_pages;
} pd_page_map;

/* Returns the print edition's page map for the job's document, running the print layout once
 * per job (cached in the job). Returns NULL with an error in job->diags on failure. */
const pd_page_map *pd_job_page_map(struct pd_job *job);

void pd_page_map_free(pd_page_map *map);

#endif
