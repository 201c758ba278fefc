#ifndef POLIDOC_OCR_LINT_H
#define POLIDOC_OCR_LINT_H

/* Flags words in a source that look like leftover OCR damage of æ/ø/å, for `polidoc check`. */

#include "document.h"

/* Adds a warning at file:line:column for each suspicious word, with a suggestion where one is
 * known. Returns the number of warnings added (never fails). */
int pd_ocr_lint(const pd_document *doc, pd_diags *d);

#endif
