#include "epub_xml.h"

#include <string.h>

void pd_xml_escape(pd_buf *b, const char *s, size_t n)
{
    size_t start = 0; /* unescaped bytes are copied in runs, not one by one */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep;
        if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"')
            rep = "&quot;";
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            rep = "";
        else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
                 ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
            /* U+FFFE and U+FFFF are not XML characters either. */
            pd_buf_put(b, s + start, i - start);
            i += 2;
            start = i + 1;
            continue;
        } else
            continue;
        pd_buf_put(b, s + start, i - start);
        pd_buf_puts(b, rep);
        start = i + 1;
    }
    pd_buf_put(b, s + start, n - start);
}

void pd_xml_escape_str(pd_buf *b, const char *s)
{
    if (s)
        pd_xml_escape(b, s, strlen(s));
}

static int S_is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986 unreserved and reserved characters, plus '%' for escapes already present. */
static int S_url_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("-._~:/?#@!$&'()*+,;=%", c));
}

void pd_xml_url(pd_buf *b, const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p == '&')
            pd_buf_puts(b, "&amp;");
        else if (*p == '\'')
            pd_buf_puts(b, "%27");
        else if (*p == '%' && !(S_is_hex(p[1]) && S_is_hex(p[2])))
            pd_buf_puts(b, "%25");
        else if (S_url_safe(*p))
            pd_buf_putc(b, (char)*p);
        else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            pd_buf_put(b, e, 3);
        }
    }
}

void pd_xhtml_open(pd_buf *b, const char *lang, const char *title, const char *css_href,
                   const char *body_attrs)
{
    pd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                   "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    pd_xml_escape_str(b, lang);
    pd_buf_puts(b, "\" xml:lang=\"");
    pd_xml_escape_str(b, lang);
    pd_buf_puts(b, "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    pd_xml_escape_str(b, title);
    pd_buf_puts(b, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"");
    pd_xml_url(b, css_href);
    pd_buf_printf(b, "\"/>\n</head>\n<body%s>\n", body_attrs);
}

void pd_xhtml_close(pd_buf *b)
{
    pd_buf_puts(b, "</body>\n</html>\n");
}
