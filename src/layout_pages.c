/* Pagination: fills each page with as many vertical items as fit and ends it at the last place a
 * break is allowed (never after a heading, never leaving a single line of a paragraph at the
 * foot or the head of a page). When a run of kept items is longer than a page, the page breaks
 * where it is full: overflowing the page would be worse than a lone line. Spaces at the top of a
 * page are dropped. Linear in the number of items. */

#include "layout_impl.h"

#include <stdlib.h>

size_t pd_paginate(const pd_vlist *v, double height, size_t **ranges)
{
    const pd_vitem *items = v->items.data;
    size_t n = v->items.len;
    pd_vec pages = PD_VEC(size_t);
    size_t i = 0;
    while (i < n) {
        while (i < n && items[i].kind == PD_V_SPACE)
            i++;
        if (i == n)
            break;
        size_t first = i, j = i, last_ok = SIZE_MAX;
        double used = 0;
        bool forced = false;
        while (j < n) {
            /* A space that does not fit ends the page without taking room on it. */
            if (used + items[j].height > height + 1e-6 && j > first) {
                if (items[j].kind == PD_V_SPACE && !items[j - 1].no_break_after)
                    last_ok = j - 1;
                break;
            }
            used += items[j].height;
            if (items[j].forced_break_after) {
                forced = true;
                j++;
                break;
            }
            if (!items[j].no_break_after)
                last_ok = j;
            j++;
        }
        size_t end;
        if (j >= n || forced)
            end = j;
        else if (last_ok != SIZE_MAX && last_ok >= first)
            end = last_ok + 1;
        else
            end = j; /* nowhere to break: break where the page is full */
        if (end <= first)
            end = first + 1;
        *(size_t *)pd_vec_push(&pages) = first;
        *(size_t *)pd_vec_push(&pages) = end;
        i = end;
    }
    *ranges = pages.data;
    return pages.len / 2;
}
