#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pdf_meta.h"
#include <hpdf_doc.h>
#include <stdlib.h>
#include <string.h>

static pd_metadata S_meta(void)
{
    static char *keywords[] = {"arbeidsgiverpolitikk", "R&D <test>"};
    pd_metadata m = {0};
    m.title = "Vi i Sarpsborg & «Sápmi»";
    m.organisation = "Sarpsborg kommune";
    m.lang = "se";
    m.date = "2024-03-14";
    m.revision = "2024";
    m.description = "Plattform for ledelse";
    m.keywords = keywords;
    m.n_keywords = 2;
    return m;
}

static void xmp_identifies_pdfa_and_pdfua_and_escapes(void **state)
{
    (void)state;
    pd_metadata meta = S_meta();
    pd_pdf_meta m = {.meta = &meta, .pdfa_part = 3, .producer = "polidoc 0.1.0"};
    pd_diags *d = pd_diags_new();
    pd_buf x = {0};
    assert_int_equal(pd_pdf_meta_xmp(&m, &x, "t.md", d), 0);
    assert_non_null(strstr(x.data, "<pdfaid:part>3</pdfaid:part>"));
    assert_non_null(strstr(x.data, "<pdfaid:conformance>A</pdfaid:conformance>"));
    assert_non_null(strstr(x.data, "<pdfuaid:part>1</pdfuaid:part>"));
    /* pdfuaid is not a predefined schema: PDF/A wants it declared. */
    assert_non_null(strstr(x.data, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"));
    assert_non_null(strstr(x.data, "<rdf:li xml:lang=\"x-default\">Vi i Sarpsborg &amp; «Sápmi»"));
    assert_non_null(strstr(x.data, "<pdf:Keywords>arbeidsgiverpolitikk, R&amp;D &lt;test&gt;"));
    assert_non_null(strstr(x.data, "<dc:language><rdf:Bag><rdf:li>se</rdf:li>"));
    assert_non_null(strstr(x.data, "<xmp:CreateDate>2024-03-14T00:00:00Z</xmp:CreateDate>"));
    /* PDF/A: no bytes= or encoding= in the packet header. */
    assert_null(strstr(x.data, "bytes="));
    pd_buf_free(&x);
    pd_diags_free(d);
}

static void bad_date_is_an_error(void **state)
{
    (void)state;
    pd_metadata meta = S_meta();
    meta.date = "14.03.2024";
    pd_pdf_meta m = {.meta = &meta, .pdfa_part = 2, .producer = "polidoc"};
    pd_diags *d = pd_diags_new();
    pd_buf x = {0};
    assert_int_equal(pd_pdf_meta_xmp(&m, &x, "t.md", d), -1);
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "14.03.2024"));
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_int_equal(pd_pdf_meta_write(pdf, &m, "t.md", d), -1);
    HPDF_Free(pdf);
    pd_buf_free(&x);
    pd_diags_free(d);
}

static void document_objects_are_written(void **state)
{
    (void)state;
    pd_metadata meta = S_meta();
    pd_pdf_meta m = {.meta = &meta,
                     .pdfa_part = 2,
                     .producer = "polidoc 0.1.0",
                     .id_seed = "seed",
                     .id_seed_len = 4};
    pd_diags *d = pd_diags_new();
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_AddPage(pdf);
    assert_int_equal(pd_pdf_meta_write(pdf, &m, "t.md", d), 0);
    assert_int_equal(pdf->pdf_version, HPDF_VER_17);
    HPDF_Dict cat = pdf->catalog;
    assert_non_null(HPDF_Dict_GetItem(cat, "Metadata", HPDF_OCLASS_DICT));
    assert_non_null(HPDF_Dict_GetItem(cat, "OutputIntents", HPDF_OCLASS_ARRAY));
    HPDF_Dict vp = HPDF_Dict_GetItem(cat, "ViewerPreferences", HPDF_OCLASS_DICT);
    HPDF_Boolean ddt = HPDF_Dict_GetItem(vp, "DisplayDocTitle", HPDF_OCLASS_BOOLEAN);
    assert_true(ddt->value);
    HPDF_String lang = HPDF_Dict_GetItem(cat, "Lang", HPDF_OCLASS_STRING);
    assert_string_equal((const char *)lang->value, "se");
    HPDF_Array id = HPDF_Dict_GetItem(pdf->trailer, "ID", HPDF_OCLASS_ARRAY);
    assert_int_equal(HPDF_Array_Items(id), 2);
    /* The Info dictionary says what the XMP says: a non-ASCII title is UTF-16BE. */
    HPDF_Binary title = HPDF_Dict_GetItem(pdf->info, "Title", HPDF_OCLASS_BINARY);
    assert_non_null(title);
    assert_memory_equal(HPDF_Binary_GetValue(title), "\xFE\xFF\x00V\x00i", 6);
    HPDF_String created = HPDF_Dict_GetItem(pdf->info, "CreationDate", HPDF_OCLASS_STRING);
    assert_string_equal((const char *)created->value, "D:20240314000000Z");
    assert_int_equal(pd_diags_len(d), 0);
    HPDF_Free(pdf);
    pd_diags_free(d);
}

static void missing_icc_profile_is_an_error(void **state)
{
    (void)state;
    pd_metadata meta = S_meta();
    pd_pdf_meta m = {
        .meta = &meta, .pdfa_part = 2, .producer = "polidoc", .icc_path = "/nonexistent/sRGB.icc"};
    pd_diags *d = pd_diags_new();
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    assert_int_equal(pd_pdf_meta_write(pdf, &m, "t.md", d), -1);
    assert_non_null(strstr(pd_diags_at(d, 0)->message, "/nonexistent/sRGB.icc"));
    HPDF_Free(pdf);
    pd_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xmp_identifies_pdfa_and_pdfua_and_escapes),
        cmocka_unit_test(bad_date_is_an_error),
        cmocka_unit_test(document_objects_are_written),
        cmocka_unit_test(missing_icc_profile_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
