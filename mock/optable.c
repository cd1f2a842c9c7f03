/* optable.c - handlers bound to the spec's rows, and the other routes. */
#include "optable.h"

#include <stdlib.h>
#include <string.h>

#include "spec_answer.h"
#include "spec_tables.h"

/* What every spec row has until a group binds it. */
static const struct op_entry from_spec = {
	.operation_id = NULL,
	.method = NULL,
	.handler = spec_answer_operation,
	.validation = OP_VALIDATE_FIRST,
};

struct bound {
	const struct op_entry *entry;
	void *data;
};

struct extra_route {
	enum op_route_kind kind;
	const char *method, *path;
	size_t prefix_len; /* > 0: path is a prefix of this length */
	op_handler handler;
	void *data;
};

struct optable {
	struct bound *rows; /* one per spec operation */
	struct extra_route *routes;
	int nroutes, routes_cap;
};

struct optable *optable_new(void)
{
	struct optable *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->rows = calloc((size_t)spec_operation_count + 1, sizeof *t->rows);
	if (!t->rows) {
		free(t);
		return NULL;
	}
	for (int i = 0; i < spec_operation_count; i++)
		t->rows[i].entry = &from_spec;
	return t;
}

void optable_free(struct optable *t)
{
	if (!t)
		return;
	free(t->rows);
	free(t->routes);
	free(t);
}

/* 1 when two path templates are the same but for parameter names. */
static int same_template(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a == '{' && *b == '{') {
			a += strcspn(a, "}");
			b += strcspn(b, "}");
		} else if (*a != *b) {
			return 0;
		}
		if (*a)
			a++;
		if (*b)
			b++;
	}
	return *a == *b;
}

static int find_by_id(const char *operation_id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, operation_id) == 0)
			return i;
	return -1;
}

static int find_by_route(const char *method, const char *path)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (!strcmp(spec_operations[i].method, method) &&
		    same_template(spec_operations[i].path, path))
			return i;
	return -1;
}

/* The row entry e binds to: >= 0; -1 when the spec lacks it; -2 after a
 * mismatch appended to err. */
static int row_of(const struct op_group *g, const struct op_entry *e,
		  struct buf *err)
{
	int row = find_by_id(e->operation_id);
	const struct spec_operation *op = row >= 0 ? &spec_operations[row] : NULL;
	if (op && !strcmp(op->method, e->method) && same_template(op->path, e->path))
		return row;
	if (!op && ((row = find_by_route(e->method, e->path)) < 0 ||
		    spec_operations[row].id_derived))
		return -1; /* the spec does not have it: another API */
	buf_printf(err, "%s: handler for '%s' (%s %s): ", g->name,
		   e->operation_id, e->method, e->path);
	if (op)
		buf_printf(err, "%s:%d declares it as %s %s\n", spec_source,
			   op->line, op->method, op->path);
	else
		buf_printf(err, "%s:%d names that operation '%s'\n", spec_source,
			   spec_operations[row].line,
			   spec_operations[row].operation_id);
	return -2;
}

int optable_bind(struct optable *t, const struct op_group *g, struct buf *err)
{
	int *rows = calloc((size_t)g->nentries + 1, sizeof *rows);
	if (!rows)
		abort();
	int bad = 0;
	for (int i = 0; i < g->nentries; i++)
		bad += (rows[i] = row_of(g, &g->entries[i], err)) == -2;
	for (int i = 0; !bad && i < g->nentries; i++)
		if (rows[i] >= 0)
			t->rows[rows[i]] = (struct bound){&g->entries[i], g->data};
	free(rows);
	return bad ? -1 : 0;
}

int optable_add_route(struct optable *t, enum op_route_kind kind,
		      const char *method, const char *path, op_handler handler,
		      void *data)
{
	size_t len = path ? strlen(path) : 0;
	if (len == 0)
		return -1;
	if (t->nroutes == t->routes_cap) {
		t->routes_cap = t->routes_cap ? t->routes_cap * 2 : 4;
		struct extra_route *grown =
			realloc(t->routes, (size_t)t->routes_cap * sizeof *grown);
		if (!grown)
			abort();
		t->routes = grown;
	}
	t->routes[t->nroutes++] = (struct extra_route){
		kind, method, path, path[len - 1] == '*' ? len - 1 : 0, handler, data};
	return 0;
}

const struct op_entry *optable_entry(const struct optable *t, int op,
				     void **data)
{
	*data = t->rows[op].data;
	return t->rows[op].entry;
}

enum optable_match optable_route(const struct optable *t,
				 enum op_route_kind kind, const char *method,
				 const char *path, op_handler *handler,
				 void **data)
{
	enum optable_match result = OPTABLE_NO_PATH;
	for (int i = 0; i < t->nroutes; i++) {
		const struct extra_route *r = &t->routes[i];
		if (r->kind != kind)
			continue;
		if (r->prefix_len ? strncmp(path, r->path, r->prefix_len) != 0
				  : strcmp(path, r->path) != 0)
			continue;
		if (r->method && strcmp(method, r->method) != 0) {
			result = OPTABLE_NO_METHOD;
			continue;
		}
		*handler = r->handler;
		*data = r->data;
		return OPTABLE_FOUND;
	}
	return result;
}
