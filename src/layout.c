/* The layout engine's entry points: options per edition, pd_layout_run (front matter, body,
 * assembly; see layout_impl.h for the modules), and the per-job cache that lets the print PDF,
 * the archival copy, the EPUB page-list and the text page marks share one print layout. */

#include "layout_impl.h"
#include "job.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_MM (72.0 / 25.4)

int pd_layout_options_init(pd_layout_options *opt, pd_edition edition, const char *paper,
                           int justify, const pd_labels *labels, pd_diags *d)
{
    memset(opt, 0, sizeof *opt);
    opt->edition = edition;
    opt->justify = justify;
    opt->labels = labels;
    opt->link_notes = 1;
    bool a5 = false;
    if (edition == PD_EDITION_PRINT && paper) {
        if (!strcasecmp(paper, "A5"))
            a5 = true;
        else if (strcasecmp(paper, "A4") != 0)
            return pd_error(d, NULL, 0, 0, "unknown paper size '%s' (use A4 or A5)", paper);
    }
    if (a5) {
        opt->page_w = 148 * S_MM;
        opt->page_h = 210 * S_MM;
        opt->font_size = 9.5;
        opt->margin_top = 14 * S_MM;
        opt->margin_bottom = 13 * S_MM;
        opt->margin_inner = 17 * S_MM;
        opt->margin_outer = 21 * S_MM;
    } else {
        opt->page_w = 210 * S_MM;
        opt->page_h = 297 * S_MM;
        opt->font_size = 10.5;
        opt->margin_top = 20 * S_MM;
        opt->margin_bottom = 18 * S_MM;
        /* A measure of about 70 characters: the text column is what is easy to read, the rest
         * is margin. In print the wider margin is outside, where thumbs hold the page. */
        opt->margin_inner = 30 * S_MM;
        opt->margin_outer = 46 * S_MM;
    }
    if (edition == PD_EDITION_PRINT) {
        opt->mirror_margins = 1;
    } else {
        double side = (opt->margin_inner + opt->margin_outer) / 2;
        opt->margin_inner = opt->margin_outer = side;
        opt->link_colour = 1;
        opt->toc_links = 1;
    }
    return 0;
}

static void S_metrics(const pd_layout_options *opt, pd_metrics *m)
{
    double s = opt->font_size > 4 ? opt->font_size : 10.5;
    m->size = s;
    m->leading = s * 1.45;
    m->parskip = m->leading * 0.55;
    m->measure = opt->page_w - opt->margin_inner - opt->margin_outer;
    m->foot_size = s * 0.78;
    m->body_h = opt->page_h - opt->margin_top - opt->margin_bottom - 2 * m->foot_size * 3.2;
    m->list_indent = s * 1.7;
    m->quote_indent = s * 1.6;
    m->code_size = s * 0.86;
    m->code_leading = m->code_size * 1.4;
    m->code_pad = s * 0.6;
    static const double heads[6] = {1.6, 1.3, 1.12, 1.0, 1.0, 1.0};
    for (int i = 0; i < 6; i++)
        m->head_size[i] = s * heads[i];
}

int pd_layout_run(const pd_document *doc, const pd_fontset *fonts, const pd_layout_options *opt,
                  pd_layout **out, pd_diags *d)
{
    *out = NULL;
    pd_layout_options o = *opt;
    if (!o.labels)
        o.labels = pd_labels_for(doc->meta.lang);
    pd_lstate st = {0};
    st.doc = doc;
    st.fonts = fonts;
    st.opt = &o;
    st.d = d;
    S_metrics(&o, &st.m);
    if (st.m.measure < o.font_size * 10 || st.m.body_h < o.font_size * 10)
        return pd_error(d, doc->path, 0, 0, "page too small for its margins");
    pd_hyphenator *own_hyph = NULL;
    st.hyph = o.hyphenator;
    if (!st.hyph) {
        /* Hyphenation is a refinement: without the patterns the text is still set, ragged. */
        pd_diags *scratch = pd_diags_new();
        if (pd_hyphenator_new(doc->meta.lang, &own_hyph, scratch) < 0)
            pd_warning(d, doc->path, 0, 0, "%s; text is set without hyphenation",
                       pd_diags_at(scratch, 0)->message);
        pd_diags_free(scratch);
        st.hyph = own_hyph;
    }
    st.arena = pd_arena_new();
    st.elems = PD_VEC(pd_element);
    st.links = PD_VEC(pd_link);
    st.rects = PD_VEC(pd_vec);
    st.outline = PD_VEC(pd_outline_entry);
    st.notes = PD_VEC(const char *);
    st.pending = PD_VEC(pd_box);
    st.bars = PD_VEC(double);
    st.toc = PD_VEC(pd_toc_entry);
    st.sect = -1;

    pd_layout *lay = pd_xcalloc(1, sizeof *lay);
    lay->edition = o.edition;
    pd_layout_front(&st);
    int rc = pd_layout_body(&st);
    if (rc == 0)
        rc = pd_layout_assemble(&st, lay);
    lay->arena = st.arena;

    for (size_t i = 0; i < st.rects.len; i++)
        pd_vec_free(&PD_AT(st.rects, pd_vec, i));
    pd_vec_free(&st.rects);
    pd_vec_free(&st.elems);
    pd_vec_free(&st.links);
    pd_vec_free(&st.outline);
    pd_vec_free(&st.notes);
    pd_vec_free(&st.pending);
    pd_vec_free(&st.bars);
    pd_vec_free(&st.toc);
    pd_vlist_free(&st.body);
    pd_vlist_free(&st.title);
    pd_hyphenator_free(own_hyph);
    if (rc < 0) {
        pd_layout_free(lay);
        return -1;
    }
    *out = lay;
    return 0;
}

void pd_layout_free(pd_layout *layout)
{
    if (!layout)
        return;
    pd_arena_free(layout->arena);
    free(layout);
}

/* ---- the job's cache ---------------------------------------------------------------------- */

typedef struct {
    pd_fontset *fonts;                /* when the build shares none */
    pd_hyphenator *hyph;              /* loaded for this job alone */
    const pd_hyphenator *shared_hyph; /* or the build's (job->opt->hyphenators) */
    bool hyph_loaded;
    pd_layout *print;
    bool print_failed; /* reported once; later callers get NULL without a second error */
} S_job_cache;

static void S_cache_free(void *p)
{
    S_job_cache *c = p;
    if (!c)
        return;
    pd_layout_free(c->print);
    pd_hyphenator_free(c->hyph);
    pd_fontset_free(c->fonts);
    free(c);
}

static S_job_cache *S_cache(pd_job *job)
{
    if (!job->print_layout) {
        job->print_layout = pd_xcalloc(1, sizeof(S_job_cache));
        job->print_layout_free = S_cache_free;
    }
    return job->print_layout;
}

const pd_fontset *pd_job_fonts(pd_job *job)
{
    if (job->opt->fonts)
        return pd_fontset_cache_get(job->opt->fonts, job->diags);
    S_job_cache *c = S_cache(job);
    if (!c->fonts && pd_fontset_new(job->opt->fonts_dir, &c->fonts, job->diags) < 0)
        return NULL;
    return c->fonts;
}

const pd_hyphenator *pd_job_hyphenator(pd_job *job)
{
    S_job_cache *c = S_cache(job);
    if (job->opt->hyphenators && !c->hyph_loaded) {
        c->hyph_loaded = true;
        pd_diags *scratch = pd_diags_new();
        if (pd_hyphenator_cache_get(job->opt->hyphenators, job->doc->meta.lang, &c->shared_hyph,
                                    scratch) < 0)
            pd_warning(job->diags, job->doc->path, 0, 0, "%s; text is set without hyphenation",
                       pd_diags_at(scratch, 0)->message);
        pd_diags_free(scratch);
    }
    if (job->opt->hyphenators)
        return c->shared_hyph;
    if (!c->hyph_loaded) {
        c->hyph_loaded = true;
        pd_diags *scratch = pd_diags_new();
        if (pd_hyphenator_new(job->doc->meta.lang, &c->hyph, scratch) < 0)
            pd_warning(job->diags, job->doc->path, 0, 0, "%s; text is set without hyphenation",
                       pd_diags_at(scratch, 0)->message);
        pd_diags_free(scratch);
    }
    return c->hyph;
}

int pd_job_layout_options(pd_job *job, pd_edition edition, pd_layout_options *opt)
{
    if (pd_layout_options_init(opt, edition, job->opt->paper, job->opt->justify,
                               pd_labels_for(job->doc->meta.lang), job->diags) < 0)
        return -1;
    opt->hyphenator = pd_job_hyphenator(job);
    return 0;
}

const pd_layout *pd_job_print_layout(pd_job *job)
{
    S_job_cache *c = S_cache(job);
    if (c->print || c->print_failed)
        return c->print;
    const pd_fontset *fonts = pd_job_fonts(job);
    pd_layout_options opt;
    if (!fonts || pd_job_layout_options(job, PD_EDITION_PRINT, &opt) < 0 ||
        pd_layout_run(job->doc, fonts, &opt, &c->print, job->diags) < 0) {
        c->print_failed = true;
        return NULL;
    }
    return c->print;
}
