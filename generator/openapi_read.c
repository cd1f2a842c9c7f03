/* openapi_read.c - document, paths, operations and parameters. */
#include "openapi_read.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "openapi_body.h"
#include "opid.h"
#include "reader.h"
#include "schema_compile.h"
#include "yaml_tree.h"

#define MAX_OP_PARAMS 256

/* A parameter of an operation before the path and operation lists are
 * merged. */
struct param_src {
	const struct ynode *node;
	const char *name;
	enum spec_param_in in;
	int body; /* Swagger 2.0 "in: body" */
};

/* The context an operation is read in. */
struct op_ctx {
	const struct ynode *path;        /* the path key */
	const struct ynode *path_params; /* path-level list, or NULL */
	const struct ynode *method;      /* the method key */
	const struct ynode *node;        /* the operation */
};

static int version_3x(const char *v)
{
	size_t n;

	if (strncmp(v, "3.0.", 4) != 0 && strncmp(v, "3.1.", 4) != 0)
		return 0;
	n = strspn(v + 4, "0123456789");
	return n > 0 && (v[4 + n] == '\0' || v[4 + n] == '-');
}

static int read_version(struct reader *r)
{
	const struct ynode *oa = ymap_get(r->root, "openapi");
	const struct ynode *sw = ymap_get(r->root, "swagger");
	const struct ynode *v = oa ? oa : sw;

	if (oa && sw) {
		diag_error(r->d, sw->line, sw->col,
			   "'openapi' and 'swagger' cannot both be given");
		return -1;
	}
	if (!v) {
		diag_error(r->d, r->root->line, r->root->col,
			   "missing version: no 'openapi' or 'swagger' key");
		return -1;
	}
	r->v2 = sw != NULL;
	if (v->kind != YNODE_SCALAR ||
	    (r->v2 ? !yscalar_is(v, "2.0") : !version_3x(v->text))) {
		diag_error(r->d, v->line, v->col,
			   r->v2 ? "unsupported swagger version '%s' "
				   "(expected 2.0)"
				 : "unsupported openapi version '%s' "
				   "(expected 3.0.x or 3.1.x)",
			   v->kind == YNODE_SCALAR
				   ? diag_qn(r->d, v->text, v->len)
				   : "(not a scalar)");
		return -1;
	}
	r->v31 = !r->v2 && v->text[2] == '1';
	r->m->version = v->text;
	return 0;
}

/* 1 when text is an HTTP header name (an RFC 9110 token). */
static int is_header_name(const char *text)
{
	static const char extra[] = "!#$%&'*+-.^_`|~";
	if (!*text)
		return 0;
	for (const char *p = text; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(extra, *p)))
			return 0;
	return 1;
}

/* info.x-server-headers: {Name: value} the real server sends on every
 * answer (Jupyter Server's Content-Security-Policy), joined as header
 * lines for the mock to send as well. */
static void read_server_headers(struct reader *r, const struct ynode *info)
{
	const struct ynode *map = reader_map(r, ymap_get(info, "x-server-headers"),
					     "x-server-headers");
	struct buf lines = {0};
	for (size_t i = 0; map && i < map->n; i++) {
		const struct ynode *key = ymap_key(map, i), *v = ymap_value(map, i);
		if (!is_header_name(key->text))
			diag_error(r->d, key->line, key->col,
				   "'%s' is not a header name", diag_q(r->d, key->text));
		else if (v->kind != YNODE_SCALAR)
			diag_error(r->d, v->line, v->col,
				   "the value of header '%s' must be a string",
				   diag_q(r->d, key->text));
		else if (v->text[strcspn(v->text, "\r\n")] || strlen(v->text) != v->len)
			diag_error(r->d, v->line, v->col,
				   "the value of header '%s' holds a line break or NUL",
				   diag_q(r->d, key->text));
		else
			buf_printf(&lines, "%s: %s\r\n", key->text, v->text);
	}
	if (lines.len)
		r->m->server_headers = arena_take_buf(r->a, &lines);
	buf_free(&lines); /* when empty */
}

static void read_info(struct reader *r)
{
	const struct ynode *info = reader_map(r, ymap_get(r->root, "info"),
					      "info");
	const char *s;

	s = reader_string(r, ymap_get(info, "title"), "title", "");
	r->m->title = s ? s : "";
	s = reader_string(r, ymap_get(info, "version"), "version", "");
	r->m->api_version = s ? s : "";
	read_server_headers(r, info);
}

/* Components (3.x) or definitions (2.0) get the first schema rows, named,
 * in file order, whether or not an operation uses them. */
static void read_named_schemas(struct reader *r)
{
	const struct ynode *map;
	size_t i;

	if (r->v2) {
		map = reader_map(r, ymap_get(r->root, "definitions"),
				 "definitions");
	} else {
		map = reader_map(r, ymap_get(r->root, "components"),
				 "components");
		map = reader_map(r, ymap_get(map, "schemas"), "schemas");
	}
	for (i = 0; map && i < map->n; i++)
		schema_ref(r, ymap_value(map, i), 0, ymap_key(map, i)->text);
}

static int param_location(struct reader *r, const struct ynode *in,
			  struct param_src *p)
{
	static const char *const names[] = {"path", "query", "header",
					    "cookie", "formData"};
	int i;

	p->body = r->v2 && yscalar_is(in, "body");
	if (p->body)
		return 0;
	for (i = 0; i < 5; i++) {
		if (!yscalar_is(in, names[i]))
			continue;
		/* cookie is 3.x only, formData 2.0 only */
		if ((i == SPEC_IN_COOKIE && r->v2) ||
		    (i == SPEC_IN_FORM_DATA && !r->v2))
			break;
		p->in = (enum spec_param_in)i;
		return 0;
	}
	diag_error(r->d, in->line, in->col, "unknown parameter location '%s'",
		   diag_qn(r->d, in->text, in->len));
	return -1;
}

static int param_read(struct reader *r, const struct ynode *n,
		      struct param_src *p)
{
	const struct ynode *name, *in;

	n = reader_map(r, reader_deref(r, n), "parameter");
	if (!n)
		return -1;
	name = ymap_get(n, "name");
	in = ymap_get(n, "in");
	if (!name || !in) {
		diag_error(r->d, n->line, n->col,
			   "a parameter needs 'name' and 'in'");
		return -1;
	}
	p->node = n;
	p->name = reader_string(r, name, "name", NULL);
	if (!p->name || !reader_string(r, in, "in", NULL))
		return -1;
	return param_location(r, in, p);
}

static int same_param(const struct param_src *a, const struct param_src *b)
{
	return a->body == b->body && (a->body || a->in == b->in) &&
	       strcmp(a->name, b->name) == 0;
}

/* Adds list's parameters to ps[0..n): one of an earlier list with the same
 * name and location is replaced (the operation wins), one of the same
 * list is an error.  Returns the new count. */
static int collect_params(struct reader *r, const struct ynode *list,
			  struct param_src *ps, int n)
{
	int level_start = n, j;
	size_t i;

	list = reader_seq(r, list, "parameters");
	for (i = 0; list && i < list->n; i++) {
		struct param_src p = {0};

		if (param_read(r, list->items[i], &p) < 0)
			continue;
		for (j = 0; j < n && !same_param(&ps[j], &p); j++)
			;
		if (j < level_start) {
			ps[j] = p;
		} else if (j < n) {
			diag_error(r->d, list->items[i]->line,
				   list->items[i]->col,
				   "duplicate parameter '%s'",
				   diag_q(r->d, p.name));
		} else if (n == MAX_OP_PARAMS) {
			diag_error(r->d, list->items[i]->line,
				   list->items[i]->col,
				   "more than %d parameters", MAX_OP_PARAMS);
			break;
		} else {
			ps[n++] = p;
		}
	}
	return n;
}

static void add_param(struct reader *r, const struct param_src *p,
		      struct spec_operation *op)
{
	struct spec_param row = {p->name, p->in, 0, -1, p->node->line};

	reader_bool(r, ymap_get(p->node, "required"), "required",
		    &row.required);
	/* a path parameter is always there, whatever "required" says */
	if (p->in == SPEC_IN_PATH)
		row.required = 1;
	row.schema = r->v2 ? schema_ref(r, p->node, SCHEMA_PARAM, NULL)
			   : content_schema(r, p->node);
	if (model_add(r->m, &r->m->params, &row, row.line) >= 0)
		op->nparams++;
}

/* Every {name} of the path must be an "in: path" parameter. */
static void check_template(struct reader *r, const struct op_ctx *c,
			   const struct param_src *ps, int n)
{
	const char *s = c->path->text, *open, *close;
	int j;

	while ((open = strchr(s, '{')) && (close = strchr(open, '}'))) {
		size_t len = (size_t)(close - open - 1);

		for (j = 0; j < n; j++)
			if (!ps[j].body && ps[j].in == SPEC_IN_PATH &&
			    strlen(ps[j].name) == len &&
			    memcmp(ps[j].name, open + 1, len) == 0)
				break;
		if (j == n)
			diag_error(r->d, c->method->line, c->method->col,
				   "path template parameter '%s' has no "
				   "'in: path' declaration",
				   diag_qn(r->d, open + 1, len));
		s = close + 1;
	}
}

static void read_params(struct reader *r, const struct op_ctx *c,
			const struct ynode *consumes, struct spec_operation *op)
{
	struct param_src ps[MAX_OP_PARAMS];
	const struct ynode *body = NULL;
	int n, i;

	n = collect_params(r, c->path_params, ps, 0);
	n = collect_params(r, ymap_get(c->node, "parameters"), ps, n);
	check_template(r, c, ps, n);
	op->params = r->m->params.n;
	for (i = 0; i < n; i++) {
		if (!ps[i].body) {
			add_param(r, &ps[i], op);
		} else if (body) {
			diag_error(r->d, ps[i].node->line, ps[i].node->col,
				   "more than one body parameter");
		} else {
			body = ps[i].node;
		}
	}
	if (body)
		body_read_v2(r, body, consumes, op);
}

static void read_op_id(struct reader *r, const struct op_ctx *c,
		       struct spec_operation *op)
{
	const struct ynode *id = ymap_get(c->node, "operationId");
	const struct ynode *tags = reader_seq(r, ymap_get(c->node, "tags"),
					      "tags");
	const char *tag = NULL;
	struct hash_entry *e;
	int created;

	if (id && reader_string(r, id, "operationId", NULL)) {
		op->operation_id = id->text;
		e = hash_put(&r->op_ids, NULL, id->text, id->len, &created);
		if (created)
			e->value = (void *)id;
		else
			diag_error(r->d, id->line, id->col,
				   "duplicate operationId '%s' (first at "
				   "line %d)",
				   diag_qn(r->d, id->text, id->len),
				   ((const struct ynode *)e->value)->line);
		return;
	}
	if (tags && tags->n)
		tag = reader_string(r, tags->items[0], "tags", NULL);
	/* made unique once every written id is known: see openapi_read() */
	op->operation_id = opid_derive(r->a, op->method, op->path, tag);
	op->id_derived = 1;
}

/* Swagger 2.0 produces/consumes: the operation's list, else the
 * document's (NULL: neither, application/json then). */
static const struct ynode *media_list(struct reader *r,
				      const struct ynode *op, const char *key)
{
	const struct ynode *l = ymap_get(op, key);

	if (!l)
		l = ymap_get(r->root, key);
	return reader_seq(r, l, key);
}

static void read_operation(struct reader *r, struct op_ctx *c)
{
	struct spec_operation op = {0};
	char *method = arena_strdup(r->a, c->method->text);
	size_t i;

	for (i = 0; method[i]; i++)
		if (method[i] >= 'a' && method[i] <= 'z')
			method[i] = (char)(method[i] - 'a' + 'A');
	op.method = method;
	op.path = c->path->text;
	op.line = c->method->line;
	c->node = reader_map(r, c->node, "operation");
	if (!c->node)
		return;
	read_op_id(r, c, &op);
	read_params(r, c, r->v2 ? media_list(r, c->node, "consumes") : NULL,
		    &op);
	if (!r->v2)
		body_read(r, ymap_get(c->node, "requestBody"), &op);
	responses_read(r, ymap_get(c->node, "responses"),
		       r->v2 ? media_list(r, c->node, "produces") : NULL, &op);
	reader_check_refs(r, ymap_get(c->node, "callbacks"));
	model_add(r->m, &r->m->ops, &op, op.line);
}

static int is_method(const struct ynode *key)
{
	static const char *const methods[] = {"get",	 "put",	    "post",
					      "delete",	 "options", "head",
					      "patch",	 "trace",   NULL};
	int i;

	for (i = 0; methods[i]; i++)
		if (yscalar_is(key, methods[i]))
			return 1;
	return 0;
}

/* Braces of a path template must pair up, without nesting. */
static int check_braces(struct reader *r, const struct ynode *path)
{
	int open = 0;
	size_t i;

	for (i = 0; i < path->len; i++) {
		if (path->text[i] == '{' || path->text[i] == '}') {
			if ((path->text[i] == '{') == open)
				break;
			open = !open;
		}
	}
	if (i == path->len && !open)
		return 0;
	diag_error(r->d, path->line, path->col,
		   "unbalanced braces in path '%s'",
		   diag_qn(r->d, path->text, path->len));
	return -1;
}

static void read_path(struct reader *r, const struct ynode *key,
		      const struct ynode *item)
{
	struct op_ctx c = {key, NULL, NULL, NULL};
	size_t i;

	if (key->text[0] != '/') {
		diag_error(r->d, key->line, key->col,
			   "path '%s' must start with '/'",
			   diag_qn(r->d, key->text, key->len));
		return;
	}
	item = reader_map(r, reader_deref(r, item), "path item");
	if (!item || check_braces(r, key) < 0)
		return;
	c.path_params = ymap_get(item, "parameters");
	for (i = 0; i < item->n; i++) {
		if (!is_method(ymap_key(item, i)))
			continue;
		c.method = ymap_key(item, i);
		c.node = ymap_value(item, i);
		read_operation(r, &c);
	}
}

int openapi_read(struct spec_model *m, const struct ynode *root)
{
	struct reader *r = arena_alloc(m->arena, sizeof(*r));
	const struct ynode *paths;
	int i, errors = m->diag->errors;

	r->m = m;
	r->d = m->diag;
	r->a = m->arena;
	r->root = root;
	hash_init(&r->refs, r->a);
	hash_init(&r->schemas, r->a);
	hash_init(&r->op_ids, r->a);
	if (root->kind != YNODE_MAP) {
		diag_error(r->d, root->line, root->col,
			   "the document must be a mapping");
		return -1;
	}
	if (read_version(r) < 0)
		return -1;
	read_info(r);
	read_named_schemas(r);
	paths = reader_map(r, ymap_get(root, "paths"), "paths");
	for (i = 0; paths && i < (int)paths->n; i++)
		if (strncmp(ymap_key(paths, (size_t)i)->text, "x-", 2) != 0)
			read_path(r, ymap_key(paths, (size_t)i),
				  ymap_value(paths, (size_t)i));
	reader_check_refs(r, ymap_get(root, "webhooks")); /* OAS 3.1 */
	schema_compile_all(r);
	for (i = 0; i < m->ops.n; i++) {
		struct spec_operation *op =
			MODEL_ROW(&m->ops, struct spec_operation, i);

		if (op->id_derived)
			op->operation_id =
				opid_unique(r->a, &r->op_ids, op->operation_id);
	}
	return m->diag->errors == errors ? 0 : -1;
}
