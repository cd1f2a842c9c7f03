/*
 * emit_c.h - the spec model as C source: the rows of every table declared
 * in mock/spec_tables.h, one row per line, each with a comment naming its
 * spec line, and a zeroed sentinel row after the last.  The text depends
 * only on the model, so the same spec gives the same bytes.
 */
#ifndef SPECGEN_EMIT_C_H
#define SPECGEN_EMIT_C_H

#include <stddef.h>

struct spec_model;
struct buf;

/* Appends the whole C file for m to out. */
void emit_c(struct buf *out, const struct spec_model *m);

/* Appends s[0..len) as a C string literal, quotes included: ", \ and
 * every byte outside printable ASCII are escaped (three-digit octal, so a
 * following digit is never swallowed), and "??" is split so no trigraph
 * forms. */
void emit_c_string(struct buf *out, const char *s, size_t len);

/* Appends s as text safe inside a C comment: no "* /" pair, no control
 * characters. */
void emit_c_comment_text(struct buf *out, const char *s);

#endif
