#include "decode.h"
#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* The offset of the first code point of s[0..n) that is malformed, or that keep (when given)
 * refuses; n when there is none. ASCII is always kept. */
static size_t S_scan(const unsigned char *s, size_t n, int (*keep)(utf8proc_int32_t cp))
{
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0 || (keep && !keep(cp)))
            return i;
        i += (size_t)k;
    }
    return n;
}

size_t pd_utf8_invalid_offset(const unsigned char *s, size_t n)
{
    return S_scan(s, n, NULL);
}

/* Whether cp is one of the code points that are in NFC whatever surrounds them (checked pairwise
 * against Python's unicodedata, Unicode 14): Latin up to U+02FF, general punctuation from
 * U+2002, currency, arrows, mathematical operators, geometric shapes. Almost all Norwegian text
 * consists of these; utf8proc's full normalisation is then skipped, as it would change nothing
 * and costs more than the rest of decoding. */
static int S_nfc_whatever_surrounds(utf8proc_int32_t cp)
{
    return cp < 0x300 || (cp >= 0x2002 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20C0) ||
           (cp >= 0x2190 && cp <= 0x22FF) || (cp >= 0x25A0 && cp <= 0x25FF);
}

void pd_text_position(const char *text, size_t off, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

/* Converts with iconv; on failure reports the byte offset in the input where it stopped. */
static int S_iconv_to_utf8(const char *path, const char *from, const unsigned char *in, size_t len,
                           pd_buf *out, pd_diags *d)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return pd_error(d, path, 0, 0, "unknown input encoding '%s' (see `iconv --list`)", from);
    size_t off;
    int rc = 0;
    if (pd_iconv_put(cd, (const char *)in, len, out, &off) < 0)
        rc =
            pd_error(d, path, 0, 0, "cannot decode byte 0x%02X at byte offset %zu as %s%s", in[off],
                     off, from, errno == EINVAL ? " (the file ends inside a character)" : "");
    pd_buf_grow(out, 0);
    out->data[out->len] = '\0';
    iconv_close(cd);
    return rc;
}

/* Points the error at the offending byte in terms a user can find in an editor. */
static int S_invalid_utf8(const char *path, const unsigned char *s, size_t n, size_t off,
                          pd_diags *d)
{
    int line, col;
    pd_text_position((const char *)s, off, &line, &col);
    (void)n;
    return pd_error(
        d, path, line, col,
        "invalid UTF-8 (byte 0x%02X at byte offset %zu); if the file is in another "
        "encoding, name it with --input-encoding (e.g. ISO-8859-1, WINDOWS-1252, CP865)",
        s[off], off);
}

int pd_decode(const char *path, const unsigned char *bytes, size_t len, const char *input_encoding,
              char **out, size_t *out_len, pd_diags *d)
{
    pd_buf utf8 = {0};
    const unsigned char *p = bytes;
    size_t n = len;
    const char *from = NULL;

    if (len == 0)
        return pd_error(d, path, 0, 0, "empty file: a source needs front matter and text");

    if (n >= 4 && !memcmp(p, "\xFF\xFE\0\0", 4))
        from = "UTF-32LE", p += 4, n -= 4;
    else if (n >= 4 && !memcmp(p, "\0\0\xFE\xFF", 4))
        from = "UTF-32BE", p += 4, n -= 4;
    else if (n >= 2 && !memcmp(p, "\xFF\xFE", 2))
        from = "UTF-16LE", p += 2, n -= 2;
    else if (n >= 2 && !memcmp(p, "\xFE\xFF", 2))
        from = "UTF-16BE", p += 2, n -= 2;
    else if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3, n -= 3;
    else if (input_encoding && strcasecmp(input_encoding, "UTF-8") &&
             strcasecmp(input_encoding, "UTF8"))
        from = input_encoding;

    if (from) {
        if (S_iconv_to_utf8(path, from, p, n, &utf8, d) < 0) {
            pd_buf_free(&utf8);
            return -1;
        }
    } else {
        pd_buf_put(&utf8, p, n);
    }

    const unsigned char *u = (const unsigned char *)utf8.data;
    const unsigned char *nul = memchr(u, 0, utf8.len);
    if (nul) {
        int line, col;
        size_t off = (size_t)(nul - u);
        pd_text_position(utf8.data, off, &line, &col);
        pd_buf_free(&utf8);
        return pd_error(d, path, line, col,
                        "NUL byte at byte offset %zu: this is not a text file (or it is UTF-16 "
                        "without a byte-order mark; use --input-encoding UTF-16LE)",
                        off);
    }
    size_t bad = pd_utf8_invalid_offset(u, utf8.len);
    if (bad < utf8.len) {
        int rc = S_invalid_utf8(path, u, utf8.len, bad, d);
        pd_buf_free(&utf8);
        return rc;
    }

    /* Line ends to LF: CRLF and lone CR count as one line end each, so positions stay right. */
    size_t w = 0;
    for (size_t r = 0; r < utf8.len; r++) {
        if (utf8.data[r] == '\r') {
            utf8.data[w++] = '\n';
            if (r + 1 < utf8.len && utf8.data[r + 1] == '\n')
                r++;
        } else {
            utf8.data[w++] = utf8.data[r];
        }
    }
    utf8.len = w;
    utf8.data[w] = '\0';

    /* NFC once here, so every edition carries the same composed characters (braille tables
     * and text comparison expect NFC). */
    if (S_scan((const unsigned char *)utf8.data, utf8.len, S_nfc_whatever_surrounds) == utf8.len) {
        *out = utf8.data;
        *out_len = utf8.len;
        return 0;
    }
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t m =
        utf8proc_map((const utf8proc_uint8_t *)utf8.data, (utf8proc_ssize_t)utf8.len, &nfc,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    pd_buf_free(&utf8);
    if (m < 0)
        return pd_error(d, path, 0, 0, "cannot normalise text to NFC: %s", utf8proc_errmsg(m));
    *out = (char *)nfc;
    *out_len = (size_t)m;
    return 0;
}
