#include "epub_package.h"
#include "epub_xml.h"
#include "labels.h"
#include "uuid.h"

#include <stdlib.h>
#include <string.h>

void pd_epub_book_init(pd_epub_book *book, const pd_document *doc, const pd_epub_content *c)
{
    memset(book, 0, sizeof *book);
    book->doc = doc;
    book->content = c;
    char *name = pd_asprintf("%s\n%s", doc->slug, doc->meta.revision);
    pd_uuid_v5(pd_uuid_namespace_polidoc, name, strlen(name), book->uuid);
    free(name);
}

static const char *S_lang(const pd_epub_book *book)
{
    return book->doc->meta.lang ? book->doc->meta.lang : "nb-NO";
}

/* ---- accessibility summary -------------------------------------------------------------- */

/* Sentences of the summary. "%zu"/"%d" take the count; _one forms are for a count of one. */
typedef struct {
    const char *lang;
    const char *print_edition; /* names the print edition in dc:source */
    const char *conforms;
    const char *headings_none, *headings_one, *headings_many;
    const char *pages_one, *pages_many;
    const char *text_only;
    const char *images_one, *images_many, *images_missing; /* missing: (without alt, total) */
    const char *links;
    const char *reader_fonts, *embedded_fonts;
} S_words;

static const S_words S_summaries[] = {
    {"nb", "trykt utgave",
     "Denne EPUB-utgaven oppfyller EPUB Accessibility 1.1 og WCAG 2.1 nivå AA.",
     "Teksten har ingen overskrifter; innholdsfortegnelsen viser til begynnelsen av teksten.",
     "Innholdsfortegnelsen og overskriften gir strukturert navigasjon, og leserekkefølgen "
     "følger teksten.",
     "Innholdsfortegnelsen og de %zu overskriftene gir strukturert navigasjon, og "
     "leserekkefølgen følger teksten.",
     "Sidetallet fra den trykte utgaven (1 side) er merket i teksten og står i en sideliste.",
     "Sidetallene fra den trykte utgaven (%d sider) er merket i teksten og samlet i en "
     "sideliste, så man kan vise til samme side som i papirutgaven.",
     "Publikasjonen består bare av tekst.", "Bildet har tekstalternativ.",
     "Alle de %zu bildene har tekstalternativ.", "%zu av %zu bilder mangler tekstalternativ.",
     "Lenkene er nummerert og samlet i en liste bakerst.",
     "Skrift, skriftstørrelse og farger bestemmer leseren selv.",
     "Skriftene fra den trykte utgaven følger med, men leseren kan velge sin egen skrift."},
    {"nn", "trykt utgåve",
     "Denne EPUB-utgåva oppfyller EPUB Accessibility 1.1 og WCAG 2.1 nivå AA.",
     "Teksten har ingen overskrifter; innhaldslista viser til byrjinga av teksten.",
     "Innhaldslista og overskrifta gir strukturert navigasjon, og lesefølgja følgjer teksten.",
     "Innhaldslista og dei %zu overskriftene gir strukturert navigasjon, og lesefølgja "
     "følgjer teksten.",
     "Sidetalet frå den trykte utgåva (1 side) er merkt i teksten og står i ei sideliste.",
     "Sidetala frå den trykte utgåva (%d sider) er merkte i teksten og samla i ei sideliste, "
     "så ein kan vise til same side som i papirutgåva.",
     "Publikasjonen består berre av tekst.", "Biletet har tekstalternativ.",
     "Alle dei %zu bileta har tekstalternativ.", "%zu av %zu bilete manglar tekstalternativ.",
     "Lenkjene er nummererte og samla i ei liste bak i publikasjonen.",
     "Skrift, skriftstorleik og fargar bestemmer lesaren sjølv.",
     "Skriftene frå den trykte utgåva følgjer med, men lesaren kan velje si eiga skrift."},
    {"en", "print edition", "This EPUB edition meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA.",
     "The text has no headings; the table of contents points to its beginning.",
     "A table of contents and the heading give structured navigation, and the reading order "
     "follows the text.",
     "A table of contents and %zu headings give structured navigation, and the reading order "
     "follows the text.",
     "The page number of the print edition (1 page) is marked in the text and listed in a "
     "page list.",
     "Page numbers of the print edition (%d pages) are marked in the text and listed in a page "
     "list, so readers can cite the same page as the paper copy.",
     "The publication consists of text only.", "The image has a text alternative.",
     "All %zu images have text alternatives.", "%zu of %zu images lack a text alternative.",
     "Links are numbered and listed at the end.",
     "Typeface, text size and colours are left to the reader.",
     "The print edition's fonts are included, but readers can choose their own."},
};

/* Northern Sámi falls back to Bokmål until a translator writes its sentences: a summary in a
 * language the reader knows beats none, and the xml:lang says which it is. */
static const S_words *S_words_for(const char *lang)
{
    for (size_t i = 0; i < sizeof S_summaries / sizeof S_summaries[0]; i++) {
        size_t n = strlen(S_summaries[i].lang);
        if (lang && !strncmp(lang, S_summaries[i].lang, n) && (lang[n] == '\0' || lang[n] == '-'))
            return &S_summaries[i];
    }
    return &S_summaries[0];
}

static int S_conforms(const pd_epub_book *book)
{
    return book->content->n_images_no_alt == 0;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *pd_epub_a11y_summary(const pd_epub_book *book, const char **lang)
{
    const pd_epub_content *c = book->content;
    const S_words *w = S_words_for(book->doc->meta.lang);
    *lang = w->lang;
    pd_buf b = {0};
    if (S_conforms(book))
        pd_buf_printf(&b, "%s ", w->conforms);
    size_t h = c->n_headings - (c->n_links > 0); /* the notes' heading is polidoc's own */
    if (h == 0)
        pd_buf_printf(&b, "%s ", w->headings_none);
    else if (h == 1)
        pd_buf_printf(&b, "%s ", w->headings_one);
    else {
        pd_buf_printf(&b, w->headings_many, h);
        pd_buf_putc(&b, ' ');
    }
    if (c->n_pages == 1)
        pd_buf_printf(&b, "%s ", w->pages_one);
    else if (c->n_pages > 1) {
        pd_buf_printf(&b, w->pages_many, c->total_pages);
        pd_buf_putc(&b, ' ');
    }
    if (c->n_image_refs == 0)
        pd_buf_printf(&b, "%s ", w->text_only);
    else if (c->n_images_no_alt)
        pd_buf_printf(&b, w->images_missing, c->n_images_no_alt, c->n_image_refs);
    else if (c->n_image_refs == 1)
        pd_buf_puts(&b, w->images_one);
    else
        pd_buf_printf(&b, w->images_many, c->n_image_refs);
    if (c->n_image_refs)
        pd_buf_putc(&b, ' ');
    if (c->n_links)
        pd_buf_printf(&b, "%s ", w->links);
    pd_buf_puts(&b, book->n_fonts ? w->embedded_fonts : w->reader_fonts);
    return pd_buf_detach(&b, NULL);
}
#pragma GCC diagnostic pop

/* ---- container and package document ----------------------------------------------------- */

void pd_epub_container_xml(pd_buf *out)
{
    pd_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<container version=\"1.0\" "
                     "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
                     "<rootfiles>\n<rootfile full-path=\"" PD_EPUB_DIR "package.opf\" "
                     "media-type=\"application/oebps-package+xml\"/>\n"
                     "</rootfiles>\n</container>\n");
}

static void S_element(pd_buf *b, const char *open, const char *text, const char *close)
{
    pd_buf_puts(b, open);
    pd_xml_escape_str(b, text);
    pd_buf_puts(b, close);
}

static void S_meta(pd_buf *b, const char *property, const char *value)
{
    pd_buf_printf(b, "<meta property=\"%s\">", property);
    pd_xml_escape_str(b, value);
    pd_buf_puts(b, "</meta>\n");
}

/* How the package names the print edition the page numbers come from. */
static char *S_print_source(const pd_epub_book *book)
{
    const pd_metadata *m = &book->doc->meta;
    const S_words *w = S_words_for(m->lang);
    const pd_labels *l = pd_labels_for(m->lang);
    return pd_asprintf("%s, %s (%s.print.pdf), %s %s", m->title, w->print_edition, book->doc->slug,
                       l->revision, m->revision);
}

static void S_a11y_metadata(const pd_epub_book *book, pd_buf *b)
{
    const pd_epub_content *c = book->content;
    S_meta(b, "schema:accessMode", "textual");
    if (c->n_image_refs)
        S_meta(b, "schema:accessMode", "visual");
    if (!c->n_images_no_alt)
        S_meta(b, "schema:accessModeSufficient", "textual");
    if (c->n_image_refs)
        S_meta(b, "schema:accessModeSufficient", "textual,visual");
    S_meta(b, "schema:accessibilityFeature", "structuralNavigation");
    S_meta(b, "schema:accessibilityFeature", "tableOfContents");
    S_meta(b, "schema:accessibilityFeature", "readingOrder");
    if (c->n_image_refs && !c->n_images_no_alt)
        S_meta(b, "schema:accessibilityFeature", "alternativeText");
    if (c->n_pages) {
        S_meta(b, "schema:accessibilityFeature", "pageNavigation");
        S_meta(b, "schema:accessibilityFeature", "printPageNumbers");
    }
    S_meta(b, "schema:accessibilityHazard", "none");
    const char *lang;
    char *summary = pd_epub_a11y_summary(book, &lang);
    pd_buf_printf(b, "<meta property=\"schema:accessibilitySummary\" xml:lang=\"%s\">", lang);
    pd_xml_escape_str(b, summary);
    pd_buf_puts(b, "</meta>\n");
    free(summary);
    if (S_conforms(book)) {
        /* A book with an image that has no text alternative does not meet WCAG 1.1.1, and
         * polidoc does not claim that it does. */
        S_meta(b, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
        S_meta(b, "a11y:certifiedBy", "polidoc");
    }
}

/* dcterms:modified is the front matter's date, not the time of the build: two builds of one
 * source must be the same bytes. */
void pd_epub_package_opf(const pd_epub_book *book, pd_buf *b)
{
    const pd_metadata *m = &book->doc->meta;
    const pd_epub_content *c = book->content;
    pd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                   "unique-identifier=\"pub-id\" xml:lang=\"");
    pd_xml_escape_str(b, S_lang(book));
    pd_buf_puts(b, "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    pd_buf_printf(b, "<dc:identifier id=\"pub-id\">urn:uuid:%s</dc:identifier>\n", book->uuid);
    S_element(b, "<dc:title id=\"title\">", m->title, "</dc:title>\n");
    if (m->subtitle) {
        S_element(b, "<dc:title id=\"subtitle\">", m->subtitle, "</dc:title>\n");
        pd_buf_puts(b, "<meta refines=\"#title\" property=\"title-type\">main</meta>\n"
                       "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    S_element(b, "<dc:language>", S_lang(book), "</dc:language>\n");
    S_element(b, "<dc:creator id=\"creator\">", m->organisation, "</dc:creator>\n");
    S_element(b, "<dc:publisher>", m->organisation, "</dc:publisher>\n");
    S_element(b, "<dc:date>", m->date, "</dc:date>\n");
    pd_buf_printf(b, "<meta property=\"dcterms:modified\">%.10sT00:00:00Z</meta>\n", m->date);
    if (m->description)
        S_element(b, "<dc:description>", m->description, "</dc:description>\n");
    for (size_t i = 0; i < m->n_keywords; i++)
        S_element(b, "<dc:subject>", m->keywords[i], "</dc:subject>\n");
    if (c->n_pages) {
        char *source = S_print_source(book);
        /* "source-of: pagination" is how EPUB 3.2 says the page-break markers come from this
         * source. EPUB 3.3's a11y:pageBreakSource says the same, but Debian's EPUBCheck 4.2
         * rejects it as an undefined property (OPF-027). */
        S_element(b, "<dc:source id=\"print-source\">", source, "</dc:source>\n");
        pd_buf_puts(b,
                    "<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>\n");
        free(source);
    }
    S_a11y_metadata(book, b);
    pd_buf_puts(b, "</metadata>\n<manifest>\n"
                   "<item id=\"nav\" href=\"" PD_EPUB_NAV "\" media-type=\"application/xhtml+xml\" "
                   "properties=\"nav\"/>\n"
                   "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
                   "<item id=\"css\" href=\"" PD_EPUB_CSS "\" media-type=\"text/css\"/>\n");
    for (size_t i = 0; i < c->n_docs; i++)
        pd_buf_printf(b, "<item id=\"%s\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
                      c->docs[i].id, c->docs[i].href);
    for (size_t i = 0; i < c->n_images; i++)
        pd_buf_printf(b, "<item id=\"%s\" href=\"%s\" media-type=\"%s\"/>\n", c->images[i].id,
                      c->images[i].href, c->images[i].media_type);
    for (size_t i = 0; i < book->n_fonts; i++)
        pd_buf_printf(b, "<item id=\"%s\" href=\"%s\" media-type=\"%s\"/>\n", book->fonts[i].id,
                      book->fonts[i].href, book->fonts[i].media_type);
    /* The navigation document is read after the title page, where the print edition has its
     * table of contents. */
    pd_buf_puts(b, "</manifest>\n<spine toc=\"ncx\">\n");
    for (size_t i = 0; i < c->n_docs; i++) {
        pd_buf_printf(b, "<itemref idref=\"%s\"/>\n", c->docs[i].id);
        if (i == 0)
            pd_buf_puts(b, "<itemref idref=\"nav\"/>\n");
    }
    pd_buf_puts(b, "</spine>\n</package>\n");
}

/* ---- navigation ------------------------------------------------------------------------- */

/* Nesting depth of each heading in the toc: one deeper than the nearest earlier heading of a
 * lower level, so a skipped level ("#" then "###") nests one step, not two. */
static int *S_toc_depths(const pd_epub_content *c, int *max_depth)
{
    int *depth = pd_xcalloc(c->n_headings ? c->n_headings : 1, sizeof *depth);
    int stack[8], top = 0;
    *max_depth = 1;
    for (size_t i = 0; i < c->n_headings; i++) {
        int level = c->headings[i].level;
        while (top > 0 && stack[top - 1] >= level)
            top--;
        stack[top++] = level;
        depth[i] = top;
        if (top > *max_depth)
            *max_depth = top;
    }
    return depth;
}

static void S_marker(pd_buf *b, const pd_epub_page *p)
{
    pd_buf_printf(b,
                  "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page-%d\" "
                  "aria-label=\"",
                  p->page);
    pd_xml_escape_str(b, p->label);
    pd_buf_puts(b, "\"/>\n");
}

static void S_link(pd_buf *b, const char *attrs, const char *href, const char *text)
{
    pd_buf_printf(b, "<a%s href=\"", attrs);
    pd_xml_url(b, href);
    pd_buf_puts(b, "\">");
    pd_xml_escape_str(b, text);
    pd_buf_puts(b, "</a>");
}

void pd_epub_nav_xhtml(const pd_epub_book *book, pd_buf *b)
{
    const pd_epub_content *c = book->content;
    const pd_labels *l = pd_labels_for(book->doc->meta.lang);
    pd_xhtml_open(b, S_lang(book), l->contents, PD_EPUB_CSS, " epub:type=\"frontmatter\"");
    for (size_t i = 0; i < c->n_pages; i++)
        if (c->pages[i].in_nav)
            S_marker(b, &c->pages[i]);
    pd_buf_puts(b, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" "
                   "aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">");
    pd_xml_escape_str(b, l->contents);
    pd_buf_puts(b, "</h1>\n<ol>\n");
    if (c->n_headings == 0) {
        /* A toc must list something; without headings, the text's beginning. */
        pd_buf_puts(b, "<li>");
        S_link(b, "", c->body_start_href ? c->body_start_href : PD_EPUB_TITLE_PAGE,
               book->doc->meta.title);
        pd_buf_puts(b, "</li>\n");
    }
    int max_depth;
    int *depth = S_toc_depths(c, &max_depth);
    int prev = 1;
    for (size_t i = 0; i < c->n_headings; i++) {
        int d = depth[i];
        if (i > 0 && d > prev)
            pd_buf_puts(b, "\n<ol>\n");
        else if (i > 0) {
            pd_buf_puts(b, "</li>\n");
            for (int k = d; k < prev; k++)
                pd_buf_puts(b, "</ol>\n</li>\n");
        }
        pd_buf_puts(b, "<li>");
        S_link(b, "", c->headings[i].href, c->headings[i].text);
        prev = d;
    }
    if (c->n_headings) {
        pd_buf_puts(b, "</li>\n");
        for (int k = 1; k < prev; k++)
            pd_buf_puts(b, "</ol>\n</li>\n");
    }
    free(depth);
    pd_buf_puts(b, "</ol>\n</nav>\n");

    pd_buf_puts(b, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<ol>\n<li>");
    S_link(b, " epub:type=\"titlepage\"", PD_EPUB_TITLE_PAGE, l->title_page);
    pd_buf_puts(b, "</li>\n<li>");
    S_link(b, " epub:type=\"toc\"", PD_EPUB_NAV "#toc", l->contents);
    pd_buf_puts(b, "</li>\n");
    if (c->body_start_href) {
        pd_buf_puts(b, "<li>");
        S_link(b, " epub:type=\"bodymatter\"", c->body_start_href, l->body_start);
        pd_buf_puts(b, "</li>\n");
    }
    pd_buf_puts(b, "</ol>\n</nav>\n");

    if (c->n_pages) {
        /* Entries hold only the page number: reading systems add their own word for "page". */
        pd_buf_puts(b, "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" "
                       "hidden=\"hidden\">\n<ol>\n");
        for (size_t i = 0; i < c->n_pages; i++) {
            pd_buf_puts(b, "<li>");
            S_link(b, "", c->pages[i].href, c->pages[i].label);
            pd_buf_puts(b, "</li>\n");
        }
        pd_buf_puts(b, "</ol>\n</nav>\n");
    }
    pd_xhtml_close(b);
}

/* ---- toc.ncx ---------------------------------------------------------------------------- */

/* NCX playOrder numbers every target in reading order; the navigation document comes right
 * after the title page in the spine. */
typedef struct {
    int rank;    /* spine position */
    size_t pos;  /* byte offset in the document */
    int heading; /* 1: c->headings[index]; 0: c->pages[index] */
    size_t index;
} ncx_target;

static int S_spine_rank(int doc)
{
    return doc < 0 ? 1 : doc == 0 ? 0 : doc + 1;
}

static int S_cmp_target(const void *a, const void *b)
{
    const ncx_target *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    return x->heading > y->heading ? -1 : x->heading < y->heading;
}

static int S_all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

void pd_epub_toc_ncx(const pd_epub_book *book, pd_buf *b)
{
    const pd_epub_content *c = book->content;
    const pd_metadata *m = &book->doc->meta;
    /* Without headings the navMap has one entry, for the beginning of the text. */
    int fallback = c->n_headings == 0;
    size_t n = c->n_headings + c->n_pages + (size_t)fallback;
    ncx_target *t = pd_xcalloc(n, sizeof *t);
    for (size_t i = 0; i < c->n_headings; i++)
        t[i] = (ncx_target){S_spine_rank(c->headings[i].pos.doc), c->headings[i].pos.pos, 1, i};
    for (size_t i = 0; i < c->n_pages; i++)
        t[c->n_headings + i] =
            (ncx_target){S_spine_rank(c->pages[i].pos.doc), c->pages[i].pos.pos, 0, i};
    if (fallback) /* the beginning of the first chapter, or of the title page */
        t[n - 1] = (ncx_target){c->body_start_href ? S_spine_rank(1) : 0, 0, 1, 0};
    qsort(t, n, sizeof *t, S_cmp_target);
    int *heading_order = pd_xcalloc(c->n_headings + 1, sizeof(int));
    int *page_order = pd_xcalloc(c->n_pages + 1, sizeof(int));
    for (size_t i = 0; i < n; i++)
        (t[i].heading ? heading_order : page_order)[t[i].index] = (int)i + 1;
    free(t);

    int max_depth;
    int *depth = S_toc_depths(c, &max_depth);
    int max_page = 0;
    for (size_t i = 0; i < c->n_pages; i++)
        if (S_all_digits(c->pages[i].label) && atoi(c->pages[i].label) > max_page)
            max_page = atoi(c->pages[i].label);

    pd_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" "
                   "xml:lang=\"");
    pd_xml_escape_str(b, S_lang(book));
    pd_buf_printf(b,
                  "\">\n<head>\n<meta name=\"dtb:uid\" content=\"urn:uuid:%s\"/>\n"
                  "<meta name=\"dtb:depth\" content=\"%d\"/>\n"
                  "<meta name=\"dtb:totalPageCount\" content=\"%zu\"/>\n"
                  "<meta name=\"dtb:maxPageNumber\" content=\"%d\"/>\n</head>\n",
                  book->uuid, max_depth, c->n_pages, max_page);
    S_element(b, "<docTitle><text>", m->title, "</text></docTitle>\n");
    S_element(b, "<docAuthor><text>", m->organisation, "</text></docAuthor>\n<navMap>\n");
    if (c->n_headings == 0) {
        pd_buf_printf(b, "<navPoint id=\"np-1\" playOrder=\"%d\"><navLabel><text>",
                      heading_order[0]);
        pd_xml_escape_str(b, m->title);
        pd_buf_puts(b, "</text></navLabel><content src=\"");
        pd_xml_url(b, c->body_start_href ? c->body_start_href : PD_EPUB_TITLE_PAGE);
        pd_buf_puts(b, "\"/></navPoint>\n");
    }
    int prev = 0;
    for (size_t i = 0; i < c->n_headings; i++) {
        for (int k = depth[i]; k <= prev; k++)
            pd_buf_puts(b, "</navPoint>\n");
        pd_buf_printf(b, "<navPoint id=\"np-%zu\" playOrder=\"%d\"><navLabel><text>", i + 1,
                      heading_order[i]);
        pd_xml_escape_str(b, c->headings[i].text);
        pd_buf_puts(b, "</text></navLabel><content src=\"");
        pd_xml_url(b, c->headings[i].href);
        pd_buf_puts(b, "\"/>\n");
        prev = depth[i];
    }
    for (int k = 0; k < prev; k++)
        pd_buf_puts(b, "</navPoint>\n");
    pd_buf_puts(b, "</navMap>\n");
    if (c->n_pages) {
        pd_buf_puts(b, "<pageList>\n<navLabel><text>");
        pd_xml_escape_str(b, pd_labels_for(m->lang)->page);
        pd_buf_puts(b, "</text></navLabel>\n");
        for (size_t i = 0; i < c->n_pages; i++) {
            const pd_epub_page *p = &c->pages[i];
            int numeric = S_all_digits(p->label);
            pd_buf_printf(b, "<pageTarget id=\"pt-%d\" type=\"%s\" ", p->page,
                          numeric ? "normal" : "front");
            if (numeric)
                pd_buf_printf(b, "value=\"%s\" ", p->label);
            pd_buf_printf(b, "playOrder=\"%d\"><navLabel><text>", page_order[i]);
            pd_xml_escape_str(b, p->label);
            pd_buf_puts(b, "</text></navLabel><content src=\"");
            pd_xml_url(b, p->href);
            pd_buf_puts(b, "\"/></pageTarget>\n");
        }
        pd_buf_puts(b, "</pageList>\n");
    }
    pd_buf_puts(b, "</ncx>\n");
    free(depth);
    free(heading_order);
    free(page_order);
}

/* ---- stylesheet ------------------------------------------------------------------------- */

/* Sizes in em and no colours: typeface, size, colours (dark mode) and justification stay the
 * reader's. Text is ragged, as WCAG 1.4.8 advises, unless the reader asks otherwise. */
static const char S_css[] =
    "body { text-align: start; hyphens: auto; -webkit-hyphens: auto; }\n"
    "h1, h2, h3, h4, h5, h6 { line-height: 1.2; margin: 1.4em 0 0.5em; hyphens: manual;\n"
    "  -webkit-hyphens: manual; page-break-after: avoid; break-after: avoid; }\n"
    "h1 { font-size: 1.6em; }\nh2 { font-size: 1.35em; }\nh3 { font-size: 1.15em; }\n"
    "h4, h5, h6 { font-size: 1em; }\nh5, h6 { font-style: italic; }\n"
    "p { margin: 0 0 0.8em; }\n"
    "blockquote { margin: 1em 0 1em 1.5em; }\n"
    "pre { white-space: pre-wrap; overflow-wrap: break-word; margin: 1em 0; }\n"
    "code, pre { font-family: monospace; }\n"
    "figure { margin: 1em 0; }\nimg { max-width: 100%; height: auto; }\n"
    "figcaption, .image-label { font-size: 0.9em; }\n"
    "hr { border: 0; border-top: 1px solid; margin: 1.5em 25%; }\n"
    "ol.numbered { list-style-type: none; padding-left: 0.5em; }\n"
    ".noteref { font-size: 0.75em; vertical-align: super; line-height: 0; }\n"
    "ol.notes { list-style-type: none; padding-left: 0; }\n"
    "ol.notes p { overflow-wrap: break-word; word-wrap: break-word; }\n"
    ".titlepage h1 { font-size: 2em; margin-top: 2em; }\n"
    ".titlepage .subtitle { font-size: 1.25em; }\n"
    ".titlepage .organisation { margin-top: 2em; }\n"
    ".document-facts dt { font-weight: bold; }\n"
    ".document-facts dd { margin: 0 0 0.4em; }\n"
    "nav#toc ol { list-style-type: none; padding-left: 1.5em; }\n"
    "nav#toc > ol { padding-left: 0; }\n";

void pd_epub_css(const pd_epub_book *book, pd_buf *b)
{
    pd_buf_puts(b, S_css);
    if (!book->n_fonts)
        return;
    /* Embedded fonts are the print edition's; the reader's own font setting still wins in
     * reading systems that offer one. */
    for (size_t i = 0; i < book->n_fonts; i++) {
        const pd_epub_font *f = &book->fonts[i];
        const char *file = strchr(f->href, '/') ? strchr(f->href, '/') + 1 : f->href;
        pd_buf_printf(b,
                      "@font-face { font-family: \"%s\"; font-weight: %s; font-style: %s;\n"
                      "  src: url(\"fonts/%s\"); }\n",
                      f->family, f->weight, f->style, file);
    }
    pd_buf_puts(b, "body { font-family: \"polidoc serif\", serif; }\n"
                   "h1, h2, h3, h4, h5, h6 { font-family: \"polidoc sans\", sans-serif; }\n"
                   "code, pre { font-family: \"polidoc mono\", monospace; }\n");
}
