/* The print edition's page starts, read off the print layout (which layout.c caches in the job,
 * so the print PDF made afterwards reuses the same run). */

#include "pagemap.h"
#include "job.h"
#include "layout.h"
#include "util.h"

#include <stdlib.h>

const pd_page_map *pd_job_page_map(struct pd_job *job)
{
    if (job->page_map)
        return job->page_map;
    const pd_layout *lay = pd_job_print_layout(job);
    if (!lay)
        return NULL;
    pd_page_map *map = pd_xcalloc(1, sizeof *map);
    map->n = lay->n_pages;
    map->total_pages = (int)lay->n_pages;
    map->starts = pd_xcalloc(lay->n_pages ? lay->n_pages : 1, sizeof(pd_page_start));
    for (size_t i = 0; i < lay->n_pages; i++) {
        pd_page_start *s = &map->starts[i];
        s->page = lay->pages[i].number;
        s->label = pd_xstrdup(lay->pages[i].label);
        s->block = lay->page_starts[i].block;
        s->char_offset = lay->page_starts[i].char_offset;
    }
    job->page_map = map;
    return map;
}

void pd_page_map_free(pd_page_map *map)
{
    if (!map)
        return;
    for (size_t i = 0; i < map->n; i++)
        free((char *)map->starts[i].label);
    free(map->starts);
    free(map);
}
