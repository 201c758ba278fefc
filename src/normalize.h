#ifndef POLIDOC_NORMALIZE_H
#define POLIDOC_NORMALIZE_H

/* OCR repair of æ/ø/å (`polidoc normalize`, and `polidoc build` for `source: scanned`).
 *
 * Text from an OCR engine that lacks the Norwegian letters reads "Kommunedirektgrens", "& vage",
 * "mgte og Igse", "st@tte", "KJBNNENE". The normaliser first reverses mojibake (UTF-8 once read
 * as Windows-1252), then, word by word, proposes candidates from a confusion model searched
 * through a lexicon of Norwegian word forms (normalize_candidates.h) and lets a word bigram
 * model of clean Norwegian text choose among them in context (Viterbi over each sentence).
 * Valid words are changed only when context makes a confusion partner clearly more likely
 * ("mal" -> "mål"); URLs, e-mail addresses, numbers, codes and (in Markdown) front-matter keys,
 * code and link destinations are never touched; the output keeps every other byte.
 *
 * The model is read-only data linked into the binary: a normaliser costs nothing to make and
 * may be used by several threads at once. */

#include "diag.h"
#include "document.h"
#include "job.h"

#include <stddef.h>

typedef struct pd_normalizer pd_normalizer;

typedef struct {
    const char *lang;      /* "nb" (default when NULL) or "nn"; "nb-NO" etc. accepted */
    double min_confidence; /* changes less certain than this are reported, not applied */
    int markdown;          /* the input is a Markdown source with YAML front matter */
} pd_normalize_options;

#define PD_NORMALIZE_DEFAULT_CONFIDENCE 0.5
/* `polidoc build` repairs scanned sources that a reviewer has normally been through already:
 * there only near-certain repairs are applied, the rest are listed for review. */
#define PD_NORMALIZE_BUILD_CONFIDENCE 0.9

/* One proposed repair. `applied` is 0 for a change below the minimum confidence (a "review"). */
typedef struct {
    int line, column;  /* 1-based; column in characters, in the input */
    size_t offset;     /* byte offset in the input */
    char *before;      /* the input's bytes */
    char *after;       /* what they became (or would become) */
    double confidence; /* 0..1 */
    char *reason;      /* e.g. "ø", "å,space", "mojibake" */
    int applied;
    int was_word; /* `before` was itself a word of the lexicon (a context decision) */
} pd_ocr_change;

typedef struct {
    char *text; /* the repaired text, NUL-terminated */
    size_t len;
    pd_ocr_change *changes;
    size_t n_changes;
    size_t words; /* words examined */
} pd_ocr_result;

/* Returns a normaliser for opt (NULL = defaults), or NULL with an error in d when there is no
 * model for the language. Free with pd_normalizer_free. */
pd_normalizer *pd_normalizer_new(const pd_normalize_options *opt, pd_diags *d);
void pd_normalizer_free(pd_normalizer *nz);

/* Repairs text[0..len) read from path (used in messages only). On success returns 0 and fills
 * *out (free with pd_ocr_result_free). Fails with -1 and an error at file:line:column when the
 * text is not valid UTF-8 or contains a NUL byte. Never reads past len; linear time. */
int pd_normalize_text(const pd_normalizer *nz, const char *path, const char *text, size_t len,
                      pd_ocr_result *out, pd_diags *d);
void pd_ocr_result_free(pd_ocr_result *r);

/* The report: a header line, then one line per change:
 * line TAB column TAB before TAB after TAB confidence TAB reason ("review: …" when not applied).
 * Returns a new NUL-terminated string (caller frees); *len gets its length. */
char *pd_ocr_report_tsv(const pd_ocr_result *r, size_t *len);

/* `polidoc normalize [--lang nb|nn] [--report FILE] [--min-confidence X] [--markdown] [FILE]`.
 * argv[0] is "normalize". Returns 0, 1 (input could not be read or repaired), 2 (usage). */
int pd_cmd_normalize(int argc, char **argv);

/* For `polidoc build` of a `source: scanned` document: repairs doc's whole source (front
 * matter values and Markdown body) in place — doc->text, metadata and AST are replaced by
 * those of the repaired text — and writes <slug>.ocr-report.tsv with pd_job_write. Uses the
 * document's lang (nn-* selects Nynorsk). Returns 0, or -1 with errors in job->diags (doc is
 * then unchanged). */
int pd_ocr_repair_job(pd_job *job, pd_document *doc);

#endif
