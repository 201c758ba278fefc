#include "pdf_tags.h"
#include "fontset.h"
#include "pdf_obj.h"
#include "util.h"

#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { S_KID_ELEM, S_KID_MCID, S_KID_OBJR } S_kid_kind;

typedef struct {
    S_kid_kind kind;
    int value; /* element id, or MCID */
    int page;  /* page index of an MCID or OBJR */
    HPDF_Annotation annot;
} S_kid;

typedef struct {
    char type[16];
    int parent;
    int attached; /* already a kid of its parent (or a root) */
    char *alt, *lang, *title;
    char numbering[16];
    int has_bbox;
    double bbox[4];
    S_kid *kids;
    size_t n_kids, cap_kids;
    HPDF_Dict dict; /* made by pd_pdf_tags_finish */
} S_elem;

typedef struct {
    HPDF_Page page;
    int key;    /* /StructParents, or -1 until the page's first MCID */
    int *owner; /* element of each MCID */
    size_t n_mcid, cap_mcid;
    int has_annots;
} S_page;

typedef struct {
    int key, elem;
} S_annot;

struct pd_pdf_tags {
    HPDF_Doc pdf;
    const char *file;
    pd_diags *d;
    S_elem *elems;
    size_t n_elems, cap_elems;
    int *roots; /* elements attached to the StructTreeRoot, in order */
    size_t n_roots, cap_roots;
    S_page *pages;
    size_t n_pages, cap_pages;
    S_annot *annots;
    size_t n_annots, cap_annots;
    int next_key;
    int open; /* the open marked-content sequence: 0 none, 1 content, 2 artifact */
    int finished;
};

/* ISO 32000-1 14.8.4: the standard structure types (no RoleMap needed for these). */
static const char *const S_standard[] = {
    "Document", "Part",    "Art",   "Sect",      "Div",     "BlockQuote", "Caption",
    "TOC",      "TOCI",    "Index", "NonStruct", "Private", "P",          "H",
    "H1",       "H2",      "H3",    "H4",        "H5",      "H6",         "L",
    "LI",       "Lbl",     "LBody", "Table",     "TR",      "TH",         "TD",
    "THead",    "TBody",   "TFoot", "Span",      "Quote",   "Note",       "Reference",
    "BibEntry", "Code",    "Link",  "Annot",     "Ruby",    "RB",         "RT",
    "RP",       "Warichu", "WT",    "WP",        "Figure",  "Formula",    "Form",
};

#define S_GROW(arr, n, cap)                                                                        \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) ? 2 * (cap) : 8;                                                         \
            (arr) = pd_xrealloc((arr), (cap) * sizeof *(arr));                                     \
        }                                                                                          \
    } while (0)

pd_pdf_tags *pd_pdf_tags_new(HPDF_Doc pdf, const char *file, pd_diags *d)
{
    pd_pdf_tags *t = pd_xcalloc(1, sizeof *t);
    t->pdf = pdf;
    t->file = file;
    t->d = d;
    return t;
}

void pd_pdf_tags_free(pd_pdf_tags *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_elems; i++) {
        free(t->elems[i].alt);
        free(t->elems[i].lang);
        free(t->elems[i].title);
        free(t->elems[i].kids);
    }
    for (size_t i = 0; i < t->n_pages; i++)
        free(t->pages[i].owner);
    free(t->elems);
    free(t->roots);
    free(t->pages);
    free(t->annots);
    free(t);
}

static int S_err(pd_pdf_tags *t, const char *what)
{
    return pd_error(t->d, t->file, 0, 0, "PDF tagging: %s", what);
}

static S_elem *S_get(pd_pdf_tags *t, int elem)
{
    if (elem < 0 || (size_t)elem >= t->n_elems) {
        pd_error(t->d, t->file, 0, 0, "PDF tagging: no structure element %d", elem);
        return NULL;
    }
    return &t->elems[elem];
}

int pd_pdf_tags_element(pd_pdf_tags *t, int parent, const char *type)
{
    int known = 0;
    for (size_t i = 0; i < sizeof S_standard / sizeof *S_standard && !known; i++)
        known = !strcmp(type, S_standard[i]);
    if (!known)
        return pd_error(t->d, t->file, 0, 0, "PDF tagging: \"%s\" is not a standard structure type",
                        type);
    if (parent != -1 && !S_get(t, parent))
        return -1;
    S_GROW(t->elems, t->n_elems, t->cap_elems);
    S_elem *e = &t->elems[t->n_elems];
    memset(e, 0, sizeof *e);
    snprintf(e->type, sizeof e->type, "%s", type);
    e->parent = parent;
    return (int)t->n_elems++;
}

#define S_SETTER(name, field)                                                                      \
    int name(pd_pdf_tags *t, int elem, const char *v)                                              \
    {                                                                                              \
        S_elem *e = S_get(t, elem);                                                                \
        if (!e)                                                                                    \
            return -1;                                                                             \
        free(e->field);                                                                            \
        e->field = v ? pd_xstrdup(v) : NULL;                                                       \
        return 0;                                                                                  \
    }
S_SETTER(pd_pdf_tags_set_alt, alt)
S_SETTER(pd_pdf_tags_set_lang, lang)
S_SETTER(pd_pdf_tags_set_title, title)

int pd_pdf_tags_set_list_numbering(pd_pdf_tags *t, int elem, const char *numbering)
{
    S_elem *e = S_get(t, elem);
    if (!e)
        return -1;
    snprintf(e->numbering, sizeof e->numbering, "%s", numbering ? numbering : "");
    return 0;
}

int pd_pdf_tags_set_bbox(pd_pdf_tags *t, int elem, double x0, double y0, double x1, double y1)
{
    S_elem *e = S_get(t, elem);
    if (!e)
        return -1;
    e->has_bbox = 1;
    e->bbox[0] = x0;
    e->bbox[1] = y0;
    e->bbox[2] = x1;
    e->bbox[3] = y1;
    return 0;
}

int pd_pdf_tags_page(pd_pdf_tags *t, HPDF_Page page)
{
    if (t->open)
        return S_err(t, "a new page while marked content is still open");
    S_GROW(t->pages, t->n_pages, t->cap_pages);
    S_page *p = &t->pages[t->n_pages++];
    memset(p, 0, sizeof *p);
    p->page = page;
    p->key = -1;
    return 0;
}

static void S_add_kid(S_elem *e, S_kid k)
{
    S_GROW(e->kids, e->n_kids, e->cap_kids);
    e->kids[e->n_kids++] = k;
}

/* Hangs elem (and, first, its ancestors) into the tree the first time it gets content. */
static void S_attach(pd_pdf_tags *t, int elem)
{
    S_elem *e = &t->elems[elem];
    if (e->attached)
        return;
    e->attached = 1;
    if (e->parent < 0) {
        S_GROW(t->roots, t->n_roots, t->cap_roots);
        t->roots[t->n_roots++] = elem;
        return;
    }
    S_attach(t, e->parent);
    S_add_kid(&t->elems[e->parent], (S_kid){S_KID_ELEM, elem, -1, NULL});
}

static HPDF_Stream S_content(pd_pdf_tags *t)
{
    HPDF_Page page = t->pages[t->n_pages - 1].page;
    return ((HPDF_PageAttr)page->attr)->stream;
}

static int S_write(pd_pdf_tags *t, const char *s)
{
    if (HPDF_Stream_WriteStr(S_content(t), s) != HPDF_OK)
        return pd_pdf_check(t->pdf, t->file, "writing marked content", t->d);
    return 0;
}

static int S_can_open(pd_pdf_tags *t)
{
    if (t->finished)
        return S_err(t, "marked content after the structure tree was written");
    if (!t->n_pages)
        return S_err(t, "marked content before the first page");
    if (t->open)
        return S_err(t, "marked-content sequences would nest");
    return 0;
}

/* Opens "/Type <</MCID n>> BDC", or with actual "/Type <</MCID n /ActualText …>> BDC". */
static int S_begin(pd_pdf_tags *t, int elem, const char *actual)
{
    if (S_can_open(t) < 0 || !S_get(t, elem))
        return -1;
    S_page *p = &t->pages[t->n_pages - 1];
    if (p->key < 0) {
        p->key = t->next_key++;
        HPDF_Dict_AddNumber(p->page, "StructParents", p->key);
    }
    int mcid = (int)p->n_mcid;
    S_GROW(p->owner, p->n_mcid, p->cap_mcid);
    p->owner[p->n_mcid++] = elem;
    S_attach(t, elem);
    S_add_kid(&t->elems[elem], (S_kid){S_KID_MCID, mcid, (int)t->n_pages - 1, NULL});
    pd_buf op = {0};
    /* Poppler applies ActualText only to sequences tagged Span; the MCID still belongs to the
     * element, whatever the tag. */
    pd_buf_printf(&op, "/%s <</MCID %d", actual ? "Span" : t->elems[elem].type, mcid);
    if (actual && !*actual) {
        pd_buf_puts(&op, " /ActualText ()");
    } else if (actual) {
        /* UTF-16BE with a byte order mark, as a hex string: safe for any character. */
        pd_buf_puts(&op, " /ActualText <FEFF");
        size_t n = strlen(actual), i = 0;
        while (i < n) {
            uint32_t cp = pd_utf8_next(actual, n, &i);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                pd_buf_printf(&op, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
            } else {
                pd_buf_printf(&op, "%04X", (unsigned)cp);
            }
        }
        pd_buf_putc(&op, '>');
    }
    pd_buf_puts(&op, ">> BDC\n");
    t->open = 1;
    int rc = S_write(t, op.data);
    pd_buf_free(&op);
    return rc;
}

int pd_pdf_tags_begin(pd_pdf_tags *t, int elem)
{
    return S_begin(t, elem, NULL);
}

int pd_pdf_tags_begin_actual_text(pd_pdf_tags *t, int elem, const char *actual)
{
    return S_begin(t, elem, actual ? actual : "");
}

int pd_pdf_tags_begin_artifact(pd_pdf_tags *t, pd_pdf_artifact kind)
{
    if (S_can_open(t) < 0)
        return -1;
    t->open = 2;
    return S_write(t, kind == PD_PDF_ARTIFACT_PAGINATION ? "/Artifact <</Type /Pagination>> BDC\n"
                                                         : "/Artifact <</Type /Layout>> BDC\n");
}

int pd_pdf_tags_end(pd_pdf_tags *t)
{
    if (!t->open)
        return S_err(t, "EMC without an open marked-content sequence");
    t->open = 0;
    return S_write(t, "EMC\n");
}

int pd_pdf_tags_open(const pd_pdf_tags *t)
{
    return t->open;
}

int pd_pdf_tags_annotation(pd_pdf_tags *t, int elem, HPDF_Annotation annot)
{
    if (!t->n_pages)
        return S_err(t, "an annotation before the first page");
    if (!S_get(t, elem))
        return -1;
    S_page *p = &t->pages[t->n_pages - 1];
    int key = t->next_key++;
    S_GROW(t->annots, t->n_annots, t->cap_annots);
    t->annots[t->n_annots++] = (S_annot){key, elem};
    HPDF_Dict_AddNumber(annot, "StructParent", key);
    if (!p->has_annots) {
        p->has_annots = 1;
        HPDF_Dict_AddName(p->page, "Tabs", "S");
    }
    S_attach(t, elem);
    S_add_kid(&t->elems[elem], (S_kid){S_KID_OBJR, 0, (int)t->n_pages - 1, annot});
    return pd_pdf_check(t->pdf, t->file, "tagging an annotation", t->d);
}

/* ---- writing the tree ------------------------------------------------------------------- */

/* The page of an element's first MCID or OBJR: its /Pg, against which bare MCIDs count. */
static int S_elem_page(const S_elem *e)
{
    for (size_t i = 0; i < e->n_kids; i++)
        if (e->kids[i].kind != S_KID_ELEM)
            return e->kids[i].page;
    return -1;
}

static HPDF_Dict S_attributes(pd_pdf_tags *t, const S_elem *e, HPDF_Array *many)
{
    HPDF_MMgr mm = t->pdf->mmgr;
    HPDF_Dict list = NULL, layout = NULL;
    *many = NULL;
    if (e->numbering[0]) {
        list = HPDF_Dict_New(mm);
        HPDF_Dict_AddName(list, "O", "List");
        HPDF_Dict_AddName(list, "ListNumbering", e->numbering);
    }
    if (e->has_bbox) {
        layout = HPDF_Dict_New(mm);
        HPDF_Dict_AddName(layout, "O", "Layout");
        HPDF_Dict_AddName(layout, "Placement", "Block");
        HPDF_Dict_Add(layout, "BBox",
                      pd_pdf_real_array4(t->pdf, e->bbox[0], e->bbox[1], e->bbox[2], e->bbox[3]));
    }
    if (list && layout) {
        *many = HPDF_Array_New(mm);
        HPDF_Array_Add(*many, list);
        HPDF_Array_Add(*many, layout);
        return NULL;
    }
    return list ? list : layout;
}

static void S_fill_elem(pd_pdf_tags *t, S_elem *e, HPDF_Dict parent)
{
    HPDF_MMgr mm = t->pdf->mmgr;
    HPDF_Dict d = e->dict;
    int pg = S_elem_page(e);
    /* /Type /StructElem is optional (ISO 32000-1, table 323) and left out: each libharu name
     * object costs ~150 bytes, which adds up to megabytes in a long document. */
    HPDF_Dict_AddName(d, "S", e->type);
    HPDF_Dict_Add(d, "P", parent);
    if (pg >= 0)
        HPDF_Dict_Add(d, "Pg", t->pages[pg].page);
    if (e->alt)
        HPDF_Dict_Add(d, "Alt", pd_pdf_text_string(t->pdf, e->alt));
    if (e->lang)
        HPDF_Dict_Add(d, "Lang", pd_pdf_text_string(t->pdf, e->lang));
    if (e->title)
        HPDF_Dict_Add(d, "T", pd_pdf_text_string(t->pdf, e->title));
    HPDF_Array many;
    HPDF_Dict attr = S_attributes(t, e, &many);
    if (attr || many)
        HPDF_Dict_Add(d, "A", attr ? (void *)attr : (void *)many);
    HPDF_Array k = HPDF_Array_New(mm);
    for (size_t i = 0; i < e->n_kids; i++) {
        const S_kid *kid = &e->kids[i];
        if (kid->kind == S_KID_ELEM) {
            HPDF_Array_Add(k, t->elems[kid->value].dict);
        } else if (kid->kind == S_KID_MCID && kid->page == pg) {
            HPDF_Array_AddNumber(k, kid->value);
        } else if (kid->kind == S_KID_MCID) {
            HPDF_Dict mcr = HPDF_Dict_New(mm);
            HPDF_Dict_AddName(mcr, "Type", "MCR");
            HPDF_Dict_Add(mcr, "Pg", t->pages[kid->page].page);
            HPDF_Dict_AddNumber(mcr, "MCID", kid->value);
            HPDF_Array_Add(k, mcr);
        } else {
            HPDF_Dict objr = HPDF_Dict_New(mm);
            HPDF_Dict_AddName(objr, "Type", "OBJR");
            HPDF_Dict_Add(objr, "Obj", kid->annot);
            HPDF_Dict_Add(objr, "Pg", t->pages[kid->page].page);
            HPDF_Array_Add(k, objr);
        }
    }
    HPDF_Dict_Add(d, "K", k);
}

int pd_pdf_tags_finish(pd_pdf_tags *t)
{
    if (t->finished)
        return S_err(t, "the structure tree is already written");
    if (t->open)
        return S_err(t, "marked content left open at the end of the document");
    t->finished = 1;
    HPDF_Doc pdf = t->pdf;
    HPDF_MMgr mm = pdf->mmgr;
    HPDF_Dict root = pd_pdf_indirect_dict(pdf);
    if (!root)
        return pd_pdf_check(pdf, t->file, "making the StructTreeRoot", t->d);
    /* Objects first (parents refer to kids and kids to parents), in element order so that
     * object numbers do not depend on anything but the document. */
    for (size_t i = 0; i < t->n_elems; i++)
        if (t->elems[i].attached && !(t->elems[i].dict = pd_pdf_indirect_dict(pdf)))
            return pd_pdf_check(pdf, t->file, "making structure elements", t->d);
    for (size_t i = 0; i < t->n_elems; i++) {
        S_elem *e = &t->elems[i];
        if (e->attached)
            S_fill_elem(t, e, e->parent < 0 ? root : t->elems[e->parent].dict);
    }
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    HPDF_Array k = HPDF_Array_New(mm);
    for (size_t i = 0; i < t->n_roots; i++)
        HPDF_Array_Add(k, t->elems[t->roots[i]].dict);
    HPDF_Dict_Add(root, "K", k);
    /* ParentTree: keys were handed out in increasing order to pages and annotations alike;
     * merge the two lists to keep /Nums sorted. */
    HPDF_Dict tree = HPDF_Dict_New(mm);
    HPDF_Array nums = HPDF_Array_New(mm);
    size_t pi = 0, ai = 0;
    for (int key = 0; key < t->next_key; key++) {
        while (pi < t->n_pages && t->pages[pi].key < 0)
            pi++;
        if (pi < t->n_pages && t->pages[pi].key == key) {
            S_page *p = &t->pages[pi++];
            HPDF_Array owners = HPDF_Array_New(mm);
            for (size_t m = 0; m < p->n_mcid; m++)
                HPDF_Array_Add(owners, t->elems[p->owner[m]].dict);
            HPDF_Array_AddNumber(nums, key);
            HPDF_Array_Add(nums, owners);
        } else if (ai < t->n_annots && t->annots[ai].key == key) {
            HPDF_Array_AddNumber(nums, key);
            HPDF_Array_Add(nums, t->elems[t->annots[ai].elem].dict);
            ai++;
        }
    }
    HPDF_Dict_Add(tree, "Nums", nums);
    HPDF_Dict_Add(root, "ParentTree", tree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", t->next_key);
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(mm);
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark);
    return pd_pdf_check(pdf, t->file, "writing the structure tree", t->d);
}

/* ---- dump ------------------------------------------------------------------------------- */

static void S_dump(const pd_pdf_tags *t, int elem, int depth, pd_buf *out)
{
    const S_elem *e = &t->elems[elem];
    pd_buf_printf(out, "%*s%s", 2 * depth, "", e->type);
    if (e->alt)
        pd_buf_printf(out, " Alt=\"%s\"", e->alt);
    if (e->lang)
        pd_buf_printf(out, " Lang=%s", e->lang);
    if (e->numbering[0])
        pd_buf_printf(out, " ListNumbering=%s", e->numbering);
    if (e->has_bbox)
        pd_buf_printf(out, " BBox=[%g %g %g %g]", e->bbox[0], e->bbox[1], e->bbox[2], e->bbox[3]);
    pd_buf_putc(out, '\n');
    for (size_t i = 0; i < e->n_kids; i++) {
        const S_kid *k = &e->kids[i];
        if (k->kind == S_KID_ELEM)
            S_dump(t, k->value, depth + 1, out);
        else if (k->kind == S_KID_MCID)
            pd_buf_printf(out, "%*smcid %d:%d\n", 2 * depth + 2, "", k->page, k->value);
        else
            pd_buf_printf(out, "%*sobjr %d\n", 2 * depth + 2, "", k->page);
    }
}

char *pd_pdf_tags_dump(const pd_pdf_tags *t)
{
    pd_buf out = {0};
    for (size_t i = 0; i < t->n_roots; i++)
        S_dump(t, t->roots[i], 0, &out);
    return pd_buf_detach(&out, NULL);
}
