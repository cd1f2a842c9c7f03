/* scenario_run.c - where one replay of a scenario stands, and its moves. */
#include "scenario.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "det.h"
#include "optable.h"
#include "request.h"
#include "router.h"
#include "spec_tables.h"

struct scenario_run {
	const struct scenario *sc;
	int state;              /* the current state */
	int pos;                /* sequence: the step expected, within the state */
	long *used;             /* per step: times taken since its state began */
	/* any-order states: the steps not used up, in file order, as a
	 * list, so that a request never walks past the ones consumed */
	int *next_open;         /* per step: the next open step, or -1 */
	int first_open;         /* of the current state, or -1 */
	uint64_t *seen;         /* per schedule: matching requests so far */
	long *played;           /* per schedule: faults it has played */
	struct det_rng *rngs;   /* per schedule with a chance */
	long *kernel_used;      /* per kernel step: times it answered */
};

static void enter_state(struct scenario_run *run, int state)
{
	const struct scenario_state *s = &run->sc->states[state];
	run->state = state;
	run->pos = 0;
	memset(run->used + s->first_step, 0, (size_t)s->nsteps * sizeof *run->used);
	run->first_open = s->nsteps ? s->first_step : -1;
	for (int i = s->first_step; i < s->first_step + s->nsteps; i++)
		run->next_open[i] = i + 1 < s->first_step + s->nsteps ? i + 1 : -1;
}

struct scenario_run *scenario_run_new(const struct scenario *sc)
{
	struct scenario_run *run = calloc(1, sizeof *run);
	if (!run)
		abort();
	run->sc = sc;
	run->used = calloc((size_t)sc->nsteps + 1, sizeof *run->used);
	run->next_open = calloc((size_t)sc->nsteps + 1, sizeof *run->next_open);
	run->seen = calloc((size_t)sc->nschedules + 1, sizeof *run->seen);
	run->played = calloc((size_t)sc->nschedules + 1, sizeof *run->played);
	run->rngs = calloc((size_t)sc->nschedules + 1, sizeof *run->rngs);
	run->kernel_used = calloc((size_t)sc->nkernel_steps + 1,
				  sizeof *run->kernel_used);
	if (!run->used || !run->next_open || !run->seen || !run->played ||
	    !run->rngs || !run->kernel_used)
		abort();
	for (int i = 0; i < sc->nschedules; i++)
		det_rng_seed(&run->rngs[i], sc->schedules[i].seed);
	if (sc->nstates)
		enter_state(run, 0);
	return run;
}

void scenario_run_free(struct scenario_run *run)
{
	if (!run)
		return;
	free(run->used);
	free(run->next_open);
	free(run->seen);
	free(run->played);
	free(run->rngs);
	free(run->kernel_used);
	free(run);
}

const struct scenario *scenario_of(const struct scenario_run *run)
{
	return run->sc;
}

/* 1 when every key of pattern is in value with an equal value. */
static int holds(const cJSON *pattern, const cJSON *value)
{
	if (!cJSON_IsObject(pattern) || !cJSON_IsObject(value))
		return cJSON_Compare(pattern, value, 1);
	for (const cJSON *p = pattern->child; p; p = p->next) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(value, p->string);
		if (!v || !holds(p, v))
			return 0;
	}
	return 1;
}

/* Counts one part not matched and, with why, names it there: what,
 * then name quoted when given ("query 'q'"). */
static void miss(int *n, struct buf *why, const char *what, const char *name)
{
	++*n;
	if (!why)
		return;
	if (why->len)
		buf_puts(why, ", ");
	buf_puts(why, what);
	if (name)
		buf_printf(why, " '%s'", name);
}

/* The number of parts of m the call does not match; with why, each is
 * named there ("operation", "session", "query 'q'", "header 'h'",
 * "body"), for an off-script error.  Without why it stops at the first. */
static int mismatches(const struct scenario_match *m,
		      const struct op_call *c, struct buf *why)
{
	int n = 0;
	if (m->op >= 0 && m->op != c->op)
		miss(&n, why, "operation", NULL);
	for (int i = 0; i < m->nparams && (why || !n); i++) {
		const char *v = route_param(c->route, m->params[i].name);
		if (!v || strcmp(v, m->params[i].value))
			miss(&n, why, m->params[i].name, NULL);
	}
	struct buf v = {0};
	for (int i = 0; i < m->nquery && (why || !n); i++) {
		buf_reset(&v);
		if (request_query(c->req, m->query[i].name, &v) != 0 ||
		    strcmp(buf_cstr(&v), m->query[i].value))
			miss(&n, why, "query", m->query[i].name);
	}
	buf_free(&v);
	for (int i = 0; i < m->nheaders && (why || !n); i++) {
		const char *h = request_header(c->req, m->headers[i].name);
		if (!h || strcmp(h, m->headers[i].value))
			miss(&n, why, "header", m->headers[i].name);
	}
	if (m->body && (why || !n) && !(c->body && holds(m->body, c->body)))
		miss(&n, why, "body", NULL);
	return n;
}

static int matches(const struct scenario_match *m,
		   const struct op_call *c)
{
	return mismatches(m, c, NULL) == 0;
}

static int used_up(const struct scenario_run *run, int step)
{
	long repeat = run->sc->steps[step].repeat;
	return repeat != SCENARIO_FOREVER && run->used[step] >= repeat;
}

/* The step index that takes the request in the current state, or -1;
 * *prev is the open step before it in an any-order state (or -1). */
static int find_step(const struct scenario_run *run,
		     const struct op_call *call, int *prev)
{
	const struct scenario *sc = run->sc;
	const struct scenario_state *s = &sc->states[run->state];
	*prev = -1;
	if (!s->any_order) {
		int step = s->first_step + run->pos;
		return run->pos < s->nsteps && matches(&sc->steps[step].match, call)
			       ? step : -1;
	}
	for (int i = run->first_open; i >= 0; *prev = i, i = run->next_open[i])
		if (matches(&sc->steps[i].match, call))
			return i;
	return -1;
}

const struct scenario_step *scenario_take_step(struct scenario_run *run,
					       const struct op_call *call)
{
	if (!run->sc->nstates)
		return NULL;
	int prev;
	int step = find_step(run, call, &prev);
	if (step < 0)
		return NULL;
	const struct scenario_step *st = &run->sc->steps[step];
	run->used[step]++;
	if (used_up(run, step)) {
		if (prev < 0)
			run->first_open = run->next_open[step];
		else
			run->next_open[prev] = run->next_open[step];
		if (st->next_state >= 0)
			enter_state(run, st->next_state);
		else if (!run->sc->states[run->state].any_order)
			run->pos++;
	}
	return st;
}

struct fault scenario_scheduled_fault(struct scenario_run *run,
				      const struct op_call *call)
{
	struct fault chosen = {FAULT_NONE, 0, 0, 0};
	/* Every schedule counts (and draws for) every request it matches,
	 * even one an earlier schedule faults: each keeps its own rhythm.
	 * The first in file order that hits wins; a schedule with 'times'
	 * stops once it has played that many (a hit another one won does
	 * not count). */
	for (int i = 0; i < run->sc->nschedules; i++) {
		const struct scenario_schedule *s = &run->sc->schedules[i];
		if (!matches(&s->match, call))
			continue;
		run->seen[i]++;
		int hit = s->every ? run->seen[i] % (uint64_t)s->every == 0
				   : (double)(det_rng_next(&run->rngs[i]) >> 11) *
						     0x1.0p-53 < s->chance;
		if (hit && chosen.kind == FAULT_NONE &&
		    (!s->times || run->played[i] < s->times)) {
			chosen = s->fault;
			run->played[i]++;
		}
	}
	return chosen;
}

/* The operation's path with the ids the step fixes written in, so an
 * error shows /api/sessions/2d4e... rather than /api/sessions/{session}. */
static void put_path(const struct scenario_match *m, const char *path,
		     struct buf *out)
{
	for (const char *p = path; *p;) {
		size_t len = strcspn(p, "}");
		const char *value = NULL;
		for (int i = 0; *p == '{' && p[len] && i < m->nparams; i++)
			if (strlen(m->params[i].name) == len - 1 &&
			    !strncmp(m->params[i].name, p + 1, len - 1))
				value = m->params[i].value;
		if (value) {
			buf_puts(out, value);
			p += len + 1;
		} else {
			buf_putc(out, *p++);
		}
	}
}

static void put_pairs(const char *what, const struct scenario_pair *pairs,
		      int n, struct buf *out)
{
	for (int i = 0; i < n; i++)
		buf_printf(out, " %s %s: '%s'", what, pairs[i].name, pairs[i].value);
}

/* "step 2 (name): sessionsUpdate (PATCH /api/sessions/ID) with body {...}
 * query q: 'v' header h: 'v'" and, for a request given, what of it the
 * step did not match. */
static void describe_step(const struct scenario_step *st,
			  const struct op_call *call, struct buf *out)
{
	const struct scenario_match *m = &st->match;
	buf_puts(out, st->label);
	if (m->op >= 0) {
		const struct spec_operation *op = &spec_operations[m->op];
		buf_printf(out, ": %s (%s ", op->operation_id, op->method);
		put_path(m, op->path, out);
		buf_putc(out, ')');
	}
	if (m->body) {
		char *text = cJSON_PrintUnformatted(m->body);
		buf_printf(out, " with body %s", text ? text : "?");
		cJSON_free(text);
	}
	put_pairs("query", m->query, m->nquery, out);
	put_pairs("header", m->headers, m->nheaders, out);
	struct buf why = {0};
	if (call && mismatches(m, call, &why))
		buf_printf(out, " [not matched: %s]", buf_cstr(&why));
	buf_free(&why);
}

void scenario_describe_expected(const struct scenario_run *run,
				const struct op_call *call,
				struct buf *out)
{
	const struct scenario *sc = run->sc;
	const struct scenario_state *s = &sc->states[run->state];
	int open = 0;
	if (!s->any_order && run->pos < s->nsteps) {
		describe_step(&sc->steps[s->first_step + run->pos], call, out);
		open = 1;
	}
	for (int i = s->any_order ? run->first_open : -1; i >= 0;
	     i = run->next_open[i]) {
		buf_puts(out, open++ ? " or " : "");
		describe_step(&sc->steps[i], call, out);
	}
	if (!open)
		buf_printf(out, "nothing more (the %d step%s of state '%s' %s used up)",
			   s->nsteps, s->nsteps == 1 ? "" : "s", s->name,
			   s->nsteps == 1 ? "is" : "are");
}

const char *scenario_run_state(const struct scenario_run *run)
{
	return run->sc->nstates ? run->sc->states[run->state].name : NULL;
}

int scenario_run_enter(struct scenario_run *run, const char *name)
{
	for (int i = 0; i < run->sc->nstates; i++)
		if (!strcmp(run->sc->states[i].name, name)) {
			enter_state(run, i);
			return 0;
		}
	return -1;
}

static int code_matches(const struct kernel_step *k, const char *code)
{
	switch (k->code_match) {
	case KCODE_EXACT: return strcmp(code, k->code) == 0;
	case KCODE_PREFIX: return strncmp(code, k->code, strlen(k->code)) == 0;
	case KCODE_REGEX: return regexec(k->regex, code, 0, NULL, 0) == 0;
	default: return 1;
	}
}

const struct kernel_step *scenario_take_kernel_step(struct scenario_run *run,
						    const char *msg_type,
						    const char *code)
{
	for (int i = 0; i < run->sc->nkernel_steps; i++) {
		const struct kernel_step *k = &run->sc->kernel_steps[i];
		if (k->repeat != SCENARIO_FOREVER && run->kernel_used[i] >= k->repeat)
			continue;
		if (strcmp(k->msg_type, msg_type) != 0 || !code_matches(k, code))
			continue;
		run->kernel_used[i]++;
		return k;
	}
	return NULL;
}

int scenario_run_done(const struct scenario_run *run)
{
	if (!run->sc->nstates)
		return 1;
	const struct scenario_state *s = &run->sc->states[run->state];
	return s->any_order ? run->first_open < 0 : run->pos >= s->nsteps;
}
