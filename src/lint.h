#ifndef POLIDOC_LINT_H
#define POLIDOC_LINT_H

/* What `polidoc check` looks for in a loaded source beyond what loading itself rejects. */

#include "document.h"

/* Adds a warning with file:line:column for each problem: a heading level skipped, an image
 * without alt text, a link with no text or no target, a javascript: link, raw HTML, leftover
 * OCR damage. Returns the number of warnings added. */
int pd_lint_document(const pd_document *doc, pd_diags *d);

#endif
