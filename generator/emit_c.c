/* emit_c.c - writes the spec model as the C rows of spec_tables.h. */
#include "emit_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"

void emit_c_string(struct strbuf *out, const char *s, size_t len)
{
	size_t i;

	sb_putc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			sb_printf(out, "\\%c", c);
		else if (c == '\n')
			sb_puts(out, "\\n");
		else if (c == '\t')
			sb_puts(out, "\\t");
		else if (c == '?' && i > 0 && s[i - 1] == '?')
			sb_puts(out, "\\?");
		else if (c < 0x20 || c >= 0x7f)
			sb_printf(out, "\\%03o", c);
		else
			sb_putc(out, (char)c);
	}
	sb_putc(out, '"');
}

void emit_c_comment_text(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			sb_putc(out, '_');
		else if (c == '/' && out->len && out->data[out->len - 1] == '*')
			sb_puts(out, " /");
		else
			sb_putc(out, (char)c);
	}
}

static void str_or_null(struct strbuf *out, const char *s)
{
	if (s)
		emit_c_string(out, s, strlen(s));
	else
		sb_puts(out, "NULL");
}

/* Shortest "%g" text that reads back as the same double. */
static void put_double(struct strbuf *out, double v)
{
	char buf[40];
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	sb_puts(out, buf);
}

/* A bit set as names joined by '|', or "0". */
static void put_bits(struct strbuf *out, unsigned bits,
		     const char *const *names)
{
	int i, any = 0;

	for (i = 0; names[i]; i++) {
		if (!(bits & (1u << i)))
			continue;
		sb_printf(out, "%s%s", any ? "|" : "", names[i]);
		any = 1;
	}
	if (!any)
		sb_putc(out, '0');
}

static void row_end(struct strbuf *out, const struct spec_model *m, int line)
{
	sb_puts(out, " /* ");
	emit_c_comment_text(out, m->source);
	sb_printf(out, ":%d */\n", line);
}

static void table_start(struct strbuf *out, const char *decl,
			const char *columns)
{
	sb_printf(out, "\n/* %s */\n%s[] = {\n", columns, decl);
}

static void table_end(struct strbuf *out, const char *sentinel,
		      const char *count_name, int n)
{
	sb_printf(out, "\t%s /* sentinel */\n};\nconst int %s = %d;\n",
		  sentinel, count_name, n);
}

static void emit_ops(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_operation spec_operations",
		    "method, path, operation_id, id_derived, params, nparams, "
		    "body_required, body_media, nbody_media, responses, "
		    "nresponses, line");
	for (i = 0; i < m->ops.n; i++) {
		const struct spec_operation *o =
			MODEL_ROW(&m->ops, struct spec_operation, i);

		sb_puts(out, "\t{");
		str_or_null(out, o->method);
		sb_puts(out, ", ");
		str_or_null(out, o->path);
		sb_puts(out, ", ");
		str_or_null(out, o->operation_id);
		sb_printf(out, ", %d, %d, %d, %d, %d, %d, %d, %d, %d},",
			  o->id_derived, o->params, o->nparams,
			  o->body_required, o->body_media, o->nbody_media,
			  o->responses, o->nresponses, o->line);
		row_end(out, m, m->ops.lines[i]);
	}
	table_end(out, "{0}", "spec_operation_count", m->ops.n);
}

static void emit_params(struct strbuf *out, const struct spec_model *m)
{
	static const char *const in[] = {"SPEC_IN_PATH", "SPEC_IN_QUERY",
					 "SPEC_IN_HEADER", "SPEC_IN_COOKIE",
					 "SPEC_IN_FORM_DATA"};
	int i;

	table_start(out, "const struct spec_param spec_params",
		    "name, in, required, schema, line");
	for (i = 0; i < m->params.n; i++) {
		const struct spec_param *p =
			MODEL_ROW(&m->params, struct spec_param, i);

		sb_puts(out, "\t{");
		str_or_null(out, p->name);
		sb_printf(out, ", %s, %d, %d, %d},", in[p->in], p->required,
			  p->schema, p->line);
		row_end(out, m, m->params.lines[i]);
	}
	table_end(out, "{0}", "spec_param_count", m->params.n);
}

static void emit_responses(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_response spec_responses",
		    "status, description, headers, nheaders, media, nmedia, "
		    "line");
	for (i = 0; i < m->responses.n; i++) {
		const struct spec_response *r =
			MODEL_ROW(&m->responses, struct spec_response, i);

		sb_puts(out, "\t{");
		str_or_null(out, r->status);
		sb_puts(out, ", ");
		str_or_null(out, r->description);
		sb_printf(out, ", %d, %d, %d, %d, %d},", r->headers,
			  r->nheaders, r->media, r->nmedia, r->line);
		row_end(out, m, m->responses.lines[i]);
	}
	table_end(out, "{0}", "spec_response_count", m->responses.n);
}

static void emit_headers(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_header spec_headers",
		    "name, required, schema");
	for (i = 0; i < m->headers.n; i++) {
		const struct spec_header *h =
			MODEL_ROW(&m->headers, struct spec_header, i);

		sb_puts(out, "\t{");
		str_or_null(out, h->name);
		sb_printf(out, ", %d, %d},", h->required, h->schema);
		row_end(out, m, m->headers.lines[i]);
	}
	table_end(out, "{0}", "spec_header_count", m->headers.n);
}

static void emit_medias(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_media spec_medias",
		    "type, schema, examples, nexamples");
	for (i = 0; i < m->medias.n; i++) {
		const struct spec_media *md =
			MODEL_ROW(&m->medias, struct spec_media, i);

		sb_puts(out, "\t{");
		str_or_null(out, md->type);
		sb_printf(out, ", %d, %d, %d},", md->schema, md->examples,
			  md->nexamples);
		row_end(out, m, m->medias.lines[i]);
	}
	table_end(out, "{0}", "spec_media_count", m->medias.n);
}

static void emit_examples(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_example spec_examples",
		    "name, json, line");
	for (i = 0; i < m->examples.n; i++) {
		const struct spec_example *e =
			MODEL_ROW(&m->examples, struct spec_example, i);

		sb_puts(out, "\t{");
		str_or_null(out, e->name);
		sb_puts(out, ", ");
		str_or_null(out, e->json);
		sb_printf(out, ", %d},", e->line);
		row_end(out, m, m->examples.lines[i]);
	}
	table_end(out, "{0}", "spec_example_count", m->examples.n);
}

static void put_additional(struct strbuf *out, int additional)
{
	if (additional == SPEC_ADDITIONAL_ANY)
		sb_puts(out, "SPEC_ADDITIONAL_ANY");
	else if (additional == SPEC_ADDITIONAL_NONE)
		sb_puts(out, "SPEC_ADDITIONAL_NONE");
	else
		sb_printf(out, "%d", additional);
}

static void schema_row(struct strbuf *out, const struct spec_schema *s)
{
	static const char *const types[] = {
		"SPEC_T_NULL",	 "SPEC_T_BOOLEAN", "SPEC_T_INTEGER",
		"SPEC_T_NUMBER", "SPEC_T_STRING",  "SPEC_T_ARRAY",
		"SPEC_T_OBJECT", NULL};
	static const char *const limits[] = {
		"SPEC_HAS_MINIMUM",	  "SPEC_HAS_MAXIMUM",
		"SPEC_EXCLUSIVE_MINIMUM", "SPEC_EXCLUSIVE_MAXIMUM",
		"SPEC_HAS_MIN_LENGTH",	  "SPEC_HAS_MAX_LENGTH",
		"SPEC_HAS_MIN_ITEMS",	  "SPEC_HAS_MAX_ITEMS",
		NULL};

	sb_puts(out, "\t{");
	str_or_null(out, s->name);
	sb_puts(out, ", ");
	put_bits(out, s->types, types);
	sb_puts(out, ", ");
	put_bits(out, s->limits, limits);
	sb_puts(out, ", ");
	str_or_null(out, s->format);
	sb_puts(out, ", ");
	str_or_null(out, s->pattern);
	sb_puts(out, ", ");
	put_double(out, s->minimum);
	sb_puts(out, ", ");
	put_double(out, s->maximum);
	sb_printf(out, ", %lu, %lu, %lu, %lu, %d, %d, %d, %d, %d, ",
		  s->min_length, s->max_length, s->min_items, s->max_items,
		  s->props, s->nprops, s->required, s->nrequired, s->items);
	put_additional(out, s->additional);
	sb_printf(out, ", %d, %d, %d, %d, %d, %d, %d, %d, ", s->enums,
		  s->nenums, s->all_of, s->nall_of, s->one_of, s->none_of,
		  s->any_of, s->nany_of);
	str_or_null(out, s->example);
	sb_printf(out, ", %d},", s->line);
}

static void emit_schemas(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_schema spec_schemas",
		    "name, types, limits, format, pattern, minimum, maximum, "
		    "min_length, max_length, min_items, max_items, props, "
		    "nprops, required, nrequired, items, additional, enums, "
		    "nenums, all_of, nall_of, one_of, none_of, any_of, "
		    "nany_of, example, line");
	for (i = 0; i < m->schemas.n; i++) {
		schema_row(out, MODEL_ROW(&m->schemas, struct spec_schema, i));
		row_end(out, m, m->schemas.lines[i]);
	}
	table_end(out, "{0}", "spec_schema_count", m->schemas.n);
}

static void emit_props(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const struct spec_property spec_properties",
		    "name, schema");
	for (i = 0; i < m->props.n; i++) {
		const struct spec_property *p =
			MODEL_ROW(&m->props, struct spec_property, i);

		sb_puts(out, "\t{");
		str_or_null(out, p->name);
		sb_printf(out, ", %d},", p->schema);
		row_end(out, m, m->props.lines[i]);
	}
	table_end(out, "{0}", "spec_property_count", m->props.n);
}

/* spec_names and spec_json_values: arrays of strings. */
static void emit_strings(struct strbuf *out, const struct spec_model *m,
			 const struct rows *r, const char *decl,
			 const char *count_name)
{
	int i;

	table_start(out, decl, r->what);
	for (i = 0; i < r->n; i++) {
		sb_putc(out, '\t');
		str_or_null(out, *MODEL_ROW(r, const char *, i));
		sb_putc(out, ',');
		row_end(out, m, r->lines[i]);
	}
	table_end(out, "NULL", count_name, r->n);
}

static void emit_refs(struct strbuf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const int spec_schema_refs", "schema row");
	for (i = 0; i < m->schema_refs.n; i++) {
		sb_printf(out, "\t%d,", *MODEL_ROW(&m->schema_refs, int, i));
		row_end(out, m, m->schema_refs.lines[i]);
	}
	table_end(out, "0", "spec_schema_ref_count", m->schema_refs.n);
}

static void emit_string_const(struct strbuf *out, const char *name,
			      const char *value)
{
	sb_printf(out, "const char %s[] = ", name);
	str_or_null(out, value);
	sb_puts(out, ";\n");
}

void emit_c(struct strbuf *out, const struct spec_model *m)
{
	sb_puts(out, "/* Generated by specgen from ");
	emit_c_comment_text(out, m->source);
	sb_puts(out, ". DO NOT EDIT. */\n#include \"spec_tables.h\"\n\n"
		     "#include <stddef.h>\n\n");
	emit_string_const(out, "spec_source", m->source);
	emit_string_const(out, "spec_version", m->version);
	emit_string_const(out, "spec_title", m->title);
	emit_string_const(out, "spec_api_version", m->api_version);
	emit_ops(out, m);
	emit_params(out, m);
	emit_responses(out, m);
	emit_headers(out, m);
	emit_medias(out, m);
	emit_examples(out, m);
	emit_schemas(out, m);
	emit_props(out, m);
	emit_strings(out, m, &m->names, "const char *const spec_names",
		     "spec_name_count");
	emit_strings(out, m, &m->json_values,
		     "const char *const spec_json_values",
		     "spec_json_value_count");
	emit_refs(out, m);
}
