/* SHA-1 (FIPS 180-4) exists here only to make RFC 4122 version-5 UUIDs; it is not used for
 * anything that needs collision resistance. */

#include "uuid.h"

#include <stdint.h>
#include <string.h>

/* Chosen once at random for polidoc; never change it, or every EPUB identifier changes. */
const unsigned char pd_uuid_namespace_polidoc[16] = {
    0x6b, 0x1f, 0x3c, 0x52, 0x9a, 0x0e, 0x4d, 0x71, 0x8c, 0x25, 0x5e, 0xd3, 0x07, 0xa4, 0xb9, 0x60};

typedef struct {
    uint32_t h[5];
    unsigned char block[64];
    size_t used;
    uint64_t total;
} sha1_ctx;

static uint32_t S_rol(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void S_compress(sha1_ctx *c, const unsigned char *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = S_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20)
            f = (b & cc) | (~b & d), k = 0x5A827999;
        else if (i < 40)
            f = b ^ cc ^ d, k = 0x6ED9EBA1;
        else if (i < 60)
            f = (b & cc) | (b & d) | (cc & d), k = 0x8F1BBCDC;
        else
            f = b ^ cc ^ d, k = 0xCA62C1D6;
        uint32_t t = S_rol(a, 5) + f + e + k + w[i];
        e = d;
        d = cc;
        cc = S_rol(b, 30);
        b = a;
        a = t;
    }
    c->h[0] += a;
    c->h[1] += b;
    c->h[2] += cc;
    c->h[3] += d;
    c->h[4] += e;
}

static void S_update(sha1_ctx *c, const unsigned char *p, size_t n)
{
    c->total += n;
    while (n > 0) {
        size_t take = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->block + c->used, p, take);
        c->used += take;
        p += take;
        n -= take;
        if (c->used == 64) {
            S_compress(c, c->block);
            c->used = 0;
        }
    }
}

static void S_init(sha1_ctx *c)
{
    static const uint32_t h0[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    memset(c, 0, sizeof *c);
    memcpy(c->h, h0, sizeof h0);
}

static void S_final(sha1_ctx *c, unsigned char digest[20])
{
    uint64_t bits = c->total * 8;
    unsigned char pad = 0x80;
    S_update(c, &pad, 1);
    pad = 0;
    while (c->used != 56)
        S_update(c, &pad, 1);
    unsigned char lenbytes[8];
    for (int i = 0; i < 8; i++)
        lenbytes[i] = (unsigned char)(bits >> (56 - 8 * i));
    S_update(c, lenbytes, 8);
    for (int i = 0; i < 5; i++) {
        digest[4 * i] = (unsigned char)(c->h[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        digest[4 * i + 3] = (unsigned char)c->h[i];
    }
}

void pd_sha1(const void *data, size_t len, unsigned char digest[20])
{
    sha1_ctx c;
    S_init(&c);
    S_update(&c, data, len);
    S_final(&c, digest);
}

void pd_uuid_v5(const unsigned char ns[16], const char *name, size_t len, char out[37])
{
    sha1_ctx c;
    unsigned char digest[20];
    S_init(&c);
    S_update(&c, ns, 16);
    S_update(&c, (const unsigned char *)name, len);
    S_final(&c, digest);
    /* RFC 4122 §4.3: version 5 in the high nibble of byte 6, variant 10xx in byte 8. */
    digest[6] = (unsigned char)((digest[6] & 0x0F) | 0x50);
    digest[8] = (unsigned char)((digest[8] & 0x3F) | 0x80);
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[digest[i] >> 4];
        out[o++] = hex[digest[i] & 15];
    }
    out[o] = '\0';
}
