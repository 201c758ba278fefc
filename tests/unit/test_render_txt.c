#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "document.h"
#include "render_txt.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

#define FM "---\ntitle: T\norganisation: O\ndate: 2024-01-02\nrevision: \"R\"\n---\n"
#define TITLE_BLOCK "T\n=\n\nO\nRevisjon: R\nDato: 2024-01-02\n"

/* Renders FM + body and returns the text after the title block (or all of it with whole). */
static char *S_render_opt(const char *body, int wrap, pd_diags *d, int whole)
{
    char *src = pd_asprintf(FM "%s", body);
    pd_document *doc;
    assert_int_equal(pd_document_parse("t.md", src, strlen(src), NULL, &doc, d), 0);
    pd_txt_options opt = {wrap, NULL};
    char *out;
    size_t len;
    assert_int_equal(pd_render_txt(doc, &opt, &out, &len, d), 0);
    assert_int_equal(strlen(out), len);
    pd_document_free(doc);
    free(src);
    if (whole)
        return out;
    assert_true(!strncmp(out, TITLE_BLOCK "\n\n", strlen(TITLE_BLOCK "\n\n")));
    char *body_out = pd_xstrdup(out + strlen(TITLE_BLOCK "\n\n"));
    free(out);
    return body_out;
}

static void S_expect(const char *body, int wrap, const char *expected)
{
    pd_diags *d = pd_diags_new();
    char *out = S_render_opt(body, wrap, d, 0);
    assert_string_equal(out, expected);
    free(out);
    pd_diags_free(d);
}

static void title_block_from_front_matter(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *src = "---\ntitle: Plan for alt\nsubtitle: Undertittel\norganisation: Testby kommune\n"
                "date: 2024-01-02\nrevision: \"2\"\nstatus: vedtatt\n---\n";
    pd_document *doc;
    assert_int_equal(pd_document_parse("t.md", src, strlen(src), NULL, &doc, d), 0);
    pd_txt_options opt = {0, NULL};
    char *out;
    size_t len;
    pd_render_txt(doc, &opt, &out, &len, d);
    assert_string_equal(out, "Plan for alt\n============\n\nUndertittel\n\nTestby kommune\n"
                             "Revisjon: 2\nDato: 2024-01-02\nStatus: Vedtatt\n");
    free(out);
    pd_document_free(doc);
    pd_diags_free(d);
}

static void paragraphs_are_not_wrapped_by_default(void **state)
{
    (void)state;
    S_expect("Første linje\nfortsetter her.\n\nAndre avsnitt.\n", 0,
             "Første linje fortsetter her.\n\nAndre avsnitt.\n");
}

static void headings_are_underlined_by_level(void **state)
{
    (void)state;
    S_expect("# Én\n\n## Tø\n\n### Tre\n\ntekst\n", 0, "Én\n==\n\nTø\n--\n\nTre\n~~~\n\ntekst\n");
}

static void emphasis_has_no_markers(void **state)
{
    (void)state;
    S_expect("*viktig* og **svært** `kode`\n", 0, "viktig og svært kode\n");
}

static void bullet_lists_tight_and_nested(void **state)
{
    (void)state;
    S_expect("- en\n- to\n  - under\n    - dypere\n- tre\n", 0,
             "- en\n- to\n  - under\n    - dypere\n- tre\n");
}

static void loose_lists_keep_blank_lines(void **state)
{
    (void)state;
    S_expect("- en\n\n- to\n", 0, "- en\n\n- to\n");
}

static void ordered_lists_keep_start_and_align(void **state)
{
    (void)state;
    S_expect("7. sju\n8. åtte\n9. ni\n10. ti\n", 0, " 7. sju\n 8. åtte\n 9. ni\n10. ti\n");
    S_expect("3) tre\n", 0, "3) tre\n");
}

static void list_items_with_paragraphs_indent_continuations(void **state)
{
    (void)state;
    S_expect("1. første\n\n   mer tekst\n2. andre\n", 0, "1. første\n\n   mer tekst\n\n2. andre\n");
}

static void links_are_numbered_and_listed(void **state)
{
    (void)state;
    S_expect("Se [planen](https://a.no/p) og [igjen](https://a.no/p) og [b](https://b.no).\n", 0,
             "Se planen [1] og igjen [1] og b [2].\n\n\nLenker\n------\n\n[1] https://a.no/p\n"
             "[2] https://b.no\n");
}

static void autolinks_print_the_url(void **state)
{
    (void)state;
    S_expect("Se <https://example.no/x> og <post@example.no>.\n", 0,
             "Se https://example.no/x og post@example.no.\n");
}

static void images_show_alt_text_and_warn_without(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    char *out = S_render_opt("![Kart over byen](kart.png) og ![](tom.png)\n", 0, d, 0);
    assert_string_equal(out, "[Bilde: Kart over byen] og [Bilde]\n");
    assert_int_equal(pd_diags_count(d, PD_WARNING), 1);
    assert_int_equal(pd_diags_at(d, 0)->line, 7);
    free(out);
    pd_diags_free(d);
}

static void block_quotes_are_marked(void **state)
{
    (void)state;
    S_expect("> sitat\n>\n> mer\n", 0, "> sitat\n>\n> mer\n");
    S_expect("> ytre\n>\n> > indre\n", 0, "> ytre\n>\n> > indre\n");
}

static void code_is_verbatim(void **state)
{
    (void)state;
    S_expect("```\nif (a  <  b)\n    x = *y;\n```\n", 8, "    if (a  <  b)\n        x = *y;\n");
}

static void thematic_break_and_hard_break(void **state)
{
    (void)state;
    S_expect("en\\\nto\n\n---\n\ntre\n", 0, "en\nto\n\n* * *\n\ntre\n");
}

static void raw_html_keeps_its_words_not_its_tags(void **state)
{
    (void)state;
    S_expect("<div class=\"x\">hei <!-- merknad --></div>\n", 0, "hei\n");
    S_expect("Tekst med <span>innebygd</span> HTML.\n", 0, "Tekst med innebygd HTML.\n");
}

static void wrap_never_splits_words_or_urls(void **state)
{
    (void)state;
    S_expect("Dette er en setning med https://example.no/en/lang/adresse i seg.\n", 20,
             "Dette er en setning\nmed\nhttps://example.no/en/lang/adresse\ni seg.\n");
}

static void wrap_counts_characters_not_bytes(void **state)
{
    (void)state;
    /* 10 two-byte letters + space + 9: fits exactly in 20 characters. */
    S_expect("ææææææææææ øøøøøøøøø ååå\n", 20, "ææææææææææ øøøøøøøøø\nååå\n");
}

static void wrap_indents_list_continuations(void **state)
{
    (void)state;
    S_expect("- en lang linje som må brytes\n", 14, "- en lang\n  linje som må\n  brytes\n");
    S_expect("> sitert tekst som brytes\n", 12, "> sitert\n> tekst som\n> brytes\n");
}

static void every_line_fits_braille_widths(void **state)
{
    (void)state;
    static const int widths[] = {28, 36};
    const char *body = "# Overskrift som er ganske lang\n\nEt avsnitt med mange ord som skal "
                       "brytes pent på smale linjer for punktskrift.\n\n- punkt med lang tekst "
                       "som fortsetter over flere linjer\n  - underpunkt med enda mer tekst\n";
    for (size_t w = 0; w < 2; w++) {
        pd_diags *d = pd_diags_new();
        char *out = S_render_opt(body, widths[w], d, 1);
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
            assert_true(pd_utf8_len(line, strlen(line)) <= (size_t)widths[w]);
        free(out);
        pd_diags_free(d);
    }
}

static void labels_follow_the_language(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    const char *src = "---\ntitle: T\norganisation: O\ndate: 2024-01-02\nrevision: R\nlang: en\n"
                      "---\n[x](https://x.org) ![a](b.png)\n";
    pd_document *doc;
    assert_int_equal(pd_document_parse("t.md", src, strlen(src), NULL, &doc, d), 0);
    pd_txt_options opt = {0, NULL};
    char *out;
    size_t len;
    pd_render_txt(doc, &opt, &out, &len, d);
    assert_non_null(strstr(out, "Revision: R"));
    assert_non_null(strstr(out, "[Image: a]"));
    assert_non_null(strstr(out, "\nLinks\n"));
    free(out);
    pd_document_free(doc);
    pd_diags_free(d);
}

static void deep_nesting_renders_without_runaway_indent(void **state)
{
    (void)state;
    pd_buf body = {0};
    for (int i = 0; i < 2000; i++)
        pd_buf_puts(&body, "> ");
    pd_buf_puts(&body, "dypt\n");
    pd_diags *d = pd_diags_new();
    char *out = S_render_opt(body.data, 0, d, 0);
    assert_non_null(strstr(out, "dypt"));
    assert_true(strlen(out) < 200);
    free(out);
    pd_buf_free(&body);
    pd_diags_free(d);
}

static void page_marks_stand_on_their_own_lines(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    const char *src = FM "Første avsnitt her.\n\nAndre avsnitt *med* en sideskift inni.\n";
    pd_document *doc;
    assert_int_equal(pd_document_parse("t.md", src, strlen(src), NULL, &doc, d), 0);
    cmark_node *p1 = cmark_node_first_child(doc->root);
    cmark_node *p2 = cmark_node_next(p1);
    /* Page 2 begins with paragraph 1; page 3 inside "sideskift" of paragraph 2 (offset 19 is
     * the space before it, so the mark goes before the word); page 4 at the space before "inni". */
    pd_page_start starts[] = {
        {1, "1", NULL, 0}, {2, "2", p1, 0}, {3, "3", p2, 20}, {4, "4", p2, 30}};
    pd_page_map map = {starts, 4, 4};
    pd_txt_options opt = {0, &map};
    char *out;
    size_t len;
    pd_render_txt(doc, &opt, &out, &len, d);
    assert_non_null(strstr(out, "\n\n[Side 2]\nFørste avsnitt her.\n\nAndre avsnitt med en\n"
                                "[Side 3]\nsideskift\n[Side 4]\ninni.\n"));
    free(out);
    pd_document_free(doc);
    pd_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(title_block_from_front_matter),
        cmocka_unit_test(paragraphs_are_not_wrapped_by_default),
        cmocka_unit_test(headings_are_underlined_by_level),
        cmocka_unit_test(emphasis_has_no_markers),
        cmocka_unit_test(bullet_lists_tight_and_nested),
        cmocka_unit_test(loose_lists_keep_blank_lines),
        cmocka_unit_test(ordered_lists_keep_start_and_align),
        cmocka_unit_test(list_items_with_paragraphs_indent_continuations),
        cmocka_unit_test(links_are_numbered_and_listed),
        cmocka_unit_test(autolinks_print_the_url),
        cmocka_unit_test(images_show_alt_text_and_warn_without),
        cmocka_unit_test(block_quotes_are_marked),
        cmocka_unit_test(code_is_verbatim),
        cmocka_unit_test(thematic_break_and_hard_break),
        cmocka_unit_test(raw_html_keeps_its_words_not_its_tags),
        cmocka_unit_test(wrap_never_splits_words_or_urls),
        cmocka_unit_test(wrap_counts_characters_not_bytes),
        cmocka_unit_test(wrap_indents_list_continuations),
        cmocka_unit_test(every_line_fits_braille_widths),
        cmocka_unit_test(labels_follow_the_language),
        cmocka_unit_test(deep_nesting_renders_without_runaway_indent),
        cmocka_unit_test(page_marks_stand_on_their_own_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
