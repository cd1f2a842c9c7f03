/* openapi_body.c - request bodies, responses, media types and examples. */
#include "openapi_body.h"

#include <string.h>

#include "diag.h"
#include "model.h"
#include "reader.h"
#include "schema_compile.h"
#include "yaml_tree.h"

static int add_example(struct reader *r, const char *name,
		       const struct ynode *value, int line)
{
	struct spec_example ex;

	ex.name = name;
	ex.line = line;
	ex.json = reader_json(r, value);
	return ex.json && model_add(r->m, &r->m->examples, &ex, line) >= 0;
}

/* OAS3 "examples": named Example Objects, maybe $refs; one without a
 * "value" (externalValue only) has nothing to serve and is left out. */
static int add_examples_map(struct reader *r, const struct ynode *examples)
{
	const struct ynode *map = reader_map(r, examples, "examples");
	int count = 0;
	size_t i;

	for (i = 0; map && i < map->n; i++) {
		const struct ynode *key = ymap_key(map, i);
		const struct ynode *ex = reader_map(
			r, reader_deref(r, ymap_value(map, i)), "example");
		const struct ynode *value = ymap_get(ex, "value");

		if (value)
			count += add_example(r, key->text, value, key->line);
	}
	return count;
}

static int media_read(struct reader *r, const struct ynode *type,
		      const struct ynode *mt)
{
	struct spec_media media = {type->text, -1, r->m->examples.n, 0};
	const struct ynode *ex, *exs;

	mt = reader_map(r, reader_deref(r, mt), "media type");
	if (mt) {
		media.schema = schema_ref(r, ymap_get(mt, "schema"), 0, NULL);
		ex = ymap_get(mt, "example");
		exs = ymap_get(mt, "examples");
		if (ex && exs)
			diag_error(r->d, exs->line, exs->col,
				   "'example' and 'examples' are mutually "
				   "exclusive");
		else if (exs)
			media.nexamples = add_examples_map(r, exs);
		else if (ex)
			media.nexamples = add_example(r, "default", ex,
						      ex->line);
	}
	return model_add(r->m, &r->m->medias, &media, type->line);
}

/* A content map as a range of spec_medias rows. */
static int content_read(struct reader *r, const struct ynode *content,
			int *first)
{
	const struct ynode *map = reader_map(r, content, "content");
	int count = 0;
	size_t i;

	*first = r->m->medias.n;
	for (i = 0; map && i < map->n; i++)
		if (media_read(r, ymap_key(map, i), ymap_value(map, i)) >= 0)
			count++;
	return count;
}

int content_schema(struct reader *r, const struct ynode *owner)
{
	const struct ynode *content;

	if (ymap_get(owner, "schema"))
		return schema_ref(r, ymap_get(owner, "schema"), 0, NULL);
	content = reader_map(r, ymap_get(owner, "content"), "content");
	if (!content || !content->n)
		return -1;
	content = reader_map(r, reader_deref(r, ymap_value(content, 0)),
			     "media type");
	return schema_ref(r, ymap_get(content, "schema"), 0, NULL);
}

void body_read(struct reader *r, const struct ynode *body,
	       struct spec_operation *op)
{
	body = reader_map(r, reader_deref(r, body), "requestBody");
	if (!body)
		return;
	reader_bool(r, ymap_get(body, "required"), "required",
		    &op->body_required);
	op->nbody_media =
		content_read(r, ymap_get(body, "content"), &op->body_media);
}

/* Media type i of a Swagger 2.0 produces/consumes list (NULL or empty:
 * application/json alone), or NULL after an error. */
static const char *type_at(struct reader *r, const struct ynode *list,
			   size_t i)
{
	if (!list || !list->n)
		return "application/json";
	return reader_string(r, list->items[i], "media type", NULL);
}

static size_t type_count(const struct ynode *list)
{
	return list && list->n ? list->n : 1;
}

void body_read_v2(struct reader *r, const struct ynode *param,
		  const struct ynode *consumes, struct spec_operation *op)
{
	int schema = schema_ref(r, ymap_get(param, "schema"), 0, NULL);
	size_t i;

	reader_bool(r, ymap_get(param, "required"), "required",
		    &op->body_required);
	op->body_media = r->m->medias.n;
	for (i = 0; i < type_count(consumes); i++) {
		struct spec_media media = {type_at(r, consumes, i), schema,
					   r->m->examples.n, 0};

		if (media.type && model_add(r->m, &r->m->medias, &media,
					    param->line) >= 0)
			op->nbody_media++;
	}
}

/* One Swagger 2.0 response media type, with the example written for it
 * in the response's "examples" map, if any. */
static int media_v2(struct reader *r, const char *type, int schema,
		    const struct ynode *examples, int line)
{
	struct spec_media media = {type, schema, r->m->examples.n, 0};
	const struct ynode *ex = ymap_get(examples, type);

	if (ex)
		media.nexamples = add_example(r, "default", ex, ex->line);
	return model_add(r->m, &r->m->medias, &media, line);
}

static int in_list(const struct ynode *list, const struct ynode *s)
{
	size_t i;

	if (!list || !list->n)
		return yscalar_is(s, "application/json");
	for (i = 0; i < list->n; i++)
		if (list->items[i]->kind == YNODE_SCALAR &&
		    list->items[i]->len == s->len &&
		    memcmp(list->items[i]->text, s->text, s->len) == 0)
			return 1;
	return 0;
}

/* Swagger 2.0: the schema is served as every "produces" type; an example
 * for a type not produced adds that type. */
static int responses_media_v2(struct reader *r, const struct ynode *resp,
			      const struct ynode *produces, int *first)
{
	const struct ynode *schema = ymap_get(resp, "schema");
	const struct ynode *examples =
		reader_map(r, ymap_get(resp, "examples"), "examples");
	int row = schema_ref(r, schema, 0, NULL), count = 0;
	size_t i;

	*first = r->m->medias.n;
	for (i = 0; schema && i < type_count(produces); i++) {
		const char *type = type_at(r, produces, i);

		if (type && media_v2(r, type, row, examples, schema->line) >= 0)
			count++;
	}
	for (i = 0; examples && i < examples->n; i++) {
		const struct ynode *type = ymap_key(examples, i);

		if ((!schema || !in_list(produces, type)) &&
		    media_v2(r, type->text, row, examples, type->line) >= 0)
			count++;
	}
	return count;
}

static int headers_read(struct reader *r, const struct ynode *headers,
			int *first)
{
	const struct ynode *map = reader_map(r, headers, "headers");
	int count = 0;
	size_t i;

	*first = r->m->headers.n;
	for (i = 0; map && i < map->n; i++) {
		const struct ynode *key = ymap_key(map, i);
		const struct ynode *h = reader_map(
			r, reader_deref(r, ymap_value(map, i)), "header");
		struct spec_header row = {key->text, 0, -1};

		if (!h)
			continue;
		if (r->v2) {
			row.schema = schema_ref(r, h, SCHEMA_PARAM, NULL);
		} else {
			reader_bool(r, ymap_get(h, "required"), "required",
				    &row.required);
			row.schema = content_schema(r, h);
		}
		if (model_add(r->m, &r->m->headers, &row, key->line) >= 0)
			count++;
	}
	return count;
}

/* "default", "201", or a range like "4XX". */
static int valid_status(const struct ynode *key)
{
	const char *s = key->text;

	if (yscalar_is(key, "default"))
		return 1;
	if (key->len != 3 || s[0] < '1' || s[0] > '5')
		return 0;
	if (s[1] == 'X' && s[2] == 'X')
		return 1;
	return s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9';
}

static int response_read(struct reader *r, const struct ynode *key,
			 const struct ynode *resp, const struct ynode *produces)
{
	struct spec_response row = {0};

	if (!valid_status(key)) {
		diag_error(r->d, key->line, key->col,
			   "invalid response status '%s'",
			   diag_qn(r->d, key->text, key->len));
		return -1;
	}
	resp = reader_map(r, reader_deref(r, resp), "response");
	if (!resp)
		return -1;
	row.status = key->text;
	row.line = key->line;
	row.description = reader_string(r, ymap_get(resp, "description"),
					"description", "");
	if (!row.description)
		row.description = "";
	row.nheaders = headers_read(r, ymap_get(resp, "headers"),
				    &row.headers);
	if (r->v2)
		row.nmedia = responses_media_v2(r, resp, produces, &row.media);
	else
		row.nmedia = content_read(r, ymap_get(resp, "content"),
					  &row.media);
	return model_add(r->m, &r->m->responses, &row, key->line);
}

void responses_read(struct reader *r, const struct ynode *responses,
		    const struct ynode *produces, struct spec_operation *op)
{
	const struct ynode *map = reader_map(r, responses, "responses");
	size_t i;

	op->responses = r->m->responses.n;
	for (i = 0; map && i < map->n; i++) {
		const struct ynode *key = ymap_key(map, i);

		if (key->len >= 2 && strncmp(key->text, "x-", 2) == 0)
			continue;
		if (response_read(r, key, ymap_value(map, i), produces) >= 0)
			op->nresponses++;
	}
}
