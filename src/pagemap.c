#include "pagemap.h"
#include "job.h"

#include <stdlib.h>

/* Placeholder until the print layout lands (issue 4). */
const pd_page_map *pd_job_page_map(struct pd_job *job)
{
    pd_error(job->diags, job->doc->path, 0, 0, "print page map: not available yet");
    return NULL;
}

void pd_page_map_free(pd_page_map *map)
{
    free(map);
}
