/* scenario_run.c - where one replay of a scenario stands, and its moves. */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

#include "det.h"
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
	struct det_rng *rngs;   /* per schedule with a chance */
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
	run->rngs = calloc((size_t)sc->nschedules + 1, sizeof *run->rngs);
	if (!run->used || !run->next_open || !run->seen || !run->rngs)
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
	free(run->rngs);
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

static int matches(const struct scenario_match *m,
		   const struct scenario_call *c)
{
	if (m->op >= 0 && m->op != c->op)
		return 0;
	for (int i = 0; i < m->nparams; i++) {
		const char *v = route_param(c->route, m->params[i].name);
		if (!v || strcmp(v, m->params[i].value))
			return 0;
	}
	for (int i = 0; i < m->nheaders; i++) {
		const char *v = request_header(c->req, m->headers[i].name);
		if (!v || strcmp(v, m->headers[i].value))
			return 0;
	}
	int ok = 1;
	struct buf v = {0};
	for (int i = 0; i < m->nquery && ok; i++) {
		buf_reset(&v);
		ok = request_query(c->req, m->query[i].name, &v) == 0 &&
		     !strcmp(buf_cstr(&v), m->query[i].value);
	}
	buf_free(&v);
	return ok && (!m->body || (c->body && holds(m->body, c->body)));
}


static int used_up(const struct scenario_run *run, int step)
{
	long repeat = run->sc->steps[step].repeat;
	return repeat != SCENARIO_FOREVER && run->used[step] >= repeat;
}

/* The step index that takes the request in the current state, or -1;
 * *prev is the open step before it in an any-order state (or -1). */
static int find_step(const struct scenario_run *run,
		     const struct scenario_call *call, int *prev)
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
					       const struct scenario_call *call)
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
				      const struct scenario_call *call)
{
	struct fault chosen = {FAULT_NONE, 0, 0, 0};
	/* Every schedule counts (and draws for) every request it matches,
	 * even one an earlier schedule faults: each keeps its own rhythm.
	 * The first in file order that hits wins. */
	for (int i = 0; i < run->sc->nschedules; i++) {
		const struct scenario_schedule *s = &run->sc->schedules[i];
		if (!matches(&s->match, call))
			continue;
		run->seen[i]++;
		int hit = s->every ? run->seen[i] % (uint64_t)s->every == 0
				   : (double)(det_rng_next(&run->rngs[i]) >> 11) *
						     0x1.0p-53 < s->chance;
		if (hit && chosen.kind == FAULT_NONE)
			chosen = s->fault;
	}
	return chosen;
}

static void describe_step(const struct scenario_step *st, struct buf *out)
{
	buf_puts(out, st->label);
	if (st->match.op >= 0) {
		const struct spec_operation *op = &spec_operations[st->match.op];
		buf_printf(out, ": %s (%s %s)", op->operation_id, op->method,
			   op->path);
	}
}

void scenario_describe_expected(const struct scenario_run *run,
				struct buf *out)
{
	const struct scenario *sc = run->sc;
	const struct scenario_state *s = &sc->states[run->state];
	int open = 0;
	if (!s->any_order && run->pos < s->nsteps) {
		describe_step(&sc->steps[s->first_step + run->pos], out);
		open = 1;
	}
	for (int i = s->any_order ? run->first_open : -1; i >= 0;
	     i = run->next_open[i]) {
		buf_puts(out, open++ ? " or " : "");
		describe_step(&sc->steps[i], out);
	}
	if (!open)
		buf_printf(out, "nothing more (the %d step%s of state '%s' %s used up)",
			   s->nsteps, s->nsteps == 1 ? "" : "s", s->name,
			   s->nsteps == 1 ? "is" : "are");
}
