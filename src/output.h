#ifndef POLIDOC_OUTPUT_H
#define POLIDOC_OUTPUT_H

/* Writing outputs safely: a temporary file in the target folder, then rename(2), so a crash or
 * a failed render never leaves a half-written output, and readers see old or new, never a mix. */

#include "diag.h"
#include <stddef.h>

/* Creates dir and its parents as needed. Returns 0, or -1 with an error. */
int pd_mkdir_p(const char *dir, pd_diags *d);

/* Writes data[0..len) to path atomically (creating its folder). Returns 0, or -1 with an error
 * naming path; no temporary file is left behind either way. An existing path that is no
 * regular file (a device such as /dev/stderr, a FIFO) is written to directly. */
int pd_write_atomic(const char *path, const void *data, size_t len, pd_diags *d);

#endif
