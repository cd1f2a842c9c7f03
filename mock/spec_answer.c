/* spec_answer.c - answers from the spec: examples, or schema samples. */
#include "spec_answer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "json_py.h"
#include "optable.h"
#include "spec_tables.h"

#define SAMPLE_DEPTH 8

static int status_of(const char *text)
{
	return (int)strtol(text, NULL, 10);
}

int spec_find_response(int op, int status)
{
	const struct spec_operation *o = &spec_operations[op];
	char range[4] = {(char)('0' + status / 100 % 10), 'X', 'X', '\0'};
	int ranged = -1, fallback = -1;
	for (int i = o->responses; i < o->responses + o->nresponses; i++) {
		const char *code = spec_responses[i].status;
		if (status_of(code) == status)
			return i;
		if (strcasecmp(code, range) == 0)
			ranged = i;
		if (strcmp(code, "default") == 0)
			fallback = i;
	}
	return ranged >= 0 ? ranged : fallback;
}

int spec_first_success(int op, int *status)
{
	const struct spec_operation *o = &spec_operations[op];
	for (int i = o->responses; i < o->responses + o->nresponses; i++) {
		int code = status_of(spec_responses[i].status);
		if (code >= 200 && code < 300) {
			*status = code;
			return i;
		}
	}
	*status = o->nresponses ? status_of(spec_responses[o->responses].status)
				: 200;
	if (*status == 0)
		*status = 200; /* "default" or "2XX" */
	return o->nresponses ? o->responses : -1;
}

/* The code a response row answers with: its own, the first of its
 * range ("4XX": 400), or 200 for "default". */
static int code_of(const char *status)
{
	int code = status_of(status);
	if (code >= 100)
		return code;
	return code >= 1 && code <= 5 ? code * 100 : 200;
}

int spec_find_example_response(int op, const char *name, int *status)
{
	const struct spec_operation *o = &spec_operations[op];
	for (int pass = 0; pass < 2; pass++)
		for (int i = o->responses; i < o->responses + o->nresponses; i++) {
			int code = code_of(spec_responses[i].status);
			if ((code >= 200 && code < 300) != (pass == 0))
				continue;
			if (spec_find_example(i, name) >= 0) {
				*status = code;
				return i;
			}
		}
	return -1;
}

int spec_find_example(int response, const char *name)
{
	const struct spec_response *r = &spec_responses[response];
	if (r->nmedia == 0)
		return -1;
	const struct spec_media *m = &spec_medias[r->media];
	for (int i = m->examples; i < m->examples + m->nexamples; i++)
		if (!name || strcmp(spec_examples[i].name, name) == 0)
			return i;
	return -1;
}

/* Re-writes compact JSON text in json.dumps style. */
static void append_json_text(struct buf *out, const char *json)
{
	cJSON *v = cJSON_Parse(json);
	if (v)
		json_py_write(out, v);
	else
		buf_puts(out, "null");
	cJSON_Delete(v);
}

static void sample(int schema, struct buf *out, int depth);

static void sample_object(const struct spec_schema *s, struct buf *out,
			  int depth)
{
	int first = 1;
	buf_putc(out, '{');
	for (int i = 0; i < s->nall_of; i++) {
		/* allOf of objects: their properties side by side. */
		struct buf part = {0};
		sample(spec_schema_refs[s->all_of + i], &part, depth + 1);
		if (part.len > 2 && part.data[0] == '{') {
			buf_puts(out, first ? "" : ", ");
			buf_append(out, part.data + 1, part.len - 2);
			first = 0;
		}
		buf_free(&part);
	}
	for (int i = s->props; i < s->props + s->nprops; i++) {
		buf_puts(out, first ? "" : ", ");
		json_py_write_string(out, spec_properties[i].name);
		buf_puts(out, ": ");
		sample(spec_properties[i].schema, out, depth + 1);
		first = 0;
	}
	buf_putc(out, '}');
}

static void sample_string(const struct spec_schema *s, struct buf *out)
{
	const char *f = s->format ? s->format : "";
	if (!strcmp(f, "uuid"))
		buf_puts(out, "\"00000000-0000-4000-8000-000000000000\"");
	else if (!strcmp(f, "date-time"))
		buf_puts(out, "\"2026-01-01T00:00:00Z\"");
	else if (!strcmp(f, "date"))
		buf_puts(out, "\"2026-01-01\"");
	else if (!strcmp(f, "email"))
		buf_puts(out, "\"user@example.com\"");
	else if (!strcmp(f, "uri") || !strcmp(f, "url"))
		buf_puts(out, "\"http://127.0.0.1/\"");
	else
		buf_puts(out, "\"string\"");
}

static void sample(int schema, struct buf *out, int depth)
{
	if (schema < 0 || depth > SAMPLE_DEPTH) {
		buf_puts(out, "null");
		return;
	}
	const struct spec_schema *s = &spec_schemas[schema];
	unsigned t = s->types;
	if (s->example)
		append_json_text(out, s->example);
	else if (s->nenums)
		append_json_text(out, spec_json_values[s->enums]);
	else if ((t & SPEC_T_OBJECT) || (!t && (s->nprops || s->nall_of)))
		sample_object(s, out, depth); /* its own properties first */
	else if (s->none_of || s->nany_of)
		sample(spec_schema_refs[s->none_of ? s->one_of : s->any_of],
		       out, depth + 1);
	else if (t & SPEC_T_ARRAY) {
		buf_putc(out, '[');
		if (s->items >= 0)
			sample(s->items, out, depth + 1);
		buf_putc(out, ']');
	} else if (t & SPEC_T_STRING)
		sample_string(s, out);
	else if (t & (SPEC_T_INTEGER | SPEC_T_NUMBER))
		buf_printf(out, "%g", (s->limits & SPEC_HAS_MINIMUM) ? s->minimum : 0);
	else if (t & SPEC_T_BOOLEAN)
		buf_puts(out, "true");
	else
		buf_puts(out, "null");
}

void spec_sample(int schema, struct buf *out)
{
	sample(schema, out, 0);
}

/* 1 when the reply already has a header of that name. */
static int has_header(struct reply *out, const char *name)
{
	size_t n = strlen(name);
	const char *p = buf_cstr(&out->headers);
	for (; *p; p = strstr(p, "\r\n") + 2)
		if (!strncasecmp(p, name, n) && p[n] == ':')
			return 1;
	return 0;
}

/* Adds the response's declared headers (all, or the required ones) that
 * the reply lacks, with their example or a sample. */
static void add_headers(int resp, int all, struct reply *out)
{
	const struct spec_response *r = &spec_responses[resp];
	for (int i = r->headers; i < r->headers + r->nheaders; i++) {
		const struct spec_header *h = &spec_headers[i];
		if ((!all && !h->required) || has_header(out, h->name))
			continue;
		struct buf value = {0};
		spec_sample(h->schema, &value);
		cJSON *v = cJSON_Parse(buf_cstr(&value));
		reply_header(out, h->name, cJSON_IsString(v) ? v->valuestring
							   : buf_cstr(&value));
		cJSON_Delete(v);
		buf_free(&value);
	}
}

void spec_add_required_headers(int resp, struct reply *out)
{
	add_headers(resp, 0, out);
}

int spec_answer(int resp, int status, const char *example, struct reply *out)
{
	const struct spec_response *r = &spec_responses[resp];
	int ex = spec_find_example(resp, example);
	if (example && ex < 0)
		return -1;
	if (r->nmedia == 0) {
		reply_empty(out, status);
	} else {
		struct buf body = {0};
		if (ex >= 0)
			append_json_text(&body, spec_examples[ex].json);
		else
			spec_sample(spec_medias[r->media].schema, &body);
		reply_json(out, status, body.data, body.len);
		out->content_type = spec_medias[r->media].type;
		out->example = ex; /* for coverage */
		buf_free(&body);
	}
	/* A bodiless answer says what it says in its headers: a 304 carries
	 * the Etag it declares, required or not. */
	add_headers(resp, r->nmedia == 0, out);
	return 0;
}

void spec_answer_operation(const struct op_call *call, struct reply *out)
{
	int status;
	int resp = spec_first_success(call->op, &status);
	if (resp < 0)
		reply_empty(out, 204);
	else
		spec_answer(resp, status, NULL, out);
}
