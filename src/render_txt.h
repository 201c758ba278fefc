#ifndef POLIDOC_RENDER_TXT_H
#define POLIDOC_RENDER_TXT_H

/* The plain-text edition: structure carried by symbols and blank lines, not layout, for screen
 * readers, braille and legacy systems. */

#include "document.h"
#include "formats.h"
#include "pagemap.h"

typedef struct {
    int wrap;                 /* hard-wrap at this many characters; 0 = never (default) */
    const pd_page_map *pages; /* print page starts to mark, or NULL */
} pd_txt_options;

/* Renders doc as UTF-8 (NFC, LF) into *out (caller frees). Images without alt text are warned
 * about in d. Returns 0; the renderer itself cannot fail on a parsed document. */
int pd_render_txt(const pd_document *doc, const pd_txt_options *opt, char **out, size_t *out_len,
                  pd_diags *d);

/* The "txt" format: renders, converts to the requested encoding and line ends. */
int pd_format_txt(pd_job *job, pd_buf *out);

#endif
