/*
 * upstream.h - a small HTTP/1.1 client for `mock record`: one request to
 * a real server on plain HTTP (loopback in practice), one connection per
 * request (Connection: close), the whole answer read into memory.
 */
#ifndef UPSTREAM_H
#define UPSTREAM_H

#include <stddef.h>

#include "buf.h"

#define UPSTREAM_MAX_HEADERS 64
#define UPSTREAM_MAX_REPLY ((size_t)64 << 20)

struct upstream {
	char host[256];
	char port[8];
	char url[300]; /* "http://host:port", for messages */
};

struct upstream_header {
	char *name, *value; /* point into the reply's head */
};

/* One answer: status, headers as received, the body de-chunked. */
struct upstream_reply {
	int status;
	char reason[64];
	struct buf head; /* the header lines, NUL-separated */
	int nheaders;
	struct upstream_header headers[UPSTREAM_MAX_HEADERS];
	struct buf body;
};

/* Parses "http://HOST:PORT" (a trailing '/' allowed; IPv6 as [::1]).
 * 0, or -1 with the reason in err. */
int upstream_parse_url(const char *url, struct upstream *u, struct buf *err);

struct mock_request;

/* Sends req (its method, raw path, query, headers and body; hop-by-hop
 * headers and Accept-Encoding are not forwarded, so the body comes back
 * unencoded) and reads the whole answer into out (initialised by the
 * caller, freed with upstream_reply_free).  0, or -1 with the reason in
 * err (connection refused, timeout after timeout_ms, malformed answer). */
int upstream_exchange(const struct upstream *u, const struct mock_request *req,
		      int timeout_ms, struct upstream_reply *out, struct buf *err);

/* Parses an answer's bytes (status line, headers, a Content-Length,
 * chunked or read-to-the-end body) into out.  0, or -1 with the reason. */
int upstream_parse_reply(const char *bytes, size_t len,
			 struct upstream_reply *out, struct buf *err);

/* A header's value (name case-insensitive), or NULL. */
const char *upstream_header(const struct upstream_reply *r, const char *name);

void upstream_reply_free(struct upstream_reply *r);

#endif
