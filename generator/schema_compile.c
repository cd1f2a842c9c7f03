/* schema_compile.c - compiles schema nodes into spec_schemas rows. */
#include "schema_compile.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "json_text.h"
#include "model.h"
#include "reader.h"
#include "yaml_tree.h"

int schema_ref(struct reader *r, const struct ynode *n, int flags,
	       const char *name)
{
	struct spec_schema row = {0};
	struct hash_entry *e;
	int created, i;

	n = reader_deref(r, n);
	if (!n)
		return -1;
	e = hash_put(&r->schemas, n, "", 0, &created);
	if (!created) {
		i = (int)(intptr_t)e->value;
		if (name && !MODEL_ROW(&r->m->schemas, struct spec_schema, i)
				     ->name)
			MODEL_ROW(&r->m->schemas, struct spec_schema, i)->name =
				name;
		return i;
	}
	row.name = name;
	row.line = n->line;
	i = model_add(r->m, &r->m->schemas, &row, n->line);
	e->value = (void *)(intptr_t)i;
	if (i < 0)
		return -1;
	if (r->npending == r->pending_cap) {
		int cap = r->pending_cap ? r->pending_cap * 2 : 64;

		r->pending = arena_grow(r->a, r->pending,
					(size_t)r->npending * sizeof(*r->pending),
					(size_t)cap * sizeof(*r->pending));
		r->pending_flags = arena_grow(
			r->a, r->pending_flags,
			(size_t)r->npending * sizeof(int),
			(size_t)cap * sizeof(int));
		r->pending_cap = cap;
	}
	r->pending[r->npending] = n;
	r->pending_flags[r->npending++] = flags;
	return i;
}

static unsigned type_bit(struct reader *r, const struct ynode *t)
{
	static const char *const names[] = {"null",   "boolean", "integer",
					    "number", "string",  "array",
					    "object", NULL};
	int i;

	if (t->kind == YNODE_SCALAR) {
		for (i = 0; names[i]; i++)
			if (yscalar_is(t, names[i]))
				return 1u << i;
		if (yscalar_is(t, "file")) /* Swagger 2.0: any body */
			return 0;
	}
	diag_error(r->d, t->line, t->col, "unknown type '%s'",
		   diag_qn(r->d, t->text, t->len));
	return 0;
}

static void compile_type(struct reader *r, struct spec_schema *s,
			 const struct ynode *n)
{
	const struct ynode *t = ymap_get(n, "type");
	int nullable = 0;
	size_t i;

	if (t && t->kind == YNODE_SEQ) {
		for (i = 0; i < t->n; i++)
			s->types |= type_bit(r, t->items[i]);
	} else if (t) {
		s->types = type_bit(r, t);
	}
	reader_bool(r, ymap_get(n, "nullable"), "nullable", &nullable);
	reader_bool(r, ymap_get(n, "x-nullable"), "x-nullable", &nullable);
	/* nullable widens a type; it does not narrow "any" to null */
	if (nullable && s->types)
		s->types |= SPEC_T_NULL;
}

static void number_limit(struct reader *r, const struct ynode *n,
			 const char *key, double *out, unsigned *limits,
			 unsigned bit)
{
	const struct ynode *v = ymap_get(n, key);

	if (!v)
		return;
	if (json_number(v, out) < 0) {
		diag_error(r->d, v->line, v->col, "'%s' must be a number", key);
		return;
	}
	*limits |= bit;
}

/* exclusiveMinimum/Maximum: a flag on minimum in 3.0, a bound of its own
 * in 3.1; with both bounds given the stricter one wins. */
static void exclusive_limit(struct reader *r, const struct ynode *n,
			    const char *key, double *bound, unsigned *limits,
			    unsigned has, unsigned excl, int upper)
{
	const struct ynode *v = ymap_get(n, key);
	double x;
	int flag = 0;

	if (!v)
		return;
	if (v->kind == YNODE_SCALAR && json_kind_of(v) == JSON_BOOL) {
		reader_bool(r, v, key, &flag);
		if (flag && (*limits & has))
			*limits |= excl;
		return;
	}
	if (json_number(v, &x) < 0) {
		diag_error(r->d, v->line, v->col,
			   "'%s' must be a number or a boolean", key);
		return;
	}
	if (!(*limits & has) || (upper ? x <= *bound : x >= *bound)) {
		*bound = x;
		*limits |= has | excl;
	}
}

static void count_limit(struct reader *r, const struct ynode *n,
			const char *key, unsigned long *out, unsigned *limits,
			unsigned bit)
{
	const struct ynode *v = ymap_get(n, key);

	if (!v)
		return;
	errno = 0;
	if (json_kind_of(v) != JSON_INT || v->text[0] == '-' ||
	    (*out = strtoul(v->text, NULL, 0), errno)) {
		diag_error(r->d, v->line, v->col,
			   "'%s' must be a non-negative integer", key);
		return;
	}
	*limits |= bit;
}

static void compile_limits(struct reader *r, struct spec_schema *s,
			   const struct ynode *n)
{
	number_limit(r, n, "minimum", &s->minimum, &s->limits,
		     SPEC_HAS_MINIMUM);
	number_limit(r, n, "maximum", &s->maximum, &s->limits,
		     SPEC_HAS_MAXIMUM);
	exclusive_limit(r, n, "exclusiveMinimum", &s->minimum, &s->limits,
			SPEC_HAS_MINIMUM, SPEC_EXCLUSIVE_MINIMUM, 0);
	exclusive_limit(r, n, "exclusiveMaximum", &s->maximum, &s->limits,
			SPEC_HAS_MAXIMUM, SPEC_EXCLUSIVE_MAXIMUM, 1);
	count_limit(r, n, "minLength", &s->min_length, &s->limits,
		    SPEC_HAS_MIN_LENGTH);
	count_limit(r, n, "maxLength", &s->max_length, &s->limits,
		    SPEC_HAS_MAX_LENGTH);
	count_limit(r, n, "minItems", &s->min_items, &s->limits,
		    SPEC_HAS_MIN_ITEMS);
	count_limit(r, n, "maxItems", &s->max_items, &s->limits,
		    SPEC_HAS_MAX_ITEMS);
}

static void compile_props(struct reader *r, struct spec_schema *s,
			  const struct ynode *n, int flags)
{
	const struct ynode *p = reader_map(r, ymap_get(n, "properties"),
					   "properties");
	const struct ynode *req = ymap_get(n, "required");
	size_t i;

	s->props = r->m->props.n;
	for (i = 0; p && i < p->n; i++) {
		struct spec_property prop;

		prop.name = ymap_key(p, i)->text;
		prop.schema = schema_ref(r, ymap_value(p, i), 0, NULL);
		if (model_add(r->m, &r->m->props, &prop,
			      ymap_key(p, i)->line) >= 0)
			s->nprops++;
	}
	s->required = r->m->names.n;
	if (flags & SCHEMA_PARAM)
		return;
	req = reader_seq(r, req, "required");
	for (i = 0; req && i < req->n; i++) {
		const char *name = reader_string(r, req->items[i], "required",
						 NULL);

		if (name && model_add(r->m, &r->m->names, &name,
				      req->items[i]->line) >= 0)
			s->nrequired++;
	}
}

static void compile_children(struct reader *r, struct spec_schema *s,
			     const struct ynode *n)
{
	const struct ynode *items = ymap_get(n, "items");
	const struct ynode *add = ymap_get(n, "additionalProperties");
	int flag = 1;

	s->items = -1;
	if (items && items->kind == YNODE_SEQ)
		diag_error(r->d, items->line, items->col,
			   "'items' must be a schema, not a list");
	else if (items)
		s->items = schema_ref(r, items, 0, NULL);
	s->additional = SPEC_ADDITIONAL_ANY;
	if (add && add->kind == YNODE_SCALAR) {
		if (reader_bool(r, add, "additionalProperties", &flag) == 0)
			s->additional = flag ? SPEC_ADDITIONAL_ANY
					     : SPEC_ADDITIONAL_NONE;
	} else if (add) {
		s->additional = schema_ref(r, add, 0, NULL);
	}
}

static void compile_enum(struct reader *r, struct spec_schema *s,
			 const struct ynode *n)
{
	const struct ynode *e = reader_seq(r, ymap_get(n, "enum"), "enum");
	const struct ynode *c = ymap_get(n, "const");
	const char *json;
	size_t i;

	s->enums = r->m->json_values.n;
	for (i = 0; e && i < e->n; i++) {
		json = reader_json(r, e->items[i]);
		if (json && model_add(r->m, &r->m->json_values, &json,
				      e->items[i]->line) >= 0)
			s->nenums++;
	}
	/* 3.1 const is an enum of one */
	if (c && !e && (json = reader_json(r, c)) &&
	    model_add(r->m, &r->m->json_values, &json, c->line) >= 0)
		s->nenums++;
}

/* allOf/oneOf/anyOf: a list of schemas as a range of spec_schema_refs. */
static int compile_list(struct reader *r, const struct ynode *n,
			const char *key, int *first)
{
	const struct ynode *l = reader_seq(r, ymap_get(n, key), key);
	int count = 0;
	size_t i;

	*first = r->m->schema_refs.n;
	for (i = 0; l && i < l->n; i++) {
		int row = schema_ref(r, l->items[i], 0, NULL);

		if (row >= 0 && model_add(r->m, &r->m->schema_refs, &row,
					  l->items[i]->line) >= 0)
			count++;
	}
	return count;
}

static void compile_example(struct reader *r, struct spec_schema *s,
			    const struct ynode *n)
{
	const struct ynode *ex = ymap_get(n, "example");
	const struct ynode *list = ymap_get(n, "examples");

	if (!ex && list && list->kind == YNODE_SEQ && list->n)
		ex = list->items[0];
	if (!ex)
		ex = ymap_get(n, "default");
	if (ex)
		s->example = reader_json(r, ex);
}

static void compile_one(struct reader *r, int row, const struct ynode *n,
			int flags)
{
	struct spec_schema s = {0};
	int any = 1;

	s.name = MODEL_ROW(&r->m->schemas, struct spec_schema, row)->name;
	s.line = n->line;
	s.items = -1;
	s.additional = SPEC_ADDITIONAL_ANY;
	if (n->kind == YNODE_SCALAR && json_kind_of(n) == JSON_BOOL) {
		/* 3.1 boolean schemas: true is "any"; false has no row form */
		reader_bool(r, n, "schema", &any);
		if (!any)
			diag_error(r->d, n->line, n->col,
				   "the schema 'false' is not supported");
	} else if (n->kind != YNODE_MAP) {
		diag_error(r->d, n->line, n->col, "a schema must be a mapping");
	} else {
		compile_type(r, &s, n);
		compile_limits(r, &s, n);
		s.format = reader_string(r, ymap_get(n, "format"), "format",
					 NULL);
		s.pattern = reader_string(r, ymap_get(n, "pattern"), "pattern",
					  NULL);
		compile_props(r, &s, n, flags);
		compile_children(r, &s, n);
		compile_enum(r, &s, n);
		s.nall_of = compile_list(r, n, "allOf", &s.all_of);
		s.none_of = compile_list(r, n, "oneOf", &s.one_of);
		s.nany_of = compile_list(r, n, "anyOf", &s.any_of);
		compile_example(r, &s, n);
	}
	*MODEL_ROW(&r->m->schemas, struct spec_schema, row) = s;
}

void schema_compile_all(struct reader *r)
{
	while (r->next_pending < r->npending) {
		int k = r->next_pending++;
		const struct ynode *n = r->pending[k];
		struct hash_entry *e = hash_find(&r->schemas, n, "", 0);

		compile_one(r, (int)(intptr_t)e->value, n, r->pending_flags[k]);
	}
}
