#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hyphen_blob.h"
#include "hyphen_data.h"
#include "hyphenate.h"
#include "util.h"
#include <glob.h>
#include <hyphen.h>
#include <stdio.h>
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

/* The breaks pd_hyphenate may use (2 letters before, 3 after) are the same from libhyphen's
 * whole two-level automaton and from its second level alone, which pd_hyphenate asks. */
static void S_assert_second_level_suffices(HyphenDict *d, const char *word)
{
    int n = (int)strlen(word);
    char h1[80], h2[80];
    char **r = NULL;
    int *p = NULL, *c = NULL;
    assert_int_equal(hnj_hyphen_hyphenate2(d, word, n, h1, NULL, &r, &p, &c), 0);
    assert_null(r); /* hyph_nb_NO.dic has no non-standard patterns */
    assert_int_equal(hnj_hyphen_hyphenate2(d->nextlevel, word, n, h2, NULL, &r, &p, &c), 0);
    assert_null(r);
    for (int i = 1; i + 3 < n; i++)
        if ((h1[i] & 1) != (h2[i] & 1)) {
            print_error("'%s': %.*s vs %.*s\n", word, n, h1, n, h2);
            fail();
        }
}

/* Both automata hyphenate word (lower-case Latin-1) identically, replacements included. */
static void S_assert_same(HyphenDict *a, HyphenDict *b, const char *word)
{
    S_assert_second_level_suffices(b, word);
    int n = (int)strlen(word);
    char ha[80], hb[80];
    char **ra = NULL, **rb = NULL;
    int *pa = NULL, *pb = NULL, *ca = NULL, *cb = NULL;
    int rca = hnj_hyphen_hyphenate2(a, word, n, ha, NULL, &ra, &pa, &ca);
    int rcb = hnj_hyphen_hyphenate2(b, word, n, hb, NULL, &rb, &pb, &cb);
    assert_int_equal(rca, rcb);
    if (memcmp(ha, hb, (size_t)n)) {
        print_error("'%s': %.*s vs %.*s\n", word, n, ha, n, hb);
        fail();
    }
    assert_true((ra == NULL) == (rb == NULL));
    for (int i = 0; ra && i < n; i++) {
        assert_true((ra[i] == NULL) == (rb[i] == NULL));
        if (ra[i]) {
            assert_string_equal(ra[i], rb[i]);
            assert_int_equal(pa[i], pb[i]);
            assert_int_equal(ca[i], cb[i]);
        }
        free(ra[i]), free(rb[i]);
    }
    free(ra), free(rb), free(pa), free(pb), free(ca), free(cb);
}

/* The compiled-in patterns must break every word exactly where libhyphen's own loader would:
 * every word of content/ (and a few with libhyphen's non-standard replacements) is compared. */
static void builtin_patterns_match_libhyphens_loader(void **state)
{
    (void)state;
    HyphenDict *file = hnj_hyphen_load("/usr/share/hyphen/hyph_nb_NO.dic");
    HyphenDict *builtin = pd_hyphen_dict_open(PD_HYPHEN_NB);
    assert_non_null(file);
    assert_non_null(builtin);
    const char *fixed[] = {"bussjåfør",      "tykkskallet",       "arbeidsgiverpolitikk",
                           "læringssløyfer", "samfunnsutvikling", "kommunedirektøren"};
    size_t compared = 0;
    char word[64];
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        /* to Latin-1, as pd_hyphenate does */
        size_t n = 0;
        for (const unsigned char *p = (const unsigned char *)fixed[i]; *p; p++)
            word[n++] = *p == 0xC3 ? (char)(*++p + 0x40) : (char)*p;
        word[n] = '\0';
        S_assert_same(file, builtin, word);
        compared++;
    }
    glob_t g;
    assert_int_equal(glob("content/*.md", 0, NULL, &g), 0);
    for (size_t f = 0; f < g.gl_pathc; f++) {
        FILE *in = fopen(g.gl_pathv[f], "rb");
        assert_non_null(in);
        size_t n = 0;
        int c;
        while ((c = getc(in)) != EOF) {
            if (c == 0xC3) { /* æ ø å é …: the Latin-1 letters, lower-cased */
                int c2 = getc(in);
                c = c2 == EOF ? 0 : ((c2 + 0x40) | 0x20);
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                c |= 0x20;
            } else {
                c = 0;
            }
            if (c && n < sizeof word - 1) {
                word[n++] = (char)c;
                continue;
            }
            if (n >= 2) {
                word[n] = '\0';
                S_assert_same(file, builtin, word);
                compared++;
            }
            n = 0;
        }
        fclose(in);
    }
    globfree(&g);
    assert_true(compared > 10000);
    hnj_hyphen_free(file);
    pd_hyphen_dict_free(builtin);
}

/* A damaged blob is refused, never read out of bounds. */
static void malformed_pattern_blobs_are_refused(void **state)
{
    (void)state;
    HyphenDict *d = pd_hyphen_dict_open(PD_HYPHEN_NB);
    assert_non_null(d);
    pd_hyphen_dict_free(d);
    assert_null(pd_hyphen_dict_open(0));

    pd_hyphen_header h = {.magic = PD_HYPHEN_MAGIC, .levels = 1, .states = 1, .string_bytes = 1};
    struct {
        pd_hyphen_header h;
        pd_hyphen_level_rec l;
        pd_hyphen_state_rec s;
        char strings[1];
    } blob;
    memset(&blob, 0, sizeof blob);
    blob.h = h;
    blob.l.num_states = 1;
    blob.s = (pd_hyphen_state_rec){
        .match = PD_HYPHEN_NONE, .repl = PD_HYPHEN_NONE, .fallback_state = -1};
    size_t size = sizeof blob.h + sizeof blob.l + sizeof blob.s + 1;
    char buf[sizeof blob];
    memcpy(buf, &blob.h, sizeof blob.h);
    memcpy(buf + sizeof blob.h, &blob.l, sizeof blob.l);
    memcpy(buf + sizeof blob.h + sizeof blob.l, &blob.s, sizeof blob.s);
    buf[size - 1] = '\0';
    d = pd_hyphen_dict_from_blob(buf, size); /* the smallest valid automaton */
    assert_non_null(d);
    pd_hyphen_dict_free(d);
    assert_null(pd_hyphen_dict_from_blob(buf, size - 1)); /* truncated */
    assert_null(pd_hyphen_dict_from_blob(buf, 4));
    pd_hyphen_state_rec bad = blob.s;
    bad.match = 7; /* a string offset past the end */
    memcpy(buf + sizeof blob.h + sizeof blob.l, &bad, sizeof bad);
    assert_null(pd_hyphen_dict_from_blob(buf, size));
    bad = blob.s;
    bad.num_trans = 3; /* transitions that are not there */
    memcpy(buf + sizeof blob.h + sizeof blob.l, &bad, sizeof bad);
    assert_null(pd_hyphen_dict_from_blob(buf, size));
    buf[0] = 'X';
    assert_null(pd_hyphen_dict_from_blob(buf, size));
}

/* Answers come from a per-thread memo the second time; they must equal the first, whatever the
 * max, and whatever else was hyphenated in between (thousands of words, so slots are reused). */
static void repeated_words_get_the_same_breaks(void **state)
{
    char words[3000][24];
    size_t first[3000][8], n_first[3000];
    for (int i = 0; i < 3000; i++) {
        snprintf(words[i], sizeof words[i], "%sarbeid%c%cplan%c", i % 2 ? "«" : "", 'a' + i % 26,
                 'a' + i / 26 % 26, 'a' + i % 7);
        n_first[i] = pd_hyphenate(*state, words[i], strlen(words[i]), first[i], 8);
    }
    for (int i = 2999; i >= 0; i--) {
        size_t again[8];
        size_t n = pd_hyphenate(*state, words[i], strlen(words[i]), again, 8);
        assert_int_equal(n, n_first[i]);
        assert_memory_equal(again, first[i], n * sizeof *again);
        if (n > 1) { /* a smaller max gets the first breaks only */
            assert_int_equal(pd_hyphenate(*state, words[i], strlen(words[i]), again, 1), 1);
            assert_int_equal(again[0], first[i][0]);
        }
    }
    assert_true(n_first[0] > 1);
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
        cmocka_unit_test(builtin_patterns_match_libhyphens_loader),
        cmocka_unit_test(repeated_words_get_the_same_breaks),
        cmocka_unit_test(malformed_pattern_blobs_are_refused),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
