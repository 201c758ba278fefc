#include "once.h"

void pd_once_init(pd_once *o)
{
    *o = (pd_once){.tried = 0};
    pthread_mutex_init(&o->lock, NULL);
}

void pd_once_destroy(pd_once *o, void (*free_value)(void *))
{
    if (o->value)
        free_value(o->value);
    pd_diags_free(o->failure);
    pthread_mutex_destroy(&o->lock);
}

int pd_once_get(pd_once *o, pd_once_load load, void *arg, void **value, pd_diags *d)
{
    pthread_mutex_lock(&o->lock);
    if (!o->tried) {
        o->tried = 1;
        pd_diags *scratch = pd_diags_new();
        if (load(arg, &o->value, scratch) < 0)
            o->failure = scratch;
        else
            pd_diags_free(scratch);
    }
    *value = o->value;
    int rc = o->failure ? -1 : 0;
    const pd_diag *e;
    for (size_t i = 0; o->failure && (e = pd_diags_at(o->failure, i)); i++)
        if (e->severity == PD_ERROR)
            pd_error(d, e->file, e->line, e->column, "%s", e->message);
    pthread_mutex_unlock(&o->lock);
    return rc;
}
