/* http_server.c - civetweb in, one engine call, one write out. */
#include "http_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <civetweb.h>

struct http_server {
	struct mg_context *ctx;
	struct engine *engine;
	struct http_server_options opt;
	int port;
};

static long long elapsed_us(const struct timespec *start)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	return (end.tv_sec - start->tv_sec) * 1000000LL +
	       (end.tv_nsec - start->tv_nsec) / 1000;
}

/* Reads the whole body; -1 when it is larger than max. */
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

static void fill_request(const struct mg_request_info *ri,
			 const struct buf *body, struct mock_request *req)
{
	req->method = ri->request_method;
	req->path = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
	if (!req->path)
		req->path = "";
	req->query = ri->query_string;
	req->body = body->data;
	req->body_len = body->len;
	req->nheaders = 0;
	for (int i = 0; i < ri->num_headers && i < ENGINE_MAX_HEADERS; i++) {
		req->headers[i].name = ri->http_headers[i].name;
		req->headers[i].value = ri->http_headers[i].value;
		req->nheaders++;
	}
}

static void log_request(const struct mock_request *req, const struct reply *r,
			size_t bytes, const struct timespec *start)
{
	fprintf(stderr, "%s %s%s%s %d %zu %lldus%s%s\n", req->method, req->path,
		req->query ? "?" : "", req->query ? req->query : "", r->status,
		bytes, elapsed_us(start), r->note.len ? " " : "",
		r->note.len ? r->note.data : "");
}

static int handle(struct mg_connection *conn)
{
	struct http_server *s = mg_get_user_data(mg_get_context(conn));
	const struct mg_request_info *ri = mg_get_request_info(conn);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);

	struct buf body = {0}, wire = {0};
	struct mock_request req;
	struct reply reply;
	reply_init(&reply);
	int too_big = read_body(conn, s->opt.max_body, &body) < 0;
	fill_request(ri, &body, &req);
	if (too_big) {
		reply_error(&reply, 413, "Request body too large");
		reply.close = 1;
	} else {
		engine_handle(s->engine, &req, &reply);
	}
	reply_serialize(&reply, &wire);
	mg_write(conn, wire.data, wire.len);
	if (!s->opt.quiet)
		log_request(&req, &reply, wire.len, &start);
	int status = reply.status;
	buf_free(&wire);
	buf_free(&body);
	reply_free(&reply);
	return status;
}

static int log_message(const struct mg_connection *conn, const char *message)
{
	(void)conn;
	fprintf(stderr, "mock: civetweb: %s\n", message);
	return 1;
}

struct http_server *http_server_start(const struct http_server_options *opt,
				      struct engine *e)
{
	struct http_server *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->engine = e;
	s->opt = *opt;
	char ports[300], threads[16];
	snprintf(ports, sizeof ports, "%s:%d", opt->host, opt->port);
	snprintf(threads, sizeof threads, "%d", opt->threads);
	const char *options[] = {
		"listening_ports", ports,
		"num_threads", threads,
		"tcp_nodelay", "1",
		"enable_keep_alive", "yes",
		"keep_alive_timeout_ms", "30000",
		"request_timeout_ms", "30000",
		NULL,
	};
	struct mg_callbacks callbacks;
	memset(&callbacks, 0, sizeof callbacks);
	callbacks.begin_request = handle;
	callbacks.log_message = log_message;
	s->ctx = mg_start(&callbacks, s, options);
	struct mg_server_port bound;
	if (!s->ctx || mg_get_server_ports(s->ctx, 1, &bound) < 1) {
		fprintf(stderr, "mock: cannot listen on %s\n", ports);
		http_server_stop(s);
		return NULL;
	}
	s->port = bound.port;
	return s;
}

int http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	if (s->ctx)
		mg_stop(s->ctx);
	free(s);
}
