/* The OCR repair models, compiled at build time (src/tools/mkocrmodel.c, see the Makefile) and
 * linked in as read-only data: nothing to load or parse at start-up. PD_OCR_MODEL_DIR is the
 * build directory that holds ocr-nb.bin and ocr-nn.bin. */

#include "normalize_model.h"
#include "embed.h"

#include <string.h>

#ifndef PD_OCR_MODEL_DIR
#define PD_OCR_MODEL_DIR "build"
#endif

PD_EMBED(pd_ocr_blob_nb, PD_OCR_MODEL_DIR, "ocr-nb.bin");
PD_EMBED(pd_ocr_blob_nn, PD_OCR_MODEL_DIR, "ocr-nn.bin");

int pd_ocr_model_get(const char *lang, pd_ocr_model *m)
{
    if (lang && (!strncmp(lang, "nn", 2)))
        return pd_ocr_model_open(pd_ocr_blob_nn, (size_t)(pd_ocr_blob_nn_end - pd_ocr_blob_nn), m);
    if (!lang || !strncmp(lang, "nb", 2) || !strncmp(lang, "no", 2))
        return pd_ocr_model_open(pd_ocr_blob_nb, (size_t)(pd_ocr_blob_nb_end - pd_ocr_blob_nb), m);
    memset(m, 0, sizeof *m);
    return -1;
}
