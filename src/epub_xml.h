#ifndef POLIDOC_EPUB_XML_H
#define POLIDOC_EPUB_XML_H

/* The XML writing that every EPUB part shares: escaping text and attribute values, URLs in
 * attributes, and the frame of an XHTML content document. Nothing here can fail: input is
 * UTF-8 as pd_decode makes it, and characters XML 1.0 cannot carry are left out. */

#include "util.h"
#include <stddef.h>

/* Appends s[0..n) escaped for XML text and double-quoted attribute values (& < > "). C0 control
 * characters other than tab, LF and CR are dropped: no XML parser would accept them. */
void pd_xml_escape(pd_buf *b, const char *s, size_t n);
void pd_xml_escape_str(pd_buf *b, const char *s);

/* Appends url for an href/src attribute: bytes outside the URL-safe set (spaces, non-ASCII,
 * quotes, angle brackets …) are percent-encoded, existing %XX escapes kept, & written as &amp;. */
void pd_xml_url(pd_buf *b, const char *url);

/* Appends the start of an XHTML5 content document up to and including <body…>: XML declaration,
 * doctype, <html> with lang and xml:lang, <title>, the stylesheet link (css_href, relative to the
 * document) and body_attrs (raw, e.g. ` epub:type="bodymatter"`, or ""). */
void pd_xhtml_open(pd_buf *b, const char *lang, const char *title, const char *css_href,
                   const char *body_attrs);
/* Appends "</body></html>". */
void pd_xhtml_close(pd_buf *b);

#endif
