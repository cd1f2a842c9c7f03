/* record.c - `mock record`: proxy to a real server, write a scenario. */
#include "record.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <civetweb.h>

#include "record_write.h"
#include "request.h"
#include "scenario.h"
#include "upstream.h"
#include "validate.h"

static const char usage[] =
	"usage: mock record --upstream http://HOST:PORT --out FILE.yaml [options]\n"
	"\n"
	"Proxies every request to a real server and writes what it answered as a\n"
	"scenario: one step per request, ids and times made deterministic.\n"
	"\n"
	"  --upstream URL       the real server, http://HOST:PORT\n"
	"  --out FILE           the scenario file, rewritten after each request\n"
	"  --name NAME          the scenario's name (default: FILE's base name)\n"
	"  --host ADDR          address to listen on (default 127.0.0.1)\n"
	"  --port N             port to listen on, 0 for any (default 8888)\n"
	"  --timeout-ms N       longest wait for one upstream answer (default 30000)\n"
	"  --quiet              no per-request log line on stderr\n";

struct recorder {
	struct record_options opt;
	struct upstream up;
	struct record_meta meta;
	char name[256];
	pthread_mutex_t lock; /* the exchanges, the file, the upstream's order */
	struct record_exchange *x;
	int n, cap;
	int write_failed;
};

static int parse_int(const char *text, long min, long max, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (end == text || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int record_parse(int argc, char **argv, struct record_options *o,
		 struct buf *out, struct buf *err)
{
	memset(o, 0, sizeof *o);
	o->host = "127.0.0.1";
	o->port = 8888;
	o->threads = 16;
	o->timeout_ms = 30000;
	o->max_body = 1 << 20;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			buf_puts(out, usage);
			return 1;
		} else if (!strcmp(a, "--quiet")) {
			o->quiet = 1;
			continue;
		} else if (strcmp(a, "--upstream") && strcmp(a, "--out") &&
			   strcmp(a, "--name") && strcmp(a, "--host") &&
			   strcmp(a, "--port") && strcmp(a, "--timeout-ms")) {
			buf_printf(err, "mock record: unknown option '%s' (try --help)\n", a);
			return -1;
		} else if (!v) {
			buf_printf(err, "mock record: %s needs a value (try --help)\n", a);
			return -1;
		}
		i++;
		if (!strcmp(a, "--upstream"))
			o->upstream = v;
		else if (!strcmp(a, "--out"))
			o->out = v;
		else if (!strcmp(a, "--name"))
			o->name = v;
		else if (!strcmp(a, "--host"))
			o->host = v;
		else if (!strcmp(a, "--port") && !parse_int(v, 0, 65535, &n))
			o->port = (int)n;
		else if (!strcmp(a, "--timeout-ms") && !parse_int(v, 1, 3600000, &n))
			o->timeout_ms = (int)n;
		else {
			buf_printf(err, "mock record: bad value '%s' for %s\n", v, a);
			return -1;
		}
	}
	struct upstream up;
	struct buf why = {0};
	int rc = 0;
	if (!o->upstream || !o->out) {
		buf_printf(err, "mock record: --upstream and --out are needed (try --help)\n");
		rc = -1;
	} else if (upstream_parse_url(o->upstream, &up, &why) < 0) {
		buf_printf(err, "mock record: %s\n", buf_cstr(&why));
		rc = -1;
	}
	buf_free(&why);
	return rc;
}

/* ---- the file ---- */

/* Writes the scenario to a temporary file and renames it over the out
 * file, so a reader never sees half of it.  Called under the lock. */
static int write_file(struct recorder *rec)
{
	struct buf text = {0};
	record_write_yaml(rec->x, rec->n, &rec->meta, &text);
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s.tmp", rec->opt.out);
	FILE *f = fopen(tmp, "w");
	int ok = f && fwrite(text.data, 1, text.len, f) == text.len;
	ok = (f && fclose(f) == 0) && ok && rename(tmp, rec->opt.out) == 0;
	if (!ok && !rec->write_failed)
		fprintf(stderr, "mock record: cannot write '%s'\n", rec->opt.out);
	rec->write_failed |= !ok;
	buf_free(&text);
	return ok ? 0 : -1;
}

static char *dup_or_null(const char *s)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		abort();
	return d;
}

static void keep(struct recorder *rec, const struct mock_request *req,
		 const struct upstream_reply *r)
{
	if (rec->n == rec->cap) {
		rec->cap = rec->cap ? 2 * rec->cap : 16;
		rec->x = realloc(rec->x, (size_t)rec->cap * sizeof *rec->x);
		if (!rec->x)
			abort();
	}
	struct record_exchange *x = &rec->x[rec->n++];
	memset(x, 0, sizeof *x);
	x->method = dup_or_null(req->method);
	x->path = dup_or_null(req->path);
	x->query = dup_or_null(req->query);
	if (req->body_len)
		buf_append(&x->req_body, req->body, req->body_len);
	x->status = r->status;
	x->location = dup_or_null(upstream_header(r, "Location"));
	if (r->body.len)
		buf_append(&x->body, r->body.data, r->body.len);
}

/* ---- the proxy ---- */

static void fill_request(const struct mg_request_info *ri, const struct buf *body,
			 struct mock_request *req)
{
	memset(req, 0, sizeof *req);
	req->method = ri->request_method;
	req->path = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
	if (!req->path)
		req->path = "";
	req->query = ri->query_string;
	req->body = body->data;
	req->body_len = body->len;
	for (int i = 0; i < ri->num_headers && i < REQUEST_MAX_HEADERS; i++) {
		req->headers[i].name = ri->http_headers[i].name;
		req->headers[i].value = ri->http_headers[i].value;
		req->nheaders++;
	}
}

/* The real answer, as it came, in one write: its own headers but the
 * ones about the connection, which are this hop's. */
static void send_answer(struct mg_connection *conn, const struct upstream_reply *r,
			int head_only)
{
	struct buf wire = {0};
	buf_printf(&wire, "HTTP/1.1 %d %s\r\n", r->status, r->reason);
	for (int i = 0; i < r->nheaders; i++) {
		const char *name = r->headers[i].name;
		if (strcasecmp(name, "Connection") && strcasecmp(name, "Keep-Alive") &&
		    strcasecmp(name, "Transfer-Encoding") &&
		    strcasecmp(name, "Content-Length"))
			buf_printf(&wire, "%s: %s\r\n", name, r->headers[i].value);
	}
	int bodiless = r->status < 200 || r->status == 204 || r->status == 304;
	if (!bodiless)
		buf_printf(&wire, "Content-Length: %zu\r\n", r->body.len);
	buf_puts(&wire, "\r\n");
	if (!bodiless && !head_only && r->body.len)
		buf_append(&wire, r->body.data, r->body.len);
	mg_write(conn, wire.data, wire.len);
	buf_free(&wire);
}

static void send_error(struct mg_connection *conn, int status, const char *message)
{
	struct buf body = {0}, wire = {0};
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "message", message);
	cJSON_AddNullToObject(o, "reason");
	char *text = cJSON_PrintUnformatted(o);
	buf_puts(&body, text ? text : "{}");
	cJSON_free(text);
	cJSON_Delete(o);
	buf_printf(&wire, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
			  "Content-Length: %zu\r\n\r\n%s",
		   status, status == 413 ? "Payload Too Large" : "Bad Gateway",
		   body.len, buf_cstr(&body));
	mg_write(conn, wire.data, wire.len);
	buf_free(&body);
	buf_free(&wire);
}

static int read_body(struct mg_connection *conn, size_t max, struct buf *body)
{
	char chunk[8192];
	int n;
	while ((n = mg_read(conn, chunk, sizeof chunk)) > 0) {
		if (body->len + (size_t)n > max)
			return -1;
		buf_append(body, chunk, (size_t)n);
	}
	return 0;
}

static int handle(struct mg_connection *conn)
{
	struct recorder *rec = mg_get_user_data(mg_get_context(conn));
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct buf body = {0}, err = {0};
	struct mock_request req;
	struct upstream_reply r;
	memset(&r, 0, sizeof r);
	int too_big = read_body(conn, rec->opt.max_body, &body) < 0;
	fill_request(ri, &body, &req);
	int status;
	if (too_big) {
		send_error(conn, status = 413, "mock record: the request body is "
					       "larger than 1048576 bytes");
	} else {
		pthread_mutex_lock(&rec->lock);
		int ok = upstream_exchange(&rec->up, &req, rec->opt.timeout_ms, &r, &err) == 0;
		if (ok) {
			keep(rec, &req, &r);
			write_file(rec);
		}
		pthread_mutex_unlock(&rec->lock);
		if (ok) {
			send_answer(conn, &r, !strcmp(req.method, "HEAD"));
			status = r.status;
		} else {
			struct buf msg = {0};
			buf_printf(&msg, "mock record: the upstream %s did not answer: %s",
				   rec->up.url, buf_cstr(&err));
			send_error(conn, status = 502, buf_cstr(&msg));
			buf_free(&msg);
		}
	}
	if (!rec->opt.quiet)
		fprintf(stderr, "%s %s%s%s %d%s%s\n", req.method, req.path,
			req.query ? "?" : "", req.query ? req.query : "", status,
			err.len ? " " : "", buf_cstr(&err));
	upstream_reply_free(&r);
	buf_free(&body);
	buf_free(&err);
	return status;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	fprintf(stderr, "mock record: civetweb: %s\n", message);
	return 1;
}

/* The scenario's name: the out file's base name without .yaml. */
static void default_name(const char *out, char *name, size_t size)
{
	const char *base = strrchr(out, '/');
	base = base ? base + 1 : out;
	size_t len = strlen(base);
	if (len > 5 && !strcmp(base + len - 5, ".yaml"))
		len -= 5;
	else if (len > 4 && !strcmp(base + len - 4, ".yml"))
		len -= 4;
	snprintf(name, size, "%.*s", (int)(len ? len : 8), len ? base : "recorded");
}

/* Checks the written file as `mock --check` does: 0 when it loads. */
static int check_file(const char *path)
{
	struct scenario *sc = scenario_load(path, stderr);
	scenario_free(sc);
	return sc ? 0 : -1;
}

static struct mg_context *start(struct recorder *rec, int *port)
{
	char ports[300], threads[16];
	snprintf(ports, sizeof ports, "%s:%d", rec->opt.host, rec->opt.port);
	snprintf(threads, sizeof threads, "%d", rec->opt.threads);
	const char *options[] = {"listening_ports", ports, "num_threads", threads,
				 "tcp_nodelay", "1", "enable_keep_alive", "yes",
				 "request_timeout_ms", "30000", NULL};
	struct mg_callbacks cb;
	memset(&cb, 0, sizeof cb);
	cb.begin_request = handle;
	cb.log_message = log_message;
	struct mg_context *ctx = mg_start(&cb, rec, options);
	struct mg_server_port bound;
	if (!ctx || mg_get_server_ports(ctx, 1, &bound) < 1) {
		fprintf(stderr, "mock record: cannot listen on %s\n", ports);
		if (ctx)
			mg_stop(ctx);
		return NULL;
	}
	*port = bound.port;
	return ctx;
}

int record_run(const struct record_options *o)
{
	struct recorder rec = {.opt = *o};
	struct buf err = {0};
	upstream_parse_url(o->upstream, &rec.up, &err);
	buf_free(&err);
	if (o->name)
		snprintf(rec.name, sizeof rec.name, "%s", o->name);
	else
		default_name(o->out, rec.name, sizeof rec.name);
	rec.meta = (struct record_meta){.name = rec.name, .upstream = rec.up.url,
					.seed = 1, .clock_start = 1767225600LL * 1000000,
					.clock_step = 1000};
	pthread_mutex_init(&rec.lock, NULL);
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	int port, rc = 1;
	struct mg_context *ctx = write_file(&rec) == 0 ? start(&rec, &port) : NULL;
	if (ctx) {
		printf("mock: recording %s on http://%s:%d\n", rec.up.url, o->host, port);
		fflush(stdout);
		int sig;
		sigwait(&stop, &sig);
		mg_stop(ctx);
		rc = rec.write_failed || write_file(&rec) < 0 || check_file(o->out) < 0;
		fprintf(stderr, "mock record: %d requests recorded into %s%s\n", rec.n,
			o->out, rc ? "" : ", which passes --check");
	}
	for (int i = 0; i < rec.n; i++)
		record_exchange_free(&rec.x[i]);
	free(rec.x);
	pthread_mutex_destroy(&rec.lock);
	return rc;
}
