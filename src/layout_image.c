/* Images for figures: a source may only show images from its own folder (a policy document must
 * not be able to pull /etc/passwd or a neighbour's files into a PDF), and an image is decoded
 * once here so that a corrupt file is a clear error at its Markdown line instead of a broken page
 * or a crash in the PDF library. PNG is read with libpng, JPEG with libjpeg. */

#include "image_path.h"
#include "layout_impl.h"

#include <errno.h>
#include <jpeglib.h>
#include <limits.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Larger images are refused: decoding them would take more memory than a policy document's
 * figure can justify (and a 100,000 x 100,000 PNG header is a cheap denial of service). */
#define S_MAX_PIXELS (64u * 1024u * 1024u)

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} S_jpeg_error;

static void S_jpeg_fail(j_common_ptr cinfo)
{
    S_jpeg_error *e = (S_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, e->message);
    longjmp(e->jump, 1);
}

/* libjpeg reports damage it can work around (a truncated file) as warnings, level -1; counted
 * here, silently, since the default handler would print to stderr. */
static void S_jpeg_silence(j_common_ptr cinfo, int level)
{
    if (level < 0)
        cinfo->err->num_warnings++;
}

/* Decodes the whole JPEG so a truncated or damaged file is caught. Returns 0 or -1 with why. */
static int S_check_jpeg(FILE *f, int *w, int *h, char *why, size_t why_n)
{
    struct jpeg_decompress_struct cinfo;
    S_jpeg_error err;
    JSAMPARRAY row = NULL;
    cinfo.err = jpeg_std_error(&err.mgr);
    err.mgr.error_exit = S_jpeg_fail;
    err.mgr.emit_message = S_jpeg_silence;
    if (setjmp(err.jump)) {
        snprintf(why, why_n, "%s", err.message);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    if ((unsigned long)cinfo.image_width * cinfo.image_height > S_MAX_PIXELS) {
        snprintf(why, why_n, "%ux%u pixels is too large", cinfo.image_width, cinfo.image_height);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    *w = (int)cinfo.image_width;
    *h = (int)cinfo.image_height;
    jpeg_start_decompress(&cinfo);
    row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                     cinfo.output_width * cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height)
        jpeg_read_scanlines(&cinfo, row, 1);
    int warnings = (int)err.mgr.num_warnings;
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    if (warnings) {
        snprintf(why, why_n, "the JPEG data is damaged or truncated");
        return -1;
    }
    return 0;
}

typedef struct {
    jmp_buf jump;
    char message[200];
} S_png_error;

static void S_png_fail(png_structp png, png_const_charp msg)
{
    S_png_error *e = png_get_error_ptr(png);
    snprintf(e->message, sizeof e->message, "%s", msg);
    longjmp(e->jump, 1);
}

static void S_png_warn(png_structp png, png_const_charp msg)
{
    (void)png, (void)msg;
}

/* Decodes the whole PNG (CRCs, zlib stream) so that a damaged file is caught here. */
static int S_check_png(FILE *f, int *w, int *h, char *why, size_t why_n)
{
    S_png_error err = {0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, S_png_fail, S_png_warn);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep volatile row = NULL; /* volatile: set after setjmp, freed after longjmp */
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, NULL);
        snprintf(why, why_n, "out of memory");
        return -1;
    }
    if (setjmp(err.jump)) {
        snprintf(why, why_n, "%s", err.message);
        free(row);
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    png_set_user_limits(png, 100000, 100000);
    png_init_io(png, f);
    png_read_info(png, info);
    png_uint_32 pw = png_get_image_width(png, info), ph = png_get_image_height(png, info);
    if ((unsigned long long)pw * ph > S_MAX_PIXELS) {
        snprintf(why, why_n, "%ux%u pixels is too large", (unsigned)pw, (unsigned)ph);
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    *w = (int)pw;
    *h = (int)ph;
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    row = pd_xmalloc(png_get_rowbytes(png, info));
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < ph; y++)
            png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

int pd_image_probe(pd_lstate *st, const char *url, int line, int column, const char **path,
                   pd_image_type *type, int *px_w, int *px_h)
{
    const char *file = st->doc->path;
    char *real_img;
    if (pd_image_resolve(st->doc, url, line, column, &real_img, st->d) < 0)
        return -1;
    int rc = -1;
    FILE *f = NULL;
    f = fopen(real_img, "rb");
    if (!f) {
        pd_error(st->d, file, line, column, "image '%s': cannot open: %s", url, strerror(errno));
        goto done;
    }
    unsigned char magic[8] = {0};
    size_t got = fread(magic, 1, sizeof magic, f);
    rewind(f);
    char why[JMSG_LENGTH_MAX + 64] = "";
    if (got == 8 && !memcmp(magic, "\x89PNG\r\n\x1a\n", 8)) {
        *type = PD_IMAGE_PNG;
        rc = S_check_png(f, px_w, px_h, why, sizeof why);
    } else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
        *type = PD_IMAGE_JPEG;
        rc = S_check_jpeg(f, px_w, px_h, why, sizeof why);
    } else {
        pd_error(st->d, file, line, column, "image '%s' is neither PNG nor JPEG", url);
        goto done;
    }
    if (rc < 0) {
        pd_error(st->d, file, line, column, "image '%s' cannot be read: %s", url, why);
        goto done;
    }
    if (*px_w <= 0 || *px_h <= 0) {
        rc = pd_error(st->d, file, line, column, "image '%s' has no pixels", url);
        goto done;
    }
    /* The resolved path, so the emitter reads the very file checked here even if a symbolic
     * link in the source folder changes meanwhile. */
    *path = pd_arena_strdup(st->arena, real_img);
done:
    if (f)
        fclose(f);
    free(real_img);
    return rc;
}
