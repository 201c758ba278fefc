#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_oom(void)
{
    fputs("polidoc: out of memory\n", stderr);
    abort();
}

void *pd_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        S_oom();
    return p;
}

void *pd_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        S_oom();
    return p;
}

void *pd_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        S_oom();
    return p;
}

char *pd_xstrdup(const char *s)
{
    return pd_xstrndup(s, strlen(s));
}

char *pd_xstrndup(const char *s, size_t n)
{
    char *p = pd_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pd_vasprintf(const char *fmt, va_list ap)
{
    /* GCC 12 with -fsanitize=undefined believes fmt may be NULL here and fails the build. */
    if (!fmt)
        fmt = "";
    va_list ap2;
    va_copy(ap2, ap);
    char probe[1];
    int n = vsnprintf(probe, sizeof probe, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = pd_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *pd_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = pd_vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void pd_buf_grow(pd_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = pd_xrealloc(b->data, cap);
    b->cap = cap;
}

void pd_buf_reserve(pd_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    b->cap = b->len + extra + 1;
    b->data = pd_xrealloc(b->data, b->cap);
}

void pd_buf_put(pd_buf *b, const void *data, size_t n)
{
    pd_buf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void pd_buf_puts(pd_buf *b, const char *s)
{
    pd_buf_put(b, s, strlen(s));
}

void pd_buf_putc(pd_buf *b, char c)
{
    pd_buf_put(b, &c, 1);
}

void pd_buf_printf(pd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = pd_vasprintf(fmt, ap);
    va_end(ap);
    pd_buf_puts(b, s);
    free(s);
}

char *pd_buf_detach(pd_buf *b, size_t *len)
{
    if (!b->data)
        pd_buf_grow(b, 0), b->data[0] = '\0';
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void pd_buf_free(pd_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int pd_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    pd_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        pd_buf_put(&b, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (err) {
        pd_buf_free(&b);
        errno = EIO;
        return -1;
    }
    *data = pd_buf_detach(&b, len);
    return 0;
}

char *pd_path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    return pd_xstrndup(base, n);
}

char *pd_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return pd_xstrdup(".");
    if (slash == path)
        return pd_xstrdup("/");
    return pd_xstrndup(path, (size_t)(slash - path));
}

char *pd_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n && dir[n - 1] == '/')
        return pd_asprintf("%s%s", dir, name);
    return pd_asprintf("%s/%s", dir, name);
}

size_t pd_utf8_len(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

char *pd_strip_tags(const char *html)
{
    pd_buf b = {0};
    const char *p = html ? html : "";
    while (*p) {
        if (!strncmp(p, "<!--", 4)) {
            const char *e = strstr(p + 4, "-->");
            p = e ? e + 3 : p + strlen(p);
        } else if (*p == '<' && (p[1] == '/' || p[1] == '!' || p[1] == '?' ||
                                 (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z'))) {
            const char *e = strchr(p, '>');
            p = e ? e + 1 : p + strlen(p);
        } else {
            pd_buf_putc(&b, *p++);
        }
    }
    return pd_buf_detach(&b, NULL);
}

int pd_iconv_put(void *cd, const char *in, size_t n, pd_buf *out, size_t *consumed)
{
    char *src = (char *)in;
    size_t left = n;
    int rc = 0;
    while (left > 0) {
        pd_buf_grow(out, left * 4 + 16);
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv((iconv_t)cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        if (r == (size_t)-1 && errno != E2BIG) {
            rc = -1;
            break;
        }
    }
    if (out->data)
        out->data[out->len] = '\0';
    if (consumed)
        *consumed = (size_t)(src - in);
    return rc;
}
