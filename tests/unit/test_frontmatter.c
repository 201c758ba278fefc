#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frontmatter.h"
#include <stdlib.h>
#include <string.h>

#define GOOD_KEYS                                                                                  \
    "title: Plan\norganisation: Testby kommune\ndate: 2024-03-14\nrevision: \"2024\"\n"

typedef struct {
    int rc;
    pd_metadata meta;
    size_t body_offset;
    int body_line;
    pd_diags *d;
} parsed;

static parsed S_parse(const char *text)
{
    parsed p = {0};
    p.d = pd_diags_new();
    p.rc = pd_frontmatter_parse("t.md", text, strlen(text), &p.meta, &p.body_offset, &p.body_line,
                                p.d);
    return p;
}

static void S_done(parsed *p)
{
    pd_metadata_free(&p->meta);
    pd_diags_free(p->d);
}

/* Asserts a parse failed with one error at line:column whose message contains needle. */
static void S_expect_error(const char *text, int line, int column, const char *needle)
{
    parsed p = S_parse(text);
    assert_int_equal(p.rc, -1);
    const pd_diag *e = pd_diags_at(p.d, 0);
    assert_non_null(e);
    assert_int_equal(e->severity, PD_ERROR);
    if (!strstr(e->message, needle))
        fail_msg("message '%s' lacks '%s'", e->message, needle);
    assert_int_equal(e->line, line);
    if (column)
        assert_int_equal(e->column, column);
    assert_null(p.meta.title);
    S_done(&p);
}

static void complete_front_matter_parses(void **state)
{
    (void)state;
    parsed p = S_parse("---\n" GOOD_KEYS "subtitle: Sub\nlang: nn-NO\nstatus: høring\n"
                       "source: scanned\nkeywords: [a, b]\ndescription: D\nsupersedes: \"2012\"\n"
                       "---\n# Body\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.meta.title, "Plan");
    assert_string_equal(p.meta.organisation, "Testby kommune");
    assert_string_equal(p.meta.date, "2024-03-14");
    assert_string_equal(p.meta.revision, "2024");
    assert_string_equal(p.meta.lang, "nn-NO");
    assert_string_equal(p.meta.status, "høring");
    assert_string_equal(p.meta.source, "scanned");
    assert_int_equal(p.meta.n_keywords, 2);
    assert_string_equal(p.meta.keywords[1], "b");
    assert_int_equal(p.body_line, 14);
    assert_int_equal(pd_diags_len(p.d), 0);
    assert_int_equal(pd_metadata_year(&p.meta), 2024);
    S_done(&p);
}

static void defaults_for_lang_and_source(void **state)
{
    (void)state;
    parsed p = S_parse("---\n" GOOD_KEYS "---\ntext\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.meta.lang, "nb-NO");
    assert_string_equal(p.meta.source, "born-digital");
    assert_int_equal(p.body_offset, strlen("---\n" GOOD_KEYS "---\n"));
    S_done(&p);
}

static void unknown_key_is_a_warning_with_position(void **state)
{
    (void)state;
    parsed p = S_parse("---\n" GOOD_KEYS "colour: blue\n---\n");
    assert_int_equal(p.rc, 0);
    const pd_diag *w = pd_diags_at(p.d, 0);
    assert_int_equal(w->severity, PD_WARNING);
    assert_int_equal(w->line, 6);
    assert_int_equal(w->column, 1);
    assert_non_null(strstr(w->message, "colour"));
    S_done(&p);
}

static void missing_block_is_an_error(void **state)
{
    (void)state;
    S_expect_error("# Just markdown\n", 1, 1, "missing front matter");
}

static void unterminated_block_is_an_error(void **state)
{
    (void)state;
    S_expect_error("---\ntitle: x\n\n# Body\n", 1, 1, "unterminated");
}

static void invalid_yaml_names_its_position(void **state)
{
    (void)state;
    S_expect_error("---\ntitle: [unclosed\norganisation: x\n---\n", 3, 0, "invalid YAML");
}

static void missing_title_is_an_error(void **state)
{
    (void)state;
    S_expect_error("---\norganisation: x\ndate: 2024-01-01\nrevision: \"1\"\n---\n", 5, 1,
                   "'title' is missing");
}

static void wrong_types_are_errors(void **state)
{
    (void)state;
    S_expect_error("---\ntitle: [a, b]\norganisation: x\ndate: 2024-01-01\nrevision: r\n---\n", 2,
                   8, "must be text");
    S_expect_error("---\n" GOOD_KEYS "keywords: {a: 1}\n---\n", 6, 11, "must be a list");
    S_expect_error("---\n- a\n- b\n---\n", 2, 1, "must be a mapping");
}

static void bad_values_are_errors(void **state)
{
    (void)state;
    S_expect_error("---\ntitle: t\norganisation: o\ndate: 2024-02-30\nrevision: r\n---\n", 4, 7,
                   "ISO 8601");
    S_expect_error("---\n" GOOD_KEYS "status: ferdig\n---\n", 6, 9, "status 'ferdig'");
    S_expect_error("---\n" GOOD_KEYS "lang: Norsk\n---\n", 6, 7, "BCP 47");
    S_expect_error("---\n" GOOD_KEYS "source: photocopy\n---\n", 6, 9, "source");
    S_expect_error("---\ntitle:\norganisation: o\ndate: 2024-01-01\nrevision: r\n---\n", 2, 0,
                   "empty");
    S_expect_error("---\n" GOOD_KEYS "title: again\n---\n", 6, 1, "twice");
}

static void iso_dates_are_checked_for_the_calendar(void **state)
{
    (void)state;
    assert_int_equal(pd_parse_iso_date("2024-02-29", NULL, NULL, NULL), 0);
    assert_int_equal(pd_parse_iso_date("2023-02-29", NULL, NULL, NULL), -1);
    assert_int_equal(pd_parse_iso_date("2024-13-01", NULL, NULL, NULL), -1);
    assert_int_equal(pd_parse_iso_date("24-01-01", NULL, NULL, NULL), -1);
    assert_int_equal(pd_parse_iso_date("2024-01-01x", NULL, NULL, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_front_matter_parses),
        cmocka_unit_test(defaults_for_lang_and_source),
        cmocka_unit_test(unknown_key_is_a_warning_with_position),
        cmocka_unit_test(missing_block_is_an_error),
        cmocka_unit_test(unterminated_block_is_an_error),
        cmocka_unit_test(invalid_yaml_names_its_position),
        cmocka_unit_test(missing_title_is_an_error),
        cmocka_unit_test(wrong_types_are_errors),
        cmocka_unit_test(bad_values_are_errors),
        cmocka_unit_test(iso_dates_are_checked_for_the_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
