#ifndef POLIDOC_PDF_EMIT_H
#define POLIDOC_PDF_EMIT_H

/* The PDF editions: draws a pd_layout with libharu and tags it (pdf_tags.c) as PDF/UA-1 with
 * PDF/A-2a (editions) or PDF/A-3a (archival copy) identification (pdf_meta.c).
 *
 * What the emitter adds to the layout: the fonts (pdf_font.c: embedded subsets with a correct
 * ToUnicode CMap), images (pdf_image.c), link annotations (URI or internal GoTo, each tagged with
 * an OBJR under its Link element, /Contents = the link text), bookmarks mirroring the heading
 * outline (open in the digital edition), page labels, metadata. Every box is drawn inside marked
 * content: its element's (one MCID per run of boxes of one element) or an artifact. A Figure
 * whose alt text is empty is decorative: its image is drawn as an artifact and the element is
 * left out of the tree (PDF/UA requires alt text on every Figure).
 *
 * Output is deterministic: no clock, no addresses; dates come from the front matter and the
 * trailer /ID and font subset tags from the content. */

#include "diag.h"
#include "document.h"
#include "fontset.h"
#include "formats.h"
#include "layout.h"
#include "util.h"

typedef struct {
    int pdfa_part;        /* 2: digital and print editions (PDF/A-2a); 3: archival copy */
    const char *edition;  /* "pdf", "print", "archive": part of the trailer /ID's seed */
    int open_outline;     /* bookmarks panel shown and expanded (digital edition) */
    int embed_source;     /* embed the source file (doc->path) as /AF (archival copy) */
    const char *icc_path; /* NULL = PD_PDF_SRGB_PROFILE (pdf_meta.h) */
} pd_pdf_emit_options;

/* Draws layout (made from doc with fonts) into a new PDF in *out (appended). Returns 0, or -1
 * with an error in d: a font or image that cannot be loaded, an inconsistent layout (element or
 * link index out of range, a parent after its child), libharu failure. On failure out holds
 * nothing usable (the caller writes nothing). */
int pd_pdf_emit(const pd_document *doc, const pd_layout *layout, const pd_fontset *fonts,
                const pd_pdf_emit_options *opt, pd_buf *out, pd_diags *d);

/* The formats (formats.h): digital edition <slug>.pdf, print edition <slug>.print.pdf, archival
 * copy <slug>.archive.pdf (the print layout with the source embedded). */
int pd_format_pdf(pd_job *job, pd_buf *out);
int pd_format_print(pd_job *job, pd_buf *out);
int pd_format_archive(pd_job *job, pd_buf *out);

#endif
