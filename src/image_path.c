#include "image_path.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int S_has_scheme(const char *url)
{
    const char *p = url;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    return (p > url && *p == ':') || !strncmp(url, "//", 2);
}

static int S_hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* The file part of a relative URL, percent-decoded; NULL when it encodes a NUL byte. */
static char *S_url_path(const char *url)
{
    pd_buf b = {0};
    size_t n = strcspn(url, "?#");
    for (const char *s = url; s < url + n; s++) {
        int hi, lo;
        if (*s == '%' && (hi = S_hex(s[1])) >= 0 && (lo = S_hex(s[2])) >= 0) {
            if (hi == 0 && lo == 0) {
                pd_buf_free(&b);
                return NULL;
            }
            pd_buf_putc(&b, (char)(hi * 16 + lo));
            s += 2;
        } else {
            pd_buf_putc(&b, *s);
        }
    }
    return pd_buf_detach(&b, NULL);
}

int pd_image_resolve(const pd_document *doc, const char *url, int line, int column, char **real,
                     pd_diags *d)
{
    const char *file = doc->path;
    *real = NULL;
    if (!url || !*url)
        return pd_error(d, file, line, column, "image without a file name");
    if (S_has_scheme(url))
        return pd_error(d, file, line, column,
                        "image '%s': only files beside the document can be shown, not URLs", url);
    if (url[0] == '/')
        return pd_error(d, file, line, column,
                        "image '%s': absolute paths are refused; give a path relative to the "
                        "document's folder",
                        url);
    char *rel = S_url_path(url);
    if (!rel)
        return pd_error(d, file, line, column, "image '%s' has a NUL byte in its name", url);
    /* No ".." at all: a path that climbs out and back in is as suspect as one that escapes,
     * and refusing it does not depend on what happens to exist on this machine. */
    for (const char *seg = rel; *seg;) {
        size_t len = strcspn(seg, "/");
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            free(rel);
            return pd_error(d, file, line, column,
                            "image '%s' is outside the document's folder ('..'): refused", url);
        }
        seg += len + (seg[len] == '/');
    }
    char *joined = pd_path_join(doc->dir, rel);
    free(rel);
    char real_dir[PATH_MAX], real_img[PATH_MAX];
    int rc = -1;
    if (!realpath(doc->dir, real_dir))
        pd_error(d, file, line, column, "image '%s': cannot resolve the document's folder: %s", url,
                 strerror(errno));
    else if (!realpath(joined, real_img))
        pd_error(d, file, line, column, "image '%s' not found (looked for %s): %s", url, joined,
                 strerror(errno));
    else if (strcmp(real_dir, "/") &&
             (strncmp(real_img, real_dir, strlen(real_dir)) || real_img[strlen(real_dir)] != '/'))
        /* A symbolic link inside the folder may still point out of it. */
        pd_error(d, file, line, column, "image '%s' is outside the document's folder (%s): refused",
                 url, real_dir);
    else
        rc = 0;
    if (rc == 0)
        *real = pd_xstrdup(real_img);
    free(joined);
    return rc;
}
