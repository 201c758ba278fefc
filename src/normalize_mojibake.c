#include "normalize_mojibake.h"
#include "normalize_scan.h"

#include <stdint.h>
#include <string.h>

/* Windows-1252's characters in 0x80..0x9F; the five bytes it leaves undefined decode as the C1
 * controls of Latin-1, as most decoders do. */
static const uint16_t S_cp1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/* The byte a character had before it was decoded as Windows-1252/Latin-1, or -1. */
static int S_byte_of(uint32_t cp)
{
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    if (cp >= 0x80 && cp <= 0x9F)
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (S_cp1252[i] == cp)
            return 0x80 + i;
    return -1;
}

/* At s: a lead character (Â..ô read as Latin-1) followed by the continuation characters of one
 * UTF-8 sequence. Returns the characters' count in bytes of s and the repaired bytes in out. */
static size_t S_match(const unsigned char *s, size_t n, unsigned char *out, size_t *out_len)
{
    size_t l0;
    uint32_t lead = pd_scan_utf8(s, n, &l0);
    int b0 = S_byte_of(lead);
    if (b0 < 0xC2 || b0 > 0xF4)
        return 0;
    size_t need = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : 1;
    size_t pos = l0;
    unsigned char bytes[4] = {(unsigned char)b0};
    for (size_t i = 0; i < need; i++) {
        if (pos >= n)
            return 0;
        size_t l;
        uint32_t cp = pd_scan_utf8(s + pos, n - pos, &l);
        int b = S_byte_of(cp);
        if (b < 0x80 || b > 0xBF)
            return 0;
        bytes[1 + i] = (unsigned char)b;
        pos += l;
    }
    /* the bytes must decode to one valid, shortest-form character */
    size_t l;
    uint32_t cp = pd_scan_utf8(bytes, need + 1, &l);
    if (l != need + 1 || (need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
        (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    memcpy(out, bytes, need + 1);
    *out_len = need + 1;
    return pos;
}

static int S_pass(const char *s, size_t n, pd_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    int changed = 0;
    size_t done = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        unsigned char rep[4];
        size_t rep_len;
        size_t m = S_match(p + i, n - i, rep, &rep_len);
        if (m) {
            pd_buf_put(out, s + done, i - done);
            pd_buf_put(out, rep, rep_len);
            i += m;
            done = i;
            changed = 1;
        } else {
            size_t l;
            pd_scan_utf8(p + i, n - i, &l);
            i += l;
        }
    }
    if (changed)
        pd_buf_put(out, s + done, n - done);
    return changed;
}

int pd_mojibake_repair(const char *s, size_t n, pd_buf *out)
{
    pd_buf a = {0}, b = {0};
    if (!S_pass(s, n, &a)) {
        pd_buf_free(&a);
        return 0;
    }
    for (int layer = 1; layer < 3; layer++) {
        b.len = 0;
        if (!S_pass(a.data, a.len, &b))
            break;
        pd_buf t = a;
        a = b;
        b = t;
    }
    pd_buf_put(out, a.data, a.len);
    pd_buf_free(&a);
    pd_buf_free(&b);
    return 1;
}
