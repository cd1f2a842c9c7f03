/*
 * chars.h - character-level readers the generator and the mock share:
 * a hex digit's value, the shape of a UUID.  One definition each, so a
 * %XX escape or an id is read the same way everywhere.
 */
#ifndef SPECGEN_CHARS_H
#define SPECGEN_CHARS_H

#include <stddef.h>

/* The value of hex digit c (either case), or -1. */
int chars_hex(char c);

/* 1 when s[0..len) is a UUID in its text form (8-4-4-4-12 hex digits,
 * either case), else 0. */
int chars_is_uuid(const char *s, size_t len);

#endif
