/* model.c - growable row tables of the spec model. */
#include "model.h"

#include <string.h>

#include "arena.h"
#include "diag.h"

static void rows_init(struct rows *r, const char *what, size_t size)
{
	memset(r, 0, sizeof(*r));
	r->what = what;
	r->size = size;
}

void model_init(struct spec_model *m, struct arena *a, struct diag *d,
		const char *source)
{
	memset(m, 0, sizeof(*m));
	m->arena = a;
	m->diag = d;
	m->source = source;
	m->version = m->title = m->api_version = m->server_headers = "";
	rows_init(&m->ops, "operation", sizeof(struct spec_operation));
	rows_init(&m->params, "parameter", sizeof(struct spec_param));
	rows_init(&m->responses, "response", sizeof(struct spec_response));
	rows_init(&m->headers, "header", sizeof(struct spec_header));
	rows_init(&m->medias, "media type", sizeof(struct spec_media));
	rows_init(&m->examples, "example", sizeof(struct spec_example));
	rows_init(&m->schemas, "schema", sizeof(struct spec_schema));
	rows_init(&m->props, "property", sizeof(struct spec_property));
	rows_init(&m->names, "required name", sizeof(const char *));
	rows_init(&m->json_values, "enum value", sizeof(const char *));
	rows_init(&m->schema_refs, "schema reference", sizeof(int));
}

int model_add(struct spec_model *m, struct rows *r, const void *row, int line)
{
	if (r->n == MODEL_MAX_ROWS) {
		if (!r->full)
			diag_error(m->diag, line, 1,
				   "the spec needs more than %d %s rows",
				   MODEL_MAX_ROWS, r->what);
		r->full = 1;
		return -1;
	}
	if (r->n == r->cap) {
		int cap = r->cap ? r->cap * 2 : 16;

		r->data = arena_grow(m->arena, r->data, (size_t)r->n * r->size,
				     (size_t)cap * r->size);
		r->lines = arena_grow(m->arena, r->lines,
				      (size_t)r->n * sizeof(int),
				      (size_t)cap * sizeof(int));
		r->cap = cap;
	}
	memcpy(r->data + (size_t)r->n * r->size, row, r->size);
	r->lines[r->n] = line;
	return r->n++;
}

void *model_row(const struct rows *r, int i)
{
	return r->data + (size_t)i * r->size;
}
