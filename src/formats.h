#ifndef POLIDOC_FORMATS_H
#define POLIDOC_FORMATS_H

/* The output formats and their renderers. Each renderer fills a buffer with the whole file; the
 * build writes it with pd_job_write, so no renderer ever leaves a half-written file. */

#include "job.h"
#include "util.h"

enum {
    PD_FMT_TXT = 1u << 0,
    PD_FMT_EPUB = 1u << 1,
    PD_FMT_PDF = 1u << 2,     /* digital edition */
    PD_FMT_PRINT = 1u << 3,   /* print edition */
    PD_FMT_ARCHIVE = 1u << 4, /* PDF/A-3 archival copy with its source embedded */
};

typedef struct {
    const char *name; /* as in --formats */
    unsigned bit;
    const char *suffix; /* appended to the slug: ".txt", ".print.pdf" … */
    /* Returns 0 and fills out, or -1 with an error in job->diags. */
    int (*render)(pd_job *job, pd_buf *out);
} pd_format;

/* The formats in build order (the ones that need the print layout after it is made). NULL ends
 * the list. */
extern const pd_format pd_formats[];

/* Parses a comma-separated list ("txt,epub") into bits. Returns 0, or -1 and sets *bad to the
 * first unknown name (pointing into list). */
int pd_formats_parse(const char *list, unsigned *bits, const char **bad, size_t *bad_len);

/* Formats built when --formats is not given: the ones that are implemented. */
unsigned pd_formats_default(void);

#endif
