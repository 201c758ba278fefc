/* OCR repair inside `polidoc build`, for sources whose front matter says `source: scanned`. */

#include "normalize.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int pd_ocr_repair_job(pd_job *job, pd_document *doc)
{
    const char *lang = doc->meta.lang ? doc->meta.lang : "nb";
    pd_normalize_options o = {
        .lang = strncmp(lang, "nn", 2) == 0 ? "nn" : "nb",
        .min_confidence = PD_NORMALIZE_BUILD_CONFIDENCE,
        .markdown = 1,
    };
    pd_normalizer *nz = pd_normalizer_new(&o, job->diags);
    if (!nz)
        return -1;
    pd_ocr_result r = {0};
    int rc = -1;
    pd_document *fresh = NULL;
    if (pd_normalize_text(nz, doc->path, doc->text, doc->text_len, &r, job->diags) < 0)
        goto done;
    size_t applied = 0;
    for (size_t i = 0; i < r.n_changes; i++)
        applied += r.changes[i].applied != 0;
    if (applied) {
        pd_warning(job->diags, doc->path, 0, 0,
                   "%zu OCR repair%s applied to this scanned source; see %s.ocr-report.tsv and "
                   "fix the source",
                   applied, applied == 1 ? "" : "s", doc->slug);
        /* The repaired text is UTF-8 already: parse it as such, whatever the source's
         * encoding was. */
        pd_load_options load = {0};
        if (pd_document_parse(doc->path, r.text, r.len, &load, &fresh, job->diags) < 0)
            goto done;
        pd_document tmp = *doc;
        *doc = *fresh;
        *fresh = tmp;
    }
    size_t len;
    char *tsv = pd_ocr_report_tsv(&r, &len);
    char *name = pd_asprintf("%s.ocr-report.tsv", doc->slug);
    rc = pd_job_write(job, name, tsv, len);
    free(name);
    free(tsv);
done:
    pd_document_free(fresh);
    pd_ocr_result_free(&r);
    pd_normalizer_free(nz);
    return rc;
}
