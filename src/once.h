#ifndef POLIDOC_ONCE_H
#define POLIDOC_ONCE_H

/* A value that a whole build loads once, on first use, and shares between threads: the fonts, the
 * hyphenation patterns. The first caller loads it while later callers wait; when the load fails,
 * every caller gets the load's errors, so each document that needs the value says why it
 * failed. */

#include "diag.h"
#include <pthread.h>

typedef struct {
    pthread_mutex_t lock;
    int tried;
    void *value;
    pd_diags *failure; /* the failed load's errors */
} pd_once;

/* Loads *value for arg; returns 0, or -1 with errors in d. */
typedef int (*pd_once_load)(void *arg, void **value, pd_diags *d);

void pd_once_init(pd_once *o);
/* Frees the value (if any) with free_value. */
void pd_once_destroy(pd_once *o, void (*free_value)(void *));
/* Sets *value to the loaded value (NULL when the load failed or made none). Returns 0, or -1
 * with the load's errors added to d. Thread-safe. */
int pd_once_get(pd_once *o, pd_once_load load, void *arg, void **value, pd_diags *d);

#endif
