#ifndef POLIDOC_BUILD_H
#define POLIDOC_BUILD_H

/* The batch driver: finds the sources, builds each document into every requested format on a
 * pool of worker threads, and reports. A failing document never stops the others. */

#include "diag.h"
#include "job.h"

typedef struct {
    char **paths;
    size_t n;
} pd_inputs;

/* Expands files and folders (a folder: every *.md directly in it, in name order; subfolders are
 * not entered, so fixtures and drafts can live beside the sources) into
 * source paths. Returns 0, or -1 with errors (missing path, two sources with one slug). */
int pd_inputs_collect(char *const *args, int n, pd_inputs *out, pd_diags *d);
void pd_inputs_free(pd_inputs *in);

/* Builds one document into every format in opt->formats. Diagnostics go to d. Returns 0, or -1
 * when the document or any of its outputs failed (outputs that succeeded are written). */
int pd_build_document(const char *path, const pd_build_options *opt, pd_diags *d);

/* Builds every input with opt->jobs threads, printing each document's diagnostics to stderr and
 * a progress line when stderr is a terminal. Returns the number of documents that failed. */
int pd_build_all(const pd_inputs *in, const pd_build_options *opt);

#endif
