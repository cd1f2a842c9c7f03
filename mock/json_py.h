/*
 * json_py.h - JSON text exactly as Python's json.dumps writes it.
 *
 * The real server answers with json.dumps defaults: ", " between items,
 * ": " after keys, keys in insertion order, everything outside printable
 * ASCII escaped as \uXXXX.  Clients and tests compare bytes, so the mock
 * writes the same bytes.
 */
#ifndef JSON_PY_H
#define JSON_PY_H

#include <cjson/cJSON.h>

#include "buf.h"

/* Appends item as json.dumps would.  Strings must be valid UTF-8. */
void json_py_write(struct buf *out, const cJSON *item);

/* Appends one string literal, quotes included: json_escape's ASCII rule
 * (json_escape.h), on a NUL-terminated string. */
void json_py_write_string(struct buf *out, const char *utf8);

/* Appends Python's repr() of a str, as the real server's "%r" messages
 * show it: single quotes unless the text holds ' and no ". */
void py_repr_string(struct buf *out, const char *utf8);

/* 1 when the len bytes at s are valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

#endif
