/* coverage.c - counts of operations, statuses and examples used. */
#include "coverage.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_answer.h"
#include "spec_tables.h"

#define NSTATUS 500 /* 100 to 599 */

struct coverage {
	atomic_ulong *calls;    /* per operation */
	atomic_ulong *statuses; /* per operation, NSTATUS each */
	atomic_ulong *examples; /* per spec_examples row */
	atomic_ulong unrouted;
};

struct coverage *coverage_new(void)
{
	struct coverage *c = calloc(1, sizeof *c);
	size_t nops = (size_t)spec_operation_count + 1;
	if (!c)
		return NULL;
	c->calls = calloc(nops, sizeof *c->calls);
	c->statuses = calloc(nops * NSTATUS, sizeof *c->statuses);
	c->examples = calloc((size_t)spec_example_count + 1, sizeof *c->examples);
	if (!c->calls || !c->statuses || !c->examples) {
		coverage_free(c);
		return NULL;
	}
	return c;
}

void coverage_free(struct coverage *c)
{
	if (!c)
		return;
	free(c->calls);
	free(c->statuses);
	free(c->examples);
	free(c);
}

void coverage_count(struct coverage *c, int op, int status, int example)
{
	if (op < 0 || op >= spec_operation_count) {
		atomic_fetch_add_explicit(&c->unrouted, 1, memory_order_relaxed);
		return;
	}
	atomic_fetch_add_explicit(&c->calls[op], 1, memory_order_relaxed);
	if (status >= 100 && status < 100 + NSTATUS)
		atomic_fetch_add_explicit(&c->statuses[op * NSTATUS + status - 100],
					  1, memory_order_relaxed);
	if (example >= 0 && example < spec_example_count)
		atomic_fetch_add_explicit(&c->examples[example], 1,
					  memory_order_relaxed);
}

void coverage_clear(struct coverage *c)
{
	for (int i = 0; i < spec_operation_count; i++) {
		atomic_store(&c->calls[i], 0);
		for (int s = 0; s < NSTATUS; s++)
			atomic_store(&c->statuses[i * NSTATUS + s], 0);
	}
	for (int i = 0; i < spec_example_count; i++)
		atomic_store(&c->examples[i], 0);
	atomic_store(&c->unrouted, 0);
}

static unsigned long status_calls(struct coverage *c, int op, int status)
{
	return atomic_load(&c->statuses[op * NSTATUS + status - 100]);
}

/* Calls answered with a status the response row covers ("404", "4XX",
 * "default": the statuses no other row of the operation declares). */
static unsigned long response_calls(struct coverage *c, int op, int resp)
{
	unsigned long n = 0;
	for (int s = 100; s < 100 + NSTATUS; s++)
		if (spec_find_response(op, s) == resp)
			n += status_calls(c, op, s);
	return n;
}

struct totals {
	int ops, ops_used, responses, responses_used, examples, examples_used;
};

static cJSON *examples_json(struct coverage *c, int resp, struct totals *t)
{
	cJSON *list = cJSON_CreateArray();
	const struct spec_response *r = &spec_responses[resp];
	for (int m = r->media; m < r->media + r->nmedia; m++)
		for (int x = spec_medias[m].examples;
		     x < spec_medias[m].examples + spec_medias[m].nexamples; x++) {
			cJSON *o = cJSON_CreateObject();
			unsigned long n = atomic_load(&c->examples[x]);
			cJSON_AddStringToObject(o, "name", spec_examples[x].name);
			cJSON_AddNumberToObject(o, "calls", (double)n);
			cJSON_AddItemToArray(list, o);
			t->examples++;
			t->examples_used += n > 0;
		}
	return list;
}

/* Statuses answered that the operation declares no response for. */
static cJSON *undeclared_json(struct coverage *c, int op)
{
	cJSON *o = cJSON_CreateObject();
	for (int s = 100; s < 100 + NSTATUS; s++) {
		unsigned long n = status_calls(c, op, s);
		char key[16];
		if (n && spec_find_response(op, s) < 0) {
			snprintf(key, sizeof key, "%d", s);
			cJSON_AddNumberToObject(o, key, (double)n);
		}
	}
	return o;
}

static cJSON *operation_json(struct coverage *c, int op, struct totals *t)
{
	const struct spec_operation *o = &spec_operations[op];
	cJSON *j = cJSON_CreateObject();
	unsigned long calls = atomic_load(&c->calls[op]);
	cJSON_AddStringToObject(j, "operation", o->operation_id);
	cJSON_AddStringToObject(j, "method", o->method);
	cJSON_AddStringToObject(j, "path", o->path);
	cJSON_AddNumberToObject(j, "calls", (double)calls);
	cJSON *list = cJSON_AddArrayToObject(j, "responses");
	for (int r = o->responses; r < o->responses + o->nresponses; r++) {
		cJSON *rj = cJSON_CreateObject();
		unsigned long n = response_calls(c, op, r);
		cJSON_AddStringToObject(rj, "status", spec_responses[r].status);
		cJSON_AddNumberToObject(rj, "calls", (double)n);
		cJSON_AddItemToObject(rj, "examples", examples_json(c, r, t));
		cJSON_AddItemToArray(list, rj);
		t->responses++;
		t->responses_used += n > 0;
	}
	cJSON_AddItemToObject(j, "undeclared_statuses", undeclared_json(c, op));
	t->ops++;
	t->ops_used += calls > 0;
	return j;
}

cJSON *coverage_json(struct coverage *c)
{
	struct totals t = {0};
	cJSON *o = cJSON_CreateObject();
	cJSON *ops = cJSON_CreateArray();
	for (int i = 0; i < spec_operation_count; i++)
		cJSON_AddItemToArray(ops, operation_json(c, i, &t));
	cJSON *sum = cJSON_AddObjectToObject(o, "summary");
	cJSON_AddNumberToObject(sum, "operations", t.ops);
	cJSON_AddNumberToObject(sum, "operations_used", t.ops_used);
	cJSON_AddNumberToObject(sum, "responses", t.responses);
	cJSON_AddNumberToObject(sum, "responses_used", t.responses_used);
	cJSON_AddNumberToObject(sum, "examples", t.examples);
	cJSON_AddNumberToObject(sum, "examples_used", t.examples_used);
	cJSON_AddNumberToObject(sum, "unrouted_requests",
				(double)atomic_load(&c->unrouted));
	cJSON_AddItemToObject(o, "operations", ops);
	return o;
}

void coverage_text(struct coverage *c, struct buf *out)
{
	cJSON *j = coverage_json(c);
	buf_printf(out, "%-24s %-7s %7s  %s\n", "OPERATION", "METHOD", "CALLS",
		   "RESPONSES (calls; - never used)");
	const cJSON *op;
	cJSON_ArrayForEach(op, cJSON_GetObjectItem(j, "operations")) {
		buf_printf(out, "%-24s %-7s %7.0f ",
			   cJSON_GetObjectItem(op, "operation")->valuestring,
			   cJSON_GetObjectItem(op, "method")->valuestring,
			   cJSON_GetObjectItem(op, "calls")->valuedouble);
		const cJSON *r;
		cJSON_ArrayForEach(r, cJSON_GetObjectItem(op, "responses")) {
			double n = cJSON_GetObjectItem(r, "calls")->valuedouble;
			buf_printf(out, " %s", cJSON_GetObjectItem(r, "status")->valuestring);
			if (n > 0)
				buf_printf(out, " (%.0f)", n);
			else
				buf_puts(out, " -");
		}
		buf_putc(out, '\n');
	}
	const cJSON *s = cJSON_GetObjectItem(j, "summary");
#define N(k) cJSON_GetObjectItem(s, k)->valuedouble
	buf_printf(out, "operations used: %.0f of %.0f; responses used: %.0f of "
			"%.0f; examples used: %.0f of %.0f; unrouted requests: %.0f\n",
		   N("operations_used"), N("operations"), N("responses_used"),
		   N("responses"), N("examples_used"), N("examples"),
		   N("unrouted_requests"));
#undef N
	cJSON_Delete(j);
}
