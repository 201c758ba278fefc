#ifndef POLIDOC_IMAGE_PATH_H
#define POLIDOC_IMAGE_PATH_H

/* Where an image referenced by a source lives. Every edition accepts the same images: a file in
 * the document's folder, named by a relative path without "..", so that a source cannot pull
 * arbitrary files from the machine (../../etc/passwd) into a published document. */

#include "document.h"

/* Resolves url (percent-decoded, query and fragment dropped) against doc->dir. Refuses URLs,
 * absolute paths, any ".." segment, NUL bytes and files that resolve, symbolic links followed,
 * outside the folder. Returns 0 with *real (the resolved path; caller frees), or -1 with an
 * error at the document's line:column naming the image. */
int pd_image_resolve(const pd_document *doc, const char *url, int line, int column, char **real,
                     pd_diags *d);

#endif
