#ifndef POLIDOC_DIAG_H
#define POLIDOC_DIAG_H

/* Diagnostics: every stage reports errors and warnings into a pd_diags list instead of printing,
 * so a batch can run documents in parallel and print each document's messages together.
 * Functions that can fail return 0 on success and -1 on failure, having added at least one
 * PD_ERROR record with file:line:column. */

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { PD_NOTE, PD_WARNING, PD_ERROR } pd_severity;

typedef struct {
    pd_severity severity;
    char *file; /* may be NULL (a message about no particular file) */
    int line;   /* 1-based; 0 = unknown */
    int column; /* 1-based, in characters; 0 = unknown */
    char *message;
} pd_diag;

typedef struct pd_diags pd_diags;

/* Returns a new empty list; aborts on out-of-memory (as every allocation in polidoc does). */
pd_diags *pd_diags_new(void);
void pd_diags_free(pd_diags *d);

/* Adds a record; file may be NULL; line/column 0 when unknown. Always returns -1, so that a
 * failing function can `return pd_error(...)`. */
int pd_error(pd_diags *d, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void pd_warning(pd_diags *d, const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void pd_diag_add(pd_diags *d, pd_severity sev, const char *file, int line, int column,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void pd_diag_addv(pd_diags *d, pd_severity sev, const char *file, int line, int column,
                  const char *fmt, va_list ap);

size_t pd_diags_len(const pd_diags *d);
const pd_diag *pd_diags_at(const pd_diags *d, size_t i);
size_t pd_diags_count(const pd_diags *d, pd_severity sev);
/* Moves every record of src to the end of dst; src is left empty. */
void pd_diags_append(pd_diags *dst, pd_diags *src);

/* Prints "file:line:column: error: message" lines, one per record (GNU style). */
void pd_diags_print(const pd_diags *d, FILE *out);

#endif
