#include "encode.h"
#include "decode.h"
#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Norwegian conventions come before iconv's generic //TRANSLIT, which would turn "å" into "a"
 * (a different word: "på" → "pa") and "ø" into "?" in some charsets. */
static const struct {
    const char *from, *to;
} S_norwegian[] = {
    {"æ", "ae"}, {"ø", "oe"},     {"å", "aa"},     {"Æ", "Ae"},       {"Ø", "Oe"}, {"Å", "Aa"},
    {"«", "\""}, {"»", "\""},     {"“", "\""},     {"”", "\""},       {"„", "\""}, {"‘", "'"},
    {"’", "'"},  {"—", "-"},      {"–", "-"},      {"‐", "-"},        {"•", "-"},  {"…", "..."},
    {"→", "->"}, {"\u00a0", " "}, {"\u202f", " "}, {"§", "paragraf"},
};

static int S_is_utf8(const char *cs)
{
    return !cs || !strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "UTF8");
}

/* Converts s[0..n) as the next piece of the stream cd is converting (its state, e.g. a UTF-16
 * byte-order mark already written, carries over), or fails having written nothing of the
 * character it stopped at. */
static int S_convert(iconv_t cd, const char *s, size_t n, pd_buf *out)
{
    return pd_iconv_put(cd, s, n, out, NULL);
}

/* Ends the stream: stateful encodings (ISO-2022 …) need their shift sequence closed. */
static void S_flush(iconv_t cd, pd_buf *out)
{
    pd_buf_grow(out, 16);
    char *dst = out->data + out->len;
    size_t room = out->cap - out->len - 1;
    iconv(cd, NULL, NULL, &dst, &room);
    out->len = (size_t)(dst - out->data);
    out->data[out->len] = '\0';
}

static int S_representable(const char *charset, const char *s)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == (iconv_t)-1)
        return 0;
    pd_buf tmp = {0};
    int ok = S_convert(cd, s, strlen(s), &tmp) == 0;
    pd_buf_free(&tmp);
    iconv_close(cd);
    return ok;
}

/* Replacement for one character, converted into the target; -1 when there is none that does
 * not lose the character silently (iconv's //TRANSLIT gives "?" for what it cannot map). */
static int S_translit_char(iconv_t cd, iconv_t cd_translit, const char *ch, size_t n, pd_buf *out)
{
    for (size_t i = 0; i < sizeof S_norwegian / sizeof S_norwegian[0]; i++) {
        if (strlen(S_norwegian[i].from) == n && !memcmp(S_norwegian[i].from, ch, n) &&
            S_convert(cd, S_norwegian[i].to, strlen(S_norwegian[i].to), out) == 0)
            return 0;
    }
    if (cd_translit == (iconv_t)-1)
        return -1;
    pd_buf tmp = {0};
    iconv(cd_translit, NULL, NULL, NULL, NULL);
    int rc = S_convert(cd_translit, ch, n, &tmp);
    if (rc == 0 && tmp.len == 1 && tmp.data[0] == '?')
        rc = -1;
    pd_buf_free(&tmp);
    /* Convert again on the stream itself, so its state stays right. */
    return rc == 0 ? S_convert(cd_translit, ch, n, out) : -1;
}

static int S_unrepresentable(const char *in, size_t off, size_t n, const pd_encode_options *opt,
                             pd_diags *d)
{
    utf8proc_int32_t cp = 0;
    utf8proc_iterate((const utf8proc_uint8_t *)in + off, (utf8proc_ssize_t)n, &cp);
    char *ch = pd_xstrndup(in + off, n);
    int line, col;
    pd_text_position(in, off, &line, &col);
    const char *where = opt->path ? opt->path : "output";
    const char *src = opt->source_text ? strstr(opt->source_text, ch) : NULL;
    int rc;
    if (src) {
        int sl, sc;
        pd_text_position(opt->source_text, (size_t)(src - opt->source_text), &sl, &sc);
        rc = pd_error(d, opt->source, sl, sc,
                      "'%s' (U+%04X) cannot be written in %s (first at line %d of %s); use "
                      "--translit to replace such characters, or another --encoding",
                      ch, (unsigned)cp, opt->charset, line, where);
    } else {
        rc = pd_error(d, where, line, col,
                      "'%s' (U+%04X) cannot be written in %s; use --translit to replace such "
                      "characters, or another --encoding",
                      ch, (unsigned)cp, opt->charset);
    }
    free(ch);
    return rc;
}

int pd_encode(const char *in, size_t len, const pd_encode_options *opt, char **out, size_t *out_len,
              pd_diags *d)
{
    if (S_is_utf8(opt->charset)) {
        *out = pd_xstrndup(in, len);
        *out_len = len;
        return 0;
    }
    iconv_t cd = iconv_open(opt->charset, "UTF-8");
    if (cd == (iconv_t)-1)
        return pd_error(d, NULL, 0, 0, "unknown encoding '%s' (see `iconv --list`)", opt->charset);
    iconv_t cd_tr = (iconv_t)-1;
    int quotes_ok = 1;
    if (opt->translit) {
        char *name = pd_asprintf("%s//TRANSLIT", opt->charset);
        cd_tr = iconv_open(name, "UTF-8");
        free(name);
        /* «» are a pair: if the target lacks one of them (CP865 has « but not »), both become
         * straight quotes rather than leaving mismatched marks. */
        quotes_ok = S_representable(opt->charset, "«") && S_representable(opt->charset, "»");
    }
    pd_buf b = {0};
    int rc = 0;
    size_t i = 0;
    while (i < len) {
        /* Runs of ASCII-compatible bytes convert in one call; each other character alone, so
         * that a failure can be attributed to exactly one character. */
        size_t j = i;
        while (j < len && (unsigned char)in[j] < 0x80)
            j++;
        if (j > i && S_convert(cd, in + i, j - i, &b) < 0) {
            rc = S_unrepresentable(in, i, 1, opt, d);
            break;
        }
        if (j >= len)
            break;
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)in + j, (utf8proc_ssize_t)(len - j), &cp);
        if (n <= 0)
            n = 1;
        int is_quote = cp == 0xAB || cp == 0xBB;
        if ((is_quote && !quotes_ok) || S_convert(cd, in + j, (size_t)n, &b) < 0) {
            if (!opt->translit || S_translit_char(cd, cd_tr, in + j, (size_t)n, &b) < 0) {
                rc = S_unrepresentable(in, j, (size_t)n, opt, d);
                break;
            }
        }
        i = j + (size_t)n;
    }
    if (rc == 0)
        S_flush(cd, &b);
    iconv_close(cd);
    if (cd_tr != (iconv_t)-1)
        iconv_close(cd_tr);
    if (rc < 0) {
        pd_buf_free(&b);
        return -1;
    }
    *out = pd_buf_detach(&b, out_len);
    return 0;
}

char *pd_crlf(const char *in, size_t len, size_t *out_len)
{
    pd_buf b = {0};
    pd_buf_grow(&b, len + len / 16);
    for (size_t i = 0; i < len; i++) {
        if (in[i] == '\n')
            pd_buf_putc(&b, '\r');
        pd_buf_putc(&b, in[i]);
    }
    return pd_buf_detach(&b, out_len);
}
