/* scenario_load_script.c - a scenario's steps and states, each step's
 * match and actions, and the links between states. */
#include "scenario_loader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "router.h"
#include "spec_tables.h"

/* ---- match ---- */

static int find_operation(const char *id)
{
	for (int i = 0; i < spec_operation_count; i++)
		if (strcmp(spec_operations[i].operation_id, id) == 0)
			return i;
	return -1;
}

/* What a {placeholder} segment is routed as: it has the shape of an id
 * (\w+-\w+-\w+-\w+-\w+, as uuid parameters are routed) and is no id
 * (those are hex). */
#define PLACEHOLDER_STAND_IN "_-_-_-_-_"

/* Path parameters given as values (not "{name}") must be equal. */
static void keep_params(struct loader *L, const struct route_match *rm,
			struct scenario_match *m)
{
	m->params = arena_alloc(L->a, (size_t)(rm->nparams + 1) * sizeof *m->params);
	for (int i = 0; i < rm->nparams; i++) {
		const char *v = rm->params[i].value;
		if (!strcmp(v, PLACEHOLDER_STAND_IN))
			continue;
		const char *name = rm->params[i].name;
		m->params[m->nparams].name =
			arena_strndup(L->a, name, strcspn(name, "}"));
		m->params[m->nparams++].value = arena_strdup(L->a, v);
	}
}

/* The path with each whole-segment {placeholder} replaced by the
 * stand-in, so that it routes as any value would; NULL when out of memory. */
static char *route_text(const char *path)
{
	/* a stand-in is at most 3 times as long as its placeholder ({x}) */
	char *out = malloc(strlen(path) * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = path; *p;) {
		size_t len = strcspn(p, "/");
		if (len > 2 && p[0] == '{' && p[len - 1] == '}' &&
		    memchr(p + 1, '{', len - 2) == NULL) {
			memcpy(o, PLACEHOLDER_STAND_IN, strlen(PLACEHOLDER_STAND_IN));
			o += strlen(PLACEHOLDER_STAND_IN);
		} else {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
		if (*p)
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static void resolve_route(struct loader *L, const struct ynode *method,
			  const struct ynode *path, struct scenario_match *m)
{
	struct route_match rm;
	const char *mt = yread_string(&L->d, method, "'method'");
	const char *pt = yread_string(&L->d, path, "'path'");
	if (!mt || !pt)
		return;
	char *routed = route_text(pt);
	if (!routed)
		abort();
	switch (router_match(L->router, mt, routed, &rm)) {
	case ROUTE_FOUND:
		if (m->op >= 0 && m->op != rm.op)
			load_err(L, path, "%s %s is not the operation %s", load_q(L, mt),
			    load_q(L, pt), load_q(L, spec_operations[m->op].operation_id));
		m->op = rm.op;
		keep_params(L, &rm, m);
		break;
	case ROUTE_NO_METHOD:
		load_err(L, method, "%s is not a method of %s (it has %s)", load_q(L, mt),
		    load_q(L, pt), rm.allowed);
		break;
	default:
		load_err(L, path, "no operation of the spec has the path %s", load_q(L, pt));
	}
	free(routed);
}

void load_match(struct loader *L, const struct ynode *n,
		       struct scenario_match *m)
{
	static const char *const keys[] = {"operation", "method", "path",
					   "body", "query", "headers", NULL};
	m->op = -1;
	if (!n || !(yread_map(&L->d, n, "'match'") != NULL))
		return;
	yread_keys(&L->d, n, keys, "'match'");
	const struct ynode *op = ymap_get(n, "operation");
	const struct ynode *method = ymap_get(n, "method");
	const struct ynode *path = ymap_get(n, "path");
	const char *id = op ? yread_string(&L->d, op, "'operation'") : NULL;
	if (id && (m->op = find_operation(id)) < 0)
		load_err(L, op, "unknown operation %s", load_q(L, id));
	if (method && path)
		resolve_route(L, method, path, m);
	else if (method || path)
		load_err(L, method ? method : path,
		    "'method' and 'path' go together");
	const struct ynode *v;
	if ((v = ymap_get(n, "body")))
		m->body = load_json(L, v);
	if ((v = ymap_get(n, "query")))
		m->nquery = load_pairs(L, v, "'query'", &m->query);
	if ((v = ymap_get(n, "headers")))
		m->nheaders = load_pairs(L, v, "'headers'", &m->headers);
}


static void read_actions(struct loader *L, const struct ynode *n,
			 struct scenario_step *st)
{
	if (!(yread_seq(&L->d, n, "'then'") != NULL))
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
			a->kernel = yread_string(&L->d, v, "'kill_kernel'");
		} else if (item->kind == YNODE_MAP && item->n == 1 &&
			   (v = ymap_get(item, "kernel_state")) &&
			   v->kind == YNODE_MAP && v->n == 2 && ymap_get(v, "kernel") &&
			   ymap_get(v, "execution_state")) {
			a->kind = ACTION_KERNEL_STATE;
			a->kernel = yread_string(&L->d, ymap_get(v, "kernel"), "'kernel'");
			a->execution_state = yread_string(
				&L->d, ymap_get(v, "execution_state"), "'execution_state'");
			load_check_execution_state(L, ymap_get(v, "execution_state"),
					      a->execution_state);
		} else {
			load_err(L, item, "an action is {kill_kernel: ID} or {kernel_state: "
				     "{kernel: ID, execution_state: S}}");
			continue;
		}
		if (a->kernel) {
			load_check_templates(L, item, a->kernel);
			st->nactions++;
		}
	}
}


/* ---- steps and states ---- */

static void read_step(struct loader *L, const struct ynode *n, int index,
		      struct scenario_step *st)
{
	static const char *const keys[] = {"name", "match", "respond", "fault",
					   "then", "repeat", "next", NULL};
	st->line = n->line;
	st->repeat = 1;
	st->next_state = -1;
	st->label = arena_printf(L->a, "step %d", index + 1);
	if (!(yread_map(&L->d, n, "a step") != NULL))
		return;
	yread_keys(&L->d, n, keys, "a step");
	const struct ynode *v;
	if ((v = ymap_get(n, "name")) && yread_string(&L->d, v, "'name'"))
		st->label = arena_printf(L->a, "step %d (%s)", index + 1, v->text);
	load_match(L, ymap_get(n, "match"), &st->match);
	st->respond.example = st->respond.response = -1;
	if ((v = ymap_get(n, "respond")))
		load_respond(L, v, st->match.op, &st->respond);
	if ((v = ymap_get(n, "fault")))
		fault_read(&L->d, v, &st->fault);
	if ((v = ymap_get(n, "then")))
		read_actions(L, v, st);
	if ((v = ymap_get(n, "repeat")))
		load_repeat(L, v, &st->repeat);
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
		yread_keys(&L->d, n, keys, "a state");
		const struct ynode *order = ymap_get(n, "order");
		if (order && !yscalar_is(order, "sequence") && !yscalar_is(order, "any"))
			load_err(L, order, "'order' is sequence or any");
		state->any_order = yscalar_is(order, "any");
		steps = ymap_get(n, "steps");
	}
	if (!steps || !(yread_seq(&L->d, steps, "the steps") != NULL))
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
		if (!next || !yread_string(&L->d, next, "'next'"))
			continue;
		sc->steps[i].next_state = find_state(sc, next->text);
		if (sc->steps[i].next_state < 0)
			load_err(L, next, "unknown state %s", load_q(L, next->text));
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
			load_err(L, L->state_at[i], "state %s cannot be reached from %s",
			    load_q(L, sc->states[i].name), load_q(L, sc->states[0].name));
}

void load_script(struct loader *L, const struct ynode *root)
{
	struct scenario *sc = L->sc;
	const struct ynode *states = ymap_get(root, "states");
	const struct ynode *steps = ymap_get(root, "steps");
	if (states && steps)
		load_err(L, steps, "'steps' and 'states' exclude each other: put the "
			      "steps in a state");
	size_t nsteps = count_steps(states, steps);
	size_t nstates = states && states->kind == YNODE_MAP ? states->n : 1;
	sc->steps = arena_alloc(L->a, (nsteps + 1) * sizeof *sc->steps);
	sc->states = arena_alloc(L->a, (nstates + 1) * sizeof *sc->states);
	L->next_of = arena_alloc(L->a, (nsteps + 1) * sizeof *L->next_of);
	L->state_at = arena_alloc(L->a, (nstates + 1) * sizeof *L->state_at);
	if (states && (yread_map(&L->d, states, "'states'") != NULL)) {
		for (size_t i = 0; i < states->n; i++)
			read_state(L, ymap_key(states, i)->text,
				   ymap_value(states, i), ymap_key(states, i));
	} else if (!steps || (yread_seq(&L->d, steps, "'steps'") != NULL)) {
		read_state(L, "main", steps, steps ? steps : root);
	} else {
		read_state(L, "main", NULL, steps); /* an empty script */
	}
	link_states(L);
}

