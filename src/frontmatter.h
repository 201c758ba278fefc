#ifndef POLIDOC_FRONTMATTER_H
#define POLIDOC_FRONTMATTER_H

/* The YAML front matter block of a canonical source, parsed with libyaml into pd_metadata. */

#include "diag.h"
#include <stddef.h>

typedef struct {
    char *title;        /* required */
    char *subtitle;     /* optional, NULL when absent */
    char *organisation; /* required */
    char *lang;         /* BCP 47; "nb-NO" when absent */
    char *date;         /* required, YYYY-MM-DD */
    char *revision;     /* required */
    char *status;       /* utkast | høring | vedtatt | erstattet; NULL when absent */
    char *source;       /* born-digital | scanned; "born-digital" when absent */
    char *supersedes;   /* optional */
    char *description;  /* optional */
    char **keywords;    /* optional; n_keywords entries */
    size_t n_keywords;
} pd_metadata;

/* Parses the front matter at the start of text (NUL-terminated UTF-8 as pd_decode makes it).
 * On success returns 0, fills *meta (free with pd_metadata_free), and sets *body_offset to the
 * byte offset and *body_line to the 1-based line where the Markdown body begins. Unknown keys
 * are warnings. On failure (no block, unterminated block, invalid YAML, missing required key,
 * wrong type, bad value) returns -1 with an error at file:line:column; *meta is left empty. */
int pd_frontmatter_parse(const char *path, const char *text, size_t len, pd_metadata *meta,
                         size_t *body_offset, int *body_line, pd_diags *d);

void pd_metadata_free(pd_metadata *meta);

/* The year part of meta->date, e.g. 2024. */
int pd_metadata_year(const pd_metadata *meta);

/* Parses "YYYY-MM-DD" and checks it is a real calendar date. Returns 0 or -1. */
int pd_parse_iso_date(const char *s, int *year, int *month, int *day);

#endif
