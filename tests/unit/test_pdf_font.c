#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pdf_font.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void S_set(unsigned char *used, unsigned c)
{
    used[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static void tounicode_rows_are_ranges_within_one_high_byte(void **state)
{
    (void)state;
    unsigned char *used = calloc(8192, 1);
    for (unsigned c = 'A'; c <= 'C'; c++)
        S_set(used, c);
    S_set(used, 0xE6);  /* æ */
    S_set(used, 0x1FF); /* a run across a 256-code boundary is cut there */
    S_set(used, 0x200);
    S_set(used, 0x201);
    pd_buf b = {0};
    pd_pdf_tounicode_cmap(used, &b);
    assert_non_null(strstr(b.data, "4 beginbfrange\n"
                                   "<0041> <0043> <0041>\n"
                                   "<00E6> <00E6> <00E6>\n"
                                   "<01FF> <01FF> <01FF>\n"
                                   "<0200> <0201> <0200>\n"
                                   "endbfrange\n"));
    /* Only bfrange: a ToUnicode CMap must not use cidrange or notdefrange. */
    assert_null(strstr(b.data, "cidrange"));
    assert_null(strstr(b.data, "notdef"));
    assert_non_null(strstr(b.data, "<0000> <FFFF>\nendcodespacerange"));
    pd_buf_free(&b);
    free(used);
}

static void tounicode_blocks_hold_at_most_100_rows(void **state)
{
    (void)state;
    unsigned char *used = calloc(8192, 1);
    for (unsigned c = 0x100; c < 0x100 + 2 * 250; c += 2) /* 250 single-code rows */
        S_set(used, c);
    pd_buf b = {0};
    pd_pdf_tounicode_cmap(used, &b);
    assert_non_null(strstr(b.data, "100 beginbfrange\n"));
    assert_non_null(strstr(b.data, "50 beginbfrange\n"));
    size_t rows = 0;
    for (const char *p = b.data; (p = strstr(p, "> <")); p += 3)
        rows++;
    assert_int_equal(rows, 2 * 250 + 1); /* two "> <" per row, one in the codespace */
    pd_buf_free(&b);
    free(used);
}

static void drawable_replaces_only_what_libharu_cannot_draw(void **state)
{
    (void)state;
    char *tmp;
    const char *s = "Sámi čđŋšŧž æøå";
    assert_ptr_equal(pd_pdf_font_drawable(s, &tmp), s);
    assert_null(tmp);
    /* U+1F600 is outside the BMP: 16-bit codes cannot carry it. */
    const char *r = pd_pdf_font_drawable("a\xF0\x9F\x98\x80"
                                         "b",
                                         &tmp);
    assert_string_equal(r, "a\xEF\xBF\xBD"
                           "b");
    free(tmp);
}

static void load_failure_names_the_file(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    pd_pdf_font *f = pd_pdf_font_new("/nonexistent/NoSuchFont.ttf");
    pd_pdf_font_use(f, "abc");
    assert_int_equal(pd_pdf_font_load(f, pdf, d), -1);
    assert_null(pd_pdf_font_handle(f));
    assert_string_equal(pd_diags_at(d, 0)->file, "/nonexistent/NoSuchFont.ttf");
    /* Finishing a font that never loaded is harmless. */
    assert_int_equal(pd_pdf_font_finish(f, d), 0);
    pd_pdf_font_free(f);
    HPDF_Free(pdf);
    pd_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tounicode_rows_are_ranges_within_one_high_byte),
        cmocka_unit_test(tounicode_blocks_hold_at_most_100_rows),
        cmocka_unit_test(drawable_replaces_only_what_libharu_cannot_draw),
        cmocka_unit_test(load_failure_names_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
