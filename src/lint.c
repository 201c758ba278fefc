#include "lint.h"
#include "ocr_lint.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int S_is_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return 0;
    return 1;
}

int pd_lint_document(const pd_document *doc, pd_diags *d)
{
    size_t before = pd_diags_len(d);
    int last_level = 0;
    cmark_iter *it = cmark_iter_new(doc->root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        int line = pd_node_line(doc, n);
        int col = cmark_node_get_start_column(n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING: {
            int level = cmark_node_get_heading_level(n);
            if (level > last_level + 1)
                pd_warning(d, doc->path, line, col,
                           "heading level %d follows level %d: a level is skipped (screen "
                           "readers navigate by levels; the title is the one level above #)",
                           level, last_level);
            last_level = level;
            char *text = pd_node_plain_text(n);
            if (S_is_blank(text))
                pd_warning(d, doc->path, line, col, "empty heading");
            free(text);
            break;
        }
        case CMARK_NODE_IMAGE: {
            char *alt = pd_node_plain_text(n);
            if (S_is_blank(alt))
                pd_warning(d, doc->path, line, col, "image '%s' has no alt text",
                           cmark_node_get_url(n));
            free(alt);
            break;
        }
        case CMARK_NODE_LINK: {
            const char *url = cmark_node_get_url(n);
            char *text = pd_node_plain_text(n);
            if (!url || !*url)
                pd_warning(d, doc->path, line, col, "link '%s' has no target", text);
            else if (!strncasecmp(url, "javascript:", 11))
                pd_warning(d, doc->path, line, col,
                           "javascript: link: it is dropped from every edition");
            if (S_is_blank(text) && !cmark_node_first_child(n))
                pd_warning(d, doc->path, line, col, "link to '%s' has no text", url ? url : "");
            else if (S_is_blank(text))
                pd_warning(d, doc->path, line, col,
                           "link to '%s' has no readable text (a screen reader would say "
                           "nothing)",
                           url ? url : "");
            free(text);
            break;
        }
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE:
            pd_warning(d, doc->path, line, col,
                       "raw HTML: printed as text in the text edition and escaped in the EPUB; "
                       "use Markdown instead");
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    pd_ocr_lint(doc, d);
    return (int)(pd_diags_len(d) - before);
}
