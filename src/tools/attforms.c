/* attforms: lists the word forms of a morphological analyser, for mkocrmodel.
 *
 *   lt-print ANALYSER.bin | attforms >FORMS
 *
 * Reads an lttoolbox transducer in AT&T text form (lt-print's output: "from to in out weight"
 * per edge, "state weight" per final state, "--" between the transducers of one file) and
 * writes each surface form an analysis path reads as a whole word, one a line:
 *
 *   form <TAB> classes
 *
 * classes: w = a common word, p = a proper noun (<np>), or both; and i when an analysis is a
 * verb's infinitive (<vblex><inf>); r when one may end a compound (<compound-R>: the forms of
 * nouns and adjectives, not those of pronouns, determiners, prepositions, conjunctions or
 * verbs); f when one is a finite verb (<vblex> <pres> or <pret>, passive too), n when one is a
 * noun or an adjective (no genitive), o when one is anything but a verb, a noun, an adjective
 * or a genitive. The forms that
 * only begin compounds (<cmp>, <compound-only-L>: "arbeids", "barne") or end in a hyphen
 * (<cmp-split>) are no words and skipped. Only forms of letters mkocrmodel can store (pd_lex_code,
 * either case) with inner hyphens are listed: no spaces (multiword entries), digits or punctuation.
 *
 * Paths through a cycle (an analyser's patterns for numbers and the like) are infinitely many
 * and no dictionary words: the states of every cycle are left out, found as the strongly
 * connected components of the graph. Output is sorted bytewise, hence deterministic. */

#include "../normalize_model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("attforms: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static void *S_grow(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        S_die("out of memory");
    return p;
}

/* ------------------------------------------------------------ symbols */

/* Edge labels are interned: most are one character, tags repeat thousands of times. */
typedef struct {
    char **s;
    size_t n, cap;
    uint32_t *h; /* open addressing: symbol index + 1 */
    size_t hcap;
} symtab;

static uint32_t S_intern(symtab *t, const char *s)
{
    if (t->n * 2 >= t->hcap) {
        size_t cap = t->hcap ? t->hcap * 2 : 1024;
        uint32_t *h = calloc(cap, sizeof *h);
        if (!h)
            S_die("out of memory");
        for (size_t i = 0; i < t->hcap; i++)
            if (t->h[i]) {
                const char *k = t->s[t->h[i] - 1];
                size_t j = pd_ocr_hash((const unsigned char *)k, strlen(k)) & (cap - 1);
                while (h[j])
                    j = (j + 1) & (cap - 1);
                h[j] = t->h[i];
            }
        free(t->h);
        t->h = h;
        t->hcap = cap;
    }
    size_t len = strlen(s);
    size_t j = pd_ocr_hash((const unsigned char *)s, len) & (t->hcap - 1);
    for (; t->h[j]; j = (j + 1) & (t->hcap - 1))
        if (strcmp(t->s[t->h[j] - 1], s) == 0)
            return t->h[j] - 1;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        t->s = S_grow(t->s, t->cap * sizeof *t->s);
    }
    t->s[t->n] = S_grow(NULL, len + 1);
    memcpy(t->s[t->n], s, len + 1);
    t->h[j] = (uint32_t)++t->n;
    return (uint32_t)t->n - 1;
}

/* ------------------------------------------------------------ one transducer */

typedef struct {
    uint32_t from, to, in, out;
} edge;

typedef struct {
    edge *e;
    size_t n, cap;
    uint32_t *finals;
    size_t nf, fcap;
    uint32_t n_states;
} fst;

/* Per state: first edge (edges sorted by source, stably), finality, cycle membership. */
typedef struct {
    uint32_t *first;
    unsigned char *final, *cyclic, *on_path;
} graph;

/* Marks the states that lie on a cycle: Tarjan's strongly connected components, iteratively
 * (a long chain of states must not exhaust the stack). */
static void S_mark_cycles(const fst *f, graph *g)
{
    uint32_t n = f->n_states;
    uint32_t *index = S_grow(NULL, n * sizeof *index), *low = S_grow(NULL, n * sizeof *low);
    uint32_t *stack = S_grow(NULL, n * sizeof *stack), *call = S_grow(NULL, n * sizeof *call);
    uint32_t *next = S_grow(NULL, n * sizeof *next);
    unsigned char *on = calloc(n, 1);
    if (!on)
        S_die("out of memory");
    for (uint32_t i = 0; i < n; i++)
        index[i] = UINT32_MAX;
    uint32_t counter = 0, sp = 0, cp = 0;
    for (uint32_t root = 0; root < n; root++) {
        if (index[root] != UINT32_MAX)
            continue;
        call[cp++] = root;
        index[root] = low[root] = counter++;
        next[root] = g->first[root];
        stack[sp++] = root;
        on[root] = 1;
        while (cp) {
            uint32_t v = call[cp - 1];
            if (next[v] < g->first[v + 1]) {
                uint32_t w = f->e[next[v]++].to;
                if (w == v)
                    g->cyclic[v] = 1;
                if (index[w] == UINT32_MAX) {
                    index[w] = low[w] = counter++;
                    next[w] = g->first[w];
                    stack[sp++] = w;
                    on[w] = 1;
                    call[cp++] = w;
                } else if (on[w] && index[w] < low[v])
                    low[v] = index[w];
                continue;
            }
            cp--;
            if (cp && low[v] < low[call[cp - 1]])
                low[call[cp - 1]] = low[v];
            if (low[v] == index[v]) {
                uint32_t size = 0, w;
                size_t top = sp;
                do {
                    w = stack[--sp];
                    on[w] = 0;
                    size++;
                } while (w != v);
                if (size > 1)
                    for (size_t k = sp; k < top; k++)
                        g->cyclic[stack[k]] = 1;
            }
        }
    }
    free(index);
    free(low);
    free(stack);
    free(call);
    free(next);
    free(on);
}

/* ------------------------------------------------------------ output lines */

typedef struct {
    char **line;
    size_t n, cap;
} lines;

static void S_add_line(lines *L, const char *s)
{
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 1 << 16;
        L->line = S_grow(L->line, L->cap * sizeof *L->line);
    }
    size_t k = strlen(s);
    L->line[L->n] = S_grow(NULL, k + 1);
    memcpy(L->line[L->n++], s, k + 1);
}

/* A form mkocrmodel can store: letters of pd_lex_code (either case), hyphens only inside. */
static int S_storable(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    if (n == 0 || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = p[i];
        int len = 1;
        if (cp >= 0x80) {
            if ((cp >> 5) != 6 || i + 1 >= n || (p[i + 1] & 0xC0) != 0x80)
                return 0; /* stored letters are all in U+0080..U+07FF */
            cp = (cp & 0x1F) << 6 | (p[i + 1] & 0x3F);
            len = 2;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
            cp += 32;
        if (cp == '\'' || !pd_lex_code(cp) || (cp == '-' && s[i + 1] == '-'))
            return 0;
        i += (size_t)len;
    }
    return 1;
}

#define MAX_TEXT 1024
#define MAX_PATHS 50000000L /* a guard: Norsk ordbank's analyser has ~4.3 million */

typedef struct {
    const fst *f;
    const graph *g;
    const symtab *sym;
    uint32_t eps;
    char in[MAX_TEXT + 64], out[MAX_TEXT + 64];
    long paths;
    lines *out_lines;
} walk;

static void S_emit(walk *W, size_t il, size_t ol)
{
    if (++W->paths > MAX_PATHS)
        S_die("more than %ld paths: not a dictionary", MAX_PATHS);
    W->in[il] = 0;
    W->out[ol] = 0;
    const char *tags = strchr(W->out, '<');
    if (!tags || strstr(tags, "<cmp-split>") || strstr(tags, "<compound-only-L>") ||
        !S_storable(W->in))
        return;
    char line[MAX_TEXT + 80];
    /* an infinitive is marked as such ("tro"): mkocrmodel's word class of infinitives, from
     * hunspell's affixes, has only the verbs with a present participle */
    const char *verb = strstr(tags, "<vblex>");
    int inf = verb && strncmp(verb, "<vblex><inf>", 12) == 0;
    /* the analyser tags the readings that may end a compound (<compound-R>: every form of a
     * noun or adjective, "områdene", "løp"), which pronouns, determiners, prepositions and
     * finite verbs lack: "våre" and "det" end no compound ("program|våre", "brukerlån|det") */
    /* a finite verb: a present or past tense, active or passive ("kan", "lukkes", "ble"); any
     * other reading but an infinitive, an imperative or a noun's genitive is none ("eller",
     * "pakker", "lagret"), so that mkocrmodel can take the forms only read as finite verbs */
    int fin = verb && (strstr(tags, "<pres>") || strstr(tags, "<pret>")) && !strstr(tags, "<pp>") &&
              !strstr(tags, "<pprs>");
    int content = !verb && (strstr(tags, "<n>") || strstr(tags, "<adj>")) && !strstr(tags, "<gen>");
    int other = !verb && !content && !strstr(tags, "<gen>");
    snprintf(line, sizeof line, "%s\t%c%s%s%s%s%s", W->in, strstr(tags, "<np>") ? 'p' : 'w',
             inf ? "i" : "", strstr(tags, "<compound-R>") ? "r" : "", fin ? "f" : "",
             other ? "o" : "", content ? "n" : "");
    S_add_line(W->out_lines, line);
}

/* Appends the symbol of an edge's side (nothing for epsilon) to buf at *at; 0 if too long. */
static int S_append(const walk *W, char *buf, size_t *at, uint32_t sym)
{
    if (sym == W->eps)
        return 1;
    const char *t = W->sym->s[sym];
    size_t k = strlen(t);
    if (*at + k > MAX_TEXT)
        return 0;
    memcpy(buf + *at, t, k);
    *at += k;
    return 1;
}

static void S_walk(walk *W, uint32_t s, size_t il, size_t ol)
{
    if (W->g->final[s])
        S_emit(W, il, ol);
    W->g->on_path[s] = 1;
    for (uint32_t i = W->g->first[s]; i < W->g->first[s + 1]; i++) {
        const edge *e = &W->f->e[i];
        if (W->g->cyclic[e->to] || W->g->on_path[e->to])
            continue;
        size_t a = il, b = ol;
        if (!S_append(W, W->in, &a, e->in) || !S_append(W, W->out, &b, e->out))
            continue;
        S_walk(W, e->to, a, b);
    }
    W->g->on_path[s] = 0;
}

static void S_section(fst *f, const symtab *sym, uint32_t eps, lines *out)
{
    if (f->n == 0 && f->nf == 0)
        return;
    uint32_t n = f->n_states;
    graph g;
    g.first = calloc((size_t)n + 1, sizeof *g.first);
    g.final = calloc(n, 1);
    g.cyclic = calloc(n, 1);
    g.on_path = calloc(n, 1);
    if (!g.first || !g.final || !g.cyclic || !g.on_path)
        S_die("out of memory");
    /* counting sort by source state keeps lt-print's order within a state */
    for (size_t i = 0; i < f->n; i++)
        g.first[f->e[i].from + 1]++;
    for (uint32_t s = 0; s < n; s++)
        g.first[s + 1] += g.first[s];
    edge *sorted = S_grow(NULL, f->n * sizeof *sorted);
    uint32_t *fill = calloc(n, sizeof *fill);
    if (!fill)
        S_die("out of memory");
    for (size_t i = 0; i < f->n; i++) {
        uint32_t s = f->e[i].from;
        sorted[g.first[s] + fill[s]++] = f->e[i];
    }
    free(fill);
    free(f->e);
    f->e = sorted;
    for (size_t i = 0; i < f->nf; i++)
        g.final[f->finals[i]] = 1;
    S_mark_cycles(f, &g);
    walk W = {.f = f, .g = &g, .sym = sym, .eps = eps, .out_lines = out};
    if (!g.cyclic[0])
        S_walk(&W, 0, 0, 0);
    free(g.first);
    free(g.final);
    free(g.cyclic);
    free(g.on_path);
    free(f->e);
    f->e = NULL;
    f->n = f->cap = 0;
    f->nf = 0;
    f->n_states = 0;
}

static int S_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Parses a state number; returns 0 on a malformed field. */
static int S_state(const char *s, uint32_t *v)
{
    char *end;
    unsigned long x = strtoul(s, &end, 10);
    if (end == s || *end || x >= UINT32_MAX - 1)
        return 0;
    *v = (uint32_t)x;
    return 1;
}

int main(int argc, char **argv)
{
    FILE *in = stdin;
    if (argc == 2 && !(in = fopen(argv[1], "r")))
        S_die("cannot open %s", argv[1]);
    if (argc > 2)
        S_die("usage: lt-print ANALYSER.bin | attforms [ATT-FILE] >FORMS");
    symtab sym = {0};
    uint32_t eps = S_intern(&sym, "\xCE\xB5"); /* lt-print's epsilon, "ε" */
    fst f = {0};
    lines out = {0};
    char buf[4096];
    long lineno = 0;
    while (fgets(buf, sizeof buf, in)) {
        lineno++;
        size_t len = strlen(buf);
        if (len && buf[len - 1] == '\n')
            buf[--len] = 0;
        else if (!feof(in))
            S_die("line %ld too long", lineno);
        if (strcmp(buf, "--") == 0) {
            S_section(&f, &sym, eps, &out);
            continue;
        }
        char *field[6];
        int k = 0;
        field[k++] = buf;
        for (char *p = buf; *p && k < 6; p++)
            if (*p == '\t') {
                *p = 0;
                field[k++] = p + 1;
            }
        uint32_t a, b;
        if (k >= 4 && S_state(field[0], &a) && S_state(field[1], &b)) {
            if (f.n == f.cap) {
                f.cap = f.cap ? f.cap * 2 : 1 << 16;
                f.e = S_grow(f.e, f.cap * sizeof *f.e);
            }
            f.e[f.n++] = (edge){a, b, S_intern(&sym, field[2]), S_intern(&sym, field[3])};
            if (a + 1 > f.n_states)
                f.n_states = a + 1;
            if (b + 1 > f.n_states)
                f.n_states = b + 1;
        } else if (k <= 2 && S_state(field[0], &a)) {
            if (f.nf == f.fcap) {
                f.fcap = f.fcap ? f.fcap * 2 : 1024;
                f.finals = S_grow(f.finals, f.fcap * sizeof *f.finals);
            }
            f.finals[f.nf++] = a;
            if (a + 1 > f.n_states)
                f.n_states = a + 1;
        } else
            S_die("line %ld: not AT&T text", lineno);
    }
    if (ferror(in))
        S_die("read error");
    S_section(&f, &sym, eps, &out);
    if (out.n == 0)
        S_die("no word forms found");
    qsort(out.line, out.n, sizeof *out.line, S_cmp_str);
    /* one line per form with the union of its classes: the lines of one form are adjacent,
     * since the tab after it sorts before any letter that would make a longer form */
    size_t forms = 0;
    for (size_t i = 0; i < out.n;) {
        size_t key = (size_t)(strchr(out.line[i], '\t') - out.line[i]);
        int w = 0, p = 0, inf = 0, tail = 0, fin = 0, other = 0, content = 0;
        size_t j = i;
        for (; j < out.n && strncmp(out.line[j], out.line[i], key + 1) == 0; j++) {
            const char *cls = out.line[j] + key + 1;
            w |= cls[0] == 'w';
            p |= cls[0] == 'p';
            inf |= strchr(cls + 1, 'i') != NULL;
            tail |= strchr(cls + 1, 'r') != NULL;
            fin |= strchr(cls + 1, 'f') != NULL;
            other |= strchr(cls + 1, 'o') != NULL;
            content |= strchr(cls + 1, 'n') != NULL;
        }
        printf("%.*s\t%s%s%s%s%s%s%s\n", (int)key, out.line[i], w ? "w" : "", p ? "p" : "",
               inf ? "i" : "", tail ? "r" : "", fin ? "f" : "", other ? "o" : "",
               content ? "n" : "");
        forms++;
        i = j;
    }
    for (size_t i = 0; i < out.n; i++)
        free(out.line[i]);
    free(out.line);
    if (fflush(stdout) != 0 || ferror(stdout))
        S_die("write error");
    fprintf(stderr, "attforms: %zu word forms\n", forms);
    return 0;
}
