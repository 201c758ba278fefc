#include "pdf_image.h"
#include "util.h"

#include <errno.h>
#include <jpeglib.h>
/* after jpeglib.h, which it needs */
#include <jerror.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_PIXELS 100000000u

static HPDF_Image S_png(HPDF_Doc pdf, const char *path, const char *data, size_t len, pd_diags *d)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len)) {
        pd_error(d, path, 0, 0, "not a valid PNG image: %s", img.message);
        png_image_free(&img);
        return NULL;
    }
    if ((unsigned long long)img.width * img.height > S_MAX_PIXELS) {
        pd_error(d, path, 0, 0, "PNG image of %ux%u pixels is too large", img.width, img.height);
        png_image_free(&img);
        return NULL;
    }
    img.format = PNG_FORMAT_RGB;
    unsigned char *px = pd_xmalloc(PNG_IMAGE_SIZE(img));
    png_color white = {255, 255, 255};
    HPDF_Image out = NULL;
    if (!png_image_finish_read(&img, &white, px, 0, NULL)) {
        pd_error(d, path, 0, 0, "corrupt PNG image: %s", img.message);
    } else {
        out = HPDF_LoadRawImageFromMem(pdf, px, img.width, img.height, HPDF_CS_DEVICE_RGB, 8);
        if (!out) {
            HPDF_ResetError(pdf);
            pd_error(d, path, 0, 0, "PDF: libharu cannot embed the image");
        }
    }
    free(px);
    png_image_free(&img);
    return out;
}

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int truncated;
} S_jpeg_error;

static void S_jpeg_exit(j_common_ptr cinfo)
{
    S_jpeg_error *e = (S_jpeg_error *)cinfo->err;
    e->pub.format_message(cinfo, e->message);
    longjmp(e->jump, 1);
}

/* Notes a premature end of data (libjpeg pads the image with grey and only warns); other
 * warnings (e.g. extraneous bytes) are harmless and ignored, silently. */
static void S_jpeg_quiet(j_common_ptr cinfo, int level)
{
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
        ((S_jpeg_error *)cinfo->err)->truncated = 1;
}

/* Decodes the whole file (libjpeg stops at the first real error) and reports its components. */
static int S_jpeg_check(const char *path, const char *data, size_t len, int *components,
                        pd_diags *d)
{
    struct jpeg_decompress_struct cinfo;
    S_jpeg_error err;
    JSAMPARRAY row = NULL;
    memset(&err, 0, sizeof err);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = S_jpeg_exit;
    err.pub.emit_message = S_jpeg_quiet;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return pd_error(d, path, 0, 0, "corrupt JPEG image: %s", err.message);
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (const unsigned char *)data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    if ((unsigned long long)cinfo.image_width * cinfo.image_height > S_MAX_PIXELS) {
        jpeg_destroy_decompress(&cinfo);
        return pd_error(d, path, 0, 0, "JPEG image too large");
    }
    *components = cinfo.num_components;
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        return pd_error(d, path, 0, 0,
                        "CMYK JPEG images are not supported (the PDF/A output intent is sRGB); "
                        "convert the image to RGB");
    }
    jpeg_start_decompress(&cinfo);
    row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                     cinfo.output_width * (JDIMENSION)cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height)
        jpeg_read_scanlines(&cinfo, row, 1);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (err.truncated)
        return pd_error(d, path, 0, 0, "truncated JPEG image");
    return 0;
}

HPDF_Image pd_pdf_image_load(HPDF_Doc pdf, const char *path, pd_pdf_image_type type, pd_diags *d)
{
    char *data = NULL;
    size_t len = 0;
    if (pd_read_file(path, &data, &len) < 0) {
        pd_error(d, path, 0, 0, "cannot read image: %s", strerror(errno));
        return NULL;
    }
    HPDF_Image img = NULL;
    if (type == PD_PDF_IMAGE_PNG) {
        img = S_png(pdf, path, data, len, d);
    } else {
        int components = 0;
        if (S_jpeg_check(path, data, len, &components, d) == 0) {
            img = HPDF_LoadJpegImageFromMem(pdf, (const HPDF_BYTE *)data, (HPDF_UINT)len);
            if (!img) {
                HPDF_ResetError(pdf);
                pd_error(d, path, 0, 0, "PDF: libharu cannot embed the JPEG image");
            }
        }
    }
    free(data);
    return img;
}
