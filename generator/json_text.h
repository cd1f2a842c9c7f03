/*
 * json_text.h - a YAML node as compact JSON text.
 *
 * Plain scalars are typed by the YAML 1.2 core schema (null, ~, true,
 * false, integers in decimal, 0o octal and 0x hex, floats); quoted scalars
 * are strings; mapping keys are always strings.  Numbers are normalized to
 * JSON's syntax ("+1" -> 1, ".5" -> 0.5, 0x1f -> 31).
 */
#ifndef SPECGEN_JSON_TEXT_H
#define SPECGEN_JSON_TEXT_H

#include <stddef.h>

struct buf;
struct ynode;

enum json_kind {
	JSON_NULL,
	JSON_BOOL,
	JSON_INT,
	JSON_FLOAT,
	JSON_STRING,
	JSON_NONFINITE, /* .inf, .nan: no JSON form */
	JSON_ARRAY,
	JSON_OBJECT
};

/* The JSON type a node stands for. */
enum json_kind json_kind_of(const struct ynode *n);

enum json_status {
	JSON_OK,
	JSON_TOO_LARGE,    /* more than max_len bytes (an alias bomb?) */
	JSON_TOO_DEEP,     /* aliases nest the value too deep */
	JSON_UNREPRESENTABLE /* .inf/.nan, or an integer out of range */
};

/* Appends n as compact JSON to out, at most max_len bytes of it.  On
 * failure *bad (if not NULL) is the node at fault, and out holds a partial
 * text the caller must not use. */
enum json_status json_text(struct buf *out, const struct ynode *n,
			   size_t max_len, const struct ynode **bad);

/* The value of a plain integer or float scalar as a double; 0 on success,
 * -1 if n is not a finite number. */
int json_number(const struct ynode *n, double *out);

#endif
