#ifndef POLIDOC_PDF_META_H
#define POLIDOC_PDF_META_H

/* Document-level PDF objects: identification and archival (PDF/A-2a or -3a with PDF/UA-1),
 * written with libharu's object layer rather than its PDF/A helper, which in 2.3.0 can only
 * declare PDF/A-1, misspells a key and silently adds nothing when the dates are unset.
 *
 * pd_pdf_meta_write sets the file version to 1.7 and writes the Info dictionary and the XMP
 * packet from the front matter (one source for both, so they agree), the catalog's /Lang and
 * /ViewerPreferences << /DisplayDocTitle true >>, an sRGB OutputIntent and the trailer /ID.
 * Nothing depends on the clock or on chance: dates come from the front matter, the /ID from
 * bytes the caller derives from the content. */

#include "diag.h"
#include "frontmatter.h"
#include "layout.h"
#include "util.h"
#include <hpdf.h>
#include <stddef.h>

/* Where Debian's icc-profiles-free installs the sRGB profile used for the OutputIntent. */
#define PD_PDF_SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"

typedef struct {
    const pd_metadata *meta; /* title, organisation (author), description (subject), keywords,
                              * lang, date (creation and modification date) */
    int pdfa_part;           /* 2 for the editions, 3 for the archival copy */
    const char *producer;    /* e.g. "polidoc 0.1.0" */
    const char *icc_path;    /* sRGB ICC profile; NULL = PD_PDF_SRGB_PROFILE */
    const void *id_seed;     /* the trailer /ID is the MD5 of these bytes */
    size_t id_seed_len;
} pd_pdf_meta;

/* Writes the objects described above into pdf. file names the source in diagnostics. Returns 0,
 * or -1 with an error: the ICC profile missing or not an RGB profile, a date that is not
 * YYYY-MM-DD, libharu failure. */
int pd_pdf_meta_write(HPDF_Doc pdf, const pd_pdf_meta *m, const char *file, pd_diags *d);

/* Embeds data[0..len) as the associated file `name` (PDF/A-3, ISO 19005-3 6.8): an
 * EmbeddedFile stream of MIME type mime with /Params /Size, /ModDate (from date, YYYY-MM-DD) and
 * /CheckSum, a file specification with /F, /UF, /Desc and /AFRelationship /Source, listed in the
 * catalog's /AF and /Names /EmbeddedFiles. Returns 0, or -1 with an error. */
int pd_pdf_meta_embed_source(HPDF_Doc pdf, const char *name, const char *mime, const void *data,
                             size_t len, const char *date, const char *desc, const char *file,
                             pd_diags *d);

/* Writes the catalog's /PageLabels from layout's ranges (lower-case roman or decimal, each with
 * its start number). Returns 0, or -1 with an error. */
int pd_pdf_meta_page_labels(HPDF_Doc pdf, const pd_label_range *ranges, size_t n, const char *file,
                            pd_diags *d);

/* The XMP packet pd_pdf_meta_write embeds (UTF-8), for tests. Returns 0 and fills out, or -1 with
 * an error for a bad date. */
int pd_pdf_meta_xmp(const pd_pdf_meta *m, pd_buf *out, const char *file, pd_diags *d);

#endif
