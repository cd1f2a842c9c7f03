/*
 * model.h - the spec as the tables of mock/spec_tables.h, being built.
 *
 * The generator fills the very row structs the mock is compiled against,
 * so the contract is checked by the compiler on both sides.  Each table
 * also keeps the spec line of every row for the generated comments.
 */
#ifndef SPECGEN_MODEL_H
#define SPECGEN_MODEL_H

#include <stddef.h>

#include "spec_tables.h"

struct arena;
struct diag;

/* Past this many rows in one table the spec is refused: it is either an
 * attack (aliases multiplying rows) or far beyond what a mock needs. */
#define MODEL_MAX_ROWS 200000

struct rows {
	const char *what; /* "operation", for the error message */
	size_t size;      /* of one row */
	char *data;
	int *lines;
	int n, cap;
	int full; /* the limit was hit and reported */
};

struct spec_model {
	struct arena *arena;
	struct diag *diag;
	const char *source, *version, *title, *api_version;
	/* info.x-server-headers: "Name: value\r\n" lines a mock sends on
	 * every answer, as the real server does; "" for none */
	const char *server_headers;
	struct rows ops, params, responses, headers, medias, examples;
	struct rows schemas, props, names, json_values, schema_refs;
};

void model_init(struct spec_model *m, struct arena *a, struct diag *d,
		const char *source);
/* Appends a copy of row (r->size bytes) written at line; returns its index,
 * or -1 once the table is full (reported once to m->diag). */
int model_add(struct spec_model *m, struct rows *r, const void *row, int line);
/* Row i of r. */
void *model_row(const struct rows *r, int i);

#define MODEL_ROW(r, type, i) ((type *)model_row((r), (i)))

#endif
