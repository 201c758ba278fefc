/* Unit tests of the EPUB edition: identifiers, the content walk (page-break markers from a
 * hand-made page map, escaping, links, images), the navigation and the ZIP container. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "document.h"
#include "epub_package.h"
#include "epub_xhtml.h"
#include "render_epub.h"
#include "uuid.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FRONT                                                                                      \
    "---\ntitle: Testdokument\nsubtitle: Undertittel\norganisation: Testkommune\n"                 \
    "lang: nb-NO\ndate: 2024-03-14\nrevision: \"2024\"\nstatus: vedtatt\n"                         \
    "keywords: [test, epub]\ndescription: Et dokument for tester.\n---\n"

static pd_document *S_parse_at(const char *path, const char *body)
{
    char *src = pd_asprintf("%s%s", FRONT, body);
    pd_diags *d = pd_diags_new();
    pd_document *doc = NULL;
    int rc = pd_document_parse(path, src, strlen(src), NULL, &doc, d);
    if (rc < 0)
        pd_diags_print(d, stderr);
    assert_int_equal(rc, 0);
    pd_diags_free(d);
    free(src);
    return doc;
}

static pd_document *S_parse(const char *body)
{
    return S_parse_at("test.md", body);
}

static const pd_epub_doc *S_doc_named(const pd_epub_content *c, const char *href)
{
    for (size_t i = 0; i < c->n_docs; i++)
        if (!strcmp(c->docs[i].href, href))
            return &c->docs[i];
    return NULL;
}

/* The first node of the given type in document order, skipping `skip` earlier ones. */
static cmark_node *S_find(cmark_node *root, cmark_node_type type, int skip)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    cmark_node *found = NULL;
    while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == type && skip-- == 0)
            found = n;
    }
    cmark_iter_free(it);
    return found;
}

/* The text right after a page marker's element, to compare with where the page begins. */
static void S_assert_after_marker(const char *xhtml, int page, const char *expect)
{
    char id[32];
    snprintf(id, sizeof id, "id=\"page-%d\"", page);
    const char *m = strstr(xhtml, id);
    assert_non_null(m);
    const char *end = strstr(m, "/>");
    assert_non_null(end);
    if (strncmp(end + 2, expect, strlen(expect))) {
        fprintf(stderr, "after page %d marker: '%.40s', expected '%s'\n", page, end + 2, expect);
        fail();
    }
}

/* ---- identifiers ------------------------------------------------------------------------ */

static void test_sha1_known_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *in, *hex;
    } v[] = {
        {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        unsigned char dg[20];
        char hex[41];
        pd_sha1(v[i].in, strlen(v[i].in), dg);
        for (int k = 0; k < 20; k++)
            snprintf(hex + 2 * k, 3, "%02x", dg[k]);
        assert_string_equal(hex, v[i].hex);
    }
}

static void test_uuid_v5_matches_rfc_namespace_example(void **state)
{
    (void)state;
    /* Python: uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com") */
    static const unsigned char dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                          0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    char out[37];
    pd_uuid_v5(dns, "www.example.com", 15, out);
    assert_string_equal(out, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

static void test_identifier_depends_on_slug_and_revision(void **state)
{
    (void)state;
    pd_document *a = S_parse_at("a.md", "Tekst.\n");
    pd_document *b = S_parse_at("b.md", "Tekst.\n");
    pd_document *a2 = S_parse_at("a.md", "Annen tekst.\n");
    pd_epub_content c = {0};
    pd_epub_book ba, bb, ba2;
    pd_epub_book_init(&ba, a, &c);
    pd_epub_book_init(&bb, b, &c);
    pd_epub_book_init(&ba2, a2, &c);
    assert_string_not_equal(ba.uuid, bb.uuid);
    assert_string_equal(ba.uuid, ba2.uuid); /* same slug and revision: same book */
    pd_document_free(a);
    pd_document_free(b);
    pd_document_free(a2);
}

/* ---- page-list from a hand-made page map ------------------------------------------------ */

static void test_page_markers_follow_the_page_map(void **state)
{
    (void)state;
    pd_document *doc = S_parse("# Første kapittel\n\n"
                               "Alfa beta gamma delta epsilon zeta eta theta.\n\n"
                               "1. Første punkt\n2. Andre punkt\n\n"
                               "# Andre kapittel\n\nSiste avsnitt her.\n");
    cmark_node *para1 = S_find(doc->root, CMARK_NODE_PARAGRAPH, 0);
    cmark_node *item2 = S_find(doc->root, CMARK_NODE_PARAGRAPH, 2); /* "Andre punkt" */
    cmark_node *h2 = S_find(doc->root, CMARK_NODE_HEADING, 1);
    assert_non_null(item2);
    pd_page_start starts[] = {
        {1, "i", NULL, 0},   /* title page */
        {2, "ii", NULL, 0},  /* contents */
        {3, "1", para1, 0},  /* body begins with the first paragraph */
        {4, "2", para1, 16}, /* mid-paragraph: before "delta" */
        {5, "3", NULL, 0},   /* a page without text: placed where page 6 begins */
        {6, "4", item2, 0},  {7, "5", h2, 0},
    };
    pd_page_map map = {starts, sizeof starts / sizeof starts[0], 7};
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, &map, &c, d), 0);
    assert_int_equal(pd_diags_count(d, PD_WARNING), 0);
    assert_int_equal(c.n_pages, 7);
    assert_string_equal(c.pages[0].href, "title.xhtml#page-1");
    assert_true(c.pages[1].in_nav);
    assert_string_equal(c.pages[1].href, "nav.xhtml#page-2");
    assert_string_equal(c.pages[2].href, "chapter-01.xhtml#page-3");
    assert_string_equal(c.pages[3].href, "chapter-01.xhtml#page-4");
    assert_string_equal(c.pages[5].href, "chapter-01.xhtml#page-6");
    assert_string_equal(c.pages[6].href, "chapter-02.xhtml#page-7");
    assert_string_equal(c.pages[3].label, "2");

    const pd_epub_doc *ch1 = S_doc_named(&c, "chapter-01.xhtml");
    assert_non_null(ch1);
    S_assert_after_marker(ch1->xhtml, 3, "Alfa beta");
    S_assert_after_marker(ch1->xhtml, 4, "delta epsilon");
    /* Page 5 has no text: its marker comes right before page 6's, in front of the number. */
    S_assert_after_marker(ch1->xhtml, 5, "<span epub:type=\"pagebreak\"");
    S_assert_after_marker(ch1->xhtml, 6, "<span class=\"list-number\">2.</span> Andre punkt");
    const pd_epub_doc *ch2 = S_doc_named(&c, "chapter-02.xhtml");
    S_assert_after_marker(ch2->xhtml, 7, "Andre kapittel");
    /* Markers are empty elements with the pagebreak semantics and the label. */
    assert_non_null(strstr(ch1->xhtml, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" "
                                       "id=\"page-4\" aria-label=\"2\"/>"));

    /* The navigation document: contents-page marker, and a page-list of numbers only. */
    pd_epub_book book;
    pd_epub_book_init(&book, doc, &c);
    pd_buf nav = {0};
    pd_epub_nav_xhtml(&book, &nav);
    assert_non_null(strstr(nav.data, "id=\"page-2\" aria-label=\"ii\"/>"));
    assert_non_null(strstr(nav.data, "<li><a href=\"chapter-01.xhtml#page-4\">2</a></li>"));
    size_t entries = 0;
    for (const char *p = strstr(nav.data, "epub:type=\"page-list\""); p && (p = strstr(p, "<li>"));
         p++)
        entries++;
    assert_int_equal(entries, 7);
    pd_buf_free(&nav);
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void test_page_starting_mid_word_is_marked_before_the_word(void **state)
{
    (void)state;
    /* Hyphenation can put "arbeid" of "sam-arbeid" first on a page. */
    pd_document *doc = S_parse("Godt samarbeid og *gode* rutiner.\n");
    cmark_node *para = S_find(doc->root, CMARK_NODE_PARAGRAPH, 0);
    pd_page_start starts[] = {
        {1, "1", para, 0}, {2, "2", para, 8}, {3, "3", para, 14}, {4, "4", para, 20}};
    pd_page_map map = {starts, 4, 4};
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, &map, &c, d), 0);
    const char *x = S_doc_named(&c, "chapter-01.xhtml")->xhtml;
    S_assert_after_marker(x, 1, "Godt");
    S_assert_after_marker(x, 2, "samarbeid <span");
    /* At the space a line was broken at: in front of the next word. */
    S_assert_after_marker(x, 3, "og <em>");
    /* Inside emphasis: in front of the word, inside the element. */
    S_assert_after_marker(x, 4, "gode</em> rutiner");
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void test_page_start_missing_from_text_still_listed(void **state)
{
    (void)state;
    pd_document *doc = S_parse("Bare ett avsnitt.\n");
    pd_document *other = S_parse("Et annet dokument.\n");
    pd_page_start starts[] = {
        {1, "1", S_find(doc->root, CMARK_NODE_PARAGRAPH, 0), 0},
        {2, "2", S_find(other->root, CMARK_NODE_PARAGRAPH, 0), 0}, /* stale: not in doc */
    };
    pd_page_map map = {starts, 2, 2};
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, &map, &c, d), 0);
    assert_int_equal(c.n_pages, 2);
    assert_non_null(c.pages[1].href);
    assert_int_equal(pd_diags_count(d, PD_WARNING), 1);
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
    pd_document_free(other);
}

/* ---- the content walk ------------------------------------------------------------------- */

static void test_raw_html_never_passed_through(void **state)
{
    (void)state;
    pd_document *doc = S_parse("<div onclick=\"x()\">Tekst i <script>alert('x')</script> blokk"
                               "</div>\n\nTekst med <b onclick=\"x()\">fet</b> skrift.\n");
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, NULL, &c, d), 0);
    const pd_epub_doc *ch = S_doc_named(&c, "chapter-01.xhtml");
    assert_non_null(ch);
    assert_null(strstr(ch->xhtml, "<script"));
    assert_null(strstr(ch->xhtml, "<div"));
    assert_null(strstr(ch->xhtml, "<b "));
    assert_null(strstr(ch->xhtml, "onclick"));
    /* The words stay, as in the text edition. */
    assert_non_null(strstr(ch->xhtml, "<p class=\"raw-html\">Tekst i alert('x') blokk</p>"));
    assert_non_null(strstr(ch->xhtml, "<p>Tekst med fet skrift.</p>"));
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void test_javascript_link_dropped_with_warning(void **state)
{
    (void)state;
    pd_document *doc =
        S_parse("Trykk [her](javascript:alert(1)) eller [der](<https://example.no/a b>"
                ") eller <https://example.no>.\n");
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, NULL, &c, d), 0);
    if (pd_diags_count(d, PD_WARNING) != 1)
        pd_diags_print(d, stderr);
    assert_int_equal(pd_diags_count(d, PD_WARNING), 1);
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "javascript:"));
    const pd_epub_doc *ch = S_doc_named(&c, "chapter-01.xhtml");
    assert_null(strstr(ch->xhtml, "href=\"javascript"));
    /* As in the text edition: each link target gets a note number, autolinks none. */
    assert_non_null(strstr(ch->xhtml, "Trykk her\xC2\xA0<a class=\"noteref\""));
    assert_non_null(strstr(ch->xhtml, "<a href=\"https://example.no\">https://example.no</a>"));
    assert_int_equal(c.n_links, 2);
    const pd_epub_doc *notes = S_doc_named(&c, "links.xhtml");
    assert_non_null(notes);
    assert_non_null(strstr(notes->xhtml, "epub:type=\"endnotes\" role=\"doc-endnotes\""));
    assert_null(strstr(notes->xhtml, "href=\"javascript"));
    /* Notes keep the source order of first reference. */
    assert_true(strstr(notes->xhtml, "javascript:alert(1)") <
                strstr(notes->xhtml, "https://example.no/a%20b"));
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void test_chapters_sections_and_toc(void **state)
{
    (void)state;
    pd_document *doc = S_parse("Innledende tekst.\n\n# En\n\n## En.a\n\n#### Dypt\n\n# To\n\n"
                               "## To.a\n\n#\n\nSlutt.\n");
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, NULL, &c, d), 0);
    assert_int_equal(pd_diags_count(d, PD_WARNING), 1); /* the empty heading */
    /* title page, preamble, two chapters */
    assert_int_equal(c.n_docs, 4);
    assert_string_equal(c.docs[0].href, "title.xhtml");
    assert_string_equal(c.docs[1].href, "chapter-01.xhtml");
    assert_string_equal(c.docs[2].title, "En");
    assert_string_equal(c.body_start_href, "chapter-01.xhtml");
    assert_int_equal(c.n_headings, 5);
    assert_non_null(strstr(c.docs[2].xhtml, "<section epub:type=\"chapter\" role=\"doc-chapter\""));
    /* "####" under "##" is ranked h3: heading ranks never skip a level. */
    assert_non_null(strstr(c.docs[2].xhtml, "<h3 id=\"h-3\">Dypt</h3>"));

    pd_epub_book book;
    pd_epub_book_init(&book, doc, &c);
    pd_buf nav = {0};
    pd_epub_nav_xhtml(&book, &nav);
    /* "####" under "##" nests one level deeper, not two. */
    assert_non_null(strstr(nav.data,
                           "<li><a href=\"chapter-02.xhtml#h-2\">En.a</a>\n<ol>\n"
                           "<li><a href=\"chapter-02.xhtml#h-3\">Dypt</a></li>\n"
                           "</ol>\n</li>\n</ol>\n</li>\n<li><a href=\"chapter-03.xhtml#h-4\">"));
    assert_null(strstr(nav.data, "page-list"));
    pd_buf ncx = {0};
    pd_epub_toc_ncx(&book, &ncx);
    assert_non_null(strstr(ncx.data, "<meta name=\"dtb:depth\" content=\"3\"/>"));
    assert_non_null(strstr(ncx.data, "playOrder=\"5\""));
    assert_null(strstr(ncx.data, "playOrder=\"6\""));
    pd_buf_free(&ncx);
    pd_buf_free(&nav);
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void test_title_page_has_the_text_editions_title_block(void **state)
{
    (void)state;
    pd_document *doc = S_parse("Tekst & mer.\n");
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, NULL, &c, d), 0);
    const char *t = c.docs[0].xhtml;
    assert_non_null(strstr(t, "lang=\"nb-NO\" xml:lang=\"nb-NO\""));
    const char *h1 = strstr(t, "<h1>Testdokument</h1>");
    const char *sub = strstr(t, "Undertittel");
    const char *org = strstr(t, "Testkommune");
    const char *rev = strstr(t, "<dt>Revisjon</dt>\n<dd>2024</dd>");
    const char *st = strstr(t, "<dt>Status</dt>\n<dd>Vedtatt</dd>");
    assert_true(h1 && sub && org && rev && st);
    assert_true(h1 < sub && sub < org && org < rev && rev < st);
    assert_non_null(strstr(c.docs[1].xhtml, "Tekst &amp; mer."));
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

/* ---- images ----------------------------------------------------------------------------- */

static const unsigned char S_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x68, 0x00, 0x00, 0x00, 0x82, 0x00, 0x81, 0x77, 0xcd, 0x72, 0xb6, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

typedef struct {
    char root[64];   /* a temporary folder */
    char docdir[96]; /* root/doc: the document's folder */
} tmp_dirs;

static void S_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static int S_setup_dirs(void **state)
{
    tmp_dirs *t = calloc(1, sizeof *t);
    snprintf(t->root, sizeof t->root, "/tmp/polidoc-epub-XXXXXX");
    if (!mkdtemp(t->root))
        return -1;
    snprintf(t->docdir, sizeof t->docdir, "%s/doc", t->root);
    mkdir(t->docdir, 0755);
    char p[160];
    snprintf(p, sizeof p, "%s/kart.png", t->docdir);
    S_write(p, S_png, sizeof S_png);
    snprintf(p, sizeof p, "%s/hemmelig.png", t->root); /* outside the document's folder */
    S_write(p, S_png, sizeof S_png);
    snprintf(p, sizeof p, "%s/tekst.png", t->docdir); /* named .png, but is not one */
    S_write(p, "not an image", 12);
    *state = t;
    return 0;
}

static int S_teardown_dirs(void **state)
{
    tmp_dirs *t = *state;
    char p[160];
    const char *files[] = {"doc/kart.png", "doc/tekst.png", "hemmelig.png"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", t->root, files[i]);
        unlink(p);
    }
    rmdir(t->docdir);
    rmdir(t->root);
    free(t);
    return 0;
}

static int S_build_in(tmp_dirs *t, const char *body, pd_epub_content *c, pd_diags *d)
{
    char path[160];
    snprintf(path, sizeof path, "%s/dok.md", t->docdir);
    pd_document *doc = S_parse_at(path, body);
    int rc = pd_epub_content_build(doc, NULL, c, d);
    pd_document_free(doc);
    return rc;
}

static void test_image_packaged_once_with_media_type(void **state)
{
    tmp_dirs *t = *state;
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(
        S_build_in(t, "![Kart over byen](kart.png)\n\nSe ![Kart](./kart.png) her.\n", &c, d), 0);
    assert_int_equal(c.n_images, 1);
    assert_int_equal(c.n_image_refs, 2);
    assert_string_equal(c.images[0].media_type, "image/png");
    assert_string_equal(c.images[0].href, "images/image-1.png");
    assert_int_equal(c.images[0].len, sizeof S_png);
    const char *x = c.docs[1].xhtml;
    assert_non_null(strstr(x, "<figure><img src=\"images/image-1.png\" alt=\"Kart over byen\"/>"
                              "<figcaption aria-hidden=\"true\">[Bilde: Kart over byen]"
                              "</figcaption></figure>"));
    assert_non_null(strstr(x, "Se <img src=\"images/image-1.png\" alt=\"Kart\"/>"));
    pd_epub_content_free(&c);
    pd_diags_free(d);
}

static void test_image_outside_the_folder_is_refused(void **state)
{
    tmp_dirs *t = *state;
    const char *bad[] = {"![x](../hemmelig.png)\n", "![x](../doc/../hemmelig.png)\n",
                         "![x](/etc/passwd)\n", "![x](finnes-ikke.png)\n", "![x](tekst.png)\n"};
    const char *why[] = {"outside", "outside", "absolute", "not found", "neither PNG nor JPEG"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pd_diags *d = pd_diags_new();
        pd_epub_content c;
        assert_int_equal(S_build_in(t, bad[i], &c, d), -1);
        assert_int_equal(pd_diags_count(d, PD_ERROR), 1);
        const pd_diag *g = pd_diags_at(d, pd_diags_len(d) - 1);
        if (!strstr(g->message, why[i])) {
            fprintf(stderr, "%s -> %s\n", bad[i], g->message);
            fail();
        }
        assert_int_equal(g->line, 12); /* the body's first line, after the front matter */
        assert_int_equal(c.n_docs, 0);
        pd_diags_free(d);
    }
}

/* ---- the whole file --------------------------------------------------------------------- */

static void test_epub_is_deterministic_and_mimetype_first(void **state)
{
    (void)state;
    pd_document *doc = S_parse("# Kapittel\n\nTekst med [lenke](https://example.no).\n");
    pd_epub_options opt = {NULL, NULL, 0, "test.epub"};
    pd_buf a = {0}, b = {0};
    pd_diags *d = pd_diags_new();
    assert_int_equal(pd_render_epub(doc, &opt, &a, d), 0);
    assert_int_equal(pd_render_epub(doc, &opt, &b, d), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* Local file header of the first entry: signature, method 0 (stored), name, data. */
    assert_memory_equal(a.data, "PK\3\4", 4);
    assert_int_equal((unsigned char)a.data[8] | (unsigned char)a.data[9] << 8, 0);
    assert_int_equal((unsigned char)a.data[28] | (unsigned char)a.data[29] << 8, 0); /* extra */
    assert_memory_equal(a.data + 30, "mimetypeapplication/epub+zip", 28);
    /* DOS date of the front matter's 2024-03-14. */
    unsigned dosdate = (unsigned char)a.data[12] | (unsigned char)a.data[13] << 8;
    assert_int_equal(dosdate >> 9, 2024 - 1980);
    assert_int_equal((dosdate >> 5) & 15, 3);
    assert_int_equal(dosdate & 31, 14);
    pd_buf_free(&a);
    pd_buf_free(&b);
    pd_diags_free(d);
    pd_document_free(doc);
}

static void test_package_metadata(void **state)
{
    (void)state;
    pd_document *doc = S_parse("# Kapittel\n\nTekst.\n");
    pd_page_start starts[] = {{1, "i", NULL, 0},
                              {2, "1", S_find(doc->root, CMARK_NODE_HEADING, 0), 0}};
    pd_page_map map = {starts, 2, 2};
    pd_diags *d = pd_diags_new();
    pd_epub_content c;
    assert_int_equal(pd_epub_content_build(doc, &map, &c, d), 0);
    pd_epub_book book;
    pd_epub_book_init(&book, doc, &c);
    pd_buf opf = {0};
    pd_epub_package_opf(&book, &opf);
    const char *o = opf.data;
    assert_non_null(strstr(o, "<dc:identifier id=\"pub-id\">urn:uuid:"));
    assert_non_null(strstr(o, "<dc:language>nb-NO</dc:language>"));
    assert_non_null(strstr(o, "<dc:creator id=\"creator\">Testkommune</dc:creator>"));
    assert_non_null(strstr(o, "<meta property=\"dcterms:modified\">2024-03-14T00:00:00Z</meta>"));
    assert_non_null(strstr(o, "<dc:subject>epub</dc:subject>"));
    assert_non_null(strstr(o, "<dc:source id=\"print-source\">Testdokument, trykt utgave "
                              "(test.print.pdf), Revisjon 2024</dc:source>"));
    assert_non_null(strstr(o, "<meta property=\"schema:accessibilityFeature\">printPageNumbers"));
    assert_non_null(strstr(o, "<meta property=\"schema:accessibilityHazard\">none</meta>"));
    assert_non_null(strstr(o, "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"));
    assert_null(strstr(o, "schema:accessMode\">visual")); /* no images */
    /* The summary is written from the book: one heading, two print pages, in Bokmål. */
    assert_non_null(strstr(o, "xml:lang=\"nb\">Denne EPUB-utgaven oppfyller"));
    assert_non_null(strstr(o, "Innholdsfortegnelsen og overskriften gir"));
    assert_non_null(strstr(o, "(2 sider)"));
    /* Spine: title page, navigation, chapter. */
    const char *t = strstr(o, "<itemref idref=\"title-page\"/>");
    const char *n = strstr(o, "<itemref idref=\"nav\"/>");
    const char *ch = strstr(o, "<itemref idref=\"chapter-01\"/>");
    assert_true(t && n && ch && t < n && n < ch);
    pd_buf_free(&opf);
    pd_epub_content_free(&c);
    pd_diags_free(d);
    pd_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha1_known_vectors),
        cmocka_unit_test(test_uuid_v5_matches_rfc_namespace_example),
        cmocka_unit_test(test_identifier_depends_on_slug_and_revision),
        cmocka_unit_test(test_page_markers_follow_the_page_map),
        cmocka_unit_test(test_page_starting_mid_word_is_marked_before_the_word),
        cmocka_unit_test(test_page_start_missing_from_text_still_listed),
        cmocka_unit_test(test_raw_html_never_passed_through),
        cmocka_unit_test(test_javascript_link_dropped_with_warning),
        cmocka_unit_test(test_chapters_sections_and_toc),
        cmocka_unit_test(test_title_page_has_the_text_editions_title_block),
        cmocka_unit_test_setup_teardown(test_image_packaged_once_with_media_type, S_setup_dirs,
                                        S_teardown_dirs),
        cmocka_unit_test_setup_teardown(test_image_outside_the_folder_is_refused, S_setup_dirs,
                                        S_teardown_dirs),
        cmocka_unit_test(test_epub_is_deterministic_and_mimetype_first),
        cmocka_unit_test(test_package_metadata),
    };
    return cmocka_run_group_tests_name("epub", tests, NULL, NULL);
}
