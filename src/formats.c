#include "formats.h"
#include "pdf_emit.h"
#include "render_epub.h"
#include "render_txt.h"

#include <string.h>

const pd_format pd_formats[] = {
    {"txt", PD_FMT_TXT, ".txt", pd_format_txt},
    {"epub", PD_FMT_EPUB, ".epub", pd_format_epub},
    {"pdf", PD_FMT_PDF, ".pdf", pd_format_pdf},
    {"print", PD_FMT_PRINT, ".print.pdf", pd_format_print},
    {"archive", PD_FMT_ARCHIVE, ".archive.pdf", pd_format_archive},
    {NULL, 0, NULL, NULL},
};

int pd_formats_parse(const char *list, unsigned *bits, const char **bad, size_t *bad_len)
{
    *bits = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        const pd_format *f = pd_formats;
        while (f->name && !(strlen(f->name) == n && !strncmp(f->name, p, n)))
            f++;
        if (!f->name) {
            *bad = p;
            *bad_len = n;
            return -1;
        }
        *bits |= f->bit;
        p += n + (p[n] == ',');
    }
    return 0;
}

unsigned pd_formats_default(void)
{
    unsigned bits = 0;
    for (const pd_format *f = pd_formats; f->name; f++)
        bits |= f->bit;
    return bits;
}
