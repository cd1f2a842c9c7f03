/* scenario_load.c - reads a scenario file and checks it against the spec. */
#include "scenario.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "det.h"
#include "diag.h"
#include "json_py.h"
#include "json_text.h"
#include "router.h"
#include "scenario_render.h"
#include "spec_answer.h"
#include "spec_tables.h"
#include "validate.h"
#include "yaml_tree.h"

#define MAX_FILE (8L << 20)
#define MAX_JSON (1L << 20)

struct loader {
	struct scenario *sc;
	struct arena *a;
	struct diag d;
	struct router *router;
	const struct ynode **next_of; /* per step: its 'next' node, or NULL */
	const struct ynode **state_at; /* per state: its name (or the steps) */
};

static void err(struct loader *L, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void err(struct loader *L, const struct ynode *n, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	diag_error(&L->d, n ? n->line : 1, n ? n->col : 1, "%s", text);
}

/* A user value, quoted and made safe to print. */
static const char *q(struct loader *L, const char *s)
{
	return arena_printf(L->a, "'%s'", diag_q(&L->d, s));
}

/* ---- typed access to nodes ---- */

static const char *text_of(struct loader *L, const struct ynode *n,
			   const char *what)
{
	if (n->kind == YNODE_SCALAR)
		return n->text;
	err(L, n, "%s must be a string", what);
	return NULL;
}

/* An integer from min to max; strtol's clamping of a number too large
 * for a long is an error too, not LONG_MAX. */
static int long_of(struct loader *L, const struct ynode *n, const char *what,
		   long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = n->kind == YNODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	int integer = n->kind == YNODE_SCALAR && end != n->text && !*end;
	if (integer && errno != ERANGE && v >= min && v <= max) {
		*out = v;
		return 0;
	}
	if (max == LONG_MAX && errno != ERANGE)
		err(L, n, "%s must be an integer of at least %ld", what, min);
	else
		err(L, n, "%s must be an integer from %ld to %ld", what, min, max);
	return -1;
}

static int duration_of(struct loader *L, const struct ynode *n,
		       const char *what, int64_t *us)
{
	if (n->kind == YNODE_SCALAR && det_parse_duration(n->text, us) == 0)
		return 0;
	err(L, n, "%s must be a duration such as 250us, 5ms or 2s", what);
	return -1;
}

static int is_map(struct loader *L, const struct ynode *n, const char *what)
{
	if (n->kind == YNODE_MAP)
		return 1;
	err(L, n, "%s must be a mapping", what);
	return 0;
}

static int is_seq(struct loader *L, const struct ynode *n, const char *what)
{
	if (n->kind == YNODE_SEQ)
		return 1;
	err(L, n, "%s must be a list", what);
	return 0;
}

static void check_keys(struct loader *L, const struct ynode *map,
		       const char *const *allowed, const char *where)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *key = ymap_key(map, i);
		int known = 0;
		for (int k = 0; allowed[k] && !known; k++)
			known = strcmp(key->text, allowed[k]) == 0;
		if (!known)
			err(L, key, "unknown key %s in %s", q(L, key->text), where);
	}
}

static void keep_json(struct scenario *sc, cJSON *j)
{
	if (sc->njson == sc->json_cap) {
		sc->json_cap = sc->json_cap ? sc->json_cap * 2 : 16;
		cJSON **grown = realloc(sc->json, (size_t)sc->json_cap * sizeof *grown);
		if (!grown)
			abort();
		sc->json = grown;
	}
	sc->json[sc->njson++] = j;
}

/* The node as a cJSON tree owned by the scenario; NULL on error. */
static cJSON *json_of(struct loader *L, const struct ynode *n)
{
	struct strbuf sb;
	const struct ynode *bad = NULL;
	sb_init(&sb, L->a);
	enum json_status st = json_text(&sb, n, MAX_JSON, &bad);
	if (st == JSON_UNREPRESENTABLE && bad) {
		err(L, bad, "%s has no JSON form", q(L, bad->text));
		return NULL;
	}
	if (st == JSON_TOO_LARGE) { /* at the value, not inside an alias */
		err(L, n, "value is larger than %ld bytes as JSON", MAX_JSON);
		return NULL;
	}
	if (st != JSON_OK) {
		err(L, n, "value nests too deeply");
		return NULL;
	}
	cJSON *j = cJSON_ParseWithLength(sb.data, sb.len);
	if (!j) {
		err(L, n, "value cannot be written as JSON");
		return NULL;
	}
	keep_json(L->sc, j);
	return j;
}

/* The node as JSON text in the real server's style (for the store). */
static char *json_text_of(struct loader *L, const struct ynode *n)
{
	cJSON *j = json_of(L, n);
	if (!j)
		return NULL;
	struct buf b = {0};
	json_py_write(&b, j);
	char *text = arena_strdup(L->a, buf_cstr(&b));
	buf_free(&b);
	return text;
}

static void check_templates_in(struct loader *L, const struct ynode *at,
			       const char *text)
{
	struct buf bad = {0};
	if (template_check(text, &bad) < 0)
		err(L, at, "unknown template %s", q(L, buf_cstr(&bad)));
	buf_free(&bad);
}

static void check_json_templates(struct loader *L, const struct ynode *at,
				 const cJSON *j)
{
	if (cJSON_IsString(j))
		check_templates_in(L, at, j->valuestring);
	for (const cJSON *c = j->child; c; c = c->next)
		check_json_templates(L, at, c);
}

static int pairs_of(struct loader *L, const struct ynode *n, const char *what,
		    struct scenario_pair **out)
{
	if (!is_map(L, n, what))
		return 0;
	struct scenario_pair *p = arena_alloc(L->a, (n->n + 1) * sizeof *p);
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *v = ymap_value(n, i);
		p[i].name = ymap_key(n, i)->text;
		p[i].value = v->kind == YNODE_SCALAR ? v->text : "";
		if (v->kind != YNODE_SCALAR)
			err(L, v, "the value of %s in %s must be a string",
			    q(L, p[i].name), what);
	}
	*out = p;
	return (int)n->n;
}

/* ---- match ---- */

static int find_operation(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, id) == 0)
			return i;
	return -1;
}

/* Path parameters given as values (not "{name}") must be equal. */
static void keep_params(struct loader *L, const struct route_match *rm,
			struct scenario_match *m)
{
	m->params = arena_alloc(L->a, (size_t)(rm->nparams + 1) * sizeof *m->params);
	for (int i = 0; i < rm->nparams; i++) {
		const char *v = rm->params[i].value;
		if (v[0] == '{' && v[strlen(v) - 1] == '}')
			continue;
		const char *name = rm->params[i].name;
		m->params[m->nparams].name =
			arena_strndup(L->a, name, strcspn(name, "}"));
		m->params[m->nparams++].value = arena_strdup(L->a, v);
	}
}

static void resolve_route(struct loader *L, const struct ynode *method,
			  const struct ynode *path, struct scenario_match *m)
{
	struct route_match rm;
	const char *mt = text_of(L, method, "'method'");
	const char *pt = text_of(L, path, "'path'");
	if (!mt || !pt)
		return;
	switch (router_match(L->router, mt, pt, &rm)) {
	case ROUTE_FOUND:
		if (m->op >= 0 && m->op != rm.op)
			err(L, path, "%s %s is not the operation %s", q(L, mt),
			    q(L, pt), q(L, spec_operations[m->op].operation_id));
		m->op = rm.op;
		keep_params(L, &rm, m);
		break;
	case ROUTE_NO_METHOD:
		err(L, method, "%s is not a method of %s (it has %s)", q(L, mt),
		    q(L, pt), rm.allowed);
		break;
	default:
		err(L, path, "no operation of the spec has the path %s", q(L, pt));
	}
}

static void read_match(struct loader *L, const struct ynode *n,
		       struct scenario_match *m)
{
	static const char *const keys[] = {"operation", "method", "path",
					   "body", "query", "headers", NULL};
	m->op = -1;
	if (!n || !is_map(L, n, "'match'"))
		return;
	check_keys(L, n, keys, "'match'");
	const struct ynode *op = ymap_get(n, "operation");
	const struct ynode *method = ymap_get(n, "method");
	const struct ynode *path = ymap_get(n, "path");
	const char *id = op ? text_of(L, op, "'operation'") : NULL;
	if (id && (m->op = find_operation(id)) < 0)
		err(L, op, "unknown operation %s", q(L, id));
	if (method && path)
		resolve_route(L, method, path, m);
	else if (method || path)
		err(L, method ? method : path,
		    "'method' and 'path' go together");
	const struct ynode *v;
	if ((v = ymap_get(n, "body")))
		m->body = json_of(L, v);
	if ((v = ymap_get(n, "query")))
		m->nquery = pairs_of(L, v, "'query'", &m->query);
	if ((v = ymap_get(n, "headers")))
		m->nheaders = pairs_of(L, v, "'headers'", &m->headers);
}

/* ---- respond ---- */

static const char *op_name(int op)
{
	return spec_operations[op].operation_id;
}

static void check_body_schema(struct loader *L, const struct ynode *at,
			      const struct scenario_response *r)
{
	const struct spec_response *resp = &spec_responses[r->response];
	if (resp->nmedia == 0) {
		err(L, at, "status %d of this operation has no body", r->status);
		return;
	}
	struct buf why = {0};
	if (validate_scripted(spec_medias[resp->media].schema, r->body, "",
			      &why) < 0)
		err(L, at, "body breaks the response schema: %s (add 'invalid: "
			   "true' if that is the point)", buf_cstr(&why));
	buf_free(&why);
}

/* Status and example against what the operation declares. */
static void check_response(struct loader *L, const struct ynode *n, int op,
			   const struct ynode *example_node,
			   struct scenario_response *r)
{
	const char *example = example_node ? example_node->text : NULL;
	if (r->status) {
		r->response = spec_find_response(op, r->status);
		if (r->response < 0) {
			err(L, ymap_get(n, "status"), "status %d is not declared "
			    "for %s", r->status, q(L, op_name(op)));
			return;
		}
	} else if (example) {
		for (int i = spec_operations[op].responses;
		     r->response < 0 && i < spec_operations[op].responses +
						spec_operations[op].nresponses; i++)
			if (spec_find_example(i, example) >= 0) {
				r->response = i;
				r->status = atoi(spec_responses[i].status);
			}
	} else {
		r->response = spec_first_success(op, &r->status);
	}
	if (example && r->response >= 0)
		r->example = spec_find_example(r->response, example);
	if (example && r->example < 0)
		err(L, example_node, "%s has no example %s%s", q(L, op_name(op)),
		    q(L, example), r->status ? " for that status" : "");
}

/* A header a reply can carry: a token name, a value of one line. */
static void check_header(struct loader *L, const struct ynode *at,
			 const char *name, const char *value)
{
	size_t n = strspn(name, "!#$%&'*+-.^_`|~0123456789"
				"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (!name[0] || name[n])
		err(L, at, "%s is not a header name", q(L, name));
	for (const char *c = value; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			err(L, at, "the value of header %s holds a control character",
			    q(L, name));
			break;
		}
}

static void read_respond(struct loader *L, const struct ynode *n, int op,
			 struct scenario_response *r)
{
	static const char *const keys[] = {"status", "example", "body",
					   "headers", "invalid", NULL};
	r->example = r->response = -1;
	if (!is_map(L, n, "'respond'"))
		return;
	check_keys(L, n, keys, "'respond'");
	r->scripted = 1;
	const struct ynode *v;
	long status = 0;
	int bad_status = 0;
	if ((v = ymap_get(n, "status")) &&
	    (bad_status = long_of(L, v, "'status'", 100, LONG_MAX, &status) < 0) == 0 &&
	    status > 599) {
		err(L, v, "'status' must be an HTTP status (100 to 599)");
		bad_status = 1;
	}
	r->status = (int)status;
	const struct ynode *example = ymap_get(n, "example");
	const struct ynode *body = ymap_get(n, "body");
	if (example && body)
		err(L, example, "'example' and 'body' exclude each other");
	if (example && !text_of(L, example, "'example'"))
		example = NULL;
	if ((v = ymap_get(n, "headers")))
		r->nheaders = pairs_of(L, v, "'headers'", &r->headers);
	for (int i = 0; i < r->nheaders; i++) {
		check_header(L, ymap_key(v, (size_t)i), r->headers[i].name,
			     r->headers[i].value);
		check_templates_in(L, v, r->headers[i].value);
	}
	if (body && (r->body = json_of(L, body)))
		check_json_templates(L, body, r->body);
	if (op < 0) {
		if (example)
			err(L, example, "'example' needs a step that matches one "
					"operation");
		if (!r->status)
			r->status = 200;
		return;
	}
	if (bad_status) /* reported once: not also as undeclared */
		return;
	check_response(L, n, op, example, r);
	const struct ynode *invalid = ymap_get(n, "invalid");
	if (r->body && r->response >= 0 && !yscalar_is(invalid, "true"))
		check_body_schema(L, body, r);
}

/* ---- faults and actions ---- */

static const char *const fault_names[] = {"none", "delay", "reset", "empty",
					  "truncate", "garbage", "drip"};

const char *fault_name(enum fault_kind kind)
{
	return fault_names[kind];
}

/* reset | empty | garbage, or one of {delay: 2s} {truncate: N}
 * {garbage: N} {drip: bytes-per-second}. */
static void read_fault(struct loader *L, const struct ynode *n,
		       struct fault *f)
{
	const struct ynode *key = n, *value = NULL;
	if (n->kind == YNODE_MAP && n->n == 1) {
		key = ymap_key(n, 0);
		value = ymap_value(n, 0);
	} else if (n->kind != YNODE_SCALAR) {
		err(L, n, "a fault is one of reset, empty, garbage, {delay: D}, "
			  "{truncate: N}, {garbage: N}, {drip: N}");
		return;
	}
	f->kind = FAULT_NONE;
	for (int k = FAULT_DELAY; k <= FAULT_DRIP; k++)
		if (!strcmp(key->text, fault_names[k]))
			f->kind = (enum fault_kind)k;
	int needs_value = f->kind == FAULT_DELAY || f->kind == FAULT_TRUNCATE ||
			  f->kind == FAULT_DRIP;
	static const char *const example[] = {
		[FAULT_DELAY] = "300ms", [FAULT_TRUNCATE] = "40", [FAULT_DRIP] = "1000"};
	int bad = 1;
	if (f->kind == FAULT_NONE)
		err(L, key, "unknown fault %s (reset, empty, garbage, {delay: D}, "
			    "{truncate: N}, {garbage: N}, {drip: N})", q(L, key->text));
	else if (needs_value && !value)
		err(L, key, "the fault %s needs a value, as in {%s: %s}",
		    q(L, key->text), key->text, example[f->kind]);
	else if (value && (f->kind == FAULT_RESET || f->kind == FAULT_EMPTY))
		err(L, value, "the fault %s takes no value", q(L, key->text));
	else
		bad = 0;
	if (bad) {
		f->kind = FAULT_NONE;
		return;
	}
	if (f->kind == FAULT_DELAY)
		duration_of(L, value, "'delay'", &f->delay_us);
	else if (value)
		long_of(L, value, "the fault's byte count",
			f->kind == FAULT_TRUNCATE ? 0 : 1, FAULT_MAX_BYTES,
			&f->bytes);
	if (f->kind == FAULT_GARBAGE && !value)
		f->bytes = 64;
	f->seed = (uint64_t)n->line * 2654435761u; /* which garbage: fixed per file line */
}

/* The schema of Kernel.execution_state in the spec, or -1. */
static int execution_state_schema(void)
{
	for (int i = 0; i < spec_schema_count; i++) {
		const struct spec_schema *k = &spec_schemas[i];
		if (!k->name || strcmp(k->name, "Kernel"))
			continue;
		for (int p = k->props; p < k->props + k->nprops; p++)
			if (!strcmp(spec_properties[p].name, "execution_state"))
				return spec_properties[p].schema;
	}
	return -1;
}

/* The session state stores what the spec allows a kernel to be in. */
static void check_execution_state(struct loader *L, const struct ynode *at,
				  const char *state)
{
	int schema = execution_state_schema();
	if (!state || schema < 0)
		return;
	cJSON *v = cJSON_CreateString(state);
	struct buf why = {0}, allowed = {0};
	if (validate_value(schema, v, "", &why) < 0) {
		const struct spec_schema *s = &spec_schemas[schema];
		for (int i = s->enums; i < s->enums + s->nenums; i++) {
			cJSON *m = cJSON_Parse(spec_json_values[i]);
			if (cJSON_IsString(m))
				buf_printf(&allowed, "%s%s", allowed.len ? ", " : "",
					   m->valuestring);
			cJSON_Delete(m);
		}
		err(L, at, "%s is not an execution state of the spec (%s)",
		    q(L, state), allowed.len ? buf_cstr(&allowed) : buf_cstr(&why));
	}
	buf_free(&why);
	buf_free(&allowed);
	cJSON_Delete(v);
}

/* Ids of initial kernels and sessions are UUIDs, as the server mints. */
static const char *uuid_of(struct loader *L, const struct ynode *n)
{
	const char *id = text_of(L, n, "'id'");
	size_t i = 0;
	for (; id && id[i] && i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? id[i] != '-'
		    : !strchr("0123456789abcdefABCDEF", id[i]))
			break;
	if (id && (i != 36 || id[i])) {
		err(L, n, "'id' must be a uuid such as "
			  "5c8a2a1e-3b6f-4d0a-9f1e-2a7b9c4d6e01, not %s", q(L, id));
		return NULL;
	}
	return id;
}

static void read_actions(struct loader *L, const struct ynode *n,
			 struct scenario_step *st)
{
	if (!is_seq(L, n, "'then'"))
		return;
	st->actions = arena_alloc(L->a, (n->n + 1) * sizeof *st->actions);
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *item = n->items[i];
		struct scenario_action *a = &st->actions[st->nactions];
		const struct ynode *v;
		a->line = item->line;
		if (item->kind == YNODE_MAP && (v = ymap_get(item, "kill_kernel")) &&
		    item->n == 1) {
			a->kind = ACTION_KILL_KERNEL;
			a->kernel = text_of(L, v, "'kill_kernel'");
		} else if (item->kind == YNODE_MAP && item->n == 1 &&
			   (v = ymap_get(item, "kernel_state")) &&
			   v->kind == YNODE_MAP && v->n == 2 && ymap_get(v, "kernel") &&
			   ymap_get(v, "execution_state")) {
			a->kind = ACTION_KERNEL_STATE;
			a->kernel = text_of(L, ymap_get(v, "kernel"), "'kernel'");
			a->execution_state = text_of(
				L, ymap_get(v, "execution_state"), "'execution_state'");
			check_execution_state(L, ymap_get(v, "execution_state"),
					      a->execution_state);
		} else {
			err(L, item, "an action is {kill_kernel: ID} or {kernel_state: "
				     "{kernel: ID, execution_state: S}}");
			continue;
		}
		if (a->kernel) {
			check_templates_in(L, item, a->kernel);
			st->nactions++;
		}
	}
}

/* ---- steps and states ---- */

static void read_repeat(struct loader *L, const struct ynode *n, long *repeat)
{
	char *end = NULL;
	errno = 0;
	long v = n->kind == YNODE_SCALAR ? strtol(n->text, &end, 10) : 0;
	if (yscalar_is(n, "forever"))
		*repeat = SCENARIO_FOREVER;
	else if (end && end != n->text && !*end && v >= 1 && errno != ERANGE)
		*repeat = v;
	else
		err(L, n, "'repeat' must be an integer of at least 1, or forever");
}

static void read_step(struct loader *L, const struct ynode *n, int index,
		      struct scenario_step *st)
{
	static const char *const keys[] = {"name", "match", "respond", "fault",
					   "then", "repeat", "next", NULL};
	st->line = n->line;
	st->repeat = 1;
	st->next_state = -1;
	st->label = arena_printf(L->a, "step %d", index + 1);
	if (!is_map(L, n, "a step"))
		return;
	check_keys(L, n, keys, "a step");
	const struct ynode *v;
	if ((v = ymap_get(n, "name")) && text_of(L, v, "'name'"))
		st->label = arena_printf(L->a, "step %d (%s)", index + 1, v->text);
	read_match(L, ymap_get(n, "match"), &st->match);
	st->respond.example = st->respond.response = -1;
	if ((v = ymap_get(n, "respond")))
		read_respond(L, v, st->match.op, &st->respond);
	if ((v = ymap_get(n, "fault")))
		read_fault(L, v, &st->fault);
	if ((v = ymap_get(n, "then")))
		read_actions(L, v, st);
	if ((v = ymap_get(n, "repeat")))
		read_repeat(L, v, &st->repeat);
	L->next_of[index] = ymap_get(n, "next");
}

static size_t count_steps(const struct ynode *states, const struct ynode *steps)
{
	size_t n = steps && steps->kind == YNODE_SEQ ? steps->n : 0;
	for (size_t i = 0; states && states->kind == YNODE_MAP && i < states->n; i++) {
		const struct ynode *s = ymap_value(states, i);
		const struct ynode *list = s->kind == YNODE_MAP ? ymap_get(s, "steps") : s;
		n += list && list->kind == YNODE_SEQ ? list->n : 0;
	}
	return n;
}

static void read_state(struct loader *L, const char *name, const struct ynode *n,
		       const struct ynode *at)
{
	static const char *const keys[] = {"order", "steps", NULL};
	struct scenario *sc = L->sc;
	L->state_at[sc->nstates] = at;
	struct scenario_state *state = &sc->states[sc->nstates++];
	state->name = name;
	state->line = at->line;
	state->first_step = sc->nsteps;
	const struct ynode *steps = n;
	if (n && n->kind == YNODE_MAP) {
		check_keys(L, n, keys, "a state");
		const struct ynode *order = ymap_get(n, "order");
		if (order && !yscalar_is(order, "sequence") && !yscalar_is(order, "any"))
			err(L, order, "'order' is sequence or any");
		state->any_order = yscalar_is(order, "any");
		steps = ymap_get(n, "steps");
	}
	if (!steps || !is_seq(L, steps, "the steps"))
		return;
	for (size_t i = 0; i < steps->n; i++) {
		read_step(L, steps->items[i], sc->nsteps, &sc->steps[sc->nsteps]);
		sc->nsteps++;
	}
	state->nsteps = sc->nsteps - state->first_step;
}

static int find_state(const struct scenario *sc, const char *name)
{
	for (int i = 0; i < sc->nstates; i++)
		if (!strcmp(sc->states[i].name, name))
			return i;
	return -1;
}

static void link_states(struct loader *L)
{
	struct scenario *sc = L->sc;
	for (int i = 0; i < sc->nsteps; i++) {
		const struct ynode *next = L->next_of[i];
		if (!next || !text_of(L, next, "'next'"))
			continue;
		sc->steps[i].next_state = find_state(sc, next->text);
		if (sc->steps[i].next_state < 0)
			err(L, next, "unknown state %s", q(L, next->text));
	}
	/* Every state must be reachable from the first one. */
	char *seen = arena_alloc(L->a, (size_t)sc->nstates + 1);
	int *queue = arena_alloc(L->a, ((size_t)sc->nstates + 1) * sizeof *queue);
	int head = 0, tail = 0;
	if (sc->nstates)
		seen[queue[tail++] = 0] = 1;
	while (head < tail) {
		const struct scenario_state *s = &sc->states[queue[head++]];
		for (int i = s->first_step; i < s->first_step + s->nsteps; i++) {
			int to = sc->steps[i].next_state;
			if (to >= 0 && !seen[to])
				seen[queue[tail++] = to] = 1;
		}
	}
	for (int i = 0; i < sc->nstates; i++)
		if (!seen[i])
			err(L, L->state_at[i], "state %s cannot be reached from %s",
			    q(L, sc->states[i].name), q(L, sc->states[0].name));
}

static void read_script(struct loader *L, const struct ynode *root)
{
	struct scenario *sc = L->sc;
	const struct ynode *states = ymap_get(root, "states");
	const struct ynode *steps = ymap_get(root, "steps");
	if (states && steps)
		err(L, steps, "'steps' and 'states' exclude each other: put the "
			      "steps in a state");
	size_t nsteps = count_steps(states, steps);
	size_t nstates = states && states->kind == YNODE_MAP ? states->n : 1;
	sc->steps = arena_alloc(L->a, (nsteps + 1) * sizeof *sc->steps);
	sc->states = arena_alloc(L->a, (nstates + 1) * sizeof *sc->states);
	L->next_of = arena_alloc(L->a, (nsteps + 1) * sizeof *L->next_of);
	L->state_at = arena_alloc(L->a, (nstates + 1) * sizeof *L->state_at);
	if (states && is_map(L, states, "'states'")) {
		for (size_t i = 0; i < states->n; i++)
			read_state(L, ymap_key(states, i)->text,
				   ymap_value(states, i), ymap_key(states, i));
	} else if (!steps || is_seq(L, steps, "'steps'")) {
		read_state(L, "main", steps, steps ? steps : root);
	} else {
		read_state(L, "main", NULL, steps); /* an empty script */
	}
	link_states(L);
}

/* ---- initial state ---- */

static void read_kernel(struct loader *L, const struct ynode *n,
			struct scenario_kernel *k)
{
	static const char *const keys[] = {"id", "name", "execution_state",
					   "connections", "last_activity", NULL};
	k->last_activity = -1;
	if (!is_map(L, n, "a kernel"))
		return;
	check_keys(L, n, keys, "a kernel");
	const struct ynode *v;
	long connections = 0;
	if ((v = ymap_get(n, "id")))
		k->id = uuid_of(L, v);
	k->name = (v = ymap_get(n, "name")) ? text_of(L, v, "'name'") : NULL;
	if ((v = ymap_get(n, "execution_state")) &&
	    (k->execution_state = text_of(L, v, "'execution_state'")))
		check_execution_state(L, v, k->execution_state);
	if ((v = ymap_get(n, "connections")))
		long_of(L, v, "'connections'", 0, INT_MAX, &connections);
	k->connections = (int)connections;
	if ((v = ymap_get(n, "last_activity")) &&
	    (v->kind != YNODE_SCALAR || det_parse_iso(v->text, &k->last_activity) < 0))
		err(L, v, "'last_activity' must be an ISO-8601 UTC time such as "
			  "2026-01-01T00:00:00Z");
}

static int find_kernel(const struct scenario *sc, const char *id)
{
	for (int i = 0; i < sc->nkernels; i++)
		if (sc->kernels[i].id && !strcmp(sc->kernels[i].id, id))
			return i;
	return -1;
}

static void read_session(struct loader *L, const struct ynode *n,
			 struct scenario_session *s)
{
	static const char *const keys[] = {"id", "path", "name", "type",
					   "kernel", NULL};
	s->kernel = -1;
	if (!is_map(L, n, "a session"))
		return;
	check_keys(L, n, keys, "a session");
	const struct ynode *v;
	if ((v = ymap_get(n, "id")))
		s->id = uuid_of(L, v);
	static const char *const fields[] = {"path", "type"};
	for (int i = 0; i < 2; i++)
		if (!ymap_get(n, fields[i]))
			err(L, n, "a session needs %s", q(L, fields[i]));
	if ((v = ymap_get(n, "path")) && text_of(L, v, "'path'")) {
		struct buf b = {0}; /* always a string, even 2024 or true */
		json_py_write_string(&b, v->text);
		s->path = arena_strdup(L->a, buf_cstr(&b));
		buf_free(&b);
	}
	/* name and type are any scalar, as a create takes them */
	if ((v = ymap_get(n, "type")) && v->kind != YNODE_SCALAR)
		err(L, v, "'type' must be a scalar");
	else if (v)
		s->type = json_text_of(L, v);
	s->name = arena_strdup(L->a, "null");
	if ((v = ymap_get(n, "name")) && v->kind != YNODE_SCALAR)
		err(L, v, "'name' must be a scalar");
	else if (v)
		s->name = json_text_of(L, v);
	if (!(v = ymap_get(n, "kernel")) || !text_of(L, v, "'kernel'"))
		return;
	s->kernel = find_kernel(L->sc, v->text);
	if (s->kernel < 0)
		s->kernel_name = v->text; /* a kernelspec: checked with the others */
}

static void check_kernelspec(struct loader *L, const struct ynode *at,
			     const char *name)
{
	const struct scenario *sc = L->sc;
	for (int i = 0; i < sc->nkernelspecs; i++)
		if (!strcmp(sc->kernelspecs[i], name))
			return;
	if (sc->nkernelspecs)
		err(L, at, "%s is neither a kernel of 'initial' nor a kernelspec "
			   "of 'kernels'", q(L, name));
}

/* One session per id and per path, as in the real server. */
static void check_session_unique(struct loader *L, const struct ynode *n,
				 int row)
{
	const struct scenario_session *s = &L->sc->sessions[row];
	for (int i = 0; i < row; i++) {
		const struct scenario_session *o = &L->sc->sessions[i];
		if (s->id && o->id && !strcmp(s->id, o->id))
			err(L, ymap_get(n, "id"), "session id %s is given twice",
			    q(L, s->id));
		if (s->path && o->path && !strcmp(s->path, o->path))
			err(L, ymap_get(n, "path"), "a second session has the path "
			    "%s (a path has one session)",
			    q(L, ymap_get(n, "path")->text));
	}
}

static void read_initial(struct loader *L, const struct ynode *n)
{
	static const char *const keys[] = {"kernels", "sessions", NULL};
	struct scenario *sc = L->sc;
	if (!is_map(L, n, "'initial'"))
		return;
	check_keys(L, n, keys, "'initial'");
	const struct ynode *ks = ymap_get(n, "kernels");
	const struct ynode *ss = ymap_get(n, "sessions");
	if (ks && is_seq(L, ks, "'kernels'")) {
		sc->kernels = arena_alloc(L->a, (ks->n + 1) * sizeof *sc->kernels);
		for (size_t i = 0; i < ks->n; i++) {
			struct scenario_kernel *k = &sc->kernels[i];
			read_kernel(L, ks->items[i], k);
			if (k->id && find_kernel(sc, k->id) >= 0)
				err(L, ks->items[i], "kernel id %s is given twice", q(L, k->id));
			if (k->name)
				check_kernelspec(L, ks->items[i], k->name);
			sc->nkernels++;
		}
	}
	if (ss && is_seq(L, ss, "'sessions'")) {
		sc->sessions = arena_alloc(L->a, (ss->n + 1) * sizeof *sc->sessions);
		for (size_t i = 0; i < ss->n; i++) {
			read_session(L, ss->items[i], &sc->sessions[i]);
			check_session_unique(L, ss->items[i], (int)i);
			if (sc->sessions[i].kernel_name)
				check_kernelspec(L, ymap_get(ss->items[i], "kernel"),
						 sc->sessions[i].kernel_name);
			sc->nsessions++;
		}
	}
}

/* ---- fault schedules ---- */

static void read_schedule(struct loader *L, const struct ynode *n,
			  struct scenario_schedule *s)
{
	static const char *const keys[] = {"every", "chance", "seed", "fault",
					   "match", NULL};
	s->line = n->line;
	s->match.op = -1;
	if (!is_map(L, n, "a fault schedule"))
		return;
	check_keys(L, n, keys, "a fault schedule");
	const struct ynode *every = ymap_get(n, "every");
	const struct ynode *chance = ymap_get(n, "chance");
	const struct ynode *fault = ymap_get(n, "fault");
	const struct ynode *v;
	if (!!every == !!chance)
		err(L, n, "a fault schedule has either 'every' or 'chance'");
	if (every)
		long_of(L, every, "'every'", 1, LONG_MAX, &s->every);
	if (chance && (json_number(chance, &s->chance) < 0 || s->chance < 0 ||
		       s->chance > 1))
		err(L, chance, "'chance' must be a number from 0 to 1");
	long seed = 0;
	if ((v = ymap_get(n, "seed")))
		long_of(L, v, "'seed'", 0, LONG_MAX, &seed);
	s->seed = (uint64_t)seed;
	if (fault)
		read_fault(L, fault, &s->fault);
	else
		err(L, n, "a fault schedule needs a 'fault'");
	if ((v = ymap_get(n, "match")))
		read_match(L, v, &s->match);
}

/* ---- the file ---- */

static void read_settings(struct loader *L, const struct ynode *root)
{
	struct scenario *sc = L->sc;
	const struct ynode *v;
	long seed;
	if ((v = ymap_get(root, "scenario")))
		sc->name = text_of(L, v, "'scenario'");
	if ((v = ymap_get(root, "description")))
		sc->description = text_of(L, v, "'description'");
	if ((v = ymap_get(root, "seed")) && long_of(L, v, "'seed'", 0, LONG_MAX, &seed) == 0) {
		sc->has_seed = 1;
		sc->seed = (uint64_t)seed;
	}
	if ((v = ymap_get(root, "clock")) && is_map(L, v, "'clock'")) {
		static const char *const keys[] = {"start", "step", NULL};
		const struct ynode *start = ymap_get(v, "start");
		const struct ynode *step = ymap_get(v, "step");
		check_keys(L, v, keys, "'clock'");
		if (start && (start->kind != YNODE_SCALAR ||
			      det_parse_iso(start->text, &sc->clock_start) < 0))
			err(L, start, "'start' must be an ISO-8601 UTC time such as "
				      "2026-01-01T00:00:00Z");
		sc->has_clock_start = start != NULL;
		sc->has_clock_step = step && duration_of(L, step, "'step'",
							 &sc->clock_step) == 0;
	}
	if ((v = ymap_get(root, "off_script"))) {
		if (!yscalar_is(v, "error") && !yscalar_is(v, "state"))
			err(L, v, "'off_script' is error or state");
		sc->off_script_state = yscalar_is(v, "state");
	}
}

static void read_kernelspecs(struct loader *L, const struct ynode *n)
{
	struct scenario *sc = L->sc;
	if (!is_seq(L, n, "'kernels'"))
		return;
	if (n->n == 0 || n->n > 16) {
		err(L, n, "'kernels' lists 1 to 16 kernelspec names");
		return;
	}
	sc->kernelspecs = arena_alloc(L->a, (n->n + 1) * sizeof *sc->kernelspecs);
	for (size_t i = 0; i < n->n; i++) {
		const char *name = text_of(L, n->items[i], "a kernelspec name");
		if (!name)
			continue;
		if (!*name) {
			err(L, n->items[i], "a kernelspec name cannot be empty");
			continue;
		}
		for (int j = 0; j < sc->nkernelspecs; j++)
			if (!strcmp(sc->kernelspecs[j], name)) {
				err(L, n->items[i], "kernelspec %s is listed twice",
				    q(L, name));
				name = NULL;
				break;
			}
		if (name)
			sc->kernelspecs[sc->nkernelspecs++] = name;
	}
}

static void read_root(struct loader *L, const struct ynode *root)
{
	static const char *const keys[] = {
		"scenario", "description", "seed", "clock", "kernels",
		"off_script", "initial", "faults", "steps", "states", NULL};
	struct scenario *sc = L->sc;
	if (!is_map(L, root, "a scenario"))
		return;
	check_keys(L, root, keys, "the scenario");
	if (!ymap_get(root, "scenario"))
		err(L, root, "a scenario needs a name: 'scenario: NAME'");
	read_settings(L, root);
	const struct ynode *v;
	if ((v = ymap_get(root, "kernels")))
		read_kernelspecs(L, v);
	if ((v = ymap_get(root, "initial")))
		read_initial(L, v);
	if ((v = ymap_get(root, "faults")) && is_seq(L, v, "'faults'")) {
		sc->schedules = arena_alloc(L->a, (v->n + 1) * sizeof *sc->schedules);
		for (size_t i = 0; i < v->n; i++)
			read_schedule(L, v->items[i], &sc->schedules[sc->nschedules++]);
	}
	read_script(L, root);
}

void scenario_free(struct scenario *sc)
{
	if (!sc)
		return;
	for (int i = 0; i < sc->njson; i++)
		cJSON_Delete(sc->json[i]);
	free(sc->json);
	arena_free(sc->arena);
}

struct scenario *scenario_load_text(const char *path, const char *text,
				    size_t len, FILE *diag_out)
{
	struct arena *a = arena_new();
	struct scenario *sc = arena_alloc(a, sizeof *sc);
	struct loader L = {.sc = sc, .a = a, .router = router_new()};
	sc->arena = a;
	sc->path = arena_strdup(a, path);
	diag_init(&L.d, sc->path, diag_out);
	const struct ynode *root = yaml_tree_load(a, &L.d, text, len);
	if (root)
		read_root(&L, root);
	router_free(L.router);
	int errors = L.d.errors;
	diag_flush(&L.d);
	if (errors || !root) {
		scenario_free(sc);
		return NULL;
	}
	return sc;
}

struct scenario *scenario_load(const char *path, FILE *diag_out)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(diag_out, "%s:1:1: error: cannot open the file\n", path);
		return NULL;
	}
	struct buf text = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	       text.len <= (size_t)MAX_FILE)
		buf_append(&text, chunk, n);
	int failed = ferror(f);
	fclose(f);
	struct scenario *sc = NULL;
	if (failed)
		fprintf(diag_out, "%s:1:1: error: cannot read the file\n", path);
	else if (text.len > (size_t)MAX_FILE)
		fprintf(diag_out, "%s:1:1: error: larger than %ld bytes\n", path,
			MAX_FILE);
	else
		sc = scenario_load_text(path, buf_cstr(&text), text.len, diag_out);
	buf_free(&text);
	return sc;
}
