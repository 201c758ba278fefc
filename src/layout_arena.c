/* Storage for a layout: strings live in large chunks freed all at once, because a long document
 * has hundreds of thousands of small text runs and freeing them one by one would cost more than
 * laying them out. */

#include "layout_impl.h"

#include <stdlib.h>
#include <string.h>

typedef struct S_chunk {
    struct S_chunk *next;
    size_t used, cap;
    max_align_t data[];
} S_chunk;

struct pd_layout_arena {
    S_chunk *head;
};

enum { S_CHUNK_BYTES = 64 * 1024 };

pd_layout_arena *pd_arena_new(void)
{
    return pd_xcalloc(1, sizeof(pd_layout_arena));
}

void pd_arena_free(pd_layout_arena *a)
{
    if (!a)
        return;
    for (S_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *pd_arena_alloc(pd_layout_arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    S_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > S_CHUNK_BYTES ? n : S_CHUNK_BYTES;
        c = pd_xmalloc(sizeof(S_chunk) + cap);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

const char *pd_arena_strndup(pd_layout_arena *a, const char *s, size_t n)
{
    char *p = pd_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *pd_arena_strdup(pd_layout_arena *a, const char *s)
{
    return pd_arena_strndup(a, s, strlen(s));
}

void *pd_vec_push(pd_vec *v)
{
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->data = pd_xrealloc(v->data, v->cap * v->size);
    }
    void *p = (char *)v->data + v->len++ * v->size;
    memset(p, 0, v->size);
    return p;
}

void pd_vec_free(pd_vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

pd_vitem *pd_vlist_item(pd_vlist *v, pd_vkind kind, double height)
{
    if (!v->items.size) {
        v->items = PD_VEC(pd_vitem);
        v->boxes = PD_VEC(pd_box);
    }
    pd_vitem *it = pd_vec_push(&v->items);
    it->kind = kind;
    it->height = height;
    it->first_box = v->boxes.len;
    it->heading_elem = -1;
    return it;
}

pd_box *pd_vlist_box(pd_vlist *v)
{
    pd_vitem *it = &PD_AT(v->items, pd_vitem, v->items.len - 1);
    pd_box *b = pd_vec_push(&v->boxes);
    it->n_boxes++;
    b->elem = -1;
    b->link = -1;
    return b;
}

void pd_vlist_space(pd_vlist *v, double height)
{
    pd_vlist_item(v, PD_V_SPACE, height);
}

void pd_vlist_free(pd_vlist *v)
{
    pd_vec_free(&v->items);
    pd_vec_free(&v->boxes);
}
