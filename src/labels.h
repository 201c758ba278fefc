#ifndef POLIDOC_LABELS_H
#define POLIDOC_LABELS_H

/* The words polidoc prints itself ("Innhold", "Side 3 av 12", "Bilde:") in the document's
 * language: Norwegian Bokmål, Nynorsk, Northern Sámi and English. */

typedef struct {
    const char *lang;     /* primary subtag: nb, nn, se, en */
    const char *contents; /* table of contents heading */
    const char *page_of;  /* printf format with two %d: page, pages */
    const char *page;     /* "Side" (page-list, page marks) */
    const char *image;    /* label before an image's alt text */
    const char *links;    /* heading of the link list / link notes */
    const char *revision; /* title block field names */
    const char *date;
    const char *status;
    const char *organisation;
    const char *title_page;  /* landmarks: the title page */
    const char *body_start;  /* landmarks: start of the text */
    const char *statuses[4]; /* display forms of utkast, høring, vedtatt, erstattet */
} pd_labels;

/* The table for a BCP 47 tag; falls back to Bokmål for an unknown language. Never NULL. */
const pd_labels *pd_labels_for(const char *lang);

/* The display form of a front-matter status value in the labels' language. */
const char *pd_labels_status(const pd_labels *l, const char *status);

#endif
