#include "pdf_font.h"
#include "fontset.h"
#include "pdf_obj.h"

#include <hpdf_doc.h>
#include <hpdf_encrypt.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <stdlib.h>
#include <string.h>

#define S_CODES 65536

struct pd_pdf_font {
    char *path;
    unsigned char used[S_CODES / 8];
    HPDF_Doc pdf;
    HPDF_Font font;
};

pd_pdf_font *pd_pdf_font_new(const char *path)
{
    pd_pdf_font *f = pd_xcalloc(1, sizeof *f);
    f->path = pd_xstrdup(path);
    return f;
}

void pd_pdf_font_free(pd_pdf_font *f)
{
    if (!f)
        return;
    free(f->path);
    free(f);
}

const char *pd_pdf_font_path(const pd_pdf_font *f)
{
    return f->path;
}

void pd_pdf_font_use(pd_pdf_font *f, const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp = pd_utf8_next(s, n, &i);
        if (cp >= S_CODES)
            cp = 0xFFFD; /* as pd_pdf_font_drawable draws it */
        if (cp == 0)
            continue;
        f->used[cp >> 3] |= (unsigned char)(1u << (cp & 7));
    }
}

const char *pd_pdf_font_drawable(const char *s, char **tmp)
{
    *tmp = NULL;
    size_t n = strlen(s), i = 0;
    int wide = 0;
    while (i < n && !wide) {
        size_t at = i;
        uint32_t cp = pd_utf8_next(s, n, &i);
        /* Malformed bytes decode as U+FFFD too; libharu would draw them as garbage codes. */
        wide = cp >= S_CODES || (cp == 0xFFFD && memcmp(s + at, "\xEF\xBF\xBD", 3) != 0);
    }
    if (!wide)
        return s;
    pd_buf b = {0};
    i = 0;
    while (i < n) {
        uint32_t cp = pd_utf8_next(s, n, &i);
        if (cp >= S_CODES)
            cp = 0xFFFD;
        char u[3];
        if (cp < 0x80) {
            pd_buf_putc(&b, (char)cp);
        } else if (cp < 0x800) {
            u[0] = (char)(0xC0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3F));
            pd_buf_put(&b, u, 2);
        } else {
            u[0] = (char)(0xE0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            pd_buf_put(&b, u, 3);
        }
    }
    *tmp = pd_buf_detach(&b, NULL);
    return *tmp;
}

/* Six capital letters from the file name and the characters used: the same subset always gets
 * the same tag, and two different subsets of one font practically never share one (ISO 32000-1
 * 9.6.4 wants distinct tags for distinct subsets). */
static void S_subset_tag(const pd_pdf_font *f, char tag[7])
{
    struct HPDF_MD5Context ctx;
    HPDF_BYTE digest[16];
    const char *base = strrchr(f->path, '/');
    base = base ? base + 1 : f->path;
    HPDF_MD5Init(&ctx);
    HPDF_MD5Update(&ctx, (const HPDF_BYTE *)base, (HPDF_UINT32)strlen(base));
    HPDF_MD5Update(&ctx, f->used, (HPDF_UINT32)sizeof f->used);
    HPDF_MD5Final(digest, &ctx);
    for (int i = 0; i < 6; i++)
        tag[i] = (char)('A' + digest[i] % 26);
    tag[6] = '\0';
}

int pd_pdf_font_load(pd_pdf_font *f, HPDF_Doc pdf, pd_diags *d)
{
    const char *name = HPDF_LoadTTFontFromFile(pdf, f->path, HPDF_TRUE);
    if (!name) {
        HPDF_ResetError(pdf);
        return pd_error(d, f->path, 0, 0,
                        "cannot load the font into the PDF (missing file or "
                        "not a TrueType font libharu can read)");
    }
    HPDF_FontDef def = HPDF_GetFontDef(pdf, name);
    if (def) {
        char tag[7];
        S_subset_tag(f, tag);
        HPDF_TTFontDef_SetTagName(def, tag);
        /* libharu appends ",Bold" / ",Italic" to the names of bold and italic faces, a
         * convention for fonts that are not embedded; an embedded font goes by its PostScript
         * name. The tagged name is what libharu writes as BaseFont and FontName. */
        HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
        char *comma = strchr(tt->base_font, ',');
        if (comma)
            *comma = '\0';
    }
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    if (!font || pd_pdf_check(pdf, f->path, "loading the font", d) < 0)
        return font ? -1 : pd_error(d, f->path, 0, 0, "libharu cannot use the font as UTF-8");
    f->pdf = pdf;
    f->font = font;
    return 0;
}

HPDF_Font pd_pdf_font_handle(const pd_pdf_font *f)
{
    return f->font;
}

static int S_is_used(const unsigned char *used, unsigned c)
{
    return (used[c >> 3] >> (c & 7)) & 1;
}

static void S_hex4(pd_buf *out, unsigned v)
{
    pd_buf_printf(out, "<%04X>", v);
}

void pd_pdf_tounicode_cmap(const unsigned char *used, pd_buf *out)
{
    /* Rows: maximal runs of consecutive used codes, cut where the high byte changes (a bfrange
     * may vary only in its last byte). */
    unsigned *lo = pd_xmalloc(S_CODES / 2 * sizeof *lo), *hi = pd_xmalloc(S_CODES / 2 * sizeof *hi);
    size_t rows = 0;
    unsigned c = 0;
    while (c < S_CODES) {
        if (!S_is_used(used, c)) {
            c++;
            continue;
        }
        unsigned start = c;
        while (c + 1 < S_CODES && S_is_used(used, c + 1) && ((c + 1) & 0xFF) != 0)
            c++;
        lo[rows] = start;
        hi[rows] = c;
        rows++;
        c++;
    }
    pd_buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
                     "12 dict begin\n"
                     "begincmap\n"
                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                     "/CMapName /Adobe-Identity-UCS def\n"
                     "/CMapType 2 def\n"
                     "1 begincodespacerange\n"
                     "<0000> <FFFF>\n"
                     "endcodespacerange\n");
    for (size_t r = 0; r < rows; r += 100) {
        size_t n = rows - r < 100 ? rows - r : 100;
        pd_buf_printf(out, "%zu beginbfrange\n", n);
        for (size_t k = r; k < r + n; k++) {
            S_hex4(out, lo[k]);
            pd_buf_putc(out, ' ');
            S_hex4(out, hi[k]);
            pd_buf_putc(out, ' ');
            S_hex4(out, lo[k]); /* the code is the character */
            pd_buf_putc(out, '\n');
        }
        pd_buf_puts(out, "endbfrange\n");
    }
    free(lo);
    free(hi);
    pd_buf_puts(out, "endcmap\n"
                     "CMapName currentdict /CMap defineresource pop\n"
                     "end\n"
                     "end\n");
}

static unsigned S_u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* libharu's subset keeps the glyphs drawn and the direct components of composite glyphs, but
 * not the components of a component: Noto Sans Mono builds "å" from "a" and a combining ring
 * that is itself a composite, so the ring went missing and "på" printed as "pa". Marks every
 * component, at any depth, as used. */
static int S_keep_composite_components(pd_pdf_font *f, pd_diags *d)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)f->font->attr;
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)attr->fontdef->attr;
    if (!tt->glyph_tbl.flgs || !tt->glyph_tbl.offsets)
        return 0;
    char *data;
    size_t len;
    if (pd_read_file(f->path, &data, &len) < 0)
        return pd_error(d, f->path, 0, 0, "cannot read the font again to subset it");
    const unsigned char *glyf = (const unsigned char *)data + tt->glyph_tbl.base_offset;
    size_t glyf_len = len > tt->glyph_tbl.base_offset ? len - tt->glyph_tbl.base_offset : 0;
    unsigned n = tt->num_glyphs;
    int changed = 1;
    while (changed) {
        changed = 0;
        for (unsigned g = 0; g < n; g++) {
            if (!tt->glyph_tbl.flgs[g])
                continue;
            size_t at = tt->glyph_tbl.offsets[g], end = tt->glyph_tbl.offsets[g + 1];
            if (end <= at || end > glyf_len || end - at < 10 || (short)S_u16(glyf + at) >= 0)
                continue;
            size_t p = at + 10;
            unsigned flags;
            do {
                if (p + 4 > end)
                    break;
                flags = S_u16(glyf + p);
                unsigned comp = S_u16(glyf + p + 2);
                if (comp < n && !tt->glyph_tbl.flgs[comp]) {
                    tt->glyph_tbl.flgs[comp] = 1;
                    changed = 1;
                }
                p += 4 + ((flags & 0x0001) ? 4 : 2);
                p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
            } while (flags & 0x0020);
        }
    }
    free(data);
    return 0;
}

int pd_pdf_font_finish(pd_pdf_font *f, pd_diags *d)
{
    if (!f->font)
        return 0;
    if (S_keep_composite_components(f, d) < 0)
        return -1;
    HPDF_Doc pdf = f->pdf;
    HPDF_FontAttr attr = (HPDF_FontAttr)f->font->attr;
    HPDF_Dict tu = HPDF_Dict_GetItem(f->font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!tu || !tu->stream)
        return pd_error(d, f->path, 0, 0, "PDF: the font has no ToUnicode stream to replace");
    /* Rewrite the stream in place: a new object would leave libharu's broken one in the file. */
    HPDF_MemStream_FreeData(tu->stream);
    pd_buf cmap = {0};
    pd_pdf_tounicode_cmap(f->used, &cmap);
    HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)cmap.data, (HPDF_UINT)cmap.len);
    pd_buf_free(&cmap);
    /* The entries libharu copied from its encoding CMap do not belong in a ToUnicode stream. */
    static const struct {
        const char *key;
        HPDF_UINT16 cls;
    } stale[] = {{"Type", HPDF_OCLASS_NAME},
                 {"CMapName", HPDF_OCLASS_NAME},
                 {"CIDSystemInfo", HPDF_OCLASS_DICT},
                 {"WMode", HPDF_OCLASS_NUMBER}};
    for (size_t i = 0; i < sizeof stale / sizeof *stale; i++)
        if (HPDF_Dict_GetItem(tu, stale[i].key, stale[i].cls))
            HPDF_Dict_RemoveElement(tu, stale[i].key);
    tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Dict cid = attr->descendant_font;
    HPDF_Dict csi = cid ? HPDF_Dict_GetItem(cid, "CIDSystemInfo", HPDF_OCLASS_DICT) : NULL;
    if (csi)
        HPDF_Dict_Add(csi, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    return pd_pdf_check(pdf, f->path, "writing the font's ToUnicode CMap", d);
}
