#ifndef POLIDOC_UTIL_H
#define POLIDOC_UTIL_H

/* Small helpers shared by every module: checked allocation and a growable byte buffer.
 * Allocation failure aborts with a message: a batch converter has no sensible way to go on
 * without memory, and checking every malloc would hide the real error paths. */

#include <stdarg.h>
#include <stddef.h>

void *pd_xmalloc(size_t n);
void *pd_xcalloc(size_t n, size_t size);
void *pd_xrealloc(void *p, size_t n);
char *pd_xstrdup(const char *s);
char *pd_xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; never NULL. */
char *pd_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pd_vasprintf(const char *fmt, va_list ap);

/* A growable, always NUL-terminated byte buffer. Zero-initialise ({0}) before use. */
typedef struct {
    char *data;
    size_t len, cap;
} pd_buf;

void pd_buf_grow(pd_buf *b, size_t extra);
/* Makes room for exactly extra more bytes (no doubling): for data of a known size. */
void pd_buf_reserve(pd_buf *b, size_t extra);
void pd_buf_put(pd_buf *b, const void *data, size_t n);
void pd_buf_puts(pd_buf *b, const char *s);
void pd_buf_putc(pd_buf *b, char c);
void pd_buf_printf(pd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the data to the caller (who frees it) and leaves b empty. Never NULL. */
char *pd_buf_detach(pd_buf *b, size_t *len);
void pd_buf_free(pd_buf *b);

/* Appends to out the conversion of in[0..n) through the iconv descriptor cd, as the next piece
 * of the stream cd converts (its state carries over). Returns 0, or -1 with errno set (EILSEQ,
 * EINVAL) when it stops at an unconvertible character; *consumed (if not NULL) is then the
 * byte offset in in where it stopped, and out holds everything before it. */
int pd_iconv_put(void *cd, const char *in, size_t n, pd_buf *out, size_t *consumed);

/* Reads a whole file. Returns 0, or -1 with errno set. *data is NUL-terminated. */
int pd_read_file(const char *path, char **data, size_t *len);

/* The file name of path without directory and without extension (the document's "slug"). */
char *pd_path_stem(const char *path);
/* The directory part of path ("." when there is none). */
char *pd_path_dir(const char *path);
char *pd_path_join(const char *dir, const char *name);

/* A copy of an HTML fragment with its tags and comments removed (entities are left as they
 * are). Caller frees. */
char *pd_strip_tags(const char *html);

/* Number of characters (UTF-8 code points) in s[0..n). */
size_t pd_utf8_len(const char *s, size_t n);

#endif
