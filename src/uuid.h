#ifndef POLIDOC_UUID_H
#define POLIDOC_UUID_H

/* Name-based UUIDs (RFC 4122 version 5, SHA-1): the same name always gives the same UUID, so an
 * EPUB rebuilt from the same source carries the same identifier. */

#include <stddef.h>

/* polidoc's namespace for document identifiers (a fixed UUID of its own). */
extern const unsigned char pd_uuid_namespace_polidoc[16];

/* Writes the version-5 UUID of name[0..len) in namespace ns to out as 36 lower-case characters
 * plus NUL ("xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx"). Cannot fail. */
void pd_uuid_v5(const unsigned char ns[16], const char *name, size_t len, char out[37]);

/* The SHA-1 digest of data[0..len). Cannot fail. Exposed for its unit test. */
void pd_sha1(const void *data, size_t len, unsigned char digest[20]);

#endif
