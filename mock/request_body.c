/* request_body.c - a request body, whole or refused. */
#include "request_body.h"

#include <string.h>
#include <strings.h>

#include <civetweb.h>

#include "read_watch.h"

static int refuse(struct request_refusal *r, int status, const char *message)
{
	*r = (struct request_refusal){status, message, 1};
	return -1;
}

/* A client that sent "Expect: 100-continue" waits for this (curl for a
 * second) before it sends the body. */
static void answer_expect(struct mg_connection *conn,
			  const struct mg_request_info *ri)
{
	const char *expect = mg_get_header(conn, "Expect");
	if (expect && !strcasecmp(expect, "100-continue") &&
	    !strcmp(ri->http_version, "1.1"))
		mg_write(conn, "HTTP/1.1 100 Continue\r\n\r\n", 25);
}

static int read_whole(struct mg_connection *conn, long long length, int chunked,
		      size_t max, struct buf *body, struct request_refusal *r);

int request_body_read(struct mg_connection *conn, size_t max,
		      struct read_watch *watch, struct buf *body,
		      struct request_refusal *r)
{
	const struct mg_request_info *ri = mg_get_request_info(conn);
	/* request_head_check let a Transfer-Encoding through only alone and
	 * "chunked"; otherwise the Content-Length (-1: none) frames it. */
	int chunked = mg_get_header(conn, "Transfer-Encoding") != NULL;
	long long length = ri->content_length;
	if (!chunked && length <= 0)
		return 0;
	if (!chunked && (unsigned long long)length > max)
		return refuse(r, 413, "Request body too large");
	answer_expect(conn, ri);
	struct watched_read watched;
	read_watch_begin(watch, &watched, ri->remote_addr, ri->remote_port);
	int rc = read_whole(conn, length, chunked, max, body, r);
	if (read_watch_end(watch, &watched))
		return refuse(r, 400, "Bad Request: body not received within the request timeout");
	return rc;
}

/* Reads the body (a Content-Length of length, or chunked) into body. */
static int read_whole(struct mg_connection *conn, long long length, int chunked,
		      size_t max, struct buf *body, struct request_refusal *r)
{
	char chunk[8192];
	size_t start = body->len;
	for (;;) {
		size_t want = sizeof chunk;
		if (!chunked && (unsigned long long)length - (body->len - start) < want)
			want = (size_t)(length - (long long)(body->len - start));
		/* civetweb gives 0 once the body is read (or, with a
		 * Content-Length, when nothing came for the request timeout)
		 * and -1 when the client hung up or the chunks are broken. */
		int n = want ? mg_read(conn, chunk, want) : 0;
		if (n < 0)
			return refuse(r, 400, chunked ? "Bad Request: chunked body broken or cut short"
						      : "Bad Request: body shorter than its Content-Length");
		if (n == 0)
			break;
		if (body->len - start + (size_t)n > max)
			return refuse(r, 413, "Request body too large");
		buf_append(body, chunk, (size_t)n);
	}
	if (!chunked && body->len - start < (size_t)length)
		return refuse(r, 400, "Bad Request: body shorter than its Content-Length");
	return 0;
}
