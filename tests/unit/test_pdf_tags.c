#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pdf_tags.h"
#include "util.h"
#include <hpdf.h>
#include <hpdf_doc.h>
#include <stdlib.h>
#include <string.h>

/* A libharu document with n pages, tagging, and diagnostics. */
typedef struct {
    HPDF_Doc pdf;
    HPDF_Page page[3];
    pd_diags *d;
    pd_pdf_tags *t;
} fixture;

static void S_open(fixture *f, int pages)
{
    f->pdf = HPDF_New(NULL, NULL);
    assert_non_null(f->pdf);
    for (int i = 0; i < pages; i++)
        f->page[i] = HPDF_AddPage(f->pdf);
    f->d = pd_diags_new();
    f->t = pd_pdf_tags_new(f->pdf, "t.md", f->d);
}

static void S_close(fixture *f)
{
    pd_pdf_tags_free(f->t);
    pd_diags_free(f->d);
    HPDF_Free(f->pdf);
}

static void S_assert_dump(fixture *f, const char *want)
{
    char *got = pd_pdf_tags_dump(f->t);
    assert_string_equal(got, want);
    free(got);
}

/* The whole file, uncompressed, as a string (libharu's default is no compression). */
static char *S_save(fixture *f, size_t *len)
{
    assert_int_equal(HPDF_SaveToStream(f->pdf), HPDF_OK);
    HPDF_UINT32 n = HPDF_GetStreamSize(f->pdf);
    char *buf = pd_xmalloc(n + 1);
    HPDF_UINT32 got = n;
    HPDF_ResetStream(f->pdf);
    HPDF_ReadFromStream(f->pdf, (HPDF_BYTE *)buf, &got);
    buf[got] = '\0';
    *len = got;
    return buf;
}

/* Object-level helpers: the class of an array item (proxies resolved), and typed access. */
static void *S_item(HPDF_Array a, HPDF_UINT i, HPDF_UINT16 *cls)
{
    void *o = HPDF_List_ItemAt(a->list, i);
    assert_non_null(o);
    HPDF_Obj_Header *h = o;
    if (h->obj_class == HPDF_OCLASS_PROXY) {
        o = ((HPDF_Proxy)o)->obj;
        h = o;
    }
    *cls = h->obj_class & HPDF_OCLASS_ANY;
    return o;
}

static HPDF_Array S_k(HPDF_Dict elem)
{
    HPDF_Array k = HPDF_Dict_GetItem(elem, "K", HPDF_OCLASS_ARRAY);
    assert_non_null(k);
    return k;
}

static HPDF_Dict S_kid_elem(HPDF_Dict elem, HPDF_UINT i, const char *want_s)
{
    HPDF_UINT16 cls;
    HPDF_Dict kid = S_item(S_k(elem), i, &cls);
    assert_int_equal(cls, HPDF_OCLASS_DICT);
    HPDF_Name s = HPDF_Dict_GetItem(kid, "S", HPDF_OCLASS_NAME);
    if (want_s) {
        assert_non_null(s);
        assert_string_equal(HPDF_Name_GetValue(s), want_s);
    }
    return kid;
}

static HPDF_Dict S_struct_root(fixture *f)
{
    HPDF_Dict root = HPDF_Dict_GetItem(f->pdf->catalog, "StructTreeRoot", HPDF_OCLASS_DICT);
    assert_non_null(root);
    return root;
}

static void heading_and_paragraph(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    int doc = pd_pdf_tags_element(f.t, -1, "Document");
    int h1 = pd_pdf_tags_element(f.t, doc, "H1");
    int p = pd_pdf_tags_element(f.t, doc, "P");
    assert_int_equal(doc, 0);
    assert_int_equal(h1, 1);
    assert_int_equal(pd_pdf_tags_page(f.t, f.page[0]), 0);
    assert_int_equal(pd_pdf_tags_begin(f.t, h1), 0);
    assert_int_equal(pd_pdf_tags_open(f.t), 1);
    assert_int_equal(pd_pdf_tags_end(f.t), 0);
    assert_int_equal(pd_pdf_tags_begin(f.t, p), 0);
    assert_int_equal(pd_pdf_tags_end(f.t), 0);
    S_assert_dump(&f, "Document\n  H1\n    mcid 0:0\n  P\n    mcid 0:1\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);

    HPDF_Dict root = S_struct_root(&f);
    HPDF_Dict d = S_kid_elem(root, 0, "Document");
    HPDF_Dict hd = S_kid_elem(d, 0, "H1");
    S_kid_elem(d, 1, "P");
    /* /P points back to the parent; /Pg to the page; the MCID is a bare integer. */
    assert_ptr_equal(HPDF_Dict_GetItem(hd, "P", HPDF_OCLASS_DICT), d);
    assert_ptr_equal(HPDF_Dict_GetItem(hd, "Pg", HPDF_OCLASS_DICT), f.page[0]);
    HPDF_UINT16 cls;
    HPDF_Number mcid = S_item(S_k(hd), 0, &cls);
    assert_int_equal(cls, HPDF_OCLASS_NUMBER);
    assert_int_equal(mcid->value, 0);
    /* The page's /StructParents and the catalog's /MarkInfo. */
    HPDF_Number sp = HPDF_Dict_GetItem(f.page[0], "StructParents", HPDF_OCLASS_NUMBER);
    assert_non_null(sp);
    assert_int_equal(sp->value, 0);
    HPDF_Dict mark = HPDF_Dict_GetItem(f.pdf->catalog, "MarkInfo", HPDF_OCLASS_DICT);
    assert_non_null(mark);

    size_t len;
    char *file = S_save(&f, &len);
    assert_non_null(strstr(file, "/H1 <</MCID 0>> BDC\n"));
    assert_non_null(strstr(file, "/P <</MCID 1>> BDC\n"));
    assert_non_null(strstr(file, "/Marked true"));
    free(file);
    assert_int_equal(pd_diags_len(f.d), 0);
    S_close(&f);
}

static void paragraph_across_pages_is_one_element(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 2);
    int doc = pd_pdf_tags_element(f.t, -1, "Document");
    int p = pd_pdf_tags_element(f.t, doc, "P");
    pd_pdf_tags_page(f.t, f.page[0]);
    pd_pdf_tags_begin(f.t, p);
    pd_pdf_tags_end(f.t);
    pd_pdf_tags_page(f.t, f.page[1]);
    pd_pdf_tags_begin(f.t, p);
    pd_pdf_tags_end(f.t);
    S_assert_dump(&f, "Document\n  P\n    mcid 0:0\n    mcid 1:0\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);

    HPDF_Dict pe = S_kid_elem(S_kid_elem(S_struct_root(&f), 0, "Document"), 0, "P");
    assert_ptr_equal(HPDF_Dict_GetItem(pe, "Pg", HPDF_OCLASS_DICT), f.page[0]);
    /* The MCID on the second page is a marked-content reference naming its page. */
    HPDF_UINT16 cls;
    HPDF_Dict mcr = S_item(S_k(pe), 1, &cls);
    assert_int_equal(cls, HPDF_OCLASS_DICT);
    assert_string_equal(HPDF_Name_GetValue(HPDF_Dict_GetItem(mcr, "Type", HPDF_OCLASS_NAME)),
                        "MCR");
    assert_ptr_equal(HPDF_Dict_GetItem(mcr, "Pg", HPDF_OCLASS_DICT), f.page[1]);
    /* Both pages map their MCID 0 to the one P in the ParentTree. */
    HPDF_Dict tree = HPDF_Dict_GetItem(S_struct_root(&f), "ParentTree", HPDF_OCLASS_DICT);
    HPDF_Array nums = HPDF_Dict_GetItem(tree, "Nums", HPDF_OCLASS_ARRAY);
    assert_int_equal(HPDF_Array_Items(nums), 4);
    for (HPDF_UINT i = 1; i < 4; i += 2) {
        HPDF_Array owners = S_item(nums, i, &cls);
        assert_int_equal(cls, HPDF_OCLASS_ARRAY);
        assert_ptr_equal(S_item(owners, 0, &cls), pe);
    }
    S_close(&f);
}

static void link_holds_text_and_objr(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    int doc = pd_pdf_tags_element(f.t, -1, "Document");
    int p = pd_pdf_tags_element(f.t, doc, "P");
    int link = pd_pdf_tags_element(f.t, p, "Link");
    pd_pdf_tags_page(f.t, f.page[0]);
    pd_pdf_tags_begin(f.t, p);
    pd_pdf_tags_end(f.t);
    pd_pdf_tags_begin(f.t, link);
    pd_pdf_tags_end(f.t);
    pd_pdf_tags_begin(f.t, p);
    pd_pdf_tags_end(f.t);
    HPDF_Rect r = {10, 10, 50, 20};
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(f.page[0], r, "https://example.org/");
    assert_int_equal(pd_pdf_tags_annotation(f.t, link, a), 0);
    S_assert_dump(&f, "Document\n"
                      "  P\n"
                      "    mcid 0:0\n"
                      "    Link\n"
                      "      mcid 0:1\n"
                      "      objr 0\n"
                      "    mcid 0:2\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);

    HPDF_Dict le =
        S_kid_elem(S_kid_elem(S_kid_elem(S_struct_root(&f), 0, "Document"), 0, "P"), 1, "Link");
    HPDF_UINT16 cls;
    HPDF_Dict objr = S_item(S_k(le), 1, &cls);
    assert_int_equal(cls, HPDF_OCLASS_DICT);
    assert_string_equal(HPDF_Name_GetValue(HPDF_Dict_GetItem(objr, "Type", HPDF_OCLASS_NAME)),
                        "OBJR");
    assert_ptr_equal(HPDF_Dict_GetItem(objr, "Obj", HPDF_OCLASS_DICT), a);
    /* The annotation leads back to its element; the page reads annotations in structure
     * order. */
    HPDF_Number sp = HPDF_Dict_GetItem(a, "StructParent", HPDF_OCLASS_NUMBER);
    assert_non_null(sp);
    assert_int_equal(sp->value, 1);
    assert_string_equal(HPDF_Name_GetValue(HPDF_Dict_GetItem(f.page[0], "Tabs", HPDF_OCLASS_NAME)),
                        "S");
    HPDF_Dict tree = HPDF_Dict_GetItem(S_struct_root(&f), "ParentTree", HPDF_OCLASS_DICT);
    HPDF_Array nums = HPDF_Dict_GetItem(tree, "Nums", HPDF_OCLASS_ARRAY);
    HPDF_Number key = S_item(nums, 2, &cls);
    assert_int_equal(key->value, 1);
    assert_ptr_equal(S_item(nums, 3, &cls), le);
    HPDF_Number next =
        HPDF_Dict_GetItem(S_struct_root(&f), "ParentTreeNextKey", HPDF_OCLASS_NUMBER);
    assert_int_equal(next->value, 2);
    S_close(&f);
}

static void nested_list_inside_lbody(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    int doc = pd_pdf_tags_element(f.t, -1, "Document");
    int l = pd_pdf_tags_element(f.t, doc, "L");
    pd_pdf_tags_set_list_numbering(f.t, l, "Decimal");
    int li = pd_pdf_tags_element(f.t, l, "LI");
    int lbl = pd_pdf_tags_element(f.t, li, "Lbl");
    int body = pd_pdf_tags_element(f.t, li, "LBody");
    int p = pd_pdf_tags_element(f.t, body, "P");
    int l2 = pd_pdf_tags_element(f.t, body, "L");
    pd_pdf_tags_set_list_numbering(f.t, l2, "Disc");
    int li2 = pd_pdf_tags_element(f.t, l2, "LI");
    int lbl2 = pd_pdf_tags_element(f.t, li2, "Lbl");
    int body2 = pd_pdf_tags_element(f.t, li2, "LBody");
    pd_pdf_tags_page(f.t, f.page[0]);
    const int order[] = {lbl, p, lbl2, body2};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pd_pdf_tags_begin(f.t, order[i]), 0);
        assert_int_equal(pd_pdf_tags_end(f.t), 0);
    }
    S_assert_dump(&f, "Document\n"
                      "  L ListNumbering=Decimal\n"
                      "    LI\n"
                      "      Lbl\n"
                      "        mcid 0:0\n"
                      "      LBody\n"
                      "        P\n"
                      "          mcid 0:1\n"
                      "        L ListNumbering=Disc\n"
                      "          LI\n"
                      "            Lbl\n"
                      "              mcid 0:2\n"
                      "            LBody\n"
                      "              mcid 0:3\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);
    HPDF_Dict le = S_kid_elem(S_kid_elem(S_struct_root(&f), 0, "Document"), 0, "L");
    HPDF_Dict a = HPDF_Dict_GetItem(le, "A", HPDF_OCLASS_DICT);
    assert_non_null(a);
    assert_string_equal(HPDF_Name_GetValue(HPDF_Dict_GetItem(a, "O", HPDF_OCLASS_NAME)), "List");
    assert_string_equal(HPDF_Name_GetValue(HPDF_Dict_GetItem(a, "ListNumbering", HPDF_OCLASS_NAME)),
                        "Decimal");
    S_close(&f);
}

static void figure_has_alt_and_bbox(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    int doc = pd_pdf_tags_element(f.t, -1, "Document");
    int fig = pd_pdf_tags_element(f.t, doc, "Figure");
    pd_pdf_tags_set_alt(f.t, fig, "Kart over Sápmi");
    pd_pdf_tags_set_bbox(f.t, fig, 72, 300, 144, 327.5);
    pd_pdf_tags_page(f.t, f.page[0]);
    pd_pdf_tags_begin(f.t, fig);
    pd_pdf_tags_end(f.t);
    S_assert_dump(&f, "Document\n"
                      "  Figure Alt=\"Kart over Sápmi\" BBox=[72 300 144 327.5]\n"
                      "    mcid 0:0\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);
    HPDF_Dict fe = S_kid_elem(S_kid_elem(S_struct_root(&f), 0, "Document"), 0, "Figure");
    /* Non-ASCII alt text is UTF-16BE with a byte order mark. */
    HPDF_Binary alt = HPDF_Dict_GetItem(fe, "Alt", HPDF_OCLASS_BINARY);
    assert_non_null(alt);
    assert_memory_equal(HPDF_Binary_GetValue(alt),
                        "\xFE\xFF\x00K\x00"
                        "a",
                        6);
    HPDF_Dict a = HPDF_Dict_GetItem(fe, "A", HPDF_OCLASS_DICT);
    assert_string_equal(HPDF_Name_GetValue(HPDF_Dict_GetItem(a, "O", HPDF_OCLASS_NAME)), "Layout");
    assert_non_null(HPDF_Dict_GetItem(a, "BBox", HPDF_OCLASS_ARRAY));
    S_close(&f);
}

static void toc_entries_and_artifacts(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    int doc = pd_pdf_tags_element(f.t, -1, "Document");
    int toc = pd_pdf_tags_element(f.t, doc, "TOC");
    int i1 = pd_pdf_tags_element(f.t, toc, "TOCI");
    int i2 = pd_pdf_tags_element(f.t, toc, "TOCI");
    int unused = pd_pdf_tags_element(f.t, doc, "P");
    assert_true(unused > i2);
    pd_pdf_tags_page(f.t, f.page[0]);
    assert_int_equal(pd_pdf_tags_begin_artifact(f.t, PD_PDF_ARTIFACT_PAGINATION), 0);
    assert_int_equal(pd_pdf_tags_open(f.t), 2);
    pd_pdf_tags_end(f.t);
    pd_pdf_tags_begin(f.t, i1);
    pd_pdf_tags_end(f.t);
    pd_pdf_tags_begin_artifact(f.t, PD_PDF_ARTIFACT_LAYOUT);
    pd_pdf_tags_end(f.t);
    pd_pdf_tags_begin(f.t, i2);
    pd_pdf_tags_end(f.t);
    /* Artifacts take no MCID; the P that got no content is not in the tree. */
    S_assert_dump(&f, "Document\n  TOC\n    TOCI\n      mcid 0:0\n    TOCI\n      mcid 0:1\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);
    size_t len;
    char *file = S_save(&f, &len);
    assert_non_null(strstr(file, "/Artifact <</Type /Pagination>> BDC\nEMC\n/TOCI <</MCID 0>>"));
    assert_non_null(strstr(file, "/Artifact <</Type /Layout>> BDC\n"));
    free(file);
    S_close(&f);
}

static void actual_text_is_a_sequence_of_the_element(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    int p = pd_pdf_tags_element(f.t, -1, "P");
    pd_pdf_tags_page(f.t, f.page[0]);
    assert_int_equal(pd_pdf_tags_begin(f.t, p), 0);
    /* Only one sequence at a time: ActualText is not nested inside the element's. */
    assert_int_equal(pd_pdf_tags_begin_actual_text(f.t, p, "\xC2\xAD"), -1);
    assert_int_equal(pd_pdf_tags_end(f.t), 0);
    assert_int_equal(pd_pdf_tags_begin_actual_text(f.t, p, "\xC2\xAD"), 0);
    assert_int_equal(pd_pdf_tags_end(f.t), 0);
    assert_int_equal(pd_pdf_tags_begin_actual_text(f.t, p, ""), 0);
    assert_int_equal(pd_pdf_tags_end(f.t), 0);
    S_assert_dump(&f, "P\n  mcid 0:0\n  mcid 0:1\n  mcid 0:2\n");
    assert_int_equal(pd_pdf_tags_finish(f.t), 0);
    size_t len;
    char *file = S_save(&f, &len);
    assert_non_null(strstr(file, "/P <</MCID 0>> BDC\nEMC\n"
                                 "/Span <</MCID 1 /ActualText <FEFF00AD>>> BDC\nEMC\n"
                                 "/Span <</MCID 2 /ActualText ()>> BDC\nEMC\n"));
    free(file);
    S_close(&f);
}

static void misuse_is_an_error_not_a_crash(void **state)
{
    (void)state;
    fixture f;
    S_open(&f, 1);
    assert_int_equal(pd_pdf_tags_element(f.t, -1, "Paragraph"), -1);
    assert_int_equal(pd_pdf_tags_element(f.t, 7, "P"), -1);
    int p = pd_pdf_tags_element(f.t, -1, "P");
    /* No page yet. */
    assert_int_equal(pd_pdf_tags_begin(f.t, p), -1);
    pd_pdf_tags_page(f.t, f.page[0]);
    assert_int_equal(pd_pdf_tags_end(f.t), -1);
    assert_int_equal(pd_pdf_tags_begin(f.t, 42), -1);
    assert_int_equal(pd_pdf_tags_begin(f.t, p), 0);
    assert_int_equal(pd_pdf_tags_begin(f.t, p), -1); /* would nest */
    assert_int_equal(pd_pdf_tags_page(f.t, f.page[0]), -1);
    assert_int_equal(pd_pdf_tags_finish(f.t), -1); /* still open */
    assert_int_equal(pd_diags_count(f.d, PD_ERROR), 8);
    assert_non_null(strstr(pd_diags_at(f.d, 0)->message, "\"Paragraph\""));
    assert_string_equal(pd_diags_at(f.d, 0)->file, "t.md");
    S_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heading_and_paragraph),
        cmocka_unit_test(paragraph_across_pages_is_one_element),
        cmocka_unit_test(link_holds_text_and_objr),
        cmocka_unit_test(nested_list_inside_lbody),
        cmocka_unit_test(figure_has_alt_and_bbox),
        cmocka_unit_test(toc_entries_and_artifacts),
        cmocka_unit_test(actual_text_is_a_sequence_of_the_element),
        cmocka_unit_test(misuse_is_an_error_not_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
