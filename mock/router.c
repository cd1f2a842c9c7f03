/* router.c - method + path template matching over the spec's operations. */
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_tables.h"

#define MAX_SEGMENTS 32

struct segment {
	const char *text; /* the template segment, borrowed */
	size_t len;
	size_t param_at, param_len; /* the {name} inside text; len 0: literal */
	int id_shaped; /* a format: uuid parameter; see id_shape_ok */
};

struct template {
	struct segment segs[MAX_SEGMENTS];
	int nsegs;
	int literals;
	int tail_param; /* the last segment is exactly one {param} */
};

struct router {
	struct template *templates; /* one per operation */
	int count;
};

/* Splits "/a/b" into its segments; returns the count, or -1 if too many. */
static int split(const char *path, const char **at, size_t *len)
{
	int n = 0;
	if (*path == '/')
		path++;
	for (;;) {
		if (n == MAX_SEGMENTS)
			return -1;
		const char *slash = strchr(path, '/');
		at[n] = path;
		len[n] = slash ? (size_t)(slash - path) : strlen(path);
		n++;
		if (!slash)
			return n;
		path = slash + 1;
	}
}

/* Whether the operation declares the {name} of s as format: uuid. */
static int uuid_param(int op, const struct segment *s)
{
	const char *name = s->text + s->param_at + 1;
	size_t len = s->param_len - 2;
	const struct spec_operation *o = &spec_operations[op];
	for (int i = o->params; i < o->params + o->nparams; i++) {
		const struct spec_param *p = &spec_params[i];
		if (p->in == SPEC_IN_PATH && strlen(p->name) == len &&
		    memcmp(p->name, name, len) == 0 && p->schema >= 0)
			return spec_schemas[p->schema].format &&
			       strcmp(spec_schemas[p->schema].format, "uuid") == 0;
	}
	return 0;
}

/* Jupyter Server routes ids with the regex \w+-\w+-\w+-\w+-\w+: a
 * segment of another shape (/api/sessions/garbage) is no route at all
 * there (404 for every method), while a-b-c-d-e reaches the handler and
 * its "not found".  A uuid path parameter matches the same way. */
static int id_shape_ok(const char *text, size_t len)
{
	int groups = 0;
	size_t run = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || text[i] == '-') {
			if (run == 0)
				return 0;
			groups++;
			run = 0;
		} else if (text[i] == '_' || (text[i] >= '0' && text[i] <= '9') ||
			   ((text[i] | 0x20) >= 'a' && (text[i] | 0x20) <= 'z')) {
			run++;
		} else {
			return 0;
		}
	}
	return groups == 5;
}

static void compile(int op, const char *path, struct template *t)
{
	const char *at[MAX_SEGMENTS];
	size_t len[MAX_SEGMENTS];
	int n = split(path, at, len);
	t->nsegs = n < 0 ? 0 : n;
	t->literals = 0;
	for (int i = 0; i < t->nsegs; i++) {
		struct segment *s = &t->segs[i];
		s->text = at[i];
		s->len = len[i];
		s->param_len = 0;
		const char *open = memchr(at[i], '{', len[i]);
		const char *close = open ? memchr(open, '}', len[i] - (size_t)(open - at[i])) : NULL;
		if (open && close) {
			s->param_at = (size_t)(open - at[i]);
			s->param_len = (size_t)(close - open) + 1;
			s->id_shaped = uuid_param(op, s);
		} else {
			t->literals++;
		}
	}
	const struct segment *last = &t->segs[t->nsegs ? t->nsegs - 1 : 0];
	t->tail_param = t->nsegs && last->param_len == last->len;
}

struct router *router_new(void)
{
	struct router *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->count = spec_operation_count;
	r->templates = calloc((size_t)r->count + 1, sizeof *r->templates);
	if (!r->templates) {
		free(r);
		return NULL;
	}
	for (int i = 0; i < r->count; i++)
		compile(i, spec_operations[i].path, &r->templates[i]);
	return r;
}

void router_free(struct router *r)
{
	if (!r)
		return;
	free(r->templates);
	free(r);
}

static void capture(struct route_match *m, const struct segment *s,
		    const char *value, size_t len)
{
	if (m->nparams == ROUTER_MAX_PARAMS)
		return;
	struct route_param *p = &m->params[m->nparams++];
	/* The name sits between the braces of the borrowed template text;
	 * route_param compares against it with the braces trimmed. */
	p->name = s->text + s->param_at + 1;
	if (len >= ROUTER_MAX_VALUE)
		len = ROUTER_MAX_VALUE - 1;
	memcpy(p->value, value, len);
	p->value[len] = '\0';
}

static int match_segment(const struct segment *s, const char *text,
			 size_t len, struct route_match *m)
{
	if (!s->param_len)
		return s->len == len && memcmp(s->text, text, len) == 0;
	size_t prefix = s->param_at;
	size_t suffix = s->len - s->param_at - s->param_len;
	if (len <= prefix + suffix || memcmp(s->text, text, prefix) != 0 ||
	    memcmp(s->text + s->len - suffix, text + len - suffix, suffix) != 0)
		return 0;
	if (s->id_shaped && !id_shape_ok(text + prefix, len - prefix - suffix))
		return 0;
	if (m)
		capture(m, s, text + prefix, len - prefix - suffix);
	return 1;
}

/* 1 when the path matches; with m, its parameters are captured.  span
 * lets a tail parameter take the rest of the path. */
static int match_template(const struct template *t, const char **at,
			  const size_t *len, int n, int span,
			  struct route_match *m)
{
	if (n != t->nsegs && !(span && t->tail_param && n > t->nsegs))
		return 0;
	for (int i = 0; i < t->nsegs; i++) {
		size_t l = len[i];
		if (span && i == t->nsegs - 1 && n > t->nsegs) {
			for (int j = i; j < n; j++)
				if (len[j] == 0)
					return 0; /* "a//b" is no value */
			l = (size_t)(at[n - 1] + len[n - 1] - at[i]);
		}
		/* an empty segment is no value, except the root path "/" */
		int root = t->nsegs == 1 && t->segs[0].len == 0;
		if ((l == 0 && !root) || !match_segment(&t->segs[i], at[i], l, m))
			return 0;
	}
	return 1;
}

/* The best operation for the path (any method when method is NULL). */
static int best_match(const struct router *r, const char *method,
		      const char **at, const size_t *len, int n, int span)
{
	int best = -1;
	for (int i = 0; i < r->count; i++) {
		if (method && strcmp(spec_operations[i].method, method) != 0)
			continue;
		if (!match_template(&r->templates[i], at, len, n, span, NULL))
			continue;
		if (best < 0 || r->templates[i].literals > r->templates[best].literals)
			best = i;
	}
	return best;
}

static void list_allowed(const struct router *r, const char **at,
			 const size_t *len, int n, int span, char *out,
			 size_t size)
{
	out[0] = '\0';
	for (int i = 0; i < r->count; i++) {
		if (!match_template(&r->templates[i], at, len, n, span, NULL) ||
		    strstr(out, spec_operations[i].method))
			continue;
		size_t used = strlen(out);
		snprintf(out + used, size - used, "%s%s", used ? ", " : "",
			 spec_operations[i].method);
	}
}

enum route_result router_match(const struct router *r, const char *method,
			       const char *path, struct route_match *m)
{
	const char *at[MAX_SEGMENTS];
	size_t len[MAX_SEGMENTS];
	int n = split(path, at, len);
	m->op = -1;
	m->nparams = 0;
	m->allowed[0] = '\0';
	if (n < 0)
		return ROUTE_NO_PATH;
	for (int span = 0; span <= 1; span++) {
		int op = best_match(r, method, at, len, n, span);
		if (op >= 0) {
			m->op = op;
			match_template(&r->templates[op], at, len, n, span, m);
			return ROUTE_FOUND;
		}
		if (best_match(r, NULL, at, len, n, span) >= 0) {
			list_allowed(r, at, len, n, span, m->allowed,
				     sizeof m->allowed);
			return ROUTE_NO_METHOD;
		}
	}
	return ROUTE_NO_PATH;
}

const char *route_param(const struct route_match *m, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < m->nparams; i++)
		if (strncmp(m->params[i].name, name, n) == 0 &&
		    m->params[i].name[n] == '}')
			return m->params[i].value;
	return NULL;
}
