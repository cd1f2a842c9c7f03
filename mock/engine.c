/* engine.c - one request's pipeline under the engine's lock: route,
 * override, scenario step, validation, handler, reply. */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include "engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "json_py.h"
#include "kernels_api.h"
#include "prefer.h"
#include "redirect.h"
#include "request_check.h"
#include "router.h"
#include "scenario_render.h"
#include "scenario_seed.h"
#include "sessions_api.h"
#include "spec_tables.h"
#include "validate.h"

struct engine {
	pthread_mutex_t lock;
	struct engine_options base; /* as given: engine_reset starts from it */
	struct engine_options opt;
	struct store *store;
	struct router *router;
	struct optable *table;
	struct validator *validator; /* the spec's schemas, patterns compiled */
	struct det_clock clock;
	struct scenario_run *run; /* NULL without a scenario */
	struct kernelspec_catalog specs;
	struct kernel_sink sink; /* the channels websockets; send NULL: none */
	struct kernels_context kernels; /* what the Kernels handlers reach */
};

/* The kernelspec names the store has, with the scenario's fields. */
static void catalog_of(const struct engine_options *o,
		       struct kernelspec_catalog *c)
{
	const struct scenario *sc = o->scenario;
	c->n = o->store.nkernelspecs;
	for (int i = 0; i < c->n; i++) {
		c->names[i] = o->store.kernelspecs[i];
		c->fields[i] = sc && sc->nkernelspecs && sc->kernelspec_fields
				       ? sc->kernelspec_fields[i] : NULL;
	}
}

/* GET /api: the server's version, as @jupyterlab/services asks at start. */
static void answer_version(const struct op_call *call, struct reply *out)
{
	(void)call;
	struct buf body = {0};
	buf_puts(&body, "{\"version\": ");
	json_py_write_string(&body, spec_api_version);
	buf_putc(&body, '}');
	reply_json(out, 200, body.data, body.len);
	buf_free(&body);
}

/* The handlers the engine serves with: the Sessions and Kernels
 * operations over the store (unless stateless), and GET /api.  -1 with
 * the reason in err. */
static int build_table(struct engine *e, struct buf *err)
{
	e->kernels = (struct kernels_context){&e->opt.clock_start, &e->clock,
					      &e->specs, &e->sink};
	struct op_group kernels = kernels_api;
	kernels.data = &e->kernels;
	if (e->opt.stateful && (optable_bind(e->table, &sessions_api, err) < 0 ||
				optable_bind(e->table, &kernels, err) < 0))
		return -1;
	return optable_add_route(e->table, OP_ROUTE_ENGINE, "GET", "/api",
				 answer_version, NULL);
}

/* A kernel shut down by a REST request (its own DELETE, its session's,
 * a kernel change) shows on its websockets as on the real server: the
 * server's shutdown_request, busy, shutdown_reply, idle. */
static void tell_shutdown(void *ctx, struct kernel *k)
{
	struct engine *e = ctx;
	if (!k->connections || !e->sink.send)
		return;
	struct kframes frames = {0};
	struct kproto_ctx c = {&k->proto, &e->clock, NULL};
	kproto_on_shutdown(&c, &frames);
	e->sink.send(e->sink.ctx, e, k->id, &frames);
	kframes_free(&frames);
}

struct engine *engine_new(const struct engine_options *opt)
{
	struct engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	/* Requests hold the lock for a few microseconds: spinning a moment
	 * before sleeping saves the futex round trips that otherwise cost
	 * as much as the work (glibc's adaptive mutex, a GNU extension). */
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(&e->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	e->base = *opt;
	e->base.scenario = NULL; /* e->opt holds it, referenced */
	e->opt = *opt;
	scenario_ref(opt->scenario); /* given back by engine_free */
	if (opt->scenario)
		scenario_adopt_settings(opt->scenario, &e->opt.store,
					&e->opt.clock_start, &e->opt.clock_step);
	e->store = store_new(&e->opt.store);
	if (e->store)
		store_on_kernel_shutdown(e->store, tell_shutdown, e);
	e->router = router_new();
	e->table = optable_new();
	e->validator = validator_new();
	struct buf why = {0};
	if (!e->store || !e->router || !e->table || !e->validator ||
	    build_table(e, opt->error ? opt->error : &why) < 0) {
		buf_free(&why);
		engine_free(e);
		return NULL;
	}
	catalog_of(&e->opt, &e->specs);
	e->clock.now_us = e->opt.clock_start;
	e->clock.step_us = e->opt.clock_step;
	if (opt->scenario) {
		scenario_seed(opt->scenario, e->store, e->opt.clock_start);
		e->run = scenario_run_new(opt->scenario);
	}
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	store_free(e->store);
	router_free(e->router);
	optable_free(e->table);
	validator_free(e->validator);
	scenario_run_free(e->run);
	scenario_free(e->opt.scenario);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

/* reply.held_free: the reply's reference to the scenario it names. */
static void give_back_scenario(const void *sc)
{
	scenario_free(sc);
}

int engine_reset(struct engine *e, const struct scenario *sc)
{
	struct engine_options o = e->base;
	o.scenario = sc;
	if (sc)
		scenario_adopt_settings(sc, &o.store, &o.clock_start, &o.clock_step);
	struct store *store = store_new(&o.store);
	if (!store)
		return -1;
	scenario_ref(sc);
	pthread_mutex_lock(&e->lock);
	const struct scenario *old = e->opt.scenario;
	store_free(e->store);
	scenario_run_free(e->run);
	e->opt = o;
	catalog_of(&e->opt, &e->specs);
	e->store = store;
	store_on_kernel_shutdown(store, tell_shutdown, e);
	e->clock.now_us = o.clock_start;
	e->clock.step_us = o.clock_step;
	e->run = NULL;
	if (sc) {
		scenario_seed(sc, e->store, o.clock_start);
		e->run = scenario_run_new(sc);
	}
	pthread_mutex_unlock(&e->lock);
	scenario_free(old); /* freed here when nothing else holds it */
	return 0;
}

int engine_run_status(struct engine *e, struct buf *state, struct buf *next)
{
	pthread_mutex_lock(&e->lock);
	int rc = e->run ? 0 : -1;
	if (e->run) {
		const char *name = scenario_run_state(e->run);
		buf_puts(state, name ? name : "");
		scenario_describe_expected(e->run, NULL, next);
	}
	pthread_mutex_unlock(&e->lock);
	return rc;
}

int engine_run_done(struct engine *e)
{
	pthread_mutex_lock(&e->lock);
	int rc = e->run ? scenario_run_done(e->run) : -1;
	pthread_mutex_unlock(&e->lock);
	return rc;
}

int engine_enter_state(struct engine *e, const char *name)
{
	pthread_mutex_lock(&e->lock);
	int rc = !e->run ? -1 : scenario_run_enter(e->run, name) < 0 ? -2 : 0;
	pthread_mutex_unlock(&e->lock);
	return rc;
}

const struct scenario *engine_scenario_ref(struct engine *e)
{
	pthread_mutex_lock(&e->lock);
	const struct scenario *sc = scenario_ref(e->opt.scenario);
	pthread_mutex_unlock(&e->lock);
	return sc;
}

int engine_add_route(struct engine *e, enum op_route_kind kind,
		     const char *method, const char *path, op_handler handler,
		     void *data)
{
	return optable_add_route(e->table, kind, method, path, handler, data);
}

enum optable_match engine_control_route(const struct engine *e,
					const char *method, const char *path,
					op_handler *handler, void **data)
{
	return optable_route(e->table, OP_ROUTE_CONTROL, method, path, handler,
			     data);
}

/* ---- route: answers that need no operation ---- */

static void answer_preflight(struct reply *out)
{
	out->status = 200;
	out->content_type = "application/json";
	out->send_length = 1;
	reply_header(out, "Access-Control-Allow-Headers",
		     "accept, content-type, authorization, x-xsrftoken");
	reply_header(out, "Access-Control-Allow-Methods",
		     "GET, PUT, POST, PATCH, DELETE, OPTIONS");
}

/* The real server redirects a GET with a trailing slash and refuses the
 * other methods (its XSRF check).  Returns 1 when it answered. */
static int answer_trailing_slash(const struct mock_request *req,
				 struct reply *out)
{
	size_t len = strlen(req->path);
	if (len < 2 || req->path[len - 1] != '/')
		return 0;
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		reply_error(out, 403, "Forbidden: a trailing slash is only "
				      "redirected for GET");
		return 1;
	}
	struct buf location = {0};
	redirect_location(req->path, req->query, &location);
	reply_empty(out, 302);
	out->content_type = "text/html; charset=UTF-8";
	out->send_length = 1;
	reply_header(out, "Location", buf_cstr(&location));
	buf_free(&location);
	return 1;
}

/* Which row of the table answers: a spec operation (m->op >= 0) or
 * another route (*h).  Returns 1 when out is the answer already (a
 * refusal of the HTTP glue, preflight, 404, 405, a trailing slash). */
static int route(struct engine *e, const struct mock_request *req,
		 struct route_match *m, op_handler *h, void **data,
		 struct reply *out)
{
	if (req->refusal.status) {
		reply_error(out, req->refusal.status, req->refusal.message);
		out->close = req->refusal.close;
		return 1;
	}
	int options = strcmp(req->method, "OPTIONS") == 0;
	enum route_result r = router_match(e->router, req->method, req->path, m);
	if (r == ROUTE_FOUND && !(options && e->opt.cors))
		return 0;
	if (r != ROUTE_NO_PATH) {
		if (options)
			answer_preflight(out);
		else
			reply_error(out, 405, "Method Not Allowed");
		return 1;
	}
	m->op = -1;
	switch (optable_route(e->table, OP_ROUTE_ENGINE, req->method, req->path,
			      h, data)) {
	case OPTABLE_FOUND: return 0;
	case OPTABLE_NO_METHOD: reply_error(out, 405, "Method Not Allowed"); return 1;
	default: break;
	}
	/* Only a path no route has is redirected ("/api/" may be). */
	if (!answer_trailing_slash(req, out))
		reply_error(out, 404, "Not Found");
	return 1;
}

/* ---- scenario step ---- */

static void answer_off_script(struct engine *e, const struct op_call *call,
			      struct reply *out)
{
	const struct mock_request *req = call->req;
	struct buf msg = {0};
	buf_printf(&msg, "Off script: scenario '%s' expected ",
		   scenario_of(e->run)->name);
	scenario_describe_expected(e->run, call, &msg);
	buf_printf(&msg, "; got %s %s", req->method, req->path);
	reply_error(out, 400, buf_cstr(&msg));
	buf_printf(&out->note, "off script");
	out->off_script = 1;
	buf_free(&msg);
}

/* Lets the scenario take the request.  Returns 1 when it answered (a
 * scripted reply or an off-script error); otherwise *step is the step
 * whose actions follow the handler's answer (or NULL). */
static int answer_step(struct engine *e, const struct op_call *call,
		       struct reply *out, const struct scenario_step **step)
{
	*step = NULL;
	if (!e->run)
		return 0;
	out->fault = scenario_scheduled_fault(e->run, call);
	*step = scenario_take_step(e->run, call);
	if (!*step) {
		if (scenario_of(e->run)->off_script_state)
			return 0;
		answer_off_script(e, call, out);
		return 1;
	}
	buf_printf(&out->note, "%s", (*step)->label);
	out->step = (*step)->label;
	if ((*step)->fault.kind != FAULT_NONE)
		out->fault = (*step)->fault;
	if (!(*step)->respond.scripted)
		return 0;
	scenario_render_reply(*step, call, out);
	scenario_apply_actions(*step, call, &out->note);
	*step = NULL;
	return 1;
}

/* ---- the pipeline ---- */

static void answer_operation(struct engine *e, const struct mock_request *req,
			     const struct route_match *m, int64_t now,
			     struct reply *out)
{
	void *data;
	const struct op_entry *entry = optable_entry(e->table, m->op, &data);
	struct request_check check; /* the body read once, its verdict */
	request_check_begin(&check, e->validator, e->opt.validate, m->op, req);
	struct op_call call = {m->op, req, m, check.body, e->store, now, &check, data};
	const struct scenario_step *step = NULL;
	if (!prefer_answer(&call, out) && !answer_step(e, &call, out, &step) &&
	    (entry->validation != OP_VALIDATE_FIRST ||
	     request_check_enforce(&check, req, m, out) == 0))
		entry->handler(&call, out);
	if (step)
		scenario_apply_actions(step, &call, &out->note);
	request_check_end(&check);
}

static void add_cors(const struct mock_request *req, struct reply *out)
{
	const char *origin = request_header(req, "Origin");
	if (!origin)
		return;
	reply_header(out, "Access-Control-Allow-Origin", origin);
	reply_header(out, "Access-Control-Expose-Headers", "Location, Etag");
	reply_header(out, "Vary", "Origin");
}

/* What every answer gets outside the lock: Etag (hashing a body the
 * store has no digest for is the costliest step of a GET and needs no
 * shared state), no body for HEAD, CORS. */
static void finish(const struct engine *e, const struct mock_request *req,
		   struct reply *out)
{
	if (out->status == 200 && strcmp(req->method, "GET") == 0)
		reply_add_etag(out, request_header(req, "If-None-Match"));
	if (strcmp(req->method, "HEAD") == 0)
		out->omit_body = 1; /* whatever answered, HEAD gets no body */
	if (e->opt.cors)
		add_cors(req, out);
}

void engine_handle(struct engine *e, const struct mock_request *req,
		   struct reply *out)
{
	struct route_match m;
	op_handler handler;
	void *data;
	pthread_mutex_lock(&e->lock);
	int64_t now = det_clock_tick(&e->clock);
	out->date = now;
	out->server_headers = spec_server_headers; /* the spec's x-server-headers */
	if (e->run) {
		out->scenario = scenario_of(e->run)->name;
		out->held = scenario_ref(scenario_of(e->run));
		out->held_free = give_back_scenario;
	}
	if (route(e, req, &m, &handler, &data, out)) {
		/* answered */
	} else if (m.op >= 0) {
		out->op = m.op;
		answer_operation(e, req, &m, now, out);
	} else {
		struct op_call call = {-1, req, NULL, NULL, e->store, now, NULL, data};
		handler(&call, out);
	}
	pthread_mutex_unlock(&e->lock);
	finish(e, req, out);
}

/* ---- what the kernel channels (kernel_channels.c) reach ---- */

void engine_lock(struct engine *e)
{
	pthread_mutex_lock(&e->lock);
}

void engine_unlock(struct engine *e)
{
	pthread_mutex_unlock(&e->lock);
}

struct store *engine_store(struct engine *e)
{
	return e->store;
}

struct det_clock *engine_clock(struct engine *e)
{
	return &e->clock;
}

const struct kernelspec_catalog *engine_kernelspecs(const struct engine *e)
{
	return &e->specs;
}

struct scenario_run *engine_scenario_run(struct engine *e)
{
	return e->run;
}

void engine_set_kernel_sink(struct engine *e, const struct kernel_sink *sink)
{
	pthread_mutex_lock(&e->lock);
	e->sink = *sink;
	e->sink.engine = e;
	pthread_mutex_unlock(&e->lock);
}
