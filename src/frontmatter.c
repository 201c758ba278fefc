#include "frontmatter.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Where a key's value goes and what it must look like. */
typedef enum { FM_TEXT, FM_DATE, FM_LIST } fm_kind;

typedef struct {
    const char *key;
    fm_kind kind;
    int required;
    size_t offset; /* of the char * (or char ** for lists) in pd_metadata */
} fm_field;

#define FIELD(name, kind, req)                                                                     \
    {                                                                                              \
#name, kind, req, offsetof(pd_metadata, name)                                              \
    }
static const fm_field S_fields[] = {
    FIELD(title, FM_TEXT, 1),       FIELD(subtitle, FM_TEXT, 0), FIELD(organisation, FM_TEXT, 1),
    FIELD(lang, FM_TEXT, 0),        FIELD(date, FM_DATE, 1),     FIELD(revision, FM_TEXT, 1),
    FIELD(status, FM_TEXT, 0),      FIELD(source, FM_TEXT, 0),   FIELD(supersedes, FM_TEXT, 0),
    FIELD(description, FM_TEXT, 0), FIELD(keywords, FM_LIST, 0),
};
#undef FIELD
#define N_FIELDS (sizeof S_fields / sizeof S_fields[0])

static const char *S_statuses[] = {"utkast", "høring", "vedtatt", "erstattet", NULL};
static const char *S_sources[] = {"born-digital", "scanned", NULL};

void pd_metadata_free(pd_metadata *m)
{
    char **texts[] = {&m->title,      &m->subtitle,   &m->organisation, &m->lang,
                      &m->date,       &m->revision,   &m->status,       &m->source,
                      &m->supersedes, &m->description};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        free(*texts[i]);
        *texts[i] = NULL;
    }
    for (size_t i = 0; i < m->n_keywords; i++)
        free(m->keywords[i]);
    free(m->keywords);
    m->keywords = NULL;
    m->n_keywords = 0;
}

int pd_parse_iso_date(const char *s, int *year, int *month, int *day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, dd;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3)
        return -1;
    if (m < 1 || m > 12 || dd < 1)
        return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (dd > days[m - 1] + (m == 2 && leap))
        return -1;
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = dd;
    return 0;
}

int pd_metadata_year(const pd_metadata *meta)
{
    int y = 0;
    if (meta->date)
        pd_parse_iso_date(meta->date, &y, NULL, NULL);
    return y;
}

static int S_is_lang_tag(const char *s)
{
    /* BCP 47, simplified: a 2–3 letter primary subtag, then 1–8 alphanumeric subtags. */
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
    if (n < 2 || n > 3)
        return 0;
    s += n;
    while (*s == '-') {
        s++;
        size_t k = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
        if (k < 1 || k > 8)
            return 0;
        s += k;
    }
    return *s == '\0';
}

static int S_one_of(const char *s, const char **set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return 1;
    return 0;
}

typedef struct {
    const char *path;
    int line0; /* line of the YAML text's first line in the file, minus 1 */
    pd_diags *d;
} fm_ctx;

static int S_err_at(fm_ctx *c, yaml_mark_t mark, const char *fmt, const char *a, const char *b)
{
    return pd_error(c->d, c->path, c->line0 + (int)mark.line + 1, (int)mark.column + 1, fmt, a, b);
}

static const char *S_kind_name(yaml_node_type_t t)
{
    return t == YAML_MAPPING_NODE ? "a mapping" : t == YAML_SEQUENCE_NODE ? "a list" : "text";
}

static int S_scalar_text(fm_ctx *c, const char *key, yaml_node_t *v, char **out)
{
    if (v->type != YAML_SCALAR_NODE)
        return S_err_at(c, v->start_mark, "front matter: '%s' must be text, not %s", key,
                        S_kind_name(v->type));
    const char *s = (const char *)v->data.scalar.value;
    if (v->data.scalar.length == 0 || (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                                       (!strcmp(s, "~") || !strcmp(s, "null"))))
        return S_err_at(c, v->start_mark, "front matter: '%s' is empty%s", key, "");
    *out = pd_xstrndup(s, v->data.scalar.length);
    return 0;
}

static int S_store(fm_ctx *c, yaml_document_t *doc, const fm_field *f, yaml_node_t *v,
                   pd_metadata *m)
{
    char *base = (char *)m + f->offset;
    if (f->kind == FM_LIST) {
        if (v->type == YAML_SCALAR_NODE) {
            /* "keywords: policy" is a plausible slip for a one-item list; accept it. */
            m->keywords = pd_xcalloc(1, sizeof(char *));
            if (S_scalar_text(c, f->key, v, &m->keywords[0]) < 0)
                return -1;
            m->n_keywords = 1;
            return 0;
        }
        if (v->type != YAML_SEQUENCE_NODE)
            return S_err_at(c, v->start_mark, "front matter: '%s' must be a list, not %s", f->key,
                            S_kind_name(v->type));
        size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        m->keywords = pd_xcalloc(n, sizeof(char *));
        for (size_t i = 0; i < n; i++) {
            yaml_node_t *item = yaml_document_get_node(doc, v->data.sequence.items.start[i]);
            if (S_scalar_text(c, "keywords[]", item, &m->keywords[i]) < 0)
                return -1;
            m->n_keywords = i + 1;
        }
        return 0;
    }
    char **slot = (char **)base;
    if (S_scalar_text(c, f->key, v, slot) < 0)
        return -1;
    if (f->kind == FM_DATE && pd_parse_iso_date(*slot, NULL, NULL, NULL) < 0)
        return S_err_at(c, v->start_mark,
                        "front matter: '%s' must be an ISO 8601 date (YYYY-MM-DD), not '%s'",
                        f->key, *slot);
    if (!strcmp(f->key, "status") && !S_one_of(*slot, S_statuses))
        return S_err_at(c, v->start_mark,
                        "front matter: status '%s' is not one of utkast, høring, vedtatt, "
                        "erstattet%s",
                        *slot, "");
    if (!strcmp(f->key, "source") && !S_one_of(*slot, S_sources))
        return S_err_at(c, v->start_mark,
                        "front matter: source '%s' is not one of born-digital, scanned%s", *slot,
                        "");
    if (!strcmp(f->key, "lang") && !S_is_lang_tag(*slot))
        return S_err_at(c, v->start_mark,
                        "front matter: lang '%s' is not a BCP 47 language tag (e.g. nb-NO, nn-NO, "
                        "se)%s",
                        *slot, "");
    return 0;
}

static int S_fill(fm_ctx *c, yaml_document_t *doc, pd_metadata *m, int close_line)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (!root)
        return pd_error(c->d, c->path, 1, 1,
                        "front matter is empty: title, organisation, date "
                        "and revision are required");
    if (root->type != YAML_MAPPING_NODE)
        return S_err_at(c, root->start_mark, "front matter must be a mapping of keys, not %s%s",
                        S_kind_name(root->type), "");
    int seen[N_FIELDS] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (k->type != YAML_SCALAR_NODE)
            return S_err_at(c, k->start_mark, "front matter: a key must be text, not %s%s",
                            S_kind_name(k->type), "");
        const char *key = (const char *)k->data.scalar.value;
        size_t i = 0;
        while (i < N_FIELDS && strcmp(S_fields[i].key, key))
            i++;
        if (i == N_FIELDS) {
            pd_warning(c->d, c->path, c->line0 + (int)k->start_mark.line + 1,
                       (int)k->start_mark.column + 1,
                       "front matter: unknown key '%s' ignored (known: title, subtitle, "
                       "organisation, lang, date, revision, status, source, supersedes, "
                       "keywords, description)",
                       key);
            continue;
        }
        if (seen[i])
            return S_err_at(c, k->start_mark, "front matter: key '%s' appears twice%s", key, "");
        seen[i] = 1;
        if (S_store(c, doc, &S_fields[i], v, m) < 0)
            return -1;
    }
    for (size_t i = 0; i < N_FIELDS; i++)
        if (S_fields[i].required && !seen[i])
            return pd_error(c->d, c->path, close_line, 1,
                            "front matter: required key '%s' is missing", S_fields[i].key);
    if (!m->lang)
        m->lang = pd_xstrdup("nb-NO");
    if (!m->source)
        m->source = pd_xstrdup("born-digital");
    return 0;
}

/* Finds the closing "---" (or "...") line; returns its byte offset or -1. */
static long S_find_close(const char *text, size_t len, size_t from)
{
    size_t i = from;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - i;
        while (n > 3 && (text[i + n - 1] == ' ' || text[i + n - 1] == '\t'))
            n--;
        if (n == 3 && (!strncmp(text + i, "---", 3) || !strncmp(text + i, "...", 3)))
            return (long)i;
        i = end + 1;
    }
    return -1;
}

int pd_frontmatter_parse(const char *path, const char *text, size_t len, pd_metadata *meta,
                         size_t *body_offset, int *body_line, pd_diags *d)
{
    memset(meta, 0, sizeof *meta);
    size_t open_len = 0;
    if (len >= 4 && !strncmp(text, "---\n", 4))
        open_len = 4;
    else if (len >= 3 && !strncmp(text, "---", 3) &&
             strspn(text + 3, " \t") == strcspn(text + 3, "\n"))
        open_len = 3 + strcspn(text + 3, "\n") + (text[3 + strcspn(text + 3, "\n")] == '\n');
    if (!open_len)
        return pd_error(d, path, 1, 1,
                        "missing front matter: a source must start with a '---' line, then YAML "
                        "keys (title, organisation, date, revision …), then a '---' line");
    long close = S_find_close(text, len, open_len);
    if (close < 0)
        return pd_error(d, path, 1, 1,
                        "unterminated front matter: the '---' block opened here has no closing "
                        "'---' line");

    int close_line = 1;
    for (long i = 0; i < close; i++)
        close_line += text[i] == '\n';

    yaml_parser_t parser;
    yaml_document_t doc;
    fm_ctx c = {path, 1, d};
    int rc = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text + open_len,
                                 (size_t)close - open_len);
    if (!yaml_parser_load(&parser, &doc)) {
        rc = pd_error(d, path, c.line0 + (int)parser.problem_mark.line + 1,
                      (int)parser.problem_mark.column + 1, "invalid YAML in front matter: %s%s%s",
                      parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
                      parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return rc;
    }
    rc = S_fill(&c, &doc, meta, close_line);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (rc < 0) {
        pd_metadata_free(meta);
        return -1;
    }
    const char *nl = memchr(text + close, '\n', len - (size_t)close);
    *body_offset = nl ? (size_t)(nl - text) + 1 : len;
    *body_line = close_line + 1;
    return 0;
}
