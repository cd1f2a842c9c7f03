/* emit_c.c - writes the spec model as the C rows of spec_tables.h. */
#include "emit_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "model.h"

void emit_c_string(struct buf *out, const char *s, size_t len)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c == '?' && i > 0 && s[i - 1] == '?')
			buf_puts(out, "\\?");
		else if (c < 0x20 || c >= 0x7f)
			buf_printf(out, "\\%03o", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, '"');
}

void emit_c_comment_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			buf_putc(out, '_');
		else if (c == '/' && out->len && out->data[out->len - 1] == '*')
			buf_puts(out, " /");
		else
			buf_putc(out, (char)c);
	}
}

static void str_or_null(struct buf *out, const char *s)
{
	if (s)
		emit_c_string(out, s, strlen(s));
	else
		buf_puts(out, "NULL");
}

/* Shortest "%g" text that reads back as the same double. */
static void put_double(struct buf *out, double v)
{
	char buf[40];
	int prec;

	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	buf_puts(out, buf);
}

/* A bit set as names joined by '|', or "0". */
static void put_bits(struct buf *out, unsigned bits,
		     const char *const *names)
{
	int i, any = 0;

	for (i = 0; names[i]; i++) {
		if (!(bits & (1u << i)))
			continue;
		buf_printf(out, "%s%s", any ? "|" : "", names[i]);
		any = 1;
	}
	if (!any)
		buf_putc(out, '0');
}

static void row_end(struct buf *out, const struct spec_model *m, int line)
{
	buf_puts(out, " /* ");
	emit_c_comment_text(out, m->source);
	buf_printf(out, ":%d */\n", line);
}

static void table_start(struct buf *out, const char *decl)
{
	buf_printf(out, "\n%s[] = {\n", decl);
}

static void table_end(struct buf *out, const char *sentinel,
		      const char *count_name, int n)
{
	buf_printf(out, "\t%s /* sentinel */\n};\nconst int %s = %d;\n",
		  sentinel, count_name, n);
}

/* ---- one column's value, by how spec_tables.h says to write it ---- */

static void put_STR(struct buf *out, const char *s)
{
	str_or_null(out, s);
}

static void put_INT(struct buf *out, int v)
{
	buf_printf(out, "%d", v);
}

static void put_ULONG(struct buf *out, unsigned long v)
{
	buf_printf(out, "%lu", v);
}

static void put_DOUBLE(struct buf *out, double v)
{
	put_double(out, v);
}

static void put_TYPES(struct buf *out, unsigned bits)
{
	static const char *const types[] = {
		"SPEC_T_NULL",	 "SPEC_T_BOOLEAN", "SPEC_T_INTEGER",
		"SPEC_T_NUMBER", "SPEC_T_STRING",  "SPEC_T_ARRAY",
		"SPEC_T_OBJECT", NULL};
	put_bits(out, bits, types);
}

static void put_LIMITS(struct buf *out, unsigned bits)
{
	static const char *const limits[] = {
		"SPEC_HAS_MINIMUM",	  "SPEC_HAS_MAXIMUM",
		"SPEC_EXCLUSIVE_MINIMUM", "SPEC_EXCLUSIVE_MAXIMUM",
		"SPEC_HAS_MIN_LENGTH",	  "SPEC_HAS_MAX_LENGTH",
		"SPEC_HAS_MIN_ITEMS",	  "SPEC_HAS_MAX_ITEMS",
		NULL};
	put_bits(out, bits, limits);
}

static void put_IN(struct buf *out, enum spec_param_in in)
{
	static const char *const names[] = {"SPEC_IN_PATH", "SPEC_IN_QUERY",
					    "SPEC_IN_HEADER", "SPEC_IN_COOKIE",
					    "SPEC_IN_FORM_DATA"};
	buf_puts(out, names[in]);
}

static void put_ADDITIONAL(struct buf *out, int additional)
{
	if (additional == SPEC_ADDITIONAL_ANY)
		buf_puts(out, "SPEC_ADDITIONAL_ANY");
	else if (additional == SPEC_ADDITIONAL_NONE)
		buf_puts(out, "SPEC_ADDITIONAL_NONE");
	else
		buf_printf(out, "%d", additional);
}

/* ---- rows: one designated initializer per column of the struct's
 * column list (spec_tables.h), so the order of fields cannot drift ---- */

#define PUT_COLUMN(type, name, kind)                                           \
	buf_puts(out, sep);                                                     \
	buf_puts(out, "." #name " = ");                                         \
	put_##kind(out, row->name);                                            \
	sep = ", ";

#define ROW_WRITER(fn, type, COLUMNS)                                          \
	static void fn(struct buf *out, const void *p)                      \
	{                                                                      \
		const type *row = p;                                           \
		const char *sep = "";                                          \
		COLUMNS(PUT_COLUMN)                                            \
	}

ROW_WRITER(operation_row, struct spec_operation, SPEC_OPERATION_COLUMNS)
ROW_WRITER(param_row, struct spec_param, SPEC_PARAM_COLUMNS)
ROW_WRITER(response_row, struct spec_response, SPEC_RESPONSE_COLUMNS)
ROW_WRITER(header_row, struct spec_header, SPEC_HEADER_COLUMNS)
ROW_WRITER(media_row, struct spec_media, SPEC_MEDIA_COLUMNS)
ROW_WRITER(example_row, struct spec_example, SPEC_EXAMPLE_COLUMNS)
ROW_WRITER(schema_row, struct spec_schema, SPEC_SCHEMA_COLUMNS)
ROW_WRITER(property_row, struct spec_property, SPEC_PROPERTY_COLUMNS)

/* A table of structs, one row per line. */
static void emit_rows(struct buf *out, const struct spec_model *m,
		      const struct rows *r, const char *decl,
		      void (*write_row)(struct buf *, const void *),
		      const char *count_name)
{
	int i;

	table_start(out, decl);
	for (i = 0; i < r->n; i++) {
		buf_puts(out, "\t{");
		write_row(out, model_row(r, i));
		buf_puts(out, "},");
		row_end(out, m, r->lines[i]);
	}
	table_end(out, "{0}", count_name, r->n);
}

/* spec_names and spec_json_values: arrays of strings. */
static void emit_strings(struct buf *out, const struct spec_model *m,
			 const struct rows *r, const char *decl,
			 const char *count_name)
{
	int i;

	table_start(out, decl);
	for (i = 0; i < r->n; i++) {
		buf_putc(out, '\t');
		str_or_null(out, *MODEL_ROW(r, const char *, i));
		buf_putc(out, ',');
		row_end(out, m, r->lines[i]);
	}
	table_end(out, "NULL", count_name, r->n);
}

static void emit_refs(struct buf *out, const struct spec_model *m)
{
	int i;

	table_start(out, "const int spec_schema_refs");
	for (i = 0; i < m->schema_refs.n; i++) {
		buf_printf(out, "\t%d,", *MODEL_ROW(&m->schema_refs, int, i));
		row_end(out, m, m->schema_refs.lines[i]);
	}
	table_end(out, "0", "spec_schema_ref_count", m->schema_refs.n);
}

static void emit_string_const(struct buf *out, const char *name,
			      const char *value)
{
	buf_printf(out, "const char %s[] = ", name);
	str_or_null(out, value);
	buf_puts(out, ";\n");
}

void emit_c(struct buf *out, const struct spec_model *m)
{
	buf_puts(out, "/* Generated by specgen from ");
	emit_c_comment_text(out, m->source);
	buf_puts(out, ". DO NOT EDIT. */\n#include \"spec_tables.h\"\n\n"
		     "#include <stddef.h>\n\n");
	emit_string_const(out, "spec_source", m->source);
	emit_string_const(out, "spec_version", m->version);
	emit_string_const(out, "spec_title", m->title);
	emit_string_const(out, "spec_api_version", m->api_version);
	emit_string_const(out, "spec_server_headers", m->server_headers);
	emit_rows(out, m, &m->ops, "const struct spec_operation spec_operations",
		  operation_row, "spec_operation_count");
	emit_rows(out, m, &m->params, "const struct spec_param spec_params",
		  param_row, "spec_param_count");
	emit_rows(out, m, &m->responses,
		  "const struct spec_response spec_responses", response_row,
		  "spec_response_count");
	emit_rows(out, m, &m->headers, "const struct spec_header spec_headers",
		  header_row, "spec_header_count");
	emit_rows(out, m, &m->medias, "const struct spec_media spec_medias",
		  media_row, "spec_media_count");
	emit_rows(out, m, &m->examples, "const struct spec_example spec_examples",
		  example_row, "spec_example_count");
	emit_rows(out, m, &m->schemas, "const struct spec_schema spec_schemas",
		  schema_row, "spec_schema_count");
	emit_rows(out, m, &m->props,
		  "const struct spec_property spec_properties", property_row,
		  "spec_property_count");
	emit_strings(out, m, &m->names, "const char *const spec_names",
		     "spec_name_count");
	emit_strings(out, m, &m->json_values,
		     "const char *const spec_json_values",
		     "spec_json_value_count");
	emit_refs(out, m);
}
