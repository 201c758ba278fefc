#ifndef POLIDOC_DOCUMENT_H
#define POLIDOC_DOCUMENT_H

/* A loaded source: decoded text, front matter and the cmark AST of the body. Every renderer
 * reads a pd_document and never changes it, so one document can feed renderers in parallel. */

#include "diag.h"
#include "frontmatter.h"
#include <cmark.h>
#include <stddef.h>

typedef struct {
    const char *input_encoding; /* iconv name, or NULL for UTF-8 (BOM honoured) */
} pd_load_options;

typedef struct {
    char *path; /* as given on the command line */
    char *slug; /* file name without directory and extension */
    char *dir;  /* the source's folder: images are resolved (and confined) here */
    char *text; /* whole decoded source, UTF-8 NFC, LF line ends */
    size_t text_len;
    pd_metadata meta;
    size_t body_offset; /* byte offset of the Markdown body in text */
    int body_line;      /* 1-based line of the body's first line in the file */
    cmark_node *root;   /* CMARK_NODE_DOCUMENT, parsed with CMARK_OPT_SOURCEPOS */
} pd_document;

/* Reads, decodes and parses path. Returns 0 and sets *out (free with pd_document_free), or -1
 * with errors in d and *out NULL. Warnings (unknown keys …) are added to d either way. */
int pd_document_load(const char *path, const pd_load_options *opt, pd_document **out, pd_diags *d);

/* Parses an in-memory source as if read from path (for tests and `normalize`). Same contract. */
int pd_document_parse(const char *path, const char *bytes, size_t len, const pd_load_options *opt,
                      pd_document **out, pd_diags *d);

void pd_document_free(pd_document *doc);

/* The file line of a node (its sourcepos start line, shifted past the front matter). */
int pd_node_line(const pd_document *doc, cmark_node *node);

/* Whether a link shows its own address as its text (an autolink, <https://…> or
 * <name@example.no>): every edition prints such a link once, without a note number, so all
 * editions keep the same words. text is the link's plain text (pd_node_plain_text). */
int pd_link_is_autolink(cmark_node *link, const char *text);

/* A node's plain text: the literal text of every descendant, soft breaks as spaces. Caller
 * frees. Used for headings in TOCs, bookmarks and alt text. */
char *pd_node_plain_text(cmark_node *node);

#endif
