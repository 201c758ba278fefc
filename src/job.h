#ifndef POLIDOC_JOB_H
#define POLIDOC_JOB_H

/* One document being built: what every format renderer receives. A job belongs to one worker
 * thread; nothing in it is shared with other jobs. */

#include "diag.h"
#include "document.h"
#include <stddef.h>

typedef struct {
    unsigned formats;    /* PD_FMT_* bits (formats.h) */
    const char *out_dir; /* outputs go to <out_dir>/<slug>/ */
    int jobs;            /* worker threads */
    int verbose;
    pd_load_options load;
    /* plain text */
    const char *encoding; /* iconv charset of the .txt edition; NULL = UTF-8 */
    int translit;         /* replace unrepresentable characters instead of failing */
    int wrap;             /* 0 = no hard wraps (the default: reflowing readers) */
    int crlf;
    int page_marks; /* mark where each print page begins */
    /* PDF */
    const char *paper; /* "A4" (default) or "A5", print edition */
    int justify;
    const char *fonts_dir;          /* where the fonts are; see fonts.h */
    struct pd_fontset_cache *fonts; /* loaded once per build and shared (fontset.h); NULL = each
                                     * job loads its own (pd_job_fonts in layout.h) */
    /* EPUB */
    int epub_fonts;
    struct pd_hyphenator_cache *hyphenators; /* shared by the build (hyphenate.h); NULL = each
                                              * job loads its own */
} pd_build_options;

struct pd_page_map;

typedef struct pd_job {
    const pd_document *doc;
    const pd_build_options *opt;
    char *out_dir; /* <opt->out_dir>/<slug> */
    pd_diags *diags;
    /* The print edition's layout, computed once per job when a format needs it (the PDF
     * editions, the EPUB page-list, the text edition's page marks); owned by the job. */
    struct pd_page_map *page_map;
    void *print_layout;
    void (*print_layout_free)(void *);
} pd_job;

/* Writes data as <job->out_dir>/<name> through a temporary file and a rename, so a reader never
 * sees half a file. Returns 0, or -1 with an error. */
int pd_job_write(pd_job *job, const char *name, const void *data, size_t len);

#endif
