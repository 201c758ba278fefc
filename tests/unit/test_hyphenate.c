#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hyphenate.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static int S_setup(void **state)
{
    pd_diags *d = pd_diags_new();
    pd_hyphenator *h;
    int rc = pd_hyphenator_new("nb-NO", &h, d);
    pd_diags_free(d);
    if (rc < 0 || !h)
        return -1;
    *state = h;
    return 0;
}

static int S_teardown(void **state)
{
    pd_hyphenator_free(*state);
    return 0;
}

static size_t S_breaks(void **state, const char *word, size_t *br)
{
    return pd_hyphenate(*state, word, strlen(word), br, 32);
}

static void long_compounds_get_breaks_that_rejoin(void **state)
{
    const char *words[] = {"arbeidsgiverpolitikk", "medarbeiderskap", "samfunnsutvikling",
                           "Organisasjonsstrategi"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t br[32];
        size_t n = S_breaks(state, words[w], br);
        assert_true(n >= 2);
        size_t len = strlen(words[w]);
        for (size_t i = 0; i < n; i++) {
            assert_true(pd_utf8_len(words[w], br[i]) >= 2);               /* 2 letters before */
            assert_true(pd_utf8_len(words[w] + br[i], len - br[i]) >= 3); /* 3 after */
            if (i)
                assert_true(br[i] > br[i - 1]);
        }
    }
}

static void known_breaks_of_a_word(void **state)
{
    size_t br[32];
    size_t n = S_breaks(state, "arbeidsgiverpolitikk", br);
    /* arbeids-gi-ver-politikk with Debian's hyphen-no patterns */
    assert_int_equal(n, 3);
    assert_int_equal(br[0], 7);
    assert_int_equal(br[1], 9);
    assert_int_equal(br[2], 12);
}

static void short_words_are_never_hyphenated(void **state)
{
    size_t br[32];
    assert_int_equal(S_breaks(state, "huset", br), 0);
    assert_int_equal(S_breaks(state, "ledes", br), 0);
    assert_int_equal(S_breaks(state, "«huset»,", br), 0);
}

static void non_words_are_never_hyphenated(void **state)
{
    size_t br[32];
    assert_int_equal(S_breaks(state, "https://www.sarpsborg.com/arbeidsgiverpolitikk", br), 0);
    assert_int_equal(S_breaks(state, "postmottak@sarpsborg.kommune.no", br), 0);
    assert_int_equal(S_breaks(state, "2024-01-01", br), 0);
    assert_int_equal(S_breaks(state, "arbeids123politikk", br), 0);
    assert_int_equal(S_breaks(state, "arbeidsgiver_politikk", br), 0);
}

static void punctuation_around_a_word_is_kept_whole(void **state)
{
    size_t br[32];
    const char *w = "«medarbeiderskap»,";
    size_t n = S_breaks(state, w, br);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        assert_true(br[i] > strlen("«m"));
        assert_true(br[i] < strlen(w) - strlen("p»,"));
    }
}

static void capitals_hyphenate_like_lower_case(void **state)
{
    size_t a[32], b[32];
    size_t na = S_breaks(state, "MEDARBEIDERSKAP", a);
    size_t nb = S_breaks(state, "medarbeiderskap", b);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++)
        assert_int_equal(a[i], b[i]);
}

static void letters_outside_latin1_stop_hyphenation(void **state)
{
    size_t br[32];
    /* Northern Sámi: the Norwegian patterns must not guess. */
    assert_int_equal(S_breaks(state, "čađahitbargguid", br), 0);
    assert_int_equal(S_breaks(state, "bálvalusaidŋ", br), 0);
}

static void languages_without_patterns_are_not_hyphenated(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    pd_hyphenator *h = (pd_hyphenator *)1;
    assert_int_equal(pd_hyphenator_new("se", &h, d), 0);
    assert_null(h);
    assert_int_equal(pd_hyphenator_new("en-GB", &h, d), 0);
    assert_null(h);
    assert_int_equal(pd_diags_len(d), 0);
    size_t br[4];
    assert_int_equal(pd_hyphenate(NULL, "arbeidsgiverpolitikk", 20, br, 4), 0);
    pd_diags_free(d);
}

static void nynorsk_has_patterns(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    pd_hyphenator *h = NULL;
    assert_int_equal(pd_hyphenator_new("nn-NO", &h, d), 0);
    assert_non_null(h);
    size_t br[8];
    assert_true(pd_hyphenate(h, "arbeidsgjevarpolitikk", 21, br, 8) > 0);
    pd_hyphenator_free(h);
    pd_diags_free(d);
}

static void a_huge_word_is_left_alone(void **state)
{
    size_t n = 100 * 1024;
    char *w = pd_xmalloc(n + 1);
    memset(w, 'a', n);
    w[n] = '\0';
    size_t br[32];
    assert_int_equal(pd_hyphenate(*state, w, n, br, 32), 0);
    free(w);
}

static void malformed_utf8_is_not_hyphenated(void **state)
{
    size_t br[32];
    assert_int_equal(S_breaks(state, "arbeids\xff\xfegiverpolitikk", br), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_compounds_get_breaks_that_rejoin),
        cmocka_unit_test(known_breaks_of_a_word),
        cmocka_unit_test(short_words_are_never_hyphenated),
        cmocka_unit_test(non_words_are_never_hyphenated),
        cmocka_unit_test(punctuation_around_a_word_is_kept_whole),
        cmocka_unit_test(capitals_hyphenate_like_lower_case),
        cmocka_unit_test(letters_outside_latin1_stop_hyphenation),
        cmocka_unit_test(languages_without_patterns_are_not_hyphenated),
        cmocka_unit_test(nynorsk_has_patterns),
        cmocka_unit_test(a_huge_word_is_left_alone),
        cmocka_unit_test(malformed_utf8_is_not_hyphenated),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
