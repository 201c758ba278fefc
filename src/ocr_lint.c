#include "ocr_lint.h"

/* Placeholder until the OCR repair engine lands (issue 3): reports nothing. */
int pd_ocr_lint(const pd_document *doc, pd_diags *d)
{
    (void)doc;
    (void)d;
    return 0;
}
