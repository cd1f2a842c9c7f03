/* kernels_api.c - kernelspecs, status, start, interrupt and restart. */
#include "kernels_api.h"

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_py.h"
#include "kernel_script.h"
#include "request_check.h"
#include "router.h"

/* The request as the handlers below take it. */
/* The id of the path ("/api/kernels/{kernel_id}"), or NULL. */
static const char *path_id(const struct op_call *c)
{
	return c->route->nparams ? c->route->params[0].value : NULL;
}

static struct kernels_request request_of(const struct op_call *c)
{
	const struct kernels_context *k = c->data;
	return (struct kernels_request){
		.id = path_id(c),
		.call = c,
		.now = c->now,
		.started = *k->started,
		.clock = k->clock,
		.specs = k->specs,
		.sink = k->sink,
	};
}

static void list_kernelspecs(const struct op_call *c, struct reply *out)
{
	struct kernels_request req = request_of(c), *rq = &req;
	reply_json(out, 200, "", 0);
	kernelspecs_write_all(rq->specs, &out->body);
}

static void get_kernelspec(const struct op_call *c, struct reply *out)
{
	struct kernels_request req = request_of(c), *rq = &req;
	int i = kernelspec_find(rq->specs, rq->id);
	if (i < 0) {
		struct buf msg = {0};
		buf_printf(&msg, "Kernel spec %s not found", rq->id);
		reply_error(out, 404, buf_cstr(&msg));
		buf_free(&msg);
		return;
	}
	reply_json(out, 200, "", 0);
	kernelspec_write(rq->specs, i, &out->body);
}

/* Live kernels, their connections, and the latest of their activity and
 * the start: what the real server's status reports, on the virtual clock. */
static void get_status(const struct op_call *c, struct reply *out)
{
	struct kernels_request req = request_of(c), *rq = &req;
	struct store *st = c->store;
	int kernels = 0, connections = 0;
	int64_t last = rq->started;
	for (struct kernel *k = store_first_kernel(st); k; k = k->next) {
		kernels++;
		connections += k->connections;
		if (k->last_activity > last)
			last = k->last_activity;
	}
	char last_text[32], started_text[32];
	det_format_iso(last, last_text);
	det_format_iso(rq->started, started_text);
	struct buf body = {0};
	buf_printf(&body, "{\"connections\": %d, \"kernels\": %d, "
			  "\"last_activity\": \"%s\", \"started\": \"%s\"}",
		   connections, kernels, last_text, started_text);
	reply_json(out, 200, body.data, body.len);
	buf_free(&body);
}

/* The name asked for: the body's "name", or the default when the body or
 * the name is missing or null (as the real server's setdefault).  NULL
 * with a 400 in out when the body is unreadable, not a JSON object or
 * the name not a string. */
static const char *start_name(const struct kernels_request *rq,
			      struct reply *out)
{
	const char *dflt = rq->specs->names[0];
	const struct request_check *check = rq->call->check;
	const cJSON *body = check->body;
	if (check->refusal) {
		reply_error(out, 400, check->refusal);
		return NULL;
	}
	if (!body || cJSON_IsNull(body))
		return dflt;
	if (!cJSON_IsObject(body)) {
		reply_error(out, 400, "JSON data must be an object");
		return NULL;
	}
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(body, "name");
	if (!name || cJSON_IsNull(name))
		return dflt;
	if (!cJSON_IsString(name)) {
		reply_error(out, 400, "Invalid JSON data: name: expected string");
		return NULL;
	}
	return name->valuestring;
}

static void reply_no_such_kernelspec(const struct kernels_request *rq,
				     const char *name, struct reply *out)
{
	struct buf msg = {0};
	buf_printf(&msg, "No such kernel named %s (kernelspecs: ", name);
	for (int i = 0; i < rq->specs->n; i++)
		buf_printf(&msg, "%s%s", i ? ", " : "", rq->specs->names[i]);
	buf_putc(&msg, ')');
	reply_error(out, 400, buf_cstr(&msg));
	buf_free(&msg);
}

static void start_kernel(const struct op_call *c, struct reply *out)
{
	struct kernels_request req = request_of(c), *rq = &req;
	struct store *st = c->store;
	const char *name = start_name(rq, out);
	if (name && kernelspec_find(rq->specs, name) < 0)
		reply_no_such_kernelspec(rq, name, out);
	else if (name) {
		struct kernel *k = store_start_kernel(st, name, rq->now, NULL);
		char location[64];
		snprintf(location, sizeof location, "/api/kernels/%s", k->id);
		reply_json(out, 201, "", 0);
		store_kernel_json(k, &out->body);
		reply_header(out, "Location", location);
	}
}

/* The kernel of the path, or NULL after the real server's 404. */
static struct kernel *lookup(struct store *st, const char *id, struct reply *out)
{
	struct kernel *k = store_find_kernel(st, id);
	if (!k) {
		struct buf msg = {0};
		buf_printf(&msg, "Kernel does not exist: %s", id);
		reply_error(out, 404, buf_cstr(&msg));
		buf_free(&msg);
	}
	return k;
}

static void list_kernels(const struct op_call *c, struct reply *out)
{
	reply_json(out, 200, "", 0);
	store_kernels_json(c->store, &out->body);
}

static void get_kernel(const struct op_call *c, struct reply *out)
{
	struct kernel *k = lookup(c->store, path_id(c), out);
	if (!k)
		return;
	reply_json(out, 200, "", 0);
	store_kernel_json(k, &out->body);
}

static void delete_kernel(const struct op_call *c, struct reply *out)
{
	struct kernel *k = lookup(c->store, path_id(c), out);
	if (!k)
		return;
	store_shutdown_kernel(c->store, k);
	reply_empty(out, 204);
}

void kernels_restart(struct store *st, struct kernel *k,
		     const struct kernels_request *rq)
{
	struct kframes frames = {0};
	struct kproto_ctx c = {&k->proto, rq->clock, NULL};
	kproto_on_restart(&c, &frames);
	if (rq->sink && k->connections)
		rq->sink->send(rq->sink->ctx, rq->sink->engine, k->id, &frames);
	kframes_free(&frames);
	k->last_activity = rq->now;
	store_set_kernel_state(st, k, "idle");
}

static void restart_kernel(const struct op_call *c, struct reply *out)
{
	struct kernels_request req = request_of(c), *rq = &req;
	struct store *st = c->store;
	struct kernel *k = lookup(st, rq->id, out);
	if (!k)
		return;
	kernels_restart(st, k, rq);
	reply_json(out, 200, "", 0);
	store_kernel_json(k, &out->body);
}

static void interrupt_kernel(const struct op_call *c, struct reply *out)
{
	struct kernels_request req = request_of(c);
	struct kernel *k = lookup(c->store, req.id, out);
	if (!k)
		return;
	/* An idle kernel shows nothing (ipykernel's signal interrupt); a
	 * scripted one busy for good ends its execute. */
	struct kframes frames = {0};
	struct kproto_ctx ctx = {&k->proto, req.clock, NULL};
	if (kscript_interrupt(&ctx, &frames) == 0) {
		if (req.sink && req.sink->send && k->connections)
			req.sink->send(req.sink->ctx, req.sink->engine, k->id, &frames);
		k->last_activity = req.now;
		store_set_kernel_state(c->store, k, "idle");
	}
	kframes_free(&frames);
	reply_empty(out, 204);
}

static const struct op_entry entries[] = {
	{"kernelsList", "GET", "/api/kernels",
	 list_kernels, OP_VALIDATE_IN_HANDLER},
	{"kernelsGet", "GET", "/api/kernels/{kernel_id}",
	 get_kernel, OP_VALIDATE_IN_HANDLER},
	{"kernelsDelete", "DELETE", "/api/kernels/{kernel_id}",
	 delete_kernel, OP_VALIDATE_IN_HANDLER},
	{"kernelspecsList", "GET", "/api/kernelspecs",
	 list_kernelspecs, OP_VALIDATE_IN_HANDLER},
	{"kernelspecsGet", "GET", "/api/kernelspecs/{kernel_name}",
	 get_kernelspec, OP_VALIDATE_IN_HANDLER},
	{"statusGet", "GET", "/api/status",
	 get_status, OP_VALIDATE_IN_HANDLER},
	{"kernelsStart", "POST", "/api/kernels",
	 start_kernel, OP_VALIDATE_IN_HANDLER},
	{"kernelsInterrupt", "POST", "/api/kernels/{kernel_id}/interrupt",
	 interrupt_kernel, OP_VALIDATE_IN_HANDLER},
	{"kernelsRestart", "POST", "/api/kernels/{kernel_id}/restart",
	 restart_kernel, OP_VALIDATE_IN_HANDLER},
};

const struct op_group kernels_api = OP_GROUP("kernels_api", entries);
