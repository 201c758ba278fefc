#include "diag.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct pd_diags {
    pd_diag *items;
    size_t len, cap;
};

pd_diags *pd_diags_new(void)
{
    return pd_xcalloc(1, sizeof(pd_diags));
}

void pd_diags_free(pd_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->len; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    free(d);
}

void pd_diag_addv(pd_diags *d, pd_severity sev, const char *file, int line, int column,
                  const char *fmt, va_list ap)
{
    if (d->len == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->items = pd_xrealloc(d->items, d->cap * sizeof(pd_diag));
    }
    pd_diag *r = &d->items[d->len++];
    r->severity = sev;
    r->file = file ? pd_xstrdup(file) : NULL;
    r->line = line;
    r->column = column;
    r->message = pd_vasprintf(fmt, ap);
}

void pd_diag_add(pd_diags *d, pd_severity sev, const char *file, int line, int column,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pd_diag_addv(d, sev, file, line, column, fmt, ap);
    va_end(ap);
}

int pd_error(pd_diags *d, const char *file, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pd_diag_addv(d, PD_ERROR, file, line, column, fmt, ap);
    va_end(ap);
    return -1;
}

void pd_warning(pd_diags *d, const char *file, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pd_diag_addv(d, PD_WARNING, file, line, column, fmt, ap);
    va_end(ap);
}

size_t pd_diags_len(const pd_diags *d)
{
    return d->len;
}

const pd_diag *pd_diags_at(const pd_diags *d, size_t i)
{
    return i < d->len ? &d->items[i] : NULL;
}

size_t pd_diags_count(const pd_diags *d, pd_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->len; i++)
        n += d->items[i].severity == sev;
    return n;
}

void pd_diags_append(pd_diags *dst, pd_diags *src)
{
    for (size_t i = 0; i < src->len; i++) {
        if (dst->len == dst->cap) {
            dst->cap = dst->cap ? dst->cap * 2 : 8;
            dst->items = pd_xrealloc(dst->items, dst->cap * sizeof(pd_diag));
        }
        dst->items[dst->len++] = src->items[i];
    }
    src->len = 0;
}

static int S_same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* A stage that re-reads a document (OCR repair re-parses it) repeats its warnings; saying
 * each once is enough. */
static int S_seen_before(const pd_diags *d, size_t i)
{
    const pd_diag *r = &d->items[i];
    for (size_t j = 0; j < i; j++) {
        const pd_diag *q = &d->items[j];
        if (q->severity == r->severity && q->line == r->line && q->column == r->column &&
            S_same(q->file, r->file) && S_same(q->message, r->message))
            return 1;
    }
    return 0;
}

void pd_diags_print(const pd_diags *d, FILE *out)
{
    static const char *names[] = {"note", "warning", "error"};
    for (size_t i = 0; i < d->len; i++) {
        const pd_diag *r = &d->items[i];
        if (S_seen_before(d, i))
            continue;
        if (r->file) {
            fputs(r->file, out);
            if (r->line > 0)
                fprintf(out, ":%d", r->line);
            if (r->line > 0 && r->column > 0)
                fprintf(out, ":%d", r->column);
            fputs(": ", out);
        } else {
            fputs("polidoc: ", out);
        }
        fprintf(out, "%s: %s\n", names[r->severity], r->message);
    }
}
