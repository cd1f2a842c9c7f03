/* engine.c - routes, validates and answers one request under a lock. */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include "engine.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_guard.h"
#include "json_py.h"
#include "kernels_api.h"
#include "router.h"
#include "scenario_render.h"
#include "sessions_api.h"
#include "spec_answer.h"
#include "spec_tables.h"

struct engine {
	pthread_mutex_t lock;
	struct engine_options base; /* as given: engine_reset starts from it */
	struct engine_options opt;
	struct store *store;
	struct router *router;
	struct det_clock clock;
	struct scenario_run *run; /* NULL without a scenario */
	struct kernelspec_catalog specs;
	struct kernel_sink sink; /* the channels websockets; send NULL: none */
};

/* The scenario's settings replace the command line's where it has them. */
static void adopt_settings(const struct scenario *sc, struct engine_options *o)
{
	if (sc->has_seed)
		o->store.seed = sc->seed;
	if (sc->has_clock_start)
		o->clock_start = sc->clock_start;
	if (sc->has_clock_step)
		o->clock_step = sc->clock_step;
	if (sc->nkernelspecs) {
		o->store.nkernelspecs = sc->nkernelspecs;
		for (int i = 0; i < sc->nkernelspecs; i++)
			o->store.kernelspecs[i] = sc->kernelspecs[i];
	}
}

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

static void load_initial_state(struct engine *e, const struct scenario *sc)
{
	struct kernel **kernels = calloc((size_t)sc->nkernels + 1, sizeof *kernels);
	if (!kernels)
		abort();
	const char *spec = store_default_kernelspec(e->store);
	for (int i = 0; i < sc->nkernels; i++) {
		const struct scenario_kernel *k = &sc->kernels[i];
		int64_t when = k->last_activity >= 0 ? k->last_activity
						     : e->opt.clock_start;
		kernels[i] = store_start_kernel(e->store, k->name ? k->name : spec,
						when, k->id);
		if (k->execution_state)
			store_set_kernel_state(e->store, kernels[i], k->execution_state);
		if (k->connections)
			store_set_kernel_connections(e->store, kernels[i], k->connections);
	}
	for (int i = 0; i < sc->nsessions; i++) {
		const struct scenario_session *s = &sc->sessions[i];
		struct kernel *k = s->kernel >= 0 ? kernels[s->kernel]
			: store_start_kernel(e->store, s->kernel_name ? s->kernel_name : spec,
					     e->opt.clock_start, NULL);
		store_add_session(e->store, s->path, s->name, s->type, k, s->id);
	}
	free(kernels);
}

struct engine *engine_new(const struct engine_options *opt)
{
	struct engine *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->base = *opt;
	e->opt = *opt;
	if (opt->scenario)
		adopt_settings(opt->scenario, &e->opt);
	e->store = store_new(&e->opt.store);
	e->router = router_new();
	if (!e->store || !e->router) {
		engine_free(e);
		return NULL;
	}
	catalog_of(&e->opt, &e->specs);
	e->clock.now_us = e->opt.clock_start;
	e->clock.step_us = e->opt.clock_step;
	if (opt->scenario) {
		load_initial_state(e, opt->scenario);
		e->run = scenario_run_new(opt->scenario);
	}
	/* Requests hold the lock for a few microseconds: spinning a moment
	 * before sleeping saves the futex round trips that otherwise cost
	 * as much as the work (glibc's adaptive mutex, a GNU extension). */
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
	pthread_mutex_init(&e->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	store_free(e->store);
	router_free(e->router);
	scenario_run_free(e->run);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

int engine_reset(struct engine *e, const struct scenario *sc)
{
	struct engine_options o = e->base;
	o.scenario = sc;
	if (sc)
		adopt_settings(sc, &o);
	struct store *store = store_new(&o.store);
	if (!store)
		return -1;
	pthread_mutex_lock(&e->lock);
	store_free(e->store);
	scenario_run_free(e->run);
	e->opt = o;
	catalog_of(&e->opt, &e->specs);
	e->store = store;
	e->clock.now_us = o.clock_start;
	e->clock.step_us = o.clock_step;
	e->run = NULL;
	if (sc) {
		load_initial_state(e, sc);
		e->run = scenario_run_new(sc);
	}
	pthread_mutex_unlock(&e->lock);
	return 0;
}

const struct scenario *engine_scenario(struct engine *e)
{
	pthread_mutex_lock(&e->lock);
	const struct scenario *sc = e->opt.scenario;
	pthread_mutex_unlock(&e->lock);
	return sc;
}

/* ---- answers that do not depend on the operation ---- */

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
	buf_append(&location, req->path, len - 1);
	if (req->query)
		buf_printf(&location, "?%s", req->query);
	reply_empty(out, 302);
	out->content_type = "text/html; charset=UTF-8";
	out->send_length = 1;
	reply_header(out, "Location", buf_cstr(&location));
	buf_free(&location);
	return 1;
}

static void answer_unrouted(const struct mock_request *req,
			    enum route_result route, struct reply *out)
{
	if (route == ROUTE_NO_METHOD) {
		reply_error(out, 405, "Method Not Allowed");
	} else if (strcmp(req->path, "/api") == 0 &&
		   strcmp(req->method, "GET") != 0) {
		reply_error(out, 405, "Method Not Allowed");
	} else if (strcmp(req->path, "/api") == 0) {
		struct buf body = {0};
		buf_puts(&body, "{\"version\": ");
		json_py_write_string(&body, spec_api_version);
		buf_putc(&body, '}');
		reply_json(out, 200, body.data, body.len);
		buf_free(&body);
	} else {
		reply_error(out, 404, "Not Found");
	}
}

/* ---- parameters and bodies of operations the spec answers ---- */

/* strict: 400 with the rule broken; warn: a note in the log line. */
static int reject(struct engine *e, struct buf *err, struct reply *out)
{
	if (e->opt.validate == VALIDATE_STRICT) {
		reply_error(out, 400, buf_cstr(err));
		out->verdict = VERDICT_REJECTED;
		return -1;
	}
	buf_printf(&out->note, "validation: %s", buf_cstr(err));
	out->verdict = VERDICT_WARNED;
	return 0;
}

static const char *param_value(const struct mock_request *req,
			       const struct route_match *m,
			       const struct spec_param *p, struct buf *scratch)
{
	switch (p->in) {
	case SPEC_IN_PATH: return route_param(m, p->name);
	case SPEC_IN_HEADER: return request_header(req, p->name);
	case SPEC_IN_QUERY:
		buf_reset(scratch);
		return query_value(req->query, p->name, scratch) == 0
			       ? buf_cstr(scratch) : NULL;
	default: return NULL; /* cookies and form fields are not checked */
	}
}

static int check_params(struct engine *e, const struct mock_request *req,
			const struct route_match *m, struct reply *out)
{
	const struct spec_operation *op = &spec_operations[m->op];
	struct buf err = {0}, scratch = {0};
	int rc = 0;
	for (int i = op->params; i < op->params + op->nparams && !rc; i++) {
		const struct spec_param *p = &spec_params[i];
		const char *value = param_value(req, m, p, &scratch);
		buf_reset(&err);
		if (!value && p->required && p->in <= SPEC_IN_HEADER)
			buf_printf(&err, "Missing required parameter '%s'", p->name);
		else if (!value || validate_text(p->schema, value, p->name, &err) == 0)
			continue;
		rc = reject(e, &err, out);
	}
	buf_free(&err);
	buf_free(&scratch);
	return rc;
}

static int check_body(struct engine *e, const struct mock_request *req,
		      const struct spec_operation *op, struct reply *out)
{
	if (e->opt.validate == VALIDATE_OFF || op->nbody_media == 0)
		return 0;
	struct buf err = {0};
	int rc = 0;
	const char *refusal;
	if (req->body_len == 0) {
		if (op->body_required)
			buf_puts(&err, "No JSON data provided");
	} else if (!strstr(spec_medias[op->body_media].type, "json")) {
		/* only JSON bodies are checked */
	} else if ((refusal = json_guard_refusal(req->body, req->body_len))) {
		buf_puts(&err, refusal);
	} else {
		cJSON *json = cJSON_ParseWithLength(req->body, req->body_len);
		if (!json)
			buf_puts(&err, "Invalid JSON in body of request");
		else /* on failure err holds the rule broken */
			validate_value(spec_medias[op->body_media].schema, json,
				       "", &err);
		cJSON_Delete(json);
	}
	if (err.len)
		rc = reject(e, &err, out);
	buf_free(&err);
	return rc;
}

/* ---- Prism-style overrides: Prefer: code=501, example=name ---- */

struct override {
	int code;           /* 0: none; -1: code_text is not a status */
	char code_text[32]; /* as given */
	char example[128];  /* "": none */
};

/* A status as an override may name it: three digits, 100 to 599. */
static int status_of(const char *text)
{
	if (strlen(text) != 3 || strspn(text, "0123456789") != 3)
		return -1;
	int code = atoi(text);
	return code >= 100 && code <= 599 ? code : -1;
}

static void prefer_token(const char *text, const char *key, char *out,
			 size_t size)
{
	size_t key_len = strlen(key);
	for (const char *p = text; (p = strstr(p, key)) != NULL; p += key_len) {
		if (p != text && p[-1] != ' ' && p[-1] != ',' && p[-1] != ';')
			continue;
		if (p[key_len] != '=')
			continue;
		const char *v = p + key_len + 1;
		size_t n = strcspn(v, " ,;");
		if (n >= size)
			n = size - 1;
		memcpy(out, v, n);
		out[n] = '\0';
		return;
	}
}

/* From the Prefer header, else the __code / __example query parameters. */
static struct override override_of(const struct mock_request *req)
{
	struct override o = {0, "", ""};
	char *code = o.code_text;
	const char *prefer = request_header(req, "Prefer");
	if (prefer) {
		prefer_token(prefer, "code", code, sizeof o.code_text);
		prefer_token(prefer, "example", o.example, sizeof o.example);
	} else if (req->query) {
		struct buf v = {0};
		if (query_value(req->query, "__code", &v) == 0)
			snprintf(code, sizeof o.code_text, "%s", buf_cstr(&v));
		buf_reset(&v);
		if (query_value(req->query, "__example", &v) == 0)
			snprintf(o.example, sizeof o.example, "%s", buf_cstr(&v));
		buf_free(&v);
	}
	o.code = code[0] ? status_of(code) : 0;
	return o;
}

/* The response row holding the named example, successes first. */
static int response_with_example(int op, const char *name, int *status)
{
	const struct spec_operation *o = &spec_operations[op];
	for (int pass = 0; pass < 2; pass++)
		for (int i = o->responses; i < o->responses + o->nresponses; i++) {
			int code = atoi(spec_responses[i].status);
			if ((code >= 200 && code < 300) != (pass == 0))
				continue;
			if (spec_find_example(i, name) >= 0) {
				*status = code ? code : 200;
				return i;
			}
		}
	return -1;
}

/* A kernel 501 of a Sessions operation names the kernel the request
 * asks for, as the real one does.  Returns 1 when it answered. */
static int answer_kernel_501(struct engine *e, const struct mock_request *req,
			     int op, int status, struct reply *out)
{
	if (status != 501)
		return 0;
	cJSON *body = req->body_len && !json_guard_refusal(req->body, req->body_len)
			      ? cJSON_ParseWithLength(req->body, req->body_len)
			      : NULL;
	int done = sessions_kernel_501(
		e->store, sessions_op_from_id(spec_operations[op].operation_id),
		body, out) == 0;
	cJSON_Delete(body);
	return done;
}

static void answer_override(struct engine *e, const struct mock_request *req,
			    int op, const struct override *o, struct reply *out)
{
	const char *id = spec_operations[op].operation_id;
	const char *example = o->example[0] ? o->example : NULL;
	int status = o->code;
	struct buf msg = {0};
	if (status < 0) {
		buf_puts(&msg, "Prefer: code=");
		buf_puts(&msg, o->code_text);
		buf_puts(&msg, " is not an HTTP status (100 to 599)");
		reply_error(out, 400, buf_cstr(&msg));
		buf_free(&msg);
		return;
	}
	int resp = status ? spec_find_response(op, status)
			  : response_with_example(op, example, &status);
	if (resp < 0 && status)
		buf_printf(&msg, "Prefer: code=%d is not a response of '%s'",
			   status, id);
	else if (resp < 0 || (example && spec_find_example(resp, example) < 0))
		buf_printf(&msg, "Prefer: example=%s is not an example of '%s'%s",
			   o->example, id, status ? " for that code" : "");
	else if (!answer_kernel_501(e, req, op, status, out))
		spec_answer(resp, status, example, out);
	if (msg.len)
		reply_error(out, 400, buf_cstr(&msg));
	buf_free(&msg);
}

/* ---- one request ---- */

static void answer_from_state(struct engine *e, const struct mock_request *req,
			      const struct route_match *m, int64_t now,
			      struct reply *out);

/* ---- scenarios ---- */

static void answer_off_script(struct engine *e, const struct scenario_call *call,
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
 * whose actions follow the state's answer (or NULL). */
static int answer_scenario(struct engine *e, const struct scenario_call *call,
			   struct reply *out,
			   const struct scenario_step **step)
{
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

static void answer_operation(struct engine *e, const struct mock_request *req,
			     const struct route_match *m, int64_t now,
			     struct reply *out)
{
	struct override o = override_of(req);
	if (o.code || o.example[0]) {
		answer_override(e, req, m->op, &o, out);
		return;
	}
	if (!e->run) {
		answer_from_state(e, req, m, now, out);
		return;
	}
	/* The body as the steps see it; one the guard refuses is no body to
	 * them, and the session state refuses it. */
	cJSON *body = req->body_len && !json_guard_refusal(req->body, req->body_len)
			      ? cJSON_ParseWithLength(req->body, req->body_len)
			      : NULL;
	struct scenario_call call = {m->op, req, m, body, e->store, now};
	const struct scenario_step *step = NULL;
	if (!answer_scenario(e, &call, out, &step)) {
		answer_from_state(e, req, m, now, out);
		if (step)
			scenario_apply_actions(step, &call, &out->note);
	}
	cJSON_Delete(body);
}

/* The session state answers the Sessions operations, the spec the rest. */
static void answer_from_state(struct engine *e, const struct mock_request *req,
			      const struct route_match *m, int64_t now,
			      struct reply *out)
{
	const struct spec_operation *op = &spec_operations[m->op];
	enum sessions_op sop = e->opt.stateful
				       ? sessions_op_from_id(op->operation_id)
				       : SESSIONS_NONE;
	if (e->opt.stateful && kernels_api_handles(op->operation_id)) {
		struct kernels_request krq = {
			.operation_id = op->operation_id,
			.id = m->nparams ? m->params[0].value : NULL,
			.body = req->body,
			.body_len = req->body_len,
			.now = now,
			.started = e->opt.clock_start,
			.clock = &e->clock,
			.specs = &e->specs,
			.sink = &e->sink,
		};
		kernels_handle(e->store, &krq, out);
		return;
	}
	if (sop != SESSIONS_NONE) {
		struct sessions_request rq = {
			.op = sop,
			.id = m->nparams ? m->params[0].value : NULL,
			.body = req->body,
			.body_len = req->body_len,
			.now = now,
			.validate = e->opt.validate,
			.body_schema = op->nbody_media
					       ? spec_medias[op->body_media].schema
					       : -1,
			.note = &out->note,
		};
		sessions_handle(e->store, &rq, out);
		return;
	}
	if (check_params(e, req, m, out) < 0 || check_body(e, req, op, out) < 0)
		return;
	int status;
	int resp = spec_first_success(m->op, &status);
	if (resp < 0)
		reply_empty(out, 204);
	else
		spec_answer(resp, status, NULL, out);
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

static void dispatch(struct engine *e, const struct mock_request *req,
		     int64_t now, struct reply *out)
{
	if (req->body_too_large) {
		reply_error(out, 413, "Request body too large");
		out->close = 1; /* the unread body must not be read as a request */
		return;
	}
	struct route_match m;
	enum route_result route = router_match(e->router, req->method,
					       req->path, &m);
	/* Only a path the spec does not have is redirected ("/api/" may be). */
	if (route == ROUTE_NO_PATH && answer_trailing_slash(req, out))
		return;
	if (strcmp(req->method, "OPTIONS") == 0 && route != ROUTE_NO_PATH &&
	    (route == ROUTE_NO_METHOD || e->opt.cors))
		answer_preflight(out);
	else if (route != ROUTE_FOUND)
		answer_unrouted(req, route, out);
	else {
		out->op = m.op;
		answer_operation(e, req, &m, now, out);
	}
}

void engine_handle(struct engine *e, const struct mock_request *req,
		   struct reply *out)
{
	pthread_mutex_lock(&e->lock);
	int64_t now = det_clock_tick(&e->clock);
	out->date = now;
	if (e->run)
		out->scenario = scenario_of(e->run)->name;
	dispatch(e, req, now, out);
	pthread_mutex_unlock(&e->lock);
	/* Outside the lock: hashing a body the store has no digest for is
	 * the costliest step of a GET and needs no shared state. */
	if (out->status == 200 && strcmp(req->method, "GET") == 0)
		reply_add_etag(out, request_header(req, "If-None-Match"));
	if (strcmp(req->method, "HEAD") == 0)
		out->omit_body = 1; /* whatever answered, HEAD gets no body */
	if (e->opt.cors)
		add_cors(req, out);
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

const struct kernel_sink *engine_kernel_sink(const struct engine *e)
{
	return &e->sink;
}

void engine_set_kernel_sink(struct engine *e, const struct kernel_sink *sink)
{
	pthread_mutex_lock(&e->lock);
	e->sink = *sink;
	pthread_mutex_unlock(&e->lock);
}
