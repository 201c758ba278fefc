#ifndef POLIDOC_PDF_IMAGE_H
#define POLIDOC_PDF_IMAGE_H

/* Images for the PDF editions, decoded and checked by polidoc before libharu sees them.
 *
 * PNG files are decoded with libpng's simplified API (every PNG colour type and bit depth;
 * transparency composited onto white, since PDF/A-2 pages are opaque) and handed to libharu as
 * 8-bit RGB samples, Flate-compressed; libharu's own PNG reader is never used, so that libpng's
 * errors come back as polidoc errors. JPEG files are decoded once with libjpeg to prove they are
 * whole (a truncated file is an error, though libjpeg itself only warns), then embedded unchanged
 * (DCTDecode); CMYK JPEGs are refused, because the PDF/A output intent is sRGB. */

#include "diag.h"
#include <hpdf.h>

typedef enum { PD_PDF_IMAGE_PNG, PD_PDF_IMAGE_JPEG } pd_pdf_image_type;

/* Loads the image file at path into pdf. Returns the libharu image, or NULL with an error naming
 * path: missing or unreadable file, not a valid PNG/JPEG, corrupt or truncated data, more than
 * 100 million pixels, a CMYK JPEG. */
HPDF_Image pd_pdf_image_load(HPDF_Doc pdf, const char *path, pd_pdf_image_type type, pd_diags *d);

#endif
