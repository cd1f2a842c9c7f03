/* admin_api.c - the routes of /__mock/ and the endpoints of the journal. */
#include "admin_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin_json.h"
#include "admin_scenarios.h"
#include "har.h"
#include "journal_view.h"
#include "transcript.h"
#include "verify.h"
#include "ui_page.h"

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void get_health(struct control *c, const struct mock_request *req,
		       struct reply *out)
{
	(void)req;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", "ok");
	cJSON_AddStringToObject(o, "version", MOCK_VERSION);
	cJSON_AddNumberToObject(o, "uptime_s",
				(double)(long long)(seconds_since(&c->started) * 1000) / 1000);
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	cJSON_AddStringToObject(spec, "title", spec_title);
	cJSON_AddStringToObject(spec, "version", spec_api_version);
	cJSON *j = cJSON_AddObjectToObject(o, "journal");
	cJSON_AddNumberToObject(j, "capacity", (double)journal_capacity(c->journal));
	cJSON_AddNumberToObject(j, "count", (double)journal_count(c->journal));
	cJSON_AddNumberToObject(o, "instances", instances_count(c->instances));
	admin_reply_json(out, 200, o);
}

struct collect {
	const struct journal_filter *f;
	cJSON *list;
	long n;
};

static int collect_entry(const struct journal_entry *e, void *ctx)
{
	struct collect *k = ctx;
	if (!journal_filter_matches(k->f, e))
		return 0;
	if (k->f->limit >= 0 && k->n >= k->f->limit)
		return 1;
	cJSON *item = journal_entry_json(e);
	if (item)
		cJSON_AddItemToArray(k->list, item);
	k->n++;
	return 0;
}

/* The entries passing f, as {"count", "entries"}; the caller owns it. */
static cJSON *entries_json(struct control *c, const struct journal_filter *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = cJSON_CreateArray();
	struct collect k = {f, list, 0};
	journal_each(c->journal, collect_entry, &k);
	cJSON_AddNumberToObject(o, "count", (double)k.n);
	cJSON_AddNumberToObject(o, "capacity", (double)journal_capacity(c->journal));
	cJSON_AddItemToObject(o, "entries", list);
	return o;
}

/* Reads the journal filter of the query into f; a bad one is answered
 * here (400 naming it) and -1 returned. */
static int read_filter(const struct mock_request *req, struct journal_filter *f,
		       struct reply *out)
{
	struct buf err = {0};
	int rc = journal_filter_parse(req, f, &err);
	if (rc < 0)
		reply_error(out, 400, buf_cstr(&err));
	buf_free(&err);
	return rc;
}

static void get_journal(struct control *c, const struct mock_request *req,
			struct reply *out)
{
	struct journal_filter f;
	if (read_filter(req, &f, out) == 0)
		admin_reply_json(out, 200, entries_json(c, &f));
}

static void delete_journal(struct control *c, const struct mock_request *req,
			   struct reply *out)
{
	(void)req;
	journal_clear(c->journal, NULL);
	reply_empty(out, 204);
}

static void get_unmatched(struct control *c, const struct mock_request *req,
			  struct reply *out)
{
	struct journal_filter f;
	if (read_filter(req, &f, out) == 0) {
		f.unmatched = 1;
		admin_reply_json(out, 200, entries_json(c, &f));
	}
}

static void post_verify(struct control *c, const struct mock_request *req,
			struct reply *out)
{
	struct verify_pattern p;
	struct buf err = {0};
	if (verify_pattern_parse(req->body, req->body_len, &p, &err) < 0) {
		reply_error(out, 400, buf_cstr(&err));
	} else {
		int held;
		cJSON *result = verify_run(c->journal, &p, &held);
		admin_reply_json(out, held ? 200 : 409, result);
	}
	verify_pattern_free(&p);
	buf_free(&err);
}

/* ?format=json (the default) or text; -1 (400 sent) when neither. */
static int text_format(const struct mock_request *req, struct reply *out)
{
	struct buf v = {0};
	int text = -1;
	if (request_query(req, "format", &v) < 0 || !strcmp(buf_cstr(&v), "json"))
		text = 0;
	else if (!strcmp(buf_cstr(&v), "text"))
		text = 1;
	else
		reply_error(out, 400, "Bad 'format': expected json or text");
	buf_free(&v);
	return text;
}

static void reply_text(struct reply *out, struct buf *text)
{
	reply_json(out, 200, text->data ? text->data : "", text->len);
	out->content_type = "text/plain; charset=utf-8";
}

static void get_coverage(struct control *c, const struct mock_request *req,
			 struct reply *out)
{
	int text = text_format(req, out);
	if (text == 0) {
		admin_reply_json(out, 200, coverage_json(c->coverage));
	} else if (text == 1) {
		struct buf t = {0};
		coverage_text(c->coverage, &t);
		reply_text(out, &t);
		buf_free(&t);
	}
}

static void get_transcript(struct control *c, const struct mock_request *req,
			   struct reply *out)
{
	struct journal_filter f;
	if (read_filter(req, &f, out) == 0) {
		struct buf t = {0};
		transcript_write(c->journal, &f, &t);
		reply_text(out, &t);
		buf_free(&t);
	}
}

static void get_har(struct control *c, const struct mock_request *req,
		    struct reply *out)
{
	struct journal_filter f;
	if (read_filter(req, &f, out) == 0)
		admin_reply_json(out, 200, har_json(c->journal, &f));
}

typedef void admin_handler(struct control *c, const struct mock_request *req,
			   struct reply *out);

struct admin_route {
	const char *method, *path;
	admin_handler *handler;
};

/* What a route of the table is registered with: its handler, and the
 * control it works on. */
struct admin_binding {
	struct control *c;
	admin_handler *handler;
};

static const struct admin_route routes[] = {
	{"GET", ADMIN_PREFIX "/health", get_health},
	{"POST", ADMIN_PREFIX "/reset", admin_reset},
	{"GET", ADMIN_PREFIX "/scenarios", admin_get_scenarios},
	{"POST", ADMIN_PREFIX "/scenarios", admin_post_scenarios},
	{"POST", ADMIN_PREFIX "/scenarios/select", admin_select_scenario},
	{"POST", ADMIN_PREFIX "/scenarios/state", admin_set_state},
	{"GET", ADMIN_PREFIX "/instances", admin_get_instances},
	{"DELETE", ADMIN_PREFIX "/instances", admin_delete_instance},
	{"GET", ADMIN_PREFIX "/journal", get_journal},
	{"DELETE", ADMIN_PREFIX "/journal", delete_journal},
	{"GET", ADMIN_PREFIX "/unmatched", get_unmatched},
	{"POST", ADMIN_PREFIX "/verify", post_verify},
	{"GET", ADMIN_PREFIX "/coverage", get_coverage},
	{"GET", ADMIN_PREFIX "/transcript", get_transcript},
	{"GET", ADMIN_PREFIX "/har", get_har},
	{"GET", ADMIN_PREFIX "/ui", ui_page_get},
	{"GET", ADMIN_PREFIX "/ui/state", ui_state_get},
};

static void add_cors(const struct mock_request *req, struct reply *out)
{
	const char *origin = request_header(req, "Origin");
	if (!origin)
		return;
	reply_header(out, "Access-Control-Allow-Origin", origin);
	reply_header(out, "Vary", "Origin");
}

static void call_bound(const struct op_call *call, struct reply *out)
{
	const struct admin_binding *b = call->data;
	b->handler(b->c, call->req, out);
}

int admin_register(struct control *c)
{
	enum { N = sizeof routes / sizeof routes[0] };
	c->admin_bindings = calloc(N, sizeof *c->admin_bindings);
	if (!c->admin_bindings)
		return -1;
	for (size_t i = 0; i < N; i++) {
		c->admin_bindings[i] = (struct admin_binding){c, routes[i].handler};
		if (engine_add_route(c->shared, OP_ROUTE_CONTROL, routes[i].method,
				     routes[i].path, call_bound,
				     &c->admin_bindings[i]) < 0)
			return -1;
	}
	return 0;
}

/* The admin route for req in the control plane's rows of the table; HEAD
 * is answered as GET. */
static enum optable_match find(struct control *c, const struct mock_request *req,
			       op_handler *h, void **data)
{
	enum optable_match m = engine_control_route(c->shared, req->method,
						    req->path, h, data);
	if (m == OPTABLE_NO_METHOD && !strcmp(req->method, "HEAD"))
		m = engine_control_route(c->shared, "GET", req->path, h, data);
	return m;
}

static void route(struct control *c, const struct mock_request *req,
		  struct reply *out)
{
	op_handler handler;
	void *data;
	enum optable_match m = find(c, req, &handler, &data);
	if (m == OPTABLE_FOUND) {
		struct op_call call = {.op = -1, .req = req, .data = data};
		handler(&call, out);
		return;
	}
	int path_known = m == OPTABLE_NO_METHOD;
	if (path_known && !strcmp(req->method, "OPTIONS")) {
		reply_empty(out, 204);
		reply_header(out, "Access-Control-Allow-Methods",
			     "GET, POST, PUT, DELETE, OPTIONS");
		reply_header(out, "Access-Control-Allow-Headers", "content-type");
		return;
	}
	struct buf msg = {0};
	if (path_known)
		buf_printf(&msg, "Method Not Allowed: %s on an admin endpoint",
			   req->method);
	else
		buf_puts(&msg, "No admin endpoint at this path (README.md lists them)");
	reply_error(out, path_known ? 405 : 404, buf_cstr(&msg));
	buf_free(&msg);
}

void admin_handle(struct control *c, const struct mock_request *req,
		  struct reply *out)
{
	/* Admin answers are about the mock, not the API: wall-clock Date. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	out->date = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	if (req->refusal.status) {
		reply_error(out, req->refusal.status, req->refusal.message);
		out->close = req->refusal.close;
	} else {
		route(c, req, out);
	}
	if (!strcmp(req->method, "HEAD"))
		out->omit_body = 1;
	add_cors(req, out);
}
