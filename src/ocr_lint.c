/* Leftover OCR damage for `polidoc check`: the normaliser's repairs of words that are not words
 * of the lexicon ("pa", "mgte", "st@tte") and of mojibake, reported instead of applied. Valid
 * words that context might change ("for" / "før") are not reported: a linter that flags every
 * "for" would be ignored. */

#include "ocr_lint.h"
#include "normalize.h"

#include <string.h>

#define LINT_MIN_CONFIDENCE 0.6

int pd_ocr_lint(const pd_document *doc, pd_diags *d)
{
    if (!doc || !doc->text)
        return 0;
    const char *lang = doc->meta.lang ? doc->meta.lang : "nb";
    pd_normalize_options o = {
        .lang = strncmp(lang, "nn", 2) == 0 ? "nn" : "nb",
        .min_confidence = LINT_MIN_CONFIDENCE,
        .markdown = 1,
    };
    /* Only Norwegian has a model; other languages (se, en) are not linted for æ/ø/å. */
    if (strncmp(lang, "nb", 2) && strncmp(lang, "nn", 2) && strncmp(lang, "no", 2))
        return 0;
    pd_diags *tmp = pd_diags_new();
    pd_normalizer *nz = pd_normalizer_new(&o, tmp);
    pd_ocr_result r = {0};
    int warnings = 0;
    if (nz && pd_normalize_text(nz, doc->path, doc->text, doc->text_len, &r, tmp) == 0) {
        for (size_t i = 0; i < r.n_changes; i++) {
            const pd_ocr_change *c = &r.changes[i];
            int mojibake = strcmp(c->reason, "mojibake") == 0;
            if (!mojibake && (c->was_word || c->confidence < LINT_MIN_CONFIDENCE))
                continue;
            pd_warning(
                d, doc->path, c->line, c->column, "%s '%s': did you mean '%s'? (confidence %.2f)",
                mojibake ? "mojibake" : "possible OCR damage", c->before, c->after, c->confidence);
            warnings++;
        }
    }
    pd_ocr_result_free(&r);
    pd_normalizer_free(nz);
    pd_diags_free(tmp);
    return warnings;
}
