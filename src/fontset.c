/* Font metrics read once with FreeType and kept in plain tables, so that measuring text is a table
 * look-up and the fontset can be shared between threads (FreeType faces cannot). */

#include "fontset.h"
#include "once.h"
#include "util.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef POLIDOC_DATADIR
#define POLIDOC_DATADIR "/usr/local/share/polidoc"
#endif

static const char *const S_files[PD_FACE_COUNT] = {
    "NotoSerif-Regular.ttf",    "NotoSerif-Italic.ttf",     "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSans-Regular.ttf",     "NotoSans-Bold.ttf",
    "NotoSansMono-Regular.ttf", "NotoSansMath-Regular.ttf",
};

typedef struct {
    uint32_t cp;
    uint16_t advance;
} S_wide_glyph;

typedef struct {
    uint16_t advance[256]; /* font units; .notdef's where there is no glyph */
    uint8_t present[32];   /* bit set per code point that has a glyph */
} S_block;

typedef struct {
    char *path;
    char *name;
    double units_per_em;
    double ascent, descent; /* font units */
    uint16_t notdef_advance;
    /* The BMP in 256 blocks of 256 code points, a block allocated only when the font has a glyph
     * in it: a text face covers a few dozen blocks, and a full table per face cost more page
     * faults and start-up time than all the measuring of a document. */
    S_block *bmp[256];
    S_wide_glyph *wide; /* code points beyond the BMP, sorted */
    size_t n_wide;
} S_face;

struct pd_fontset {
    S_face faces[PD_FACE_COUNT];
};

static int S_file_exists(const char *dir, const char *name)
{
    char *p = pd_path_join(dir, name);
    int ok = access(p, R_OK) == 0;
    free(p);
    return ok;
}

/* The folder of the running executable's parent (bin/..), or NULL. */
static char *S_exe_parent(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *bin = pd_path_dir(buf);
    char *parent = pd_path_dir(bin);
    free(bin);
    return parent;
}

static char *S_find_dir(void)
{
    const char *env = getenv("POLIDOC_FONTS");
    if (env && *env && S_file_exists(env, S_files[0]))
        return pd_xstrdup(env);
    if (S_file_exists("fonts", S_files[0]))
        return pd_xstrdup("fonts");
    char *parent = S_exe_parent();
    if (parent) {
        char *dir = pd_path_join(parent, "fonts");
        free(parent);
        if (S_file_exists(dir, S_files[0]))
            return dir;
        free(dir);
    }
    return pd_xstrdup(POLIDOC_DATADIR "/fonts");
}

static int S_cmp_wide(const void *a, const void *b)
{
    uint32_t x = ((const S_wide_glyph *)a)->cp, y = ((const S_wide_glyph *)b)->cp;
    return x < y ? -1 : x > y;
}

static uint16_t S_clamp_advance(FT_Fixed adv)
{
    return adv < 0 ? 0 : adv > UINT16_MAX ? UINT16_MAX : (uint16_t)adv;
}

static int S_load_face(FT_Library lib, const char *dir, pd_face which, S_face *out, pd_diags *d)
{
    out->path = pd_path_join(dir, S_files[which]);
    FT_Face face;
    FT_Error err = FT_New_Face(lib, out->path, 0, &face);
    if (err)
        return pd_error(d, out->path, 0, 0,
                        "cannot load font (FreeType error %d): is the fonts folder complete? "
                        "(--fonts DIR or $POLIDOC_FONTS)",
                        (int)err);
    int rc = 0;
    if (!FT_IS_SCALABLE(face) || face->units_per_EM == 0) {
        rc = pd_error(d, out->path, 0, 0, "not a scalable font");
        goto done;
    }
    const char *ps = FT_Get_Postscript_Name(face);
    out->name = pd_xstrdup(ps ? ps : S_files[which]);
    out->units_per_em = face->units_per_EM;
    out->ascent = face->ascender;
    out->descent = face->descender;
    FT_Fixed adv = 0;
    FT_Get_Advance(face, 0, FT_LOAD_NO_SCALE, &adv);
    out->notdef_advance = S_clamp_advance(adv);
    size_t cap_wide = 0;
    FT_UInt gi;
    FT_ULong cp = FT_Get_First_Char(face, &gi);
    while (gi != 0) {
        if (FT_Get_Advance(face, gi, FT_LOAD_NO_SCALE, &adv) == 0) {
            if (cp < 65536) {
                S_block *b = out->bmp[cp >> 8];
                if (!b) {
                    b = out->bmp[cp >> 8] = pd_xcalloc(1, sizeof *b);
                    for (size_t i = 0; i < 256; i++)
                        b->advance[i] = out->notdef_advance;
                }
                b->advance[cp & 0xFF] = S_clamp_advance(adv);
                b->present[(cp & 0xFF) >> 3] |= (uint8_t)(1u << (cp & 7));
            } else if (cp <= 0x10FFFF) {
                if (out->n_wide == cap_wide) {
                    cap_wide = cap_wide ? cap_wide * 2 : 64;
                    out->wide = pd_xrealloc(out->wide, cap_wide * sizeof(S_wide_glyph));
                }
                out->wide[out->n_wide++] = (S_wide_glyph){(uint32_t)cp, S_clamp_advance(adv)};
            }
        }
        cp = FT_Get_Next_Char(face, cp, &gi);
    }
    if (out->n_wide)
        qsort(out->wide, out->n_wide, sizeof(S_wide_glyph), S_cmp_wide);
done:
    FT_Done_Face(face);
    return rc;
}

int pd_fontset_new(const char *fonts_dir, pd_fontset **out, pd_diags *d)
{
    *out = NULL;
    FT_Library lib;
    if (FT_Init_FreeType(&lib))
        return pd_error(d, NULL, 0, 0, "cannot initialise FreeType");
    char *dir = fonts_dir ? pd_xstrdup(fonts_dir) : S_find_dir();
    pd_fontset *fs = pd_xcalloc(1, sizeof *fs);
    int rc = 0;
    for (int f = 0; f < PD_FACE_COUNT && rc == 0; f++)
        rc = S_load_face(lib, dir, (pd_face)f, &fs->faces[f], d);
    FT_Done_FreeType(lib);
    free(dir);
    if (rc < 0) {
        pd_fontset_free(fs);
        return -1;
    }
    *out = fs;
    return 0;
}

void pd_fontset_free(pd_fontset *fs)
{
    if (!fs)
        return;
    for (int f = 0; f < PD_FACE_COUNT; f++) {
        free(fs->faces[f].path);
        free(fs->faces[f].name);
        for (size_t b = 0; b < 256; b++)
            free(fs->faces[f].bmp[b]);
        free(fs->faces[f].wide);
    }
    free(fs);
}

struct pd_fontset_cache {
    pd_once fonts;
    char *fonts_dir;
};

pd_fontset_cache *pd_fontset_cache_new(const char *fonts_dir)
{
    pd_fontset_cache *c = pd_xcalloc(1, sizeof *c);
    pd_once_init(&c->fonts);
    c->fonts_dir = fonts_dir ? pd_xstrdup(fonts_dir) : NULL;
    return c;
}

static void S_free_fontset(void *fs)
{
    pd_fontset_free(fs);
}

void pd_fontset_cache_free(pd_fontset_cache *c)
{
    if (!c)
        return;
    pd_once_destroy(&c->fonts, S_free_fontset);
    free(c->fonts_dir);
    free(c);
}

static int S_load_fontset(void *fonts_dir, void **value, pd_diags *d)
{
    pd_fontset *fs;
    int rc = pd_fontset_new(fonts_dir, &fs, d);
    *value = fs;
    return rc;
}

const pd_fontset *pd_fontset_cache_get(pd_fontset_cache *c, pd_diags *d)
{
    void *fs;
    pd_once_get(&c->fonts, S_load_fontset, c->fonts_dir, &fs, d);
    return fs;
}

const char *pd_fontset_path(const pd_fontset *fs, pd_face face)
{
    return fs->faces[face].path;
}

const char *pd_fontset_name(const pd_fontset *fs, pd_face face)
{
    return fs->faces[face].name;
}

static const S_wide_glyph *S_find_wide(const S_face *f, uint32_t cp)
{
    S_wide_glyph key = {cp, 0};
    return f->n_wide ? bsearch(&key, f->wide, f->n_wide, sizeof key, S_cmp_wide) : NULL;
}

int pd_fontset_has_glyph(const pd_fontset *fs, pd_face face, uint32_t cp)
{
    const S_face *f = &fs->faces[face];
    if (cp < 65536) {
        const S_block *b = f->bmp[cp >> 8];
        return b ? (b->present[(cp & 0xFF) >> 3] >> (cp & 7)) & 1 : 0;
    }
    return S_find_wide(f, cp) != NULL;
}

static uint16_t S_advance_units(const S_face *f, uint32_t cp)
{
    if (cp < 65536) {
        const S_block *b = f->bmp[cp >> 8];
        return b ? b->advance[cp & 0xFF] : f->notdef_advance;
    }
    const S_wide_glyph *g = S_find_wide(f, cp);
    return g ? g->advance : f->notdef_advance;
}

double pd_fontset_advance(const pd_fontset *fs, pd_face face, uint32_t cp, double size)
{
    const S_face *f = &fs->faces[face];
    return S_advance_units(f, cp) * size / f->units_per_em;
}

uint32_t pd_utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) {
        *i += 1;
        return c;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, c &= 0x07, min = 0x10000;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if (left < len) {
        *i += 1;
        return 0xFFFD;
    }
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        c = (c << 6) | (p[k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *i += 1;
        return 0xFFFD;
    }
    *i += len;
    return c;
}

double pd_fontset_width(const pd_fontset *fs, pd_face face, double size, const char *s, size_t n)
{
    const S_face *f = &fs->faces[face];
    /* Summed in font units and scaled once, so the width equals what a PDF viewer computes from
     * the /W array (integer thousandths of an em for a 1000-unit font) without rounding drift. */
    unsigned long units = 0;
    size_t i = 0;
    while (i < n)
        units += S_advance_units(f, pd_utf8_next(s, n, &i));
    return (double)units * size / f->units_per_em;
}

double pd_fontset_ascent(const pd_fontset *fs, pd_face face, double size)
{
    return fs->faces[face].ascent * size / fs->faces[face].units_per_em;
}

double pd_fontset_descent(const pd_fontset *fs, pd_face face, double size)
{
    return fs->faces[face].descent * size / fs->faces[face].units_per_em;
}
