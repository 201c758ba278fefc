#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "encode.h"
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static int S_encode(const char *in, const char *cs, int translit, char **out, size_t *n,
                    pd_diags *d)
{
    pd_encode_options o = {cs, translit, "out.txt", "src.md", "x\nnoe «sitat» på\n"};
    return pd_encode(in, strlen(in), &o, out, n, d);
}

static void utf8_is_unchanged(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    assert_int_equal(S_encode("blåbær «x» — ŋ", "UTF-8", 0, &out, &n, d), 0);
    assert_string_equal(out, "blåbær «x» — ŋ");
    free(out);
    pd_diags_free(d);
}

static void latin1_and_cp865_hold_norwegian_letters(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    assert_int_equal(S_encode("æøå ÆØÅ", "ISO-8859-1", 0, &out, &n, d), 0);
    assert_memory_equal(out, "\xE6\xF8\xE5 \xC6\xD8\xC5", 7);
    free(out);
    assert_int_equal(S_encode("øå«", "CP865", 0, &out, &n, d), 0);
    assert_memory_equal(out, "\x9B\x86\xAE", 3);
    free(out);
    pd_diags_free(d);
}

static void unrepresentable_character_is_named(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out = NULL;
    size_t n;
    assert_int_equal(S_encode("ok\nog på", "ASCII", 0, &out, &n, d), -1);
    assert_null(out);
    const pd_diag *e = pd_diags_at(d, 0);
    assert_non_null(strstr(e->message, "'å' (U+00E5)"));
    assert_non_null(strstr(e->message, "ASCII"));
    /* Pointed at its first occurrence in the source text. */
    assert_string_equal(e->file, "src.md");
    assert_int_equal(e->line, 2);
    assert_int_equal(e->column, 14);
    pd_diags_free(d);
}

static void cp865_lacks_the_closing_guillemet(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    assert_int_equal(S_encode("«sitat»", "CP865", 0, &out, &n, d), -1);
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "U+00BB"));
    pd_diags_free(d);
}

static void translit_uses_norwegian_conventions(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    assert_int_equal(S_encode("på bær øy Åse Ærlig Øst «x» — • é…", "ASCII", 1, &out, &n, d), 0);
    assert_string_equal(out, "paa baer oey Aase Aerlig Oest \"x\" - - e...");
    free(out);
    /* The pair becomes straight quotes together when the target has only one of them. */
    assert_int_equal(S_encode("«x» og ø", "CP865", 1, &out, &n, d), 0);
    assert_string_equal(out, "\"x\" og \x9B");
    free(out);
    pd_diags_free(d);
}

static void translit_never_writes_a_silent_question_mark(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    /* U+1F600 has no ASCII transliteration. */
    assert_int_equal(S_encode("smil \xF0\x9F\x98\x80", "ASCII", 1, &out, &n, d), -1);
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "U+1F600"));
    pd_diags_free(d);
}

static void utf16_output_has_one_bom(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    assert_int_equal(S_encode("a\nå\nb", "UTF-16LE", 0, &out, &n, d), 0);
    assert_int_equal(n, 10);
    assert_memory_equal(out, "a\0\n\0\xE5\0\n\0b\0", 10);
    free(out);
    pd_diags_free(d);
}

static void unknown_charset_is_an_error(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out;
    size_t n;
    assert_int_equal(S_encode("x", "KLINGON-8", 0, &out, &n, d), -1);
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "unknown encoding"));
    pd_diags_free(d);
}

static void crlf_doubles_line_ends(void **state)
{
    (void)state;
    size_t n;
    char *out = pd_crlf("a\nb\n", 4, &n);
    assert_int_equal(n, 6);
    assert_string_equal(out, "a\r\nb\r\n");
    free(out);
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_is_unchanged),
        cmocka_unit_test(latin1_and_cp865_hold_norwegian_letters),
        cmocka_unit_test(unrepresentable_character_is_named),
        cmocka_unit_test(cp865_lacks_the_closing_guillemet),
        cmocka_unit_test(translit_uses_norwegian_conventions),
        cmocka_unit_test(translit_never_writes_a_silent_question_mark),
        cmocka_unit_test(utf16_output_has_one_bom),
        cmocka_unit_test(unknown_charset_is_an_error),
        cmocka_unit_test(crlf_doubles_line_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
