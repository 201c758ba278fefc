#include "pdf_obj.h"
#include "fontset.h"
#include "util.h"

#include <hpdf_doc.h>
#include <string.h>

static int S_printable_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p > 0x7E)
            return 0;
    return 1;
}

void *pd_pdf_text_string(HPDF_Doc pdf, const char *s)
{
    if (!s)
        s = "";
    if (S_printable_ascii(s))
        return HPDF_String_New(pdf->mmgr, s, NULL);
    /* UTF-16BE with a BOM: 2 bytes per BMP character, 4 for the rest. */
    size_t n = strlen(s), i = 0;
    pd_buf b = {0};
    pd_buf_put(&b, "\xFE\xFF", 2);
    while (i < n) {
        uint32_t cp = pd_utf8_next(s, n, &i);
        unsigned char u[4];
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000;
            uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            u[0] = (unsigned char)(hi >> 8);
            u[1] = (unsigned char)hi;
            u[2] = (unsigned char)(lo >> 8);
            u[3] = (unsigned char)lo;
            pd_buf_put(&b, u, 4);
        } else {
            u[0] = (unsigned char)(cp >> 8);
            u[1] = (unsigned char)cp;
            pd_buf_put(&b, u, 2);
        }
    }
    HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    pd_buf_free(&b);
    return bin;
}

HPDF_Binary pd_pdf_bytes(HPDF_Doc pdf, const void *data, size_t len)
{
    return HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)data, (HPDF_UINT)len);
}

HPDF_Dict pd_pdf_indirect_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d)
        return NULL;
    if (HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* HPDF_Xref_Add frees d on failure */
    return d;
}

HPDF_Dict pd_pdf_stream(HPDF_Doc pdf, const void *data, size_t len, int compress)
{
    HPDF_Dict d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!d)
        return NULL;
    d->filter = compress ? HPDF_STREAM_FILTER_FLATE_DECODE : HPDF_STREAM_FILTER_NONE;
    if (len && HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    return d;
}

HPDF_Array pd_pdf_real_array4(HPDF_Doc pdf, double a, double b, double c, double d)
{
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    if (!arr)
        return NULL;
    const double v[4] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        if (HPDF_Array_AddReal(arr, (HPDF_REAL)v[i]) != HPDF_OK)
            return NULL;
    return arr;
}

int pd_pdf_check(HPDF_Doc pdf, const char *file, const char *what, pd_diags *d)
{
    HPDF_STATUS e = HPDF_GetError(pdf);
    if (e == HPDF_OK)
        return 0;
    HPDF_STATUS detail = HPDF_GetErrorDetail(pdf);
    HPDF_ResetError(pdf);
    return pd_error(d, file, 0, 0, "PDF: %s failed (libharu error 0x%04X, detail %u)", what,
                    (unsigned)e, (unsigned)detail);
}
