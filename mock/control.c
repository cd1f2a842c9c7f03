/* control.c - admin requests to the admin API, the rest to an engine. */
#include "control.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin_api.h"

struct control *control_new(const struct control_options *opt)
{
	struct control *c = calloc(1, sizeof *c);
	struct catalog *catalog = catalog_new(opt->scenario_dir);
	for (int i = 0; i < opt->nscenarios; i++)
		if (catalog)
			catalog_add(catalog, opt->scenarios[i]);
		else
			scenario_free(opt->scenarios[i]);
	if (!c) {
		catalog_free(catalog);
		return NULL;
	}
	c->catalog = catalog;
	c->opt = *opt;
	pthread_mutex_init(&c->reload_lock, NULL);
	struct engine_options eo = opt->engine;
	struct buf why = {0}; /* a spec the handlers do not match */
	eo.scenario = opt->nscenarios ? opt->scenarios[0] : opt->scenario;
	if (!opt->nscenarios && opt->scenario && catalog)
		catalog_add_borrowed(catalog, opt->scenario);
	if (!catalog) /* else the catalog's reference keeps it */
		eo.scenario = NULL;
	eo.error = &why;
	c->shared = engine_new(&eo);
	c->instances = instances_new(&opt->engine, opt->max_instances > 0
							   ? opt->max_instances
							   : INSTANCES_DEFAULT_MAX);
	c->journal = journal_new(opt->journal);
	c->coverage = coverage_new();
	if (!c->catalog || !c->shared || !c->instances || !c->journal ||
	    !c->coverage || admin_register(c) < 0) {
		fprintf(stderr, "mock: cannot create the engine%s\n%s",
			why.len ? ":" : "", buf_cstr(&why));
		buf_free(&why);
		control_free(c);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &c->started);
	buf_free(&why);
	return c;
}

void control_free(struct control *c)
{
	if (!c)
		return;
	engine_free(c->shared);
	instances_free(c->instances);
	catalog_free(c->catalog); /* after the engines replaying its scenarios */
	journal_free(c->journal);
	coverage_free(c->coverage);
	pthread_mutex_destroy(&c->reload_lock);
	buf_free(&c->reload_errors);
	free(c->admin_bindings);
	free(c);
}

int control_is_admin_path(const char *path)
{
	size_t n = strlen(ADMIN_PREFIX);
	return strncmp(path, ADMIN_PREFIX, n) == 0 &&
	       (path[n] == '/' || path[n] == '\0');
}

int control_spec_conflict(const struct spec_operation *ops, int n,
			  const char *source, struct buf *err)
{
	for (int i = 0; i < n; i++)
		if (control_is_admin_path(ops[i].path)) {
			buf_printf(err, "%s:%d: error: %s %s (operation '%s') is "
					"under %s/, which the mock's admin API owns: "
					"rename the path to serve this spec",
				   source, ops[i].line, ops[i].method, ops[i].path,
				   ops[i].operation_id, ADMIN_PREFIX);
			return -1;
		}
	return 0;
}

static void record(struct control *c, const char *instance,
		   const struct mock_request *req, const struct reply *out)
{
	size_t body_len;
	const char *body = reply_body(out, &body_len);
	struct journal_record r = {
		.instance = instance,
		.scenario = out->scenario,
		.method = req->method,
		.path = req->path,
		.query = req->query,
		.req_headers = req->headers,
		.nreq_headers = req->nheaders,
		.req_body = req->body,
		.req_body_len = req->body_len,
		.op = out->op,
		.step = out->step,
		.off_script = out->off_script,
		.fault = out->fault.kind,
		.verdict = out->verdict,
		.note = out->note.len ? out->note.data : NULL,
		.status = out->status,
		.content_type = out->content_type,
		.resp_headers = out->headers.len ? out->headers.data : NULL,
		.resp_body = out->omit_body ? NULL : body,
		.resp_body_len = out->omit_body ? 0 : body_len,
		.time_us = out->date,
	};
	journal_add(c->journal, &r);
}

/* The engine of the instance the request names (referenced), or NULL
 * with out holding the 4xx. */
static struct engine *instance_engine(struct control *c,
				      const struct mock_request *req,
				      char key[INSTANCE_MAX_KEY + 1],
				      struct reply *out)
{
	struct buf err = {0};
	int status = 400;
	struct engine *e = NULL;
	char name[129];
	int named = instances_of_request(req, name, key, &err);
	const struct scenario *sc = named > 0 ? catalog_get(c->catalog, name, &err)
					      : NULL;
	if (named == 0)
		e = c->shared;
	else if (sc)
		e = instances_acquire(c->instances, key, sc, &err, &status);
	scenario_free(sc); /* the instance holds its own */
	if (!e) { /* no engine, no clock: the Date is the clocks' start */
		reply_error(out, status, buf_cstr(&err));
		out->date = c->opt.engine.clock_start;
		key[0] = '\0';
	}
	buf_free(&err);
	return e;
}

struct engine *control_engine_of(struct control *c,
				 const struct mock_request *req,
				 char key[INSTANCE_MAX_KEY + 1], struct reply *out)
{
	key[0] = '\0';
	/* Only a request that names a scenario pays for the instance map. */
	if (req->nheaders && (request_header(req, "X-Mock-Scenario") ||
			      request_header(req, "Cookie")))
		return instance_engine(c, req, key, out);
	return c->shared;
}

void control_release_engine(struct control *c, struct engine *e)
{
	if (e && e != c->shared)
		instances_release(c->instances, e);
}

/* --exit-when-done: tells main (SIGUSR1, once) when the shared
 * instance's scenario is done or a request went off script. */
static void watch_done(struct control *c, const struct reply *out)
{
	if (out->off_script)
		atomic_fetch_add(&c->off_script, 1);
	if ((out->off_script || engine_run_done(c->shared) == 1) &&
	    !atomic_exchange(&c->done_sent, 1))
		kill(getpid(), SIGUSR1);
}

void control_handle(struct control *c, const struct mock_request *req,
		    struct reply *out)
{
	if (control_is_admin_path(req->path)) {
		admin_handle(c, req, out);
		return;
	}
	char key[INSTANCE_MAX_KEY + 1];
	struct engine *e = control_engine_of(c, req, key, out);
	if (e)
		engine_handle(e, req, out);
	control_release_engine(c, e);
	if (e == c->shared && c->opt.exit_when_done)
		watch_done(c, out);
	coverage_count(c->coverage, out->op, out->status, out->example);
	if (journal_capacity(c->journal))
		record(c, key, req, out);
}

int control_reload(struct control *c, const char *path)
{
	struct buf err = {0};
	const struct scenario *sc = catalog_load_file(c->catalog, path, &err);
	const struct scenario *shared = engine_scenario_ref(c->shared);
	if (sc && shared && !strcmp(shared->name, sc->name))
		engine_reset(c->shared, sc);
	scenario_free(shared);
	if (sc)
		fprintf(stderr, "mock: reloaded %s (scenario '%s')\n", path, sc->name);
	else
		fprintf(stderr, "mock: %s not reloaded, the previous version "
				"serves on:\n%s", path, buf_cstr(&err));
	int rc = sc ? 0 : -1;
	scenario_free(sc);
	pthread_mutex_lock(&c->reload_lock);
	buf_reset(&c->reload_errors);
	buf_append(&c->reload_errors, err.data ? err.data : "", err.len);
	pthread_mutex_unlock(&c->reload_lock);
	buf_free(&err);
	return rc;
}

static int print_off_script(const struct journal_entry *e, void *ctx)
{
	if (e->off_script && !e->instance[0])
		fprintf(ctx, "mock: off script: %s %s (journal entry %llu)\n",
			e->method, e->path, (unsigned long long)e->seq);
	return 0;
}

int control_done_report(struct control *c, FILE *f)
{
	const struct scenario *sc = engine_scenario_ref(c->shared);
	int done = engine_run_done(c->shared) == 1;
	int off = atomic_load(&c->off_script);
	if (!sc) {
		fprintf(f, "mock: --exit-when-done: no scenario to finish\n");
		return 1;
	}
	if (done && !off) {
		fprintf(f, "mock: scenario '%s' done: every step taken\n", sc->name);
		scenario_free(sc);
		return 0;
	}
	struct buf state = {0}, next = {0};
	engine_run_status(c->shared, &state, &next);
	fprintf(f, "mock: scenario '%s' not done cleanly: %d request%s off script",
		sc->name, off, off == 1 ? "" : "s");
	if (!done)
		fprintf(f, "; state '%s' still expects %s", buf_cstr(&state), buf_cstr(&next));
	fputc('\n', f);
	journal_each(c->journal, print_off_script, f);
	buf_free(&state);
	buf_free(&next);
	scenario_free(sc);
	return 1;
}
