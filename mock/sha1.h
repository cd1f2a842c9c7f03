/*
 * sha1.h - SHA-1 (FIPS 180-4), for Etags: the real server's Etag is the
 * SHA-1 of the body, and clients that cache compare it byte for byte.
 */
#ifndef SHA1_H
#define SHA1_H

#include <stddef.h>

/* Writes the 40 lowercase hex digits of SHA-1(data) and a NUL to hex. */
void sha1_hex(const void *data, size_t len, char hex[41]);

#endif
