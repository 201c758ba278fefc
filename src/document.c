#include "document.h"
#include "decode.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int pd_document_parse(const char *path, const char *bytes, size_t len, const pd_load_options *opt,
                      pd_document **out, pd_diags *d)
{
    *out = NULL;
    pd_document *doc = pd_xcalloc(1, sizeof *doc);
    doc->path = pd_xstrdup(path);
    doc->slug = pd_path_stem(path);
    doc->dir = pd_path_dir(path);
    if (pd_decode(path, (const unsigned char *)bytes, len, opt ? opt->input_encoding : NULL,
                  &doc->text, &doc->text_len, d) < 0)
        goto fail;
    if (pd_frontmatter_parse(path, doc->text, doc->text_len, &doc->meta, &doc->body_offset,
                             &doc->body_line, d) < 0)
        goto fail;
    doc->root = cmark_parse_document(doc->text + doc->body_offset, doc->text_len - doc->body_offset,
                                     CMARK_OPT_SOURCEPOS);
    if (!doc->root) {
        pd_error(d, path, doc->body_line, 1, "cmark could not parse the Markdown body");
        goto fail;
    }
    *out = doc;
    return 0;
fail:
    pd_document_free(doc);
    return -1;
}

int pd_document_load(const char *path, const pd_load_options *opt, pd_document **out, pd_diags *d)
{
    char *bytes;
    size_t len;
    *out = NULL;
    if (pd_read_file(path, &bytes, &len) < 0)
        return pd_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
    int rc = pd_document_parse(path, bytes, len, opt, out, d);
    free(bytes);
    return rc;
}

void pd_document_free(pd_document *doc)
{
    if (!doc)
        return;
    if (doc->root)
        cmark_node_free(doc->root);
    pd_metadata_free(&doc->meta);
    free(doc->text);
    free(doc->path);
    free(doc->slug);
    free(doc->dir);
    free(doc);
}

int pd_node_line(const pd_document *doc, cmark_node *node)
{
    int line = cmark_node_get_start_line(node);
    while (line == 0 && node && (node = cmark_node_parent(node)))
        line = cmark_node_get_start_line(node); /* inlines carry no position in cmark 0.30 */
    return line > 0 ? line + doc->body_line - 1 : doc->body_line;
}

char *pd_node_plain_text(cmark_node *node)
{
    pd_buf b = {0};
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
            pd_buf_puts(&b, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            pd_buf_putc(&b, ' ');
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return pd_buf_detach(&b, NULL);
}

int pd_link_is_autolink(cmark_node *link, const char *text)
{
    const char *url = cmark_node_get_url(link);
    return url && (!strcmp(text, url) || (!strncmp(url, "mailto:", 7) && !strcmp(text, url + 7)));
}
