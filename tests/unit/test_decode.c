#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "decode.h"
#include <stdlib.h>
#include <string.h>

static int S_decode(const char *bytes, size_t len, const char *enc, char **out, pd_diags **d)
{
    size_t n;
    *d = pd_diags_new();
    return pd_decode("t.md", (const unsigned char *)bytes, len, enc, out, &n, *d);
}

static const char *S_first_message(pd_diags *d)
{
    return pd_diags_len(d) ? pd_diags_at(d, 0)->message : "";
}

static void utf8_passes_through(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    assert_int_equal(S_decode("på vei", strlen("på vei"), NULL, &out, &d), 0);
    assert_string_equal(out, "på vei");
    free(out);
    pd_diags_free(d);
}

static void utf8_bom_is_stripped(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    assert_int_equal(S_decode("\xEF\xBB\xBFhei", 6, NULL, &out, &d), 0);
    assert_string_equal(out, "hei");
    free(out);
    pd_diags_free(d);
}

static void utf16le_with_bom_converts(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    static const char le[] = "\xFF\xFE\x68\x00\xE5\x00"; /* "hå" */
    assert_int_equal(S_decode(le, 6, NULL, &out, &d), 0);
    assert_string_equal(out, "hå");
    free(out);
    pd_diags_free(d);
}

static void utf16be_with_bom_converts(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    static const char be[] = "\xFE\xFF\x00\xF8\x00\x79"; /* "øy" */
    assert_int_equal(S_decode(be, 6, NULL, &out, &d), 0);
    assert_string_equal(out, "øy");
    free(out);
    pd_diags_free(d);
}

static void declared_legacy_encoding_converts(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    assert_int_equal(S_decode("bl\xE5 \xF8y", 6, "ISO-8859-1", &out, &d), 0);
    assert_string_equal(out, "blå øy");
    free(out);
    pd_diags_free(d);
    /* CP865 (Nordic DOS): 0x9B is ø, 0x86 is å. */
    assert_int_equal(S_decode("\x9B\x86", 2, "CP865", &out, &d), 0);
    assert_string_equal(out, "øå");
    free(out);
    pd_diags_free(d);
}

static void invalid_utf8_names_line_column_and_offset(void **state)
{
    (void)state;
    char *out = NULL;
    pd_diags *d;
    assert_int_equal(S_decode("ab\ncd\xE5x", 7, NULL, &out, &d), -1);
    assert_null(out);
    const pd_diag *e = pd_diags_at(d, 0);
    assert_int_equal(e->line, 2);
    assert_int_equal(e->column, 3);
    assert_non_null(strstr(e->message, "byte offset 5"));
    assert_non_null(strstr(e->message, "--input-encoding"));
    pd_diags_free(d);
}

static void overlong_and_surrogate_sequences_are_invalid(void **state)
{
    (void)state;
    assert_int_equal(pd_utf8_invalid_offset((const unsigned char *)"a\xC0\xAF", 3), 1);
    assert_int_equal(pd_utf8_invalid_offset((const unsigned char *)"\xED\xA0\x80", 3), 0);
    assert_int_equal(pd_utf8_invalid_offset((const unsigned char *)"ok\xE2\x82", 4), 2);
    assert_int_equal(pd_utf8_invalid_offset((const unsigned char *)"æøå", strlen("æøå")),
                     strlen("æøå"));
}

static void nul_byte_is_an_error(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    assert_int_equal(S_decode("a\nb\0c", 5, NULL, &out, &d), -1);
    assert_non_null(strstr(S_first_message(d), "NUL byte"));
    assert_int_equal(pd_diags_at(d, 0)->line, 2);
    pd_diags_free(d);
}

static void empty_file_is_an_error(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    assert_int_equal(S_decode("", 0, NULL, &out, &d), -1);
    assert_non_null(strstr(S_first_message(d), "empty"));
    pd_diags_free(d);
}

static void unknown_encoding_is_an_error(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    assert_int_equal(S_decode("x", 1, "NO-SUCH-CHARSET", &out, &d), -1);
    assert_non_null(strstr(S_first_message(d), "unknown input encoding"));
    pd_diags_free(d);
}

static void crlf_becomes_lf_and_text_becomes_nfc(void **state)
{
    (void)state;
    char *out;
    pd_diags *d;
    /* "a" + COMBINING RING ABOVE composes to "å". */
    assert_int_equal(S_decode("a\xCC\x8A\r\nb\rc", 8, NULL, &out, &d), 0);
    assert_string_equal(out, "å\nb\nc");
    free(out);
    pd_diags_free(d);
}

/* Text of Latin letters and punctuation skips utf8proc; anything else still gets NFC. */
static void nfc_holds_with_and_without_the_quick_path(void **state)
{
    (void)state;
    struct {
        const char *in, *want;
    } cases[] = {
        {"«Blåbær» – 5 € → ≤ § ■", "«Blåbær» – 5 € → ≤ § ■"},    /* quick path */
        {"\xE2\x84\xAB ved \xE2\x80\x80", "Å ved \xE2\x80\x82"}, /* ANGSTROM SIGN, EN QUAD */
        {"Sa\xCC\x81mi \xE2\x80\x93 o\xCC\x88", "Sámi – ö"},     /* combining marks */
        {"\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80"},            /* Hangul jamo: 가 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out;
        pd_diags *d;
        assert_int_equal(S_decode(cases[i].in, strlen(cases[i].in), NULL, &out, &d), 0);
        assert_string_equal(out, cases[i].want);
        free(out);
        pd_diags_free(d);
    }
}

static void text_position_counts_characters(void **state)
{
    (void)state;
    int line, col;
    pd_text_position("æøå\nxå", strlen("æøå\nx"), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_passes_through),
        cmocka_unit_test(utf8_bom_is_stripped),
        cmocka_unit_test(utf16le_with_bom_converts),
        cmocka_unit_test(utf16be_with_bom_converts),
        cmocka_unit_test(declared_legacy_encoding_converts),
        cmocka_unit_test(invalid_utf8_names_line_column_and_offset),
        cmocka_unit_test(overlong_and_surrogate_sequences_are_invalid),
        cmocka_unit_test(nul_byte_is_an_error),
        cmocka_unit_test(empty_file_is_an_error),
        cmocka_unit_test(unknown_encoding_is_an_error),
        cmocka_unit_test(crlf_becomes_lf_and_text_becomes_nfc),
        cmocka_unit_test(nfc_holds_with_and_without_the_quick_path),
        cmocka_unit_test(text_position_counts_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
