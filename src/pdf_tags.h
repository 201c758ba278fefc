#ifndef POLIDOC_PDF_TAGS_H
#define POLIDOC_PDF_TAGS_H

/* Tagged PDF (PDF/UA-1, ISO 14289-1; ISO 32000-1 14.7-14.8): the structure tree, marked content
 * and the ParentTree, behind a small interface. This is the only module that writes tagging
 * objects with libharu's object layer; the emitter (pdf_emit.c) only says which element the
 * content it draws belongs to.
 *
 * Use:
 *   t = pd_pdf_tags_new(pdf, file, diags);
 *   elements: pd_pdf_tags_element (+ set_alt, set_lang, set_list_numbering, set_bbox …)
 *   for each page: pd_pdf_tags_page(t, page), then around everything drawn on it either
 *     pd_pdf_tags_begin(t, elem) … pd_pdf_tags_end(t)         real content, one MCID
 *     pd_pdf_tags_begin_artifact(t, kind) … pd_pdf_tags_end(t) running heads, rules …
 *   and pd_pdf_tags_annotation(t, elem, annot) for each link annotation;
 *   pd_pdf_tags_finish(t) once, before saving: writes StructTreeRoot, ParentTree, MarkInfo.
 *
 * Reading order: an element becomes a kid of its parent when it (or a descendant) first gets
 * content, so the tree follows the order in which content is drawn; MCIDs and OBJRs are kids in
 * the order they are made. Elements that never get content are left out of the tree.
 *
 * Errors: functions that can fail return -1 (or a negative id) having added an error to the
 * diagnostics given to pd_pdf_tags_new; they fail on misuse (unknown element id or structure
 * type, marked content not closed or not open, no current page) and when libharu fails. */

#include "diag.h"
#include <hpdf.h>

typedef struct pd_pdf_tags pd_pdf_tags;

/* Why drawn content is an artifact (ISO 32000-1 14.8.2.2). */
typedef enum {
    PD_PDF_ARTIFACT_PAGINATION, /* running headers, footers, page numbers */
    PD_PDF_ARTIFACT_LAYOUT,     /* rules, underlines, decorations */
} pd_pdf_artifact;

/* Tagging for the libharu document pdf (which must outlive t). file names the source in
 * diagnostics (may be NULL); d receives them. Never NULL. */
pd_pdf_tags *pd_pdf_tags_new(HPDF_Doc pdf, const char *file, pd_diags *d);
void pd_pdf_tags_free(pd_pdf_tags *t);

/* Adds a structure element of the standard type `type` ("Document", "P", "H1" … "H6", "L", "LI",
 * "Lbl", "LBody", "BlockQuote", "Code", "Figure", "Link", "TOC", "TOCI", "Sect", "Span", …) as a
 * child of element `parent`, or of the StructTreeRoot when parent is -1. Returns the new
 * element's id (ids count from 0 in the order of creation), or -1 with an error. */
int pd_pdf_tags_element(pd_pdf_tags *t, int parent, const char *type);

/* Element attributes. Strings are UTF-8 and copied. Each returns 0, or -1 for a bad id. */
int pd_pdf_tags_set_alt(pd_pdf_tags *t, int elem, const char *alt);     /* /Alt */
int pd_pdf_tags_set_lang(pd_pdf_tags *t, int elem, const char *lang);   /* /Lang (BCP 47) */
int pd_pdf_tags_set_title(pd_pdf_tags *t, int elem, const char *title); /* /T */
/* List attribute /ListNumbering (ISO 32000-1 table 347): "Decimal", "Disc", "None" … */
int pd_pdf_tags_set_list_numbering(pd_pdf_tags *t, int elem, const char *numbering);
/* Layout attributes /BBox (in default user space of the element's first page) and /Placement
 * /Block, as PDF/UA wants for figures. */
int pd_pdf_tags_set_bbox(pd_pdf_tags *t, int elem, double x0, double y0, double x1, double y1);

/* Makes page the current page: marked content and annotations that follow are on it. Pages
 * must be given in order, each once. Returns 0, or -1 if marked content is still open. */
int pd_pdf_tags_page(pd_pdf_tags *t, HPDF_Page page);

/* Starts a marked-content sequence for elem on the current page ("/Type <</MCID n>> BDC" in its
 * content stream), with the next MCID of the page. Draw only outside text objects (BT … ET
 * nested inside is fine). Returns 0, or -1 with an error. */
int pd_pdf_tags_begin(pd_pdf_tags *t, int elem);

/* Starts an artifact sequence ("/Artifact <</Type /Pagination>> BDC"). Returns 0 or -1. */
int pd_pdf_tags_begin_artifact(pd_pdf_tags *t, pd_pdf_artifact kind);

/* As pd_pdf_tags_begin, with /ActualText: the glyphs drawn in the sequence read as the UTF-8
 * text actual ("" = as nothing), e.g. the whole of a word whose hyphenated pieces lie on two
 * pages. Written "/Span <</MCID n /ActualText …>> BDC": poppler honours ActualText only on Span
 * sequences, and a Span nested inside the element's sequence would end poppler's structure text
 * at its EMC; the MCID still belongs to elem. Returns 0 or -1. */
int pd_pdf_tags_begin_actual_text(pd_pdf_tags *t, int elem, const char *actual);

/* Ends the open sequence (EMC). Returns 0, or -1 if none is open. */
int pd_pdf_tags_end(pd_pdf_tags *t);

/* Whether a sequence is open (0 none, 1 content, 2 artifact). */
int pd_pdf_tags_open(const pd_pdf_tags *t);

/* Makes the annotation (on the current page) a kid of elem through an object reference
 * (<< /Type /OBJR /Obj annot /Pg page >>), gives it /StructParent and the page /Tabs /S.
 * Returns 0 or -1. */
int pd_pdf_tags_annotation(pd_pdf_tags *t, int elem, HPDF_Annotation annot);

/* Writes the structure tree: an indirect structure element per element that has content, the
 * StructTreeRoot with its ParentTree (a number tree from each page's /StructParents to its
 * MCIDs' elements and from each annotation's /StructParent to its element), and the catalog's
 * /StructTreeRoot and /MarkInfo << /Marked true >>. Call once, after all content is drawn.
 * Returns 0, or -1 with an error (an open sequence, libharu failure). */
int pd_pdf_tags_finish(pd_pdf_tags *t);

/* The tree as indented text, one line per element and per kid, for tests and debugging:
 *   Document
 *     P
 *       mcid 0:0            (page index 0, MCID 0)
 *       Link
 *         mcid 0:1
 *         objr 0
 * Attributes follow the type: Alt="…", Lang=…, ListNumbering=…, BBox. Caller frees. */
char *pd_pdf_tags_dump(const pd_pdf_tags *t);

#endif
