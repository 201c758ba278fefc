/* The layout engine, tested on its boxes: no glyph outside the text area, no line wider than its
 * measure, the text edition's words all there and in order, widows and orphans, headings kept
 * with their text, list numbering, structure, links, bad input. Runs from the repository root
 * (make unit), where fonts/ and tests/fixtures/ are. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "document.h"
#include "layout.h"
#include "render_txt.h"
#include "util.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 0.01

static pd_fontset *S_fonts;

static int S_setup(void **state)
{
    (void)state;
    pd_diags *d = pd_diags_new();
    const char *dir = getenv("POLIDOC_FONTS");
    int rc = pd_fontset_new(dir ? dir : "fonts", &S_fonts, d);
    if (rc < 0)
        pd_diags_print(d, stderr);
    pd_diags_free(d);
    return rc;
}

static int S_teardown(void **state)
{
    (void)state;
    pd_fontset_free(S_fonts);
    return 0;
}

static const char S_front[] = "---\n"
                              "title: Prøve\n"
                              "organisation: Polidoc prøvekommune\n"
                              "date: 2024-03-14\n"
                              "revision: \"1\"\n"
                              "---\n\n";

/* Parses front matter + body as if it were tests/fixtures/<name>. */
static pd_document *S_doc(const char *body)
{
    pd_buf b = {0};
    pd_buf_puts(&b, S_front);
    pd_buf_puts(&b, body);
    pd_document *doc = NULL;
    pd_diags *d = pd_diags_new();
    int rc = pd_document_parse("tests/fixtures/test.md", b.data, b.len, NULL, &doc, d);
    if (rc < 0)
        pd_diags_print(d, stderr);
    assert_int_equal(rc, 0);
    pd_diags_free(d);
    pd_buf_free(&b);
    return doc;
}

static pd_document *S_load(const char *path)
{
    pd_document *doc = NULL;
    pd_diags *d = pd_diags_new();
    int rc = pd_document_load(path, NULL, &doc, d);
    if (rc < 0)
        pd_diags_print(d, stderr);
    assert_int_equal(rc, 0);
    pd_diags_free(d);
    return doc;
}

static pd_layout *S_run(const pd_document *doc, pd_edition ed, const char *paper, int justify,
                        pd_diags *d)
{
    pd_layout_options opt;
    assert_int_equal(pd_layout_options_init(&opt, ed, paper, justify, NULL, d), 0);
    pd_layout *lay = NULL;
    int rc = pd_layout_run(doc, S_fonts, &opt, &lay, d);
    if (rc < 0)
        pd_diags_print(d, stderr);
    assert_int_equal(rc, 0);
    assert_non_null(lay);
    return lay;
}

/* A long generated document: paragraphs of real Norwegian, lists, headings. */
static char *S_long_body(int chapters)
{
    static const char *para =
        "Arbeidsgiverpolitikken skal bidra til at kommunen når sine mål gjennom god ledelse, "
        "medarbeiderskap og en kultur for læring. Medarbeiderne i Sarpsborg kommune skal oppleve "
        "mestring, tillit og handlingsrom, og lederne skal legge til rette for samarbeid på tvers "
        "av tjenesteområdene. Vi utvikler tjenestene sammen med innbyggerne og tar i bruk ny "
        "teknologi der det gir bedre kvalitet.";
    pd_buf b = {0};
    for (int c = 1; c <= chapters; c++) {
        pd_buf_printf(&b, "# Kapittel %d om organisasjonsutvikling\n\n", c);
        for (int p = 0; p < 3; p++)
            pd_buf_printf(&b, "%s\n\n", para);
        pd_buf_printf(&b, "## Underkapittel %d.1\n\n", c);
        pd_buf_puts(&b, "- Første punkt om samarbeid\n- Andre punkt om læring og utvikling\n\n");
        pd_buf_printf(&b, "1. Mål\n2. Tiltak\n\n%s\n\nKort avsnitt.\n\n", para);
    }
    return pd_buf_detach(&b, NULL);
}

/* ---- invariants every layout must satisfy ---------------------------------------------------- */

static void S_check_geometry(const pd_layout *lay)
{
    for (size_t p = 0; p < lay->n_pages; p++) {
        const pd_page *pg = &lay->pages[p];
        assert_true(pg->live[0] >= 0 && pg->live[2] <= pg->width);
        assert_true(pg->live[1] >= 0 && pg->live[3] <= pg->height);
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const pd_box *b = &pg->boxes[i];
            const double *area = b->artifact == PD_ARTIFACT_PAGINATION ? pg->live : pg->body;
            /* Exactly one of: content of an element, or an artifact. */
            assert_true((b->elem >= 0) != (b->artifact != PD_ARTIFACT_NONE));
            assert_true(b->elem < (int)lay->n_elems);
            assert_true(b->link < (int)lay->n_links);
            assert_true(b->x >= area[0] - EPS);
            assert_true(b->x + b->w <= area[2] + EPS);
            if (b->kind == PD_BOX_TEXT) {
                assert_non_null(b->text);
                double asc = pd_fontset_ascent(S_fonts, b->face, b->size);
                double desc = pd_fontset_descent(S_fonts, b->face, b->size);
                assert_true(b->y + desc >= area[1] - EPS);
                assert_true(b->y + asc <= area[3] + EPS);
                /* The width is the text's own: what the emitter will draw. */
                double w = pd_fontset_width(S_fonts, b->face, b->size, b->text, strlen(b->text));
                assert_true(fabs(w - b->w) < 0.001);
            } else {
                assert_true(b->y >= area[1] - EPS);
                assert_true(b->y + b->h <= area[3] + EPS);
            }
        }
    }
}

static void S_check_structure(const pd_layout *lay)
{
    assert_true(lay->n_elems > 0);
    assert_string_equal(lay->elems[0].type, "Document");
    assert_int_equal(lay->elems[0].parent, -1);
    for (size_t i = 1; i < lay->n_elems; i++) {
        /* Parents come first: the table is in reading order. */
        assert_true(lay->elems[i].parent >= 0 && lay->elems[i].parent < (int)i);
    }
    for (size_t i = 0; i < lay->n_links; i++) {
        const pd_link *l = &lay->links[i];
        assert_true(l->uri != NULL || l->dest_elem >= 0);
        for (size_t r = 0; r < l->n_rects; r++) {
            assert_true(l->rects[r].page >= 0 && l->rects[r].page < (int)lay->n_pages);
            assert_true(l->rects[r].x1 > l->rects[r].x0 && l->rects[r].y1 > l->rects[r].y0);
        }
    }
}

/* The words of the content boxes in drawing order, with hyphenated and broken words rejoined. */
static char **S_layout_words(const pd_layout *lay, size_t *n)
{
    pd_buf text = {0};
    const pd_box *prev = NULL;
    for (size_t p = 0; p < lay->n_pages; p++) {
        const pd_page *pg = &lay->pages[p];
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const pd_box *b = &pg->boxes[i];
            if (b->kind != PD_BOX_TEXT || b->elem < 0)
                continue;
            size_t len = strlen(b->text);
            /* A gap between boxes on one line is a word space, as pdftotext sees it. */
            if (prev && prev->y == b->y && b->x > prev->x + prev->w + b->size * 0.1)
                pd_buf_putc(&text, ' ');
            prev = b;
            if (b->flags & PD_TEXT_HYPHEN) {
                pd_buf_put(&text, b->text, len - 1);
                continue;
            }
            pd_buf_put(&text, b->text, len);
            bool last_on_line = i + 1 >= pg->n_boxes || pg->boxes[i + 1].y != b->y ||
                                pg->boxes[i + 1].kind != PD_BOX_TEXT;
            if (!(b->flags & PD_TEXT_JOIN_NEXT) && last_on_line &&
                !(len && b->text[len - 1] == '-'))
                pd_buf_putc(&text, ' ');
        }
        pd_buf_putc(&text, ' ');
    }
    /* A no-break space separates words too (as Python's str.split() has it). */
    for (char *q = text.data; q && (q = strstr(q, "\xc2\xa0")); q += 2)
        q[0] = ' ', q[1] = ' ';
    char **words = NULL;
    *n = 0;
    char *save, *tok = strtok_r(text.data, " \n\t", &save);
    while (tok) {
        words = pd_xrealloc(words, (*n + 1) * sizeof(char *));
        words[(*n)++] = pd_xstrdup(tok);
        tok = strtok_r(NULL, " \n\t", &save);
    }
    pd_buf_free(&text);
    return words;
}

/* A word as tools/text_fidelity.py compares it: surrounding punctuation stripped; NULL when
 * nothing alphanumeric is left. Modifies w. */
static char *S_norm(char *w)
{
    static const char strip[] = "\"()[]{}.,:;!?*_`>|";
    static const char *const multi[] = {"«", "»", "“", "”", "‘", "’"};
    bool again = true;
    while (again && *w) {
        again = false;
        size_t n = strlen(w);
        if (strchr(strip, w[0]))
            w++, again = true;
        else if (strchr(strip, w[n - 1]))
            w[n - 1] = '\0', again = true;
        for (size_t k = 0; k < 6 && !again; k++) {
            size_t m = strlen(multi[k]);
            if (!strncmp(w, multi[k], m))
                w += m, again = true;
            else if (n >= m && !strcmp(w + n - m, multi[k]))
                w[n - m] = '\0', again = true;
        }
    }
    for (char *p = w; *p; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (unsigned char)*p >= 0x80)
            return w;
    return NULL;
}

/* Every word of the text edition appears in the layout, in the same order. */
static void S_check_words(const pd_document *doc, const pd_layout *lay)
{
    char *txt;
    size_t txt_len;
    pd_diags *d = pd_diags_new();
    pd_txt_options topt = {0, NULL};
    assert_int_equal(pd_render_txt(doc, &topt, &txt, &txt_len, d), 0);
    pd_diags_free(d);
    size_t n;
    char **got = S_layout_words(lay, &n);
    size_t j = 0, missing = 0;
    char *save, *tok = strtok_r(txt, " \n\t", &save);
    while (tok) {
        char *w = S_norm(tok);
        if (w) {
            size_t k = j;
            while (k < n && !(S_norm(got[k]) && !strcmp(S_norm(got[k]), w)))
                k++;
            if (k == n) {
                fprintf(stderr, "word not in layout (in order): '%s'\n", w);
                missing++;
            } else {
                j = k + 1;
            }
        }
        tok = strtok_r(NULL, " \n\t", &save);
    }
    assert_int_equal(missing, 0);
    for (size_t i = 0; i < n; i++)
        free(got[i]);
    free(got);
    free(txt);
}

static void S_check_all(const pd_document *doc, const pd_layout *lay)
{
    S_check_geometry(lay);
    S_check_structure(lay);
    S_check_words(doc, lay);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void constructs_fixture_in_every_edition(void **state)
{
    (void)state;
    pd_document *doc = S_load("tests/fixtures/constructs.md");
    const char *papers[] = {"A4", "A5"};
    for (int ed = 0; ed < 2; ed++)
        for (int paper = 0; paper < 2; paper++)
            for (int justify = 0; justify < 2; justify++) {
                pd_diags *d = pd_diags_new();
                pd_layout *lay = S_run(doc, (pd_edition)ed, papers[paper], justify, d);
                assert_int_equal(pd_diags_count(d, PD_ERROR), 0);
                S_check_all(doc, lay);
                pd_layout_free(lay);
                pd_diags_free(d);
            }
    pd_document_free(doc);
}

static void every_line_fits_its_measure(void **state)
{
    (void)state;
    /* Widths checked directly too: the right edge of every body line is inside the body. */
    char *body = S_long_body(20);
    pd_document *doc = S_doc(body);
    for (int justify = 0; justify < 2; justify++) {
        pd_diags *d = pd_diags_new();
        pd_layout *lay = S_run(doc, PD_EDITION_PRINT, "A5", justify, d);
        size_t lines = 0;
        for (size_t p = lay->body_first_page; p < lay->n_pages; p++) {
            const pd_page *pg = &lay->pages[p];
            double measure = pg->body[2] - pg->body[0];
            for (size_t i = 0; i < pg->n_boxes; i++) {
                const pd_box *b = &pg->boxes[i];
                if (b->kind != PD_BOX_TEXT || b->artifact != PD_ARTIFACT_NONE)
                    continue;
                assert_true(b->x + b->w - pg->body[0] <= measure + EPS);
                lines++;
            }
        }
        assert_true(lines > 500);
        S_check_all(doc, lay);
        pd_layout_free(lay);
        pd_diags_free(d);
    }
    pd_document_free(doc);
    free(body);
}

static void justified_lines_reach_the_right_edge(void **state)
{
    (void)state;
    char *body = S_long_body(4);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 1, d);
    size_t full = 0, lines = 0;
    for (size_t p = lay->body_first_page; p < lay->n_pages; p++) {
        const pd_page *pg = &lay->pages[p];
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const pd_box *b = &pg->boxes[i];
            bool line_end = i + 1 == pg->n_boxes || pg->boxes[i + 1].y != b->y;
            if (b->kind != PD_BOX_TEXT || b->elem < 0 || !line_end ||
                strcmp(lay->elems[b->elem].type, "P") != 0)
                continue;
            lines++;
            full += fabs(b->x + b->w - pg->body[2]) < 0.05;
        }
    }
    /* All but the paragraphs' last lines are flush right. */
    assert_true(lines > 50);
    assert_true(full * 10 >= lines * 6);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static void ragged_right_is_the_default(void **state)
{
    (void)state;
    char *body = S_long_body(2);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 0, d);
    size_t words_boxes = 0, runs = 0;
    for (size_t p = lay->body_first_page; p < lay->n_pages; p++)
        for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
            const pd_box *b = &lay->pages[p].boxes[i];
            if (b->kind == PD_BOX_TEXT && b->elem >= 0 && !strcmp(lay->elems[b->elem].type, "P")) {
                runs++;
                words_boxes += strchr(b->text, ' ') == NULL;
            }
        }
    /* Ragged lines are one run each, with real spaces, not a box per word. */
    assert_true(runs > 0);
    assert_true(words_boxes * 4 < runs);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static void narrow_columns_hyphenate_norwegian(void **state)
{
    (void)state;
    char *body = S_long_body(6);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_PRINT, "A5", 1, d);
    size_t hyphens = 0;
    for (size_t p = 0; p < lay->n_pages; p++)
        for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
            const pd_box *b = &lay->pages[p].boxes[i];
            if (!(b->flags & PD_TEXT_HYPHEN))
                continue;
            hyphens++;
            size_t n = strlen(b->text);
            assert_true(n >= 3 && b->text[n - 1] == '-');
            /* At least two letters before the hyphen. */
            const char *sp = strrchr(b->text, ' ');
            const char *part = sp ? sp + 1 : b->text;
            assert_true(pd_utf8_len(part, strlen(part) - 1) >= 2);
        }
    assert_true(hyphens > 0);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static void headings_are_not_hyphenated_and_code_never(void **state)
{
    (void)state;
    pd_document *doc = S_doc("# Arbeidsgiverpolitikken og organisasjonsutviklingsprosjektet og "
                             "samfunnsutviklingsarbeidet\n\n"
                             "`arbeidsgiverpolitikkorganisasjonsutviklingsprosjektet` "
                             "arbeidsgiverpolitikk "
                             "`samfunnsutviklingsarbeidet`\n");
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_PRINT, "A5", 0, d);
    for (size_t p = 0; p < lay->n_pages; p++)
        for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
            const pd_box *b = &lay->pages[p].boxes[i];
            if (!(b->flags & PD_TEXT_HYPHEN))
                continue;
            assert_int_not_equal(b->face, PD_FACE_MONO);
            assert_string_not_equal(lay->elems[b->elem].type, "H2");
        }
    S_check_all(doc, lay);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
}

/* Lines of element e on page p: distinct baselines of its text boxes. */
static size_t S_lines_on(const pd_layout *lay, size_t p, int e)
{
    double seen[512];
    size_t n = 0;
    for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
        const pd_box *b = &lay->pages[p].boxes[i];
        if (b->kind != PD_BOX_TEXT || b->elem != e)
            continue;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= fabs(seen[k] - b->y) < 0.01;
        if (!dup && n < 512)
            seen[n++] = b->y;
    }
    return n;
}

static void no_widows_or_orphans(void **state)
{
    (void)state;
    char *body = S_long_body(30);
    pd_document *doc = S_doc(body);
    const char *papers[] = {"A4", "A5"};
    for (int k = 0; k < 2; k++) {
        pd_diags *d = pd_diags_new();
        pd_layout *lay = S_run(doc, PD_EDITION_PRINT, papers[k], k, d);
        size_t split = 0;
        for (size_t e = 0; e < lay->n_elems; e++) {
            if (strcmp(lay->elems[e].type, "P") != 0)
                continue;
            for (size_t p = lay->body_first_page; p + 1 < lay->n_pages; p++) {
                size_t here = S_lines_on(lay, p, (int)e), next = S_lines_on(lay, p + 1, (int)e);
                if (here && next) {
                    split++;
                    assert_true(here >= 2);
                    assert_true(next >= 2);
                }
            }
        }
        assert_true(split > 0); /* the test saw paragraphs cross pages */
        /* No word is hyphenated across a page break. */
        for (size_t p = lay->body_first_page; p + 1 < lay->n_pages; p++) {
            const pd_box *last = NULL;
            for (size_t i = 0; i < lay->pages[p].n_boxes; i++)
                if (lay->pages[p].boxes[i].kind == PD_BOX_TEXT && lay->pages[p].boxes[i].elem >= 0)
                    last = &lay->pages[p].boxes[i];
            assert_non_null(last);
            assert_false(last->flags & (PD_TEXT_HYPHEN | PD_TEXT_JOIN_NEXT));
        }
        pd_layout_free(lay);
        pd_diags_free(d);
    }
    pd_document_free(doc);
    free(body);
}

static void headings_stay_with_the_text_after_them(void **state)
{
    (void)state;
    char *body = S_long_body(30);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_PRINT, "A5", 0, d);
    for (size_t p = lay->body_first_page; p < lay->n_pages; p++) {
        const pd_page *pg = &lay->pages[p];
        int last = -1;
        for (size_t i = 0; i < pg->n_boxes; i++)
            if (pg->boxes[i].elem >= 0)
                last = pg->boxes[i].elem;
        if (last >= 0 && p + 1 < lay->n_pages)
            assert_true(lay->elems[last].type[0] != 'H');
    }
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static const pd_box *S_find_text(const pd_layout *lay, const char *text, size_t *page)
{
    for (size_t p = 0; p < lay->n_pages; p++)
        for (size_t i = 0; i < lay->pages[p].n_boxes; i++)
            if (lay->pages[p].boxes[i].kind == PD_BOX_TEXT &&
                !strcmp(lay->pages[p].boxes[i].text, text)) {
                if (page)
                    *page = p;
                return &lay->pages[p].boxes[i];
            }
    return NULL;
}

static void list_numbering_and_hanging_indent(void **state)
{
    (void)state;
    pd_document *doc = S_doc("7. Sju\n8. Åtte\n9. Ni\n10. Ti, og teksten i dette punktet er så "
                             "lang at den går over to linjer og henger under teksten\n\n"
                             "1) Med parentes\n\n- Punkt\n  - Under\n    - Under igjen\n");
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 0, d);
    const char *labels[] = {"7.", "8.", "9.", "10."};
    double right = -1;
    for (int i = 0; i < 4; i++) {
        const pd_box *b = S_find_text(lay, labels[i], NULL);
        assert_non_null(b);
        assert_string_equal(lay->elems[b->elem].type, "Lbl");
        /* Numbers are right-aligned: their right edges line up. */
        if (right >= 0)
            assert_true(fabs(b->x + b->w - right) < 0.01);
        right = b->x + b->w;
    }
    assert_non_null(S_find_text(lay, "1)", NULL));
    /* The ordered list's L has decimal numbering, the bullet lists disc. */
    size_t decimal = 0, disc = 0;
    for (size_t e = 0; e < lay->n_elems; e++) {
        if (strcmp(lay->elems[e].type, "L") != 0)
            continue;
        decimal += lay->elems[e].numbering == PD_NUMBERING_DECIMAL;
        disc += lay->elems[e].numbering == PD_NUMBERING_DISC;
    }
    assert_int_equal(disc, 3);
    assert_true(decimal >= 2);
    /* Hanging indent: the item's second line starts where its first line's text starts. */
    const pd_box *ti = NULL;
    size_t p = 0;
    for (size_t i = 0; i < lay->pages[lay->body_first_page].n_boxes; i++) {
        const pd_box *b = &lay->pages[lay->body_first_page].boxes[i];
        if (b->kind == PD_BOX_TEXT && !strncmp(b->text, "Ti,", 3))
            ti = b, p = lay->body_first_page;
    }
    assert_non_null(ti);
    const pd_box *next_line = NULL;
    for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
        const pd_box *b = &lay->pages[p].boxes[i];
        if (b->kind == PD_BOX_TEXT && b->elem == ti->elem && b->y < ti->y - 1) {
            next_line = b;
            break;
        }
    }
    assert_non_null(next_line);
    assert_true(fabs(next_line->x - ti->x) < 0.01);
    S_check_all(doc, lay);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void structure_follows_the_source(void **state)
{
    (void)state;
    pd_document *doc = S_doc("# Kapittel\n\nTekst med [lenke](https://example.org/).\n\n"
                             "###### Seks\n\n> Sitat\n\n```\nkode\n```\n\n"
                             "![Alt-tekst](img/diagram.png)\n\n# Kapittel to\n\nSlutt.\n");
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 0, d);
    int h1 = 0, h2 = 0, h6 = 0, sect = 0, figure = -1, link = -1, toc = 0, toci = 0;
    for (size_t e = 0; e < lay->n_elems; e++) {
        const pd_element *el = &lay->elems[e];
        h1 += !strcmp(el->type, "H1");
        h2 += !strcmp(el->type, "H2");
        h6 += !strcmp(el->type, "H6");
        sect += !strcmp(el->type, "Sect");
        toc += !strcmp(el->type, "TOC");
        toci += !strcmp(el->type, "TOCI");
        if (!strcmp(el->type, "Figure"))
            figure = (int)e;
        if (!strcmp(el->type, "Link") && el->node)
            link = (int)e;
    }
    assert_int_equal(h1, 1); /* the title is the one H1 */
    /* Two chapters, "Innhold" and "Lenker": H2; level 6 capped at H6. */
    assert_int_equal(h2, 4);
    assert_int_equal(h6, 1);
    assert_int_equal(sect, 3); /* two chapters and the link notes */
    assert_int_equal(toc, 1);
    assert_int_equal(toci, 3);
    assert_true(figure > 0);
    assert_string_equal(lay->elems[figure].alt, "Alt-tekst");
    const double *bb = lay->elems[figure].bbox;
    assert_true(bb[2] > bb[0] && bb[3] > bb[1]);
    assert_true(link > 0);
    const pd_link *l = &lay->links[lay->elems[link].link];
    assert_string_equal(l->uri, "https://example.org/");
    assert_string_equal(l->text, "lenke");
    assert_int_equal(l->note, 1);
    assert_true(l->n_rects >= 1);
    /* Outline mirrors the headings. */
    assert_int_equal(lay->n_outline, 4);
    assert_string_equal(lay->outline[0].title, "Kapittel");
    assert_int_equal(lay->outline[0].level, 1);
    assert_int_equal(lay->outline[1].level, 2); /* "Seks" under "Kapittel": no skipped levels */
    S_check_all(doc, lay);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void toc_links_land_on_their_headings(void **state)
{
    (void)state;
    char *body = S_long_body(12);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 0, d);
    size_t internal = 0;
    for (size_t i = 0; i < lay->n_links; i++) {
        const pd_link *l = &lay->links[i];
        if (l->dest_elem < 0)
            continue;
        internal++;
        assert_true(l->dest_page >= lay->body_first_page);
        assert_int_equal(lay->elems[l->dest_elem].page, l->dest_page);
        /* The TOC prints the heading's page label. */
        char want[16];
        snprintf(want, sizeof want, "%s", lay->pages[l->dest_page].label);
        size_t tp;
        bool found = false;
        for (tp = 0; tp < (size_t)lay->body_first_page && !found; tp++)
            for (size_t k = 0; k < lay->pages[tp].n_boxes; k++) {
                const pd_box *b = &lay->pages[tp].boxes[k];
                found |= b->link == (int)i && !strcmp(b->text ? b->text : "", want);
            }
        assert_true(found);
    }
    assert_int_equal(internal, 24);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static void print_margins_are_mirrored(void **state)
{
    (void)state;
    char *body = S_long_body(6);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_PRINT, NULL, 0, d);
    assert_true(lay->n_pages > 4);
    /* The body opens on a right-hand (odd) page. */
    assert_int_equal(lay->pages[lay->body_first_page].number % 2, 1);
    const pd_page *odd = &lay->pages[lay->body_first_page];
    const pd_page *even = &lay->pages[lay->body_first_page + 1];
    double odd_inner = odd->live[0], even_inner = even->width - even->live[2];
    assert_true(fabs(odd_inner - even_inner) < 0.01);
    assert_true(odd->live[0] < even->live[0]); /* inner margin narrower than outer */
    assert_string_equal(odd->label, "1");
    assert_string_equal(lay->pages[0].label, "i");
    assert_int_equal(lay->n_label_ranges, 2);
    assert_int_equal(lay->label_ranges[1].first_page, lay->body_first_page);
    /* The footer says "Side 1 av N". */
    char foot[64];
    snprintf(foot, sizeof foot, "Side 1 av %zu", lay->n_pages - lay->body_first_page);
    size_t page;
    const pd_box *f = S_find_text(lay, foot, &page);
    assert_non_null(f);
    assert_int_equal(page, lay->body_first_page);
    assert_int_equal(f->artifact, PD_ARTIFACT_PAGINATION);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static void a5_paper_and_unknown_paper(void **state)
{
    (void)state;
    pd_layout_options opt;
    pd_diags *d = pd_diags_new();
    assert_int_equal(pd_layout_options_init(&opt, PD_EDITION_PRINT, "a5", 0, NULL, d), 0);
    assert_true(fabs(opt.page_w - 419.53) < 0.1 && fabs(opt.page_h - 595.28) < 0.1);
    assert_int_equal(pd_layout_options_init(&opt, PD_EDITION_PRINT, "Letter", 0, NULL, d), -1);
    assert_int_equal(pd_diags_count(d, PD_ERROR), 1);
    pd_diags_free(d);
}

static void S_expect_error(const char *body, const char *needle)
{
    pd_document *doc = S_doc(body);
    pd_layout_options opt;
    pd_diags *d = pd_diags_new();
    assert_int_equal(pd_layout_options_init(&opt, PD_EDITION_PRINT, NULL, 0, NULL, d), 0);
    pd_layout *lay = (pd_layout *)1;
    assert_int_equal(pd_layout_run(doc, S_fonts, &opt, &lay, d), -1);
    assert_null(lay);
    assert_true(pd_diags_count(d, PD_ERROR) >= 1);
    const pd_diag *e = pd_diags_at(d, 0);
    if (!strstr(e->message, needle))
        fprintf(stderr, "message: %s\n", e->message);
    assert_non_null(strstr(e->message, needle));
    assert_true(e->line > 0); /* points at the Markdown line */
    pd_diags_free(d);
    pd_document_free(doc);
}

static void bad_images_are_clear_errors(void **state)
{
    (void)state;
    S_expect_error("Tekst.\n\n![Mangler](img/finnes-ikke.png)\n", "not found");
    S_expect_error("![Passord](../../etc/passwd)\n", "outside");
    S_expect_error("![Passord](/etc/passwd)\n", "absolute");
    S_expect_error("![Nett](https://example.org/a.png)\n", "URLs");
    S_expect_error("![Ødelagt](bad/corrupt.png)\n", "cannot be read");
    S_expect_error("![Avkortet](bad/truncated.jpg)\n", "cannot be read");
    S_expect_error("![Tekst](bad/not-an-image.png)\n", "neither PNG nor JPEG");
}

static void a_100_kb_word_is_broken_not_overflowing(void **state)
{
    (void)state;
    size_t n = 100 * 1024;
    pd_buf b = {0};
    pd_buf_puts(&b, "Før ");
    for (size_t i = 0; i < n; i++)
        pd_buf_putc(&b, (char)('a' + i % 26));
    pd_buf_puts(&b, " etter.\n");
    pd_document *doc = S_doc(b.data);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_PRINT, "A5", 1, d);
    S_check_geometry(lay);
    /* The pieces, without their added hyphens, give back the word. */
    pd_buf word = {0};
    for (size_t p = lay->body_first_page; p < lay->n_pages; p++)
        for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
            const pd_box *x = &lay->pages[p].boxes[i];
            if (x->kind != PD_BOX_TEXT || x->elem < 0)
                continue;
            size_t len = strlen(x->text) - ((x->flags & PD_TEXT_HYPHEN) ? 1 : 0);
            pd_buf_put(&word, x->text, len);
        }
    assert_non_null(word.data);
    const char *start = strstr(word.data, "abcdefg");
    assert_non_null(start);
    assert_true(strlen(start) >= n);
    assert_int_equal(memcmp(start, b.data + strlen("Før "), n), 0);
    pd_buf_free(&word);
    pd_buf_free(&b);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void ten_thousand_nested_lists_and_quotes(void **state)
{
    (void)state;
    const char *kinds[] = {"- ", "> ", "1. "};
    for (int k = 0; k < 3; k++) {
        pd_buf b = {0};
        size_t depth = 10000;
        for (size_t i = 0; i < depth; i++)
            pd_buf_puts(&b, kinds[k]);
        pd_buf_puts(&b, "dypt inne\n");
        pd_document *doc = S_doc(b.data);
        pd_diags *d = pd_diags_new();
        pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 0, d);
        assert_true(pd_diags_count(d, PD_WARNING) >= 1);
        S_check_geometry(lay);
        S_check_structure(lay);
        assert_non_null(S_find_text(lay, "dypt inne", NULL));
        assert_true(lay->n_elems < 1000); /* no 10,000-level structure tree */
        pd_layout_free(lay);
        pd_diags_free(d);
        pd_document_free(doc);
        pd_buf_free(&b);
    }
}

static void two_runs_are_identical(void **state)
{
    (void)state;
    pd_document *doc = S_load("tests/fixtures/constructs.md");
    pd_diags *d = pd_diags_new();
    pd_layout *a = S_run(doc, PD_EDITION_PRINT, NULL, 1, d);
    pd_layout *b = S_run(doc, PD_EDITION_PRINT, NULL, 1, d);
    assert_int_equal(a->n_pages, b->n_pages);
    for (size_t p = 0; p < a->n_pages; p++) {
        assert_int_equal(a->pages[p].n_boxes, b->pages[p].n_boxes);
        for (size_t i = 0; i < a->pages[p].n_boxes; i++) {
            const pd_box *x = &a->pages[p].boxes[i], *y = &b->pages[p].boxes[i];
            assert_true(x->x == y->x && x->y == y->y && x->w == y->w && x->h == y->h);
            assert_int_equal(x->elem, y->elem);
            if (x->kind == PD_BOX_TEXT)
                assert_string_equal(x->text, y->text);
        }
    }
    pd_layout_free(a);
    pd_layout_free(b);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void page_starts_point_into_the_source(void **state)
{
    (void)state;
    char *body = S_long_body(10);
    pd_document *doc = S_doc(body);
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_PRINT, NULL, 0, d);
    for (size_t p = 0; p < lay->n_pages; p++) {
        const pd_layout_page_start *s = &lay->page_starts[p];
        if (p < (size_t)lay->body_first_page) {
            assert_null(s->block);
            continue;
        }
        assert_non_null(s->block);
        char *text = pd_node_plain_text(s->block);
        assert_true(s->char_offset < pd_utf8_len(text, strlen(text)) + 1);
        free(text);
    }
    /* The second body page starts inside a paragraph or at a block, never nowhere. */
    assert_true(lay->n_pages > (size_t)lay->body_first_page + 2);
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
    free(body);
}

static void sami_and_symbols_are_set_in_some_face(void **state)
{
    (void)state;
    pd_document *doc = S_doc("Sámi: á č đ ŋ š ŧ ž Á Č Đ Ŋ Š Ŧ Ž « » — – • → …\n");
    pd_diags *d = pd_diags_new();
    pd_layout *lay = S_run(doc, PD_EDITION_DIGITAL, NULL, 0, d);
    assert_int_equal(pd_diags_count(d, PD_WARNING), 0); /* no glyph missing */
    const pd_box *arrow = NULL;
    for (size_t i = 0; i < lay->pages[lay->body_first_page].n_boxes; i++)
        if (strstr(lay->pages[lay->body_first_page].boxes[i].text
                       ? lay->pages[lay->body_first_page].boxes[i].text
                       : "",
                   "→"))
            arrow = &lay->pages[lay->body_first_page].boxes[i];
    assert_non_null(arrow);
    assert_true(pd_fontset_has_glyph(S_fonts, arrow->face, 0x2192));
    for (size_t p = 0; p < lay->n_pages; p++)
        for (size_t i = 0; i < lay->pages[p].n_boxes; i++) {
            const pd_box *b = &lay->pages[p].boxes[i];
            if (b->kind != PD_BOX_TEXT)
                continue;
            for (size_t k = 0, n = strlen(b->text); k < n;) {
                uint32_t c = pd_utf8_next(b->text, n, &k);
                if (c != ' ' && c != 0xA0)
                    assert_true(pd_fontset_has_glyph(S_fonts, b->face, c));
            }
        }
    pd_layout_free(lay);
    pd_diags_free(d);
    pd_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(constructs_fixture_in_every_edition),
        cmocka_unit_test(every_line_fits_its_measure),
        cmocka_unit_test(justified_lines_reach_the_right_edge),
        cmocka_unit_test(ragged_right_is_the_default),
        cmocka_unit_test(narrow_columns_hyphenate_norwegian),
        cmocka_unit_test(headings_are_not_hyphenated_and_code_never),
        cmocka_unit_test(no_widows_or_orphans),
        cmocka_unit_test(headings_stay_with_the_text_after_them),
        cmocka_unit_test(list_numbering_and_hanging_indent),
        cmocka_unit_test(structure_follows_the_source),
        cmocka_unit_test(toc_links_land_on_their_headings),
        cmocka_unit_test(print_margins_are_mirrored),
        cmocka_unit_test(a5_paper_and_unknown_paper),
        cmocka_unit_test(bad_images_are_clear_errors),
        cmocka_unit_test(a_100_kb_word_is_broken_not_overflowing),
        cmocka_unit_test(ten_thousand_nested_lists_and_quotes),
        cmocka_unit_test(two_runs_are_identical),
        cmocka_unit_test(page_starts_point_into_the_source),
        cmocka_unit_test(sami_and_symbols_are_set_in_some_face),
    };
    return cmocka_run_group_tests(tests, S_setup, S_teardown);
}
