/*
 * diag.h - error messages about the spec file, in the form
 *
 *   path/to/spec.yaml:LINE:COL: error: message
 *
 * Lines and columns count from 1.  Messages are lowercase, without a final
 * period; user values go through diag_q() and appear in single quotes.
 */
#ifndef SPECGEN_DIAG_H
#define SPECGEN_DIAG_H

#include <stddef.h>
#include <stdio.h>

#define DIAG_QUOTE_MAX 96 /* longer values are cut, with "..." */
#define DIAG_QUOTE_SLOTS 4

struct diag_msg {
	int line, col, seq;
	char *text; /* the whole line, malloc'd */
};

struct diag {
	const char *path; /* spec path as given on the command line */
	FILE *out;        /* stderr in specgen, a temp file in tests */
	int errors;
	/* held until diag_flush(), which prints them in file order */
	struct diag_msg *msgs;
	int nmsgs, cap;
	/* diag_q() results: a few, so one message can quote several values */
	char quoted[DIAG_QUOTE_SLOTS][DIAG_QUOTE_MAX + 8];
	int next_slot;
};

void diag_init(struct diag *d, const char *path, FILE *out);
/* Records one error and counts it.  line/col of 0 print as 1. */
void diag_error(struct diag *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Prints the recorded errors sorted by position (the order found among
 * equal positions) to d->out and frees them.  Call once at the end. */
void diag_flush(struct diag *d);

/* s[0..len) made safe to print between single quotes: control characters,
 * backslash and the quote are escaped, long values are cut.  Returns one of
 * d's rotating buffers, valid until DIAG_QUOTE_SLOTS more calls. */
const char *diag_qn(struct diag *d, const char *s, size_t len);
/* diag_qn() of a NUL-terminated string. */
const char *diag_q(struct diag *d, const char *s);

#endif
