/* Puts the EPUB together: content documents (epub_xhtml.c), package files (epub_package.c),
 * images and fonts, zipped in a fixed order (epub_zip.c). */

#include "render_epub.h"
#include "epub_package.h"
#include "epub_xhtml.h"
#include "epub_zip.h"
#include "fontset.h"
#include "job.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    pd_face face;
    const char *family, *weight, *style;
} S_font_faces[] = {
    {PD_FACE_SERIF, "polidoc serif", "normal", "normal"},
    {PD_FACE_SERIF_ITALIC, "polidoc serif", "normal", "italic"},
    {PD_FACE_SERIF_BOLD, "polidoc serif", "bold", "normal"},
    {PD_FACE_SERIF_BOLD_ITALIC, "polidoc serif", "bold", "italic"},
    {PD_FACE_SANS, "polidoc sans", "normal", "normal"},
    {PD_FACE_SANS_BOLD, "polidoc sans", "bold", "normal"},
    {PD_FACE_MONO, "polidoc mono", "normal", "normal"},
};
#define N_FONT_FACES (sizeof S_font_faces / sizeof S_font_faces[0])

static void S_fonts_free(pd_epub_font *fonts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(fonts[i].href);
        free(fonts[i].id);
        free(fonts[i].data);
    }
    free(fonts);
}

/* Reads the print edition's font files, one per face (a file shared by two faces is packaged
 * once but declared for both). Returns 0, or -1 with an error. */
static int S_fonts_load(const pd_epub_options *opt, pd_epub_font **out, size_t *n_out, pd_diags *d)
{
    pd_fontset *fs;
    *out = NULL;
    *n_out = 0;
    if (pd_fontset_new(opt->fonts_dir, &fs, d) < 0)
        return -1;
    pd_epub_font *fonts = pd_xcalloc(N_FONT_FACES, sizeof *fonts);
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < N_FONT_FACES && rc == 0; i++) {
        const char *path = pd_fontset_path(fs, S_font_faces[i].face);
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        pd_epub_font *f = &fonts[n];
        f->family = S_font_faces[i].family;
        f->weight = S_font_faces[i].weight;
        f->style = S_font_faces[i].style;
        f->href = pd_asprintf("fonts/%s", base);
        f->id = pd_asprintf("font-%zu", n + 1);
        for (size_t j = 0; j < n; j++)
            if (!strcmp(fonts[j].href, f->href) && fonts[j].data) {
                /* Same file: declare the face, package the bytes once (see S_entries). */
                f->media_type = fonts[j].media_type;
                break;
            }
        if (!f->media_type) {
            if (pd_read_file(path, &f->data, &f->len) < 0) {
                rc = pd_error(d, path, 0, 0, "cannot read font: %s", strerror(errno));
            } else if (f->len >= 4 &&
                       (!memcmp(f->data, "\0\1\0\0", 4) || !memcmp(f->data, "true", 4))) {
                f->media_type = "font/ttf";
            } else if (f->len >= 4 && !memcmp(f->data, "OTTO", 4)) {
                f->media_type = "font/otf";
            } else {
                rc = pd_error(d, path, 0, 0, "not a TrueType or OpenType font");
            }
        }
        n++;
    }
    pd_fontset_free(fs);
    if (rc < 0) {
        S_fonts_free(fonts, n);
        return -1;
    }
    *out = fonts;
    *n_out = n;
    return 0;
}

static void S_add(pd_zip_entry **e, size_t *n, char *name, const void *data, size_t len, int store)
{
    *e = pd_xrealloc(*e, (*n + 1) * sizeof **e);
    (*e)[(*n)++] = (pd_zip_entry){name, data, len, store};
}

int pd_render_epub(const pd_document *doc, const pd_epub_options *opt, pd_buf *out, pd_diags *d)
{
    pd_epub_content content;
    if (pd_epub_content_build(doc, opt->pages, &content, d) < 0)
        return -1;
    pd_epub_font *fonts = NULL;
    size_t n_fonts = 0;
    if (opt->embed_fonts && S_fonts_load(opt, &fonts, &n_fonts, d) < 0) {
        pd_epub_content_free(&content);
        return -1;
    }
    pd_epub_book book;
    pd_epub_book_init(&book, doc, &content);
    /* The manifest declares every face; a face whose file another face already brought has no
     * bytes of its own and is left out of the manifest and the archive. */
    pd_epub_font *packaged = pd_xcalloc(n_fonts ? n_fonts : 1, sizeof *packaged);
    size_t n_packaged = 0;
    for (size_t i = 0; i < n_fonts; i++)
        if (fonts[i].data)
            packaged[n_packaged++] = fonts[i];
    book.fonts = packaged;
    book.n_fonts = n_packaged;

    pd_buf container = {0}, opf = {0}, nav = {0}, ncx = {0}, css = {0};
    pd_epub_container_xml(&container);
    pd_epub_package_opf(&book, &opf);
    pd_epub_nav_xhtml(&book, &nav);
    pd_epub_toc_ncx(&book, &ncx);
    book.fonts = fonts; /* @font-face rules for every face, shared files included */
    book.n_fonts = n_fonts;
    pd_epub_css(&book, &css);

    pd_zip_entry *e = NULL;
    size_t n = 0;
    static const char mimetype[] = "application/epub+zip";
    S_add(&e, &n, pd_xstrdup("mimetype"), mimetype, sizeof mimetype - 1, 1);
    S_add(&e, &n, pd_xstrdup("META-INF/container.xml"), container.data, container.len, 0);
    S_add(&e, &n, pd_xstrdup(PD_EPUB_DIR "package.opf"), opf.data, opf.len, 0);
    S_add(&e, &n, pd_xstrdup(PD_EPUB_DIR PD_EPUB_NAV), nav.data, nav.len, 0);
    S_add(&e, &n, pd_xstrdup(PD_EPUB_DIR "toc.ncx"), ncx.data, ncx.len, 0);
    S_add(&e, &n, pd_xstrdup(PD_EPUB_DIR PD_EPUB_CSS), css.data, css.len, 0);
    for (size_t i = 0; i < content.n_docs; i++)
        S_add(&e, &n, pd_asprintf(PD_EPUB_DIR "%s", content.docs[i].href), content.docs[i].xhtml,
              content.docs[i].len, 0);
    for (size_t i = 0; i < content.n_images; i++)
        S_add(&e, &n, pd_asprintf(PD_EPUB_DIR "%s", content.images[i].href), content.images[i].data,
              content.images[i].len, 1);
    for (size_t i = 0; i < n_packaged; i++)
        S_add(&e, &n, pd_asprintf(PD_EPUB_DIR "%s", packaged[i].href), packaged[i].data,
              packaged[i].len, 0);

    int rc = pd_epub_zip(e, n, doc->meta.date, opt->out_path ? opt->out_path : doc->path, out, d);

    for (size_t i = 0; i < n; i++)
        free((char *)e[i].name);
    free(e);
    pd_buf_free(&container);
    pd_buf_free(&opf);
    pd_buf_free(&nav);
    pd_buf_free(&ncx);
    pd_buf_free(&css);
    free(packaged);
    S_fonts_free(fonts, n_fonts);
    pd_epub_content_free(&content);
    return rc;
}

int pd_format_epub(pd_job *job, pd_buf *out)
{
    /* The page-list cites the print edition, so the EPUB needs the print layout (made once per
     * job and shared with the PDF editions). If the layout fails, it has said why (a damaged
     * image, missing fonts); an EPUB without the page-list would not be the edition asked for. */
    const pd_page_map *pages = pd_job_page_map(job);
    if (!pages)
        return pd_error(job->diags, job->doc->path, 0, 0,
                        "EPUB not made: its page-list needs the print layout, which failed");
    char *path = pd_asprintf("%s/%s.epub", job->out_dir, job->doc->slug);
    pd_epub_options opt = {pages, job->opt->fonts_dir, job->opt->epub_fonts, path};
    int rc = pd_render_epub(job->doc, &opt, out, job->diags);
    free(path);
    return rc;
}
