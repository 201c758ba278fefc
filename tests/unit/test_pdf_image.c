#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pdf_image.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

/* Writes data[0..len) to a new temporary file; returns its path (caller unlinks and frees). */
static char *S_temp(const void *data, size_t len)
{
    char *path = pd_xstrdup("/tmp/polidoc-test-image-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

static HPDF_Image S_load(const char *path, pd_pdf_image_type type, pd_diags *d)
{
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_Image img = pd_pdf_image_load(pdf, path, type, d);
    HPDF_Image ok = img;
    HPDF_Free(pdf);
    return ok;
}

static void valid_png_and_jpeg_load(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    assert_non_null(S_load(FIXTURES "/img/diagram.png", PD_PDF_IMAGE_PNG, d));
    assert_non_null(S_load(FIXTURES "/img/photo.jpg", PD_PDF_IMAGE_JPEG, d));
    assert_int_equal(pd_diags_len(d), 0);
    pd_diags_free(d);
}

static void bad_images_are_errors_naming_the_file(void **state)
{
    (void)state;
    char *png = NULL, *jpg = NULL;
    size_t png_len, jpg_len;
    assert_int_equal(pd_read_file(FIXTURES "/img/diagram.png", &png, &png_len), 0);
    assert_int_equal(pd_read_file(FIXTURES "/img/photo.jpg", &jpg, &jpg_len), 0);
    struct {
        const void *data;
        size_t len;
        pd_pdf_image_type type;
        const char *says;
    } cases[] = {
        {"\x89PNG\r\n\x1a\nnot really", 18, PD_PDF_IMAGE_PNG, "PNG"},
        {png, png_len / 2, PD_PDF_IMAGE_PNG, "PNG"}, /* truncated */
        {"\xFF\xD8\xFF\xE0 nope", 9, PD_PDF_IMAGE_JPEG, "JPEG"},
        {jpg, jpg_len / 2, PD_PDF_IMAGE_JPEG, "JPEG"}, /* truncated */
        {"", 0, PD_PDF_IMAGE_PNG, "PNG"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pd_diags *d = pd_diags_new();
        char *path = S_temp(cases[i].data, cases[i].len);
        assert_null(S_load(path, cases[i].type, d));
        assert_int_equal(pd_diags_count(d, PD_ERROR), 1);
        assert_string_equal(pd_diags_at(d, 0)->file, path);
        assert_non_null(strstr(pd_diags_at(d, 0)->message, cases[i].says));
        unlink(path);
        free(path);
        pd_diags_free(d);
    }
    pd_diags *d = pd_diags_new();
    assert_null(S_load("/nonexistent/bilde.png", PD_PDF_IMAGE_PNG, d));
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "cannot read"));
    pd_diags_free(d);
    free(png);
    free(jpg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_png_and_jpeg_load),
        cmocka_unit_test(bad_images_are_errors_naming_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
