/*
 * json_escape.h - JSON string literals: the one escaper the generator and
 * the mock share.
 *
 * Both rules write the same ASCII: '"' and '\' after a backslash, \b \f \n
 * \r \t in their short forms, the other controls and DEL as \u00XX.  They
 * differ only above ASCII:
 *   JSON_ESC_UTF8   copies the UTF-8 bytes as they are.  The generator's
 *                   JSON (examples in the tables, scenario values) is read
 *                   back by cJSON, and its size limits count the value's
 *                   own bytes, not six per character.
 *   JSON_ESC_ASCII  writes \uXXXX (a surrogate pair above U+FFFF), as
 *                   Python's json.dumps does by default: the mock answers
 *                   byte for byte like the real server.  A byte that does
 *                   not start a valid UTF-8 sequence reads as U+FFFD.
 */
#ifndef SPECGEN_JSON_ESCAPE_H
#define SPECGEN_JSON_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum json_esc { JSON_ESC_UTF8, JSON_ESC_ASCII };

/* Appends s[0..len) as a JSON string literal, quotes included.  NUL bytes
 * inside are escaped like any control. */
void json_escape(struct buf *out, const char *s, size_t len,
		 enum json_esc rule);

/* Decodes the UTF-8 sequence at *s, never reading at or past end, and
 * advances *s past it.  A byte that does not start a complete sequence
 * reads as U+FFFD and is skipped alone. */
uint32_t utf8_next(const unsigned char **s, const unsigned char *end);

#endif
