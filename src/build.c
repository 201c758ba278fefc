#include "build.h"
#include "formats.h"
#include "normalize.h"
#include "pagemap.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int S_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void S_push(pd_inputs *in, char *path)
{
    in->paths = pd_xrealloc(in->paths, (in->n + 1) * sizeof(char *));
    in->paths[in->n++] = path;
}

static int S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

static int S_scan_dir(const char *dir, pd_inputs *in, pd_diags *d)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return pd_error(d, dir, 0, 0, "cannot open folder: %s", strerror(errno));
    pd_inputs found = {0};
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = pd_path_join(dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && S_ends_with(p, ".md"))
            S_push(&found, p);
        else
            free(p);
    }
    closedir(dp);
    qsort(found.paths, found.n, sizeof(char *), S_cmp_str);
    for (size_t i = 0; i < found.n; i++)
        S_push(in, found.paths[i]);
    free(found.paths);
    return 0;
}

int pd_inputs_collect(char *const *args, int n, pd_inputs *out, pd_diags *d)
{
    memset(out, 0, sizeof *out);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) < 0) {
            rc = pd_error(d, args[i], 0, 0, "no such file or folder");
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            size_t before = out->n;
            if (S_scan_dir(args[i], out, d) < 0)
                rc = -1;
            else if (out->n == before)
                pd_warning(d, args[i], 0, 0, "folder holds no .md sources");
        } else {
            S_push(out, pd_xstrdup(args[i]));
        }
    }
    /* Outputs are named by slug: two sources with one slug would overwrite each other. */
    for (size_t i = 0; i < out->n; i++) {
        char *a = pd_path_stem(out->paths[i]);
        for (size_t j = 0; j < i; j++) {
            char *b = pd_path_stem(out->paths[j]);
            if (!strcmp(a, b))
                rc = pd_error(d, out->paths[i], 0, 0,
                              "has the same name as %s: both would be written to out/%s/",
                              out->paths[j], a);
            free(b);
        }
        free(a);
    }
    return rc;
}

void pd_inputs_free(pd_inputs *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->paths[i]);
    free(in->paths);
    memset(in, 0, sizeof *in);
}

static void S_job_done(pd_job *job)
{
    if (job->page_map)
        pd_page_map_free(job->page_map);
    if (job->print_layout && job->print_layout_free)
        job->print_layout_free(job->print_layout);
    free(job->out_dir);
}

int pd_build_document(const char *path, const pd_build_options *opt, pd_diags *d)
{
    pd_document *doc;
    if (pd_document_load(path, &opt->load, &doc, d) < 0)
        return -1;
    pd_job job = {0};
    job.doc = doc;
    job.opt = opt;
    job.out_dir = pd_path_join(opt->out_dir, doc->slug);
    job.diags = d;
    int rc = 0;
    /* A scanned source is repaired before any edition is made from it, and the repairs are
     * listed beside the outputs for a reviewer. */
    if (!strcmp(doc->meta.source, "scanned") && pd_ocr_repair_job(&job, doc) < 0) {
        S_job_done(&job);
        pd_document_free(doc);
        return -1;
    }
    for (const pd_format *f = pd_formats; f->name; f++) {
        if (!(opt->formats & f->bit))
            continue;
        pd_buf out = {0};
        if (f->render(&job, &out) < 0) {
            rc = -1;
        } else {
            char *name = pd_asprintf("%s%s", doc->slug, f->suffix);
            if (pd_job_write(&job, name, out.data, out.len) < 0)
                rc = -1;
            free(name);
        }
        pd_buf_free(&out);
    }
    S_job_done(&job);
    pd_document_free(doc);
    return rc;
}

typedef struct {
    const pd_inputs *in;
    const pd_build_options *opt;
    const size_t *order; /* indices into in->paths, in the order workers take them */
    pthread_mutex_t lock;
    size_t next, done;
    int failed;
    int progress; /* stderr is a terminal */
} pool;

static void S_progress(pool *p, const char *current)
{
    if (!p->progress)
        return;
    const char *base = strrchr(current, '/');
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", p->done, p->in->n, base ? base + 1 : current);
    if (p->done == p->in->n)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static void *S_worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->in->n)
            return NULL;
        const char *path = p->in->paths[p->order[i]];
        pd_diags *d = pd_diags_new();
        int rc = pd_build_document(path, p->opt, d);
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->progress && pd_diags_len(d))
            fputs("\r\033[K", stderr);
        pd_diags_print(d, stderr);
        if (rc < 0) {
            p->failed++;
            fprintf(stderr, "%s: failed\n", path);
        } else if (p->opt->verbose) {
            fprintf(stderr, "%s: built\n", path);
        }
        S_progress(p, path);
        pthread_mutex_unlock(&p->lock);
        pd_diags_free(d);
    }
}

typedef struct {
    size_t index;
    off_t size;
} S_sized;

static int S_larger_first(const void *a, const void *b)
{
    const S_sized *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The largest sources first: a batch then ends with small documents filling the gaps, instead of
 * one worker still busy with a long document while the others idle (longest-first scheduling). */
static size_t *S_schedule(const pd_inputs *in)
{
    S_sized *s = pd_xcalloc(in->n ? in->n : 1, sizeof *s);
    for (size_t i = 0; i < in->n; i++) {
        struct stat st;
        s[i] = (S_sized){i, stat(in->paths[i], &st) == 0 ? st.st_size : 0};
    }
    qsort(s, in->n, sizeof *s, S_larger_first);
    size_t *order = pd_xcalloc(in->n ? in->n : 1, sizeof *order);
    for (size_t i = 0; i < in->n; i++)
        order[i] = s[i].index;
    free(s);
    return order;
}

int pd_build_all(const pd_inputs *in, const pd_build_options *opt)
{
    size_t *order = S_schedule(in);
    pool p = {in, opt, order, PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, isatty(2) && !opt->verbose};
    int n = opt->jobs > 0 ? opt->jobs : 1;
    if ((size_t)n > in->n)
        n = in->n ? (int)in->n : 1;
    pthread_t *threads = pd_xcalloc((size_t)n, sizeof(pthread_t));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    /* Deeply nested documents recurse in the renderers; give workers the main thread's room. */
    pthread_attr_setstacksize(&attr, 64u << 20);
    int started = 0;
    for (int i = 0; i < n; i++)
        if (pthread_create(&threads[i], &attr, S_worker, &p) == 0)
            started++;
    pthread_attr_destroy(&attr);
    if (started == 0)
        S_worker(&p);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free(order);
    pthread_mutex_destroy(&p.lock);
    return p.failed;
}
